"""One discipline for untrusted strings: everything a release supplies passes here before any output.

A release controls file names, pickle strings, card and licence text, config values and (through the
Hub) server messages. Printed raw, those can clear a terminal, retitle its window, plant an OSC 8 link
or an OSC 52 clipboard write, reorder a line with bidi overrides ("Trojan source"), or carry bytes
that are not UTF-8 and so break every JSON encoder. Every renderer and command output therefore runs
its data through `clean` (any model, list, dict or string), which:

- shows C0 controls (but tab and newline in prose), DEL, C1 controls and bidi embeddings, overrides
  and isolates as visible escapes (`\\x1b`, `\\u202e`); in names (paths, ids, globals) tab, newline
  and the bidi marks too;
- turns undecodable bytes (lone surrogates left by `surrogateescape`) into `\\xNN` and any other lone
  surrogate into `\\udXXX`, so JSON and SARIF are valid UTF-8;
- keeps the exact original bytes of an evidence text it had to change as hex (`Evidence.raw_hex`).

Escapes are printable ASCII and a backslash is never escaped, so cleaning is idempotent. Markup is a
renderer's business: the text renderer prints without markup, HTML autoescapes.
"""

from __future__ import annotations

import re
import sys
from typing import Any, TypeVar

T = TypeVar("T")

# Prose: C0 but tab/newline, DEL, C1, bidi embeddings/overrides (U+202A-E) and isolates (U+2066-9),
# and every surrogate code point (never valid in UTF-8).
_PROSE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Names: the same plus tab, newline and the invisible direction marks (LRM, RLM, ALM).
_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
# Fields that hold names rather than prose (a path with a newline in it is a lie about its shape).
NAME_FIELDS = frozenset({
    "path", "paths", "id", "spdx", "name", "rule", "url", "check", "scanned", "applies_to", "kind",
    "revision", "requested_revision", "sha256", "scanner", "weights_license", "component_path",
})
MAX_HEX_BYTES = 512  # raw_hex keeps the first bytes of a long text: evidence, not a copy of the file


def _escape(match: re.Match[str]) -> str:
    cp = ord(match.group(0))
    if 0xDC80 <= cp <= 0xDCFF:  # an undecodable byte carried by surrogateescape
        return f"\\x{cp - 0xDC00:02x}"
    if cp < 0x100:
        return f"\\x{cp:02x}"
    return f"\\u{cp:04x}"


def text(value: str) -> str:
    """Prose (card sentences, licence clauses, details, reasons): controls shown as escapes."""
    return _PROSE.sub(_escape, value) if _PROSE.search(value) else value


def name(value: str) -> str:
    """A name (path, id, pickle global, rule): one visible line, no direction tricks."""
    return _NAME.sub(_escape, value) if _NAME.search(value) else value


def needs_cleaning(value: str) -> bool:
    return _NAME.search(value) is not None


def raw_hex(value: str) -> str:
    """The original bytes of a string (undecodable bytes restored) as hex, capped."""
    data = value.encode("utf-8", "surrogateescape" if _only_escaped(value) else "surrogatepass")
    return data[:MAX_HEX_BYTES].hex()


def _only_escaped(value: str) -> bool:
    return all(not (0xD800 <= ord(c) <= 0xDFFF) or 0xDC80 <= ord(c) <= 0xDCFF for c in value)


def clean(value: T, *, as_name: bool = False) -> T:
    """A copy of `value` (a pydantic model, dict, list, tuple or str) with every string cleaned.

    Objects that need no change are returned as they are (no copy), so cleaning a clean report is cheap.
    """
    if _is_pydantic(value) and _clean_already(value):
        return value
    return _clean(value, as_name)  # type: ignore[no-any-return]


def _is_model(value: Any) -> bool:
    """A pydantic model or an `unveil.records` record: both list their fields in `model_fields`.

    (Checked by shape, not `isinstance(value, BaseModel)`, so that a scan need not import pydantic.)"""
    return isinstance(getattr(type(value), "model_fields", None), dict) and hasattr(value, "model_copy")


def _is_pydantic(value: Any) -> bool:
    pydantic = sys.modules.get("pydantic")  # not imported yet: no value can be a pydantic model
    return pydantic is not None and isinstance(value, pydantic.BaseModel)


# In pydantic's JSON, a control character is a `\uXXXX` or short escape; C1 and bidi characters stay raw.
_JSON_SUSPECT = re.compile(
    r"\\(?:u00[01][0-9a-fA-F]|u007[fF]|[btnfr])|[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)


def _clean_already(model: Any) -> bool:
    """Fast path for the common case (nothing to clean): one serialization in pydantic's core instead of a
    Python walk over every field. Surrogates make the serializer raise: that report needs the walk."""
    try:
        data = model.model_dump_json()
    except ValueError:  # PydanticSerializationError (a lone surrogate) is a ValueError
        return False
    return _JSON_SUSPECT.search(data) is None


def _clean(value: Any, as_name: bool) -> Any:
    if isinstance(value, str):
        return name(value) if as_name else text(value)
    if _is_model(value):
        return _clean_model(value)
    if isinstance(value, dict):
        changed = False
        out: dict[Any, Any] = {}
        for k, v in value.items():
            nk = name(k) if isinstance(k, str) else k
            nv = _clean(v, as_name or (isinstance(k, str) and k in NAME_FIELDS))
            changed = changed or nk is not k or nv is not v
            out[nk] = nv
        return out if changed else value
    if isinstance(value, list | tuple):
        items = [_clean(v, as_name) for v in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        return type(value)(items) if isinstance(value, tuple) else items
    if isinstance(value, bytes | bytearray):
        return bytes(value[:MAX_HEX_BYTES]).hex()
    return value


def _clean_model(model: Any) -> Any:
    updates: dict[str, Any] = {}
    for field in type(model).model_fields:
        old = getattr(model, field)
        new = _clean(old, field in NAME_FIELDS)
        if new is not old:
            updates[field] = new
    if not updates:
        return model
    if "text" in updates and "raw_hex" in type(model).model_fields and getattr(model, "raw_hex", None) is None:
        updates["raw_hex"] = raw_hex(model.text)  # type: ignore[attr-defined]
    return model.model_copy(update=updates)
