"""Expansion budget: decompressed bytes allowed per top-level artifact, across every nesting level.

Per-member limits alone do not stop a 42.zip-style bomb (16 copies per level, each member modest):
the dispatcher opens a budget for each top-level file and every decompressor charges its output."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MAX_EXPANDED_PER_FILE = 1024 * 1024 * 1024
# The zip-member bomb rule (archive.BOMB_MIN / BOMB_RATIO) applied to the whole file: expanding more than
# 16 MiB at over 200 times the file's own size is a bomb whatever the nesting.
BOMB_MIN = 16 * 1024 * 1024
BOMB_RATIO = 200

_REMAINING: ContextVar[list[int] | None] = ContextVar("unveil_expansion_budget", default=None)


def budget_for(size: int) -> int:
    return min(MAX_EXPANDED_PER_FILE, max(BOMB_MIN, BOMB_RATIO * max(size, 0)))


@contextmanager
def expansion_budget(limit: int = MAX_EXPANDED_PER_FILE) -> Iterator[None]:
    """Open a budget unless one is already open (members share their top-level file's budget)."""
    if _REMAINING.get() is not None:
        yield
        return
    token = _REMAINING.set([limit, 0])
    try:
        yield
    finally:
        _REMAINING.reset(token)


def remaining() -> int:
    budget = _REMAINING.get()
    return budget[0] if budget is not None else MAX_EXPANDED_PER_FILE


def charge(n: int) -> None:
    budget = _REMAINING.get()
    if budget is not None:
        budget[0] -= n


def first_exhaustion() -> bool:
    """True the first time it is asked within a budget (one finding per file, not one per member)."""
    budget = _REMAINING.get()
    if budget is None or budget[1]:
        return False
    budget[1] = 1
    return True
