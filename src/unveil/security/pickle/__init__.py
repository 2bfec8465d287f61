"""Pickle analysis by emulation: walk every stacked pickle, judge every global it reaches.

`scan_pickle_stream(ctx, data)` reports into a `ScanContext`: one finding per distinct dangerous or
unverified global (with the opcode offset as evidence), structural tricks, and recursion into
byte/str values that are themselves pickles or compressed pickles (via `ctx.scan_member`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from unveil.security.artifact_rules import (
    PICKLE_CRITICAL,
    PICKLE_HIGH,
    PICKLE_TRICK,
    PICKLE_UNSCANNED_MEMBER,
    PICKLE_UNVERIFIED,
)
from unveil.security.formats import BytesSource, ScanContext
from unveil.security.pickle.engine import walk
from unveil.security.pickle.results import PickleError, Ref, WalkResult
from unveil.security.pickle.values import Call, Global

if TYPE_CHECKING:
    from unveil.security.allowlist import Verdict

__all__ = ["scan_pickle_stream", "scan_embedded_pickles", "looks_like_pickle", "walk", "judge_ref", "StreamSummary"]

MAX_STACKED = 64
# Below this many bytes a pickle goes straight to the emulator: it is the reference semantics, and on a
# small stream it is cheaper than building the pure-data fast path's tokenizer (done once, on first use).
FAST_PATH_MIN_BYTES = 16 * 1024
BUDGET_MESSAGES = ("more than ",)  # walk errors that are our limits, not the stream's fault
MAX_NESTED = 32
_SEVERITY = {"critical": "critical", "high": "high", "unverified": "medium"}
_RULE = {"critical": PICKLE_CRITICAL.id, "high": PICKLE_HIGH.id, "unverified": PICKLE_UNVERIFIED.id}


@dataclass
class StreamSummary:
    pickles: int = 0
    end: int = 0
    complete: bool = False
    error: str | None = None
    ops: int = 0


def judge_ref(ref: Ref) -> Verdict:
    # A pure-data pickle reaches no global: the globals policy (and its TOML) loads for the first one that does.
    # lazy: start-up
    from unveil.security.allowlist import Verdict, classify, classify_module

    if ref.module == "<dynamic>":
        dunder = "__" in ref.name
        level = "critical" if dunder else ("high" if ref.how == "dynamic-call" else "unverified")
        return Verdict(level, "dynamic", ref.name)
    if ref.module == "<extension registry>":
        return Verdict("unverified", "ext", f"copyreg extension code {ref.name} (resolved by the loader)")
    if not ref.name and ref.how != "GLOBAL":
        return classify_module(ref.module)
    return classify(ref.module, ref.name)


class _JoblibHook:
    """joblib writes numpy array bytes *between* pickle opcodes, right after the wrapper's BUILD."""

    def after_build(self, inst: Call, data: bytes, pos: int, res: WalkResult) -> int:
        func = inst.func
        if (
            not isinstance(func, Global)
            or not func.name.endswith("ArrayWrapper")
            or "numpy_pickle" not in func.module
            or func.name != "NumpyArrayWrapper"
        ):
            return 0
        state = inst.state
        if not isinstance(state, dict) or "shape" not in state or "dtype" not in state:
            raise PickleError(pos, "joblib array wrapper without a readable shape/dtype")
        dtype = state["dtype"]
        hasobject, itemsize = _dtype_info(dtype)
        if hasobject:
            sub = walk(data, pos)  # an object array is a whole pickle embedded in the stream
            res.refs.extend(sub.refs)
            res.events.extend(sub.events)
            res.nested.extend(sub.nested)
            if sub.error is not None:
                raise sub.error
            return sub.end
        shape = state["shape"]
        if not isinstance(shape, tuple) or not all(isinstance(d, int) and d >= 0 for d in shape):
            raise PickleError(pos, "joblib array wrapper with a non-integer shape")
        if state.get("numpy_array_alignment_bytes") is not None:
            if pos >= len(data):
                raise PickleError(pos, "truncated joblib array padding")
            pos += 1 + data[pos]
        end = pos + math.prod(shape) * itemsize
        if end > len(data):
            raise PickleError(pos, "truncated joblib array data")
        return end


