"""Benchmark: CPU of the openness judges alone (`unveil.openness.judge`) over real cards, A/B against another tree.

    python benchmarks/bench_openness.py --cards 3000 --seed 55 --baseline ../main/src [--rounds 5]
    python benchmarks/bench_openness.py --cards 6000 --seed 56 --baseline ../main/src --compare-only

Each tree (this checkout's `src/` and `--baseline`) runs in its own process: it audits every card once (a
release folder holding the card as `README.md`, extracted as `study_cards.py` does), keeping the facts
each audit handed to `openness.judge`; then, on command, it times `judge` over all of them (process CPU
time). The two processes are timed in turn (A, B, A, B...) so machine load hits both alike; the ratio of
medians is reported. Both also write the JSON of every card's openness section, compared card by card (the
verdicts must be identical).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CARDS = REPO.parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"


def worker(releases: Path) -> None:
    """Audit every release, noting the CPU time spent in `openness.judge` and its verdicts, and answer commands on
    stdin: `time` (audit them all again: judge CPU, audit CPU), `dump PATH` (the verdicts, one JSON a line),
    `profile [SORT]` (a cProfile of the judge in another round, to stderr). The judge is timed inside real
    audits: the caches the audit's earlier steps fill for it (the parsed card) are filled as in a survey."""
    import unveil.openness as openness
    from unveil.service import audit

    judge = openness.judge
    spent = [0.0]
    kept: list[object] = []
    verdicts: list[str] = []

    profiler: list[object] = []  # a cProfile.Profile while `profile` runs

    def timed(facts: object) -> object:
        started = time.process_time()
        if profiler:
            profiler[0].enable()  # type: ignore[attr-defined]
        got = judge(facts)  # type: ignore[arg-type]
        if profiler:
            profiler[0].disable()  # type: ignore[attr-defined]
        spent[0] += time.process_time() - started
        if len(kept) < len(specs):
            kept.append(facts)
            verdicts.append(got.model_dump_json())
        return got

    openness.judge = timed  # type: ignore[assignment]
    specs = sorted(str(p) for p in releases.iterdir())
    for spec in specs:
        audit(spec)
    print(f"ready {len(kept)} {openness.__file__}", flush=True)
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "time":
            spent[0] = 0.0
            started = time.process_time()
            for spec in specs:
                audit(spec)
            print(f"{spent[0]:.6f} {time.process_time() - started:.6f}", flush=True)
        elif cmd == "dump":
            Path(arg).write_text("".join(v + "\n" for v in verdicts), encoding="utf-8")
            print("done", flush=True)
        elif cmd == "profile":
            import cProfile
            import pstats

            prof = cProfile.Profile()
            profiler.append(prof)
            for spec in specs:
                audit(spec)
            profiler.clear()
            stats = pstats.Stats(prof, stream=sys.stderr).sort_stats(arg or "tottime")
            stats.print_stats(45)
            stats.print_callers("method 'search'")
            print("done", flush=True)
        elif cmd == "quit":
            return


def _start(src: Path, releases: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(src), "UNVEIL_SEMGREP": "off"}
    return subprocess.Popen([sys.executable, __file__, "--worker", str(releases)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)


def _ask(proc: subprocess.Popen[str], cmd: str) -> str:
    assert proc.stdin and proc.stdout
    proc.stdin.write(cmd + "\n")
    proc.stdin.flush()
    return proc.stdout.readline().strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cards", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=55)
    ap.add_argument("--baseline", type=Path, default=REPO.parent / "main" / "src",
                    help="the other tree's src/ folder (default: ../main/src)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--compare-only", action="store_true", help="compare the verdicts, no timing")
    ap.add_argument("--profile", action="store_true", help="also print a cProfile of this tree's judge")
    ap.add_argument("--sort", default="tottime", help="the profile's order (pstats keys)")
    ap.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return
    sys.path.insert(0, str(Path(__file__).parent))
    from study_cards import extract

    with tempfile.TemporaryDirectory(prefix="unveil-bench-openness-") as tmp:
        root = Path(tmp)
        everything = root / "all-cards"
        extract(CARDS, everything, None)
        names = sorted(p.name for p in everything.iterdir())
        chosen = random.Random(args.seed).sample(names, min(args.cards, len(names)))
        releases = root / "releases"
        releases.mkdir()
        for name in chosen:
            (everything / name).rename(releases / name)
        trees = {"baseline": args.baseline.resolve(), "this": REPO / "src"}
        procs = {k: _start(src, releases) for k, src in trees.items()}
        for k, proc in procs.items():
            print(k, proc.stdout.readline().strip())  # type: ignore[union-attr]
        dumps = {k: root / f"{k}.jsonl" for k in procs}
        for k, proc in procs.items():
            _ask(proc, f"dump {dumps[k]}")
        a, b = (dumps[k].read_text(encoding="utf-8").splitlines() for k in procs)
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        print(f"openness sections: {len(a)} cards, {len(differ)} differ"
              + (f" (first: {sorted(releases.iterdir())[differ[0]].name})" if differ else ""))
        if differ:
            first = differ[0]
            print("baseline:", json.dumps(json.loads(a[first]))[:2000])
            print("this:    ", json.dumps(json.loads(b[first]))[:2000])
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in procs}
        if not args.compare_only:
            for _ in range(args.rounds):
                for k, proc in procs.items():
                    judge_s, audit_s = map(float, _ask(proc, "time").split())
                    times[k].append((judge_s, audit_s))
            n = len(a)
            for k, ts in times.items():
                print(f"{k}: judge CPU over {n} cards: " + " / ".join(f"{t:.3f}" for t, _ in ts)
                      + f" s; median {statistics.median(t for t, _ in ts) / n * 1000:.3f} ms a card; whole audit "
                      + f"median {statistics.median(t for _, t in ts) / n * 1000:.3f} ms a card")
            for i, what in enumerate(("judge", "whole audit")):
                ratio = (statistics.median(t[i] for t in times["baseline"])
                         / statistics.median(t[i] for t in times["this"]))
                print(f"{what} speed-up (baseline median / this median): {ratio:.2f}x")
            print(f"load {os.getloadavg()[0]:.1f}")
        if args.profile:
            _ask(procs["this"], "profile " + args.sort)
        for proc in procs.values():
            assert proc.stdin
            proc.stdin.write("quit\n")
            proc.stdin.close()
            proc.wait()


if __name__ == "__main__":
    main()
