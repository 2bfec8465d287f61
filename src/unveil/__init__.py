"""unveil: audit AI model releases for openness, licenses, security and documentation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from unveil.version import __version__

if TYPE_CHECKING:
    from unveil.report import Report

__all__ = ["__version__", "audit"]


def audit(source: str, **options: object) -> Report:
    """Audit a release (folder, `org/name[@rev]` on the Hub, git URL or MOT YAML) into a Report."""
    from unveil.service import audit as _audit

    return _audit(source, **options)  # type: ignore[arg-type]
