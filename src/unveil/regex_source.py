"""Walk the source text of a regex: which characters are escaped, inside a [...] class, or at which
parenthesis depth. Used to split top-level alternatives and to find required literals."""

from __future__ import annotations

import re
import re._parser as re_parser  # the parse tree `re` itself compiles (stdlib, 3.11+)
from bisect import bisect_right
from collections.abc import Callable, Iterator
from typing import Any


def walk_regex(src: str) -> Iterator[tuple[int, str, str, int]]:
    """Yield (index, char, kind, depth) per element of `src`.

    kind: "escape" (a backslash pair; char is the escaped character), "class" (inside [...], the closing
    bracket included), or "top" (anything else). depth is the parenthesis depth after the element.
    """
    depth, i, in_class = 0, 0, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            yield i, src[i + 1 : i + 2], "escape", depth
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            yield i, c, "class", depth
        else:
            if c == "[":
                in_class = True
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            yield i, c, "top", depth
        i += 1


# ------------------------------------------------------------------------------------------------
# A first-character lookahead: `\b(GPUs?|TPUs?|hardware|...)` makes Python's `re` try its whole branch at every
# position of a text (the leading `\b` defeats its own prefix scan); `(?=[gthn...])` in front rejects most
# positions in one class test, and a card's whole-text searches run ~2x faster. Exact: it admits every character
# a match can start with (same flags, so the same case folding), so every match is kept, at the same span.
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_WORD": r"\w", "CATEGORY_SPACE": r"\s"}


def _first(seq: Any) -> tuple[set[str], bool] | None:
    """(class items a match of `seq` can start with, whether `seq` can match empty), or None when unsure."""
    out: set[str] = set()
    for op, av in seq:
        name = str(op)
        if name == "LITERAL":
            return out | {re.escape(chr(av))}, False
        if name == "IN":
            items = set()
            for iop, iav in av:
                iname = str(iop)
                if iname == "LITERAL":
                    items.add(re.escape(chr(iav)))
                elif iname == "RANGE":
                    items.add(f"{re.escape(chr(iav[0]))}-{re.escape(chr(iav[1]))}")
                elif iname == "CATEGORY" and str(iav) in _CATEGORIES:
                    items.add(_CATEGORIES[str(iav)])
                else:  # a negated class, \W, \D...: no short list of first characters
                    return None
            return out | items, False
        if name in _ZERO_WIDTH:
            continue
        if name == "SUBPATTERN":
            if av[1] or av[2]:  # a group that changes flags ((?i:...)) would change what the class admits
                return None
            got = _first(av[3])
        elif name == "ATOMIC_GROUP":
            got = _first(av)
        elif name == "BRANCH":
            got = (set(), False)
            for alt in av[1]:
                one = _first(alt)
                if one is None:
                    return None
                got = (got[0] | one[0], got[1] or one[1])
        elif name in _REPEATS:
            inner = _first(av[2])
            got = None if inner is None else (inner[0], inner[1] or av[0] == 0)
        else:  # ANY, NOT_LITERAL, group references...: unsure
            return None
        if got is None:
            return None
        out |= got[0]
        if not got[1]:
            return out, False
    return out, True


def _scanned_by_re(tree: Any, flags: int) -> bool:
    """True when `re` itself skips ahead to where a match can start: a case-sensitive pattern led by a literal,
    a class or alternatives that each start with a literal (with `re.I`, letters get no such help)."""
    if flags & re.I:
        return False
    while len(tree) and str(tree[0][0]) == "SUBPATTERN" and not (tree[0][1][1] or tree[0][1][2]):
        tree = tree[0][1][3]
    if not len(tree):
        return False
    op, av = tree[0]
    if str(op) in ("LITERAL", "IN"):
        return True
    return str(op) == "BRANCH" and all(len(alt) and str(alt[0][0]) == "LITERAL" for alt in av[1])


_WRITTEN: dict[re.Pattern[str], str] = {}  # a pattern `fast_start` made -> the pattern as written


