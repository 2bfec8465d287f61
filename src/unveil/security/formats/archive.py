"""Generic containers: zip, tar, gzip, bz2, xz. Members are handed back to the dispatcher
(`ctx.scan_member`), so nesting works for every format; limits stop bombs and deep nesting."""

from __future__ import annotations

import bz2
import io
import lzma
import tarfile
import zlib

from unveil.security.artifact_rules import (
    ARCHIVE_LIMIT,
    ARCHIVE_SYMLINK,
    ARCHIVE_TRAVERSAL,
    CONTAINER_UNPARSEABLE,
    ZIP_MISMATCH,
)
from unveil.security.formats import BytesSource, ScanContext, register_format
from unveil.security.formats._expansion import charge, first_exhaustion, remaining
from unveil.security.formats.zipfile_reader import (
    ExpansionExhausted,
    ZipError,
    ZipListing,
    header_mismatches,
    hidden_local_members,
    is_unsafe_member_path,
    is_zip,
    member_source,
    read_member,
    read_zip,
)

MAX_EXPANDED = 512 * 1024 * 1024
MAX_TAR_BYTES = 1024 * 1024 * 1024
BOMB_RATIO = 200
BOMB_MIN = 16 * 1024 * 1024


def _member_name(name: str) -> str:
    return name.replace("\\", "/")


class ZipArchiveFormat:
    name = "zip"

    def sniff(self, head: bytes, path: str) -> bool:
        return is_zip(head)

    def scan(self, ctx: ScanContext) -> None:
        scan_zip_members(ctx)


def scan_zip_members(ctx: ScanContext, *, skip=None) -> None:  # type: ignore[no-untyped-def]
    """Check every member (paths, links, bombs, header disagreements) and dispatch its content."""
    try:
        listing = read_zip(ctx.source)
    except ZipError as exc:
        ctx.cannot_scan(f"zip: {exc}")
        ctx.report(
            CONTAINER_UNPARSEABLE.id,
            "high",
            f"zip structure unreadable ({exc}); streaming readers may still extract it",
        )
        _scan_hidden(ctx, None)
        return
    for problem in listing.problems:
        ctx.report(ZIP_MISMATCH.id, "high", f"zip directory anomaly: {problem}")
    for problem in header_mismatches(ctx.source, listing)[:20]:
        ctx.report(ZIP_MISMATCH.id, "high", f"central directory vs local header: {problem}")
    _scan_hidden(ctx, listing)
    for m in listing.members:
        name = _member_name(m.name)
        if is_unsafe_member_path(m.name):
            ctx.report(
                ARCHIVE_TRAVERSAL.id,
                "high",
                f"member path {m.name!r} escapes the extraction folder",
                path=f"{ctx.path}!{name}",
                text=m.name,
            )
        if m.is_symlink:
            ctx.report(
                ARCHIVE_SYMLINK.id,
                "high",
                f"member {m.name!r} is a symbolic link",
                path=f"{ctx.path}!{name}",
                text=m.name,
            )
            continue
        if m.is_dir or (skip is not None and skip(m)):
            continue
        if m.encrypted:
            _scan_flagged_encrypted(ctx, m, name)
            continue
        if m.size > MAX_EXPANDED or (m.size > BOMB_MIN and m.size > BOMB_RATIO * max(m.compressed_size, 1)):
            ctx.cannot_scan(f"budget: member expands to {m.size} bytes", path=f"{ctx.path}!{name}")
            ctx.report(
                ARCHIVE_LIMIT.id,
                "high",
                f"member expands to {m.size} bytes from {m.compressed_size}",
                path=f"{ctx.path}!{name}",
            )
            continue
        try:
            src = member_source(ctx.source, m, MAX_EXPANDED)
        except ZipError as exc:
            ctx.cannot_scan(f"zip member: {exc}", path=f"{ctx.path}!{name}")
            if isinstance(exc, ExpansionExhausted) and first_exhaustion():
                ctx.report(ARCHIVE_LIMIT.id, "high", f"nested members expand beyond the file's budget: {exc}",
                           path=f"{ctx.path}!{name}")
            continue
        if isinstance(src, BytesSource):  # decompressed in memory anyway: check its CRC like zipfile does
            report_crc_lie(ctx, m, src.data, f"{ctx.path}!{name}")
        if ctx.scan_member is not None:
            ctx.scan_member(ctx, name, src)


