"""Licence files of 43 official model repositories: unveil's reading of each vs my labels.

    PYTHONPATH=src python benchmarks/bench_model_code_licenses.py [--all-rows]

`benchmarks/labels/model_code_licenses.json`: the 67 `LICENSE*`/`LICENCE*`/`COPYING*` files inside
../shared/data/model-code/code.tar.gz (root licences, `LICENSE-MODEL`/`LICENSE-CODE`, `model_licenses/`,
vendored third-party folders), labelled by reading each text: expected catalogue/SPDX id, category,
OSI flag and restriction kinds. Locators and labels only (archive path, sha256): the texts are read
from the archive at run time, in memory, one member at a time, never extracted.

Each text goes through `unveil.licenses.detect.identify` on the first MiB, as `discover.from_files`
reads a release's licence file (`--audit-path`: also through `from_files` itself, one in-memory release
per repository). Rows whose text is byte-identical to a file of ../shared/data/licenses
(the tuned corpus) are marked; figures are printed for all rows and for the rows not in that corpus.
Not run in CI.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tarfile
from pathlib import Path

from unveil.licenses.detect import identify
from unveil.licenses.discover import from_files
from unveil.release import FileEntry, Release, SourceInfo

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "benchmarks" / "labels" / "model_code_licenses.json"
ARCHIVE = ROOT.parent / "shared" / "data" / "model-code" / "code.tar.gz"
READ_BYTES = 1024 * 1024  # as discover.from_files


class _Mem:
    def __init__(self, data: dict[str, bytes]) -> None:
        self.data = data

    def read_range(self, path: str, start: int, length: int) -> bytes:
        return self.data[path][start : start + length]


def audit_path(rows: list[dict], texts: dict[str, bytes]) -> None:
    """The same files through `discover.from_files`, one in-memory release per repository: which files an
    audit reads (it skips licence files deeper than two folders: vendored code) and what it reads them as."""
    by_repo: dict[str, dict[str, bytes]] = {}
    for r in rows:
        repo, rel = r["path"].split("/", 1)
        by_repo.setdefault(repo, {})[rel] = texts[r["path"]]
    label = {r["path"]: r for r in rows}
    read = agree = 0
    for repo, files in sorted(by_repo.items()):
        release = Release(
            source=SourceInfo(kind="local", id=repo),
            files=[FileEntry(path=k, size=len(v)) for k, v in files.items()],
            reader=_Mem(files),
        )
        for found in from_files(release):
            path = f"{repo}/{found.evidence[0].path}"
            read += 1
            ok = found.ident.id == label[path]["id"]
            agree += ok
            if not ok:
                print(f"  audit: {path}: labelled {label[path]['id']}, read {found.ident.id}")
    print(f"audit path (discover.from_files): {read}/{len(rows)} files read, {agree}/{read} ids as labelled")


def read_members(paths: set[str]) -> dict[str, bytes]:
    """The labelled members' bytes (regular files only; nothing is written to disk)."""
    out: dict[str, bytes] = {}
    with tarfile.open(ARCHIVE, "r:gz") as tar:
        for member in tar:
            if member.name in paths and member.isfile():
                fh = tar.extractfile(member)
                if fh is not None:
                    out[member.name] = fh.read(READ_BYTES + 1)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all-rows", action="store_true", help="print every row, not only disagreements")
    ap.add_argument("--audit-path", action="store_true", help="also read the files as an audit does (from_files)")
    args = ap.parse_args()
    doc = json.loads(LABELS.read_text(encoding="utf-8"))
    rows = doc["files"]
    texts = read_members({r["path"] for r in rows})
    tally = {"all": [0, 0, 0, 0, 0, 0], "held": [0, 0, 0, 0, 0, 0]}  # n, id, category, osi, kinds exp, kinds found
    for r in rows:
        raw = texts.get(r["path"])
        if raw is None or hashlib.sha256(raw).hexdigest() != r["sha256"]:
            print(f"  {r['path']}: missing or changed in the archive")
            return 1
        got = identify(raw[:READ_BYTES])
        exp_kinds, got_kinds = set(r["kinds"]), set(got.kinds)
        ok_id = got.id == r["id"]
        ok_cat = got.category == r["category"]
        ok_osi = got.osi_approved == r["osi_approved"]
        groups = ["all"] if r.get("in_regression_corpus") else ["all", "held"]
        for g in groups:
            t = tally[g]
            t[0] += 1
            t[1] += ok_id
            t[2] += ok_cat
            t[3] += ok_osi
            t[4] += len(exp_kinds)
            t[5] += len(exp_kinds & got_kinds)
        missed, extra = sorted(exp_kinds - got_kinds), sorted(got_kinds - exp_kinds)
        if args.all_rows or not (ok_id and ok_cat and ok_osi) or missed:
            tag = " [tuned corpus]" if r.get("in_regression_corpus") else ""
            print(
                f"  {r['path']}{tag}: labelled {r['id']} ({r['category']}, osi={r['osi_approved']}), "
                f"read {got.id} ({got.category}, osi={got.osi_approved}, {got.method})"
                + (f"; kinds missed {missed}" if missed else "")
                + (f"; extra {extra}" if extra else "")
            )
    for g, label in (("all", "all rows"), ("held", "rows not in ../shared/data/licenses")):
        n, i, c, o, ke, kf = tally[g]
        print(
            f"{label}: id {i}/{n} ({i / n:.1%}), category {c}/{n} ({c / n:.1%}), OSI flag {o}/{n} ({o / n:.1%}), "
            f"restriction-kind recall {kf}/{ke} ({kf / max(ke, 1):.1%})"
        )
    if args.audit_path:
        audit_path(rows, texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
