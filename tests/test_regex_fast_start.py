"""`fast_start` puts a first-character lookahead in front of a pattern (issue 15.5, the census pace): it must
find exactly what the pattern as written finds, and leave alone the patterns it cannot be sure of. The card
readers that use it (EOSAI line scans, openness signals) must still find what a search of every line or
sentence finds, on real cards of ../shared/data/cards-2023 and on texts built to break them."""

from __future__ import annotations

import random
import re
import tarfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unveil.openness import eosai, signals
from unveil.openness.view import OpennessView
from unveil.regex_source import fast_start, source

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"

# Characters `re.I` equates with ASCII letters (dotted/dotless i, long s, Kelvin sign), separators and marks.
ALPHABET = "aAbiIsSkKtTgGpPuU \u0130\u0131\u017f\u212a\u0307-_.:/\n\r\u2028\t019"
CRAFTED = [
    r"\b(GPUs?|TPUs?|TPU-?v\d\w*|kit|sub)\b",
    r"(?:we )?use[sd]? the|\bski",
    r"\b(?:x*|i)s\b",
    r"(?:a|b?)+?k",
    r"[^\W\d]k|\d+[- ]ii",
    r"(?<!s)is|(?=k)ki",
    r"(?>ab|s)k",
    r"(?:ta|\bpi){1,3}",
    r"\s+k|[.:]s",
    r"\Bki|\Ask",
]


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def _cards(n: int = 120, seed: int = 515) -> list[str]:
    with tarfile.open(DATA) as tar:
        members = [m for m in tar.getmembers() if m.isreg() and m.name.endswith("_README.md") and m.size < 200_000]
        chosen = set(random.Random(seed).sample(sorted(m.name for m in members), n))
        return [tar.extractfile(m).read().decode("utf-8", "replace")  # type: ignore[union-attr]
                for m in members if m.name in chosen]


USED = [eosai._HARDWARE, eosai._ARCH, eosai._VENUE, eosai._PAPER_DEFERRAL, eosai._TRAINING_LINE, eosai._ARXIV,
        signals._PENDING, signals._DEFER, signals._CLOSED, signals._NAMED_BASE, signals._LINKED_BASE]


def test_the_card_readers_hot_patterns_are_behind_a_lookahead() -> None:
    # The whole-text searches this is for; a pattern led by a literal without re.I (`_ARXIV` is re.I) gets none.
    for rx in (eosai._HARDWARE, eosai._ARCH, eosai._VENUE, signals._CLOSED, signals._NAMED_BASE):
        assert rx.pattern.startswith("(?=[") and source(rx) != rx.pattern
    assert re.fullmatch(r"\(\?=\[[^\]]*\]\)", eosai._HARDWARE.pattern[: len(eosai._HARDWARE.pattern)
                                                                        - len(source(eosai._HARDWARE))])


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_same_matches_as_the_pattern_as_written_on_real_cards() -> None:
    texts = _cards()
    for fast in USED:
        written = re.compile(source(fast), fast.flags)
        for text in texts:
            assert _spans(fast, text) == _spans(written, text), source(fast)[:50]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_same_matches_on_case_folding_edge_text(text: str) -> None:
    for src in CRAFTED:
        for flags in (0, re.I):
            written = re.compile(src, flags)
            assert _spans(fast_start(written), text) == _spans(written, text), (src, flags)
    for fast in USED:
        assert _spans(fast, text) == _spans(re.compile(source(fast), fast.flags), text)


def test_patterns_it_cannot_be_sure_of_are_left_as_written() -> None:
    for src in (r"a*", r"(?:x)?y?", r"[^a]b", r"(?i:a)b", r".x", r"(a)\1", r"(?:)"):
        rx = re.compile(src)
        assert fast_start(rx) is rx, src
    # `re` already skips ahead to a case-sensitive leading literal, class or branch of literals.
    for src in (r"https?://x", r"[ab]c", r"(?:abc|def)g"):
        rx = re.compile(src)
        assert fast_start(rx) is rx, src
    # ...but not with re.I, and not to a `\b`: there the lookahead is added.
    assert fast_start(re.compile(r"(?:abc|def)g", re.I)).pattern != r"(?:abc|def)g"
    assert fast_start(re.compile(r"\babc")).pattern.startswith("(?=[a])")


def test_idempotent_and_the_written_source_is_kept() -> None:
    rx = re.compile(r"\b(see|refer to)\b[^\]]", re.I)
    once = fast_start(rx)
    assert fast_start(once) is once
    assert source(once) == rx.pattern and source(rx) == rx.pattern
    assert once.flags == rx.flags
    tricky = fast_start(re.compile(r"[]a\]-]x", re.I))  # a class holding "]" and "-"
    assert tricky.pattern != r"[]a\]-]x" and source(tricky) == r"[]a\]-]x"
    assert _spans(tricky, "a ]x -x Ax") == [(2, 4), (5, 7), (8, 10)]


def _unlinked_one_by_one(text: str) -> list[tuple[int, str]]:
    out = []
    for i, line in enumerate(text.splitlines(), start=1):
        if eosai._TRAINING_LINE.search(line) and eosai._PUBLIC_CORPORA.search(line):
            out.append((i, line.strip()[:200]))
            if len(out) >= 2:
                break
    return out


def _find_every_sentence(text: str, rx: re.Pattern[str], guard: re.Pattern[str] | None) -> list[tuple[int, str]]:
    return [(n, s[:400]) for n, s in signals.sentences(text) if rx.search(s) and (guard is None or guard.search(s))]


EDGE_CARDS = [
    "Trained on the Pile\r\ntrained on C4 and\u2028the pile\x0bfine-tuned on OSCAR\n",
    "datasets: c4, wikipedia\ntraining data: the stack and training set: imagenet\n\n\u0130mageNet trained on LAION-5B",
    "The weights are not released. Only available through the API. We do not release the model weights!\n"
    "Data will be released soon. See the base model card for pre-training data. \u017fee the Model Card.",
]


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_card_readers_find_what_every_line_or_sentence_finds() -> None:
    for text in _cards(seed=616) + EDGE_CARDS:
        view = OpennessView(components={}, card_text=text, card_path="README.md")
        assert [(e.line, e.text) for e in eosai._unlinked_corpora(view)] == _unlinked_one_by_one(text)
        for finder, rx, guard in ((signals.pending_release, signals._PENDING, None),
                                  (signals.deferred_to_base, signals._DEFER, signals._DEFER_TOPIC)):
            assert [(e.line, e.text) for e in finder(text, "README.md")] == _find_every_sentence(text, rx, guard)
        closed = [(e.line, e.text) for e in signals.weights_not_released(text, "README.md")]
        assert closed == [(n, s) for n, s in _find_every_sentence(text, signals._CLOSED, None)
                          if not signals._WIDGET.search(s)]


def test_the_edge_cards_are_read() -> None:
    # The readers find something in the built texts (so the comparison above is not between two empty lists).
    view = OpennessView(components={}, card_text=EDGE_CARDS[0], card_path="README.md")
    assert [e.line for e in eosai._unlinked_corpora(view)] == [1, 2]
    assert len(signals.weights_not_released(EDGE_CARDS[2], None)) == 3
    assert signals.pending_release(EDGE_CARDS[2], None) and signals.deferred_to_base(EDGE_CARDS[2], None)