def report_crc_lie(ctx: ScanContext, m, data: bytes, path: str) -> None:  # type: ignore[no-untyped-def]
    """A member whose bytes do not match the directory's CRC-32: zipfile-based readers (and scanners)
    refuse it, PyTorch's reader does not check and loads it. The bytes are scanned either way."""
    crc = zlib.crc32(data) & 0xFFFFFFFF
    if crc != m.crc:
        ctx.report(ZIP_MISMATCH.id, "medium", f"member {m.name!r}: CRC-32 {crc:08x} does not match the directory's "
                   f"{m.crc:08x}; zipfile-based readers refuse it, PyTorch's reader loads it (scanned as stored)",
                   path=path)


def _scan_flagged_encrypted(ctx: ScanContext, m, name: str) -> None:  # type: ignore[no-untyped-def]
    """The encryption bit is set. Readers that ignore it (PyTorch) load the stored bytes as they are:
    if they are a format we know, the flag is a lie told to scanners that honour it; scan and say so."""
    path = f"{ctx.path}!{name}"
    try:
        data = read_member(ctx.source, m, MAX_EXPANDED, ignore_flags=True)
    except ZipError:
        ctx.cannot_scan("encrypted zip member", path=path)
        return
    recognised = False
    if ctx.scan_member is not None and len(data) >= 12:
        recognised = bool(ctx.scan_member(ctx, name, BytesSource(data)))
    if recognised:
        ctx.report(ZIP_MISMATCH.id, "high", f"member {m.name!r} is flagged encrypted but stored readable: readers "
                   "that ignore the flag (PyTorch) load it, scanners that honour it skip it", path=path)
    else:
        ctx.cannot_scan("encrypted zip member", path=path)


def _scan_hidden(ctx: ScanContext, listing) -> None:  # type: ignore[no-untyped-def]

    try:
        hidden = hidden_local_members(ctx.source, listing or ZipListing(), max_bytes=ctx.source.size)
    except ZipError:
        return
    for m in hidden[:100]:
        name = _member_name(m.name)
        if listing is not None:
            ctx.report(
                ZIP_MISMATCH.id,
                "high",
                f"member {m.name!r} has a local header but is missing from the "
                "central directory (visible to streaming readers only)",
                path=f"{ctx.path}!{name}",
                offset=m.header_offset,
            )
        if m.size <= MAX_EXPANDED and not m.encrypted and ctx.scan_member is not None:
            try:
                data = member_source(ctx.source, m, MAX_EXPANDED)
            except ZipError:
                continue
            ctx.scan_member(ctx, name, data)


class TarFormat:
    name = "tar"

    def sniff(self, head: bytes, path: str) -> bool:
        if len(head) < 512:
            return False
        if head[257:262] == b"ustar":
            return True
        try:  # v7 tar: only the header checksum identifies it
            stored = int(head[148:156].split(b"\0", 1)[0].strip() or b"-1", 8)
        except ValueError:
            return False
        calc = sum(head[:148]) + 8 * 32 + sum(head[156:512])
        return stored == calc

    def scan(self, ctx: ScanContext) -> None:
        if ctx.source.size > MAX_TAR_BYTES:
            ctx.cannot_scan(f"budget: tar larger than {MAX_TAR_BYTES} bytes")
            ctx.report(ARCHIVE_LIMIT.id, "high", "tar archive too large to scan")
            return
        scan_tar_bytes(ctx, ctx.source.read(0, ctx.source.size))


