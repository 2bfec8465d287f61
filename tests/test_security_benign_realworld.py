"""Regression tests for false positives measured on real benign files (benchmarks/benign_realworld.py).

Each case is a hand-written opcode stream reproducing the globals the real library wrote (torch,
sklearn, pandas, numpy, xgboost ...), so CI needs none of those libraries. Next to every fixed false
positive sits the dangerous neighbour that must stay flagged.
"""

from __future__ import annotations

import io
import pickle
import struct
import zipfile

import pytest

from unveil.security.dispatch import scan_source
from unveil.security.formats import BytesSource, ScanContext

ORDER = ["info", "low", "medium", "high", "critical"]


def scan(data: bytes, path: str = "x.bin") -> ScanContext:
    ctx = ScanContext(path=path, source=BytesSource(data))
    scan_source(ctx)
    return ctx


def worst(ctx: ScanContext) -> str | None:
    sev = [f.severity for f in ctx.findings]
    return max(sev, key=ORDER.index) if sev else None


def su(s: str) -> bytes:  # SHORT_BINUNICODE
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


def g2(module: str, name: str) -> bytes:  # GLOBAL (protocols 0-3)
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def getattr_p2(module: str, name: str, attr: str) -> bytes:
    """What pickle protocol 2 writes for a method/classmethod: getattr(module.name, attr)."""
    return b"\x80\x02" + g2("builtins", "getattr") + g2(module, name) + b"X" + struct.pack(
        "<I", len(attr)
    ) + attr.encode() + b"\x86R."


def stack_global_p4(module: str, name: str, tail: bytes = b".") -> bytes:
    return b"\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00" + su(module) + su(name) + b"\x93" + tail


def newobj_p4(module: str, name: str) -> bytes:
    """cls.__new__(cls) then BUILD with an empty dict: how dataclasses/classes pickle."""
    return stack_global_p4(module, name, b")\x81}b.")


def call_p2(module: str, name: str, *args: str) -> bytes:
    body = b"".join(b"X" + struct.pack("<I", len(a)) + a.encode() for a in args)
    return b"\x80\x02" + g2(module, name) + b"(" + body + b"tR."


# ---- torch ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        # self.act = torch.tanh / torch.sigmoid in a full-module torch.save (protocol 2 and 4+)
        getattr_p2("torch._C", "_VariableFunctionsClass", "tanh"),
        stack_global_p4("torch._C", "_VariableFunctionsClass.sigmoid"),
        # torch.Tensor.add referenced as a function
        getattr_p2("torch._C", "TensorBase", "add"),
        stack_global_p4("torch._C", "TensorBase.add"),
        stack_global_p4("torch._C", "_TensorBase.mul"),
        # weight_norm / spectral_norm hook wrappers
        newobj_p4("torch.nn.modules.module", "_WrappedHook"),
        # torch.distributed.checkpoint `.metadata` (FSDP / accelerate sharded checkpoints)
        newobj_p4("torch.distributed.checkpoint.metadata", "Metadata"),
        newobj_p4("torch.distributed.checkpoint.metadata", "TensorStorageMetadata"),
        newobj_p4("torch.distributed.checkpoint.metadata", "ChunkStorageMetadata"),
        newobj_p4("torch.distributed.checkpoint.metadata", "BytesStorageMetadata"),
        newobj_p4("torch.distributed.checkpoint.metadata", "MetadataIndex"),
        newobj_p4("torch.distributed.checkpoint.metadata", "TensorProperties"),
        newobj_p4("torch.distributed.checkpoint.metadata", "StorageMeta"),
        stack_global_p4("torch.distributed.checkpoint.metadata", "_MEM_FORMAT_ENCODING"),
        newobj_p4("torch.distributed.checkpoint.filesystem", "_StorageInfo"),
        # torch.compile'd model pickles hold contextlib.nullcontext
        newobj_p4("contextlib", "nullcontext"),
    ],
)
def test_torch_benign_globals_are_clean(data):
    ctx = scan(data)
    assert worst(ctx) in (None, "info", "low"), [f.detail for f in ctx.findings]


