"""GGUF: header and metadata key/values (ranged reads of the metadata block only), chat templates.

Tensor data is never read. Every `*chat_template*` string is analysed as a Jinja AST (never rendered).
"""

from __future__ import annotations

import struct

from unveil import budgets
from unveil.rules import rule
from unveil.security.formats import ScanContext, register_format, report_template

SEC385 = rule(
    "SEC385",
    "medium",
    "GGUF metadata is malformed",
    "A GGUF whose header or metadata block does not parse (bad counts, lengths past the end, unknown "
    "value types) cannot be checked, and such inputs have crashed GGUF loaders (e.g. CVE-2024-25664).",
    "CVE-2024-25664",
    "Re-convert the model with a current gguf writer.",
)

MAGIC = b"GGUF"
# value type -> struct code (scalar types); 8 = string, 9 = array
_SCALARS = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
# Counts, lengths and bytes walked are bounded by the file itself (a count the remaining bytes cannot
# hold is malformed) and by named budgets (`gguf_metadata_pairs`, `gguf_array_items`, `string_bytes`).
_MIN_KV_BYTES = 13  # the smallest key/value: a length, a one-byte key, a type, a one-byte value
MAX_METADATA = 512 * 1024 * 1024  # bytes of metadata we agree to walk


class GGUFError(ValueError):
    pass


class _Reader:
    """Sequential reader over a ByteSource with chunked ranged reads (metadata only)."""

    CHUNK = 1 << 20

    def __init__(self, ctx: ScanContext, pos: int, endian: str, wide: bool) -> None:
        self.source = ctx.source
        self.pos = pos
        self.endian = endian
        self.wide = wide  # v2+: 64-bit counts and lengths
        self._buf = b""
        self._buf_start = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > self.source.size:
            raise GGUFError(f"read of {n} bytes at offset {self.pos} runs past the end of the file")
        if self.pos + n > MAX_METADATA:
            raise GGUFError(f"metadata larger than {MAX_METADATA} bytes")
        rel = self.pos - self._buf_start
        if rel < 0 or rel + n > len(self._buf):
            self._buf_start = self.pos
            self._buf = self.source.read(self.pos, max(n, self.CHUNK))
            rel = 0
            if len(self._buf) < n:
                raise GGUFError("short read")
        self.pos += n
        return self._buf[rel : rel + n]

    def skip(self, n: int) -> None:
        if n < 0 or self.pos + n > self.source.size:
            raise GGUFError("array runs past the end of the file")
        self.pos += n

    def unpack(self, code: str):
        size = struct.calcsize(code)
        return struct.unpack(self.endian + code, self.take(size))[0]

    def count(self) -> int:
        return self.unpack("Q" if self.wide else "I")

    def left(self) -> int:
        return self.source.size - self.pos

    def string(self, limit: int | None = None) -> tuple[str, int]:
        length = self.count()
        if length > self.left():
            raise GGUFError(f"string of {length} bytes at offset {self.pos} runs past the end of the file")
        if limit is not None and length > limit:
            raise GGUFError(f"string of {length} bytes at offset {self.pos}")
        budgets.check("string_bytes", length, f"GGUF string at offset {self.pos}")
        start = self.pos
        return self.take(length).decode("utf-8", errors="replace"), start


def read_metadata(ctx: ScanContext) -> tuple[int, list[tuple[str, object, int]]]:
    """Parse the header and all key/values; returns (version, [(key, value-or-None, offset)]).

    Only string values (and short string arrays) are kept; numeric arrays are skipped by size.
    """
    head = ctx.source.read(0, 24)
    if len(head) < 16 or head[:4] != MAGIC:
        raise GGUFError("not a GGUF header")
    version = struct.unpack("<I", head[4:8])[0]
    endian = "<"
    if version > 0xFFFF:  # big-endian GGUF writes the version byte-swapped
        endian, version = ">", struct.unpack(">I", head[4:8])[0]
    if version not in (1, 2, 3):
        raise GGUFError(f"unsupported GGUF version {version}")
    reader = _Reader(ctx, 8, endian, wide=version >= 2)
    reader.count()  # tensor count (not needed)
    kv_count = reader.count()
    if kv_count * _MIN_KV_BYTES > reader.left():
        raise GGUFError(f"implausible metadata count {kv_count} for a {ctx.source.size}-byte file")
    budgets.check("gguf_metadata_pairs", kv_count, "GGUF metadata key/value pairs")
    out: list[tuple[str, object, int]] = []
    for i in range(kv_count):
        if not i & 0xFFF:
            budgets.check_time("GGUF metadata")
        key, offset = reader.string(limit=65535)
        vtype = reader.unpack("I")
        out.append((key, _value(reader, vtype, key), offset))
    return version, out


def _value(reader: _Reader, vtype: int, key: str) -> object:
    if vtype in _SCALARS:
        return reader.unpack(_SCALARS[vtype])
    if vtype == 8:
        return reader.string()[0]
    if vtype == 9:
        item_type = reader.unpack("I")
        n = reader.count()
        width = struct.calcsize(_SCALARS[item_type]) if item_type in _SCALARS else 8
        if n * width > reader.left():
            raise GGUFError(f"array {key!r} of {n} items runs past the end of the file")
        if item_type in _SCALARS:
            reader.skip(n * struct.calcsize(_SCALARS[item_type]))
            return None
        if item_type == 8:
            budgets.check("gguf_array_items", n, f"GGUF string array {key!r}")
            keep = "template" in key
            values = []
            for i in range(n):
                if not i & 0xFFFF:
                    budgets.check_time("GGUF string array")
                text = reader.string()[0]
                if keep:
                    values.append(text)
            return values if keep else None
        raise GGUFError(f"array {key!r} of unsupported item type {item_type}")
    raise GGUFError(f"key {key!r} has unknown value type {vtype}")


class GGUFFormat:
    name = "gguf"

    def sniff(self, head: bytes, path: str) -> bool:
        return head[:4] == MAGIC

    def scan(self, ctx: ScanContext) -> None:
        try:
            _version, kvs = read_metadata(ctx)
        except (GGUFError, struct.error) as exc:
            ctx.report(SEC385.id, "medium", f"GGUF metadata malformed: {exc}")
            ctx.cannot_scan(f"malformed GGUF: {exc}")
            return
        for key, value, offset in kvs:
            if "chat_template" not in key:
                continue
            templates = value if isinstance(value, list) else [value]
            for template in templates:
                if isinstance(template, str) and template.strip():
                    report_template(ctx, template, f"GGUF {key}", offset=offset)
        ctx.scanned.append(ctx.path)


register_format(GGUFFormat())
