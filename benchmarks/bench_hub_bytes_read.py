"""bytes_read / total_bytes for auditing big-weights releases through the Hub replay server.

Target (issue 2): a Hub repo whose listing holds a 20 GB safetensors file is audited reading less
than 0.1% of the repo's bytes. Runs the full `unveil.service.audit` pipeline with the real
huggingface_hub client against tests/hub_replay.py; also reports the bytes that crossed the wire.

    python benchmarks/bench_hub_bytes_read.py [--min-file-bytes N] [--only ORG/NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from hub_replay import RELEASES, HubReplay  # noqa: E402

BIG_ID = "unveil-bench/big-safetensors-20gb"


def make_big_release(root: Path, size: int = 20_000_000_000) -> str:
    """A release of our own: a short card, a config and one synthetic 20 GB safetensors file."""
    folder = root / BIG_ID.replace("/", "__")
    folder.mkdir(parents=True)
    card = "---\nlicense: apache-2.0\n---\n# Benchmark model\n\nSynthetic weights.\n"
    (folder / "README.md").write_text(card)
    (folder / "config.json").write_text(json.dumps({"model_type": "llama", "hidden_size": 8192}))
    entries = [{"path": p, "size": (folder / p).stat().st_size, "lfs": False}
               for p in ("README.md", "config.json")]
    entries.append({"path": "model.safetensors", "size": size, "lfs": True, "synthetic": "safetensors"})
    (folder / "files.json").write_text(json.dumps(entries))
    return BIG_ID


def big_releases(min_file_bytes: int) -> list[str]:
    ids = []
    for folder in sorted(RELEASES.iterdir()):
        listing = folder / "files.json"
        if listing.is_file() and any(e["size"] >= min_file_bytes for e in json.loads(listing.read_text())):
            org, _, name = folder.name.partition("__")
            ids.append(f"{org}/{name}")
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-file-bytes", type=int, default=100_000_000,
                        help="audit shared releases whose listing holds a file at least this big")
    parser.add_argument("--only", nargs="*", help="audit only these repo ids")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp, HubReplay([RELEASES]) as server:
        os.environ["HF_ENDPOINT"] = server.endpoint
        os.environ["HF_HUB_CACHE"] = str(Path(tmp) / "hf-cache")
        os.environ.pop("HF_HUB_OFFLINE", None)
        server.add_root(Path(tmp))
        ids = args.only or [make_big_release(Path(tmp)), *big_releases(args.min_file_bytes)]

        from unveil.service import audit

        print(f"{'repo':48} {'total_bytes':>15} {'bytes_read':>11} {'ratio':>9} {'on wire':>9} "
              f"{'reqs':>5} {'secs':>6}")
        worst, errors = 0.0, 0
        for rid in ids:
            server.reset()
            start = time.perf_counter()
            try:
                report = audit(rid)
            except Exception as exc:  # a benchmark reports, it does not stop
                print(f"{rid:48} error: {type(exc).__name__}: {exc}")
                errors += 1
                continue
            secs = time.perf_counter() - start
            total, read = report.source.total_bytes, report.source.bytes_read
            ratio = read / total if total else 0.0
            wire = server.bytes_sent() / total if total else 0.0
            worst = max(worst, ratio, wire)
            print(f"{rid:48} {total:>15,} {read:>11,} {ratio:>9.2e} {wire:>9.2e} "
                  f"{len(server.requests):>5} {secs:>6.2f}")
        print(f"worst ratio: {worst:.2e} (target < 1.00e-03); {errors} audits failed")
    return 0 if worst < 0.001 and not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
