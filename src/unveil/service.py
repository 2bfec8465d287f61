"""The audit service: source -> release -> analyzers -> judges -> Report. No formatting here."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from unveil import documentation, licenses, openness, security
from unveil.card import ModelCard, parse_card
from unveil.facts import AuditFacts
from unveil.inventory import attach_licenses, build_inventory, refine_with_documentation, refine_with_security
from unveil.openness.linked import fetch_links
from unveil.release import Release
from unveil.report import FileRecord, FrameworkStamp, Inconclusive, Report, SourceSection, ToolInfo
from unveil.sources import open_source
from unveil.sources.links import OPENERS, dataset_card_fetcher
from unveil.suppressions import SuppressionConfig
from unveil.version import __version__

if TYPE_CHECKING:
    from unveil.sources.hub_options import HubOptions

FRAMEWORKS = (
    FrameworkStamp(name="OSI Open Source AI Definition", version="1.0"),
    FrameworkStamp(name="Model Openness Framework", version="1.0"),
    FrameworkStamp(name="European Open Source AI Index", version="2025"),
)

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


@dataclass(frozen=True)
class ProgressEvent:
    """Where an audit is: the stage, files and bytes read of the release's totals, the file being read."""
    stage: str
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    current: str | None = None

    def __str__(self) -> str:
        if not self.files_total:
            return self.stage
        where = f" {self.current}" if self.current else ""
        return (f"{self.stage}: {self.files_done}/{self.files_total} files, "
                f"{self.bytes_done}/{self.bytes_total} bytes{where}")


Progress = Callable[[ProgressEvent], None]


def _noop(_: ProgressEvent) -> None:
    return None


class _Tracker:
    """Turns the release's reads into progress events (files read at least once, bytes read, current file)."""
    def __init__(self, release: Release, progress: Progress) -> None:
        self.release, self.progress = release, progress
        self.stage = "opening"
        self.seen: set[str] = set()
        self.total_files = len(release.files)
        self.total_bytes = release.total_bytes

    def step(self, stage: str) -> None:
        self.stage = stage
        self._emit(None)

    def on_read(self, path: str) -> None:
        self.seen.add(path)
        self._emit(path)

    def _emit(self, current: str | None) -> None:
        self.progress(ProgressEvent(stage=self.stage, files_done=len(self.seen), files_total=self.total_files,
                                    bytes_done=self.release.bytes_read, bytes_total=self.total_bytes,
                                    current=current))


def audit(source: str, *, revision: str | None = None, progress: Progress | None = None,
          now: datetime | None = None, suppressions: SuppressionConfig | None = None,
          follow_links: bool = False, hub: HubOptions | None = None) -> Report:
    """Audit SOURCE (folder, file, MOT YAML, git URL or `org/name[@rev]`) into a Report.

    `hub`: network deadlines for a Hub source (see `unveil.sources.hub_options.HubOptions`)."""
    (progress or _noop)(ProgressEvent(stage=f"opening {source}"))
    release = open_source(source, revision, hub=hub)
    return audit_release(release, progress=progress, now=now, suppressions=suppressions, follow_links=follow_links)


def audit_release(release: Release, *, progress: Progress | None = None,
                  now: datetime | None = None, suppressions: SuppressionConfig | None = None,
                  follow_links: bool = False) -> Report:
    """Run every analyzer and judge. `follow_links` also follows the card's links through the source layer
    (Hub dataset cards, linked Hub and GitHub repos; capped and time-boxed); off by default so an audit
    stays offline and deterministic."""
    tracker = _Tracker(release, progress or _noop)
    release.observer = tracker.on_read
    step = tracker.step
    card = parse_card(release.card_text, release.card_path)
    facts = AuditFacts(release=release, card=card)
    step("inventory")
    facts.components = build_inventory(release, card)
    step("licenses")
    facts.licenses = licenses.analyze(release, card)
    facts.components = attach_licenses(facts.components, facts.licenses.entries)
    step("security scan")
    facts.security = security.scan_release(release)
    facts.components = refine_with_security(facts.components, facts.security.coverage)
    if suppressions is not None:
        _suppress(facts, suppressions)
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
    release.observer = None
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
        inconclusive=[*_inconclusive(release), *_card_unread(card), *_links_unfollowed(facts.links),
                      *(Inconclusive(check="license-text", path=path, reason=why)
                        for path, why in facts.licenses.unread),
                      *_data_cards_unfetched(facts.documentation.data_cards)],
    )


def _suppress(facts: AuditFacts, config: SuppressionConfig) -> None:
    """Apply the runner's suppressions; the summary says how many, and from which file."""
    section = facts.security
    section.findings = config.apply(section.findings)
    origins = sorted({f.suppressed_by for f in section.findings if f.suppressed and f.suppressed_by})
    count = sum(f.suppressed for f in section.findings)
    if count:
        section.summary["suppressed"] = {"count": count, "by": origins}
    if config.refused:
        section.summary["config_refused"] = config.refused  # inside the audited tree: never read


def _drop_timings(summary: dict) -> None:
    """Wall-clock seconds differ on every run: logged (unveil.timings), never in the report body."""
    for key, part in summary.items():
        if isinstance(part, dict) and "seconds" in part:
            _TIMINGS.debug("%s: %.3f s", key, part.pop("seconds"))


def _card_unread(card: ModelCard) -> list[Inconclusive]:
    """Card metadata a budget kept unread (an alias bomb, an oversized front matter): the licence, base model and
    datasets it may declare could not be checked. Invalid YAML is not this: the Hub reads no metadata from it either."""
    err = card.front_matter_error
    if not err or not err.startswith("budget:"):
        return []
    return [Inconclusive(check="card-metadata", path=card.path, reason=err)]


def _links_unfollowed(links: dict) -> list[Inconclusive]:
    """Links `--follow-links` was asked to follow and could not (network, rate limit, private repo, the cap or the
    time budget): what they would have shown is unknown. A link found missing (reachable False) was checked."""
    out = []
    for link in links.values():
        cut = link.reason.startswith("not followed: ") and "no opener" not in link.reason
        if link.reachable is None and (link.attempted or cut):
            out.append(Inconclusive(check="follow-link", path=None, reason=f"{link.target}: {link.reason}"))
    return out


def _data_cards_unfetched(data_cards: list[dict]) -> list[Inconclusive]:
    """Hub data cards `--follow-links` could not fetch (network, rate limit): their topics were not read."""
    return [Inconclusive(check="follow-link", path=None, reason=f"dataset {d.get('name')}: {d.get('reason')}")
            for d in data_cards if d.get("source") != "local" and d.get("status") == "inconclusive"]


def _inconclusive(release: Release) -> list[Inconclusive]:
    return [
        Inconclusive(check="read", path=path, reason=f"{kind}: {reason}")
        for path, (kind, reason) in sorted(release.unreadable.items())
    ]
