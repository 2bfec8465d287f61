"""The code scan's per-release counts (`ScanResult.summary["code"]`): by severity, scanner and rule."""

from __future__ import annotations

from collections import Counter

from unveil.records import SEVERITY_ORDER, Finding


def summarize(findings: list[Finding], files: dict[str, int], scanners: dict[str, str | None]) -> dict:
    """Counts for the survey: by severity, by scanner (a merged finding counts for each), by rule."""
    by_severity = Counter({s: 0 for s in SEVERITY_ORDER})
    by_scanner: Counter[str] = Counter()
    by_scanner_severity: dict[str, Counter[str]] = {}
    by_rule: Counter[str] = Counter()
    for f in findings:
        by_severity[f.severity] += 1
        by_rule[f.rule] += 1
        for scanner in f.scanner.split(","):
            by_scanner[scanner] += 1
            by_scanner_severity.setdefault(scanner, Counter())[f.severity] += 1
    worst = max((f.severity for f in findings), key=SEVERITY_ORDER.__getitem__, default=None)
    return {
        "files": files,
        "findings": len(findings),
        "by_severity": dict(by_severity),
        "by_scanner": dict(sorted(by_scanner.items())),
        "by_scanner_severity": {k: dict(v) for k, v in sorted(by_scanner_severity.items())},
        "by_rule": dict(sorted(by_rule.items())),
        "worst": worst,
        # The article's statistic: a release with at least one high-severity weakness in its code.
        "has_high": any(SEVERITY_ORDER[f.severity] >= SEVERITY_ORDER["high"] for f in findings),
        "remote_code": any(f.rule in {"CODE401", "CODE402", "CODE404"} for f in findings),
        "scanners": scanners,
    }
