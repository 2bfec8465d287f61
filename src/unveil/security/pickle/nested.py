"""Nested pickle candidates: bytes and str values inside a pickle that start like a pickle or an archive.

The emulator (`engine`) tests every string it pushes against these magics and hands the hits back in
`WalkResult.nested`, so that a pickle hidden inside a pickle (or a zip inside a str) is scanned too.
"""

from __future__ import annotations

# Nested pickle candidates: bytes/str values that start like a pickle or a compressed stream.
NESTED_MIN = 8
NESTED_MAGIC_B = (
    b"\x80", b"x", b"\x1f", b"BZh", b"\xfd7zXZ", b"\x5d\x00\x00", b"(", b"c", b"PK\x03\x04", b"\x93NUMPY", b"ZF0x",
)
# A tar archive has its magic at offset 257: torch's legacy loader reads a tar whose `pickle` member is
# unpickled, and `torch.storage._load_from_bytes(b)` loads `b` with weights_only=False.
TAR_MAGIC_B = b"ustar"
TAR_MAGIC_S = "ustar"
NESTED_MAGIC_S = frozenset("\x80(cx\x1fB\xfdP\x93Z")
# Binary magics as they read in a latin-1 str (protocol 2 writes bytes as _codecs.encode(str, 'latin1')).
NESTED_PREFIX_S = tuple(m.decode("latin-1") for m in NESTED_MAGIC_B if len(m) > 1) + tuple(
    f"\x80{chr(p)}" for p in range(6)
)


def nested_str(s: str) -> bool:
    """A str that is really a pickle / archive / compressed stream (checked only on a first-char hit)."""
    if s.startswith(NESTED_PREFIX_S):
        return True
    if s[0] in "c(":  # protocol 0/1 text pickle: GLOBAL line or MARK then opcodes, newline soon
        head = s[:80]
        return "\n" in head and (s[0] == "(" or "\n" in head[head.index("\n") + 1 :])
    return s[0] == "x" and len(s) > 1 and s[1] in "\x01^\x9c\xda"
