"""Speed of the documentation analyzer: model cards parsed (front matter + markdown) and scored per second.

Run: /work/venv/bin/python benchmarks/bench_documentation.py [--passes N]

Two sets, one core:
- real cards: every card in ../shared/data (recorded releases and EOSAI cards). These are flagship
  models' cards, mean ~11 KB, several times the size of the bulk of the Hub.
- small cards: the shapes most Hub repos carry (a Trainer-generated card, the unfilled template, a
  short quick-start card, a short filled card; own-made texts from tests/doc_cards.py), 1-2.5 KB.
`--census N` instead: the analyzer's CPU alone (cards parsed beforehand) over N cards of cards-2023 (fixed
sample, `--seed`), one pass after 300 cards of warm-up, as the census pace work measured it; run it under
`PYTHONPATH=<tree>/src` for two trees in turn (A, B, A, B) and compare the ratios.
Each pass analyses every card of a set once; the best pass is reported, because the machine is shared
and bursts of other work only ever slow a pass down. KB/s lets the figure be scaled to any size mix.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

from unveil.card import parse_card
from unveil.documentation import analyze_card

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


def _small_cards() -> list[str]:
    spec = importlib.util.spec_from_file_location("doc_cards", REPO / "tests" / "doc_cards.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return [mod.TRAINER_CARD, mod.ENCODER_CARD, mod.QUICKSTART_ONLY, mod.UNFILLED_TEMPLATE, mod.FILLED]


def measure(label: str, texts: list[str], passes: int) -> None:
    kb = sum(len(t.encode()) for t in texts) / 1024
    for t in texts:  # warm up (regex compilation, imports, heading cache)
        analyze_card(parse_card(t, "README.md"))
    best = best_cpu = float("inf")
    for _ in range(passes):
        start, cpu = time.perf_counter(), time.process_time()
        for t in texts:
            analyze_card(parse_card(t, "README.md"))
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    print(f"{label}: {len(texts)} cards, mean {kb / len(texts):.1f} KB, best of {passes} passes")
    print(f"  wall clock: {len(texts) / best:.0f} cards/s parsed and scored ({kb / best:.0f} KB/s)")
    # CPU time excludes the time other jobs on this shared machine hold the cores.
    print(f"  CPU time:   {len(texts) / best_cpu:.0f} cards/s parsed and scored ({kb / best_cpu:.0f} KB/s)")


def _analyse_all(texts: list[str]) -> int:
    for t in texts:
        analyze_card(parse_card(t, "README.md"))
    return len(texts)


def measure_processes(label: str, texts: list[str], workers: int, repeat: int) -> None:
    """Aggregate throughput with one process per core, as survey mode runs it."""
    from concurrent.futures import ProcessPoolExecutor

    batch = texts * repeat
    chunks = [batch[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_analyse_all, [texts] * workers))  # warm up every worker
        start = time.perf_counter()
        done = sum(pool.map(_analyse_all, chunks))
        elapsed = time.perf_counter() - start
    print(f"{label}, {workers} processes: {done / elapsed:.0f} cards/s aggregate ({done} cards in {elapsed:.2f} s)")


def measure_census(n: int, seed: int) -> None:
    """CPU of `analyze_card` alone over n cards of cards-2023 (seed fixed), the cards parsed beforehand."""
    import random
    import tarfile

    with tarfile.open(DATA / "cards-2023" / "model_cards.tar.gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isreg() and m.name.endswith("_README.md")
                          and m.size <= 4 << 20), key=lambda m: m.name)
        chosen = sorted(random.Random(seed).sample(members, min(n, len(members))), key=lambda m: m.offset)
        texts = [tar.extractfile(m).read().decode("utf-8", "replace") for m in chosen]  # type: ignore[union-attr]
    random.Random(seed).shuffle(texts)
    cards = [parse_card(t, "README.md") for t in texts]
    for card in cards[:300]:
        analyze_card(card)
    cpu = time.process_time()
    for card in cards:
        analyze_card(card)
    cpu = time.process_time() - cpu
    print(f"cards-2023, {len(cards)} cards (seed {seed}): {cpu:.3f} s CPU, {cpu / len(cards) * 1000:.3f} ms a card")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=30)
    ap.add_argument("--processes", type=int, default=2, help="also measure N worker processes (0: skip)")
    ap.add_argument("--census", type=int, default=0, help="only: N cards of cards-2023, the analyzer's CPU alone")
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    if args.census:
        measure_census(args.census, args.seed)
        return
    texts = [p.read_text(errors="replace") for p in sorted(DATA.glob("releases/*/README.md"))]
    texts += [p.read_text(errors="replace") for p in sorted(DATA.glob("eosai-cards/*/README.md"))]
    measure("real cards", texts, args.passes)
    measure("small cards", _small_cards(), args.passes * 5)
    if args.processes > 1:
        measure_processes("real cards", texts, args.processes, repeat=40)


if __name__ == "__main__":
    main()
