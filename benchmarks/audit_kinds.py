"""Every restriction kind unveil reads that a label does not hold, with the pattern and sentence behind it.

    PYTHONPATH=src:benchmarks python benchmarks/audit_kinds.py [--quiet]

Sets: the labelled ScanCode texts (`benchmarks/labels/scancode_thirdparty_*.json`, `scancode_ai_licenses.json`),
the model-code licence files (`model_code_licenses.json`), ../shared/data/licenses (labels.csv) and the
OSI-declared licence files of installed distributions (`bench_license_accuracy.files`; expected kinds: the
catalogue's kinds for the declared id). Prints, per set, kind recall and precision, then each false kind with
its source (a catalogue/data fact, or a clause pattern: kind#index) and the quoted sentence. Not run in CI.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

from bench_license_accuracy import files as site_files
from bench_model_code_licenses import ARCHIVE as MC_ARCHIVE
from bench_model_code_licenses import read_members
from bench_scancode_ai_licenses import _FRONT, READ_BYTES

from unveil.licenses import catalog, deontic, licensedb
from unveil.licenses.clauses import _compiled
from unveil.licenses.detect import identify, prepare
from unveil.licenses.text import evidence_for

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "labels"
SHARED = ROOT.parent / "shared" / "data" / "licenses"


def _sources(raw: bytes, kind: str) -> list[str]:
    """Which patterns of `kind` fire in the text, with their first sentence."""
    p = prepare(raw.decode("utf-8", "replace"))
    out = []
    for i, pat in enumerate(_compiled().get(kind, [])):
        m = next(iter(pat.finditer(p.clause_text)), None)
        if m is not None:
            quote = evidence_for(p, m.start(), m.end())[0]
            out.append(f"{kind}#{i}: {quote[:220]!r}")
    if not out:  # the general reader (licenses/deontic.py): a ban or "only" frame over a concept of the kind
        for a, b in deontic.read(p.clause_text).get(kind, [])[:1]:
            out.append(f"{kind}#deontic: {p.flat[a:b][:220]!r}")
    return out


def rows() -> dict[str, list[tuple[str, bytes, set[str]]]]:
    sets: dict[str, list[tuple[str, bytes, set[str]]]] = {}
    d = licensedb._data_dir()
    if d is not None:
        for f in sorted(LABELS.glob("scancode_*.json")):
            if "rules" in f.name:
                continue
            out = []
            for r in json.loads(f.read_text("utf-8"))["files"]:
                raw = (d / f"{r['key']}.LICENSE").read_text("utf-8", "replace")
                m = _FRONT.match(raw)
                out.append((r["key"], (raw[m.end() :] if m else raw).encode()[:READ_BYTES], set(r["kinds"])))
            sets[f.stem] = out
    if MC_ARCHIVE.is_file():
        doc = json.loads((LABELS / "model_code_licenses.json").read_text("utf-8"))["files"]
        texts = read_members({r["path"] for r in doc})
        sets["model_code"] = [
            (r["path"], texts[r["path"]][:READ_BYTES], set(r["kinds"]))
            for r in doc
            if hashlib.sha256(texts[r["path"]]).hexdigest() == r["sha256"]
        ]
    with open(SHARED / "labels.csv", newline="", encoding="utf-8") as fh:
        sets["shared_licenses"] = [
            (r["file"], (SHARED / r["file"]).read_bytes(), {k for k in r["restrictions"].split(";") if k})
            for r in csv.DictReader(fh)
        ]
    site = Path(next(p for p in sys.path if p.endswith("site-packages")))
    out = []
    for path, want, dist in site_files(site):
        info = catalog.lookup(want.lower()) or catalog.lookup(want)
        out.append((dist, path.read_bytes(), set(info.kinds) if info else set()))
    sets["site_packages"] = out
    return sets


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quiet", action="store_true", help="figures only")
    args = ap.parse_args()
    total = [0, 0, 0]
    for name, rs in rows().items():
        exp_n = hit = extra_n = 0
        lines = []
        for key, raw, exp in rs:
            got = identify(raw)
            found = set(got.kinds)
            exp_n += len(exp)
            hit += len(exp & found)
            extra = found - exp
            extra_n += len(extra)
            for k in sorted(extra):
                src = _sources(raw, k) if k in got.clauses else []
                lines.append(f"  {key}: {k} <- " + ("; ".join(src) if src else f"fact of {got.id} ({got.method})"))
        total = [total[0] + exp_n, total[1] + hit, total[2] + extra_n]
        print(
            f"{name}: {len(rs)} texts, kind recall {hit}/{exp_n} ({hit / max(exp_n, 1):.1%}), "
            f"precision {hit}/{hit + extra_n} ({hit / max(hit + extra_n, 1):.1%}), false kinds {extra_n}"
        )
        if not args.quiet:
            print("\n".join(lines))
    print(f"all sets: recall {total[1]}/{total[0]}, false kinds {total[2]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
