"""A safe, read-only zip parser over a `ByteSource` (ranged reads, no `zipfile`, no extraction).

Why not `zipfile`: it needs a file object, trusts the central directory only, checks CRCs and
refuses things PyTorch's reader (miniz) accepts. Scanners must see what *any* loader would see:
the central directory (what `zipfile`/PyTorch use), the local headers (what streaming readers
use), and disagreements between the two.

Public API (used by format modules such as torch_zip, numpy .npz, keras .keras):
- `is_zip(head)` -> bool (local header or empty-archive EOCD magic at offset 0)
- `read_zip(source, *, max_members=...)` -> `ZipListing` (members from the central directory;
  raises `ZipError` when there is no readable central directory)
- `ZipListing.names()`, `.get(name)`, `.members`, `.problems` (parser remarks)
- `local_header(source, member)` -> `LocalHeader` (name/sizes as the local header says)
- `read_member(source, member, max_size=...)` -> bytes (stored/deflate/bzip2/lzma; CRC ignored)
- `scan_local_headers(source, max_bytes=...)` -> list[ZipMember] found by walking `PK\\x03\\x04`
  records from offset 0 (streaming view; bounded)
"""

from __future__ import annotations

import bz2
import contextlib
import lzma
import struct
import zlib
from dataclasses import dataclass, field

from unveil.security.formats import ByteSource, BytesSource
from unveil.security.formats._expansion import charge, remaining

LOCAL_MAGIC = b"PK\x03\x04"
CENTRAL_MAGIC = b"PK\x01\x02"
EOCD_MAGIC = b"PK\x05\x06"
EOCD64_MAGIC = b"PK\x06\x06"
EOCD64_LOC_MAGIC = b"PK\x06\x07"

MAX_MEMBERS = 200_000
MAX_MEMBER_BYTES = 512 * 1024 * 1024
# Members whose compressed-to-uncompressed ratio exceeds this are treated as bombs.
MAX_RATIO = 200

S_IFLNK = 0o120000
S_IFMT = 0o170000


class ZipError(Exception):
    """The bytes are not a readable zip (or a member cannot be read)."""


class ExpansionExhausted(ZipError):
    """The enclosing top-level file has decompressed all it may (see `_expansion`)."""


@dataclass
class ZipMember:
    name: str
    header_offset: int  # offset of the local header
    compressed_size: int
    size: int
    method: int
    flags: int
    crc: int
    external_attr: int = 0
    create_system: int = 0
    raw_name: bytes = b""

    @property
    def is_dir(self) -> bool:
        return self.name.endswith("/")

    @property
    def is_symlink(self) -> bool:
        # Unix mode lives in the high 16 bits of external_attr when created on Unix (3).
        mode = self.external_attr >> 16
        return self.create_system == 3 and (mode & S_IFMT) == S_IFLNK

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & 0x1)


@dataclass
class LocalHeader:
    name: str
    data_offset: int
    compressed_size: int
    size: int
    method: int
    flags: int
    crc: int


@dataclass
class ZipListing:
    members: list[ZipMember] = field(default_factory=list)
    cd_offset: int = 0
    cd_size: int = 0
    eocd_offset: int = 0
    comment: bytes = b""
    problems: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        return [m.name for m in self.members]

    def get(self, name: str) -> ZipMember | None:
        for m in self.members:
            if m.name == name:
                return m
        return None


def is_zip(head: bytes) -> bool:
    return head[:4] == LOCAL_MAGIC or head[:4] == EOCD_MAGIC


