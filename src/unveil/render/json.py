"""JSON renderer: the versioned report contract."""

from __future__ import annotations

from unveil.report import Report


def render(report: Report) -> str:
    return report.to_json(indent=2) + "\n"
