"""The documentation analyzer's fast paths give the same answers as their plain definitions.

Speed work (issue 6) replaced a regex sentence splitter, a regex word index and per-topic scans with
string-method equivalents. Each fast path is checked here against a slow reference on every real card
in ../shared/data (releases and EOSAI cards), and the end result against the figures and evidence lines
verified by hand before the work started.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections import Counter
from pathlib import Path

import pytest

from unveil.card import parse_card
from unveil.documentation import analyze, analyze_card, covered
from unveil.documentation.placeholders import _BOILER_KEYS, _MARKER_KEYS, blank_placeholders
from unveil.documentation.sections import _SENT_OR_BLOCK, CardText, sentence_starts, split_sections
from unveil.documentation.topics import TOPICS
from unveil.documentation.word_index import _WORDS, WordIndex, _stem, windows

from conftest import RELEASES, SHARED_DATA
from recorded import recorded_release

CORE = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")
# Odd shapes: punctuation runs, CJK stops, unicode spaces and separators, astral characters, no text.
EDGE_TEXTS = [
    "", "a. b", ". .", "x;\n\ny", "。。 a", "end.", "a.\u3000b", "a.\x1cb", "\n\n", "a!?  b", "3.5. x",
    "naïve café—co₂ 训练数据 “quoted” don’t \u00a0nbsp 🤗emoji_under_score x²", "e.g. i.e. vs.\tnext",
]


def _cards() -> list[Path]:
    paths = sorted(SHARED_DATA.glob("releases/*/README.md")) + sorted(SHARED_DATA.glob("eosai-cards/*/README.md"))
    assert len(paths) >= 25
    return paths


def _parsed(path: Path) -> CardText:
    card = parse_card(path.read_text(errors="replace"), "README.md")
    return split_sections(card.body, card.body_start_line)


def test_sentence_starts_equal_the_pattern() -> None:
    texts = list(EDGE_TEXTS)
    for path in _cards():
        raw = path.read_text(errors="replace")
        texts += [raw, raw.replace("\n", " "), _parsed(path).prose]
    for text in texts:
        assert sentence_starts(text) == [0] + [m.end() for m in _SENT_OR_BLOCK.finditer(text)], text[:80]
    print(f"\nsentence starts identical on {len(texts)} texts")


def test_word_index_equals_the_regex_tokenizer() -> None:
    texts = list(EDGE_TEXTS)
    for path in _cards():
        ct = _parsed(path)
        texts += [ct.prose_lower, ct.tables_lower, path.read_text(errors="replace")]
    for text in texts:
        want = sorted({w.encode("utf-8", "surrogatepass") for w in _WORDS.findall(text)})
        assert WordIndex.build(text).vocab == want, text[:80]
    print(f"\nword index identical on {len(texts)} texts")


def _reference_windows(card: CardText, orig: str, tables: bool, keys: tuple[str, ...]) -> list[tuple[int, int]]:
    """The plain definition: sentences holding a key whose first word starts a word of the parsed text."""
    text = card.tables_lower if tables else card.prose_lower
    starts = card.row_starts if tables else card.sent_starts
    vocab = sorted(set(_WORDS.findall(orig)))
    found: set[int] = set()
    for key in keys:
        stem = _stem(key)
        if stem:
            i = bisect_left(vocab, stem)
            if i >= len(vocab) or not vocab[i].startswith(stem):
                continue
        pos = text.find(key)
        while pos >= 0:  # every occurrence, not one per sentence
            found.add(bisect_right(starts, pos) - 1)
            pos = text.find(key, pos + 1)
    out: list[tuple[int, int]] = []
    for idx in sorted(found):
        lo, hi = starts[idx], starts[idx + 1] if idx + 1 < len(starts) else len(text)
        if out and out[-1][1] == lo:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def test_windows_equal_the_reference_before_and_after_blanking() -> None:
    key_sets = [(False, _BOILER_KEYS), (True, _BOILER_KEYS), (False, _MARKER_KEYS), (True, _MARKER_KEYS)]
    key_sets += [(r.tables, r.keys) for t in TOPICS for r in t.rules if r.keys]
    checked = 0
    for path in _cards():
        ct = _parsed(path)
        orig_prose, orig_tables = ct.prose_lower, ct.tables_lower
        for phase in ("parsed", "blanked"):
            if phase == "blanked":
                blank_placeholders(ct)
            for tables, keys in key_sets:
                orig = orig_tables if tables else orig_prose
                assert windows(ct, tables, keys) == _reference_windows(ct, orig, tables, keys), (path, phase, keys)
                checked += 1
    print(f"\nwindows identical on {checked} (card, phase, rule) cases")


def test_agreement_figures_unchanged() -> None:
    """Per-topic agreement on the recorded releases, as measured before the speed work (22 of 22 each)."""
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for folder in sorted(p for p in RELEASES.iterdir() if (p / "expected.json").is_file()):
        expected = json.loads((folder / "expected.json").read_text())["card_covers"]
        release = recorded_release(folder)
        doc = analyze(release, parse_card(release.card_text, release.card_path))
        for topic, want in expected.items():
            total[topic] += 1
            agree[topic] += covered(doc, topic) == want
    print()
    for topic in CORE:
        print(f"{topic:14s} {agree[topic]}/{total[topic]}")
        assert total[topic] >= 20
        assert agree[topic] == total[topic], topic


# (card, topic, first line, last line, start of the deciding sentence): read off the card files by hand.
HAND_CHECKED = [
    ("openai__whisper", "training_data", 51, 51, "The models are trained on 680,000 hours of audio"),
    ("openai__whisper", "bias", 62, 62, "The models also exhibit disparate performance"),
    ("openai__whisper", "intended_use", 42, 42, "The primary intended users of these models"),
    ("EleutherAI__gpt-j-6B", "training_data", 68, 68, "GPT-J was trained on the Pile"),
    ("EleutherAI__gpt-j-6B", "data_quality", 127, 129, "The OpenAI GPT-3 models failed to deduplicate"),
    ("meta-llama__Llama-3.1-8B", "intended_use", 93, 93, "**Intended Use Cases** Llama 3.1 is intended"),
]


@pytest.mark.parametrize(("name", "topic", "line", "line_end", "start"), HAND_CHECKED)
def test_hand_checked_evidence(name: str, topic: str, line: int, line_end: int, start: str) -> None:
    text = (RELEASES / name / "README.md").read_text(errors="replace")
    sec = analyze_card(parse_card(text, "README.md")).sections[topic]
    assert sec.covered
    ev = sec.evidence[0]
    assert (ev.line, ev.line_end) == (line, line_end)
    assert ev.text and ev.text.startswith(start)


def test_grouped_alternations_match_the_plain_lists() -> None:
    """`by_first_letter` regroups the benchmark and dataset-name alternations; every match stays the same."""
    import re

    from unveil.documentation.topic_rules import vocabulary

    pairs = [(vocabulary.BENCH_PLAIN, vocabulary.BENCH), (vocabulary.KNOWN_DATA_PLAIN, vocabulary.KNOWN_DATA)]
    for plain, grouped in pairs:
        assert grouped != plain and len(vocabulary.top_level(plain)) > 50
    texts = list(EDGE_TEXTS) + ["mmlu-pro 45.1 math-500 math (em) the pile, pile c4 laion-5b tülu 3 mix p3 xp3"]
    for path in _cards():
        ct = _parsed(path)
        texts += [ct.prose_lower, ct.tables_lower]
    texts += [p.read_text().lower() for p in (Path(__file__).parent / "fixtures" / "regression_cards").glob("*.md")]
    checked = 0
    for plain, grouped in pairs:
        a, b = re.compile(r"\b" + plain + r"\b"), re.compile(r"\b" + grouped + r"\b")
        for text in texts:
            assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], text[:80]
            checked += 1
    print(f"\ngrouped alternations identical on {checked} texts")
