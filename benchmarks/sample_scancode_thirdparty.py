"""Draw a held-out sample of third-party licence texts from the installed ScanCode licence database.

    PYTHONPATH=src python benchmarks/sample_scancode_thirdparty.py --seed 9137 [--n 40] [--exclude-labels FILE ...]
        [--exclude-keys FILE]

Prints the drawn ScanCode keys (one per line, with the ScanCode category and length) for labelling by hand;
writes nothing. The draw is fixed by the seed and the installed `licensedcode-data` version.

Pool: every `data/licenses/*.LICENSE` text that is not deprecated, not an exception, not a CLA / patent
licence / "Unstated License", between 60 and 3,500 words (a longer EULA cannot be read and labelled by hand
in one round; the cap is stated with every figure), and that is none of: a key of the labels files given
(the regression sets) or a near-copy of one of their texts (50% of its shingles or more, with --exclude-keys),
a key listed in the `--exclude-keys` file (texts looked at while tuning), a catalogue id or alias (the AI
catalogue is tuned material), or a text sharing 50% or more of its 5-word shingles with a text of
`../shared/data/licenses` or a licence file of the model-code archive (tuned material). Strata, where our
reading is hard: ScanCode's Proprietary Free, Free Restricted, Source-available and Commercial families (6/10
of the draw, evenly); texts of those or the open families that speak of offering the work as a hosted /
managed service (SSPL, BSL, Elastic-like; 15%); and open families (Permissive, Copyleft, Copyleft Limited,
Public Domain) whose text carries a field-of-use, non-commercial, research/evaluation-only, acceptable-use,
attribution/notice or share-alike cue (25%). Creative Commons texts are left out (a catalogued family; its 4.0
texts are tuned material). A cue is a selection filter only; the labels come from reading the text.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tarfile
from pathlib import Path

from unveil.licenses import catalog, licensedb

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
_FRONT = re.compile(r"^---\n(.*?)\n---\n?", re.S)
_CUE = re.compile(
    r"non-?commercial|research purposes|academic|evaluation purposes|internal (?:evaluation|use)|"
    r"acceptable use|field of use|as a service|hosted|managed service|share ?-?alike|"
    r"advertising materials|must (?:display|include) (?:the following|an?) acknowledg|military|weapons",
    re.I,
)
_HARD = ("Proprietary Free", "Free Restricted", "Source-available", "Commercial")
# Offering the work as a hosted service (SSPL / BSL / Elastic-like terms): any family.
_SERVICE = re.compile(r"as a (?:hosted|managed|network|web|cloud|online) service|software as a service|\\bsaas\\b|"
                      r"hosted (?:or managed )?service|managed service|service provider", re.I)
_OPEN = {"Permissive", "Copyleft", "Copyleft Limited", "Public Domain"}


def _tuned_shingles() -> list[frozenset[int]]:
    out = []
    for f in sorted((SHARED / "licenses").glob("*.txt")):
        out.append(frozenset(licensedb._shingles(licensedb._WORD.findall(f.read_text("utf-8", "replace").lower()))))
    arch = SHARED / "model-code" / "code.tar.gz"
    if arch.is_file():
        with tarfile.open(arch) as tar:
            for m in tar:
                name = m.name.rsplit("/", 1)[-1].upper()
                if m.isfile() and name.startswith(("LICENSE", "LICENCE", "COPYING")):
                    raw = tar.extractfile(m).read(1 << 20).decode("utf-8", "replace")
                    out.append(frozenset(licensedb._shingles(licensedb._WORD.findall(raw.lower()))))
    return [s for s in out if s]


def pool(exclude: set[str], near: set[str] = frozenset()) -> dict[str, list[tuple[str, int]]]:
    d = licensedb._data_dir()
    if d is None:
        raise SystemExit("licensedcode-data is not installed (the `licenses` extra)")
    tuned = _tuned_shingles()
    for key in sorted(near):  # the labelled texts themselves: their near-copies are tuned material too
        raw = (d / f"{key}.LICENSE").read_text("utf-8", "replace")
        m = _FRONT.match(raw)
        tuned.append(frozenset(licensedb._shingles(licensedb._WORD.findall((raw[m.end() :] if m else raw).lower()))))
    cat_ids = {e.id.lower() for e in catalog.ALL} | set(catalog.ALIASES)
    strata: dict[str, list[tuple[str, int]]] = {k: [] for k in ("hosted-service", *_HARD, "open-with-cue")}
    for f in sorted(d.glob("*.LICENSE")):
        key = f.stem
        raw = f.read_text("utf-8", "replace")
        m = _FRONT.match(raw)
        front, body = (m.group(1), raw[m.end() :]) if m else ("", raw)
        # Creative Commons: a catalogued family (its 4.0 texts are tuned material).
        skip = key in exclude or key in cat_ids or key.startswith("cc-")
        if skip or re.search(r"^is_(?:deprecated|exception): yes", front, re.M):
            continue
        fam = (re.search(r"^category: (.+)$", front, re.M) or [None, ""])[1].strip()
        words = licensedb._WORD.findall(body.lower())
        if not 60 <= len(words) <= 3500:
            continue
        sh = licensedb._shingles(words)
        if any(len(sh & t) >= 0.5 * max(len(sh), 1) for t in tuned):
            continue
        if fam not in (*_HARD, *_OPEN):
            continue
        if _SERVICE.search(body):
            strata["hosted-service"].append((key, len(words)))
        elif fam in _HARD:
            strata[fam].append((key, len(words)))
        elif fam in _OPEN and _CUE.search(body):
            strata["open-with-cue"].append((key, len(words)))
    return strata


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=40)
    ap.add_argument("--exclude-labels", nargs="*", default=[], help="labels files whose keys are left out")
    ap.add_argument("--exclude-keys", type=Path, help="a file of keys to leave out (whitespace-separated, # comments)")
    args = ap.parse_args()
    labelled: set[str] = set()
    for p in args.exclude_labels:
        labelled |= {r["key"] for r in json.loads(Path(p).read_text("utf-8"))["files"] if "key" in r}
    exclude = set(labelled)
    if args.exclude_keys:
        for line in args.exclude_keys.read_text("utf-8").splitlines():
            exclude |= set(line.split("#", 1)[0].split())
    # The first draw (seed 9137) was made before near-copy exclusion of labelled texts existed: only keys then.
    strata = pool(exclude, labelled if args.exclude_keys else set())
    rng = random.Random(args.seed)
    n_service = round(args.n * 0.15)
    n_open = round(args.n * 0.25)
    per_hard = (args.n - n_open - n_service) // len(_HARD)
    quota = {"hosted-service": n_service} | {k: per_hard for k in _HARD}
    quota["open-with-cue"] = args.n - n_service - per_hard * len(_HARD)
    for name, rows in strata.items():
        picked = rng.sample(rows, min(quota[name], len(rows)))
        print(f"# {name}: {len(picked)} of {len(rows)}")
        for key, n in sorted(picked):
            print(f"{key}\t{name}\t{n} words")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
