"""Security: static scanning of model artifacts and bundled code. Nothing audited is ever loaded.

Entry point: `scan_release(release) -> SecuritySection`, merging the artifact scanner
(`unveil.security.artifacts`) and the bundled-code scanner (`unveil.security.code`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from unveil.release import Release
from unveil.report import SEVERITY_ORDER, Finding, SecuritySection, Unscannable


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    unscannable: list[Unscannable] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    def extend(self, other: ScanResult) -> None:
        self.findings.extend(other.findings)
        self.scanned.extend(other.scanned)
        self.unscannable.extend(other.unscannable)
        for key, value in other.summary.items():
            self.summary[key] = value


def _scanners() -> list[Callable[[Release], ScanResult]]:
    from unveil.security.artifacts import scan_artifacts
    from unveil.security.code import scan_code

    return [scan_artifacts, scan_code]


def scan_release(release: Release) -> SecuritySection:
    merged = ScanResult()
    for scanner in _scanners():
        merged.extend(scanner(release))
    # A listing cut short by a budget (unveil.budgets) leaves files nobody scanned: fail closed.
    merged.unscannable.extend(Unscannable(path=path, reason=reason)
                              for path, (kind, reason) in sorted(release.unreadable.items()) if kind == "listing")
    findings = sorted(
        merged.findings, key=lambda f: (-SEVERITY_ORDER[f.severity], f.path, f.rule, f.detail)
    )
    return SecuritySection(
        findings=findings,
        scanned=sorted(set(merged.scanned)),
        unscannable=merged.unscannable,
        summary=merged.summary,
    )
