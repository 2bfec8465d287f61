"""The inventory's card reader skips work it can prove useless (issue 15.5, the census pace): a line, a card or a
sentence holding none of the strings every match of a pattern holds (`regex_source.required_words`) skips that
pattern's search, and a line holding none of the words any step of the card loop looks for takes a short path.
These shortcuts must never change an answer: the components each card declares, with and without them, are the
same on real cards of ../shared/data/cards-2023 and on cards built to break them (characters `re.I` folds onto
ASCII letters: dotted and dotless i, long s, the Kelvin sign)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards2023 import sample_texts
from unveil import inventory
from unveil.card import parse_card
from unveil.documentation import placeholders
from unveil.regex_source import fold_case, holds_one, required_words, source

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"
needs_data = pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")


def _cards(n: int = 300, seed: int = 1515) -> list[str]:
    return sample_texts(n, seed, max_size=300_000)


def _always(_text: str) -> bool:
    return True


def _without_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every prefilter of the card reader answers "maybe": each pattern is searched wherever it was before."""
    monkeypatch.setattr(inventory, "_LINK_TESTS", tuple((_always, b) for _, b in inventory._LINK_TESTS))
    monkeypatch.setattr(inventory, "_CONTEXT_TESTS", tuple((_always, b, False) for _, b, _ in inventory._CONTEXT_TESTS))
    for name in ("_LOADS_DATA", "_MAY_BE_COMMAND", "_MAY_RUN_MODEL", "_MAY_NAME_REVISION", "_NAMES_TRAINING",
                 "_ON_NEEDS"):
        monkeypatch.setattr(inventory, name, _always)
    everything = re.compile("")  # matches every line: no line takes the short path
    monkeypatch.setattr(inventory, "_PROSE_TRIGGER", everything)
    monkeypatch.setattr(inventory, "_CODE_TRIGGER", everything)


def _declared(texts: list[str]) -> list[dict[str, list[object]]]:
    return [{k: [e.model_dump() for e in v] for k, v in inventory._declared_from_card(parse_card(t)).items()}
            for t in texts]


# Lines that make the card reader's rules fire, to be mixed, re-cased and folded.
FRAGMENTS = [
    "# Training data", "## Evaluation results", "## Citation", "# Model card for tinyllama", "",
    "The model was trained with the code at https://github.com/org/train-repo (training scripts).",
    "Trained with `timm` on ImageNet.", "fine-tuned using fast-DreamBooth colab by Ben",
    "the training code is not released", "Training data: [MyCorpus](https://example.org/corpus) dataset",
    "* dataset: opus", "- **Sources** | [UD](https://u.d)",
    "See our paper https://arxiv.org/abs/2101.00001 for details.", "arXiv: 2101.00001", "doi: 10.1234/abcd",
    "Intermediate checkpoints are published as branches (revision=\"step1000\").", "revision = \"ckpt-20\"",
    "Read the technical report: https://example.org/report.pdf", "our release blog https://blog.example.org/x",
    "Download the weights: huggingface-cli download org/model", "magnet:?xt=urn:btih:abc weights",
    "The training datasets can be downloaded here https://data.example.org", "load_dataset(\"org/data\")",
    "```python", "```", "~~~", "python train.py --config x", "from transformers import pipeline",
    "pipe = pipeline(\"x\")", "model.generate(ids)", "@article{x2023,", "  title={A technical report},", "}",
    "journal = {JMLR}", "| Model | Accuracy |", "|---|---|", "| [a](https://huggingface.co/o/a) | 0.91 |", "F1 0.87",
    "accuracy: 0.93", "the ItWac corpus (Baroni et al., 2009)",
    "Details in individual [Data Cards](https://huggingface.co/spaces/x/y).",
    "Trained on the Thabet/Simba_dataset dataset",
    "Training images were taken from [Unsplash](https://unsplash.com)",
    "We will not be releasing the training data.", "https://huggingface.co/datasets/org/set data card",
    "Trained with the [Dreambooth Training Space](https://huggingface.co/spaces/a/b)",
    "Source code: [repo](https://gitlab.com/a/b)",
    "Evaluation code: https://github.com/EleutherAI/lm-evaluation-harness",
    "A [notebook](https://colab.research.google.com/x) for training", "Please cite our paper:",
    "* Sources: CommonCrawl", "Training images were taken from [LAION] and others",
    "Library: https://github.com/org/lib framework", "data preprocessing: https://github.com/o/prep",
]
FOLDS = {"i": "\u0130\u0131I", "s": "\u017fS", "k": "\u212aK", "a": "A", "t": "T", "d": "D", "e": "E", "o": "O"}


def _refold(line: str, rng: random.Random) -> str:
    """`line` with some letters swapped for what `re.I` takes as the same letter (and a combining dot or two)."""
    out = []
    for c in line:
        if c.lower() in FOLDS and rng.random() < 0.15:
            c = rng.choice(FOLDS[c.lower()])
        out.append(c)
        if rng.random() < 0.01:
            out.append("\u0307")
    return "".join(out)


@st.composite
def crafted_cards(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32)))
    lines = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=30))
    return "\n".join(_refold(line, rng) if rng.random() < 0.5 else line for line in lines)