def _decode_name(raw: bytes, flags: int) -> str:
    if flags & 0x800:
        return raw.decode("utf-8", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp437", errors="replace")


def _find_eocd(source: ByteSource) -> tuple[int, bytes]:
    size = source.size
    tail_len = min(size, 22 + 65535)
    tail = source.read(size - tail_len, tail_len)
    idx = tail.rfind(EOCD_MAGIC)
    while idx >= 0:
        if len(tail) - idx >= 22:
            return size - tail_len + idx, tail[idx:]
        idx = tail.rfind(EOCD_MAGIC, 0, idx)
    raise ZipError("no end-of-central-directory record")


def read_zip(source: ByteSource, *, max_members: int = MAX_MEMBERS) -> ZipListing:
    """Parse the central directory (two ranged reads: the tail, then the directory). The listing is
    remembered on the source: several sniffers and the scan ask for it (costly with 100,000 members)."""
    cached = getattr(source, "_unveil_zip_listing", None)
    if cached is not None and cached[0] == max_members:
        return cached[1]
    listing = _read_zip(source, max_members)
    with contextlib.suppress(AttributeError):  # a source with slots or frozen: parse again next time
        source._unveil_zip_listing = (max_members, listing)  # type: ignore[attr-defined]
    return listing


def _read_zip(source: ByteSource, max_members: int) -> ZipListing:
    eocd_off, rec = _find_eocd(source)
    (_, disk, cd_disk, n_disk, n_total, cd_size, cd_offset, clen) = struct.unpack_from("<4sHHHHIIH", rec)
    listing = ZipListing(eocd_offset=eocd_off, comment=rec[22 : 22 + clen])
    if disk != 0 or cd_disk != 0:
        listing.problems.append("multi-disk archive")
    # Zip64 (PyTorch always writes one): the zip64 EOCD sits between the directory and the EOCD.
    cd_end = eocd_off
    loc_off = eocd_off - 20
    loc = source.read(loc_off, 20) if loc_off >= 0 else b""
    if loc[:4] == EOCD64_LOC_MAGIC:
        (eocd64_off,) = struct.unpack_from("<Q", loc, 8)
        # Python's zipfile reads the zip64 record right before the locator; miniz (PyTorch) follows
        # the locator's offset. They differ for an archive behind a prefix or after another archive
        # (the offset is then relative to the archive's own start): take zipfile's reading and say so.
        adjacent = loc_off - 56
        rec_adj = source.read(adjacent, 56) if adjacent >= 0 else b""
        if rec_adj[:4] == EOCD64_MAGIC:
            if eocd64_off != adjacent:
                listing.problems.append(f"zip64 locator points at {eocd64_off}, the zip64 record sits at {adjacent}")
            eocd64_off, rec64 = adjacent, rec_adj
        else:
            rec64 = source.read(eocd64_off, 56) if eocd64_off < eocd_off else b""
        if rec64[:4] == EOCD64_MAGIC and len(rec64) >= 56:
            n64, size64, off64 = struct.unpack_from("<QQQ", rec64, 32)
            if n_total == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
                n_total, cd_size, cd_offset = n64, size64, off64
            cd_end = eocd64_off
        elif n_total == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
            raise ZipError("bad zip64 end-of-central-directory record")
    # Archives with a prefix (self-extracting, concatenated): the directory sits before the EOCD.
    shift = 0
    if cd_offset + cd_size != cd_end and cd_end - cd_size >= 0:
        shift = cd_end - cd_size - cd_offset
        listing.problems.append(f"central directory displaced by {shift} bytes (prefixed data)")
    cd_offset += shift
    if cd_size > 64 * 1024 * 1024 or cd_offset < 0 or cd_offset + cd_size > source.size:
        raise ZipError("central directory out of bounds")
    listing.cd_offset, listing.cd_size = cd_offset, cd_size
    cd = source.read(cd_offset, cd_size)
    pos = 0
    while pos + 46 <= len(cd):
        if cd[pos : pos + 4] != CENTRAL_MAGIC:
            listing.problems.append(f"garbage in central directory at {cd_offset + pos}")
            break
        (ver_made, _ver, flags, method, _t, _d, crc, csize, usize, nlen, xlen, klen, _disk, _iattr, eattr, hoff) = (
            struct.unpack_from("<HHHHHHIIIHHHHHII", cd, pos + 4)
        )
        raw = cd[pos + 46 : pos + 46 + nlen]
        extra = cd[pos + 46 + nlen : pos + 46 + nlen + xlen]
        if 0xFFFFFFFF in (csize, usize, hoff):
            usize, csize, hoff = _zip64_extra(extra, usize, csize, hoff)
        listing.members.append(
            ZipMember(
                name=_decode_name(raw, flags),
                header_offset=hoff + shift,
                compressed_size=csize,
                size=usize,
                method=method,
                flags=flags,
                crc=crc,
                external_attr=eattr,
                create_system=ver_made >> 8,
                raw_name=raw,
            )
        )
        if len(listing.members) > max_members:
            raise ZipError(f"more than {max_members} members")
        pos += 46 + nlen + xlen + klen
    if len(listing.members) != n_total:
        listing.problems.append(f"directory lists {len(listing.members)} entries, EOCD says {n_total}")
    return listing


def _zip64_extra(extra: bytes, usize: int, csize: int, hoff: int) -> tuple[int, int, int]:
    pos = 0
    while pos + 4 <= len(extra):
        tag, ln = struct.unpack_from("<HH", extra, pos)
        if tag == 1:
            body = extra[pos + 4 : pos + 4 + ln]
            vals = [struct.unpack_from("<Q", body, i)[0] for i in range(0, len(body) - 7, 8)]
            i = 0
            if usize == 0xFFFFFFFF and i < len(vals):
                usize, i = vals[i], i + 1
            if csize == 0xFFFFFFFF and i < len(vals):
                csize, i = vals[i], i + 1
            if hoff == 0xFFFFFFFF and i < len(vals):
                hoff = vals[i]
            break
        pos += 4 + ln
    return usize, csize, hoff


def local_header(source: ByteSource, member: ZipMember) -> LocalHeader:
    hdr = source.read(member.header_offset, 30)
    if len(hdr) < 30 or hdr[:4] != LOCAL_MAGIC:
        raise ZipError(f"{member.name}: no local header at {member.header_offset}")
    (_, _ver, flags, method, _t, _d, crc, csize, usize, nlen, xlen) = struct.unpack_from("<4sHHHHHIIIHH", hdr)
    raw = source.read(member.header_offset + 30, nlen)
    return LocalHeader(
        name=_decode_name(raw, flags),
        data_offset=member.header_offset + 30 + nlen + xlen,
        compressed_size=csize,
        size=usize,
        method=method,
        flags=flags,
        crc=crc,
    )


def read_member(
    source: ByteSource, member: ZipMember, max_size: int = MAX_MEMBER_BYTES, *, ignore_flags: bool = False
) -> bytes:
    """Bytes of a member, located via its local header like PyTorch does; CRC and flags ignored.
    `ignore_flags`: read a member flagged encrypted as-is (PyTorch's reader never checks the bit)."""
    if member.encrypted and not ignore_flags:
        raise ZipError(f"{member.name}: encrypted member")
    if member.size > max_size:
        raise ZipError(f"{member.name}: {member.size} bytes exceeds the {max_size}-byte limit")
    lh = local_header(source, member)
    raw = source.read(lh.data_offset, member.compressed_size)
    if len(raw) < member.compressed_size:
        raise ZipError(f"{member.name}: truncated member data")
    return _decompress(member.name, member.method, raw, member.size, max_size)


def _decompress(name: str, method: int, raw: bytes, size: int, max_size: int) -> bytes:

    if method != 0 and remaining() <= 0:
        raise ExpansionExhausted(f"{name}: expansion budget of the enclosing file exhausted (nested bomb?)")
    limit = min(max_size, max(size, 0) + 1) if size else max_size
    limit = min(limit, remaining() + 1) if method != 0 else limit
    try:
        if method == 0:
            return raw
        if method == 8:
            d = zlib.decompressobj(-15)
            out = d.decompress(raw, limit)
        elif method == 12:
            out = bz2.BZ2Decompressor().decompress(raw, limit)
        elif method == 14:
            # zip-lzma: 4-byte version/props-size header then LZMA1 props + stream.
            psize = struct.unpack_from("<H", raw, 2)[0]
            filt = lzma._decode_filter_properties(lzma.FILTER_LZMA1, raw[4 : 4 + psize])  # type: ignore[attr-defined]
            out = lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[filt]).decompress(raw[4 + psize :], limit)
        else:
            raise ZipError(f"{name}: unsupported compression method {method}")
    except (zlib.error, OSError, lzma.LZMAError, ValueError, struct.error) as exc:
        raise ZipError(f"{name}: cannot decompress ({exc})") from exc
    charge(len(out))
    if len(out) > max_size:
        raise ZipError(f"{name}: decompresses beyond the {max_size}-byte limit (bomb?)")
    if remaining() < 0:
        raise ExpansionExhausted(f"{name}: expansion budget of the enclosing file exhausted (nested bomb?)")
    return out


