"""EOSAI grades from real cards against the index's experts, cell by cell.

    PYTHONPATH=src python benchmarks/bench_eosai.py [-v] [--replay]

Two sets, reported apart:
- regression set (tuned on): ../shared/data/eosai-cards, the 4 cards the rules were studied on
  (also checked by tests/test_openness_eosai_regression.py);
- held out (not tuned on): benchmarks/labels/heldout_eosai.json, EOSAI records of the dev split whose
  model card is in ../shared/data/releases, chosen before grading;
- benchmarks/labels/eosai_split.json: every other dev-split entry whose own or base card is in
  ../shared/data, split by a fixed seed into a tuning half and a held-out half before grading;
- benchmarks/labels/eosai_selflabel_<seed>.json: real END-model cards of cards-2023 graded by hand (self-labelled,
  following the index's written criteria, not its experts), each file reported on its own (`"role"` says whether it
  was tuned on). `--selflabel-only` runs only these.
- benchmarks/labels/eosai_expert_split6.json: the 21 expert-graded entries above pooled and split by card (seed 606)
  into a tuning half and a measuring half; `--split6-only` runs the self-labels and these two halves only, and `-v`
  itemises the tuning half alone (the measuring half with `--itemise-measuring`, once the rules are frozen).
  benchmarks/labels/eosai6_disagreements.json classifies the disagreements; cells of class (b), graded by the
  experts from material outside the card, give a second reading where `inconclusive` there counts as agreement.

Each card is audited alone (a folder holding only its README.md, offline). A base model's card speaks for
the base-model parameters and the documentation, not for the end model's data or weights, so those two cells
are left out for it. Figures: agreement on the cells unveil grades (inconclusive left out), the number of
inconclusive cells, and the strict rate counting inconclusive as disagreement.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from cards2023 import load as load_cards  # noqa: E402  (test helper: reads the cards-2023 tarball)
from unveil.openness.eosai import PARAMETERS
from unveil.service import audit

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
MODELS = SHARED / "openness" / "eosai" / "models"


# With --replay, a card of ../shared/data/releases is graded as the recorded release it belongs to (card, file
# listing, gated marker, LICENSE) through tests/hub_replay.py, as tests/test_openness_releases.py does.
REPLAY = {"on": False}


def _grade(card: Path) -> dict[str, tuple[str, str]]:
    if REPLAY["on"] and (card.parent / "files.json").is_file():
        eosai = audit(card.parent.name.replace("__", "/", 1)).openness.eosai
        return {k: (v.grade, v.reason or "") for k, v in eosai.parameters.items()}
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(card, Path(tmp) / "README.md")
        eosai = audit(tmp).openness.eosai
    return {k: (v.grade, v.reason or "") for k, v in eosai.parameters.items()}


def _expert(eosai_file: str) -> dict[str, str | None]:
    record = yaml.safe_load((MODELS / eosai_file).read_text())
    return {p: (record.get(p) or {}).get("class") for p in PARAMETERS}


def regression_set() -> list[tuple[str, Path, str, dict]]:
    out = []
    for folder in sorted(p for p in (SHARED / "eosai-cards").iterdir() if (p / "entry.json").is_file()):
        entry = json.loads((folder / "entry.json").read_text())
        out.append((entry["eosai_file"], folder / "README.md", entry["card_role"], entry["expert"]))
    return out


def heldout_set() -> list[tuple[str, Path, str, dict]]:
    labels = json.loads((ROOT / "benchmarks/labels/heldout_eosai.json").read_text())["entries"]
    return [(e["eosai_file"], SHARED / e["card"] / "README.md", e["card_role"], _expert(e["eosai_file"]))
            for e in labels]


def _entries(label_file: str, half: str) -> list[tuple[str, Path, str, dict]]:
    """(eosai file, card path, card role, expert grades) of one half of a split label file."""
    labels = json.loads((ROOT / "benchmarks/labels" / label_file).read_text())[half]
    return [(e["eosai_file"], SHARED / e["card"] / "README.md",
             "endmodel" if e["card_role"] == "endmodel" else "basemodel", _expert(e["eosai_file"])) for e in labels]


def split_set(half: str) -> list[tuple[str, Path, str, dict]]:
    return _entries("eosai_split.json", half)


def split6_set(half: str) -> list[tuple[str, Path, str, dict]]:
    """eosai6's split of all 21 expert-graded entries by card (benchmarks/labels/eosai_expert_split6.json)."""
    return _entries("eosai_expert_split6.json", half)


