"""The command contract's exit code of an audit or a scan, decided in one place from the report.

0 done, no gate tripped; 1 a gate tripped; 3 something could not be checked (and no gate tripped);
4 nothing auditable. A gate that tripped wins over "could not check": the answer is already no.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unveil.errors import EXIT_GATE, EXIT_INCOMPLETE, EXIT_NOTHING, EXIT_OK
from unveil.severity import SEVERITY_ORDER

if TYPE_CHECKING:
    from unveil.report import Finding, Report, SecuritySection


def gate_tripped(findings: list[Finding], fail_on: str | None) -> bool:
    if not fail_on or fail_on == "none":
        return False
    threshold = SEVERITY_ORDER[fail_on]
    return any(SEVERITY_ORDER[f.severity] >= threshold for f in findings if not f.suppressed)


def not_checked(section: SecuritySection) -> int:
    """How many files could not be checked (the coverage ledger's count when there is one)."""
    coverage = getattr(section, "coverage", None)
    count = getattr(coverage, "unscannable", None)
    if isinstance(count, int):
        return count
    if isinstance(count, list):
        return len(count)
    return len(section.unscannable)


def nothing_auditable(report: Report) -> bool:
    """No file, or files of which none is a component, a license, an artifact, code or unreadable
    (a plain text file: there is nothing to give a verdict on)."""
    if report.source.kind == "declared":
        return False
    if report.source.files == 0:
        return True
    sec = report.security
    return not (
        any(c.present for c in report.components) or report.licenses or sec.findings or sec.scanned
        or sec.unscannable or report.inconclusive
    )


def audit_exit_code(report: Report, fail_on: str | None, policy_violations: list[str]) -> int:
    if nothing_auditable(report):
        return EXIT_NOTHING
    if gate_tripped(report.security.findings, fail_on) or policy_violations:
        return EXIT_GATE
    if not_checked(report.security) or report.inconclusive:
        return EXIT_INCOMPLETE
    return EXIT_OK


def scan_exit_code(section: SecuritySection, fail_on: str | None) -> int:
    if gate_tripped(section.findings, fail_on):
        return EXIT_GATE
    if not_checked(section):
        return EXIT_INCOMPLETE
    return EXIT_OK
