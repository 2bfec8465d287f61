"""Speed of the documentation analyzer: model cards parsed (front matter + markdown) and scored per second.

Run: /work/venv/bin/python benchmarks/bench_documentation.py [--repeat N]
Cards: every recorded release card and EOSAI card in ../shared/data (real Hub cards, 2-50 KB).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unveil.card import parse_card
from unveil.documentation import analyze_card

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    texts = [p.read_text(errors="replace") for p in sorted(DATA.glob("releases/*/README.md"))]
    texts += [p.read_text(errors="replace") for p in sorted(DATA.glob("eosai-cards/*/README.md"))]
    size = sum(len(t) for t in texts) / len(texts)
    for t in texts:  # warm up (regex compilation, imports)
        analyze_card(parse_card(t, "README.md"))
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(args.repeat):
            for t in texts:
                analyze_card(parse_card(t, "README.md"))
        rate = len(texts) * args.repeat / (time.perf_counter() - start)
        best = max(best, rate)
    print(f"{len(texts)} real cards, mean {size / 1024:.1f} KB: {best:.0f} cards/s parsed and scored (best of 3)")


if __name__ == "__main__":
    main()
