"""Draw a fixed-seed random sample of cards-2023 ids for labelling by hand (reproducible draws).

    PYTHONPATH=src python benchmarks/sample_real_cards.py --seed 41 -n 40 --min-chars 2500

Cards already labelled in any set of the project (tests/fixtures/regression_*, benchmarks/labels) are left
out, so a new draw never re-measures what was tuned on. `--grep` keeps only cards whose text matches a
regular expression (keyword samples, e.g. open-source claims), `--exclude` drops those matching another (e.g.
the Trainer's generated template). Prints one Hub id per line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from cards2023 import DATA, _guess_id, _index  # noqa: E402


def labelled_ids() -> set[str]:
    """Every card id named in a label file of the project (as a key or as a row's `card`)."""
    ids: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and "/" in key and not key.startswith("_"):
                    ids.add(key)
                if key == "card" and isinstance(value, str):
                    ids.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in [*ROOT.glob("tests/fixtures/regression_*/*.json"), *ROOT.glob("benchmarks/labels/*.json")]:
        walk(json.loads(path.read_text(encoding="utf-8")))
    return ids


def draw(seed: int, n: int, min_chars: int, grep: str | None, exclude: str | None = None) -> list[str]:
    index, skip = _index(), labelled_ids()
    pattern = re.compile(grep) if grep else None
    unwanted = re.compile(exclude) if exclude else None
    pool: set[str] = set()
    with tarfile.open(DATA / "model_cards.tar.gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith("_README.md"):
                continue
            cid = index.get(member.name) or _guess_id(member.name)
            if cid in skip or member.size < min_chars:
                continue
            if pattern is not None or unwanted is not None:
                fh = tar.extractfile(member)
                text = fh.read().decode("utf-8", "replace") if fh is not None else ""
                if pattern is not None and not pattern.search(text):
                    continue
                if unwanted is not None and unwanted.search(text):
                    continue
            pool.add(cid)
    return random.Random(seed).sample(sorted(pool), min(n, len(pool)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("-n", type=int, default=40)
    ap.add_argument("--min-chars", type=int, default=2500)
    ap.add_argument("--grep", default=None)
    ap.add_argument("--exclude", default=None)
    args = ap.parse_args()
    print("\n".join(draw(args.seed, args.n, args.min_chars, args.grep, args.exclude)))


if __name__ == "__main__":
    main()
