"""What one walk of a pickle yields: the globals it reached, the structural tricks, nested candidates."""

from __future__ import annotations

from dataclasses import dataclass, field


class PickleError(Exception):
    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset
        self.message = message


@dataclass
class Ref:
    """A global reached by the stream: `how` is GLOBAL, STACK_GLOBAL, INST, resolved, ..."""

    offset: int
    module: str
    name: str
    how: str
    via: str = ""


@dataclass
class Event:
    """A structural trick worth reporting (BUILD installing __setstate__, dynamic calls, ...)."""

    offset: int
    kind: str
    detail: str


@dataclass
class WalkResult:
    start: int
    end: int = 0  # offset just past STOP (or where parsing failed)
    protocol: int = 0
    ops: int = 0
    complete: bool = False
    error: PickleError | None = None
    refs: list[Ref] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    nested: list[tuple[int, bytes | str]] = field(default_factory=list)
    top: object = None  # the value STOP returned (symbolic)
