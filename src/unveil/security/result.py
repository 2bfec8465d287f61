"""What one scanner yields: findings, scanned and unscannable files, and its ledger decisions."""

from __future__ import annotations

from dataclasses import dataclass, field

from unveil.records import Finding, Unscannable
from unveil.security.formats import FindingList


def _finding_list() -> list[Finding]:
    return FindingList()


@dataclass
class ScanResult:
    findings: list[Finding] = field(default_factory=_finding_list)
    scanned: list[str] = field(default_factory=list)
    unscannable: list[Unscannable] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    # Ledger decisions for files a scanner looked at but did not scan: path -> (state, reason).
    states: dict[str, tuple[str, str]] = field(default_factory=dict)

    def extend(self, other: ScanResult) -> None:
        self.findings.extend(other.findings)
        self.scanned.extend(other.scanned)
        self.unscannable.extend(other.unscannable)
        for key, value in other.summary.items():
            self.summary[key] = value
        for path, state in other.states.items():
            self.states.setdefault(path, state)
