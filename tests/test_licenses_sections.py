"""License sections of real cards (cards-2023, fixed-seed sample, labelled by hand): a regression set
(see tests/fixtures/license_sections/README.md for how it was drawn and what was tuned on it)."""

from __future__ import annotations

import json
from pathlib import Path

import cards2023
from unveil.card import parse_card
from unveil.licenses.discover import readme_section


def _rows(name: str) -> list[dict]:
    with (Path(__file__).parent / "fixtures" / "license_sections" / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


ROWS = _rows("cards2023_sample.jsonl")
ROWS_4711 = _rows("cards2023_sample_4711.jsonl")


def _section_licences(row: dict, body: str) -> list:
    card = parse_card(f"---\nlicense: other\n---\n# Model\n\n{row['heading']}\n\n{body}\n", path="README.md")
    return readme_section(card)


def _weights_licence(row: dict, body: str) -> tuple[str, str]:
    """The weights' licence, else the first one the section names (how the first sample was labelled)."""
    found = _section_licences(row, body)
    weights = [f for f in found if "weights" in f.applies_to] or found
    return (weights[0].ident.id, weights[0].ident.category) if weights else ("unknown", "unknown")


def test_card_license_sections() -> None:
    # Each section's body is read from ../shared/data/cards-2023 by its locator (the fixture keeps no card text).
    texts = cards2023.load_members({"model_cards/" + row["card"] for row in ROWS})
    got = [(row, *_weights_licence(row, cards2023.excerpt(texts["model_cards/" + row["card"]], row))) for row in ROWS]
    wrong_id = [(r["n"], r["id"], i) for r, i, _c in got if i != r["id"]]
    wrong_cat = [(r["n"], r["category"], c) for r, _i, c in got if c != r["category"]]
    n = len(ROWS)
    print(f"\ncard License sections: id {n - len(wrong_id)}/{n}, category {n - len(wrong_cat)}/{n}; "
          f"wrong id={wrong_id} wrong category={wrong_cat}")
    assert len(wrong_id) <= 1 and len(wrong_cat) <= 1
    # The dangerous direction: nothing restrictive read as open.
    closed = {"restricted", "non-commercial"}
    opened = [(r["n"], c) for r, _i, c in got if r["category"] in closed and c.startswith("open")]
    assert not opened


def _weights_only(row: dict, body: str) -> tuple[str, str]:
    """The licence the section gives the weights; a section about the dataset's terms gives them none."""
    weights = [f for f in _section_licences(row, body) if "weights" in f.applies_to]
    return (weights[0].ident.id, weights[0].ident.category) if weights else ("unknown", "unknown")


def test_card_license_sections_second_sample() -> None:
    # 60 more sections (random.Random(4711), cards of the first sample excluded), read for the weights only.
    texts = cards2023.load_members({"model_cards/" + row["card"] for row in ROWS_4711})
    got = [(row, *_weights_only(row, cards2023.excerpt(texts["model_cards/" + row["card"]], row))) for row in ROWS_4711]
    wrong = [(r["n"], r["id"], i, c) for r, i, c in got if (i, c) != (r["id"], r["category"])]
    assert len(wrong) <= 1, wrong
    # A sentence about the dataset's terms is not the model's licence.
    dataset_only = [r for r, i, _c in got if r["n"] == 12]
    assert dataset_only and _weights_only(dataset_only[0], cards2023.excerpt(
        texts["model_cards/" + dataset_only[0]["card"]], dataset_only[0]))[0] == "unknown"
