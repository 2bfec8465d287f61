"""Symbolic values the pickle emulator pushes instead of real objects. Nothing here is ever imported."""

from __future__ import annotations


class Global:
    """A reference to `module.name` (a class, function or attribute) reached by the stream."""

    __slots__ = ("module", "name", "offset", "via")

    def __init__(self, module: str, name: str, offset: int, via: str = "") -> None:
        self.module = module
        self.name = name
        self.offset = offset
        self.via = via

    @property
    def qualname(self) -> str:
        return f"{self.module}.{self.name}" if self.name else self.module

    def __repr__(self) -> str:
        return f"<{self.qualname}>"


class Module:
    """A module object produced by an import helper (`__import__`, `importlib.import_module`)."""

    __slots__ = ("name", "offset", "via")

    def __init__(self, name: str, offset: int, via: str = "") -> None:
        self.name = name
        self.offset = offset
        self.via = via

    def __repr__(self) -> str:
        return f"<module {self.name}>"


class Call:
    """The result of calling `func(*args)` (REDUCE, NEWOBJ, INST, OBJ). `state` is set by BUILD."""

    __slots__ = ("func", "args", "offset", "state")

    def __init__(self, func: object, args: object, offset: int) -> None:
        self.func = func
        self.args = args
        self.offset = offset
        self.state: object = None

    def __repr__(self) -> str:
        return f"<call {self.func!r}>"


class AttrGetter:
    """`operator.attrgetter(*names)`: calling it fetches dotted attributes of its argument."""

    __slots__ = ("names", "offset")

    def __init__(self, names: tuple, offset: int) -> None:
        self.names = names
        self.offset = offset


class MethodCaller:
    """`operator.methodcaller(name, *args)`: calling it calls `arg.name(*args)`."""

    __slots__ = ("name", "args", "offset")

    def __init__(self, name: object, args: tuple, offset: int) -> None:
        self.name = name
        self.args = args
        self.offset = offset


class Partial:
    """`functools.partial(func, *args)`: calling it calls `func`."""

    __slots__ = ("func", "args", "offset")

    def __init__(self, func: object, args: tuple, offset: int) -> None:
        self.func = func
        self.args = args
        self.offset = offset


class Dynamic:
    """A value the emulator cannot resolve statically (a callable produced at load time)."""

    __slots__ = ("what", "offset")

    def __init__(self, what: str, offset: int) -> None:
        self.what = what
        self.offset = offset

    def __repr__(self) -> str:
        return f"<dynamic {self.what}>"


class Opaque:
    """Persistent ids, extension codes, out-of-band buffers: data the stream does not define."""

    __slots__ = ("kind", "value")

    def __init__(self, kind: str, value: object = None) -> None:
        self.kind = kind
        self.value = value

    def __repr__(self) -> str:
        return f"<{self.kind}>"