def outside_cells() -> set[tuple[str, str]]:
    """Cells classified (b) in eosai6: the expert graded from material outside the card (entry file, parameter)."""
    path = ROOT / "benchmarks/labels/eosai6_disagreements.json"
    if not path.is_file():
        return set()
    rows = json.loads(path.read_text())["cells"]
    return {(r["eosai_file"], r["parameter"]) for r in rows if r["class"] == "b"}


# What a base model's own card can speak for; the rest grade the whole end-user system.
BASE_CELLS = ("datasources_basemodel", "weights_basemodel")


def measure(cases: list[tuple[str, Path, str, dict]], verbose: bool = False) -> dict[str, int]:
    agree = graded = inconclusive = inc_on_b = 0
    outside = outside_cells()
    base = [0, 0]
    per: dict[str, list[int]] = {p: [0, 0, 0] for p in PARAMETERS}
    cache: dict[Path, dict[str, tuple[str, str]]] = {}
    for name, card, role, expert in cases:
        ours = cache.setdefault(card, _grade(card))
        for param in PARAMETERS:
            want = expert.get(param)
            if want is None or (role == "basemodel" and param.endswith("_endmodel")):
                continue
            got, why = ours[param]
            if got == "inconclusive":
                inconclusive += 1
                per[param][2] += 1
                inc_on_b += (name, param) in outside
            else:
                graded += 1
                agree += got == want
                per[param][0] += got == want
                per[param][1] += 1
                if role == "basemodel" and param in BASE_CELLS:
                    base[0] += got == want
                    base[1] += 1
            if verbose and got != want:
                print(f"    {name}: {param} expert {want}, unveil {got} ({why})")
    for param, (a, n, i) in per.items():
        print(f"    {param:22s} {a}/{n} agree, {i} inconclusive")
    print(f"    base-model cells of base-model cards: {base[0]}/{base[1]} agree; the other cells grade the end "
          f"system from its base's card: {agree - base[0]}/{graded - base[1]}")
    return {"agree": agree, "graded": graded, "inconclusive": inconclusive, "inc_on_b": inc_on_b}


def _summary(label: str, m: dict[str, int]) -> None:
    rate = m["agree"] / m["graded"] if m["graded"] else 0.0
    cells = m["graded"] + m["inconclusive"]
    print(f"  {label}: {m['agree']}/{m['graded']} graded cells agree ({rate:.0%}); {m['inconclusive']} of {cells} "
          f"inconclusive; strict {m['agree']}/{cells} ({m['agree'] / cells:.0%}); inconclusive counted as agreement "
          f"{m['agree'] + m['inconclusive']}/{cells} ({(m['agree'] + m['inconclusive']) / cells:.0%}); inconclusive on "
          f"class-(b) cells counted as agreement {m['agree'] + m['inc_on_b']}/{cells} "
          f"({(m['agree'] + m['inc_on_b']) / cells:.0%})")


