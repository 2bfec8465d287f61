"""The coverage ledger: every file of a release ends in exactly one state.

- `scanned`: an artifact format or the bundled-code scanner read it (its findings say what it holds);
- `unscannable` (why): it could be loaded as a model or as code and nothing could check it all;
- `not_applicable` (why): a text or media file that no model loader reads.

Computed here and nowhere else, from what the scanners recorded. A file nobody decided is
unscannable: the ledger fails closed.
"""

from __future__ import annotations

from collections.abc import Callable

from unveil.records import Coverage, CoverageEntry, Unscannable
from unveil.release import Release

SCANNED = "scanned"
UNSCANNABLE = "unscannable"
NOT_APPLICABLE = "not_applicable"
STATES = (SCANNED, UNSCANNABLE, NOT_APPLICABLE)
UNDECIDED = "no scanner decided this file (unveil bug: reported so it is never silently dropped)"


def _release_file(path: str) -> str:
    return path.split("!", 1)[0]


def build_coverage(
    release: Release,
    scanned: list[str],
    unscannable: list[Unscannable],
    states: dict[str, tuple[str, str]],
) -> Coverage:
    """One state per release file. `states` holds the artifact scanner's own decision for files it did
    not scan (not applicable or unscannable, with the reason); `scanned`/`unscannable` are every
    scanner's records, members (`a.zip!b.pkl`) counting for their release file. Unscannable wins over
    scanned: a file scanned only in part could not be checked."""
    blocked: dict[str, str] = {}
    for u in unscannable:
        blocked.setdefault(_release_file(u.path), u.reason if "!" not in u.path else f"{u.path}: {u.reason}")
    seen = {_release_file(p) for p in scanned}
    out = Coverage()
    for entry in release.files:
        path = entry.path
        if path in blocked:
            out.unscannable.append(CoverageEntry(path=path, reason=blocked[path]))
        elif path in seen:
            out.scanned.append(path)
        else:
            state, reason = states.get(path, (UNSCANNABLE, UNDECIDED))
            if state == SCANNED:
                out.scanned.append(path)
            elif state == NOT_APPLICABLE:
                out.not_applicable.append(CoverageEntry(path=path, reason=reason))
            else:
                out.unscannable.append(CoverageEntry(path=path, reason=reason))
    out.files = len(release.files)
    out.counts = {SCANNED: len(out.scanned), UNSCANNABLE: len(out.unscannable),
                  NOT_APPLICABLE: len(out.not_applicable)}
    return out


def display_coverage(coverage: Coverage, show: Callable[[str], str]) -> Coverage:
    """The same ledger with every path mapped for display (`unveil scan DIR` prefixes DIR)."""
    return coverage.model_copy(update={
        "scanned": [show(p) for p in coverage.scanned],
        "unscannable": [CoverageEntry(path=show(e.path), reason=e.reason) for e in coverage.unscannable],
        "not_applicable": [CoverageEntry(path=show(e.path), reason=e.reason) for e in coverage.not_applicable],
    })


def merge_coverage(parts: list[Coverage]) -> Coverage:
    out = Coverage()
    for part in parts:
        out.files += part.files
        out.scanned.extend(part.scanned)
        out.unscannable.extend(part.unscannable)
        out.not_applicable.extend(part.not_applicable)
    out.counts = {SCANNED: len(out.scanned), UNSCANNABLE: len(out.unscannable), NOT_APPLICABLE: len(out.not_applicable)}
    return out


def unscannable_files(coverage: Coverage) -> list[Unscannable]:
    """The ledger's unscannable files as `Unscannable` records (for files no scanner recorded itself)."""
    return [Unscannable(path=e.path, reason=e.reason) for e in coverage.unscannable]
