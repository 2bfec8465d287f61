"""joblib dumps. Plain dumps are pickles with numpy array bytes written between opcodes after each
`NumpyArrayWrapper` (the pickle engine skips them); compressed dumps wrap the whole stream in zlib,
gzip, bz2, lzma or xz (gzip/bz2/xz are handled by the generic `archive` wrappers), and joblib < 0.10
used a `ZF` header before a zlib stream. Decompressed bytes go back to the dispatcher."""

from __future__ import annotations

import lzma
import zlib

from unveil.security.artifact_rules import ARCHIVE_LIMIT
from unveil.security.formats import ScanContext, register_format
from unveil.security.formats.archive import MAX_TAR_BYTES, scan_compressed

ZF_PREFIX = b"ZF"
ZF_HEADER = 2 + 19  # b"ZF" + hex(length).ljust(19)


def _zlib_head(head: bytes) -> bool:
    if len(head) < 2 or head[0] & 0x0F != 8 or head[0] >> 4 > 7 or (head[0] * 256 + head[1]) % 31:
        return False
    try:  # a real stream decompresses its head without error
        zlib.decompressobj().decompress(head[:4096], 1 << 16)
    except zlib.error:
        return False
    return True


def _lzma_alone_head(head: bytes) -> bool:
    # props byte (lc/lp/pb), power-of-two-ish dictionary size, known or unknown (-1) size.
    if len(head) < 13 or head[0] > 224:
        return False
    dict_size = int.from_bytes(head[1:5], "little")
    if dict_size < 4096 or dict_size & (dict_size - 1) and dict_size % (1 << 16):
        return False
    try:
        lzma.LZMADecompressor(lzma.FORMAT_ALONE).decompress(head[:4096], 1 << 16)
    except lzma.LZMAError:
        return False
    return True


class JoblibCompressedFormat:
    name = "joblib-compressed"

    def sniff(self, head: bytes, path: str) -> bool:
        return self._kind(head) is not None

    @staticmethod
    def _kind(head: bytes) -> str | None:
        if head[:2] == ZF_PREFIX and head[2:4] == b"0x":
            return "zf"
        if _zlib_head(head):
            return "zlib"
        if _lzma_alone_head(head):
            return "lzma"
        return None

    def scan(self, ctx: ScanContext) -> None:
        kind = self._kind(ctx.head()) or "zlib"
        if ctx.source.size > MAX_TAR_BYTES:
            ctx.cannot_scan(f"budget: {kind} stream larger than {MAX_TAR_BYTES} bytes")
            ctx.report(ARCHIVE_LIMIT.id, "high", f"{kind} stream too large to scan")
            return
        data = ctx.source.read(0, ctx.source.size)
        if kind == "zf":
            scan_compressed(ctx, "zlib", data[ZF_HEADER:], "zlib")
        else:
            scan_compressed(ctx, kind, data, kind)


register_format(JoblibCompressedFormat())