def scan_tar_bytes(ctx: ScanContext, data: bytes) -> None:
    try:
        tf = tarfile.open(fileobj=io.BytesIO(data), mode="r:")  # noqa: SIM115 - in-memory, members read below
        members = tf.getmembers()
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        ctx.cannot_scan(f"tar: {exc}")
        ctx.report(CONTAINER_UNPARSEABLE.id, "high", f"tar structure unreadable ({exc})")
        return
    for m in members:
        name = _member_name(m.name)
        where = f"{ctx.path}!{name}"
        if is_unsafe_member_path(m.name):
            ctx.report(
                ARCHIVE_TRAVERSAL.id,
                "high",
                f"member path {m.name!r} escapes the extraction folder",
                path=where,
                text=m.name,
            )
        if m.issym() or m.islnk():
            kind = "symbolic" if m.issym() else "hard"
            target = m.linkname
            sev = "high"
            ctx.report(
                ARCHIVE_SYMLINK.id, sev, f"member {m.name!r} is a {kind} link to {target!r}", path=where, text=target
            )
            continue
        if m.isdev() or m.isfifo():
            ctx.report(ARCHIVE_SYMLINK.id, "high", f"member {m.name!r} is a device or fifo", path=where)
            continue
        if not m.isfile():
            continue
        if m.size > MAX_EXPANDED:
            ctx.cannot_scan(f"budget: member of {m.size} bytes exceeds the limit", path=where)
            continue
        fh = tf.extractfile(m)
        if fh is None or ctx.scan_member is None:
            continue
        ctx.scan_member(ctx, name, BytesSource(fh.read()))


def decompress_bounded(kind: str, data: bytes, limit: int = MAX_EXPANDED) -> bytes:
    """Decompress with an output limit; raises ValueError('bomb') past it. Handles multi-member gzip.
    The limit also follows the zip member rule (more than BOMB_MIN at over BOMB_RATIO times the input is a
    bomb) and the enclosing file's expansion budget, so a 1 GB stream of zeros stops early and cheaply."""
    limit = min(limit, max(BOMB_MIN, BOMB_RATIO * len(data)), max(remaining(), 0))
    out = bytearray()
    rest = data
    while rest:
        if kind == "gzip":
            d = zlib.decompressobj(47)
        elif kind == "zlib":
            d = zlib.decompressobj()
        elif kind == "bz2":
            d = bz2.BZ2Decompressor()
        elif kind == "xz":
            d = lzma.LZMADecompressor(lzma.FORMAT_XZ)
        else:
            d = lzma.LZMADecompressor(lzma.FORMAT_ALONE)
        chunk = d.decompress(rest, limit - len(out) + 1)
        out += chunk
        if len(out) > limit:
            raise ValueError(f"decompresses beyond {limit} bytes (bomb?)")
        if not getattr(d, "eof", True):
            if getattr(d, "needs_input", True) or kind in ("zlib", "gzip"):
                break  # truncated stream: keep what decompressed
            raise ValueError(f"decompresses beyond {limit} bytes (bomb?)")
        rest = d.unused_data
        if kind != "gzip" or not rest.startswith(b"\x1f\x8b"):
            break
    charge(len(out))
    return bytes(out)


def scan_compressed(ctx: ScanContext, kind: str, data: bytes, member: str) -> None:
    try:
        out = decompress_bounded(kind, data)
    except ValueError as exc:
        ctx.cannot_scan(f"{kind}: {exc}")
        ctx.report(ARCHIVE_LIMIT.id, "high", f"{kind} stream {exc}")
        return
    except (zlib.error, OSError, lzma.LZMAError, EOFError) as exc:
        ctx.cannot_scan(f"{kind}: cannot decompress ({exc})")
        return
    if ctx.scan_member is not None and out:
        ctx.scan_member(ctx, member, BytesSource(out))


class CompressedFormat:
    """gzip / bz2 / xz single-stream wrappers (a tar inside is found by the next sniff)."""

    name = "compressed"

    def sniff(self, head: bytes, path: str) -> bool:
        return self._kind(head) is not None

    @staticmethod
    def _kind(head: bytes) -> str | None:
        if head[:2] == b"\x1f\x8b":
            return "gzip"
        if head[:3] == b"BZh" and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
            return "bz2"
        if head[:6] == b"\xfd7zXZ\x00":
            return "xz"
        return None

    def scan(self, ctx: ScanContext) -> None:
        kind = self._kind(ctx.head(16)) or "gzip"
        if ctx.source.size > MAX_TAR_BYTES:
            ctx.cannot_scan(f"budget: {kind} file larger than {MAX_TAR_BYTES} bytes")
            ctx.report(ARCHIVE_LIMIT.id, "high", f"{kind} file too large to scan")
            return
        scan_compressed(ctx, kind, ctx.source.read(0, ctx.source.size), kind)


register_format(ZipArchiveFormat())
register_format(TarFormat())
register_format(CompressedFormat())
