"""Bundled-code scanner: trust_remote_code modules, Python (Bandit + unveil's ML rules, notebooks included),
C/C++/CUDA (Flawfinder), and Semgrep when the optional extra is installed.

`scan_code(release) -> ScanResult`. Every byte is read through `release.read`; scanned code is only parsed
(`ast.parse`, Bandit, Flawfinder's tokenizer, Semgrep), never imported or executed. Files that cannot be
parsed give an `info` CODE490 finding and the scan goes on. Hits from all scanners are de-duplicated per
(file, cell, line, kind) and counted in `ScanResult.summary["code"]`.
"""

from __future__ import annotations

import gc
import os
from collections import Counter

from unveil.errors import UnreadableFile
from unveil.release import Release
from unveil.report import Unscannable
from unveil.security import ScanResult
from unveil.security.code import (
    c_flawfinder,
    dedup,
    ids,  # noqa: F401  (the CODE4xx rule definitions, collected by unveil.registry)
    ml_rules,
    python_bandit,
    remote_code,
)
from unveil.security.code import semgrep as semgrep_scanner
from unveil.security.code.common import (
    MAX_C_BYTES,
    MAX_NOTEBOOK_BYTES,
    MAX_PY_BYTES,
    CodeHit,
    PythonUnit,
    could_not_parse,
    language_of,
    parse_python,
    read_source,
)
from unveil.security.code.notebooks import notebook_unit

__all__ = ["scan_code"]

_LIMITS = {"python": MAX_PY_BYTES, "notebook": MAX_NOTEBOOK_BYTES, "c": MAX_C_BYTES}


def _semgrep_wanted(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    return os.environ.get("UNVEIL_SEMGREP", "auto").lower() not in {"0", "off", "false", "no"}


def scan_code(release: Release, *, semgrep: bool | None = None) -> ScanResult:
    """Scan the release's bundled code. `semgrep`: None = run if installed (env UNVEIL_SEMGREP=off skips)."""
    # Parsing allocates millions of AST nodes that stay alive for the whole scan; the cyclic GC would
    # re-traverse them over and over (about half the scan time on 1,000 files). Nothing here leaks
    # cycles that must be reclaimed mid-scan, so collection waits until the scan is done.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _scan(release, semgrep)
    finally:
        if was_enabled:
            gc.enable()


def _scan(release: Release, semgrep: bool | None) -> ScanResult:
    result = ScanResult()
    hits: list[CodeHit] = []
    units: dict[str, PythonUnit] = {}
    c_sources: dict[str, str] = {}
    files: Counter[str] = Counter()
    for entry in release.files:
        lang = language_of(entry)
        if lang is None:
            continue
        files[lang] += 1
        if not entry.available:
            result.unscannable.append(Unscannable(path=entry.path, reason=entry.unavailable_reason
                                                  or "content not available"))
            continue
        try:
            text, reason = read_source(release, entry, _LIMITS[lang])
        except UnreadableFile as exc:
            result.unscannable.append(Unscannable(path=entry.path, reason=f"{exc.kind}: {exc.reason}"))
            continue
        if text is None:
            hits.append(could_not_parse(entry.path, reason or "unreadable"))
            continue
        if lang == "python":
            tree, reason, line = parse_python(text, entry.path)
            if tree is None:
                hits.append(could_not_parse(entry.path, reason or "syntax error", line))
                continue
            units[entry.path] = PythonUnit(path=entry.path, text=text, tree=tree)
        elif lang == "notebook":
            unit, problems = notebook_unit(entry.path, text)
            hits.extend(problems)
            if unit is None:
                continue
            units[entry.path] = unit
        else:
            c_sources[entry.path] = text
        result.scanned.append(entry.path)

    python_files = {p: u for p, u in units.items() if not p.lower().endswith(".ipynb")}
    hits.extend(remote_code.scan_remote_code(release, python_files))
    for unit in units.values():
        hits.extend(ml_rules.scan_unit(unit))
    bandit_hits, skipped = python_bandit.scan_units(units.values())
    hits.extend(bandit_hits)
    hits.extend(could_not_parse(path, f"Bandit: {why}") for path, why in skipped)
    hits.extend(c_flawfinder.scan_sources(c_sources))
    scanners: dict[str, str | None] = {
        "unveil": "1", "bandit": python_bandit.bandit_version(), "flawfinder": c_flawfinder.flawfinder_version(),
        "semgrep": None,
    }
    if (units or c_sources) and _semgrep_wanted(semgrep):
        sg_hits, skipped_reason = semgrep_scanner.scan(list(units.values()), c_sources)
        hits.extend(sg_hits)
        scanners["semgrep"] = f"skipped: {skipped_reason}" if skipped_reason else "ran"
    elif units or c_sources:
        scanners["semgrep"] = "skipped: disabled"

    result.findings = dedup.merge(hits)
    result.summary["code"] = dedup.summarize(result.findings, dict(files), scanners)
    return result
