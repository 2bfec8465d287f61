"""unveil: audit AI model releases for openness, licenses, security and documentation.

The Python API (typed; the package ships `py.typed`):

- `audit(source, *, revision=None, follow_links=False, suppressions=None, now=None, progress=None) -> Report`
- `scan(paths) -> SecuritySection`: the security scan of `unveil scan`, never loading anything
- `render(report, fmt="text", **options) -> str`: any registered format (text, json, html, sarif, ...)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from unveil.version import __version__

if TYPE_CHECKING:
    from datetime import datetime

    from unveil.report import Report, SecuritySection
    from unveil.suppressions import SuppressionConfig

__all__ = ["__version__", "audit", "render", "scan"]


def audit(source: str, *, revision: str | None = None, follow_links: bool = False,
          suppressions: SuppressionConfig | None = None, now: datetime | None = None,
          progress: Callable[[str], None] | None = None) -> Report:
    """Audit a release into a Report.

    source: a folder, a file, `org/name[@rev]` on the Hub (honours HF_ENDPOINT, HF_TOKEN, offline mode), a
        git URL, or a MOT model YAML (declared facts, no files).
    revision: branch, tag or commit for Hub and git sources (overrides `@rev`).
    follow_links: also fetch the Hub dataset cards and repositories the card links (network; off by default
        so an audit stays offline and deterministic).
    suppressions: findings to mark suppressed or annotate (`unveil.suppressions.load_config(path)`); never
        read from the audited release.
    now: the report's `generated_at` (default: SOURCE_DATE_EPOCH if set, else the clock).
    progress: called with a short message at each step.
    """
    from unveil.service import audit as _audit

    return _audit(source, revision=revision, follow_links=follow_links, suppressions=suppressions, now=now,
                  progress=progress)


def scan(paths: Sequence[str]) -> SecuritySection:
    """Scan files or folders for unsafe artifacts and bundled code (static; nothing is loaded or run)."""
    from unveil.commands.scan import scan_paths

    section, _ = scan_paths(list(paths))
    return section


def render(report: Report, fmt: str = "text", **options: Any) -> str:
    """The report in one of `unveil.render.RENDERERS` (text takes `color` and `width`). Every string from the
    release is sanitised (`unveil.sanitize`) on the way out."""
    from unveil.render import renderer

    return renderer(fmt)(report, **options)  # type: ignore[call-arg]