@pytest.mark.parametrize(
    "data",
    [
        getattr_p2("torch._C", "_VariableFunctionsClass", "from_file"),
        stack_global_p4("torch._C", "_VariableFunctionsClass.from_file"),
        stack_global_p4("torch._C._VariableFunctions", "from_file"),
        stack_global_p4("torch._C", "TensorBase.__reduce_ex__"),
        stack_global_p4("torch._C", "_VariableFunctionsClass.__globals__"),
        stack_global_p4("torch.distributed.checkpoint.state_dict_loader", "load"),
        stack_global_p4("torch.distributed.checkpoint.format_utils", "dcp_to_torch_save"),
        stack_global_p4("torch.distributed.rpc", "rpc_sync"),
        stack_global_p4("torch.distributed.checkpoint.metadata", "os.system"),
    ],
)
def test_torch_dangerous_neighbours_stay_critical(data):
    assert worst(scan(data)) == "critical"


# ---- numpy / stdlib ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        stack_global_p4("numpy", "log1p"),  # FunctionTransformer(np.log1p)
        stack_global_p4("numpy", "absolute"),
        stack_global_p4("numpy", "mean"),
        stack_global_p4("numpy", "clip"),
        b"\x80\x02" + g2("numpy", "expm1") + b".",
        stack_global_p4("numpy.core.fromnumeric", "sum"),  # numpy < 1.25 module names
        stack_global_p4("numpy", "record"),
        stack_global_p4("numpy.rec", "recarray"),
        call_p2("numpy.core", "_ufunc_reconstruct", "numpy", "log1p"),  # numpy < 1.20 ufunc pickles
        call_p2("numpy.random", "__RandomState_ctor"),  # numpy < 1.17 RandomState
        getattr_p2("builtins", "dict", "fromkeys"),
        stack_global_p4("builtins", "dict.fromkeys"),
        stack_global_p4("datetime", "datetime.fromtimestamp"),
        getattr_p2("zoneinfo", "ZoneInfo", "_unpickle"),  # pandas tz-aware columns
        call_p2("pytz", "_p", "Europe/Berlin"),
        newobj_p4("dateutil.tz.tz", "tzutc"),
    ],
)
def test_numpy_and_stdlib_benign_globals_are_clean(data):
    ctx = scan(data)
    assert worst(ctx) in (None, "info", "low"), [f.detail for f in ctx.findings]


@pytest.mark.parametrize(
    "data",
    [
        call_p2("numpy.core", "_ufunc_reconstruct", "os", "system"),
        call_p2("numpy._core", "_ufunc_reconstruct", "subprocess", "Popen"),
        stack_global_p4("numpy", "load"),
        stack_global_p4("numpy", "save"),
        stack_global_p4("numpy.lib.npyio", "load"),
        stack_global_p4("builtins", "dict.__class__"),
        stack_global_p4("datetime", "datetime.__init__.__globals__"),
    ],
)
def test_numpy_and_stdlib_dangerous_neighbours_stay_critical(data):
    assert worst(scan(data)) == "critical"


def test_unknown_method_of_builtin_type_is_still_flagged():
    # Only the listed alternate constructors are allowed; other lowercase hops stay suspicious.
    assert worst(scan(stack_global_p4("builtins", "str.format_map"))) in ("high", "critical")


