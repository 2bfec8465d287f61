"""The installed ScanCode licence texts (the `licenses` extra's licensedcode-data), read at test time, never copied."""

from __future__ import annotations

import re

import pytest

from unveil.licenses import licensedb
from unveil.licenses.detect import identify

DATA = licensedb._data_dir()
_FRONT = re.compile(r"^---\n.*?\n---\n?", re.S)
needs_data = pytest.mark.skipif(DATA is None, reason="needs the `licenses` extra (licensedcode-data)")


def identify_key(key: str):  # type: ignore[no-untyped-def]
    """What unveil reads in the text of ScanCode licence `key` (its front matter left out)."""
    assert DATA is not None
    raw = (DATA / f"{key}.LICENSE").read_text("utf-8", "replace")
    m = _FRONT.match(raw)
    return identify((raw[m.end() :] if m else raw).encode("utf-8"))
