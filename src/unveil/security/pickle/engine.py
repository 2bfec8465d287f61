"""Pickle opcode emulator: walks one pickle (protocols 0-5) with a symbolic stack and memo.

It never imports or calls anything: globals become `Global` values, calls become `Call` values,
and the indirection helpers in `resolve` map calls like `getattr(__import__('os'), 'system')` to
the object the real unpickler would obtain. The loop is one function with opcode tests ordered by
frequency and local aliases, because the per-opcode overhead is what decides throughput.
"""

from __future__ import annotations

import codecs
import gc
import struct

from unveil.security.pickle.nested import (
    NESTED_MAGIC_B,
    NESTED_MAGIC_S,
    NESTED_MIN,
    TAR_MAGIC_B,
    TAR_MAGIC_S,
    nested_str,
)
from unveil.security.pickle.objects import NOT_KEPT, OPAQUE_DICT, OPAQUE_LIST, OPAQUE_SET, build, newobj
from unveil.security.pickle.resolve import call as _call
from unveil.security.pickle.results import PickleError, Ref, WalkResult
from unveil.security.pickle.values import Call, Dynamic, Global, Module, Opaque

# Values we keep inside containers, in total, before treating new containers as opaque. The
# contents only matter for call arguments and BUILD states, so this bounds memory on huge files.
CONTAINER_BUDGET = 2_000_000
# Memo entries kept in full before only non-data values (globals, calls, dynamic results) are kept:
# a memo flood (millions of PUTs) must not hold millions of values alive. Sound: anything that can be
# called or resolved is still kept; a plain value not kept reads back as opaque data.
MEMO_BUDGET = 1_000_000
_PLAIN = frozenset({str, bytes, int, float, bool, type(None), tuple, list, dict, set, frozenset, bytearray})
_I4 = struct.Struct("<i").unpack_from
_U4 = struct.Struct("<I").unpack_from
_U2 = struct.Struct("<H").unpack_from
_Q8 = struct.Struct("<Q").unpack_from
_MARK = object()


def _decode_string_line(line: bytes, off: int) -> bytes:
    """Protocol 0 STRING: a quoted Python 2 repr."""
    if len(line) >= 2 and line[0] == line[-1] and line[:1] in (b"'", b'"'):
        return codecs.escape_decode(line[1:-1])[0]  # type: ignore[attr-defined]
    raise PickleError(off, "STRING opcode argument not quoted")


def walk(
    data: bytes,
    start: int = 0,
    *,
    max_ops: int = 200_000_000,
    budget: int = CONTAINER_BUDGET,
    hooks: object | None = None,
) -> WalkResult:
    """Emulate one pickle starting at `start`. Never raises on bad input: errors go to `.error`."""
    # Millions of short-lived containers make the cyclic GC rescan everything repeatedly; none of
    # our values form cycles that matter, so pause it for the walk.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _walk(data, start, max_ops, budget, hooks)
    finally:
        if enabled:
            gc.enable()


