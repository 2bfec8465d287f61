"""The bundled-code scan itself (see `unveil.security.code`): every analyzer, imported together here."""

from __future__ import annotations

import gc
import os
from collections import Counter
from dataclasses import replace

from unveil import budgets
from unveil.errors import UnreadableFile
from unveil.records import Unscannable
from unveil.release import Release
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
    parse_python,
    read_source,
    tool_versions,
)
from unveil.security.code.languages import language_of
from unveil.security.code.notebooks import notebook_unit
from unveil.security.code.summary import summarize
from unveil.security.result import ScanResult

_LIMITS = {"python": MAX_PY_BYTES, "notebook": MAX_NOTEBOOK_BYTES, "c": MAX_C_BYTES}


def _semgrep_wanted(flag: bool | None) -> bool:
    if flag is not None:
        return flag
    return os.environ.get("UNVEIL_SEMGREP", "auto").lower() not in {"0", "off", "false", "no"}


def scan_code(release: Release, *, semgrep: bool | None = None) -> ScanResult:
    """Scan the release's bundled code. `semgrep`: None = run if installed (env UNVEIL_SEMGREP=off skips)."""
    # Parsing allocates millions of AST nodes; the automatic cyclic GC would re-traverse them over and
    # over (about half the scan time on 1,000 files). Trees are dropped file by file and collected
    # explicitly (see `_scan`), so automatic collection stays off for the scan.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _scan(release, semgrep)
    finally:
        if was_enabled:
            gc.enable()


def _scan(release: Release, semgrep: bool | None) -> ScanResult:
    """Stream the release's code: each file is read, parsed, scanned and its tree dropped before the
    next (memory grows with the findings, not with the parsed trees). Semgrep, a subprocess over
    every file at once, keeps only the texts, and only when it will run."""
    result = ScanResult()
    hits: list[CodeHit] = []
    facts: dict[str, remote_code.ModuleFacts] = {}
    keep_for_semgrep = _semgrep_wanted(semgrep) and semgrep_scanner.semgrep_binary() is not None
    texts: list[PythonUnit] = []  # tree-less units for Semgrep
    c_sources: dict[str, str] = {}
    files: Counter[str] = Counter()
    bandit = python_bandit.BanditSession()
    limits = budgets.current()
    for entry in release.files:
        lang = language_of(entry)
        if lang is None:
            continue
        files[lang] += 1
        if not entry.available:
            result.unscannable.append(Unscannable(path=entry.path, reason=entry.unavailable_reason
                                                  or "content not available"))
            continue
        limit = min(_LIMITS[lang], limits.code_file_bytes) if lang != "notebook" else _LIMITS[lang]
        try:
            text, reason = read_source(release, entry, limit)
        except UnreadableFile as exc:
            result.unscannable.append(Unscannable(path=entry.path, reason=f"{exc.kind}: {exc.reason}"))
            continue
        if text is None:
            hits.append(could_not_parse(entry.path, reason or "unreadable"))
            if reason and reason.startswith("file too large"):  # a budget, not a property of the code
                result.unscannable.append(Unscannable(
                    path=entry.path, reason=f"budget: code_file_bytes exceeded ({reason.split('(', 1)[-1]}"))
            continue
        deadline = budgets.file_deadline()  # each code file has the per-file time budget
        deadline.__enter__()
        tree = None
        try:
            budgets.check_time(f"code scan of {entry.path}")
            unit: PythonUnit | None = None
            if lang == "python":
                tree, reason, line = parse_python(text, entry.path)
                if tree is None:
                    hits.append(could_not_parse(entry.path, reason or "syntax error", line))
                    continue
                unit = PythonUnit(path=entry.path, text=text, tree=tree)
                facts[entry.path] = remote_code.module_facts(unit, release)
            elif lang == "notebook":
                unit, problems = notebook_unit(entry.path, text)
                hits.extend(problems)
                if unit is None:
                    continue
            else:
                hits.extend(c_flawfinder.scan_sources({entry.path: text}))
                if keep_for_semgrep:
                    c_sources[entry.path] = text
            if unit is not None:
                hits.extend(ml_rules.scan_unit(unit))
                bandit_hits, skipped = bandit.scan(unit)
                hits.extend(bandit_hits)
                hits.extend(could_not_parse(path, f"Bandit: {why}") for path, why in skipped)
                if keep_for_semgrep:
                    texts.append(replace(unit, tree=None))
        except budgets.BudgetExceeded as exc:
            result.unscannable.append(Unscannable(path=entry.path, reason=exc.reason))
            continue
        finally:
            # Bandit links every node to its parent (`_bandit_parent`): the tree is a cycle that only
            # the collector frees. With automatic collection off, everything since the last file is
            # in generation 0, so this costs one pass over this file's objects, not over the scan's.
            tree = unit = None  # noqa: F841 - drop this file's tree before collecting
            gc.collect(0)
            deadline.__exit__(None, None, None)
        result.scanned.append(entry.path)

    hits.extend(remote_code.scan_remote_code(release, facts))
    scanners = tool_versions()
    any_code = bool(files) and bool(result.scanned)
    if any_code and _semgrep_wanted(semgrep):
        sg_hits, skipped_reason = semgrep_scanner.scan(texts, c_sources)
        hits.extend(sg_hits)
        scanners["semgrep"] = f"skipped: {skipped_reason}" if skipped_reason else "ran"
    elif any_code:
        scanners["semgrep"] = "skipped: disabled"

    result.findings = dedup.cap_per_rule_and_file(dedup.merge(hits), limits.findings_per_rule_file)
    result.summary["code"] = summarize(result.findings, dict(files), scanners)
    return result
