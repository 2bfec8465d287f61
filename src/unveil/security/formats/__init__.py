"""Artifact format registry. Each format is one module that registers one `FormatScanner`.

A scanner identifies its format by content (magic bytes, opcode sniffing), never by extension,
and reports into a `ScanContext`. Containers (zip, tar, compressed wrappers) hand their members
back to `ScanContext.scan_member`, so nesting works for every format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from unveil.report import Evidence, Finding, Unscannable

# How many bytes every sniffer sees.
HEAD_BYTES = 4096


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
    findings: list[Finding] = field(default_factory=list)
    unscannable: list[Unscannable] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    # Set by the dispatcher: scans a member's bytes with every format (recursion with limits).
    scan_member: Callable[[ScanContext, str, ByteSource], None] | None = None

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
        self.findings.append(
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
