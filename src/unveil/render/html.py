"""`--format html`: one self-contained page (inline CSS, no scripts, no external assets).

Everything in a report can come from hostile input (card sentences, paths, licence clauses), so the
project's own template runs with autoescape on, a Content-Security-Policy forbids scripts, and links are
only made from http(s) URLs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from unveil import sanitize
from unveil.render._format import (
    blocking_clauses,
    ledger_unscannable,
    mof_requirement,
    not_checked_phrase,
    security_verdict,
    suppressed_phrase,
    verdict_line,
)
from unveil.render._format import human_size as _size
from unveil.render._format import roman as _roman
from unveil.render.templating import environment
from unveil.report import SEVERITY_ORDER, Report

if TYPE_CHECKING:
    from jinja2 import Template

_LABEL_CLASS = {"open-source-ai": "good", "open-weights": "mid", "restricted-weights": "poor",
                "closed": "poor"}
_SAFE_URL = re.compile(r"^https?://[^\s\"'<>`]+$", re.I)


@lru_cache(maxsize=1)
def _template() -> Template:
    return environment().get_template("report.html.j2")


def render(report: Report) -> str:
    return _template().render(**context(sanitize.clean(report)))


def context(report: Report) -> dict[str, Any]:
    """What the template needs beyond the report itself (pure)."""
    o = report.openness
    counts: dict[str, int] = {}
    for f in report.security.findings:
        if not f.suppressed:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    sev_counts = sorted(counts.items(), key=lambda kv: -SEVERITY_ORDER[kv[0]])
    progress = [(_class_name(k), max(0.0, min(100.0, float(v)))) for k, v in sorted(o.mof.progress.items())]
    sv = security_verdict(report)
    top = sorted((f for f in report.security.findings if not f.suppressed and f.severity in ("critical", "high")),
                 key=lambda f: -SEVERITY_ORDER[f.severity])
    return {
        "r": report,
        "o": o,
        "sv": sv,
        "verdict": verdict_line(report),
        "not_checked_text": not_checked_phrase(sv) if sv.not_checked else "",
        "suppressed_text": suppressed_phrase(sv) if sv.suppressed else "",
        "top_findings": top[:10],
        "top_more": max(len(top) - 10, 0),
        "restrictions": blocking_clauses(report, 160),
        "requires": mof_requirement,
        "mof_target": _target_class(report),
        "label_class": _LABEL_CLASS.get(o.label, ""),
        "mof_progress": progress,
        "sev_counts": sev_counts,
        "covered": sum(1 for s in report.documentation.sections.values() if s.covered),
        "not_checked": not_checked(report),
        "roman": _roman,
        "size": _size,
        "safe_url": lambda url: bool(_SAFE_URL.match(url or "")),
    }


def not_checked(report: Report) -> list[tuple[str, str]]:
    """Everything that ended inconclusive, with its reason (never counted as pass or fail)."""
    items: list[tuple[str, str]] = [(i.path or i.check, i.reason) for i in report.inconclusive]
    items += [(u.path, u.reason) for u in report.security.unscannable]
    listed = {what for what, _ in items}
    items += [(path, reason) for path, reason in ledger_unscannable(report) if path not in listed]
    items += [(f"OSAID: {x}", "inconclusive") for x in report.openness.osaid.inconclusive]
    items += [(f"component {c.name}", (c.evidence[0].text if c.evidence else None) or "inconclusive")
              for c in report.components if c.status == "inconclusive"]
    items += [(f"EOSAI {name}", p.reason or "inconclusive")
              for name, p in report.openness.eosai.parameters.items() if p.grade == "inconclusive"]
    return items


def _target_class(report: Report) -> tuple[int, list[str]] | None:
    """The next class up and what it still misses (None when the release is Class I)."""
    mof = report.openness.mof
    target = (mof.mof_class - 1) if mof.mof_class else 3
    todo = mof.missing.get(f"class_{target}") or []
    return (target, list(todo)) if target >= 1 and todo else None


def _class_name(key: str) -> str:
    n = key.rsplit("_", 1)[-1]
    return f"Class {_roman(int(n))}" if n.isdigit() else key
