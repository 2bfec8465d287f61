"""The openness readers' shortcuts (issue 15.5, the census pace) give the answers of the full searches: words every
match of a pattern holds (`regex_source.required_clauses`), lines found by `str.find` instead of a regex walk, link
patterns searched only around the lines holding a link, a question answered from an earlier scan's notes. Checked
on real cards of ../shared/data/cards-2023 and on texts built to break each shortcut."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_regex_fast_start import ALPHABET, CRAFTED, DATA, _cards
from unveil import card_links
from unveil.card import parse_card
from unveil.openness import eosai, eosai_card, signals
from unveil.openness.eosai_card import fold
from unveil.openness.view import OpennessView
from unveil.regex_source import finditer_in_lines, key_words, required_clauses

LINE_PATTERNS = [eosai._HARDWARE, eosai._ARCH, eosai._INFERENCE, eosai._VENUE, eosai._ARXIV, eosai._PAPER_DEFERRAL,
                 eosai._TRAINING_LINE, eosai._PUBLIC_CORPORA, eosai_card._METRIC, eosai_card._DEVICE,
                 eosai_card._DURATION, *(rx for _, rx in eosai_card._HYPER_KINDS)]
# Case folding (dotted/dotless i, long s, Kelvin sign), line separators str.splitlines splits at, code fences.
EDGE = [
    "---\ntags: [gpu]\n---\nTrained on 8 A100 GPUs\u2028for 3 days.\r\nLearning rate: 1e-4\n```\nbatch size: 8\n```\n"
    "\u0130n the ArXiv:2101.00001 paper (NeurIPS) see Section 3 of the paper. TRA\u0130NED with AdamW.\n",
    "Architecture: a decoder-only transformer model, 24 layers; \u017fteps: 10k training steps; \u212aV cache\n"
    "~~~\nGPU\n~~~\nProceedings of ACL. The Pile dataset; trained on C4\x0bcluster of 64 nodes\x1cmi250x\n",
    "# Results\n| MMLU | 41.2 |\nAccuracy 88.1% on BoolQ\n## Hardware\nTPU-v4-512, bf16 mixed precision training\n",
]
SKIPS = [eosai._INFERENCE, eosai._NOT_THIS_PAPER]


def _texts(seed: int) -> list[str]:
    return (_cards(seed=seed) if DATA.is_file() else []) + EDGE


def test_required_words_of_built_patterns() -> None:
    def words(src: str, flags: int = 0) -> list[list[str]]:
        return [sorted(c) for c in required_clauses(re.compile(src, flags))]

    assert words(r"\b(GPUs?|A100)\b", re.I) == [["a100", "gpu"]]
    assert words(r"learning[- ]rate|\bLR\b") == [["LR", "learning"]]  # a case-sensitive pattern keeps its case
    assert words(r"x(?:ab)?y+z") == [["x"], ["y"], ["z"]]  # an optional part holds nothing for sure
    assert words(r"(?i:abc)d") == [["d"]]  # a group changing flags: its case folding is not the pattern's
    assert words(r"ab|c\d") == [["ab", "c"]] and key_words(re.compile(r"ab|c\d")) is None  # "c": too short
    assert words(r"a\nb") == [["a"], ["b"]]  # no word spans a line break


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60))
def test_every_match_holds_a_word_of_every_clause_on_edge_text(text: str) -> None:
    for src in CRAFTED:
        for flags in (0, re.I):
            rx = re.compile(src, flags)
            for m in rx.finditer(text):
                got = fold(m.group(0)) if flags else m.group(0)
                assert all(any(w in got for w in c) for c in required_clauses(rx)), (src, flags, m.group(0))


def test_every_match_of_the_readers_patterns_holds_its_key_words() -> None:
    checked = 0
    for text in _texts(seed=919):
        for rx in [*LINE_PATTERNS, eosai._TRAINED_ON, signals._LINKED_BASE, card_links._USAGE]:
            words = key_words(rx)
            for m in rx.finditer(text) if words else ():
                got = fold(m.group(0)) if rx.flags & re.I else m.group(0)
                assert any(w in got for w in words), (rx.pattern[:40], m.group(0))
                checked += 1
    assert checked > (100 if DATA.is_file() else 10)


def test_prose_lines_found_by_words_are_the_lines_a_search_of_every_line_finds() -> None:
    for text in _texts(seed=920):
        prose = list(eosai_card.prose(text))
        for rx in LINE_PATTERNS:
            assert list(eosai_card._matching(text, rx)) == [k for k, ln in enumerate(prose) if rx.search(ln.text)]
    # The shortcut is taken, and found the edge cards' lines (not two empty lists compared).
    assert eosai_card._key_words(eosai_card._HYPER_KINDS[3][1]) == {"steps"}
    assert eosai_card.training_details(EDGE[1]) == ["steps"]


def _scan_every_line(text: str, rx: re.Pattern[str], limit: int, skip: re.Pattern[str] | None,
                     prose_only: bool) -> tuple[list[int], list[int], bool]:
    """The scan as first written: every line in turn, code fences followed from where the scan starts."""
    lines = text.splitlines()
    out: list[int] = []
    matched: list[int] = []
    fenced = False
    start = eosai._body_start(lines) if prose_only else 0
    for i in range(start, len(lines)):
        line = lines[i]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if prose_only and fenced:
            continue
        if rx.search(line):
            matched.append(i + 1)
            if not (skip and skip.search(line)):
                out.append(i + 1)
                if len(out) >= limit:
                    return out, matched, False
    return out, matched, True


def test_line_scans_find_what_a_reading_of_every_line_finds() -> None:
    for text in _texts(seed=921):
        view = OpennessView(components={}, card_text=text, card_path="README.md")
        for rx in LINE_PATTERNS:
            for limit, skip, prose_only in ((2, None, False), (6, SKIPS[0], True), (1, SKIPS[1], False)):
                out, matched, done = eosai._scan_lines(view, rx, limit, skip, prose_only)
                assert ([e.line for e in out], [e.line for e in matched], done) == _scan_every_line(
                    text, rx, limit, skip, prose_only), rx.pattern[:40]


def test_a_question_with_a_skip_answered_from_the_scan_without_it() -> None:
    text = ("Presented at NeurIPS 2023 with the LAION dataset.\nOur paper appeared in the Proceedings of ACL.\n"
            "See the NeurIPS proceedings.\n")
    view = OpennessView(components={}, card_text=text, card_path="README.md")
    assert [e.line for e in eosai._find_lines(view, eosai._VENUE, 1)] == [1]  # noted: not exhaustive
    view = OpennessView(components={}, card_text=text + " ", card_path="README.md")  # a new card: caches dropped
    first = eosai._find_lines(view, eosai._VENUE, 5)  # exhaustive: every venue line noted
    skipped = eosai._find_lines(view, eosai._VENUE, skip=eosai._NOT_THIS_PAPER)  # answered from the notes
    fresh = eosai._scan_lines(view, eosai._VENUE, 2, eosai._NOT_THIS_PAPER, False)[0]
    assert [e.line for e in first] == [1, 2, 3]
    assert [e.line for e in skipped] == [e.line for e in fresh] == [2, 3]  # the dataset's venue is skipped


LINKED_EDGE = [
    "Training data\n\n[the Pile](https://pile.eleuther.ai)\n",  # the heading two lines above its link
    "> - **Pre-training corpus**:  \n  \n[x](HTTP://a.b/c) and trained on [C4](http://c4.org) too\n",
    "a\n---\n\n* \nfine-tuning datasets:\n\n\n  [E](https://e.org) trained on [F](http://f.org)\n\u0130 [G](http://g)",
    "We fine-tuned it. It is\nbased on [Llama](https://huggingface.co/meta-llama/Llama-2-7b)\nderived from "
    "[X](https://huggingface.co/datasets/x) and tuned on [M](https://HuggingFace.co/org/m)\n",
]


def test_link_patterns_searched_around_link_lines_give_every_match() -> None:
    found = 0
    for text in _texts(seed=922) + LINKED_EDGE:
        want = [(m.span(), m.groups()) for m in eosai._TRAINED_ON.finditer(text)]
        assert [(m.span(), m.groups()) for m in eosai._trained_on(text)] == want
        linked = [(m.span(), m.groups()) for m in signals._LINKED_BASE.finditer(text)]
        assert [(m.span(), m.groups()) for m in finditer_in_lines(signals._LINKED_BASE, text, "huggingface.co")] \
            == linked
        found += len(want) + len(linked)
    # The built texts are matched, the first one across its blank line (a search of the link's line alone misses it).
    assert [m.start() for m in eosai._trained_on(LINKED_EDGE[0])] == [0]
    assert signals.linked_bases(LINKED_EDGE[3]) == ["meta-llama/Llama-2-7b", "org/m"]
    assert found >= 8


def test_card_link_lines_are_those_holding_a_host_name() -> None:
    for text in _texts(seed=923) + ["x\nGitHub.com/a/b\r\nsee ARXIV.org/abs/2101.00001\u2028y\n"]:
        lines = text.splitlines()
        every = [i for i, line in enumerate(lines, start=1)
                 if not line.isascii() or any(h in line.lower() for h in ("github", "arxiv", "huggingface.co"))]
        assert list(card_links._host_lines(text, lines)) == every
    links = card_links.extract_links(parse_card("see https://GitHub.com/org/repo\nand ARXIV.org/abs/2101.00001\n"))
    assert [lf.target for lf in links] == ["org/repo", "2101.00001"]


def _sentences_as_first_written(text: str) -> list[tuple[int, str]]:
    out, in_code = [], False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line:
            continue
        out += [(lineno, p.strip()) for p in signals._SENTENCE_END.split(signals._MD_LINK.sub(r"\1", line))
                if p.strip()]
    return out


@pytest.mark.parametrize("extra", ["[ ](x)\n[a](b) c\nNo end here\nOne. Two! Three? [x](y). Four\n"])
def test_sentences_split_as_first_written(extra: str) -> None:
    for text in _texts(seed=924) + [extra]:
        assert list(signals._split_sentences(text)) == _sentences_as_first_written(text)
