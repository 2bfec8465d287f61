"""`unveil scan PATH...` logic: scan files/folders for unsafe artifacts, render, decide the exit code.

The CLI command only parses arguments and calls `run`. Exit 1 when a finding is at or above
`fail_on` (default high; `fail_on="none"` never gates); else 3 when a file could not be checked; 4 when
nothing was scannable at all. Missing paths raise `SourceNotFound` (exit 2).
"""

from __future__ import annotations

import json
import os

from unveil.errors import EXIT_NOTHING, UsageError
from unveil.outcome import scan_exit_code
from unveil.records import SEVERITY_ORDER, Finding, SecuritySection, Unscannable
from unveil.security.coverage import display_coverage, merge_coverage

FORMATS = ("text", "json", "sarif")


def _display(arg: str, rel: str, is_dir: bool) -> str:
    outer, sep, inner = rel.partition("!")
    base = os.path.join(arg, outer) if is_dir else arg
    return base + sep + inner


def scan_paths(paths: list[str]) -> tuple[SecuritySection, int]:
    """Scan every path in one process (artifacts and bundled code); merged section (display paths), bytes read."""
    # lazy: start-up (a command loads only what it runs)
    from unveil.security import scan_release
    from unveil.sources.local import open_local

    findings: list[Finding] = []
    scanned: list[str] = []
    unscannable: list[Unscannable] = []
    coverages = []
    bytes_read = 0
    for arg in paths:
        release = open_local(arg)
        is_dir = os.path.isdir(arg)
        result = scan_release(release)
        bytes_read += release.bytes_read
        for f in result.findings:
            ev = [
                e.model_copy(update={"path": _display(arg, e.path, is_dir) if e.path else e.path}) for e in f.evidence
            ]
            findings.append(f.model_copy(update={"path": _display(arg, f.path, is_dir), "evidence": ev}))
        scanned.extend(_display(arg, s, is_dir) for s in result.scanned)
        unscannable.extend(u.model_copy(update={"path": _display(arg, u.path, is_dir)}) for u in result.unscannable)
        coverages.append(display_coverage(result.coverage, lambda p, a=arg, d=is_dir: _display(a, p, d)))
    findings.sort(key=lambda f: (-SEVERITY_ORDER[f.severity], f.path, f.rule, f.detail))
    section = SecuritySection(
        findings=findings, scanned=sorted(set(scanned)), unscannable=unscannable, summary={"bytes_read": bytes_read},
        coverage=merge_coverage(coverages),
    )
    return section, bytes_read


def exit_code(section: SecuritySection, fail_on: str | None) -> int:
    if not (section.findings or section.scanned or section.unscannable):
        return EXIT_NOTHING
    return scan_exit_code(section, fail_on)


def run(paths: list[str], fmt: str = "text", fail_on: str | None = "high") -> tuple[str, int]:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fail_on not in (None, "none", *SEVERITY_ORDER):
        raise UsageError(f"unknown severity {fail_on!r} for --fail-on")
    if not paths:
        raise UsageError("give at least one file or folder to scan")
    # lazy: start-up (a command loads only what it runs)
    from unveil import sanitize

    section, _ = scan_paths(paths)
    code = exit_code(section, fail_on)
    section = sanitize.clean(section)  # names and details come from the files: never raw to any output
    if fmt == "json":
        return json.dumps(section.model_dump(mode="json"), indent=2) + "\n", code
    if fmt == "sarif":
        # lazy: start-up (a command loads only what it runs)
        from unveil.render.sarif import render_findings_sarif

        return render_findings_sarif(section.findings, section.scanned, section.unscannable), code
    return render_text(section), code


def render_text(section: SecuritySection) -> str:
    lines: list[str] = []
    for f in section.findings:
        ev = f.evidence[0] if f.evidence else None
        where = f" @{ev.offset}" if ev is not None and ev.offset is not None else ""
        if ev is not None and ev.line is not None:
            where = f":{ev.line}"
        lines.append(f"{f.severity.upper():8} {f.rule}  {f.path}{where}  {f.detail}")
    for u in section.unscannable:
        lines.append(f"UNSCANNABLE  {u.path}  {u.reason}")
    counts: dict[str, int] = {}
    for f in section.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    summary = ", ".join(f"{counts[s]} {s}" for s in sorted(counts, key=lambda s: -SEVERITY_ORDER[s])) or (
        "no findings" if section.scanned else "nothing scanned")  # never "no findings" for what was not checked
    if not section.scanned and not section.unscannable:
        lines.append("nothing scanned: no model artifact or code file found" + ("" if not counts else f"; {summary}"))
    else:
        lines.append(f"scanned {len(section.scanned)} file(s): {summary}; "
                     f"{len(section.unscannable)} could not be checked")
    return "\n".join(lines) + "\n"
