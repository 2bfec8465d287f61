"""License sections of real cards, held out: the weights licence read from each section vs my labels.

    PYTHONPATH=src python benchmarks/bench_license_sections.py [--set 8123]

`benchmarks/labels/license_sections_5150.jsonl`: 60 License sections of ../shared/data/cards-2023
(`random.Random(5150)`, cards of both regression samples left out; see
tests/fixtures/license_sections/README.md for how sections are drawn), labelled by hand for the licence
that governs the weights. Locators and labels only: the text is read from the corpus. Not run in CI.

`--set 8123`: `benchmarks/labels/license_sections_8123.jsonl` (lsec2, drawn by `draw_license_sections.py --seed
8123`): every distinct License section and `License:` key line left in cards-2023 once every card labelled anywhere
else is left out (55 texts); `kind` says which, the heading is kept as a locator, and `not` lists the licences a
row names only to compare, modify or scope away (must not come back as the weights' licence).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import cards2023  # noqa: E402
from unveil.card import parse_card  # noqa: E402
from unveil.licenses.discover import readme_section  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels"


def _card(text: str, r: dict) -> str:
    body = cards2023.excerpt(text, r)
    if r.get("kind") == "line":  # a `License:` key line of the card body, no section
        return f"---\nlicense: other\n---\n# Model\n\n{body}\n"
    heading = r["heading"] if "heading" in r else text[r["heading_offset"]:r["heading_offset"] + r["heading_length"]]
    return f"---\nlicense: other\n---\n# Model\n\n{heading}\n\n{body}\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default="5150", help="5150 (held out 2026-12-07) or 8123 (lsec2)")
    args = ap.parse_args()
    rows = [json.loads(line) for line in (LABELS / f"license_sections_{args.set}.jsonl").open(encoding="utf-8")]
    texts = cards2023.load_members({"model_cards/" + r["card"] for r in rows})
    ok_id = ok_cat = bad_not = 0
    hard = [0, 0]
    for r in rows:
        card = parse_card(_card(texts["model_cards/" + r["card"]], r), path="README.md")
        weights = [f for f in readme_section(card) if "weights" in f.applies_to]
        got_id, got_cat = (weights[0].ident.id, weights[0].ident.category) if weights else ("unknown", "unknown")
        id_ok = fnmatch.fnmatch(got_id, r["id"])  # "cc-by-nc*": a CC licence named without its version
        ok_id += id_ok
        ok_cat += got_cat == r["category"]
        if r.get("hard"):
            hard[0] += 1
            hard[1] += bool(id_ok and got_cat == r["category"])
        negated = got_id in set(filter(None, r.get("not", "").split("|")))
        bad_not += negated
        if not id_ok or got_cat != r["category"]:
            print(f"  row {r['n']}: labelled {r['id']} ({r['category']}), read {got_id} ({got_cat})"
                  + ("  <- a licence the row only compares/modifies/scopes away" if negated else ""))
    n = len(rows)
    print(f"License sections ({args.set}): id {ok_id}/{n} ({ok_id / n:.1%}), category {ok_cat}/{n} ({ok_cat / n:.1%})")
    if any("not" in r for r in rows):
        with_not = sum(bool(r.get("not")) for r in rows)
        print(f"  compared/negated licence read as the weights' licence: {bad_not}/{with_not} rows that name one")
        print(f"  'hard' rows (two licences, negation, pointer, non-English, custom): {hard[1]}/{hard[0]} right")
        meta_off = sum(r["meta"].strip('"').split()[0:1] != [r["id"]] for r in rows if r["id"] not in {"unknown"})
        print(f"  rows whose metadata `license:` differs from the label (the section is needed): {meta_off}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