def scan_local_headers(source: ByteSource, max_bytes: int = 64 * 1024 * 1024) -> list[ZipMember]:
    """Walk local headers from offset 0 (streaming readers' view). Stops at the first non-header
    or after `max_bytes`; members with a data descriptor (flag 8, unknown size) end the walk."""
    out: list[ZipMember] = []
    pos = 0
    end = min(source.size, max_bytes)
    while pos + 30 <= end and len(out) < MAX_MEMBERS:
        hdr = source.read(pos, 30)
        if hdr[:4] != LOCAL_MAGIC:
            break
        (_, _ver, flags, method, _t, _d, crc, csize, usize, nlen, xlen) = struct.unpack_from("<4sHHHHHIIIHH", hdr)
        raw = source.read(pos + 30, nlen)
        if csize == 0xFFFFFFFF or usize == 0xFFFFFFFF:
            extra = source.read(pos + 30 + nlen, xlen)
            usize, csize, _ = _zip64_extra(extra, usize, csize, 0)
        out.append(
            ZipMember(
                name=_decode_name(raw, flags),
                header_offset=pos,
                compressed_size=csize,
                size=usize,
                method=method,
                flags=flags,
                crc=crc,
                raw_name=raw,
            )
        )
        if flags & 0x8 and csize == 0:
            break
        pos += 30 + nlen + xlen + csize
    return out


