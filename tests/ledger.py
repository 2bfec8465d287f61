"""The coverage ledger invariant, shared by the tests that drive many releases through the scanner."""

from __future__ import annotations

from typing import Any

UNDECIDED = "no scanner decided this file"


def assert_ledger(files: list[str], coverage: dict[str, Any], findings: list[dict[str, Any]] | None = None) -> None:
    """Every listed file in exactly one state, with a reason where one is due; counts add up; nothing
    undecided; a file with a critical or high finding is never "not applicable"."""
    scanned = list(coverage["scanned"])
    unscannable = [e["path"] for e in coverage["unscannable"]]
    not_applicable = [e["path"] for e in coverage["not_applicable"]]
    every = scanned + unscannable + not_applicable
    assert len(every) == len(set(every)), "a file is in two states"
    assert sorted(every) == sorted(files), f"ledger and listing differ: {set(every) ^ set(files)}"
    assert coverage["files"] == len(files)
    assert coverage["counts"] == {"scanned": len(scanned), "unscannable": len(unscannable),
                                  "not_applicable": len(not_applicable)}
    for entry in coverage["unscannable"] + coverage["not_applicable"]:
        assert entry["reason"].strip(), entry
        assert UNDECIDED not in entry["reason"], entry
    flagged = {f["path"].split("!", 1)[0] for f in findings or [] if f["severity"] in ("critical", "high")}
    assert not flagged & set(not_applicable), f"flagged files called not applicable: {flagged & set(not_applicable)}"
