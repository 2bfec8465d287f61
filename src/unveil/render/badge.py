"""Badge renderer: a shields.io endpoint JSON (https://shields.io/badges/endpoint-badge).

    {"schemaVersion": 1, "label": "unveil", "message": "open-weights | 2 critical", "color": "red"}

The message holds only values unveil chose (the label and counts), never text from the release.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unveil.report import Report

_LABEL_COLOR = {"open-source-ai": "brightgreen", "open-weights": "yellowgreen", "restricted-weights": "orange",
                "closed": "red", "unknown": "lightgrey"}


def _security(report: Report) -> tuple[str, str | None]:
    """The security half of the message and the colour it forces (None: the label's colour)."""
    active = [f for f in report.security.findings if not f.suppressed]
    critical = sum(f.severity == "critical" for f in active)
    high = sum(f.severity == "high" for f in active)
    unchecked = len(report.security.unscannable) + len(report.inconclusive)
    if critical:
        return f"{critical} critical", "red"
    if high:
        return f"{high} high", "orange"
    if unchecked:
        return f"{unchecked} not checked", "yellow"
    if not report.security.scanned:
        return "nothing scanned", "lightgrey"
    return "no high findings", None


def render(report: Report) -> str:
    label = report.openness.label
    security, forced = _security(report)
    badge = {
        "schemaVersion": 1,
        "label": "unveil",
        "message": f"{label} | {security}",
        "color": forced or _LABEL_COLOR.get(label, "lightgrey"),
    }
    return json.dumps(badge) + "\n"
