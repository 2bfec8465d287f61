"""What calling a symbolic callable yields: how the emulator follows indirection.

Attackers rarely name `os.system` directly any more; they obtain it at load time through
`getattr`, `operator.attrgetter`, `importlib.import_module`, `pkgutil.resolve_name`,
`builtins.__import__` ... Each helper here maps (callable, args) to the object the real
unpickler would get, as a `Global`/`Module`, so the policy judges the *target*, not the helper.
"""

from __future__ import annotations

from collections.abc import Callable

from unveil.security.pickle.values import AttrGetter, Call, Dynamic, Global, MethodCaller, Module, Partial


def _attr(obj: object, attr: object, offset: int, via: str) -> object:
    """`getattr(obj, attr)` symbolically."""
    if not isinstance(attr, str):
        return Dynamic("getattr with a computed name", offset)
    if isinstance(obj, Global):
        return Global(obj.module, f"{obj.name}.{attr}" if obj.name else attr, offset, via)
    if isinstance(obj, Module):
        return Global(obj.name, attr, offset, via)
    return Dynamic(f"attribute {attr!r} of a load-time object", offset)


def _getattr(args: tuple, offset: int) -> object:
    if len(args) < 2:
        return Dynamic("getattr with too few arguments", offset)
    return _attr(args[0], args[1], offset, f"getattr(..., {args[1]!r})")


def _import(args: tuple, offset: int) -> object:
    if not args or not isinstance(args[0], str):
        return Dynamic("import of a computed module name", offset)
    name = args[0]
    # __import__("a.b") returns the top package unless fromlist is given; the policy judges both.
    return Module(name, offset, f"import {name!r}")


def _resolve_name(args: tuple, offset: int) -> object:
    if not args or not isinstance(args[0], str):
        return Dynamic("resolve_name of a computed name", offset)
    text = args[0]
    if ":" in text:
        mod, _, attr = text.partition(":")
        return Global(mod, attr, offset, f"resolve_name({text!r})") if attr else Module(mod, offset)
    mod, _, attr = text.rpartition(".")
    return Global(mod, attr, offset, f"resolve_name({text!r})") if mod else Module(attr, offset)


def _attrgetter(args: tuple, offset: int) -> object:
    return AttrGetter(tuple(args), offset)


def _methodcaller(args: tuple, offset: int) -> object:
    return MethodCaller(args[0] if args else None, tuple(args[1:]), offset)


def _partial(args: tuple, offset: int) -> object:
    return Partial(args[0] if args else None, tuple(args[1:]), offset)


def _find_class(args: tuple, offset: int) -> object:
    # pickle.Unpickler.find_class / copyreg style lookups (module, name)
    if len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        return Global(args[0], args[1], offset, "find_class")
    return Dynamic("find_class of computed names", offset)


def _reduce(args: tuple, offset: int) -> object:
    """functools.reduce(getattr, ['a', 'b'], obj) walks obj.a.b; other folds stay unresolved."""
    if len(args) >= 2 and isinstance(args[0], Global) and args[0].qualname == "builtins.getattr":
        names = args[1]
        cur: object = args[2] if len(args) > 2 else None
        if isinstance(names, list | tuple) and cur is not None:
            for attr in names:
                cur = _attr(cur, attr, offset, f"reduce(getattr, ..., {attr!r})")
            return cur
    return Dynamic("result of functools.reduce", offset)


def _add_extension(args: tuple, offset: int) -> object:
    # copyreg.add_extension(module, name, code): a later EXT opcode with `code` loads module.name.
    if len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        return Global(args[0], args[1], offset, f"copyreg.add_extension(code {args[2] if len(args) > 2 else '?'})")
    return Dynamic("extension registered under a computed name", offset)


RESOLVERS: dict[str, Callable[[tuple, int], object]] = {
    "functools.reduce": _reduce,
    "_functools.reduce": _reduce,
    "copyreg.add_extension": _add_extension,
    "copy_reg.add_extension": _add_extension,
    "builtins.getattr": _getattr,
    "builtins.__import__": _import,
    "importlib.import_module": _import,
    "importlib.__import__": _import,
    "importlib._bootstrap._gcd_import": _import,
    "importlib._bootstrap.__import__": _import,
    "pkgutil.resolve_name": _resolve_name,
    "operator.attrgetter": _attrgetter,
    "_operator.attrgetter": _attrgetter,
    "operator.methodcaller": _methodcaller,
    "_operator.methodcaller": _methodcaller,
    "functools.partial": _partial,
    "_functools.partial": _partial,
    "pickle._Unpickler.find_class": _find_class,
    # numpy < 1.20 ufunc pickles: _ufunc_reconstruct(module, name) imports module and returns its attribute.
    "numpy.core._ufunc_reconstruct": _find_class,
    "numpy._core._ufunc_reconstruct": _find_class,
}


def call(func: object, args: object, offset: int, on_ref: Callable[[Global | Module, str], None]) -> object:
    """Value of `func(*args)`. `on_ref` is told about every global/module the call reaches."""
    if not isinstance(args, tuple):
        args = tuple(args) if isinstance(args, list) else ()
    if isinstance(func, Global) and func.qualname in ("operator.call", "_operator.call") and args:
        return call(args[0], args[1:], offset, on_ref)  # operator.call(f, *a) is f(*a)
    if isinstance(func, Global):
        resolver = RESOLVERS.get(func.qualname)
        if resolver is not None:
            out = resolver(args, offset)
            if isinstance(out, Global | Module):
                on_ref(out, "resolved")
            return out
        return Call(func, args, offset)
    if isinstance(func, AttrGetter):
        target = args[0] if args else None
        outs = []
        for dotted in func.names:
            cur: object = target
            for part in str(dotted).split("."):
                cur = _attr(cur, part, offset, f"attrgetter({dotted!r})")
            if isinstance(cur, Global | Module):
                on_ref(cur, "resolved")
            outs.append(cur)
        return outs[0] if len(outs) == 1 else tuple(outs)
    if isinstance(func, MethodCaller):
        target = args[0] if args else None
        meth = _attr(target, func.name, offset, f"methodcaller({func.name!r})")
        if isinstance(meth, Global | Module):
            on_ref(meth, "called")
        return Call(meth, func.args, offset)
    if isinstance(func, Partial):
        return call(func.func, tuple(func.args) + args, offset, on_ref)
    if isinstance(func, Dynamic):
        on_ref(Global("<dynamic>", func.what, offset, "call"), "dynamic-call")
        return Dynamic("result of a dynamic call", offset)
    if isinstance(func, Call):
        # Calling an object built at load time (e.g. a class returned by a factory).
        return Call(func, args, offset)
    return Call(func, args, offset)