@needs_data
def test_declared_components_of_real_cards_are_the_same_without_the_shortcuts(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _cards()
    fast = _declared(texts)
    _without_shortcuts(monkeypatch)
    full = _declared(texts)
    assert sum(len(d) for d in full) > 300  # the sample declares components: the comparison is not vacuous
    changed = [i for i, (a, b) in enumerate(zip(fast, full, strict=True)) if a != b]
    assert not changed, f"{len(changed)} cards differ, e.g. {changed[:5]}"


@settings(max_examples=150, deadline=None)
@given(crafted_cards())
def test_declared_components_of_crafted_cards_are_the_same_without_the_shortcuts(text: str) -> None:
    fast = _declared([text])
    with pytest.MonkeyPatch.context() as mp:
        _without_shortcuts(mp)
        full = _declared([text])
    assert fast == full


def _patterns() -> list[re.Pattern[str]]:
    rules = [r.url for r in inventory.LINK_RULES] + [r.context for r in inventory.LINK_RULES if r.context]
    return rules + [inventory._LOAD_DATASET, inventory._TRAIN_COMMAND, inventory._RUNS_MODEL, inventory._REVISION_CKPT,
                    inventory._TRAINED_WITH_NAMED]


def _holds(rx: re.Pattern[str], text: str) -> bool:
    return bool(holds_one(required_words(rx))(fold_case(text) if rx.flags & re.I else text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeiIsSkKtT \u0130\u0131\u017f\u212a\u0307:/.-_[]()\n", max_size=40),
       st.sampled_from(["ski", "(?:Is|k)it", "[ab]+sk|ti", "a(?:bis|cIs)", "(?:x|yi)s?k", "\\bist\\b", "i(?-i:S)k"]))
def test_required_words_are_in_every_match(text: str, pattern: str) -> None:
    for flags in (0, re.I):
        rx = re.compile(pattern, flags)
        if rx.search(text):
            assert _holds(rx, text), (pattern, flags, text)


@needs_data
def test_required_words_of_the_card_readers_patterns_are_in_every_line_they_match() -> None:
    lines = [line for text in _cards(150, seed=77) for line in text.splitlines()]
    lines += [_refold(f, random.Random(k)) for k in range(20) for f in FRAGMENTS]
    patterns = _patterns()
    assert all(required_words(r.url) for r in inventory.LINK_RULES)  # every link rule has its shortcut
    hits = 0
    for rx in patterns:
        for line in lines:
            if rx.search(line):
                hits += 1
                assert _holds(rx, line), (rx.pattern[:60], line[:120])
    assert hits > 1000


def test_required_words_are_unknown_when_a_pattern_may_hold_none() -> None:
    assert required_words(re.compile(r"\w+|ab")) is None  # an alternative with no literal
    assert required_words(re.compile(r"(?i:abc)d")) is None  # a group that changes flags is not looked into
    assert required_words(re.compile(r"x?y")) is None  # nothing of three characters or more
    assert required_words(re.compile(r"https?://(?:gitlab|bitbucket)\.com/x")) == ("gitlab", "bitbucket")
    assert required_words(re.compile(r"Data ?sets?|CORPUS", re.I)) == ("data", "corpus")


@needs_data
def test_the_unfilled_template_marker_scan_finds_what_the_pattern_as_written_finds() -> None:
    for text in _cards(120, seed=9):
        assert [m.span() for m in placeholders._MARKER_FAST.finditer(text)] == \
            [m.span() for m in placeholders.MARKER.finditer(text)]


@needs_data
def test_the_inventory_patterns_behind_a_lookahead_find_what_they_find_as_written() -> None:
    fast = [rx for rx in vars(inventory).values() if isinstance(rx, re.Pattern) and source(rx) != rx.pattern]
    assert len(fast) >= 10  # the card reader's hot patterns (`fast_start`): the comparison is not vacuous
    lines = [line for text in _cards(150, seed=31) for line in text.splitlines()]
    lines += [_refold(f, random.Random(k)) for k in range(10) for f in FRAGMENTS]
    for rx in fast:
        written = re.compile(source(rx), rx.flags)
        for line in lines:
            assert [m.span() for m in rx.finditer(line)] == [m.span() for m in written.finditer(line)], \
                (source(rx)[:60], line[:120])


CLAIM_LINES = [
    "This model is open source.", "We open-source the weights <!-- not yet -->", "open<!-- x -->source model",
    "An OpenAI model, openrail licence", "Our fully open sourced model", "本模型开源", "오픈소스 모델입니다",
    "<!-- open source -->", "# Open Source LLM", "released as open-source software", "The code is open source",
    "see https://open.example.org/source", "`open source`", "[open source](https://x.org) model",
]


@st.composite
def claim_cards(draw: st.DrawFn) -> str:
    rng = random.Random(draw(st.integers(0, 2**32)))
    lines = draw(st.lists(st.sampled_from(CLAIM_LINES + FRAGMENTS[:20]), min_size=1, max_size=12))
    return "\n".join(_refold(line, rng) if rng.random() < 0.5 else line for line in lines)


def _claims(texts: list[str]) -> list[list[dict[str, object]]]:
    from unveil.licenses.claims import find_claims

    return [[e.model_dump() for e in find_claims(parse_card(t), "org/open-model")] for t in texts]


@needs_data
def test_open_source_claims_of_real_cards_are_the_same_without_the_card_prefilter(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from unveil.licenses import claims

    every = _cards(3000, seed=4242)
    # The cards that say "open" anywhere (where claims are), and 300 others.
    texts = [t for t in every if "open" in t.lower()] + every[:300]
    fast = _claims(texts)
    monkeypatch.setattr(claims, "_may_claim", _always)
    full = _claims(texts)
    assert sum(map(len, full)) >= 5  # some cards claim to be open source: the comparison is not vacuous
    assert fast == full


@settings(max_examples=150, deadline=None)
@given(claim_cards())
def test_open_source_claims_of_crafted_cards_are_the_same_without_the_card_prefilter(text: str) -> None:
    from unveil.licenses import claims

    fast = _claims([text])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(claims, "_may_claim", _always)
        assert _claims([text]) == fast
