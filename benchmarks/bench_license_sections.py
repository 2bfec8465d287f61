"""License sections of real cards, held out: the weights licence read from each section vs my labels.

    PYTHONPATH=src python benchmarks/bench_license_sections.py

`benchmarks/labels/license_sections_5150.jsonl`: 60 License sections of ../shared/data/cards-2023
(`random.Random(5150)`, cards of both regression samples left out; see
tests/fixtures/license_sections/README.md for how sections are drawn), labelled by hand for the licence
that governs the weights. Locators and labels only: the text is read from the corpus. Not run in CI.
"""

from __future__ import annotations

import fnmatch
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import cards2023  # noqa: E402
from unveil.card import parse_card  # noqa: E402
from unveil.licenses.discover import readme_section  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels" / "license_sections_5150.jsonl"


def main() -> int:
    rows = [json.loads(line) for line in LABELS.open(encoding="utf-8")]
    texts = cards2023.load_members({"model_cards/" + r["card"] for r in rows})
    ok_id = ok_cat = 0
    for r in rows:
        body = cards2023.excerpt(texts["model_cards/" + r["card"]], r)
        card = parse_card(f"---\nlicense: other\n---\n# Model\n\n{r['heading']}\n\n{body}\n", path="README.md")
        weights = [f for f in readme_section(card) if "weights" in f.applies_to]
        got_id, got_cat = (weights[0].ident.id, weights[0].ident.category) if weights else ("unknown", "unknown")
        id_ok = fnmatch.fnmatch(got_id, r["id"])  # "cc-by-nc*": a CC licence named without its version
        ok_id += id_ok
        ok_cat += got_cat == r["category"]
        if not id_ok or got_cat != r["category"]:
            print(f"  row {r['n']}: labelled {r['id']} ({r['category']}), read {got_id} ({got_cat})")
    n = len(rows)
    print(f"held-out License sections: id {ok_id}/{n} ({ok_id / n:.1%}), category {ok_cat}/{n} ({ok_cat / n:.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
