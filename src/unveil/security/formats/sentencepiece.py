"""SentencePiece tokenizer models (`tokenizer.model`, `spiece.model`, `sentencepiece.bpe.model`).

A `ModelProto` protobuf: repeated pieces (field 1), trainer spec (2), normalizer spec (3), self-test
data (4), denormalizer spec (5). The sentencepiece library parses it with protobuf and runs no code
from it, so a file that parses as exactly this message, to its last byte, is scanned and clean. Anything
else that sniffed like one is left to the other formats (and, failing them, the ledger).
"""

from __future__ import annotations

from unveil.security.formats import ScanContext, register_format
from unveil.security.formats._protobuf import LEN, VARINT, WireError, iter_fields, read_varint

MAX_BYTES = 64 * 1024 * 1024  # the largest public vocabularies are a few MB
_TOP_FIELDS = {1, 2, 3, 4, 5}
_PIECE_FIELDS = {1: LEN, 2: 5, 3: VARINT}  # piece (string), score (float32), type (enum)


def _sniff(head: bytes) -> bool:
    """Field 1 (a piece message) first, whose own field 1 is a short UTF-8 string and field 2 a float."""
    try:
        if head[:1] != b"\x0a":
            return False
        _, pos = read_varint(head, 1, len(head))
        if head[pos : pos + 1] != b"\x0a":
            return False
        n, pos = read_varint(head, pos + 1, len(head))
        if not 0 < n <= 64 or pos + n >= len(head):
            return False
        head[pos : pos + n].decode("utf-8")
        return head[pos + n : pos + n + 1] == b"\x15"
    except (WireError, UnicodeDecodeError):
        return False


def _check(data: bytes) -> str | None:
    """None when `data` is a well-formed ModelProto, else what is wrong."""
    pieces = 0
    for number, wire, value in iter_fields(data):
        if number not in _TOP_FIELDS or wire != LEN:
            return f"field {number} (wire type {wire}) is not part of a SentencePiece model"
        if number == 1:
            start, end = value  # type: ignore[misc]
            for sub, sub_wire, sub_value in iter_fields(data, start, end):
                if _PIECE_FIELDS.get(sub) != sub_wire:
                    return f"piece field {sub} (wire type {sub_wire}) is not part of a SentencePiece piece"
                if sub == 1:
                    s, e = sub_value  # type: ignore[misc]
                    data[s:e].decode("utf-8")
            pieces += 1
        else:
            list(iter_fields(data, *value))  # type: ignore[misc]  (nested specs must parse too)
    return None if pieces else "no pieces"


class SentencePieceFormat:
    name = "sentencepiece"

    def sniff(self, head: bytes, path: str) -> bool:
        return _sniff(head)

    def scan(self, ctx: ScanContext) -> None:
        size = ctx.source.size
        if size > MAX_BYTES:
            ctx.cannot_scan(f"budget: SentencePiece model larger than {MAX_BYTES} bytes")
            return
        try:
            problem = _check(ctx.source.read(0, size))
        except (WireError, UnicodeDecodeError, ValueError, TypeError) as exc:
            problem = f"malformed protobuf ({exc})"
        if problem is not None:
            ctx.cannot_scan(f"sentencepiece: {problem}")


register_format(SentencePieceFormat())
