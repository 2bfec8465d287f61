"""Artifact scanner entry point: every file of a release, sniffed by content, never loaded."""

from __future__ import annotations

import time

from unveil.release import Release
from unveil.security import ScanResult
from unveil.security.dispatch import ReleaseSource, load_formats, scan_source
from unveil.security.formats import ScanContext

import unveil.security.artifact_rules  # noqa: F401, E402  (registers SEC30x-SEC32x)


def scan_artifacts(release: Release) -> ScanResult:
    load_formats()
    result = ScanResult()
    started = time.monotonic()
    before = release.bytes_read
    for entry in release.files:
        if entry.pointer or not entry.available:
            continue  # LFS pointers / gated files: the release records them as unreadable
        if entry.symlink_target is not None:
            continue
        size = entry.size or 0
        if size <= 0:
            continue
        ctx = ScanContext(path=entry.path, source=ReleaseSource(release, entry.path, size))
        scan_source(ctx)
        result.findings.extend(ctx.findings)
        result.scanned.extend(ctx.scanned)
        result.unscannable.extend(ctx.unscannable)
    result.summary["artifacts"] = {
        "files": len(release.files),
        "scanned": len(result.scanned),
        "bytes_read": release.bytes_read - before,
        "seconds": round(time.monotonic() - started, 3),
    }
    return result
