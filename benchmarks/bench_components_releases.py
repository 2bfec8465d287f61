"""Components on recorded releases: present/absent per MOF component against each release's expected.json.

    PYTHONPATH=src python benchmarks/bench_components_releases.py

`build_inventory` + `refine_with_documentation` on every folder of ../shared/data/releases (the listing of
files.json, the recorded files read; nothing fetched) and of tests/fixtures/regression_releases. Prints
precision and recall over (release, component) cells, the releases whose whole set is right, and each
disagreement. The recorded releases were used to check the rules: a regression figure.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from unveil import documentation  # noqa: E402
from unveil.card import parse_card  # noqa: E402
from unveil.inventory import build_inventory, refine_with_documentation  # noqa: E402

from recorded import expected, recorded_release  # noqa: E402

SETS = {"recorded releases": ROOT.parent / "shared" / "data" / "releases",
        "regression releases": ROOT / "tests" / "fixtures" / "regression_releases"}


def present(folder: Path) -> set[str]:
    release = recorded_release(folder)
    card = parse_card(release.card_text, release.card_path)
    comps = refine_with_documentation(build_inventory(release, card), documentation.analyze(release, card))
    return {c.name for c in comps if c.present}


def main() -> None:
    for name, root in SETS.items():
        folders = sorted(p for p in root.iterdir() if (p / "expected.json").is_file() and (p / "files.json").is_file())
        tp = fp = fn = exact = 0
        for folder in folders:
            want, got = set(expected(folder)["components_present"]), present(folder)
            tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
            exact += want == got
            for comp in sorted(got - want):
                print(f"    {name}: {folder.name}: {comp} read as present, expected absent")
            for comp in sorted(want - got):
                print(f"    {name}: {folder.name}: {comp} missed")
        print(f"  {name} ({len(folders)}): precision {tp / (tp + fp):.3f}, recall {tp / (tp + fn):.3f}, "
              f"exact set {exact}/{len(folders)}")


if __name__ == "__main__":
    main()