# ---- sklearn / pandas / boosting / scipy --------------------------------------------------------
@pytest.mark.parametrize(
    "data",
    [
        newobj_p4("sklearn.ensemble._hist_gradient_boosting.binning", "_BinMapper"),
        newobj_p4("sklearn.calibration", "_CalibratedClassifier"),
        newobj_p4("sklearn.calibration", "_SigmoidCalibration"),
        newobj_p4("sklearn.metrics._scorer", "_PassthroughScorer"),
        newobj_p4("sklearn.compose._column_transformer", "make_column_selector"),
        # KDTree / BallTree / DistanceMetric Cython reconstructors: newObj(cls)
        b"\x80\x02" + g2("sklearn.neighbors._kd_tree", "newObj") + g2("sklearn.neighbors._kd_tree", "KDTree")
        + b"\x85R.",
        b"\x80\x02" + g2("sklearn.metrics._dist_metrics", "newObj")
        + g2("sklearn.metrics._dist_metrics", "EuclideanDistance64") + b"\x85R.",
        stack_global_p4("pandas.core.indexes.datetimes", "_new_DatetimeIndex"),
        stack_global_p4("pandas.core.indexes.timedeltas", "_new_TimedeltaIndex"),
        stack_global_p4("pandas.core.indexes.interval", "_new_IntervalIndex"),
        stack_global_p4("pandas.core.indexes.period", "_new_PeriodIndex"),
        stack_global_p4("pandas._libs.tslibs.nattype", "_nat_unpickle"),
        stack_global_p4("pandas._libs.tslibs.timedeltas", "_timedelta_unpickle"),
        stack_global_p4("pandas", "NA"),
        newobj_p4("xgboost.sklearn", "XGBClassifier"),
        newobj_p4("xgboost.core", "Booster"),
        newobj_p4("lightgbm.sklearn", "LGBMClassifier"),
        newobj_p4("lightgbm.basic", "Booster"),
        newobj_p4("scipy.stats._distn_infrastructure", "rv_continuous_frozen"),
        newobj_p4("scipy.stats._continuous_distns", "reciprocal_gen"),
        newobj_p4("scipy.stats._discrete_distns", "randint_gen"),
    ],
)
def test_ml_library_benign_globals_are_clean(data):
    ctx = scan(data)
    assert worst(ctx) in (None, "info", "low"), [f.detail for f in ctx.findings]


@pytest.mark.parametrize(
    "data",
    [
        stack_global_p4("sklearn.utils._testing", "_IgnoreWarnings"),
        stack_global_p4("pandas.io.pickle", "read_pickle"),
        stack_global_p4("pandas._libs.tslibs.nattype", "os.system"),
        stack_global_p4("xgboost.sklearn", "XGBClassifier.__init__.__globals__"),
    ],
)
def test_ml_library_dangerous_neighbours_stay_critical(data):
    assert worst(scan(data)) == "critical"


# ---- torch.distributed.checkpoint data files: torch.save archives back to back --------------------
def _torch_archive(payload: bytes, name: str = "archive") -> bytes:
    """A torch.save-like zip whose end records are zip64, as PyTorch writes them; offsets relative
    to the archive's own start (what torch.distributed.checkpoint concatenates)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{name}/data.pkl", payload)
        zf.writestr(f"{name}/byteorder", b"little")
        zf.writestr(f"{name}/data/0", b"\x00" * 64)
        zf.writestr(f"{name}/version", b"3\n")
    raw = buf.getvalue()
    eocd = raw.rfind(b"PK\x05\x06")
    _, _, _, _, n, cd_size, cd_off, _ = struct.unpack_from("<4sHHHHIIH", raw, eocd)
    body = raw[:eocd]
    eocd64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, n, n, cd_size, cd_off)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, len(body), 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, n, n, cd_size, cd_off, 0)
    return body + eocd64 + locator + end


BENIGN = pickle.dumps({"step": 3, "lr": 0.1}, protocol=2)
EVIL = b"\x80\x02" + g2("os", "system") + b"X\x02\x00\x00\x00id\x85R."


def test_distcp_concatenated_archives_are_not_flagged():
    data = b"".join(_torch_archive(BENIGN) for _ in range(3))
    ctx = scan(data, "__0_0.distcp")
    assert worst(ctx) in ("info", "low", None), [f.detail for f in ctx.findings]
    assert sum(p.endswith("data.pkl") for p in ctx.scanned) == 3  # every archive's pickle was read


def test_distcp_payload_in_any_archive_is_found():
    for evil_at in range(3):
        parts = [_torch_archive(EVIL if i == evil_at else BENIGN) for i in range(3)]
        assert worst(scan(b"".join(parts), "__0_0.distcp")) == "critical", evil_at


def test_concatenation_with_gap_keeps_anomaly_findings():
    # Bytes between archives are not the distributed-checkpoint layout: the zip anomaly stays high.
    data = _torch_archive(BENIGN) + b"JUNK" * 8 + _torch_archive(BENIGN)
    assert worst(scan(data, "x.pt")) in ("high", "critical")


def test_prefixed_zip64_archive_locates_its_directory():
    from unveil.security.formats.zipfile_reader import read_zip

    listing = read_zip(BytesSource(b"\x00" * 100 + _torch_archive(BENIGN)))
    assert len(listing.members) == 4
    assert listing.members[0].header_offset == 100
