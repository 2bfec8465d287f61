"""Badge renderer: a shields.io endpoint JSON (https://shields.io/badges/endpoint-badge).

    {"schemaVersion": 1, "label": "unveil", "message": "open-weights | 2 critical", "color": "red"}

The message holds only values unveil chose (the label and counts), never text from the release; the
security half is the same verdict as the text and HTML summaries (`_format.security_verdict`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from unveil.render._format import security_verdict

if TYPE_CHECKING:
    from unveil.report import Report

_LABEL_COLOR = {"open-source-ai": "brightgreen", "open-weights": "yellowgreen", "restricted-weights": "orange",
                "closed": "red", "unknown": "lightgrey"}


def _security(report: Report) -> tuple[str, str | None]:
    """The security half of the message and the colour it forces (None: the label's colour)."""
    sv = security_verdict(report)
    worst = sv.counts[0] if sv.counts else None
    if worst and worst[0] in ("critical", "high"):
        return f"{worst[1]} {worst[0]}", "red" if worst[0] == "critical" else "orange"
    if sv.not_checked:
        return f"{sv.not_checked} not checked", "yellow"
    if sv.scanned == 0:
        return "nothing scanned", "lightgrey"
    if worst:
        return f"{worst[1]} {worst[0]}", None
    return "no findings", None


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
