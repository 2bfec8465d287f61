"""A word index of a card's text: which windows of it can hold a rule's key words (the rules' prefilter)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
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


def register_keys(keys: tuple[str, ...]) -> None:
    """Work out the stems of rule keys at import (they are also worked out on first use)."""
    for key in keys:
        _stem(key)


def _wide_key(key: str) -> bool:
    """A non-ASCII key without ASCII separators: any occurrence lies inside one token that holds a
    non-ASCII character, so the (short) list of such tokens tells whether it can occur at all."""
    return not key.isascii() and all(c.isalnum() for c in key if c.isascii())


_WIDE: dict[str, bool] = {}

# Bytes that separate words when a card's text is laid out as UTF-8: every ASCII character that is not a
# letter or digit. Multi-byte (non-ASCII) characters are kept and settled by `_WORDS` below.
_SEPARATORS = bytes(c if c >= 128 or chr(c).isalnum() else 32 for c in range(256))


@dataclass(slots=True)
class WordIndex:
    """The words of a card's text as parsed (before placeholders are blanked), for `windows`.

    Blanking only removes words, so the index stays a valid superset afterwards (a rule's regex confirms
    every candidate).
    """

    vocab: list[bytes]  # sorted distinct words (runs of [^\W_], i.e. str.isalnum()), UTF-8 encoded
    wide: str  # the tokens that hold a non-ASCII character, one per line
    stems: dict[str, bool] = field(default_factory=dict)  # stem -> some word starts with it (memo)

    @classmethod
    def build(cls, text: str) -> WordIndex:
        # One bytes.translate + split does the work of a regex tokenizer at ~3x the speed; the few tokens
        # holding a non-ASCII character (a letter, a dash, a curly quote) are re-split by the regex.
        words = set(text.encode("utf-8", "surrogatepass").translate(_SEPARATORS).split())
        mixed = [w for w in words if not w.isascii()]
        wide: list[str] = []
        if mixed:
            words.difference_update(mixed)
            for token in mixed:
                decoded = token.decode("utf-8", "surrogatepass")
                wide.append(decoded)
                words.update(w.encode("utf-8", "surrogatepass") for w in _WORDS.findall(decoded))
        return cls(sorted(words), "\n".join(wide))

    def starts_word(self, stem: str) -> bool:
        got = self.stems.get(stem)
        if got is None:
            key = stem.encode()
            i = bisect_left(self.vocab, key)
            got = self.stems[stem] = i < len(self.vocab) and self.vocab[i].startswith(key)
        return got


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
    return merge_ids(card, tables, window_ids(card, tables, keys))


def window_ids(card: CardText, tables: bool, keys: tuple[str, ...]) -> set[int]:
    """Indexes (into the sentence or row starts) of the sentences that hold one of `keys` (see `windows`)."""
    text = card.tables_lower if tables else card.prose_lower
    starts = card.row_starts if tables else card.sent_starts
    index = word_index(card, tables)
    stems = index.stems
    n = len(starts)
    found: set[int] = set()
    cache = card.key_sentences
    for key in keys:
        got = cache.get((tables, key))
        if got is not None:  # several rules share keys ("train", "not", "filter")
            found.update(got)
            continue
        stem = _STEMS.get(key)
        if stem is None:
            stem = _stem(key)
        if stem:
            present = stems.get(stem)
            if present is None:
                present = index.starts_word(stem)
            if not present:
                continue  # no word of the text starts with the key: no scan at all
        else:
            wide = _WIDE.get(key)
            if wide is None:
                wide = _WIDE[key] = _wide_key(key)
            if wide and key not in index.wide:
                continue
        ids = []
        pos = text.find(key)
        while pos >= 0:
            idx = bisect_right(starts, pos) - 1
            ids.append(idx)
            nxt = starts[idx + 1] if idx + 1 < n else len(text)
            pos = text.find(key, max(nxt, pos + 1))
        cache[(tables, key)] = ids
        found.update(ids)
    return found


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
