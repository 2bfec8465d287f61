"""The globals policy (data file): one check per allow-list family, plus dangerous and unverified tiers."""

from __future__ import annotations

import pytest

from unveil.security.allowlist import classify, load_policy

ALLOWED = {
    "torch": [
        ("torch._utils", "_rebuild_tensor_v2"),
        ("torch", "FloatStorage"),
        ("torch", "bfloat16"),
        ("torch.nn.modules.linear", "Linear"),
        ("torch.jit._pickle", "build_intlist"),
    ],
    "numpy": [
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy", "dtype"),
        ("numpy._core.multiarray", "scalar"),
        ("numpy.random._pickle", "__randomstate_ctor"),
    ],
    "collections": [("collections", "OrderedDict"), ("collections", "defaultdict")],
    "builtins": [("builtins", "set"), ("__builtin__", "frozenset"), ("_codecs", "encode")],
    "copyreg": [("copyreg", "_reconstructor"), ("copy_reg", "_reconstructor")],
    "stdlib_values": [("datetime", "datetime"), ("decimal", "Decimal"), ("pathlib", "PosixPath")],
    "sklearn": [("sklearn.pipeline", "Pipeline"), ("sklearn.ensemble._forest", "RandomForestClassifier")],
    "scipy": [("scipy.sparse._csr", "csr_matrix")],
    "pandas": [("pandas.core.frame", "DataFrame"), ("pandas._libs.internals", "_unpickle_block")],
    "joblib": [("joblib.numpy_pickle", "NumpyArrayWrapper")],
    "numpy_math": [("numpy", "log1p"), ("numpy", "mean"), ("numpy.core.fromnumeric", "sum")],
    "boosting": [("xgboost.sklearn", "XGBClassifier"), ("lightgbm.basic", "Booster")],
    "keras": [
        ("keras.src.models.sequential", "Sequential"),
        ("keras.src.models.functional", "Functional"),
    ],
}


def test_every_family_is_tested():
    assert set(load_policy().allow) == set(ALLOWED)


@pytest.mark.parametrize("family", sorted(ALLOWED))
def test_allow_family(family):
    for module, name in ALLOWED[family]:
        v = classify(module, name)
        assert v.level == "allowed", (module, name, v)


@pytest.mark.parametrize(
    "module,name",
    [
        ("os", "system"),
        ("posix", "system"),
        ("nt", "system"),
        ("subprocess", "Popen"),
        ("builtins", "eval"),
        ("__builtin__", "exec"),
        ("runpy", "_run_code"),
        ("pty", "spawn"),
        ("socket", "create_connection"),
        ("webbrowser", "open"),
        ("shutil", "rmtree"),
        ("logging", "os.system"),
        ("torch", "load"),
        ("numpy.testing._private.utils", "runstring"),
        ("pickle", "loads"),
        ("importlib", "import_module"),
        ("torch._utils", "_rebuild_tensor_v2.__globals__"),
        ("sklearn.pipeline", "Pipeline.__init__.__globals__"),
        ("torch.nn.modules.module", "os.system"),
    ],
)
def test_dangerous_is_critical(module, name):
    assert classify(module, name).level == "critical", (module, name)


def test_indirect_helpers_are_judged_by_target():
    assert classify("builtins", "getattr").level == "indirect"
    assert classify("operator", "attrgetter").level == "indirect"


@pytest.mark.parametrize("module,name", [("mypkg.models", "Thing"), ("random", "Random"), ("builtins", "type")])
def test_unknown_is_unverified(module, name):
    assert classify(module, name).level == "unverified"


def test_allowed_class_patterns_do_not_cover_attributes():
    assert classify("sklearn.pipeline", "Pipeline.fit").level != "allowed"
    assert classify("torch", "FloatStorage.from_file").level != "allowed"


# Danger by class, not by instance: process spawning anywhere in the standard library (and the common
# fork/command packages), file-writing primitives, and nested deserialisation without a safety switch.
# These names are not listed one by one in the policy: each is covered by a module or class entry.
@pytest.mark.parametrize(
    "module,name",
    [
        ("test.support.script_helper", "assert_python_ok"),
        ("test.support.script_helper", "spawn_python"),
        ("test.support", "run_in_subinterp"),
        ("test.support.os_helper", "rmtree"),
        ("multiprocessing.popen_fork", "Popen"),
        ("multiprocessing.util", "spawnv_passfds"),
        ("concurrent.futures.process", "ProcessPoolExecutor"),
        ("_posixsubprocess", "fork_exec"),
        ("os", "posix_spawnp"),
        ("os", "execvpe"),
        ("posix", "spawnv"),
        ("pty", "fork"),
        ("runpy", "run_path"),
        ("_xxsubinterpreters", "run_string"),
        ("billiard.context", "Process"),
        ("loky.process_executor", "ProcessPoolExecutor"),
        ("logging", "FileHandler"),
        ("logging", "WatchedFileHandler"),
        ("logging.handlers", "RotatingFileHandler"),
        ("shutil", "copyfile"),
        ("unittest", "main"),
        ("keras.src.saving.saving_lib", "H5IOStore"),
        ("pandas._testing", "makeDataFrame"),
    ],
)
def test_process_spawners_and_file_writers_are_critical(module, name):
    assert classify(module, name).level == "critical", (module, name, classify(module, name))


@pytest.mark.parametrize(
    "module,name",
    [
        ("keras.src.models.sequential", "Sequential._unpickle_model"),
        ("keras.src.models.model", "Model._unpickle_model"),
        ("keras", "Model._unpickle_model"),
        ("logging", "StreamHandler"),
        ("logging", "basicConfig"),
        ("gzip", "GzipFile"),
        ("bz2", "BZ2File"),
        ("pandas.core.frame", "DataFrame.to_csv"),
        ("linecache", "getline"),
    ],
)
def test_nested_loaders_and_writers_are_at_least_high(module, name):
    assert classify(module, name).level in ("critical", "high"), (module, name, classify(module, name))
