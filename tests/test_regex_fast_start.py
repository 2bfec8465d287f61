"""`fast_start` puts a first-character lookahead in front of a pattern (issue 15.5, the census pace): it must
find exactly what the pattern as written finds, and leave alone the patterns it cannot be sure of. The card
readers that use it (EOSAI line scans, openness signals) must still find what a search of every line or
sentence finds, on real cards of ../shared/data/cards-2023 and on texts built to break them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards2023 import sample_texts
from unveil.openness import eosai, eosai_card, signals
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
    r"\b(a)|k",
    r"\b\b(?:sk|i)",
]


def _spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def _cards(n: int = 120, seed: int = 515) -> list[str]:
    return sample_texts(n, seed, max_size=200_000)


USED = [eosai._HARDWARE, eosai._ARCH, eosai._PAPER_DEFERRAL, eosai._TRAINING_LINE, signals._PENDING,
        signals._DEFER, signals._NAMED_BASE, signals._LINKED_BASE, eosai_card._METRIC, eosai_card._DEVICE,
        *(rx for _, rx in eosai_card._HYPER_KINDS if source(rx) != rx.pattern)]


def test_the_card_readers_hot_patterns_are_behind_a_lookahead() -> None:
    # The whole-text searches where it measured faster; a leading `\\b` stays first (cheaper on in-word positions).
    for rx in (eosai._HARDWARE, eosai._ARCH, signals._NAMED_BASE, signals._PENDING):
        assert source(rx) != rx.pattern and "(?=[" in rx.pattern[:6]
    assert eosai._HARDWARE.pattern.startswith(r"\b(?=[") and signals._NAMED_BASE.pattern.startswith("(?=[")
    for rx in (eosai._ARXIV, eosai._VENUE, signals._CLOSED):  # measured no faster: left as written
        assert source(rx) == rx.pattern


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
    assert fast_start(re.compile(r"\babc")).pattern == r"\b(?=[a])abc"


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


def _training_details_line_by_line(text: str) -> list[str]:
    from unveil.openness import eosai_card as c

    found: list[str] = []
    for line in c.prose(text):
        for kind, rx in c._HYPER_KINDS:
            if kind not in found and rx.search(line.text):
                found.append(kind)
        if "compute" not in found and c._DEVICE.search(line.text) and (
                c._TRAIN.search(line.text) or c._TRAIN.search(line.path)):
            found.append("compute")
        if "duration" not in found and c._DURATION.search(line.text):
            found.append("duration")
    return found


def _evaluation_results_line_by_line(text: str) -> list[int]:
    from unveil.openness import eosai_card as c

    out = []
    for line in c.prose(text):
        if line.is_heading:
            continue
        under_eval = bool(c._EVAL_HEADING.search(line.path))
        if (c._METRIC.search(line.text) and c._DECIMAL.search(line.text)) or under_eval and (
                c._numeric_cells(line.text) or c._IMAGE.search(line.text)):
            out.append(line.number)
            if len(out) >= 2:
                break
    return out


CARD_EDGES = [
    "---\nlr: 0.1\nbatch_size: 8\n---\n```\nepochs: 3\nAdamW\n```\nWe train for 3 epochs on 8 A100 GPUs.\n"
    "The lr\n= 2e-5 (batch\u2028size 16), warm-up 500 steps, bf16 training, 10B tokens, trained 3 days.",
    "## Training\nOn 64 GPUs.\n## Evaluation\n| task | acc |\n|---|---|\n| boolq | 0.71 |\nAccuracy 88.1%\n",
    "# Results\n<td>0.5</td>\n![plot](x.png)\nMMLU\n42.0\n## Other\nF1 of 0.9 and BLEU 30.1\n",
]


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_model_card_details_found_as_a_line_by_line_reading_finds_them() -> None:
    from unveil.openness import eosai_card

    texts = _cards(seed=717) + CARD_EDGES
    for text in texts:
        assert eosai_card.training_details(text) == _training_details_line_by_line(text)
        assert [ln.number for ln in eosai_card.evaluation_results(text)] == _evaluation_results_line_by_line(text)
    details = eosai_card.training_details(CARD_EDGES[0])
    # Front matter and code say nothing; "lr\n=" spans two lines, so no line states a learning rate.
    assert details[:3] == ["epochs", "compute", "steps"] and "learning rate" not in details
    assert [ln.number for ln in eosai_card.evaluation_results(CARD_EDGES[1])] == [6, 7]


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_every_match_of_a_training_detail_holds_one_of_its_needed_words() -> None:
    from unveil.openness import eosai_card as c

    assert c._KIND_NEEDS["epochs"] == ("epoch",) and c._KIND_NEEDS["learning rate"] is None  # `\bLR\b`: no word
    checked = 0
    for text in _cards(seed=818) + CARD_EDGES:
        for kind, rx in [*c._HYPER_KINDS, ("duration", c._DURATION)]:
            needs = c._DURATION_NEEDS if kind == "duration" else c._KIND_NEEDS[kind]
            if needs is None:
                continue
            for m in rx.finditer(text):
                got = m.group(0)
                hay = signals._fold(got) if rx.flags & re.I else got
                assert any(w in hay for w in needs), (kind, got)
                checked += 1
    assert checked > 50
