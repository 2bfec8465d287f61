"""Regex matching over untrusted text with a cost linear in its length and a clock per card."""

from __future__ import annotations

import re
import time
from bisect import bisect_right

import regex

from unveil import budgets

# A backtracking regex over one very long line can cost the square (or cube) of its length: a real card
# whose label table has a 33,000-character row made one topic rule run for 10-38 s. Every topic rule
# therefore sees long lines as overlapping windows of at most `regex_line_chars` characters (budget in
# unveil.budgets), so its cost is linear in the card whatever the pattern. Lines up to that length
# (every line of prose or table a person writes) are matched exactly as before.
_WINDOW_OVERLAP = 512  # a match shorter than this is found whole in some window


class _Shifted:
    """A match found in a window, reported at its offsets in the whole text."""

    __slots__ = ("_m", "_shift")

    def __init__(self, m: re.Match[str], shift: int) -> None:
        self._m, self._shift = m, shift

    def start(self, group: int = 0) -> int:
        return self._m.start(group) + self._shift

    def end(self, group: int = 0) -> int:
        return self._m.end(group) + self._shift

    def span(self, group: int = 0) -> tuple[int, int]:
        return self.start(group), self.end(group)

    def group(self, *groups: int | str) -> str | tuple[str, ...] | None:
        return self._m.group(*groups)


def long_lines(text: str, limit: int) -> list[tuple[int, int]]:
    """(start, end) of every line of `text` longer than `limit` characters (one C-speed split)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        n = len(line)
        if n > limit:
            out.append((pos, pos + n))
        pos += n + 1
    return out


class RegexClock:
    """Seconds one card's long lines may still cost (budget `regex_card_seconds`); `tripped` once spent."""

    __slots__ = ("left", "tripped")

    def __init__(self, seconds: float | None = None) -> None:
        self.left = budgets.current().regex_card_seconds if seconds is None else seconds
        self.tripped = False


_TWINS: dict[int, tuple[re.Pattern[str], object]] = {}  # by id: a pattern's hash reads its whole compiled code


def _twin(pattern: re.Pattern[str]):  # -> regex.Pattern
    """The same pattern compiled by the `regex` module (same syntax and flags for these rules; far less
    backtracking on long lines, and a timeout)."""
    got = _TWINS.get(id(pattern))
    if got is None or got[0] is not pattern:
        try:
            twin = regex.compile(pattern.pattern, pattern.flags & ~re.UNICODE)
        except regex.error:
            twin = pattern
        got = (pattern, twin)
        if len(_TWINS) < 10_000:
            _TWINS[id(pattern)] = got
    return got[1]


def _window_search(pattern: re.Pattern[str], chunk: str, clock: RegexClock | None):  # -> match or None
    if clock is None:
        return _twin(pattern).search(chunk)
    if clock.left <= 0:
        clock.tripped = True
        return None
    twin = _twin(pattern)
    start = time.monotonic()
    try:
        return twin.search(chunk, timeout=clock.left) if twin is not pattern else pattern.search(chunk)
    except TimeoutError:
        clock.tripped = True
        return None
    finally:
        clock.left -= time.monotonic() - start


def bounded_search(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int | None = None,
                   spans: list[tuple[int, int]] | None = None, clock: RegexClock | None = None):
    """`pattern.search(text, pos, endpos)` with every line longer than `regex_line_chars` searched as
    overlapping windows (each a line of its own for `^`/`$`) by the `regex` engine within `clock`.
    `spans` is `long_lines(text, limit)` when the caller keeps it. Returns the first match in text
    order (a `re.Match`, or a stand-in with `start`/`end`/`span`/`group`), or None."""
    limit = budgets.current().regex_line_chars
    if endpos is None:
        endpos = len(text)
    if spans is None:
        if endpos - pos <= limit:
            return pattern.search(text, pos, endpos)
        spans = long_lines(text, limit)
    if not spans:
        return pattern.search(text, pos, endpos)
    k = max(bisect_right(spans, (pos, endpos)) - 1, 0)
    while pos < endpos:
        while k < len(spans) and spans[k][1] <= pos:
            k += 1
        if k >= len(spans) or spans[k][0] >= endpos:
            return pattern.search(text, pos, endpos)
        line_start, line_end = spans[k]
        if pos < line_start:  # ordinary lines before the long one: one plain search
            m = pattern.search(text, pos, line_start)
            if m is not None:
                return m
            pos = line_start
        stop = min(line_end, endpos)
        step = max(limit - _WINDOW_OVERLAP, 1)
        w = pos
        while w < stop:
            hi = min(w + limit, stop)
            m = _window_search(pattern, text[w:hi], clock)
            if m is not None:
                return _Shifted(m, w)
            if hi >= stop:
                break
            w += step
        pos = stop
        k += 1
    return None
