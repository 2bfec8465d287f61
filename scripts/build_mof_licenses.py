"""Build `src/unveil/openness/data/mof_licenses.json` from the MOT's license lists (facts, not code).

Usage: python scripts/build_mof_licenses.py [MOT_DIR]   (default ../shared/data/openness/mot)

The MOT counts a license id as open when it is OSI-approved or FSF-libre in `licenses.json` as
overridden by `mof-licenses.json` (read second; the last duplicate wins), is `OpenMDW-1.0`, or is one
of its open-data ids (a list kept in MOT code, restated in the shared data README).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MOT = ROOT.parent / "shared" / "data" / "openness" / "mot"
OUT = ROOT / "src" / "unveil" / "openness" / "data" / "mof_licenses.json"

OPEN_DATA_IDS = [
    "CC0-1.0",
    "CC-BY-1.0",
    "CC-BY-2.0",
    "CC-BY-2.5",
    "CC-BY-2.5-AU",
    "CC-BY-3.0",
    "CC-BY-3.0-AT",
    "CC-BY-3.0-AU",
    "CC-BY-3.0-DE",
    "CC-BY-3.0-IGO",
    "CC-BY-3.0-NL",
    "CC-BY-3.0-US",
    "CC-BY-4.0",
    "CC-BY-SA-1.0",
    "CC-BY-SA-2.0",
    "CC-BY-SA-2.0-UK",
    "CC-BY-SA-2.1-JP",
    "CC-BY-SA-2.5",
    "CC-BY-SA-3.0",
    "CC-BY-SA-3.0-AT",
    "CC-BY-SA-4.0",
    "CDLA-Permissive-1.0",
    "CDLA-Permissive-2.0",
    "CDLA-Sharing-1.0",
    "ODC-PDDL-1.0",
    "ODC-By-1.0",
    "ODbL-1.0",
    "GFDL-1.3",
    "OGL-Canada-2.0",
    "OGL-UK-2.0",
    "OGL-UK-3.0",
]
ALWAYS_OPEN = ["OpenMDW-1.0"]


def build(mot: Path) -> dict:
    merged: dict[str, dict] = {}
    content_types: dict[str, set[str]] = {}
    for name in ("licenses.json", "mof-licenses.json"):
        for entry in json.loads((mot / name).read_text())["licenses"]:
            merged[entry["licenseId"]] = entry  # last duplicate wins
            ct = entry.get("ContentType")
            if ct:
                content_types.setdefault(entry["licenseId"], set()).update(
                    [ct] if isinstance(ct, str) else ct
                )
    osi = sorted(k for k, v in merged.items() if v.get("isOsiApproved") is True)
    fsf = sorted(k for k, v in merged.items() if v.get("isFsfLibre") is True)
    return {
        "source": "LF AI & Data Model Openness Tool (github.com/lfai/model_openness_tool), licenses.json + "
        "mof-licenses.json + LicenseHandler open-data list; MIT, "
        "Copyright 2024 The Model Openness Tool Authors",
        "osi_approved": osi,
        "fsf_libre": fsf,
        "open_data": OPEN_DATA_IDS,
        "always_open": ALWAYS_OPEN,
        "content_types": {k: sorted(v) for k, v in sorted(content_types.items())},
        "known_ids": sorted(merged),
    }


def main() -> None:
    mot = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_MOT
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(mot), indent=1) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