def fast_start(rx: re.Pattern[str]) -> re.Pattern[str]:
    """`rx` behind a lookahead for the characters its matches start with; `rx` itself when that set is not
    known for sure (or the pattern can match the empty string). A leading `\\b` stays first: it rejects the
    positions inside words more cheaply than the class does."""
    if rx in _WRITTEN:
        return rx  # already behind its lookahead
    try:
        tree = re_parser.parse(rx.pattern, rx.flags)
        if _scanned_by_re(tree, rx.flags):
            return rx
        got = _first(tree)
        if got is None or got[1] or not got[0] or not isinstance(rx.pattern, str):
            return rx
        ahead = f"(?=[{''.join(sorted(got[0]))}])"
        written = rx.pattern
        fast = re.compile(rf"\b{ahead}{written[2:]}" if written.startswith(r"\b") else ahead + written, rx.flags)
    except Exception:  # noqa: BLE001 - an optimisation only: the pattern as written is always right
        return rx
    _WRITTEN[fast] = written
    return fast


def source(rx: re.Pattern[str]) -> str:
    """The pattern as written, without the lookahead `fast_start` may have put in it."""
    return _WRITTEN.get(rx, rx.pattern)


def whole_text_decides(rx: re.Pattern[str]) -> bool:
    """True when a pattern that matches no part of a whole text matches none of its lines either, and a match in
    a line is a match of the whole text at the same place: a line is a substring whose edges are line breaks,
    which `\\b` treats like a string's ends; `^`, `$` and lookarounds do not, so such patterns are searched line by
    line. (The lookahead `fast_start` adds reads only the match's own first character.)"""
    got = _DECIDES.get(rx)
    if got is None:
        written = source(rx)
        got = _DECIDES[rx] = not (rx.flags & re.M) and not any(
            c in written for c in ("^", "$", "(?<", "(?=", "(?!", "\\A", "\\Z"))
    return got


_DECIDES: dict[re.Pattern[str], bool] = {}  # asked of a few patterns, for every card: answered once each


def top_alternatives(src: str) -> list[str]:
    """The pattern's top-level alternatives (split at each `|` outside groups and classes)."""
    out, start = [], 0
    for i, c, kind, depth in walk_regex(src):
        if kind == "top" and c == "|" and depth == 0:
            out.append(src[start:i])
            start = i + 1
    out.append(src[start:])
    return out


# ------------------------------------------------------------------------------------------------
# Required words: a few `in` tests on a line rule out a case-blind pattern that has no literal prefix for `re` to
# scan to (`re.I` patterns led by letters, alternations of host names), which otherwise tries every alternative at
# every position of the line.
def fold_case(text: str) -> str:
    """`text` lower-cased the way `re.I` folds it onto ASCII: dotless i and long s fold to i and s, and the dotted
    capital I (which lowers to i plus a combining dot) to i. A literal that a case-blind match holds is in here."""
    return text.lower().replace("\u0131", "i").replace("\u017f", "s").replace("\u0307", "")


def _literal_runs(seq: Any, fold: bool) -> list[str]:
    """Runs of consecutive literal characters in a parsed sequence (each run lies whole in every match)."""
    runs, cur = [], ""
    for op, av in seq:
        if str(op) == "LITERAL" and (not fold or av < 128):
            cur += chr(av).lower() if fold else chr(av)
            continue
        if cur:
            runs.append(cur)
        cur = ""
    return [*runs, cur] if cur else runs


def _words(seq: Any, fold: bool) -> tuple[str, ...] | None:
    """Strings one of which every match of `seq` holds, or None when unsure. Each literal run of the sequence is a
    choice (one string), and so is each group or alternation it cannot skip (a string per alternative); the
    choice whose shortest string is longest is kept (later ones on ties: the host or suffix after `https?://`)."""
    options: list[tuple[str, ...]] = [(r,) for r in _literal_runs(seq, fold)]
    for op, av in seq:
        name = str(op)
        if name == "SUBPATTERN" and not (av[1] or av[2]):
            got = _words(av[3], fold)
        elif name == "BRANCH":
            alts = [_words(alt, fold) for alt in av[1]]
            got = None if any(a is None for a in alts) else tuple(dict.fromkeys(w for a in alts for w in a))  # type: ignore[union-attr]
        else:
            continue
        if got:
            options.append(got)
    options = [o for o in options if min(map(len, o)) >= 3]
    if not options:
        return None
    return max(reversed(options), key=lambda o: min(map(len, o)))


