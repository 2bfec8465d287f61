"""The cards-2023 corpus (../shared/data/cards-2023): real Hub model cards, read without unpacking them
into the repository. Each card comes with its Hub id from the collection's own index.

Used by the accuracy scripts and the regression sets' builders; nothing here is run in CI.
"""

from __future__ import annotations

import csv
import gzip
import io
import random
import tarfile
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cards-2023"


def _index() -> dict[str, str]:
    """readme path inside the tar -> Hub id."""
    out: dict[str, str] = {}
    for csv_path in sorted(DATA.glob("metadata_*_WithREADME.csv.gz")):
        with gzip.open(csv_path, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out[row["readme_path"].removeprefix("./")] = row["model_name"]
    return out


def _guess_id(member: str) -> str:
    """A card missing from the index: `<org>_<name>_README.md`, taking the first '_' as the separator."""
    stem = member.rsplit("/", 1)[-1].removesuffix("_README.md")
    return stem.replace("_", "/", 1) if "_" in stem else stem


def cards() -> Iterator[tuple[str, str]]:
    """(Hub id, card text) for every card of the corpus, in archive order."""
    index = _index()
    with tarfile.open(DATA / "model_cards.tar.gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith("_README.md"):
                continue
            fh = tar.extractfile(member)
            if fh is None:
                continue
            text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace").read()
            yield index.get(member.name) or _guess_id(member.name), text


def sample(n: int, seed: int, exclude: set[str] = frozenset()) -> list[tuple[str, str]]:
    """n cards drawn at random with a fixed seed (ids sorted first, so the draw does not depend on order)."""
    every = dict(cards())
    ids = sorted(i for i in every if i not in exclude)
    return [(i, every[i]) for i in random.Random(seed).sample(ids, n)]