def _walk(data: bytes, start: int, max_ops: int, budget: int, hooks: object | None) -> WalkResult:
    res = WalkResult(start=start)
    refs = res.refs
    events = res.events
    nested = res.nested

    def on_ref(value: Global | Module, how: str) -> None:
        if isinstance(value, Module):
            refs.append(Ref(value.offset, value.name, "", how, value.via))
        else:
            refs.append(Ref(value.offset, value.module, value.name, how, value.via))

    stack: list = []
    metastack: list[list] = []
    memo: dict = {}
    memo_cap = min(MEMO_BUDGET, 65_536 + (len(data) - start) // 32)
    memo_over = False  # past memo_cap: plain values are not kept (see MEMO_BUDGET)
    memo_n = 0  # len(memo) the real unpickler would have, once past memo_cap
    push = stack.append
    pos = start
    n = len(data)
    op_pos = pos
    ops = 0
    try:
        while True:
            op_pos = pos
            op = data[pos]
            pos += 1
            ops += 1
            # --- most frequent opcodes first -------------------------------------------------
            if op == 0x94:  # MEMOIZE
                if memo_over:
                    v = stack[-1]
                    if type(v) not in _PLAIN:
                        memo[memo_n] = v
                    memo_n += 1
                else:
                    memo[len(memo)] = stack[-1]
                    if len(memo) >= memo_cap:
                        memo_over, memo_n = True, len(memo)
            elif op == 0x8C:  # SHORT_BINUNICODE
                ln = data[pos]
                pos += 1
                end = pos + ln
                if end > n:
                    raise PickleError(op_pos, "truncated string")
                s = data[pos:end].decode("utf-8", "surrogatepass")
                if ln >= NESTED_MIN and ((s[0] in NESTED_MAGIC_S and nested_str(s)) or s[257:262] == TAR_MAGIC_S):
                    nested.append((op_pos, s))
                push(s)
                pos = end
            elif op == 0x4B:  # BININT1
                push(data[pos])
                pos += 1
            elif op == 0x68:  # BINGET
                push(memo[data[pos]] if not memo_over else memo.get(data[pos], NOT_KEPT))
                pos += 1
            elif op == 0x71:  # BINPUT
                memo[data[pos]] = stack[-1]
                pos += 1
            elif op == 0x28:  # MARK
                metastack.append(stack)
                stack = []
                push = stack.append
            elif op == 0x4A:  # BININT
                push(_I4(data, pos)[0])
                pos += 4
            elif op == 0x47:  # BINFLOAT
                if pos + 8 > n:
                    raise PickleError(op_pos, "truncated float")
                push(0.0)
                pos += 8
            elif op == 0x7D:  # EMPTY_DICT
                push({} if budget > 0 else OPAQUE_DICT)
            elif op == 0x5D:  # EMPTY_LIST
                push([] if budget > 0 else OPAQUE_LIST)
            elif op == 0x75:  # SETITEMS
                items = stack
                stack = metastack.pop()
                push = stack.append
                d = stack[-1]
                if type(d) is dict and budget > 0:
                    it = iter(items)
                    try:  # noqa: SIM105 - suppress() is slower in the hot loop
                        d.update(zip(it, it, strict=False))
                    except TypeError:
                        pass
                    budget -= len(items)
            elif op == 0x65:  # APPENDS
                items = stack
                stack = metastack.pop()
                push = stack.append
                lst = stack[-1]
                if type(lst) is list and budget > 0:
                    lst.extend(items)
                    budget -= len(items)
            elif op == 0x86:  # TUPLE2
                b = stack.pop()
                stack[-1] = (stack[-1], b)
            elif op == 0x85:  # TUPLE1
                stack[-1] = (stack[-1],)
            elif op == 0x87:  # TUPLE3
                c = stack.pop()
                b = stack.pop()
                stack[-1] = (stack[-1], b, c)
            elif op == 0x29:  # EMPTY_TUPLE
                push(())
            elif op == 0x74:  # TUPLE
                items = stack
                stack = metastack.pop()
                push = stack.append
                push(tuple(items))
            elif op == 0x4D:  # BININT2
                push(_U2(data, pos)[0])
                pos += 2
            elif op == 0x58:  # BINUNICODE
                ln = _U4(data, pos)[0]
                pos += 4
                end = pos + ln
                if end > n:
                    raise PickleError(op_pos, "truncated string")
                s = data[pos:end].decode("utf-8", "surrogatepass")
                pos = end
                if ln >= NESTED_MIN and ((s[0] in NESTED_MAGIC_S and nested_str(s)) or s[257:262] == TAR_MAGIC_S):
                    nested.append((op_pos, s))
                push(s)
            elif op == 0x88:  # NEWTRUE
                push(True)
            elif op == 0x89:  # NEWFALSE
                push(False)
            elif op == 0x4E:  # NONE
                push(None)
            elif op == 0x95:  # FRAME
                if pos + 8 > n:
                    raise PickleError(op_pos, "truncated frame header")
                pos += 8
            elif op == 0x6A:  # LONG_BINGET
                key = _U4(data, pos)[0]
                push(memo[key] if not memo_over else memo.get(key, NOT_KEPT))
                pos += 4
            elif op == 0x72:  # LONG_BINPUT
                key = _U4(data, pos)[0]
                v = stack[-1]
                if not memo_over:
                    memo[key] = v
                    if len(memo) >= memo_cap:
                        memo_over, memo_n = True, len(memo)
                elif type(v) not in _PLAIN or key in memo:
                    memo[key] = v
                pos += 4
            elif op == 0x73:  # SETITEM
                v = stack.pop()
                k = stack.pop()
                d = stack[-1]
                if type(d) is dict and budget > 0:
                    try:  # noqa: SIM105 - suppress() is slower in the hot loop
                        d[k] = v
                    except TypeError:
                        pass
                    budget -= 1
            elif op == 0x61:  # APPEND
                v = stack.pop()
                lst = stack[-1]
                if type(lst) is list and budget > 0:
                    lst.append(v)
                    budget -= 1
            elif op == 0x43 or op == 0x55:  # SHORT_BINBYTES / SHORT_BINSTRING
                ln = data[pos]
                pos += 1
                end = pos + ln
                if end > n:
                    raise PickleError(op_pos, "truncated bytes")
                v = data[pos:end]
                pos = end
                if ln >= NESTED_MIN and (v.startswith(NESTED_MAGIC_B) or v[257:262] == TAR_MAGIC_B):
                    nested.append((op_pos, v))
                push(v if op == 0x43 else v.decode("latin-1"))
            elif op == 0x42 or op == 0x54:  # BINBYTES / BINSTRING
                ln = _U4(data, pos)[0] if op == 0x42 else _I4(data, pos)[0]
                pos += 4
                end = pos + ln
                if ln < 0 or end > n:
                    raise PickleError(op_pos, "truncated bytes")
                v = data[pos:end]
                pos = end
                if ln >= NESTED_MIN and (v.startswith(NESTED_MAGIC_B) or v[257:262] == TAR_MAGIC_B):
                    nested.append((op_pos, v))
                push(v if op == 0x42 else v.decode("latin-1"))
            elif op == 0x8A:  # LONG1
                ln = data[pos]
                pos += 1
                if pos + ln > n:
                    raise PickleError(op_pos, "truncated long")
                push(int.from_bytes(data[pos : pos + ln], "little", signed=True))
                pos += ln
            elif op == 0x52:  # REDUCE
                args = stack.pop()
                stack[-1] = _call(stack[-1], args, op_pos, on_ref)
            elif op == 0x81:  # NEWOBJ
                args = stack.pop()
                cls = stack[-1]
                stack[-1] = newobj(cls, args, op_pos, on_ref)
            elif op == 0x62:  # BUILD
                state = stack.pop()
                inst = stack[-1]
                build(inst, state, op_pos, events, on_ref)
                if hooks is not None and type(inst) is Call:
                    skip = hooks.after_build(inst, data, pos, res)  # type: ignore[attr-defined]
                    if skip:
                        pos = skip
            elif op == 0x93:  # STACK_GLOBAL
                name = stack.pop()
                module = stack[-1]
                if name is NOT_KEPT or module is NOT_KEPT:
                    # Names read back from a memo past its budget: whatever they are, the loader imports
                    # them. Judged as a dynamic import (high), never as a parse error.
                    refs.append(Ref(op_pos, "<dynamic>", "STACK_GLOBAL of memo values past the scan budget",
                                    "dynamic-call"))
                    stack[-1] = Dynamic("global named by memo values past the scan budget", op_pos)
                    continue
                if type(name) is not str or type(module) is not str:
                    raise PickleError(op_pos, "STACK_GLOBAL operands are not strings")
                g = Global(module, name, op_pos)
                refs.append(Ref(op_pos, module, name, "STACK_GLOBAL"))
                stack[-1] = g
            elif op == 0x63:  # GLOBAL
                nl = data.index(b"\n", pos)
                nl2 = data.index(b"\n", nl + 1)
                module = data[pos:nl].decode("utf-8", "replace")
                name = data[nl + 1 : nl2].decode("utf-8", "replace")
                pos = nl2 + 1
                refs.append(Ref(op_pos, module, name, "GLOBAL"))
                push(Global(module, name, op_pos))
            elif op == 0x2E:  # STOP
                res.complete = True
                res.top = stack[-1] if stack else None
                if not stack:
                    raise PickleError(op_pos, "STOP with an empty stack")
                break
            elif op == 0x80:  # PROTO
                res.protocol = data[pos]
                pos += 1
                if res.protocol > 5:
                    raise PickleError(op_pos, f"unsupported protocol {res.protocol}")
            elif op == 0x30:  # POP
                if stack:
                    stack.pop()
                else:
                    stack = metastack.pop()
                    push = stack.append
            elif op == 0x31:  # POP_MARK
                stack = metastack.pop()
                push = stack.append
            elif op == 0x32:  # DUP
                push(stack[-1])
            elif op == 0x8F:  # EMPTY_SET
                push(set() if budget > 0 else OPAQUE_SET)
            elif op == 0x90:  # ADDITEMS
                items = stack
                stack = metastack.pop()
                push = stack.append
                st = stack[-1]
                if type(st) is set and budget > 0:
                    try:  # noqa: SIM105 - suppress() is slower in the hot loop
                        st.update(items)
                    except TypeError:
                        pass
                    budget -= len(items)
            elif op == 0x91:  # FROZENSET
                items = stack
                stack = metastack.pop()
                push = stack.append
                try:
                    push(frozenset(items))
                except TypeError:
                    push(Opaque("frozenset"))
            elif op == 0x8D or op == 0x8E or op == 0x96:  # BINUNICODE8 / BINBYTES8 / BYTEARRAY8
                ln = _Q8(data, pos)[0]
                pos += 8
                end = pos + ln
                if end > n:
                    raise PickleError(op_pos, "truncated data")
                v = data[pos:end]
                pos = end
                if op == 0x8D:
                    v = v.decode("utf-8", "surrogatepass")
                    if ln >= NESTED_MIN and ((v[0] in NESTED_MAGIC_S and nested_str(v)) or v[257:262] == TAR_MAGIC_S):
                        nested.append((op_pos, v))
                elif ln >= NESTED_MIN and (v.startswith(NESTED_MAGIC_B) or v[257:262] == TAR_MAGIC_B):
                    nested.append((op_pos, v))
                push(v)
            elif op == 0x8B:  # LONG4
                ln = _I4(data, pos)[0]
                pos += 4
                if ln < 0 or pos + ln > n:
                    raise PickleError(op_pos, "truncated long")
                push(int.from_bytes(data[pos : pos + ln], "little", signed=True) if ln <= 64 else 0)
                pos += ln
            elif op == 0x92:  # NEWOBJ_EX
                stack.pop()  # kwargs: cls.__new__ runs with them; the class is judged where reached
                args = stack.pop()
                cls = stack[-1]
                stack[-1] = newobj(cls, args, op_pos, on_ref)
            elif op == 0x69:  # INST
                nl = data.index(b"\n", pos)
                nl2 = data.index(b"\n", nl + 1)
                module = data[pos:nl].decode("utf-8", "replace")
                name = data[nl + 1 : nl2].decode("utf-8", "replace")
                pos = nl2 + 1
                refs.append(Ref(op_pos, module, name, "INST"))
                items = stack
                stack = metastack.pop()
                push = stack.append
                push(_call(Global(module, name, op_pos), tuple(items), op_pos, on_ref))
            elif op == 0x6F:  # OBJ
                items = stack
                stack = metastack.pop()
                push = stack.append
                if not items:
                    raise PickleError(op_pos, "OBJ without a class")
                push(_call(items[0], tuple(items[1:]), op_pos, on_ref))
            elif op == 0x51:  # BINPERSID
                stack[-1] = Opaque("persistent", stack[-1])
            elif op == 0x50:  # PERSID
                nl = data.index(b"\n", pos)
                pid = data[pos:nl].decode("ascii", "replace")
                pos = nl + 1
                push(Opaque("persistent", pid))
            elif op == 0x82 or op == 0x83 or op == 0x84:  # EXT1 / EXT2 / EXT4
                if op == 0x82:
                    code = data[pos]
                    pos += 1
                elif op == 0x83:
                    code = _U2(data, pos)[0]
                    pos += 2
                else:
                    code = _I4(data, pos)[0]
                    pos += 4
                refs.append(Ref(op_pos, "<extension registry>", str(code), "EXT"))
                push(Dynamic(f"copyreg extension code {code}", op_pos))
            # --- protocol 0/1 text opcodes --------------------------------------------------
            elif op == 0x49:  # INT
                nl = data.index(b"\n", pos)
                line = data[pos:nl]
                pos = nl + 1
                push(True if line == b"01" else False if line == b"00" else int(line))
            elif op == 0x4C:  # LONG
                nl = data.index(b"\n", pos)
                line = data[pos:nl].rstrip(b"L")
                pos = nl + 1
                push(int(line) if len(line) < 200 else 0)
            elif op == 0x46:  # FLOAT
                nl = data.index(b"\n", pos)
                float(data[pos:nl])
                pos = nl + 1
                push(0.0)
            elif op == 0x53:  # STRING
                nl = data.index(b"\n", pos)
                v = _decode_string_line(data[pos:nl], op_pos)
                pos = nl + 1
                if len(v) >= NESTED_MIN and (v.startswith(NESTED_MAGIC_B) or v[257:262] == TAR_MAGIC_B):
                    nested.append((op_pos, v))
                push(v.decode("latin-1"))
            elif op == 0x56:  # UNICODE
                nl = data.index(b"\n", pos)
                s = data[pos:nl].decode("raw-unicode-escape")
                pos = nl + 1
                if len(s) >= NESTED_MIN and ((s[0] in NESTED_MAGIC_S and nested_str(s)) or s[257:262] == TAR_MAGIC_S):
                    nested.append((op_pos, s))
                push(s)
            elif op == 0x67:  # GET
                nl = data.index(b"\n", pos)
                key = int(data[pos:nl])
                pos = nl + 1
                push(memo[key] if not memo_over else memo.get(key, NOT_KEPT))
            elif op == 0x70:  # PUT
                nl = data.index(b"\n", pos)
                key = int(data[pos:nl])
                pos = nl + 1
                v = stack[-1]
                if not memo_over:
                    memo[key] = v
                    if len(memo) >= memo_cap:
                        memo_over, memo_n = True, len(memo)
                elif type(v) not in _PLAIN or key in memo:
                    memo[key] = v
            elif op == 0x64:  # DICT
                items = stack
                stack = metastack.pop()
                push = stack.append
                d = {}
                it = iter(items)
                try:  # noqa: SIM105 - suppress() is slower in the hot loop
                    d.update(zip(it, it, strict=False))
                except TypeError:
                    pass
                push(d)
            elif op == 0x6C:  # LIST
                items = stack
                stack = metastack.pop()
                push = stack.append
                push(items)
            elif op == 0x97:  # NEXT_BUFFER
                push(Opaque("out-of-band buffer"))
            elif op == 0x98:  # READONLY_BUFFER
                pass
            else:
                raise PickleError(op_pos, f"unknown opcode 0x{op:02x}")
            if ops > max_ops:
                raise PickleError(op_pos, f"more than {max_ops} opcodes")
    except PickleError as exc:
        res.error = exc
    except IndexError:
        if op_pos >= n or pos > n:
            res.error = PickleError(op_pos, "truncated pickle (no STOP)")
        else:
            res.error = PickleError(op_pos, "stack or mark underflow")
    except KeyError as exc:
        res.error = PickleError(op_pos, f"memo key {exc.args[0]!r} read before it was written")
    except (ValueError, struct.error, UnicodeDecodeError, OverflowError, TypeError, RecursionError) as exc:
        if pos >= n or isinstance(exc, struct.error):
            res.error = PickleError(op_pos, "truncated pickle")
        else:
            res.error = PickleError(op_pos, f"malformed opcode argument ({type(exc).__name__})")
    res.end = pos if res.complete else op_pos
    res.ops = ops
    return res
