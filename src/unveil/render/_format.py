"""Small formatting helpers shared by the human-facing renderers."""

from __future__ import annotations

from dataclasses import dataclass

from unveil.openness.mof import COMPONENTS
from unveil.report import SEVERITY_ORDER, Report


def roman(n: int | None) -> str:
    """MOF class number as the framework writes it (I is the most open)."""
    return {1: "I", 2: "II", 3: "III"}.get(n or 0, "?")


def human_size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1000 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    return f"{n} B"


# -- the verdict: the answer first, the same words in every human-facing format ------------------------------
@dataclass(frozen=True)
class SecurityVerdict:
    level: str  # "block" (critical/high), "review" (medium and below), "clean", "unknown" (nothing checked)
    headline: str  # "do not load: 2 critical, 1 high" | "nothing scanned" | "no findings in 12 scanned files"
    counts: list[tuple[str, int]]  # active findings per severity, worst first
    scanned: int
    not_checked: int  # files and checks that could not be checked
    not_applicable: int | None
    suppressed: int
    suppressed_by: list[str]


def security_verdict(r: Report) -> SecurityVerdict:
    counts: dict[str, int] = {}
    suppressed = 0
    sources: list[str] = []
    for f in r.security.findings:
        if f.suppressed:
            suppressed += 1
            origin = getattr(f, "suppressed_by", None)
            if origin and origin not in sources:
                sources.append(origin)
        else:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: -SEVERITY_ORDER[kv[0]])
    scanned, unscannable, not_applicable = coverage_counts(r)
    not_checked = unscannable + len({i.path or i.check for i in r.inconclusive} - unscannable_paths(r))
    listed = ", ".join(f"{n} {sev}" for sev, n in ordered)
    worst = ordered[0][0] if ordered else None
    if worst in ("critical", "high"):
        level, headline = "block", f"do not load: {listed}"
    elif ordered:
        level, headline = "review", f"review: {listed}"
    elif scanned == 0:
        level, headline = "unknown", "nothing scanned"
    elif not_checked:
        level, headline = "unknown", f"no findings in {scanned} scanned file{'s' if scanned != 1 else ''}"
    else:
        level, headline = "clean", f"no findings in {scanned} scanned file{'s' if scanned != 1 else ''}"
    return SecurityVerdict(level, headline, ordered, scanned, not_checked, not_applicable, suppressed, sources)


def coverage_counts(r: Report) -> tuple[int, int, int | None]:
    """(scanned, unscannable, not applicable): the coverage ledger when the report has one, else the lists."""
    ledger = _ledger(r)
    if ledger is not None:
        counts = ledger.get("counts") or {}
        return int(counts.get("scanned", 0)), int(counts.get("unscannable", 0)), int(counts.get("not_applicable", 0))
    return len(r.security.scanned), len(unscannable_paths(r)), None


def unscannable_paths(r: Report) -> set[str]:
    ledger = _ledger(r)
    paths = {u.path for u in r.security.unscannable}
    if ledger is not None:
        paths |= {str(e.get("path")) for e in ledger.get("unscannable") or [] if isinstance(e, dict)}
    return paths


def ledger_unscannable(r: Report) -> list[tuple[str, str]]:
    """(path, reason) of the ledger's unscannable files (empty without a ledger)."""
    ledger = _ledger(r)
    if ledger is None:
        return []
    return [(str(e.get("path")), str(e.get("reason"))) for e in ledger.get("unscannable") or [] if isinstance(e, dict)]


def _ledger(r: Report) -> dict | None:
    """`security.coverage` as a dict when the audit filled it (a default, empty ledger is no ledger)."""
    cov = getattr(r.security, "coverage", None)
    if cov is None:
        return None
    data = cov.model_dump() if hasattr(cov, "model_dump") else dict(cov)
    counts = data.get("counts")
    if not isinstance(counts, dict) or not (data.get("files") or any(counts.values())):
        return None
    return data


def not_checked_phrase(v: SecurityVerdict) -> str:
    return f"{v.not_checked} could not be checked"  # files and checks: the list is under "Could not check"


def suppressed_phrase(v: SecurityVerdict) -> str:
    by = f" (by {', '.join(v.suppressed_by)})" if v.suppressed_by else ""
    return f"{v.suppressed} suppressed{by}"


def verdict_line(r: Report) -> str:
    """One line that answers: label, security, OSAID, MOF (and could-not-check, suppressed, policy)."""
    o = r.openness
    sv = security_verdict(r)
    parts = [o.label, sv.headline]
    if sv.not_checked:
        parts.append(not_checked_phrase(sv))
    if sv.suppressed:
        parts.append(suppressed_phrase(sv))
    if r.policy is not None and not r.policy.passed:
        n = len(r.policy.violations)
        parts.append(f"policy violated ({n} requirement{'s' if n != 1 else ''})")
    parts.append(f"OSAID {o.osaid.verdict}")
    parts.append(f"MOF Class {roman(o.mof.mof_class)}" if o.mof.mof_class else "MOF unclassified")
    if o.openwashing.flag:
        parts.append("openwashing")
    return " · ".join(parts)


def blocking_clauses(r: Report, quote_chars: int = 90) -> list[str]:
    """Blocking licence restrictions, one line per licence: `Llama-3 (weights): mau-threshold (LICENSE:12
    "... 700 million monthly active users ..."), aup-incorporated`."""
    out: list[str] = []
    for lic in r.licenses:
        kinds: list[str] = []
        for x in lic.restrictions:
            if not x.blocking:
                continue
            ev = next((e for e in x.evidence if e.text or e.path), None)
            where = ""
            if ev is not None:
                loc = f"{ev.path}:{ev.line}" if ev.path and ev.line else (ev.path or "")
                quote = f'"{shorten(ev.text, quote_chars)}"' if ev.text else ""
                where = " (" + " ".join(p for p in (loc, quote) if p) + ")"
            kinds.append(f"{x.kind}{where}")
        if kinds:
            out.append(f"{lic.spdx or lic.id} ({', '.join(lic.applies_to) or '?'}): {', '.join(kinds)}")
    return out


def shorten(text: str | None, limit: int) -> str:
    one = " ".join((text or "").split())
    return one if len(one) <= limit else one[: limit - 1].rstrip() + "…"


def mof_requirement(name: str) -> str:
    """Which MOF class first requires a component ("III", "II", "I"), or "optional"."""
    for comp, _display, _ctype, level, required in COMPONENTS:
        if comp == name:
            return roman(level) if required else "optional"
    return "?"
