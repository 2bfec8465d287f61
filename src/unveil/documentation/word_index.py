"""A word index of a card's text: which windows of it can hold a rule's key words (the rules' prefilter)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import chain
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unveil.documentation.sections import CardText

_WORDS = re.compile(r"[^\W_]+")  # a word: letters and digits ([^\W_] is exactly str.isalnum())

_STEMS: dict[str, str] = {}


def _stem(key: str) -> str:
    """The key's first word when the key starts a word of plain ASCII; '' means: locate it with find."""
    stem = _STEMS.get(key)
    if stem is None:
        m = _WORDS.match(key)
        ok = m is not None and key.isascii() and "/" not in key and "'" not in key
        stem = _STEMS[key] = m.group(0) if ok and m else ""
    return stem


class _StemTable:
    """Every registered stem, sorted (UTF-8), with the stems that are prefixes of each.

    Whatever sorts between a prefix p of a word and the word itself starts with p, so the stems that start a
    word are the last stem sorting at or before it and the stems it starts with: one bisect per word
    (`starting`), remembered per word, since cards share most of their words.
    """

    MEMO_WORDS = 100_000  # words whose stems are remembered (a few MB)

    def __init__(self) -> None:
        self.stems: list[str] = []
        self.encoded: list[bytes] = []
        self.chains: list[tuple[str, ...]] = []  # [i]: stems[i] and the stems that are prefixes of it
        self.known: frozenset[str] = frozenset()
        self.memo: dict[bytes, tuple[str, ...]] = {}

    def rebuild(self, stems: set[str]) -> None:
        self.stems = sorted(stems, key=str.encode)
        self.encoded = [s.encode() for s in self.stems]
        self.chains = []
        stack: list[int] = []  # the previous stem and the stems that are prefixes of it
        for i, b in enumerate(self.encoded):
            while stack and not b.startswith(self.encoded[stack[-1]]):
                stack.pop()
            stack.append(i)
            self.chains.append(tuple(self.stems[j] for j in reversed(stack)))
        self.known = frozenset(self.stems)
        self.memo = {}

    def starting(self, word: bytes) -> tuple[str, ...]:
        """The registered stems `word` starts with."""
        got = self.memo.get(word)
        if got is None:
            i = bisect_right(self.encoded, word) - 1
            if i < 0:
                got = ()
            elif word.startswith(self.encoded[i]):
                got = self.chains[i]  # its prefixes are prefixes of the word too
            else:
                got = tuple(s for s in self.chains[i][1:] if word.startswith(s.encode()))
            if len(self.memo) < self.MEMO_WORDS:
                self.memo[word] = got
        return got


_TABLE = _StemTable()


def key_stem(key: str) -> str:
    """The key's first word when the key starts a word of plain ASCII, else '' (see `windows`)."""
    return _STEMS.get(key) or _stem(key)


def register_keys(keys: tuple[str, ...]) -> None:
    """Work out the stems of rule keys at import (they are also worked out on first use); registered stems are
    looked up once per card, all together (`WordIndex.present_stems`)."""
    _register_stems({s for s in map(_stem, keys) if s})


def _register_stems(stems: set[str] | frozenset[str]) -> None:
    if not stems <= _TABLE.known:
        _TABLE.rebuild(stems | _TABLE.known)


def wide_key(key: str) -> bool:
    """A non-ASCII key without ASCII separators: any occurrence lies inside one token that holds a
    non-ASCII character, so the (short) list of such tokens tells whether it can occur at all."""
    return not key.isascii() and all(c.isalnum() for c in key if c.isascii())


# Bytes that separate words when a card's text is laid out as UTF-8: every ASCII character that is not a
# letter or digit. Multi-byte (non-ASCII) characters are kept and settled by `_WORDS` below.
_SEPARATORS = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256))


