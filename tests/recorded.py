"""Build a Release from a recorded release folder as the Hub would list it (files.json), reading
only the recorded files. Used by tests that do not need the HTTP replay server."""

from __future__ import annotations

import json
from pathlib import Path

from unveil.release import FileEntry, Release, SourceInfo
from unveil.sources.local import LocalReader

NOT_REPO_FILES = {"source.json", "files.json", "expected.json", "gated"}


def recorded_release(folder: Path) -> Release:
    listing = json.loads((folder / "files.json").read_text())
    gated = (folder / "gated").exists()
    files = []
    for item in listing:
        present = (folder / item["path"]).is_file() and item["path"] not in NOT_REPO_FILES
        reason = None if present else ("gated: access denied" if gated else "not recorded")
        files.append(FileEntry(path=item["path"], size=item.get("size"), sha256=item.get("sha256"),
                               lfs=bool(item.get("lfs")), available=present, unavailable_reason=reason))
    org, _, name = folder.name.partition("__")
    source = SourceInfo(kind="hub", id=f"{org}/{name}", revision="0" * 40)
    return Release(source=source, files=files, reader=LocalReader(folder), local_root=None)


def expected(folder: Path) -> dict:
    return json.loads((folder / "expected.json").read_text())


# The openness fields a careful auditor's expected.json gives, compared field by field.
OPENNESS_FIELDS = ("label", "osaid", "weights_license_category", "claims_open_source", "openwashing")


def repo_id(folder: Path) -> str:
    """`org__name` folder -> `org/name` Hub id."""
    org, _, name = folder.name.partition("__")
    return f"{org}/{name}"


def observed_openness(report) -> dict:
    """The report's values for OPENNESS_FIELDS, plus the present components."""
    o = report.openness
    return {
        "label": o.label,
        "osaid": o.osaid.verdict,
        "weights_license_category": o.weights_license_category or "unknown",
        "claims_open_source": bool(o.openwashing.claims),
        "openwashing": o.openwashing.flag,
        "components": {c.name for c in report.components if c.present},
    }