def _dtype_info(dtype: object) -> tuple[bool, int]:
    if not isinstance(dtype, Call) or not isinstance(dtype.args, tuple) or not dtype.args:
        raise PickleError(0, "joblib array dtype not recognised")
    code = dtype.args[0]
    if not isinstance(code, str) or not code:
        raise PickleError(0, "joblib array dtype not recognised")
    state = dtype.state
    flags = 0
    elsize = -1
    if isinstance(state, tuple) and len(state) >= 8:
        elsize = state[5] if isinstance(state[5], int) else -1
        flags = state[7] if isinstance(state[7], int) else 0
        if state[2] is not None:
            raise PickleError(0, "joblib sub-array dtypes are not supported")
    if code[0] == "O" or flags & 1:
        return True, 8
    if elsize > 0:
        return False, elsize
    digits = "".join(ch for ch in code if ch.isdigit())
    if not digits:
        raise PickleError(0, f"joblib array dtype {code!r} has no item size")
    return False, int(digits)


_HOOK = _JoblibHook()


_DOTTED = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")


def looks_like_pickle(head: bytes, total_size: int) -> bool:
    """Opcode sniffing, whatever the file's name: the head parses as pickle opcodes (complete or cut
    by the head's end), or it breaks only after reaching a well-formed global (the loader imports
    and calls what it reached before the bad byte, so such a stream is a pickle to judge)."""
    if not head:
        return False
    if head[0] == 0x80:
        return len(head) > 1 and head[1] <= 5
    if head[0] not in b"(cN}])KJIFLSVXUTBCGMP\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x95\x96i":
        return False
    res = walk(head, 0, max_ops=100_000)
    if res.complete:
        return res.ops >= 2 or res.top is not None
    if res.error is not None and "truncated" in res.error.message and len(head) < total_size and res.ops >= 4:
        return True
    return res.ops >= 3 and any(_DOTTED.match(r.module) and _DOTTED.match(r.name) for r in res.refs)


def headerless(data: bytes, start: int = 0) -> bool:
    return data[start : start + 1] != b"\x80"


def _report_walk(ctx: ScanContext, res: WalkResult, base: int, seen: set, where: str, confident: bool) -> None:
    for ref in res.refs:
        verdict = judge_ref(ref)
        if verdict.level in ("allowed", "indirect"):
            continue
        if not confident and verdict.level == "unverified":
            continue
        key = (verdict.level, ref.module, ref.name)
        if key in seen:
            continue
        seen.add(key)
        qual = f"{ref.module}.{ref.name}" if ref.name else ref.module
        via = f" via {ref.via}" if ref.via else ""
        ctx.report(
            _RULE[verdict.level],
            _SEVERITY[verdict.level],
            f"{where}reaches {qual} ({ref.how}{via}): {verdict.reason}",
            offset=base + ref.offset,
            text=qual,
        )
    for ev in res.events:
        key = ("event", ev.kind, ev.offset)
        if key in seen or (not confident and ev.kind != "build-hook"):
            continue
        seen.add(key)
        ctx.report(PICKLE_TRICK.id, "high", f"{where}{ev.detail}", offset=base + ev.offset, text=ev.kind)


def _pure_data_end(data: bytes, pos: int) -> int | None:
    from unveil.security.pickle.data_run import data_only_end  # lazy: start-up (only streams of 16 KB or more)

    return data_only_end(data, pos)


