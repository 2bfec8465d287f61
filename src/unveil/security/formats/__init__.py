"""Artifact format registry. Each format is one module that registers one `FormatScanner`.

A scanner identifies its format by content (magic bytes, opcode sniffing), never by extension,
and reports into a `ScanContext`. Containers (zip, tar, compressed wrappers) hand their members
back to `ScanContext.scan_member`, so nesting works for every format.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from unveil import budgets
from unveil.records import SEVERITY_ORDER, Evidence, Finding, Unscannable

# How many bytes every sniffer sees.
HEAD_BYTES = 4096
# Findings kept per rule and release file; the rest become one aggregate finding ("and 99,990 more
# of SEC303"). A hostile file with 100,000 globals must not make 100,000 findings. The default of the
# `findings_per_rule_file` budget (unveil.budgets), which FindingList reads.
MAX_FINDINGS_PER_RULE = 10
_AGGREGATE = re.compile(r"^and ([\d,]+) more of ")


def _release_file(path: str) -> str:
    return path.split("!", 1)[0]


class FindingList(list):
    """A findings list that keeps at most `cap` findings per (rule, release file) and counts the rest.

    Every `ScanContext` writes into one (children share their parent's), so the cap holds for every
    format; `flush()` appends one aggregate finding per capped key."""

    def __init__(self, items=(), cap: int | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        # The named budget (unveil.budgets `findings_per_rule_file`), unless a caller picks a cap.
        self.cap = cap if cap is not None else budgets.current().findings_per_rule_file
        self._kept: dict[tuple[str, str], int] = {}
        self.overflow: dict[tuple[str, str], list] = {}  # key -> [count, severity]
        self.extend(items)

    def full(self, rule: str, path: str) -> bool:
        return self._kept.get((rule, _release_file(path)), 0) >= self.cap

    def count_over(self, rule: str, path: str, severity: str, n: int = 1) -> None:
        slot = self.overflow.setdefault((rule, _release_file(path)), [0, severity])
        slot[0] += n
        if SEVERITY_ORDER[severity] > SEVERITY_ORDER[slot[1]]:
            slot[1] = severity

    def append(self, f: Finding) -> None:  # type: ignore[override]
        key = (f.rule, _release_file(f.path))
        agg = _AGGREGATE.match(f.detail)
        if agg is not None:  # an aggregate from an inner list: merge its count
            self.count_over(f.rule, f.path, f.severity, int(agg.group(1).replace(",", "")))
            return
        kept = self._kept.get(key, 0)
        if kept >= self.cap:
            self.count_over(f.rule, f.path, f.severity)
            return
        self._kept[key] = kept + 1
        super().append(f)

    def extend(self, items) -> None:  # type: ignore[no-untyped-def, override]
        for f in items:
            self.append(f)
        if isinstance(items, FindingList) and items is not self:
            for (rule, path), (n, sev) in items.overflow.items():
                self.count_over(rule, path, sev, n)

    def aggregates(self) -> list[Finding]:
        out = []
        for (rule, path), (n, sev) in sorted(self.overflow.items()):
            detail = f"and {n:,} more of {rule} (findings capped at {self.cap} per rule and file)"
            out.append(Finding(rule=rule, severity=sev, path=path, detail=detail,
                               evidence=[Evidence(path=path, text=detail, rule=rule)]))
        return out

    def flush(self) -> None:
        """Append the aggregate findings (once); later findings count afresh."""
        for f in self.aggregates():
            super().append(f)
        self.overflow.clear()


class ByteSource(Protocol):
    """Random access to one artifact's bytes: a release file (ranged reads) or an in-memory member."""

    size: int

    def read(self, start: int, length: int) -> bytes: ...


@dataclass
class BytesSource:
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)

    def read(self, start: int, length: int) -> bytes:
        return self.data[start : start + length]


@dataclass
class ScanContext:
    """One artifact being scanned. `path` is the display path (`outer.zip!inner/data.pkl`)."""

    path: str
    source: ByteSource
    depth: int = 0
    findings: list[Finding] = field(default_factory=FindingList)
    unscannable: list[Unscannable] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    # Set by the dispatcher: scans a member's bytes with every format (recursion with limits).
    scan_member: Callable[[ScanContext, str, ByteSource], bool | None] | None = None

    def head(self, n: int = HEAD_BYTES) -> bytes:
        return self.source.read(0, min(n, self.source.size))

    def report(
        self,
        rule: str,
        severity: str,
        detail: str,
        *,
        offset: int | None = None,
        text: str | None = None,
        path: str | None = None,
    ) -> None:
        where = path or self.path
        findings = self.findings
        if isinstance(findings, FindingList) and findings.full(rule, where):
            findings.count_over(rule, where, severity)  # capped: count it, build nothing
            return
        findings.append(
            Finding(
                rule=rule,
                severity=severity,  # type: ignore[arg-type]
                path=where,
                detail=detail,
                evidence=[Evidence(path=where, offset=offset, text=text, rule=rule)],
            )
        )

    def cannot_scan(self, reason: str, path: str | None = None) -> None:
        self.unscannable.append(Unscannable(path=path or self.path, reason=reason))


class FormatScanner(Protocol):
    name: str

    def sniff(self, head: bytes, path: str) -> bool: ...

    def scan(self, ctx: ScanContext) -> None: ...


FORMATS: list[FormatScanner] = []


def register_format(scanner: FormatScanner) -> FormatScanner:
    """Register a format scanner (call at module import; order = sniff priority)."""
    FORMATS.append(scanner)
    return scanner


def report_template(ctx: ScanContext, source: str, where: str, offset: int | None = None) -> None:
    """Check one Jinja template (chat templates, GGUF metadata) and report into `ctx`.

    The analyzer (`_jinja`, with Jinja2) is imported on the first template met, not at start-up: it is
    most of what importing the formats would cost. If it cannot be imported the format's scan fails and
    the dispatcher marks the file unscannable with the reason (fail closed)."""
    importlib.import_module("unveil.security.formats._jinja").report_template(ctx, source, where, offset=offset)
