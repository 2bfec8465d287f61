"""Benchmark: auditing a local folder of 1,000 small files (goal: under 2 s on a 2-core machine).

Run: python benchmarks/bench_local_audit.py [N]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from unveil.service import audit


def build(root: Path, n: int) -> None:
    (root / "README.md").write_text("---\nlicense: mit\n---\n# bench\n\nA benchmark release.\n")
    for i in range(n - 1):
        sub = root / f"part{i % 20:02d}"
        sub.mkdir(exist_ok=True)
        suffix = (".json", ".txt", ".md", ".yaml")[i % 4]
        (sub / f"file{i:04d}{suffix}").write_text(f'{{"index": {i}}}\n' if suffix == ".json" else f"item {i}\n")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build(root, n)
        audit(str(root))  # warm imports
        start = time.perf_counter()
        report = audit(str(root))
        elapsed = time.perf_counter() - start
    print(f"local audit of {report.source.files} files: {elapsed:.2f} s "
          f"(goal < 2 s), bytes_read={report.source.bytes_read}")


if __name__ == "__main__":
    main()