@dataclass(slots=True)
class WordIndex:
    """The words of a card's text as parsed (before placeholders are blanked), for `windows`.

    Blanking only removes words, so the index stays a valid superset afterwards (a rule's regex confirms
    every candidate).
    """

    words: list[bytes]  # distinct words (runs of [^\W_], i.e. str.isalnum()), UTF-8 encoded, in no order
    wide: str  # the tokens that hold a non-ASCII character, one per line
    stems: dict[str, bool] = field(default_factory=dict)  # stem -> some word starts with it (memo)
    present: frozenset[str] | None = None  # the registered stems that start some word (see present_stems)
    table: frozenset[str] = frozenset()  # the registered stems `present` was worked out for
    sorted_words: list[bytes] | None = None  # `vocab`, sorted when a bisect first needs it

    @property
    def vocab(self) -> list[bytes]:
        """The words, sorted (for prefix lookups by bisection)."""
        if self.sorted_words is None:
            self.sorted_words = sorted(self.words)
        return self.sorted_words

    @classmethod
    def build(cls, text: str) -> WordIndex:
        # One bytes.translate + split does the work of a regex tokenizer at ~3x the speed; the few tokens
        # holding a non-ASCII character (a letter, a dash, a curly quote) are re-split by the regex.
        words = set(text.encode("utf-8", "surrogatepass").translate(_SEPARATORS).split())
        mixed = [] if text.isascii() else [w for w in words if not w.isascii()]
        wide: list[str] = []
        if mixed:
            words.difference_update(mixed)
            for token in mixed:
                decoded = token.decode("utf-8", "surrogatepass")
                wide.append(decoded)
                words.update(w.encode("utf-8", "surrogatepass") for w in _WORDS.findall(decoded))
        return cls(list(words), "\n".join(wide))

    def starts_word(self, stem: str) -> bool:
        got = self.stems.get(stem)
        if got is None:
            key = stem.encode()
            i = bisect_left(self.vocab, key)
            got = self.stems[stem] = i < len(self.vocab) and self.vocab[i].startswith(key)
        return got

    def present_stems(self) -> frozenset[str]:
        """The registered stems that start some word: `{s for s in registered if self.starts_word(s)}`, worked
        out from whichever side is shorter (a bisect per word of a small card, per stem of a large one)."""
        table = _TABLE
        if self.present is None or self.table is not table.known:
            vocab, encoded = self.words, table.encoded
            if len(vocab) < 2 * len(encoded):
                stems_of = list(map(table.memo.get, vocab))  # the remembered words in one C-level pass
                if None in stems_of:
                    starting = table.starting
                    stems_of = [starting(w) if got is None else got for w, got in zip(vocab, stems_of, strict=True)]
                self.present = frozenset(chain.from_iterable(stems_of))
            else:
                vocab = self.vocab
                n = len(vocab)
                self.present = frozenset(
                    s for s, b in zip(table.stems, encoded, strict=True)
                    if (i := bisect_left(vocab, b)) < n and vocab[i].startswith(b))
            self.table = table.known
        return self.present


def word_index(card: CardText, tables: bool) -> WordIndex:
    got = card.index_tables if tables else card.index_prose
    if got is None:
        got = WordIndex.build(card.orig_tables_lower if tables else card.orig_prose_lower)
        if tables:
            card.index_tables = got
        else:
            card.index_prose = got
    return got


def windows(card: CardText, tables: bool, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """Sentences (lo, hi) of `text` that may hold one of `keys`, in order: a rule's regex runs only there.

    A key's first word (its stem) is looked up as a prefix in the card's word index (a bisect, no scan),
    and only keys whose stem starts some word are located with str.find; non-ASCII keys are first looked
    for among the few non-ASCII tokens; other keys ("@", "{{") are located with str.find directly. Far
    cheaper than a regex scan.
    """
    cache = card.key_windows  # rules share key tuples ("train", "pretrain", ...); cleared with key_sentences
    got = cache.get((tables, keys))
    if got is None:
        got = cache[(tables, keys)] = merge_ids(card, tables, window_ids(card, tables, keys))
    return got


@dataclass(frozen=True, slots=True)
class _Plan:
    """A key tuple sorted out once: its keys grouped by stem, and the keys that have none."""

    stems: frozenset[str]
    # stem -> (key, inner words, inner words after separators other than spaces) (see inner_stems)
    by_stem: dict[str, tuple[tuple[str, frozenset[str], frozenset[str]], ...]]
    # (key, wide, inner words, inner words after separators other than spaces) of the keys without a stem
    loose: tuple[tuple[str, bool, frozenset[str], frozenset[str]], ...]


def inner_stems(key: str, spaces: bool = False) -> frozenset[str]:
    """Words of a key that follow an ASCII separator in it ("optional" in "[optional", "section" in "this
    section"): where the key occurs in the text as parsed, each starts a word of it (the separator ends the
    word before), so each is a stem the text must have. Blanking writes spaces, so a key holding a space tells
    this only of a text not blanked (`spaces`). Short words ("a" of "n/a") are left out: every card has them."""
    if not spaces and any(c.isspace() for c in key):
        return frozenset()
    out = set()
    for m in _WORDS.finditer(key):
        word, at = m.group(0), m.start()
        if at > 0 and key[at - 1].isascii() and not key[at - 1].isalnum() and word.isascii() and len(word) >= 3:
            out.add(word)
    return frozenset(out)


_PLANS: dict[tuple[str, ...], _Plan] = {}


def _plan(keys: tuple[str, ...]) -> _Plan:
    got = _PLANS.get(keys)
    if got is None:
        register_keys(keys)
        by_stem: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]] = {}
        loose = []
        for key in dict.fromkeys(keys):
            stem = _stem(key)
            inner, safe = inner_stems(key, spaces=True), inner_stems(key)
            _register_stems(inner)
            if stem:
                by_stem.setdefault(stem, []).append((key, inner, safe))
            else:
                loose.append((key, wide_key(key), inner, safe))
        got = _PLANS[keys] = _Plan(frozenset(by_stem), {k: tuple(v) for k, v in by_stem.items()}, tuple(loose))
    return got


