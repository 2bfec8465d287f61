"""Legacy Keras HDF5 (`.h5`): a dependency-free byte scan for the model's JSON configs.

Attribute strings are stored uncompressed (object header, global heap or fractal heap), so every JSON
config in the file is found by scanning for `{"` and decoding JSON from there — a superset of what the
loader reads. Each config goes to the judge (`keras_config`).
"""

from __future__ import annotations

import json
import re

from unveil.security.formats import ScanContext
from unveil.security.formats.keras_config import ConfigJudge, judge_config_text

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
MAX_H5_SCAN = 512 * 1024 * 1024
# Over the network only the start of an HDF5 file is searched: Keras writes its model config in the root
# group's attributes when the file is created, before any weights; the rest is reported as not scanned.
MAX_H5_SCAN_REMOTE = 8 * 1024 * 1024
H5_WINDOW = 8 * 1024 * 1024
H5_OVERLAP = 1024 * 1024


def hdf5_offset(head: bytes) -> int | None:
    """The superblock may follow a user block of 0, 512, 1024, 2048 ... bytes."""
    for off in (0, 512, 1024, 2048):
        if head[off : off + 8] == HDF5_MAGIC:
            return off
    return None


_JSON_START = re.compile(rb'\{\s*"')
_KERAS_HINT = re.compile(rb'"(class_name|module|registered_name|function_type)"')


def _json_objects(window: bytes, base: int) -> list[tuple[int, object]]:
    """Every JSON object in `window` that looks like a Keras config (outermost ones only)."""
    text = window.decode("latin-1")
    decoder = json.JSONDecoder()
    found: list[tuple[int, object]] = []
    pos = 0
    for match in _JSON_START.finditer(window):
        start = match.start()
        if start < pos:
            continue
        hint = _KERAS_HINT.search(window, start, start + 4096)
        if hint is None:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict | list):
            found.append((base + start, value))
            pos = end
    return found


def scan_h5(ctx: ScanContext) -> None:
    size = ctx.source.size
    cap = MAX_H5_SCAN_REMOTE if getattr(ctx.source, "remote", False) else MAX_H5_SCAN
    limit = min(size, cap)
    configs = 0
    pos = 0
    seen_offsets: set[int] = set()
    while pos < limit:
        window = ctx.source.read(pos, min(H5_WINDOW + H5_OVERLAP, limit - pos))
        for offset, value in _json_objects(window, pos):
            if offset in seen_offsets:
                continue
            seen_offsets.add(offset)
            configs += 1
            if isinstance(value, str):
                judge_config_text(ctx, value, f"HDF5 JSON at offset {offset}")
            else:
                ConfigJudge(ctx, f"HDF5 config at offset {offset}").walk(value)
        if pos + len(window) >= limit:
            break
        pos += H5_WINDOW
    if size > cap:
        ctx.cannot_scan(
            f"HDF5 file larger than {cap} bytes: only the first part was searched for model configs"
        )
    elif configs or size:
        ctx.scanned.append(ctx.path)
