"""Speed of licence identification on ../shared/data/licenses (not a test).

Reports: `import unveil` time, first-call start-up, and the median throughput over every corpus text
identified cold (cache cleared each round) and warm (exact normalised-hash fast path).
Run: /work/venv/bin/python benchmarks/bench_licenses.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "licenses"


def main() -> None:
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import unveil"], capture_output=True, text=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import unveil"], check=True)
    print(
        f"python -c 'import unveil' wall: {time.perf_counter() - t0:.3f}s "
        f"(importtime lines: {len(out.stderr.splitlines())})"
    )

    t0 = time.perf_counter()
    from unveil.licenses import detect

    texts = [p.read_bytes() for p in sorted(DATA.glob("*.txt"))]
    detect.identify(texts[0])
    print(f"start-up (import + first identification): {time.perf_counter() - t0:.3f}s")

    cold: list[float] = []
    for _ in range(3):
        detect._CACHE.clear()
        for t in texts:
            s = time.perf_counter()
            detect.identify(t)
            cold.append(time.perf_counter() - s)
    warm: list[float] = []
    for t in texts:
        s = time.perf_counter()
        detect.identify(t)
        warm.append(time.perf_counter() - s)
    med = statistics.median(cold)
    print(
        f"cold: median {med * 1000:.2f} ms/text = {1 / med:.0f} texts/s; p90 "
        f"{sorted(cold)[int(len(cold) * 0.9)] * 1000:.2f} ms; n={len(cold)}"
    )
    wmed = statistics.median(warm)
    print(f"warm (hash fast path): median {wmed * 1000:.2f} ms/text = {1 / wmed:.0f} texts/s")


if __name__ == "__main__":
    main()
