"""Assemble the held-out real releases of benchmarks/heldout_releases_2 into a folder, at run time.

    PYTHONPATH=src python benchmarks/build_heldout_releases.py OUT_DIR [--set 2|3|4|...]

The repository keeps, per release, only what is ours: `files.json` (the listing, reconstructed from
knowledge of the Hub repo's layout; the entries marked `recorded` carry a locator in `from` instead of
a size), `expected.json` (labels written by reading the material before any audit) and `gated`. The
third-party texts are read from ../shared/data when the set is built and never copied into the
repository: the model card from the cards-2023 tarball, a licence text from ../shared/data/licenses or
from the model-code archive. The size and sha256 of each recorded file are computed from those bytes.

The result has the layout of ../shared/data/releases (what tests/hub_replay.py serves). Set 2
(benchmarks/heldout_releases_2, the default) is the one the rules were then corrected on; set 3
(benchmarks/heldout_releases_3) was labelled after those corrections, to measure them; set 4 was
labelled on branch rel4 before its first audit (see each set's README.md).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {p.name.rsplit("_", 1)[1]: p for p in sorted((ROOT / "benchmarks").glob("heldout_releases_[0-9]*"))}
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "tests"))

from cards2023 import load_members  # noqa: E402

KEPT = ("expected.json", "gated")


def release_folders(which: str = "2") -> list[Path]:
    return sorted(p for p in SETS[which].iterdir() if (p / "files.json").is_file())


def _model_code(members: set[str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not members:
        return out
    with tarfile.open(SHARED / "model-code" / "code.tar.gz") as tar:
        for member in tar:
            name = member.name.removeprefix("./")
            if member.isreg() and name in members:
                fh = tar.extractfile(member)
                if fh is not None:
                    out[name] = fh.read()
    return out


def build(out: Path, which: str = "2") -> list[Path]:
    """Write every release folder of set `which` under `out` (created); returns the folders."""
    out.mkdir(parents=True, exist_ok=True)
    listings = {folder: json.loads((folder / "files.json").read_text()) for folder in release_folders(which)}
    wanted = [entry["from"] for listing in listings.values() for entry in listing if "from" in entry]
    cards = load_members({w["cards2023"] for w in wanted if "cards2023" in w})
    code = _model_code({w["model-code"] for w in wanted if "model-code" in w})
    built = []
    for folder, listing in listings.items():
        target = out / folder.name
        target.mkdir(exist_ok=True)
        for name in KEPT:
            if (folder / name).is_file():
                shutil.copyfile(folder / name, target / name)
        entries = []
        for entry in listing:
            entry = dict(entry)
            locator = entry.pop("from", None)
            if locator is not None:
                if "cards2023" in locator:
                    data = cards[locator["cards2023"]].encode()
                elif "model-code" in locator:
                    data = code[locator["model-code"]]
                else:
                    data = (SHARED / "licenses" / locator["licenses"]).read_bytes()
                (target / entry["path"]).write_bytes(data)
                entry.update(size=len(data), lfs=False, sha256=hashlib.sha256(data).hexdigest())
            entries.append(entry)
        (target / "files.json").write_text(json.dumps(entries, indent=1) + "\n")
        built.append(target)
    return built


if __name__ == "__main__":
    args = sys.argv[1:]
    which = "2"
    if "--set" in args:
        at = args.index("--set")
        which, args = args[at + 1], args[:at] + args[at + 2:]
    if len(args) != 1 or which not in SETS:
        sys.exit(__doc__)
    for path in build(Path(args[0]), which):
        print(path)