def _start_replay() -> object:
    """The Hub replay of ../shared/data/releases, with the environment pointed at it (no token, no cache)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from hub_replay import HubReplay  # test helper, only for this mode

    server = HubReplay([SHARED / "releases"]).start()
    os.environ["HF_ENDPOINT"] = server.endpoint
    os.environ["HF_HUB_CACHE"] = tempfile.mkdtemp(prefix="bench-eosai-hf-")
    for var in ("HF_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.pop(var, None)
    REPLAY["on"] = True
    return server


def _grade_text(text: str) -> dict[str, tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "README.md").write_text(text, encoding="utf-8")
        eosai = audit(tmp).openness.eosai
    return {k: (v.grade, v.reason or "") for k, v in eosai.parameters.items()}


def measure_selflabel(path: Path, verbose: bool = False) -> dict[str, int]:
    """Cell-by-cell agreement with hand labels of real end-model cards. A label `inconclusive` says the card
    alone cannot decide the cell: the grader agrees there only by being inconclusive too."""
    data = json.loads(path.read_text(encoding="utf-8"))
    texts = load_cards(set(data["cards"]))
    m = {"cells": 0, "match": 0, "graded": 0, "agree": 0, "ours_inc": 0, "label_inc": 0, "both_inc": 0,
         "decided_on_inc": 0, "inc_on_decided": 0}
    per: dict[str, list[int]] = {p: [0, 0] for p in PARAMETERS}
    for cid, entry in data["cards"].items():
        if cid not in texts:
            print(f"    missing card {cid}")
            continue
        ours = _grade_text(texts[cid])
        for param in PARAMETERS:
            want = entry["labels"][param]["grade"]
            got, why = ours[param]
            m["cells"] += 1
            m["match"] += got == want
            per[param][0] += got == want
            per[param][1] += 1
            m["ours_inc"] += got == "inconclusive"
            m["label_inc"] += want == "inconclusive"
            if want == "inconclusive":
                m["both_inc"] += got == "inconclusive"
                m["decided_on_inc"] += got != "inconclusive"
            elif got == "inconclusive":
                m["inc_on_decided"] += 1
            else:
                m["graded"] += 1
                m["agree"] += got == want
            if verbose and got != want:
                print(f"    {cid}: {param} label {want}, unveil {got} ({why})")
    print("    " + ", ".join(f"{p} {a}/{n}" for p, (a, n) in per.items()))
    return m


def _summary_selflabel(label: str, m: dict[str, int]) -> None:
    def pct(a: int, b: int) -> str:
        return f"{a}/{b} ({a / b:.0%})" if b else f"{a}/0"

    print(f"  {label}: cells equal to the label (inconclusive = inconclusive) {pct(m['match'], m['cells'])}; "
          f"graded cells agree {pct(m['agree'], m['graded'])}; inconclusive where the label says the card cannot "
          f"decide {pct(m['both_inc'], m['label_inc'])}; inconclusive where the label decides "
          f"{m['inc_on_decided']}; decided where the label says it cannot {m['decided_on_inc']}; "
          f"unveil inconclusive {m['ours_inc']}/{m['cells']}")


def selflabel_files() -> list[Path]:
    return sorted((ROOT / "benchmarks/labels").glob("eosai_selflabel_*.json"))


def main() -> None:
    verbose = "-v" in sys.argv
    for path in selflabel_files():
        role = json.loads(path.read_text(encoding="utf-8")).get("role", "tuned on")
        print(f"self-labelled end-model cards ({role}): {path.relative_to(ROOT)}")
        _summary_selflabel(path.stem, measure_selflabel(path, verbose and role == "tuned on"))
    if "--selflabel-only" in sys.argv:
        return
    if "--replay" in sys.argv:
        print("recorded releases graded through the Hub replay (card, listing, gated marker, LICENSE)")
        _start_replay()
    # the earlier sets overlap eosai6's measuring half: with --split6-only they are not run (nor itemised)
    earlier = "--split6-only" not in sys.argv
    if earlier:
        print("regression set (tuned on): ../shared/data/eosai-cards")
        _summary("regression set", measure(regression_set(), verbose))
        print("held out (not tuned on): benchmarks/labels/heldout_eosai.json")
        _summary("held out", measure(heldout_set()))  # never itemised: held-out cells are not to be read
        for half in ("tuning", "heldout"):
            print(f"split ({half} half): benchmarks/labels/eosai_split.json")
            _summary(f"split {half}", measure(split_set(half), verbose and half == "tuning"))
    for half in ("tuning", "measuring"):
        print(f"eosai6 split by card ({half} half): benchmarks/labels/eosai_expert_split6.json")
        # the measuring half is itemised only with --itemise-measuring (after the rules are frozen)
        show = verbose and (half == "tuning" or "--itemise-measuring" in sys.argv)
        _summary(f"eosai6 {half}", measure(split6_set(half), show))


if __name__ == "__main__":
    main()
