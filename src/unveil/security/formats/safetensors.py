"""safetensors: validate the header by range (length bounds, JSON, dtypes, shapes vs offsets,
overlaps, gaps, offsets past the end, `__metadata__` strings). Tensor bytes are never read, except
bytes after the last tensor, which a polyglot file could use to hide a pickle: those go to the
other formats.
"""

from __future__ import annotations

import json
import math

from unveil import budgets
from unveil.rules import rule
from unveil.security.formats import BytesSource, ScanContext, register_format

SEC380 = rule(
    "SEC380",
    "medium",
    "safetensors header is invalid",
    "The header does not match the format (length, JSON, dtypes, offsets, overlaps, holes); "
    "safetensors refuses it, and malformed headers are how polyglot or parser-confusion files hide.",
    "safetensors format specification",
    "Re-save the tensors with the safetensors library.",
)
SEC381 = rule(
    "SEC381",
    "high",
    "safetensors file carries trailing data that parses as another format",
    "Bytes after the last tensor are ignored by safetensors but may be read by another loader.",
    "",
    "Strip the trailing data; re-save the file.",
)

MAX_HEADER = 100_000_000  # the safetensors library's own limit (ours, `json_bytes`, is lower)
MAX_TRAILING_SCAN = 64 * 1024 * 1024
# dtype -> bits per element
DTYPE_BITS = {
    "BOOL": 8,
    "U8": 8,
    "I8": 8,
    "F8_E5M2": 8,
    "F8_E4M3": 8,
    "F8_E8M0": 8,
    "I16": 16,
    "U16": 16,
    "F16": 16,
    "BF16": 16,
    "I32": 32,
    "U32": 32,
    "F32": 32,
    "I64": 64,
    "U64": 64,
    "F64": 64,
    "C64": 64,
    "F4": 4,
    "F6_E2M3": 6,
    "F6_E3M2": 6,
}


def sniff(head: bytes) -> bool:
    if len(head) < 10:
        return False
    n = int.from_bytes(head[:8], "little")
    # A header length's high byte is zero; eight bytes of text (a .py whose 9th byte is "{") never are.
    return 2 <= n < (1 << 56) and head[8:9] == b"{" and head[9:10] in (b'"', b"}", b" ", b"\n")


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return out


def validate_header(header: object, data_size: int) -> list[str]:
    """Problems with a parsed header against the size of the data section (pure)."""
    if not isinstance(header, dict):
        return ["header is not a JSON object"]
    problems: list[str] = []
    spans: list[tuple[int, int, str]] = []
    budgets.check("collection_items", len(header), "safetensors tensors")
    for i, (name, entry) in enumerate(header.items()):
        if not i & 0xFFFF:
            budgets.check_time("safetensors header")
        if name == "__metadata__":
            if not isinstance(entry, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in entry.items()
            ):
                problems.append("__metadata__ must map strings to strings")
            continue
        if not isinstance(entry, dict):
            problems.append(f"tensor {name!r} is not an object")
            continue
        extra = set(entry) - {"dtype", "shape", "data_offsets"}
        if extra:
            problems.append(f"tensor {name!r} has unexpected keys {sorted(extra)}")
        dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
        if dtype not in DTYPE_BITS:
            problems.append(f"tensor {name!r} has unknown dtype {dtype!r}")
        if not isinstance(shape, list) or not all(type(d) is int and d >= 0 for d in shape):
            problems.append(f"tensor {name!r} has an invalid shape {shape!r}")
            shape = None
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(type(o) is int and o >= 0 for o in offsets)
            or offsets[0] > offsets[1]
        ):
            problems.append(f"tensor {name!r} has invalid data_offsets {offsets!r}")
            continue
        begin, end = offsets
        if end > data_size:
            problems.append(f"tensor {name!r} ends at {end}, past the data section ({data_size} bytes)")
        if shape is not None and dtype in DTYPE_BITS:
            bits = math.prod(shape) * DTYPE_BITS[dtype]
            if bits % 8 or bits // 8 != end - begin:
                problems.append(
                    f"tensor {name!r}: shape {shape} x {dtype} does not match {end - begin} bytes"
                )
        spans.append((begin, end, name))
    spans.sort()
    cursor = 0
    for begin, end, name in spans:
        if begin < cursor:
            problems.append(f"tensor {name!r} overlaps the previous tensor")
        elif begin > cursor:
            problems.append(f"hole of {begin - cursor} bytes before tensor {name!r}")
        cursor = max(cursor, end)
    return problems


class SafetensorsFormat:
    name = "safetensors"

    def sniff(self, head: bytes, path: str) -> bool:
        return sniff(head)

    def scan(self, ctx: ScanContext) -> None:
        size = ctx.source.size
        n = int.from_bytes(ctx.source.read(0, 8), "little")
        if n > MAX_HEADER:
            self._bad(ctx, f"header length {n} exceeds the {MAX_HEADER}-byte limit", unscannable=True)
            return
        if 8 + n > size:
            self._bad(
                ctx, f"header length {n} runs past the end of the file ({size} bytes)", unscannable=True
            )
            return
        budgets.check("json_bytes", n, "safetensors header bytes")
        raw = ctx.source.read(8, n)
        try:
            header = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            self._bad(ctx, f"header is not valid JSON: {exc}", unscannable=True)
            return
        data_size = size - 8 - n
        problems = validate_header(header, data_size)
        for problem in problems[:20]:
            ctx.report(SEC380.id, "medium", problem, offset=8)
        ends = (
            [
                e["data_offsets"][1]
                for k, e in header.items()
                if k != "__metadata__"
                and isinstance(e, dict)
                and isinstance(e.get("data_offsets"), list)
                and len(e["data_offsets"]) == 2
                and type(e["data_offsets"][1]) is int
            ]
            if isinstance(header, dict)
            else []
        )
        last = max(ends, default=0)
        if 0 <= last < data_size:
            trailing = data_size - last
            ctx.report(SEC380.id, "medium", f"{trailing} bytes after the last tensor", offset=8 + n + last)
            if ctx.scan_member is not None and trailing <= MAX_TRAILING_SCAN:
                before = len(ctx.findings)
                ctx.scan_member(ctx, "trailing-data", BytesSource(ctx.source.read(8 + n + last, trailing)))
                if any(f.severity in ("critical", "high") for f in ctx.findings[before:]):
                    ctx.report(
                        SEC381.id,
                        "high",
                        "dangerous content hidden after the last tensor",
                        offset=8 + n + last,
                    )
        ctx.scanned.append(ctx.path)

    @staticmethod
    def _bad(ctx: ScanContext, problem: str, unscannable: bool) -> None:
        ctx.report(SEC380.id, "medium", problem, offset=0)
        if unscannable:
            ctx.cannot_scan(f"safetensors: {problem}")


register_format(SafetensorsFormat())
