"""Security: static scanning of model artifacts and bundled code. Nothing audited is ever loaded.

Entry point: `scan_release(release) -> SecuritySection`, merging the artifact scanner
(`unveil.security.artifacts`) and the bundled-code scanner (`unveil.security.code`).
"""

from __future__ import annotations

from collections.abc import Callable

from unveil.records import SEVERITY_ORDER, SecuritySection, Unscannable
from unveil.release import Release
from unveil.security.artifacts import scan_artifacts
from unveil.security.code import scan_code
from unveil.security.coverage import build_coverage
from unveil.security.result import ScanResult

__all__ = ["ScanResult", "scan_release"]


def _scanners() -> list[Callable[[Release], ScanResult]]:
    return [scan_artifacts, scan_code]


def scan_release(release: Release) -> SecuritySection:
    merged = ScanResult()
    for scanner in _scanners():
        merged.extend(scanner(release))
    merged.findings.flush()  # type: ignore[attr-defined]  (one aggregate per capped rule and file)
    # A listing cut short by a budget (unveil.budgets) leaves files nobody scanned: fail closed.
    merged.unscannable.extend(Unscannable(path=path, reason=reason)
                              for path, (kind, reason) in sorted(release.unreadable.items()) if kind == "listing")
    findings = sorted(
        merged.findings, key=lambda f: (-SEVERITY_ORDER[f.severity], f.path, f.rule, f.detail)
    )
    return SecuritySection(
        findings=findings,
        scanned=sorted(set(merged.scanned)),
        unscannable=_dedup(merged.unscannable),
        summary=merged.summary,
        coverage=build_coverage(release, merged.scanned, merged.unscannable, merged.states),
    )


def _dedup(items: list[Unscannable]) -> list[Unscannable]:
    seen: set[tuple[str, str]] = set()
    out = []
    for u in items:
        if (u.path, u.reason) not in seen:
            seen.add((u.path, u.reason))
            out.append(u)
    return out
