"""How the emulator builds objects: NEWOBJ (`cls.__new__`), BUILD (`__setstate__` / `__dict__` updates), and
the shared stand-ins for values past the memory budgets. Nothing here calls what it describes."""

from __future__ import annotations

from unveil.security.pickle.results import Event
from unveil.security.pickle.values import Call, Dynamic, Global, Module, Opaque

NOT_KEPT = Opaque("memo value not kept (memo budget)")


class OpaqueDict(dict):
    """Shared stand-in for containers created after the budget is spent (contents not kept)."""


OPAQUE_DICT = OpaqueDict()
OPAQUE_LIST: list = []
OPAQUE_SET: set = set()


def newobj(cls: object, args: object, offset: int, on_ref) -> object:  # type: ignore[no-untyped-def]
    # cls.__new__(cls, *args): only the class runs; it is classified where it was reached.
    return Call(cls, args if isinstance(args, tuple) else (), offset)


DANGEROUS_STATE_KEYS = frozenset(
    {
        "__setstate__",
        "__reduce__",
        "__reduce_ex__",
        "__getattr__",
        "__getattribute__",
        "__setattr__",
        "__class__",
        "__dict__",
        "__init__",
        "__new__",
        "__call__",
        "__del__",
        "__getitem__",
        "__setitem__",
        "__globals__",
        "__builtins__",
        "__code__",
        "append",
        "extend",
        "__set_name__",
        "__init_subclass__",
    }
)


def build(inst: object, state: object, offset: int, events: list[Event], on_ref) -> None:  # type: ignore[no-untyped-def]
    """BUILD: `inst.__setstate__(state)` or `inst.__dict__.update(state)` + setattr(slotstate)."""
    slotstate = None
    if type(state) is tuple and len(state) == 2:
        state, slotstate = state
    for part in (state, slotstate):
        if type(part) is dict:
            for key, value in part.items():
                if (
                    type(key) is str
                    and key in DANGEROUS_STATE_KEYS
                    and (isinstance(value, Global | Module | Call | Dynamic) or key.startswith("__"))
                ):
                    events.append(
                        Event(offset, "build-hook", f"BUILD sets {key!r} to {value!r}: a later BUILD/append calls it")
                    )
    if isinstance(inst, Global | Module):
        events.append(
            Event(offset, "build-global", f"BUILD mutates {inst!r} itself (patches a class or module at load time)")
        )
    elif type(inst) is Call:
        inst.state = state if slotstate is None else (state, slotstate)
