"""De-duplication across scanners (the per-release counts are in `summary`).

Hits on the same (file, notebook cell, line, kind) are one weakness seen by several scanners: they
become one `Finding` at the highest severity, with one evidence entry per scanner (the scanner's own id
in `Evidence.rule` and the text). Where severities tie, unveil's own rule leads (its message is
ML-specific); `Finding.scanner` lists every scanner that saw it, comma-separated.
"""

from __future__ import annotations

from collections import Counter

from unveil.records import SEVERITY_ORDER, Evidence, Finding
from unveil.security.code.common import CodeHit

_SCANNER_RANK = {"unveil": 0, "semgrep": 1, "bandit": 2, "flawfinder": 3}


def _key(hit: CodeHit) -> tuple:
    return (hit.path, hit.cell, hit.line, hit.kind)


def _evidence(hit: CodeHit) -> list[Evidence]:
    where = f"cell {hit.cell}, line {hit.line}: " if hit.cell else ""
    ev = [Evidence(path=hit.path, line=hit.line, line_end=hit.line_end, text=where + hit.message,
                   rule=hit.scanner_rule or hit.rule)]
    for line, text in hit.extra:
        ev.append(Evidence(path=hit.path, line=line, text=text, rule=hit.scanner_rule or hit.rule))
    return ev


def merge(hits: list[CodeHit]) -> list[Finding]:
    groups: dict[tuple, list[CodeHit]] = {}
    for hit in hits:
        groups.setdefault(_key(hit), []).append(hit)
    findings: list[Finding] = []
    for group in groups.values():
        group.sort(key=lambda h: (-SEVERITY_ORDER[h.severity], _SCANNER_RANK.get(h.scanner, 9)))
        lead = group[0]
        scanners = sorted({h.scanner for h in group}, key=lambda s: _SCANNER_RANK.get(s, 9))
        ids = [h.scanner_rule for h in group if h.scanner_rule and h.scanner_rule not in (lead.rule, lead.scanner_rule)]
        where = f" (cell {lead.cell}, line {lead.line})" if lead.cell else ""
        also = f" [also: {', '.join(dict.fromkeys(ids))}]" if len(group) > 1 and ids else ""
        evidence: list[Evidence] = []
        for hit in group:
            evidence.extend(_evidence(hit))
        findings.append(Finding(
            rule=lead.rule, severity=lead.severity, path=lead.path, detail=lead.message + where + also,
            evidence=evidence, scanner=",".join(scanners),
        ))
    findings.sort(key=lambda f: (-SEVERITY_ORDER[f.severity], f.path, f.evidence[0].line or 0, f.rule))
    return findings


def cap_per_rule_and_file(findings: list[Finding], limit: int) -> list[Finding]:
    """Keep the first `limit` findings of each (rule, file), in report order (worst first), and replace
    the rest with one aggregate finding "and N more of RULE" at their worst severity (budget
    `findings_per_rule_file`): a 5 MB file with an `eval` per function is one line of the report,
    not 130,000, and still fails the gate the same way."""
    kept: list[Finding] = []
    counts: Counter[tuple[str, str]] = Counter()
    dropped: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        key = (f.rule, f.path)
        counts[key] += 1
        if counts[key] <= limit:
            kept.append(f)
        else:
            dropped.setdefault(key, []).append(f)
    for (rule_id, path), rest in dropped.items():
        worst = max((f.severity for f in rest), key=SEVERITY_ORDER.__getitem__)
        lines = sorted({f.evidence[0].line for f in rest if f.evidence and f.evidence[0].line})
        # The artifact scanner's wording (security/formats ScanContext), so one reader parses both.
        detail = f"and {len(rest):,} more of {rule_id} (findings capped at {limit} per rule and file)"
        kept.append(Finding(
            rule=rule_id, severity=worst, path=path, detail=detail,
            evidence=[Evidence(path=path, line=lines[0] if lines else None, text=detail, rule=rule_id)],
            scanner=",".join(sorted({s for f in rest for s in f.scanner.split(",") if s},
                                    key=lambda s: _SCANNER_RANK.get(s, 9))),
        ))
    kept.sort(key=lambda f: (-SEVERITY_ORDER[f.severity], f.path, f.evidence[0].line or 0, f.rule))
    return kept
