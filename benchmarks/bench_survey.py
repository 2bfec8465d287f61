"""Benchmark: survey throughput, N copies of the example release, releases/s with W workers.

Run: python benchmarks/bench_survey.py [N=100] [WORKERS=2]

Copies `examples/tiny-open-model` N times into a temp folder (a folder of release folders), runs
`run_survey` into a fresh store (process pool, cold start included), then a rerun (every shard
finished: should take well under a second), then `run_report`. Prints seconds and releases/s.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from unveil.survey.command import run_report, run_survey

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "tiny-open-model"


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory(prefix="unveil-bench-survey-") as tmp:
        root = Path(tmp)
        for i in range(n):
            shutil.copytree(EXAMPLE, root / "releases" / f"copy-{i:05d}")
        store = root / "store"
        started = time.perf_counter()
        code = run_survey(str(root / "releases"), store, workers, "local", None)
        first = time.perf_counter() - started
        started = time.perf_counter()
        run_survey(str(root / "releases"), store, workers, "local", None)
        rerun = time.perf_counter() - started
        started = time.perf_counter()
        text, _ = run_report(store, root / "survey.html")
        report = time.perf_counter() - started
    print(f"survey of {n} releases, {workers} workers: {first:.2f} s, {n / first:.1f} releases/s (exit {code})")
    print(f"rerun with every shard finished: {rerun:.2f} s")
    print(f"report (DuckDB tables + HTML{' + plots' if 'Class' in text else ''}): {report:.2f} s")


if __name__ == "__main__":
    main()