def required_words(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings (of three characters or more) one of which every match of `rx` holds, lower-cased as `fold_case`
    folds when `rx` is case-blind (look for them in `fold_case(text)` then, in `text` otherwise); None when not
    known for sure. Only runs of literal characters count (ASCII ones under `re.I`), each top-level alternative
    giving its own; a group that changes flags is not looked into."""
    try:
        tree = re_parser.parse(source(rx), rx.flags)
    except Exception:  # noqa: BLE001 - an optimisation only: no words means "always search"
        return None
    return _words(list(tree), bool(rx.flags & re.I))


def _always(_text: str) -> bool:
    return True


def holds_one(words: tuple[str, ...] | None) -> Callable[[str], object]:
    """A test of whether a text holds one of `words` (truthy when it does), in one scan; always true for None."""
    if words is None:
        return _always
    if len(words) == 1:
        word = words[0]
        return lambda text: word in text
    return re.compile("|".join(map(re.escape, words))).search  # literals only, no flags: any one occurring


# ------------------------------------------------------------------------------------------------
# Required clauses: what every match of a pattern holds, to rule texts (or lines) out with `str.find` before a
# regex walks them. Read from the parse tree `re` compiles, so nested alternatives count too.
_SEPARATORS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")  # where `str.splitlines` splits


def required_clauses(rx: re.Pattern[str]) -> tuple[frozenset[str], ...]:
    """Clauses (sets of words) such that every match of `rx` holds, for each clause, one of its words as a
    substring, lower-cased when `rx` is case-blind. Only ASCII words without line breaks are kept, so a case-blind
    pattern's words are found in a text folded as `re.I` folds it (`str.lower`, dotless i and long s mapped, a
    dotted I's dot dropped). Sure, not complete: anything unsure (flag groups, lookarounds) adds no clause."""
    try:
        tree = re_parser.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - no clause is always a safe answer
        return ()
    blind = bool(tree.state.flags & re.I)
    return tuple(frozenset(w.lower() if blind else w for w in c) for c in _clauses(tree))


def _clauses(seq: Any) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(frozenset(("".join(run),)))
            run.clear()

    for op, av in seq:
        name = str(op)
        if name == "LITERAL" and av < 128 and chr(av) not in _SEPARATORS:
            run.append(chr(av))
            continue
        flush()
        if name == "SUBPATTERN":
            if not (av[1] or av[2]):  # a group that changes flags: its case folding is not the pattern's
                out += _clauses(av[3])
        elif name == "ATOMIC_GROUP":
            out += _clauses(av)
        elif name in _REPEATS:
            if av[0] >= 1:
                out += _clauses(av[2])
        elif name == "BRANCH":
            chosen: set[str] = set()
            for alt in av[1]:
                best = _best(_clauses(alt))
                if best is None:
                    break
                chosen |= best
            else:
                out.append(frozenset(chosen))
    flush()
    return out


def _best(clauses: list[frozenset[str]]) -> frozenset[str] | None:
    """The clause most likely to rule a text out: its shortest word the longest, then the fewest words."""
    return max(clauses, key=lambda c: (min(map(len, c)), -len(c)), default=None)


def key_words(rx: re.Pattern[str], shortest: int = 2) -> frozenset[str] | None:
    """One clause of `required_clauses(rx)` fit for a prefilter (no word shorter than `shortest`), or None."""
    best = _best(list(required_clauses(rx)))
    return best if best is not None and min(map(len, best)) >= shortest else None


def lines_holding(hay: str, starts: list[int], words: frozenset[str]) -> Iterator[int]:
    """Indexes, in order, of the lines of `hay` (starting at `starts`) holding one of `words` (none spans a line
    break): a `str.find` per word and line found, no regex."""
    at = {w: hay.find(w) for w in words}
    while True:
        found = [p for p in at.values() if p >= 0]
        if not found:
            return
        k = bisect_right(starts, min(found)) - 1
        yield k
        if k + 1 >= len(starts):
            return
        after = starts[k + 1]
        for w, p in at.items():
            if 0 <= p < after:
                at[w] = hay.find(w, after)


def finditer_in_lines(rx: re.Pattern[str], text: str, word: str) -> Iterator[re.Match[str]]:
    """`rx.finditer(text)` for a pattern whose every match lies inside one line ("\n"-ended) holding `word` (lower
    case; in the text lower-cased): only those lines are searched, each up to its end (which no match passes)."""
    low = text.lower()
    if len(low) != len(text):  # offsets in the lower-cased text are not the text's: search it all
        yield from rx.finditer(text)
        return
    pos = 0
    while (q := low.find(word, pos)) >= 0:
        end = text.find("\n", q)
        end = len(text) if end < 0 else end
        yield from rx.finditer(text, max(pos, text.rfind("\n", 0, q) + 1), end)
        pos = end
