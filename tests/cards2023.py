"""Cards of the shared cards-2023 corpus by Hub id, read from its tarball without unpacking it."""

from __future__ import annotations

import csv
import gzip
import io
import random
import tarfile
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cards-2023"


def _guess_id(member: str) -> str:
    stem = member.rsplit("/", 1)[-1].removesuffix("_README.md")
    return stem.replace("_", "/", 1) if "_" in stem else stem


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    out: dict[str, str] = {}
    for csv_path in sorted(DATA.glob("metadata_*_WithREADME.csv.gz")):
        with gzip.open(csv_path, "rt", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out[row["readme_path"].removeprefix("./")] = row["model_name"]
    return out


def load(ids: set[str] | frozenset[str]) -> dict[str, str]:
    """Hub id -> card text for the ids asked for (ids missing from the corpus are left out)."""
    index = _index()
    out: dict[str, str] = {}
    with tarfile.open(DATA / "model_cards.tar.gz") as tar:
        for member in tar:
            if not member.isfile() or not member.name.endswith("_README.md"):
                continue
            cid = index.get(member.name) or _guess_id(member.name)
            if cid in ids and cid not in out:
                fh = tar.extractfile(member)
                if fh is not None:
                    out[cid] = io.TextIOWrapper(fh, encoding="utf-8", errors="replace").read()
    return out


def load_members(names: set[str] | frozenset[str]) -> dict[str, str]:
    """Tarball member name (`_train/ORG_NAME_README.md`) -> card text, for the members asked for."""
    out: dict[str, str] = {}
    with tarfile.open(DATA / "model_cards.tar.gz") as tar:
        for member in tar:
            name = member.name.removeprefix("./")
            if member.isfile() and name in names and name not in out:
                fh = tar.extractfile(member)
                if fh is not None:
                    out[name] = io.TextIOWrapper(fh, encoding="utf-8", errors="replace").read()
    return out


def sample_texts(n: int, seed: int, max_size: int) -> list[str]:
    """`n` cards drawn by `seed` among the card members under `max_size` bytes (sorted by name), in archive order
    (the gzip stream only goes forward)."""
    with tarfile.open(DATA / "model_cards.tar.gz") as tar:
        members = [m for m in tar.getmembers() if m.isreg() and m.name.endswith("_README.md") and m.size < max_size]
        chosen = set(random.Random(seed).sample(sorted(m.name for m in members), n))
        return [tar.extractfile(m).read().decode("utf-8", "replace")  # type: ignore[union-attr]
                for m in members if m.name in chosen]


def card_folders(root: Path, count: int, skip: int = 0, max_size: int = 200_000) -> list[str]:
    """The first `count` cards (under `max_size` bytes, past the first `skip`) as release folders under `root`."""
    out: list[str] = []
    seen = 0
    with tarfile.open(DATA / "model_cards.tar.gz") as tar:
        for member in tar:
            if not (member.isreg() and member.name.endswith("_README.md") and member.size < max_size):
                continue
            seen += 1
            if seen <= skip:
                continue
            folder = root / f"card-{len(out):03d}"
            folder.mkdir(parents=True)
            (folder / "README.md").write_bytes(tar.extractfile(member).read())  # type: ignore[union-attr]
            out.append(str(folder))
            if len(out) == count:
                break
    return out


def excerpt(text: str, row: dict) -> str:
    """A labelled excerpt of a card, from its locator (`offset`, `length`, optional `strip_lines`); the digest
    (`sha1`) proves it is the text that was labelled. Fixtures keep only locators and labels: the cards' own
    words stay in ../shared/data."""
    import hashlib

    part = text[row["offset"]:row["offset"] + row["length"]]
    if row.get("strip_lines"):
        part = "\n".join(line.strip() for line in part.splitlines())
    assert hashlib.sha1(part.encode("utf-8")).hexdigest()[:16] == row["sha1"], (row, part[:80])
    return part
