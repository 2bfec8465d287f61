"""Benchmark: auditing a local folder of N small files (goals on a 2-core machine: 1,000 files under
2 s; 50,000 files in well under half the 31 s the first release took, issue 14.5).

Run: python benchmarks/bench_local_audit.py [N] [--empty]
`--empty` builds N empty files instead (the "folder of 200,000 empty files" hostile case).
The listing (`open_local`) is timed on its own too: it was a third of the time on 50,000 files.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from unveil.service import audit
from unveil.sources.local import open_local


def build(root: Path, n: int) -> None:
    (root / "README.md").write_text("---\nlicense: mit\n---\n# bench\n\nA benchmark release.\n")
    for i in range(n - 1):
        sub = root / f"part{i % 20:02d}"
        sub.mkdir(exist_ok=True)
        suffix = (".json", ".txt", ".md", ".yaml")[i % 4]
        (sub / f"file{i:04d}{suffix}").write_text(f'{{"index": {i}}}\n' if suffix == ".json" else f"item {i}\n")


def build_empty(root: Path, n: int) -> None:
    for i in range(n):
        sub = root / f"d{i // 1000:04d}"
        if i % 1000 == 0:
            sub.mkdir()
        (sub / f"f{i}").touch()


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (build_empty if "--empty" in sys.argv else build)(root, n)
        audit(str(root))  # warm imports and the page cache
        start = time.perf_counter()
        open_local(root)
        listed = time.perf_counter() - start
        start = time.perf_counter()
        report = audit(str(root))
        elapsed = time.perf_counter() - start
    print(f"local audit of {report.source.files} files: {elapsed:.2f} s (listing alone {listed:.2f} s), "
          f"bytes_read={report.source.bytes_read}")


if __name__ == "__main__":
    main()
