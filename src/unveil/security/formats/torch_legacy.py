"""Legacy (non-zip) torch.save: five stacked pickles (magic, protocol, sys_info, data, storage keys)
followed by raw storage bytes. Only the pickles are read; the storages are never touched."""

from __future__ import annotations

from unveil.security.formats import ScanContext, register_format
from unveil.security.pickle import scan_pickle_stream

# LONG1 0x1950a86a20f9469cfc6c, the legacy magic number, as pickled by protocol 2.
MAGIC = b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19"
LEGACY_PICKLES = 5
FIRST_READ = 1 << 20


class TorchLegacyFormat:
    name = "pytorch-legacy"

    def sniff(self, head: bytes, path: str) -> bool:
        return head.startswith(MAGIC)

    def scan(self, ctx: ScanContext) -> None:
        size = ctx.source.size
        length = min(size, FIRST_READ)
        while True:
            data = ctx.source.read(0, length)
            probe = ScanContext(path=ctx.path, source=ctx.source, depth=ctx.depth, scan_member=ctx.scan_member)
            summary = scan_pickle_stream(probe, data, max_pickles=LEGACY_PICKLES, label="legacy pickle")
            # The data pickle was cut by our read window: read more (still only the pickles).
            if summary.error and "truncated" in summary.error and length < size:
                length = min(size, length * 4)
                continue
            break
        ctx.findings.extend(probe.findings)
        ctx.unscannable.extend(probe.unscannable)
        ctx.scanned.extend(probe.scanned)
        if summary.pickles < LEGACY_PICKLES and not summary.error:
            ctx.cannot_scan(f"legacy torch file has {summary.pickles} of {LEGACY_PICKLES} pickles")


register_format(TorchLegacyFormat())