def may_hold(card: CardText, tables: bool, keys: tuple[str, ...]) -> bool:
    """False only when `windows(card, tables, keys)` is empty: the text is empty, or no key's stem starts a
    word (one set test) and no key without a stem occurs. The topic judge then skips the rule unsearched."""
    text = card.tables_lower if tables else card.prose_lower
    if not text:
        return False
    plan = _PLANS.get(keys) or _plan(keys)
    index = word_index(card, tables)
    present = index.present_stems()
    if not plan.stems.isdisjoint(present):
        return True
    return any(key in index.wide if wide else safe <= present and key in text for key, wide, _, safe in plan.loose)


def window_ids(card: CardText, tables: bool, keys: tuple[str, ...]) -> set[int]:
    """Indexes (into the sentence or row starts) of the sentences that hold one of `keys` (see `windows`).

    The stems that start a word of the card are worked out once per card (`present_stems`); a rule none of
    whose stems is among them costs one set intersection."""
    plan = _PLANS.get(keys) or _plan(keys)
    index = word_index(card, tables)
    present = index.present_stems()
    hit = plan.stems & present
    loose = plan.loose
    if not hit and not loose:
        return set()
    found: set[int] = set()
    # Not blanked yet: the text is the one the index was built from, so inner words after spaces tell too.
    pristine = (card.tables_lower is card.orig_tables_lower) if tables else (card.prose_lower is card.orig_prose_lower)
    for stem in hit:
        for key, inner, safe in plan.by_stem[stem]:
            if (inner if pristine else safe) <= present:
                found.update(_key_ids(card, tables, key))
    for key, wide, inner, safe in loose:
        if (not wide or key in index.wide) and (inner if pristine else safe) <= present:
            found.update(_key_ids(card, tables, key))
    return found


def _key_ids(card: CardText, tables: bool, key: str) -> list[int]:
    """Indexes of the sentences (rows) holding `key`, each once; kept on the card while its texts are unchanged."""
    cache = card.key_sentences
    got = cache.get((tables, key))
    if got is None:  # several rules share keys ("train", "not", "filter")
        text = card.tables_lower if tables else card.prose_lower
        starts = card.row_starts if tables else card.sent_starts
        n = len(starts)
        got = []
        pos = text.find(key)
        while pos >= 0:
            idx = bisect_right(starts, pos) - 1
            got.append(idx)
            nxt = starts[idx + 1] if idx + 1 < n else len(text)
            pos = text.find(key, max(nxt, pos + 1))
        cache[(tables, key)] = got
    return got


def merge_ids(card: CardText, tables: bool, ids: set[int]) -> list[tuple[int, int]]:
    """Sentence indexes -> (lo, hi) spans in order; neighbouring sentences become one span (fewer regex calls,
    same matches)."""
    starts = card.row_starts if tables else card.sent_starts
    n = len(starts)
    end_text = len(card.tables_lower if tables else card.prose_lower)
    out: list[tuple[int, int]] = []
    for idx in sorted(ids):
        lo = starts[idx]
        hi = starts[idx + 1] if idx + 1 < n else end_text
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out
