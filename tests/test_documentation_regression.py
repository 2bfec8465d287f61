"""Regression set (tuned on together with the topic rules, so it measures fit, not generalisation).
Own-made cards in the shapes the Hub really carries (Trainer, sentence-transformers, diffusers/LoRA,
GGUF, filled/unfilled template, notices, other languages, leaderboard/model-index-only evaluation, marketing
"high-quality data"). Written to check that the topic rules generalise beyond the 22 recorded releases; expected
coverage and a `why` per card are in tests/fixtures/regression_cards/expected.json."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from unveil.card import parse_card
from unveil.documentation import analyze_card, covered

CARDS = Path(__file__).resolve().parent / "fixtures" / "regression_cards"
CORE = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")


def test_regression_cards_agreement() -> None:
    expected = json.loads((CARDS / "expected.json").read_text())
    assert len(expected) >= 25
    agree: Counter[str] = Counter()
    misses = []
    for name, want in sorted(expected.items()):
        doc = analyze_card(parse_card((CARDS / name).read_text(), "README.md"))
        for topic in CORE:
            got = covered(doc, topic)
            if got == want[topic]:
                agree[topic] += 1
            else:
                sec = doc.sections[topic]
                ev = sec.evidence[0].text if sec.evidence else ""
                misses.append(f"{name}:{topic} expected {want[topic]} got {got} ({sec.reason}; {ev[:80]!r})")
    print()
    n = len(expected)
    for topic in CORE:
        print(f"regression set {topic:14s} agreement {agree[topic]}/{n} = {agree[topic] / n:.0%}")
    print("misses:", "\n  ".join(misses) or "none")
    for topic in CORE:
        assert agree[topic] / n >= 0.90, (topic, misses)
