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
