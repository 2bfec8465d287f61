"""Benchmark: survey throughput (the census pace), the whole survey's wall time.

    python benchmarks/bench_survey.py                       # 100 copies of the example, 2 workers
    python benchmarks/bench_survey.py --cards 0 --workers 2 # every card of cards-2023 (24,859), 2 workers
    python benchmarks/bench_survey.py --cards 500 --compare # 500 cards with 1 worker, then with 2
    python benchmarks/bench_survey.py --cards 2000 --profile  # + where one worker's time goes (cProfile)

Goals (issue 15.5): 24,859 cards in about a minute on a 2-core machine (>= 400 cards/s with 2
workers, wall time of the whole survey, process start-up included), no card over 2 s, and a small
survey not slower with 2 workers than with 1. Cards become release folders holding the card as
`README.md` (extracted with a member filter to a temporary folder), as in `study_cards.py`.
Also times a rerun (every shard finished: well under a second) and `unveil report`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from unveil.survey.command import run_report, run_sql, run_survey

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "tiny-open-model"
CARDS = REPO.parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"
sys.path.insert(0, str(Path(__file__).parent))
from study_cards import extract  # noqa: E402


def make_releases(root: Path, cards: int | None, copies: int, seed: int) -> int:
    if cards is None:
        for i in range(copies):
            shutil.copytree(EXAMPLE, root / f"copy-{i:05d}")
        return copies
    everything = root.parent / "all-cards"
    n = extract(CARDS, everything, None)
    names = sorted(p.name for p in everything.iterdir())
    chosen = names if cards == 0 or cards >= n else random.Random(seed).sample(names, cards)
    root.mkdir(parents=True, exist_ok=True)
    for name in chosen:
        (everything / name).rename(root / name)
    return len(chosen)


def survey(releases: Path, store: Path, workers: int) -> tuple[float, int]:
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    code = run_survey(str(releases), store, workers, "local", None)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF)
    # The driver's own CPU (every thread of this process; the workers are other processes): set-up, inline
    # audits while the pool starts, row unpickling, journal and Parquet writes, progress.
    print(f"driver CPU: {after.ru_utime - cpu.ru_utime + after.ru_stime - cpu.ru_stime:.2f} s")
    return wall, code


def stats(store: Path) -> str:
    text, _ = run_sql(store, "SELECT count(*) AS rows, count(error) AS errors, max(seconds) AS slowest_s, "
                             "quantile_cont(seconds, 0.99) AS p99_s, sum(seconds) AS audit_s FROM rows")
    return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=None, help="N cards from cards-2023 (0: all); default: copies")
    ap.add_argument("--copies", type=int, default=100)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--compare", action="store_true", help="also run with 1 worker (fresh store)")
    ap.add_argument("--profile", action="store_true", help="profile the audits in this process (1 worker)")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="unveil-bench-survey-") as tmp:
        root = Path(tmp)
        n = make_releases(root / "releases", args.cards, args.copies, args.seed)
        what = f"{n} cards" if args.cards is not None else f"{n} copies of the example"
        runs = [args.workers] + ([1] if args.compare and args.workers != 1 else [])
        for workers in runs:
            store = root / f"store-{workers}"
            wall, code = survey(root / "releases", store, workers)
            print(f"survey of {what}, {workers} worker(s): {wall:.2f} s wall, {n / wall:.1f} releases/s (exit {code})")
            print(stats(store))
        store = root / f"store-{args.workers}"
        started = time.perf_counter()
        run_survey(str(root / "releases"), store, args.workers, "local", None)
        print(f"rerun with every shard finished: {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        run_report(store, root / "survey.html", site=root / "site")
        print(f"report (tables + HTML page + site of {n} releases): {time.perf_counter() - started:.2f} s")
        if args.profile:
            from unveil.survey.rows import audit_row

            specs = sorted(str(p) for p in (root / "releases").iterdir())[:2000]
            audit_row(specs[0])
            prof = cProfile.Profile()
            prof.enable()
            for spec in specs:
                audit_row(spec)
            prof.disable()
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(30)
            print(out.getvalue())


if __name__ == "__main__":
    main()
