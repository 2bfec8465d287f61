"""Severity order, in a module of its own so the CLI can validate `--fail-on` without building the report models."""

from __future__ import annotations

SEVERITY_ORDER: dict[str, int] = {"info": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}
SEVERITIES: tuple[str, ...] = tuple(sorted(SEVERITY_ORDER, key=SEVERITY_ORDER.__getitem__, reverse=True))