@dataclass
class SliceSource:
    """A window of another `ByteSource` (a stored zip member read lazily by range)."""

    base: ByteSource
    offset: int
    size: int

    def read(self, start: int, length: int) -> bytes:
        if start >= self.size or length <= 0:
            return b""
        return self.base.read(self.offset + start, min(length, self.size - start))


def member_source(source: ByteSource, member: ZipMember, max_size: int = MAX_MEMBER_BYTES) -> ByteSource:
    """A `ByteSource` over one member: lazy ranged reads when stored, decompressed bytes otherwise."""
    if member.method == 0 and not member.encrypted:
        lh = local_header(source, member)
        size = min(member.compressed_size, max(source.size - lh.data_offset, 0))
        return SliceSource(source, lh.data_offset, size)

    return BytesSource(read_member(source, member, max_size))


def is_unsafe_member_path(name: str) -> bool:
    """Absolute paths, drive letters and '..' components escape the extraction folder (zip-slip)."""
    norm = name.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":"):
        return True
    return any(part == ".." for part in norm.split("/"))


def header_mismatches(source: ByteSource, listing: ZipListing) -> list[str]:
    """Disagreements between the central directory and the local headers that loaders tolerate."""
    out: list[str] = []
    for m in listing.members:
        try:
            lh = local_header(source, m)
        except ZipError as exc:
            out.append(str(exc))
            continue
        if lh.name != m.name:
            out.append(f"{m.name!r}: local header names it {lh.name!r}")
        if lh.method != m.method:
            out.append(f"{m.name!r}: compression method {m.method} in directory, {lh.method} in local header")
        if (
            not (lh.flags & 0x8)
            and (lh.compressed_size, lh.size) != (m.compressed_size, m.size)
            and 0xFFFFFFFF not in (lh.compressed_size, lh.size)
        ):
            out.append(
                f"{m.name!r}: sizes {m.compressed_size}/{m.size} in directory, "
                f"{lh.compressed_size}/{lh.size} in local header"
            )
    return out


def hidden_local_members(source: ByteSource, listing: ZipListing, max_bytes: int) -> list[ZipMember]:
    """Members a streaming reader sees (local headers from offset 0) that the directory does not list."""
    known = {m.header_offset for m in listing.members}
    return [m for m in scan_local_headers(source, max_bytes) if m.header_offset not in known]
