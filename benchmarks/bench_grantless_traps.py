"""Held-out trap set of licence mentions that grant nothing, with grants worded alike as controls.

    PYTHONPATH=src python benchmarks/bench_grantless_traps.py [-v]

`benchmarks/labels/fpguard_traps.json` holds sentences I wrote and labelled after the `grantless` rules were
frozen, before any run: a null `expect` means no licence may be read; an id means that licence must be.
Each sentence is read as a card's License section (first statement) and as a short LICENSE file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scancode_rules import read_card, read_file  # noqa: E402

LABELS = Path(__file__).resolve().parent / "labels" / "fpguard_traps.json"
_NONE = {"unknown", "other"}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["rows"]
    c: Counter[str] = Counter()
    for row in rows:
        card = [x[0] for x in read_card(row["text"]) if x[0] not in _NONE]
        file = read_file(row["text"])[0]
        kind = "trap" if row["expect"] is None else "grant"
        c[kind] += 1
        for path, got in (("card", card[:1]), ("file", [file] if file not in _NONE else [])):
            ok = not got if kind == "trap" else got == [row["expect"]]
            c[f"{kind}-{path}"] += ok
            if not ok and a.verbose:
                print(f"  [{kind}/{path}] {row['class']}: read {got or 'nothing'}, want {row['expect']}: {row['text']}")
    for kind in ("trap", "grant"):
        n = c[kind]
        print(f"{kind}s (n={n}): card {c[kind + '-card']}/{n}, file {c[kind + '-file']}/{n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
