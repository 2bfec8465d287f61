"""Test helpers for the security format modules: a minimal dispatcher over the registry and
builders for GGUF / safetensors / protobuf samples (bytes only; nothing is ever loaded)."""

from __future__ import annotations

import importlib
import json
import struct

from unveil.security.formats import FORMATS, HEAD_BYTES, BytesSource, ScanContext

MODULES = ("keras", "tf_savedmodel", "onnx", "gguf", "chat_template", "safetensors")
for _name in MODULES:
    importlib.import_module(f"unveil.security.formats.{_name}")

OWN = {
    "keras-v3",
    "keras-h5",
    "keras-config",
    "tf-savedmodel",
    "tf-graphdef",
    "onnx",
    "gguf",
    "tokenizer-config",
    "chat-template",
    "safetensors",
}


def pick(ctx: ScanContext):
    head = ctx.head(HEAD_BYTES)
    for fmt in FORMATS:
        if fmt.name not in OWN or not fmt.sniff(head, ctx.path):
            continue
        claims = getattr(fmt, "claims", None)
        if claims is None or claims(ctx):
            return fmt
    return None


def _scan_member(parent: ScanContext, name: str, source) -> None:
    if parent.depth >= 4:
        return
    child = ScanContext(
        path=f"{parent.path}!{name}", source=source, depth=parent.depth + 1, scan_member=_scan_member
    )
    fmt = pick(child)
    if fmt is not None:
        fmt.scan(child)
    parent.findings.extend(child.findings)
    parent.unscannable.extend(child.unscannable)


def scan_bytes(data: bytes, path: str = "sample") -> tuple[ScanContext, str | None]:
    ctx = ScanContext(path=path, source=BytesSource(data), scan_member=_scan_member)
    fmt = pick(ctx)
    if fmt is not None:
        fmt.scan(ctx)
    return ctx, (fmt.name if fmt else None)


def flagged(ctx: ScanContext) -> bool:
    return any(f.severity in ("critical", "high") for f in ctx.findings)


def severities(ctx: ScanContext) -> set[str]:
    return {f.severity for f in ctx.findings}


# ---------------------------------------------------------------- builders
def gguf_string(s: str | bytes) -> bytes:
    b = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def gguf_bytes(kvs: list[tuple[str, int, object]], version: int = 3, tensors: int = 0) -> bytes:
    """kvs: (key, type, value) with type 8 = string, 4 = uint32, 9 = array of (item_type, list)."""
    out = b"GGUF" + struct.pack("<I", version) + struct.pack("<QQ", tensors, len(kvs))
    for key, vtype, value in kvs:
        out += gguf_string(key) + struct.pack("<I", vtype)
        if vtype == 8:
            out += gguf_string(value)  # type: ignore[arg-type]
        elif vtype == 4:
            out += struct.pack("<I", value)
        elif vtype == 9:
            item_type, items = value  # type: ignore[misc]
            out += struct.pack("<IQ", item_type, len(items))
            for item in items:
                out += gguf_string(item) if item_type == 8 else struct.pack("<I", item)
    return out


def safetensors_bytes(header: dict, data: bytes) -> bytes:
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + data
