"""Files that are several complete zip archives back to back (PyTorch distributed checkpoints).

`torch.distributed.checkpoint` (FSDP / accelerate sharded checkpoints, `__0_0.distcp`) appends one
`torch.save` archive per tensor or object to the same file and reads each back by its offset. Read
as one zip, such a file looks tampered with (directory displaced, local headers missing from the
directory). When the file splits exactly into contiguous, self-consistent archives starting at
offset 0, each archive is scanned on its own (member path `file!@<offset>`), with every check the
zip formats make; anything else falls through to the ordinary zip formats and their anomaly
findings. Only a file whose directory shows an anomaly is walked, so ordinary zips cost nothing.
"""

from __future__ import annotations

import struct

from unveil.security.artifact_rules import ZIP_MISMATCH
from unveil.security.formats import ByteSource, ScanContext, register_format
from unveil.security.formats.zipfile_reader import (
    EOCD64_LOC_MAGIC,
    EOCD64_MAGIC,
    SliceSource,
    ZipError,
    ZipListing,
    _find_eocd,
    is_zip,
    read_zip,
)

MAX_SEGMENTS = 20_000


def split_archives(source: ByteSource) -> list[tuple[int, int]] | None:
    """[(start, end)] of >= 2 contiguous, self-consistent zips covering the whole file; else None.

    Walked from the end: each archive's end-of-directory record must end exactly where the next
    archive starts, and its directory offsets (relative to its own start, as torch.save writes them)
    give that start. Only directory records are read, never member data (PyTorch writes data
    descriptors, so local headers carry no sizes)."""
    segments: list[tuple[int, int]] = []
    end = source.size
    while end > 0:
        if len(segments) >= MAX_SEGMENTS:
            return None
        try:
            listing = read_zip(SliceSource(source, 0, end))
        except ZipError:
            return None
        if listing.eocd_offset + 22 + len(listing.comment) != end:
            return None  # trailing bytes after this archive: not a clean concatenation
        start = listing.cd_offset - _directory_offset(listing)
        if not 0 <= start < end:
            return None
        try:
            own = read_zip(SliceSource(source, start, end - start))
        except ZipError:
            return None
        if own.problems or not own.members:
            return None
        segments.append((start, end))
        end = start
    segments.reverse()
    return segments if len(segments) >= 2 else None


def _directory_offset(listing: ZipListing) -> int:
    """The directory offset the archive itself records (before read_zip's displacement fix)."""
    for problem in listing.problems:
        if problem.startswith("central directory displaced by "):
            return listing.cd_offset - int(problem.split()[4])
    return listing.cd_offset


def _displaced(source: ByteSource) -> bool:
    """The archive's end records do not sit where its own offsets say (tail reads only, no directory)."""
    try:
        eocd_off, rec = _find_eocd(source)
    except ZipError:
        return False
    _, _, _, _, _, cd_size, cd_offset, _ = struct.unpack_from("<4sHHHHIIH", rec)
    cd_end = eocd_off
    loc_off = eocd_off - 20
    if loc_off >= 56:
        loc = source.read(loc_off, 20)
        rec64 = source.read(loc_off - 56, 56) if loc[:4] == EOCD64_LOC_MAGIC else b""
        if rec64[:4] == EOCD64_MAGIC:
            if struct.unpack_from("<Q", loc, 8)[0] != loc_off - 56:
                return True
            cd_size, cd_offset = struct.unpack_from("<QQ", rec64, 40)
            cd_end = loc_off - 56
    return cd_offset + cd_size != cd_end


class ConcatenatedZipFormat:
    name = "concatenated-zip"

    def sniff(self, head: bytes, path: str) -> bool:
        return is_zip(head)

    def claims(self, ctx: ScanContext) -> bool:
        return _displaced(ctx.source) and split_archives(ctx.source) is not None

    def scan(self, ctx: ScanContext) -> None:
        segments = split_archives(ctx.source) or []
        ctx.report(
            ZIP_MISMATCH.id,
            "info",
            f"{len(segments)} complete zip archives back to back (torch.distributed.checkpoint layout); "
            "each scanned separately",
        )
        for start, end in segments:
            if ctx.scan_member is not None:
                ctx.scan_member(ctx, f"@{start}", SliceSource(ctx.source, start, end - start))


register_format(ConcatenatedZipFormat())
