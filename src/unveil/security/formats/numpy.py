"""NumPy `.npy` (header + data; object arrays store a pickle as data) and `.npz` (a zip of .npy).
Only object arrays are read past the header: plain array data cannot run code."""

from __future__ import annotations

import re
import struct

from unveil.security.formats import ScanContext, register_format
from unveil.security.formats.archive import scan_zip_members
from unveil.security.formats.zipfile_reader import ZipError, is_zip, read_zip
from unveil.security.pickle import scan_pickle_stream

MAGIC = b"\x93NUMPY"
MAX_HEADER = 1 << 20
MAX_OBJECT_BYTES = 1024 * 1024 * 1024


def _has_object(descr: object) -> bool:
    if isinstance(descr, str):
        return descr.lstrip("<>|=").startswith("O")
    if isinstance(descr, list | tuple):
        return any(_has_object(part) for part in descr)
    return False


# What numpy's header reader accepts: a Python literal (ast.literal_eval), and for format 1.0/2.0
# headers written by Python 2 the same after dropping the `L` suffix of longs (`(2L, 3L)`), which
# numpy does before retrying. Strings may carry u/b/r prefixes; numbers may be floats or signed.
_TOKEN = re.compile(
    r"""\s*(?:[uUbB]?[rR]?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|([-+]?\d+)[lL]?(?![\w.])|"""
    r"""([-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?)(?![\w.])|(True|False|None)|([{}()\[\],:]))"""
)


def parse_literal(text: str) -> object:
    """Parse the dict/tuple/list/str/int/bool/None literal of an .npy header."""
    tokens: list[tuple[str, object]] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos:].strip() == "":
                break
            raise ValueError(f"unexpected character at {pos}")
        pos = m.end()
        s, i, f, kw, p = m.groups()
        if s is not None:
            tokens.append(("v", s[1:-1].encode("latin-1", "replace").decode("unicode_escape", "replace")))
        elif i is not None:
            tokens.append(("v", int(i) if len(i) < 40 else 0))
        elif f is not None:
            tokens.append(("v", 0.0))
        elif kw is not None:
            tokens.append(("v", {"True": True, "False": False, "None": None}[kw]))
        else:
            tokens.append(("p", p))
    value, end = _parse_value(tokens, 0)
    if end != len(tokens):
        raise ValueError("trailing tokens")
    return value


def _parse_value(tokens: list, i: int) -> tuple[object, int]:
    kind, tok = tokens[i]
    if kind == "v":
        return tok, i + 1
    close = {"{": "}", "(": ")", "[": "]"}.get(tok)  # type: ignore[arg-type]
    if close is None:
        raise ValueError(f"unexpected {tok!r}")
    i += 1
    items: list = []
    pairs: dict = {}
    while tokens[i] != ("p", close):
        key, i = _parse_value(tokens, i)
        if tok == "{":
            if tokens[i] != ("p", ":"):
                raise ValueError("expected ':'")
            val, i = _parse_value(tokens, i + 1)
            pairs[key] = val  # type: ignore[index]
        else:
            items.append(key)
        if tokens[i] == ("p", ","):
            i += 1
        elif tokens[i] != ("p", close):
            raise ValueError("expected ',' or a closing bracket")
    i += 1
    if tok == "{":
        return pairs, i
    return (tuple(items) if tok == "(" else items), i


class NpyFormat:
    name = "numpy"

    def sniff(self, head: bytes, path: str) -> bool:
        return head.startswith(MAGIC)

    def scan(self, ctx: ScanContext) -> None:
        head = ctx.source.read(0, 12)
        major = head[6] if len(head) > 6 else 0
        if major == 1:
            hlen, start = struct.unpack_from("<H", head, 8)[0], 10
        elif major in (2, 3) and len(head) >= 12:
            hlen, start = struct.unpack_from("<I", head, 8)[0], 12
        else:
            ctx.cannot_scan(f"npy: unsupported format version {major}")
            return
        if hlen > MAX_HEADER:
            ctx.cannot_scan(f"budget: npy header of {hlen} bytes exceeds {MAX_HEADER}")
            return
        text = ctx.source.read(start, hlen).decode("latin-1")
        try:
            header = parse_literal(text.strip())  # a tiny literal parser: no compile(), nothing executed
        except (ValueError, IndexError, RecursionError):
            ctx.cannot_scan("npy: header is not a Python literal")
            return
        if not isinstance(header, dict) or "descr" not in header:
            ctx.cannot_scan("npy: header without descr")
            return
        if not _has_object(header["descr"]):
            return
        offset = start + hlen
        size = ctx.source.size - offset
        if size > MAX_OBJECT_BYTES:
            ctx.cannot_scan(f"budget: npy object array of {size} bytes exceeds {MAX_OBJECT_BYTES}")
            return
        # np.load(allow_pickle=True) unpickles this stream.  # safe: comment; read statically below
        scan_pickle_stream(ctx, ctx.source.read(offset, size), base=offset, label="object-array pickle")


class NpzFormat:
    """A zip whose members are all `.npy` files; members go through the dispatcher (NpyFormat)."""

    name = "numpy-npz"

    def sniff(self, head: bytes, path: str) -> bool:
        return is_zip(head)

    def claims(self, ctx: ScanContext) -> bool:
        try:
            names = read_zip(ctx.source).names()
        except ZipError:
            return False
        return bool(names) and all(n.endswith(".npy") for n in names)

    def scan(self, ctx: ScanContext) -> None:

        scan_zip_members(ctx)


register_format(NpyFormat())
register_format(NpzFormat())
