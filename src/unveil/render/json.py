"""JSON renderer: the versioned report contract."""

from __future__ import annotations

from unveil import sanitize
from unveil.report import Report


def render(report: Report) -> str:
    # Cleaned first: every string valid UTF-8 without control characters (raw bytes kept as hex in evidence).
    return sanitize.clean(report).to_json(indent=2) + "\n"
