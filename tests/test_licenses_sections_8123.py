"""The lsec2 License sections and key lines of cards-2023 (benchmarks/labels/license_sections_8123.jsonl): held out
when first measured (41/55), tuned on since, so a regression set. The text is read from the corpus by locator."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import cards2023
from unveil.card import parse_card
from unveil.licenses.discover import readme_section

ROWS = [json.loads(line) for line in (Path(__file__).resolve().parents[1] / "benchmarks" / "labels"
                                      / "license_sections_8123.jsonl").open(encoding="utf-8")]


def _weights(text: str, row: dict) -> tuple[str, str]:
    body = cards2023.excerpt(text, row)
    at = row.get("heading_offset")
    heading = text[at:at + row["heading_length"]] if at is not None else ""  # a key line has no heading
    card = parse_card(f"---\nlicense: other\n---\n# Model\n\n{heading}\n\n{body}\n", path="README.md")
    found = [f for f in readme_section(card) if "weights" in f.applies_to]
    return (found[0].ident.id, found[0].ident.category) if found else ("unknown", "unknown")


def test_lsec2_sections_and_key_lines() -> None:
    texts = cards2023.load_members({"model_cards/" + row["card"] for row in ROWS})
    got = [(row, *_weights(texts["model_cards/" + row["card"]], row)) for row in ROWS]
    wrong = [(r["n"], r["id"], i, c) for r, i, c in got if not fnmatch.fnmatch(i, r["id"]) or c != r["category"]]
    assert len(wrong) <= 2, wrong
    # A licence the row names only as the base it modifies (or for the outputs) is never the weights' licence,
    # and nothing restrictive is read as open.
    assert not [(r["n"], i) for r, i, _c in got if i in r["not"].split("|")]
    assert not [(r["n"], c) for r, _i, c in got
                if r["category"] in {"restricted", "non-commercial"} and c.startswith("open")]
