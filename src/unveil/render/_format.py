"""Small formatting helpers shared by the human-facing renderers."""

from __future__ import annotations


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
