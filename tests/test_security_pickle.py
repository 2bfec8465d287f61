"""Pickle emulator on samples written opcode by opcode (never loaded): protocols 0-5, memo tricks,
indirection, stacked/nested/compressed streams, truncated/huge/malformed input (never a crash)."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import pickle
import struct
import tarfile
import zipfile
import zlib

import pytest

from unveil.security.dispatch import scan_source
from unveil.security.formats import BytesSource, ScanContext
from unveil.security.pickle.data_run import data_only_end
from unveil.security.pickle.engine import walk


def scan(data: bytes, path: str = "x.bin") -> ScanContext:
    ctx = ScanContext(path=path, source=BytesSource(data))
    scan_source(ctx)
    return ctx


def worst(ctx: ScanContext) -> str | None:
    order = ["info", "low", "medium", "high", "critical"]
    sev = [f.severity for f in ctx.findings]
    return max(sev, key=order.index) if sev else None


def su(s: str) -> bytes:  # SHORT_BINUNICODE
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


# -- classic payloads, every protocol ----------------------------------------------------------
@pytest.mark.parametrize("proto", [0, 1, 2, 3, 4, 5])
def test_reduce_payload_every_protocol(proto):
    head = b"" if proto < 2 else b"\x80" + bytes([proto])
    body = b"cos\nsystem\n(S'echo hi'\ntR." if proto < 4 else su("os") + su("system") + b"\x93" + su("id") + b"\x85R."
    ctx = scan(head + body)
    assert worst(ctx) == "critical"
    assert ctx.findings[0].evidence[0].offset is not None


def test_stack_global_operands_from_memo():
    # 'os' and 'system' are memoized early, fetched with BINGET later: no literal pair near the opcode.
    data = (
        b"\x80\x04"
        + su("os")
        + b"\x94"
        + su("system")
        + b"\x94"
        + b"0"
        + b"0"
        + su("pad")
        + b"0"
        + b"h\x00h\x01\x93"
        + su("id")
        + b"\x85R."
    )
    ctx = scan(data)
    assert worst(ctx) == "critical"
    assert any("os.system" in f.detail for f in ctx.findings)


def test_dotted_name_attribute_traversal():
    ctx = scan(b"\x80\x04" + su("logging") + su("os.system") + b"\x93" + su("id") + b"\x85R.")
    assert worst(ctx) == "critical"


def test_getattr_import_chain_resolved():
    data = (
        b"\x80\x04"
        + su("builtins")
        + su("getattr")
        + b"\x93"
        + b"("
        + su("importlib")
        + su("import_module")
        + b"\x93"
        + su("subprocess")
        + b"\x85R"
        + su("check_output")
        + b"tR"
        + su("id")
        + b"\x85R."
    )
    ctx = scan(data)
    assert any("subprocess.check_output" in f.detail and f.severity == "critical" for f in ctx.findings)


def test_attrgetter_and_resolve_name():
    ag = (
        b"\x80\x04"
        + su("operator")
        + su("attrgetter")
        + b"\x93"
        + su("system")
        + b"\x85R"
        + su("posix")
        + su("getcwd")
        + b"\x93"
        + b"0"
        + b"("
        + su("pkgutil")
        + su("resolve_name")
        + b"\x93"
        + su("os:popen")
        + b"\x85R"
        + b"t."
    )
    ctx = scan(ag)
    assert any("os.popen" in f.detail for f in ctx.findings)


def test_inst_and_obj_opcodes():
    assert worst(scan(b"(S'id'\nios\nsystem\n.")) == "critical"
    assert worst(scan(b"(cpty\nspawn\nS'sh'\no.")) == "critical"


def test_newobj_and_build_setstate_trick():
    # BUILD installs __setstate__ = os.system via slotstate, then a second BUILD would call it.
    data = (
        b"\x80\x02"
        + b"ccollections\nOrderedDict\n)\x81"
        + b"N}"
        + su("__setstate__")
        + b"cos\nsystem\ns\x86b"
        + su("id")
        + b"b."
    )
    ctx = scan(data)
    assert worst(ctx) == "critical"
    assert any(f.rule == "SEC304" for f in ctx.findings)


def test_ext_opcode_is_unverified_and_calling_it_is_high():
    assert worst(scan(b"\x80\x02\x82\x01.")) == "medium"  # registry lookup only
    assert worst(scan(b"\x80\x02\x82\x01)R.")) == "high"  # called: resolved only at load time


def test_py2_builtin_name_mapping():
    assert worst(scan(b"\x80\x02c__builtin__\neval\nX\x01\x00\x00\x001\x85R.")) == "critical"


# -- benign streams written by the stdlib pickle *writer* ----------------------------------------
@pytest.mark.parametrize("proto", [0, 1, 2, 3, 4, 5])
def test_benign_values_every_protocol(proto):
    import collections
    import datetime
    import decimal

    obj = {
        "a": [1, 2.5, "x" * 300, b"y" * 3000, (1,), None, True, 2**100],
        "o": collections.OrderedDict(k=1),
        "d": datetime.datetime(2020, 1, 1),
        "n": decimal.Decimal("1.5"),
        "s": {1, 2},
        "f": frozenset({3}),
    }
    ctx = scan(pickle.dumps(obj, protocol=proto))
    assert ctx.scanned and not [f for f in ctx.findings if f.severity in ("critical", "high")], ctx.findings


def test_fast_path_only_for_pure_data():
    assert data_only_end(pickle.dumps([1, "a", {"b": 2.0}], protocol=4)) is not None
    assert data_only_end(b"\x80\x04" + su("os") + su("system") + b"\x93.") is None


def test_unknown_global_is_medium_not_flagged():
    ctx = scan(b"\x80\x02cmypkg.models\nThing\n)\x81.")
    assert worst(ctx) == "medium"


# -- stacked, nested, compressed ---------------------------------------------------------------
def test_stacked_pickles_read_to_the_end():
    benign = pickle.dumps({"a": 1}, protocol=2)
    ctx = scan(benign * 3 + b"cos\nsystem\n(S'id'\ntR.")
    assert worst(ctx) == "critical"


def test_nested_pickle_in_bytes_argument():
    inner = b"\x80\x04" + su("os") + su("system") + b"\x93" + su("id") + b"\x85R."
    outer = b"\x80\x04" + su("mypkg") + su("Loader") + b"\x93" + b"C" + bytes([len(inner)]) + inner + b"\x85R."
    ctx = scan(outer)
    assert worst(ctx) == "critical"
    assert any("!@" in f.path for f in ctx.findings)


def test_compressed_nested_pickle_in_bytes():
    inner = zlib.compress(b"cos\nsystem\n(S'id'\ntR.")
    outer = b"\x80\x04" + su("mypkg") + su("Loader") + b"\x93" + b"C" + bytes([len(inner)]) + inner + b"\x85R."
    assert worst(scan(outer)) == "critical"


@pytest.mark.parametrize(
    "wrap",
    [zlib.compress, gzip.compress, bz2.compress, lzma.compress, lambda b: lzma.compress(b, format=lzma.FORMAT_ALONE)],
)
def test_compressed_wrappers(wrap):
    assert worst(scan(wrap(b"cos\nsystem\n(S'id'\ntR."))) == "critical"


def test_zip_tar_nesting_and_member_paths():
    payload = b"cos\nsystem\n(S'id'\ntR."
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("deep/data.pkl", payload)
    tbuf = io.BytesIO()
    with tarfile.open(fileobj=tbuf, mode="w") as t:
        info = tarfile.TarInfo("inner.zip")
        info.size = len(inner.getvalue())
        t.addfile(info, io.BytesIO(inner.getvalue()))
    ctx = scan(gzip.compress(tbuf.getvalue()), "outer.tar.gz")
    assert any(
        f.path == "outer.tar.gz!gzip!inner.zip!deep/data.pkl" and f.severity == "critical" for f in ctx.findings
    ), [f.path for f in ctx.findings]


def test_zip_slip_and_symlink_members():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../etc/evil", b"x")
        link = zipfile.ZipInfo("link")
        link.create_system = 3
        link.external_attr = 0o120777 << 16
        z.writestr(link, b"/etc/passwd")
    rules = {f.rule for f in scan(buf.getvalue()).findings}
    assert {"SEC310", "SEC311"} <= rules


def test_zip_bomb_member_is_limited():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.bin", b"\0" * (40 * 1024 * 1024))
    ctx = scan(buf.getvalue())
    assert any(f.rule == "SEC312" for f in ctx.findings)


def test_torch_zip_hidden_local_member_and_mismatch():
    good = pickle.dumps({"w": 1}, protocol=2)
    evil = b"\x80\x02cos\nsystem\n(S'id'\ntR."
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.pkl", good)
        z.writestr("archive/version", b"3\n")
    data = buf.getvalue()
    # Prepend a local-header-only member (streaming readers see it; the directory does not list it).
    name = b"archive/extra.pkl"
    lh = (
        struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, zlib.crc32(evil), len(evil), len(evil), len(name), 0
        )
        + name
        + evil
    )
    shifted = lh + data
    ctx = scan(shifted, "model.pt")
    assert worst(ctx) in ("critical", "high")


def test_joblib_inline_array_is_skipped():
    # NumpyArrayWrapper BUILD followed by raw array bytes that would not parse as opcodes.
    dtype = (
        b"cnumpy\ndtype\nX\x02\x00\x00\x00f8\x89\x88\x87R"
        b"(K\x03X\x01\x00\x00\x00<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
    )
    state = (
        b"}(X\x05\x00\x00\x00shapeK\x02\x85X\x05\x00\x00\x00orderX\x01\x00\x00\x00CX\x05\x00\x00\x00dtype"
        + dtype
        + b"u"
    )
    data = b"\x80\x02cjoblib.numpy_pickle\nNumpyArrayWrapper\n)\x81" + state + b"b" + b"\xff" * 16 + b"."
    ctx = scan(data, "m.joblib")
    assert not ctx.unscannable, ctx.unscannable
    assert worst(ctx) is None


# -- hostile shapes: never crash ---------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        b"\x80\x04" + su("os"),  # truncated
        b"\x80\x04\x93.",  # STACK_GLOBAL on empty stack
        b"\x80\x04h\x05.",  # memo read before write
        b"\x80\x02X\xff\xff\xff\x7fabc",  # absurd length
        b"\x80\x04" + b"(" * 100000 + b".",  # deep marks
        b"\x80\x04" + b"]" * 200000 + b".",  # many values
        b"\x80\x02cos\nsys",  # GLOBAL without newline
        b"\x80\x04\xff.",  # unknown opcode
    ],
)
def test_malformed_never_crashes(data):
    ctx = scan(data)
    res = walk(data)
    assert res.error is not None or res.complete
    assert isinstance(ctx.findings, list)


def test_truncated_dangerous_pickle_still_flagged():
    ctx = scan(b"\x80\x02cos\nsystem\n(S'id'\ntR")  # no STOP: the loader runs os.system before failing
    assert worst(ctx) == "critical"
    assert ctx.unscannable
