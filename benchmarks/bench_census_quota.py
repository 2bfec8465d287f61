"""Benchmark: the Hub quota a `hub:` census spends, counted at a replayed synthetic Hub.

    python benchmarks/bench_census_quota.py [--repos 1000] [--workers 8] [--page-size 1000]

Builds `--repos` synthetic repos (real cards, licenses and configs from ../shared/data/releases;
malicious pickles, remote code, gated weights; see tests/synthetic_hub.py), serves them with
tests/hub_replay.py on 127.0.0.1, runs `unveil survey hub:author=synth` with `--workers` threads, and
prints API calls and requests per repo (targets: <= 0.05 and <= 6), rows, flagged malicious repos and
wall time. Semgrep is off (UNVEIL_SEMGREP=off): this measures traffic, not code scanning.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repos", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--page-size", type=int, default=1000)
    args = parser.parse_args()

    import pyarrow.parquet as pq

    from unveil.survey.command import run_survey
    from unveil.survey.store import Store

    from hub_replay import RELEASES, HubReplay
    from synthetic_hub import MALICIOUS, build

    with tempfile.TemporaryDirectory(prefix="unveil-census-") as tmp:
        truth = build(Path(tmp) / "hub", args.repos)
        server = HubReplay([RELEASES]).start()
        server.add_root(Path(tmp) / "hub")
        server.page_size = args.page_size
        os.environ.update(HF_ENDPOINT=server.endpoint, UNVEIL_SEMGREP="off", HF_HUB_DISABLE_TELEMETRY="1")
        started = time.perf_counter()
        run_survey("hub:author=synth", Path(tmp) / "store", args.workers, "local", None)
        wall = time.perf_counter() - started
        rows = {r["id"].split("@")[0]: r for p in Store(Path(tmp) / "store").parquet_files()
                for r in pq.read_table(p).to_pylist()}
        server.stop()
    n = len(truth)
    malicious = [k for k, v in truth.items() if v in MALICIOUS]
    flagged = sum(1 for k in malicious if rows.get(k, {}).get("has_high"))
    print(f"repos {n}, rows {len(rows)}, error rows {sum(1 for r in rows.values() if r['error'])}")
    print(f"API calls {server.count('api')} ({server.count('api') / n:.4f}/repo; model_info {server.count('info')}, "
          f"refs {server.count('refs')}), requests {server.count()} ({server.count() / n:.2f}/repo)")
    print(f"malicious flagged {flagged}/{len(malicious)}; wall {wall:.1f} s ({n / wall:.1f} repos/s)")


if __name__ == "__main__":
    main()
