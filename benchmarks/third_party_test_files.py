"""The scanner on model-like files other projects ship for their own test suites (found on this machine).

Run: python benchmarks/third_party_test_files.py [ROOT ...]   (default: every site-packages and stdlib
folder of the interpreters under ~/.pyenv and /usr/lib/python3*). Finds files by extension (.npy .npz
.pkl .pickle .pt .pth .joblib .onnx .gguf .h5 .hdf5 .keras .safetensors .pb .msgpack .bin .ckpt), scans
each on its own (never loads it) and prints, per extension, how many were flagged (critical/high),
scanned, unscannable and not applicable, plus every flagged and unscannable file with its reason.
These are untuned, third-party files: their labels are unknown, so read the flagged ones by hand.
"""

from __future__ import annotations

import argparse
import collections
import glob
import os
import sys
from pathlib import Path

EXTS = (".npy", ".npz", ".pkl", ".pickle", ".pt", ".pth", ".joblib", ".onnx", ".gguf", ".h5", ".hdf5", ".keras",
        ".safetensors", ".pb", ".msgpack", ".bin", ".ckpt")


def default_roots() -> list[str]:
    roots = glob.glob(os.path.expanduser("~/.pyenv/versions/*/lib/python*"))
    roots += glob.glob("/usr/lib/python3*") + glob.glob("/usr/local/lib/python3*")
    return sorted(set(roots))


def find(roots: list[str]) -> list[Path]:
    seen: set[str] = set()
    out = []
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                if name.lower().endswith(EXTS):
                    p = Path(dirpath) / name
                    key = f"{p.stat().st_size}:{name}"  # the same file in many interpreters counts once
                    if key not in seen and p.is_file():
                        seen.add(key)
                        out.append(p)
    return sorted(out)


def main() -> None:
    from unveil.security import scan_release
    from unveil.sources.local import open_local

    ap = argparse.ArgumentParser()
    ap.add_argument("roots", nargs="*")
    args = ap.parse_args()
    files = find(args.roots or default_roots())
    table: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    notes = []
    for path in files:
        ext = path.suffix.lower()
        section = scan_release(open_local(path))
        cov = section.coverage
        flagged = [f for f in section.findings if f.severity in ("critical", "high")]
        state = "scanned" if cov.scanned else ("unscannable" if cov.unscannable else "not_applicable")
        table[ext][state] += 1
        table[ext]["files"] += 1
        if flagged:
            table[ext]["flagged"] += 1
            notes.append(f"FLAGGED {path}: {flagged[0].rule} {flagged[0].detail[:140]}")
        if cov.unscannable:
            notes.append(f"UNSCANNABLE {path}: {cov.unscannable[0].reason[:160]}")
    print(f"{len(files)} files")
    print(f"{'ext':12} {'files':>6} {'flagged':>8} {'scanned':>8} {'unscan':>7} {'n/a':>5}")
    for ext, c in sorted(table.items()):
        print(f"{ext:12} {c['files']:6} {c['flagged']:8} {c['scanned']:8} {c['unscannable']:7} {c['not_applicable']:5}")
    print("\n".join(notes))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
