"""Start-up: `unveil scan tiny.pkl` against `picklescan -p tiny.pkl`, wall time, same run (issue 14.5).

Goal: unveil within 1.5x picklescan (median of 7 runs each, interleaved so that machine load hits both
alike). Both run as fresh processes through their installed console scripts (the real ones next to this
interpreter, not a pyenv shim: a shim adds ~0.1 s to both), interpreter start included; the `unveil`
script imports this checkout (PYTHONPATH=src). The pickle is a one-line benign list. Also prints
`python -X importtime` top entries of unveil's run, to see what start-up pays for.

Whether Python may write bytecode caches matters: with PYTHONDONTWRITEBYTECODE set (and no __pycache__),
every run compiles unveil's sources again while picklescan's were compiled at install. The script says
which mode it ran in; `--bytecode` lets the runs write and use caches.

    pip install picklescan
    python benchmarks/bench_startup.py [--runs 7] [--baseline OTHER/src] [--bytecode]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TINY_PICKLE = b"\x80\x04\x95\x0b\x00\x00\x00\x00\x00\x00\x00]\x94(K\x01K\x02K\x03e."  # [1, 2, 3], protocol 4


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, check=False)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return took


def _script(name: str) -> str | None:
    """The console script installed with this interpreter (not a shim found first on PATH)."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.is_file() else shutil.which(name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another unveil src/ folder (say, an older checkout) timed too")
    parser.add_argument("--bytecode", action="store_true", help="let the runs write and use __pycache__")
    args = parser.parse_args()
    picklescan, unveil_script = _script("picklescan"), _script("unveil")
    if picklescan is None:
        raise SystemExit("picklescan is not installed: pip install picklescan")
    if unveil_script is None:
        raise SystemExit("the unveil console script is not installed: pip install -e .")
    src = Path(__file__).resolve().parents[1] / "src"
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1"}
    if args.bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(f"bytecode caches: {'written' if 'PYTHONDONTWRITEBYTECODE' not in env else 'not written'} "
          f"(PYTHONDONTWRITEBYTECODE {'unset' if 'PYTHONDONTWRITEBYTECODE' not in env else 'set'})")
    with tempfile.TemporaryDirectory() as tmp:
        tiny = Path(tmp) / "tiny.pkl"
        tiny.write_bytes(TINY_PICKLE)
        unveil = [unveil_script, "scan", str(tiny)]
        peer = [picklescan, "-p", str(tiny)]
        for cmd in (unveil, peer):  # warm the OS file cache and .pyc files
            _time(cmd, env)
        base_env = {**env, "PYTHONPATH": str(args.baseline)} if args.baseline else None
        ours, theirs, base = [], [], []
        for _ in range(args.runs):
            ours.append(_time(unveil, env))
            theirs.append(_time(peer, env))
            if base_env is not None:
                base.append(_time(unveil, base_env))
        imports = subprocess.run([sys.executable, "-X", "importtime", *unveil], capture_output=True, text=True,
                                 env=env).stderr
    mo, mt = statistics.median(ours), statistics.median(theirs)
    print(f"unveil scan tiny.pkl : median {mo:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in ours)})")
    print(f"picklescan -p        : median {mt:.3f} s  (runs: {', '.join(f'{t:.3f}' for t in theirs)})")
    print(f"ratio                : {mo / mt:.2f}x (goal <= 1.5x)")
    if base:
        mb = statistics.median(base)
        print(f"baseline {args.baseline}: median {mb:.3f} s, {mb / mt:.2f}x picklescan")
    rows = [line.split("|") for line in imports.splitlines() if line.startswith("import time:") and "|" in line]
    top = sorted(((int(r[1]), r[2].rstrip()) for r in rows[1:] if r[1].strip().isdigit()), reverse=True)[:16]
    print("largest cumulative imports (us):")
    for cum, name in top:
        print(f"  {cum:>8}  {name}")


if __name__ == "__main__":
    main()