def scan_pickle_stream(
    ctx: ScanContext,
    data: bytes,
    *,
    base: int = 0,
    max_pickles: int = MAX_STACKED,
    member: bool = False,
    label: str = "pickle",
) -> StreamSummary:
    """Walk every stacked pickle in `data` and report. `base` offsets evidence (data inside a file)."""
    summary = StreamSummary()
    seen: set = set()
    pos = 0
    n = len(data)
    while pos < n and summary.pickles < max_pickles:
        first = summary.pickles == 0
        fast_end = _pure_data_end(data, pos) if n - pos >= FAST_PATH_MIN_BYTES else None
        if fast_end is not None:  # pure data: nothing can be reached or called
            summary.pickles += 1
            pos = fast_end
            continue
        res = walk(data, pos, hooks=_HOOK)
        summary.ops += res.ops
        if not first and not res.complete and res.ops < 2:
            break  # trailing non-pickle bytes after the last pickle
        # A later "pickle" that does not parse may be trailing data, and a header-less stream that breaks
        # may be text that happens to parse for a while: keep only clear danger from those.
        confident = res.complete or (first and not headerless(data, pos))
        where = "" if summary.pickles == 0 and pos == 0 else f"stacked {label} #{summary.pickles + 1}: "
        _report_walk(ctx, res, base, seen, where, confident)
        _scan_nested(ctx, res, base)
        summary.pickles += 1
        if not res.complete:
            if first or res.ops >= 8:
                err = res.error.message if res.error else "incomplete"
                at = base + (res.error.offset if res.error else pos)
                if err.startswith(BUDGET_MESSAGES):
                    summary.error = f"budget: {label} at offset {at}: {err}"
                else:  # what the stream reached before the break was judged above
                    summary.error = f"{label} breaks at offset {at} ({err}): the rest was not scanned"
            break
        pos = res.end
    summary.end = pos
    if pos < n and summary.pickles < max_pickles:
        # The stream stopped at bytes that are not a pickle: a loader that seeks (or a second reader
        # of the same file) may still find a pickle behind them, so look for pickle headers there.
        scan_embedded_pickles(ctx, data, pos + 1, base=base, seen=seen, label=label)
    summary.complete = summary.error is None
    if summary.error:
        ctx.cannot_scan(summary.error)
        if member:
            ctx.report(PICKLE_UNSCANNED_MEMBER.id, "high", f"{summary.error}; a loader reads this member")
    return summary


MAX_EMBEDDED_HITS = 256
MAX_EMBEDDED_BYTES = 64 * 1024 * 1024
_PROTO_HEADER = re.compile(rb"\x80[\x02-\x05]")


def scan_embedded_pickles(
    ctx: ScanContext,
    data: bytes,
    start: int = 0,
    *,
    base: int = 0,
    seen: set | None = None,
    label: str = "pickle",
) -> int:
    """Find protocol-2+ pickles hidden after junk or trailing data; report only clear danger.

    Returns how many embedded pickles reached a critical/high global. Bounded: the first
    `MAX_EMBEDDED_HITS` headers within `MAX_EMBEDDED_BYTES` bytes.
    """
    seen = set() if seen is None else seen
    hits = 0
    found = 0
    end = min(len(data), start + MAX_EMBEDDED_BYTES)
    pos = start
    while hits < MAX_EMBEDDED_HITS:
        m = _PROTO_HEADER.search(data, pos, end)
        if m is None:
            break
        hits += 1
        at = m.start()
        res = walk(data, at, max_ops=1_000_000)
        danger = [r for r in res.refs if judge_ref(r).level in ("critical", "high")]
        if danger and (res.complete or res.ops >= 4):
            found += 1
            where = f"{label} embedded at offset {base + at} (after non-pickle bytes): "
            _report_walk(ctx, res, base, seen, where, confident=False)
            pos = res.end if res.complete and res.end > at else at + 2
        else:
            pos = at + 2
    return found


def _scan_nested(ctx: ScanContext, res: WalkResult, base: int) -> None:
    """Byte/str values that are themselves pickles or compressed streams: scan them like members."""
    if not res.nested or ctx.scan_member is None:
        return
    for off, value in res.nested[:MAX_NESTED]:
        raw = value.encode("latin-1", "replace") if isinstance(value, str) else value
        tmp = ScanContext(path=ctx.path, source=ctx.source, depth=ctx.depth, scan_member=ctx.scan_member)
        ctx.scan_member(tmp, f"@{base + off}", BytesSource(raw))
        # Random binary data can sniff like a pickle: keep only clear signals from nested values.
        for f in tmp.findings:
            if f.severity in ("critical", "high"):
                ctx.findings.append(f)
        capped = getattr(tmp.findings, "overflow", {})
        if capped and hasattr(ctx.findings, "count_over"):  # findings past the cap still count
            for (rule, path), (count, severity) in capped.items():
                if severity in ("critical", "high"):
                    ctx.findings.count_over(rule, path, severity, count)  # type: ignore[attr-defined]
        ctx.scanned.extend(tmp.scanned)
