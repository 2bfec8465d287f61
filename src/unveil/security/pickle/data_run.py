"""The pure-data fast path: pickles whose opcodes can reach no global and call nothing.

Pure-data pickles (no opcode that can reach a global or call anything) are the bulk of large benign
files. A regex tokenizes runs of such opcodes in C; if the stream reaches STOP without any
GLOBAL/STACK_GLOBAL/INST/OBJ/REDUCE/NEWOBJ/BUILD/EXT/PERSID, nothing can run on load and the slow
emulator (`engine.walk`) is skipped. Any other opcode sends the pickle to `walk` (sound by construction).
"""

from __future__ import annotations

import re
import struct
from functools import cache

_U4 = struct.Struct("<I").unpack_from
_Q8 = struct.Struct("<Q").unpack_from


def _short(op: bytes, top: int) -> bytes:
    return op + b"(?:" + b"|".join(re.escape(bytes([i])) + (b".{%d}" % i if i else b"") for i in range(top)) + b")"


@cache
def _data_run() -> re.Pattern[bytes]:
    """The tokenizer (~290 alternatives: compiling it costs a few ms, so once, on first use)."""
    return re.compile(
        rb"(?:[\x94}\]()tue\x85\x86\x87N\x88\x89sa012dl\x8f\x90\x91]|[Khq].|M..|[Jjr].{4}|[G\x95].{8}|"
        + _short(rb"[\x8cCU]", 256)
        + b"|"
        + _short(b"\x8a", 33)
        + rb")*",
        re.S,
    )


# Each regex call covers at most this many bytes: a `(?:...)*` repetition keeps engine state per
# repetition, so one call over a 60 MB pickle peaked at 2.6 GB. Tokens are at most 257 bytes, so a
# window always advances unless the next opcode is not a data opcode.
DATA_RUN_WINDOW = 256 * 1024


def data_only_end(data: bytes, start: int = 0) -> int | None:
    """Offset after STOP when the pickle at `start` is pure data, else None (use `walk`)."""
    match = _data_run().match
    pos = start
    n = len(data)
    if data[pos : pos + 1] == b"\x80" and pos + 1 < n and data[pos + 1] <= 5:
        pos += 2
    while True:
        stop = pos + DATA_RUN_WINDOW
        end = match(data, pos, stop).end()
        while end > pos and end >= stop - 257 and end < n:  # the window, not a non-data opcode, ended it
            pos = end
            stop = pos + DATA_RUN_WINDOW
            end = match(data, pos, stop).end()
        pos = end
        if pos >= n:
            return None
        op = data[pos]
        if op == 0x2E:
            return pos + 1
        if op == 0x58 or op == 0x42:  # BINUNICODE / BINBYTES
            if pos + 5 > n:
                return None
            pos += 5 + _U4(data, pos + 1)[0]
        elif op == 0x8D or op == 0x8E or op == 0x96:  # 8-byte length strings / bytes / bytearray
            if pos + 9 > n:
                return None
            pos += 9 + _Q8(data, pos + 1)[0]
        else:
            return None
        if pos > n:
            return None
