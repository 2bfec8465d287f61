"""unveil: audit AI model releases for openness, licenses, security and documentation.

The Python API (typed; the package ships `py.typed`):

- `audit(source, *, revision=None, follow_links=False, suppressions=None, now=None, progress=None, hub=None)`
  -> Report
- `unveil.commands.scan.scan_paths(paths) -> (SecuritySection, bytes_read)`: the security scan of `unveil scan`
  (not re-exported here: the package root stays importable by every layer)
- `render(report, fmt="text", **options) -> str`: any registered format (text, json, html, sarif, ...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from unveil.version import __version__

if TYPE_CHECKING:
    from datetime import datetime

    from unveil.report import Report
    from unveil.service import ProgressEvent
    from unveil.sources.hub_options import HubOptions
    from unveil.suppressions import SuppressionConfig

__all__ = ["__version__", "audit", "render"]


def audit(source: str, *, revision: str | None = None, follow_links: bool = False,
          suppressions: SuppressionConfig | None = None, now: datetime | None = None,
          progress: Callable[[ProgressEvent], None] | None = None, hub: HubOptions | None = None) -> Report:
    """Audit a release into a Report.

    source: a folder, a file, `org/name[@rev]` on the Hub (honours HF_ENDPOINT, HF_TOKEN, offline mode), a
        git URL, or a MOT model YAML (declared facts, no files).
    revision: branch, tag or commit for Hub and git sources (overrides `@rev`).
    follow_links: also fetch the Hub dataset cards and repositories the card links (network; off by default
        so an audit stays offline and deterministic).
    suppressions: findings to mark suppressed or annotate (`unveil.suppressions.load_config(path)`); never
        read from the audited release.
    now: the report's `generated_at` (default: SOURCE_DATE_EPOCH if set, else the clock).
    progress: called with a `ProgressEvent` (stage, files and bytes read of the totals, current file).
    hub: network deadlines for a Hub source (`unveil.sources.hub_options.HubOptions`).
    """
    # lazy: start-up (`import unveil` stays light: the service loads every analyzer)
    from unveil.service import audit as _audit

    return _audit(source, revision=revision, follow_links=follow_links, suppressions=suppressions, now=now,
                  progress=progress, hub=hub)


def render(report: Report, fmt: str = "text", **options: Any) -> str:
    """The report in one of `unveil.render.RENDERERS` (text takes `color` and `width`). Every string from the
    release is sanitised (`unveil.sanitize`) on the way out."""
    # lazy: start-up (a renderer loads only when used)
    from unveil.render import renderer

    return renderer(fmt)(report, **options)  # type: ignore[call-arg]
