"""Raw pickle streams (.pkl, .bin, .pt, .p, no extension alike), recognised by opcode sniffing."""

from __future__ import annotations

from unveil.security.artifact_rules import ARCHIVE_LIMIT
from unveil.security.formats import ScanContext, register_format
from unveil.security.pickle import looks_like_pickle, scan_pickle_stream

MAX_PICKLE_BYTES = 1024 * 1024 * 1024


class RawPickleFormat:
    name = "pickle"

    def sniff(self, head: bytes, path: str) -> bool:
        # The dispatcher passes the head only; the total size decides whether a cut-off walk is ok.
        return looks_like_pickle(head, len(head) + 1 if len(head) >= 4096 else len(head))

    def scan(self, ctx: ScanContext) -> None:
        size = ctx.source.size
        if size > MAX_PICKLE_BYTES:
            ctx.cannot_scan(f"budget: pickle larger than {MAX_PICKLE_BYTES} bytes")
            ctx.report(ARCHIVE_LIMIT.id, "high", f"pickle of {size} bytes exceeds the scan limit")
            return
        scan_pickle_stream(ctx, ctx.source.read(0, size))


register_format(RawPickleFormat())
