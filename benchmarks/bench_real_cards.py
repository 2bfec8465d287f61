"""Accuracy on real cards of ../shared/data/cards-2023: the regression sets the rules were tuned on
(tests/fixtures/regression_*) and the held-out labels they were not tuned on (benchmarks/labels/).

    PYTHONPATH=src python benchmarks/bench_real_cards.py

Prints agreement per documentation topic on both sets and, on held-out cards, the components the card
declares (papers, datasets, training code). Not run in CI (the tests check the regression sets,
including the claims set; this reports the held-out ones).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from cards2023 import load  # noqa: E402
from unveil.card import parse_card  # noqa: E402
from unveil.documentation import analyze_card  # noqa: E402
from unveil.inventory import _declared_from_card  # noqa: E402

TOPICS = ("data_quality", "limitations", "bias")


def _doc_figures(labels: dict[str, dict], texts: dict[str, str], name: str) -> None:
    agree = dict.fromkeys(TOPICS, 0)
    for cid, want in labels.items():
        doc = analyze_card(parse_card(texts[cid], "README.md"))
        for t in TOPICS:
            got = doc.sections[t].covered
            agree[t] += got == want[t]
            if got != want[t]:
                print(f"    {name}: {t} differs on {cid}: expected {want[t]}, got {got}")
    n = len(labels)
    print(f"  {name} ({n} cards): " + ", ".join(f"{t} {agree[t]}/{n} = {agree[t] / n:.0%}" for t in TOPICS))


def _component_figures(labels: dict[str, dict], texts: dict[str, str]) -> None:
    names = ("research_paper", "datasets", "training_code")
    agree = dict.fromkeys(names, 0)
    for cid, want in labels.items():
        declared = _declared_from_card(parse_card(texts[cid], "README.md"))
        for c in names:
            got = c in declared
            agree[c] += got == want[c]
            if got != want[c]:
                print(f"    held out: {c} differs on {cid}: expected {want[c]}, got {got}")
    n = len(labels)
    print(f"  held out ({n} cards): " + ", ".join(f"{c} {agree[c]}/{n} = {agree[c] / n:.0%}" for c in names))


def main() -> None:
    tuned = json.loads((ROOT / "tests/fixtures/regression_doc_cards/labels.json").read_text())["cards"]
    held = json.loads((ROOT / "benchmarks/labels/heldout_real_cards.json").read_text())["documentation"]
    comps = json.loads((ROOT / "benchmarks/labels/heldout_real_cards.json").read_text())["components"]
    texts = load(frozenset(tuned) | frozenset(held) | frozenset(comps))
    print("documentation topics on real cards")
    _doc_figures(tuned, texts, "regression set (tuned on)")
    _doc_figures(held, texts, "held out (not tuned on)")
    print("components declared by the card")
    _component_figures(comps, texts)


if __name__ == "__main__":
    main()
