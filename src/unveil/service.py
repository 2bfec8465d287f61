"""The audit service: source -> release -> analyzers -> judges -> Report. No formatting here."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from datetime import UTC, datetime

from unveil.card import parse_card
from unveil.facts import AuditFacts
from unveil.openness.linked import fetch_links
from unveil.release import Release
from unveil.report import FileRecord, FrameworkStamp, Inconclusive, Report, SourceSection, ToolInfo
from unveil.sources.links import OPENERS, dataset_card_fetcher
from unveil.suppressions import SuppressionConfig
from unveil.version import __version__

FRAMEWORKS = (
    FrameworkStamp(name="OSI Open Source AI Definition", version="1.0"),
    FrameworkStamp(name="Model Openness Framework", version="1.0"),
    FrameworkStamp(name="European Open Source AI Index", version="2025"),
)

Progress = Callable[[str], None]
_TIMINGS = logging.getLogger("unveil.timings")


def report_time(now: datetime | None = None) -> datetime:
    """The report's `generated_at`: `now` if given, else SOURCE_DATE_EPOCH (reproducible builds), else the clock."""
    if now is not None:
        return now
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.now(UTC)


def _noop(_: str) -> None:
    return None


def audit(source: str, *, revision: str | None = None, progress: Progress | None = None,
          now: datetime | None = None, suppressions: SuppressionConfig | None = None,
          follow_links: bool = False) -> Report:
    """Audit SOURCE (folder, file, MOT YAML, git URL or `org/name[@rev]`) into a Report."""
    from unveil.sources import open_source

    step = progress or _noop
    step(f"opening {source}")
    release = open_source(source, revision)
    return audit_release(release, progress=step, now=now, suppressions=suppressions, follow_links=follow_links)


def audit_release(release: Release, *, progress: Progress | None = None,
                  now: datetime | None = None, suppressions: SuppressionConfig | None = None,
                  follow_links: bool = False) -> Report:
    """Run every analyzer and judge. `follow_links` also follows the card's links through the source layer
    (Hub dataset cards, linked Hub and GitHub repos; capped and time-boxed); off by default so an audit
    stays offline and deterministic."""
    from unveil import documentation, licenses, openness, security
    from unveil.inventory import attach_licenses, build_inventory, refine_with_documentation

    step = progress or _noop
    card = parse_card(release.card_text, release.card_path)
    facts = AuditFacts(release=release, card=card)
    step("inventory")
    facts.components = build_inventory(release, card)
    step("licenses")
    facts.licenses = licenses.analyze(release, card)
    facts.components = attach_licenses(facts.components, facts.licenses.entries)
    step("security scan")
    facts.security = security.scan_release(release)
    if suppressions is not None:
        facts.security.findings = suppressions.apply(facts.security.findings)
    _drop_timings(facts.security.summary)
    step("documentation")
    fetch_data_card = dataset_card_fetcher() if follow_links else None
    facts.documentation = documentation.analyze(release, card, fetch_data_card=fetch_data_card)
    facts.components = refine_with_documentation(facts.components, facts.documentation)
    if follow_links:  # GitHub repos, Hub dataset/model repos the card links (capped, time-boxed)
        step("following links")
        facts.links = fetch_links(card, own_id=release.source.id, openers=OPENERS)
    step("openness judges")
    verdicts = openness.judge(facts)
    return Report(
        tool=ToolInfo(version=__version__),
        frameworks=list(FRAMEWORKS),
        generated_at=report_time(now).isoformat(timespec="seconds"),
        source=SourceSection(
            kind=release.source.kind,
            id=release.source.id,
            revision=release.source.revision,
            requested_revision=release.source.requested_revision,
            files=len(release.files),
            total_bytes=release.total_bytes,
            bytes_read=release.bytes_read,
            refs=release.source.refs,
            listing=[FileRecord(path=f.path, size=f.size, sha256=f.sha256 or release.read_sha256(f.path), lfs=f.lfs)
                     for f in release.files],
        ),
        components=facts.components,
        licenses=facts.licenses.entries,
        openness=verdicts,
        security=facts.security,
        documentation=facts.documentation,
        inconclusive=_inconclusive(release),
    )


def _drop_timings(summary: dict) -> None:
    """Wall-clock seconds differ on every run: logged (unveil.timings), never in the report body."""
    for key, part in summary.items():
        if isinstance(part, dict) and "seconds" in part:
            _TIMINGS.debug("%s: %.3f s", key, part.pop("seconds"))


def _inconclusive(release: Release) -> list[Inconclusive]:
    return [
        Inconclusive(check="read", path=path, reason=f"{kind}: {reason}")
        for path, (kind, reason) in sorted(release.unreadable.items())
    ]
