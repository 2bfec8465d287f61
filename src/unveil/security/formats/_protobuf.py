"""A minimal protobuf wire-format reader (no schema, no protobuf/tensorflow/onnx dependency).

Why: SavedModel and ONNX files are protobufs; to list op names and external-data paths we only
need to walk tagged fields. Every read is bounds-checked; malformed input raises `WireError`.
"""

from __future__ import annotations

from collections.abc import Iterator

from unveil import budgets

VARINT, I64, LEN, SGROUP, EGROUP, I32 = 0, 1, 2, 3, 4, 5


class WireError(ValueError):
    """The bytes are not a well-formed protobuf message."""


def read_varint(buf: bytes | memoryview, pos: int, end: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= end:
            raise WireError("truncated varint")
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise WireError("varint longer than 10 bytes")


def iter_fields(
    buf: bytes | memoryview, start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, int | tuple[int, int]]]:
    """Yield (field_number, wire_type, value) where LEN values are (start, end) offsets into `buf`."""
    pos = start
    end = len(buf) if end is None else end
    if end > len(buf):
        raise WireError("message extends past end of data")
    walked = 0
    while pos < end:
        walked += 1
        if walked == 1024:  # fields walked per file are a budget (`protobuf_fields`), charged in batches
            budgets.charge("protobuf_fields", walked, "protobuf fields walked")
            walked = 0
        key, pos = read_varint(buf, pos, end)
        number, wtype = key >> 3, key & 7
        if number == 0:
            raise WireError("field number 0")
        if wtype == VARINT:
            value, pos = read_varint(buf, pos, end)
            yield number, wtype, value
        elif wtype == I64:
            if pos + 8 > end:
                raise WireError("truncated fixed64")
            yield number, wtype, int.from_bytes(buf[pos : pos + 8], "little")
            pos += 8
        elif wtype == I32:
            if pos + 4 > end:
                raise WireError("truncated fixed32")
            yield number, wtype, int.from_bytes(buf[pos : pos + 4], "little")
            pos += 4
        elif wtype == LEN:
            length, pos = read_varint(buf, pos, end)
            if pos + length > end:
                raise WireError(f"length-delimited field {number} overruns its message")
            yield number, wtype, (pos, pos + length)
            pos += length
        elif wtype in (SGROUP, EGROUP):
            # Groups are deprecated and unused by TF/ONNX; refuse rather than guess.
            raise WireError("group wire type not supported")
        else:
            raise WireError(f"invalid wire type {wtype}")
    if walked:
        budgets.charge("protobuf_fields", walked, "protobuf fields walked")


def fields(buf: bytes | memoryview, start: int = 0, end: int | None = None) -> dict[int, list]:
    """All fields of one message, grouped by number (values as in `iter_fields`)."""
    out: dict[int, list] = {}
    for number, _wtype, value in iter_fields(buf, start, end):
        out.setdefault(number, []).append(value)
    return out


def text(buf: bytes | memoryview, span: int | tuple[int, int]) -> str:
    if not isinstance(span, tuple):
        raise WireError("expected a length-delimited field")
    return bytes(buf[span[0] : span[1]]).decode("utf-8", errors="replace")


# Encoding helpers: used by tests to build samples, kept here so reader and writer agree.
def encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def field_bytes(number: int, payload: bytes | str) -> bytes:
    data = payload.encode() if isinstance(payload, str) else payload
    return encode_varint(number << 3 | LEN) + encode_varint(len(data)) + data


def field_varint(number: int, value: int) -> bytes:
    return encode_varint(number << 3 | VARINT) + encode_varint(value)


class LazyBuffer:
    """Indexable view of a ByteSource that reads fixed pages on demand (bounded cache).

    Why: walking a 2 GB ONNX/GraphDef with inline weights must touch only the pages that hold
    field keys, never the tensor payloads the walker skips over.
    """

    PAGE = 64 * 1024
    MAX_PAGES = 256

    def __init__(self, source) -> None:  # source: formats.ByteSource
        self.source = source
        self.size = source.size
        self._pages: dict[int, bytes] = {}

    def __len__(self) -> int:
        return self.size

    def _page(self, index: int) -> bytes:
        page = self._pages.get(index)
        if page is None:
            if len(self._pages) >= self.MAX_PAGES:
                self._pages.pop(next(iter(self._pages)))
            start = index * self.PAGE
            page = self.source.read(start, min(self.PAGE, self.size - start))
            self._pages[index] = page
        return page

    def __getitem__(self, key: int | slice) -> int | bytes:
        if isinstance(key, slice):
            start = max(0, key.start or 0)
            stop = min(self.size, self.size if key.stop is None else key.stop)
            if stop <= start:
                return b""
            if stop - start > 4 * self.PAGE:
                return self.source.read(start, stop - start)
            out = bytearray()
            pos = start
            while pos < stop:
                index, off = divmod(pos, self.PAGE)
                chunk = self._page(index)[off : off + (stop - pos)]
                if not chunk:
                    raise WireError("short read")
                out += chunk
                pos += len(chunk)
            return bytes(out)
        if key < 0 or key >= self.size:
            raise IndexError(key)
        index, off = divmod(key, self.PAGE)
        page = self._page(index)
        if off >= len(page):
            raise WireError("short read")
        return page[off]
