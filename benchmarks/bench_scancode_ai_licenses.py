"""Model, AI-service and data licence texts of the ScanCode licence database: unveil's reading vs my labels.

    PYTHONPATH=src python benchmarks/bench_scancode_ai_licenses.py [--all-rows] [--labels FILE ...]

`benchmarks/labels/scancode_ai_licenses.json`: 21 texts of the installed `licensedcode-data` package
(`data/licenses/KEY.LICENSE`, read here at run time, front matter stripped; no text is kept in the repo),
labelled by reading each before any run: expected id, category, OSI flag, restriction kinds. Texts that
are copies of the tuned material (../shared/data/licenses, the model-code set) are left out.

Caveat: when the AI catalogue has no entry, the fallback identifies a ScanCode text from this same
database, so the id figure is partly circular; what this set really tests is the restriction kinds
(the clause reader) and the category the catalogue / fallback give each text. Without the package
the bench says so and exits 0. Not run in CI.

`--labels FILE ...` measures other labels files of the same shape (`benchmarks/bench_scancode_thirdparty.py`
runs it on the third-party samples). Figures: id, category, OSI flag, restriction-kind recall (labelled kinds
found), precision (kinds found that were labelled) and the texts whose kind set is exactly the labelled one.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from unveil.licenses import licensedb
from unveil.licenses.detect import identify

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "labels" / "scancode_ai_licenses.json"
READ_BYTES = 1024 * 1024  # as discover.from_files
_FRONT = re.compile(r"^---\n.*?\n---\n?", re.S)


def main(argv: list[str] | None = None, default_labels: tuple[Path, ...] = (LABELS,)) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all-rows", action="store_true", help="print every row, not only disagreements")
    ap.add_argument("--labels", nargs="*", type=Path, default=list(default_labels), help="labels files")
    args = ap.parse_args(argv)
    d = licensedb._data_dir()
    if d is None:
        print("licensedcode-data is not installed (the `licenses` extra): nothing to measure")
        return 0
    for path in args.labels:
        print(f"{path.name}:")
        if measure(d, json.loads(path.read_text(encoding="utf-8"))["files"], args.all_rows):
            return 1
    return 0


def measure(d: Path, rows: list[dict], all_rows: bool) -> int:
    n = ok_id = ok_cat = ok_osi = kinds_exp = kinds_found = extra_n = exact = 0
    for r in rows:
        f = d / f"{r['key']}.LICENSE"
        if not f.is_file():
            print(f"  {r['key']}: not in this licensedcode-data version")
            return 1
        raw = f.read_text("utf-8", "replace")
        m = _FRONT.match(raw)
        body = (raw[m.end() :] if m else raw).encode("utf-8")
        got = identify(body[:READ_BYTES])
        exp, found = set(r["kinds"]), set(got.kinds)
        n += 1
        ok_id += got.id == r["id"]
        ok_cat += got.category == r["category"]
        ok_osi += got.osi_approved == r["osi_approved"]
        kinds_exp += len(exp)
        kinds_found += len(exp & found)
        extra_n += len(found - exp)
        exact += exp == found
        bad = (got.id, got.category, got.osi_approved) != (r["id"], r["category"], r["osi_approved"]) or exp != found
        if all_rows or bad:
            missed, extra = sorted(exp - found), sorted(found - exp)
            print(
                f"  {r['key']}: labelled {r['id']} ({r['category']}), read {got.id} ({got.category}, {got.method})"
                + (f"; kinds missed {missed}" if missed else "")
                + (f"; extra {extra}" if extra else "")
            )
    print(
        f"{n} texts: id {ok_id}/{n} ({ok_id / n:.1%}), category {ok_cat}/{n} ({ok_cat / n:.1%}), "
        f"OSI flag {ok_osi}/{n}, "
        f"restriction-kind recall {kinds_found}/{kinds_exp} ({kinds_found / max(kinds_exp, 1):.1%}), "
        f"precision {kinds_found}/{kinds_found + extra_n} ({kinds_found / max(kinds_found + extra_n, 1):.1%}), "
        f"kinds found beyond the labels {extra_n}, exact kind sets {exact}/{n} ({exact / n:.1%})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
