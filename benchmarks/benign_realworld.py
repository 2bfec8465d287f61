"""False positives of `unveil scan` on REAL benign files written by the real libraries.

Run with a separate environment that has the ML libraries (never unveil's own venv), e.g.:

    python3 -m venv /tmp/benignenv
    /tmp/benignenv/bin/pip install torch scikit-learn pandas numpy joblib h5py onnx safetensors \
        xgboost lightgbm keras
    KERAS_BACKEND=torch /tmp/benignenv/bin/python benchmarks/benign_realworld.py

The script builds a varied set of benign artifacts with each installed library (torch checkpoints,
TorchScript, legacy torch, quantized tensors, sklearn estimators under pickle protocols 2/4/5 and
joblib with every compressor, pandas `to_pickle` with extension dtypes and compressions, numpy object
arrays of plain values, Keras .keras/.h5, ONNX with external data, safetensors, xgboost/lightgbm, an
HF-style `training_args.bin`) into a temp folder, then runs unveil's scanner in a subprocess
(`unveil scan ... --format json`, unveil's own venv) once over all of them. A "flag" is a
critical/high finding; the false-positive rate is flagged cases / cases, per library and overall.
Missing libraries are skipped. The objects are our own, so creating them is safe; unveil never loads them.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import enum
import functools
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from pathlib import Path

warnings.filterwarnings("ignore")
os.environ.setdefault("KERAS_BACKEND", "torch")

UNVEIL = os.environ.get("UNVEIL", "/work/venv/bin/unveil")


@dataclasses.dataclass
class RunConfig:  # a user's config saved with torch.save (a __main__ class, as in training scripts)
    lr: float = 3e-4
    layers: tuple[int, ...] = (64, 32)
    name: str = "tiny"
    extra: dict = dataclasses.field(default_factory=lambda: {"warmup": 100})


class Mode(enum.Enum):
    TRAIN = "train"
    EVAL = "eval"


class Cases:
    """Collects generated artifacts: case name -> (library, path)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: dict[str, tuple[str, Path]] = {}
        self.errors: list[str] = []

    def path(self, lib: str, name: str) -> Path:
        p = self.root / lib / name
        p.parent.mkdir(parents=True, exist_ok=True)
        self.items[f"{lib}/{name}"] = (lib, p)
        return p

    def folder(self, lib: str, name: str) -> Path:
        p = self.root / lib / name
        p.mkdir(parents=True, exist_ok=True)
        self.items[f"{lib}/{name}"] = (lib, p)
        return p

    def run(self, label: str, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:  # a generator that fails on this library version is reported, not fatal
            self.errors.append(f"{label}: {type(exc).__name__}: {exc}")
            for key in [k for k in self.items if k.split("/", 1)[1].startswith(label)]:
                path = self.items[key][1]
                if not path.exists():
                    del self.items[key]


def _pickle_protocols(c: Cases, lib: str, name: str, obj: object, protocols=(2, 4, 5)) -> None:
    for proto in protocols:
        with open(c.path(lib, f"{name}.p{proto}.pkl"), "wb") as fh:
            pickle.dump(obj, fh, protocol=proto)


# --------------------------------------------------------------------------------------------- torch
def gen_torch(c: Cases) -> None:
    import torch
    from torch import nn

    torch.manual_seed(0)

    class MainNet(nn.Module):  # defined in __main__ like most training scripts
        def __init__(self) -> None:
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3)
            self.bn = nn.BatchNorm2d(4)
            self.fc = nn.Linear(4, 2)
            self.drop = nn.Dropout(0.1)
            self.register_buffer("steps", torch.zeros(1, dtype=torch.long))

        def forward(self, x):
            x = self.bn(self.conv(x)).mean((2, 3))
            return self.fc(self.drop(x))

    globals()["MainNet"] = MainNet
    MainNet.__qualname__ = "MainNet"
    net = MainNet()
    seq = nn.Sequential(
        nn.Embedding(10, 8), nn.LSTM(8, 8, batch_first=True),
    )
    tx = nn.TransformerEncoder(nn.TransformerEncoderLayer(16, 2, 32, batch_first=True), num_layers=1)
    mlp = nn.Sequential(nn.Linear(4, 8), nn.GELU(), nn.LayerNorm(8), nn.Linear(8, 1), nn.Sigmoid())

    def state_dicts() -> None:
        torch.save(net.state_dict(), c.path("torch", "state_dict.pt"))
        torch.save(tx.state_dict(), c.path("torch", "state_dict_transformer.bin"))
        torch.save(seq.state_dict(), c.path("torch", "state_dict_lstm.pth"))
        torch.save(mlp.state_dict(), c.path("torch", "state_dict_noext"))

    def full_modules() -> None:
        torch.save(net, c.path("torch", "full_module_main_class.pt"))
        torch.save(tx, c.path("torch", "full_module_transformer.pt"))
        torch.save(mlp, c.path("torch", "full_module_sequential.pt"))
        torch.save(seq, c.path("torch", "full_module_lstm.pt"))

    def optimizer() -> None:
        opt = torch.optim.AdamW(mlp.parameters(), lr=1e-3)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)
        loss = mlp(torch.randn(3, 4)).sum()
        loss.backward()
        opt.step()
        sched.step()
        sgd = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
        net(torch.randn(2, 3, 8, 8)).sum().backward()
        sgd.step()
        import random

        import numpy as np

        ckpt = {
            "epoch": 3, "model": mlp.state_dict(), "optimizer": opt.state_dict(), "scheduler": sched.state_dict(),
            "sgd": sgd.state_dict(), "torch_rng": torch.get_rng_state(), "np_rng": np.random.get_state(),
            "py_rng": random.getstate(), "scaler": torch.amp.GradScaler("cpu").state_dict(),
        }
        torch.save(ckpt, c.path("torch", "optimizer_checkpoint.pt"))
        torch.save(opt.state_dict(), c.path("torch", "optimizer_adamw.pt"))

    def torchscript() -> None:
        torch.jit.save(torch.jit.script(mlp), c.path("torch", "torchscript_scripted.pt"))
        torch.jit.save(torch.jit.trace(net.eval(), torch.randn(1, 3, 8, 8)), c.path("torch", "torchscript_traced.pt"))

    def legacy() -> None:
        torch.save(mlp.state_dict(), c.path("torch", "legacy_state_dict.pt"), _use_new_zipfile_serialization=False)
        torch.save(net, c.path("torch", "legacy_full_module.pt"), _use_new_zipfile_serialization=False)
        for proto in (2, 4):
            torch.save({"w": torch.randn(3)}, c.path("torch", f"legacy_proto{proto}.pt"),
                       _use_new_zipfile_serialization=False, pickle_protocol=proto)

    def dtypes() -> None:
        names = ["float16", "bfloat16", "float32", "float64", "int8", "uint8", "int16", "int32", "int64", "bool",
                 "complex64", "complex128", "uint16", "uint32", "uint64", "float8_e4m3fn", "float8_e5m2"]
        tensors = {}
        for n in names:
            dt = getattr(torch, n, None)
            if dt is None:
                continue
            try:
                tensors[n] = torch.zeros(4, dtype=dt)
            except Exception:
                continue
        torch.save(tensors, c.path("torch", "dtypes_all.pt"))
        torch.save(tensors, c.path("torch", "dtypes_all_legacy.pt"), _use_new_zipfile_serialization=False)
        extra = {
            "sparse_coo": torch.eye(3).to_sparse(), "sparse_csr": torch.eye(3).to_sparse_csr(),
            "noncontig": torch.randn(4, 4).t(), "view": torch.arange(10)[2:5],
            "requires_grad": torch.randn(2, requires_grad=True), "param": nn.Parameter(torch.ones(2)),
            "size": torch.Size([2, 3]), "dtype": torch.float16, "device": torch.device("cpu"),
            "channels_last": torch.randn(1, 3, 4, 4).to(memory_format=torch.channels_last),
            "scalar": torch.tensor(3.5), "empty": torch.empty(0),
        }
        torch.save(extra, c.path("torch", "tensor_kinds.pt"))

    def quantized() -> None:
        x = torch.randn(4, 4)
        q = {
            "per_tensor": torch.quantize_per_tensor(x, 0.1, 10, torch.quint8),
            "per_tensor_qint8": torch.quantize_per_tensor(x, 0.1, 0, torch.qint8),
            "per_channel": torch.quantize_per_channel(x, torch.ones(4) * 0.1, torch.zeros(4, dtype=torch.long), 0,
                                                      torch.qint8),
        }
        torch.save(q, c.path("torch", "quantized_tensors.pt"))
        dq = torch.ao.quantization.quantize_dynamic(mlp, {nn.Linear}, dtype=torch.qint8)
        torch.save(dq.state_dict(), c.path("torch", "quantized_dynamic_state_dict.pt"))
        torch.save(dq, c.path("torch", "quantized_dynamic_full.pt"))

    def nested() -> None:
        obj = {
            "layers": [{"w": torch.randn(2, 2), "b": torch.zeros(2)} for _ in range(3)],
            "meta": OrderedDict(step=10, names=["a", "b"], shape=(2, 2), tags={"x", "y"}),
            "shared": [torch.ones(2)] * 2, "none": None, "bytes": b"\x00\x01", "mode": "train",
        }
        torch.save(obj, c.path("torch", "nested_dicts.pt"))
        torch.save(obj, c.path("torch", "nested_dicts_proto5.pt"), pickle_protocol=5)

    def config() -> None:
        torch.save({"config": RunConfig(), "mode": Mode.TRAIN, "state": mlp.state_dict()},
                   c.path("torch", "dataclass_config.pt"))
        torch.save(RunConfig(), c.path("torch", "dataclass_only.bin"))

    def functions_and_hooks() -> None:
        class ActNet(nn.Module):  # activation functions stored as attributes (common in user code)
            def __init__(self) -> None:
                super().__init__()
                self.lin = nn.utils.weight_norm(nn.Linear(4, 4))
                self.sn = nn.utils.spectral_norm(nn.Linear(4, 4))
                self.act = torch.tanh
                self.gate = torch.sigmoid
                self.f = torch.nn.functional.gelu
                self.op = torch.Tensor.add

        globals()["ActNet"] = ActNet
        ActNet.__qualname__ = "ActNet"
        torch.save(ActNet(), c.path("torch", "full_module_function_attrs.pt"))
        torch.save(ActNet(), c.path("torch", "full_module_function_attrs_legacy.pt"),
                   _use_new_zipfile_serialization=False)
        refs = {"tanh": torch.tanh, "add": torch.Tensor.add, "fromkeys": dict.fromkeys,
                "partial": functools.partial(torch.nn.functional.gelu, approximate="tanh")}
        _pickle_protocols(c, "torch", "function_refs", refs)

    def plain_pickle_tensors() -> None:
        import joblib

        obj = {"t": torch.randn(3), "p": nn.Parameter(torch.ones(2)), "model": mlp}
        _pickle_protocols(c, "torch", "plain_pickle_tensors", obj, (2, 4))
        joblib.dump(obj, c.path("torch", "joblib_tensors.joblib"), compress=3)

    def distributed_checkpoint() -> None:
        import torch.distributed.checkpoint as dcp

        d = c.folder("torch", "dcp_sharded_checkpoint")
        dcp.save({"model": net.state_dict(), "optim": {"step": 3, "lr": 0.1}}, checkpoint_id=str(d))

    def compiled() -> None:
        # A full pickle of a torch.compile'd module references torch._dynamo internals: flagged on
        # purpose (torch._dynamo stays critical); kept here so the measured rate shows it.
        torch.save(torch.compile(mlp), c.path("torch", "full_module_compiled.pt"))

    for label, fn in [("full_module_function", functions_and_hooks), ("function_refs", lambda: None),
                      ("plain_pickle", plain_pickle_tensors), ("joblib_tensors", lambda: None),
                      ("dcp", distributed_checkpoint), ("full_module_compiled", compiled),
                      ("state_dict", state_dicts), ("full_module", full_modules), ("optimizer", optimizer),
                      ("torchscript", torchscript), ("legacy", legacy), ("dtypes", dtypes),
                      ("tensor_kinds", lambda: None), ("quantized", quantized), ("nested", nested),
                      ("dataclass", config)]:
        c.run(label, fn)


# -------------------------------------------------------------------------------------------- sklearn
def gen_sklearn(c: Cases) -> None:
    import joblib
    import numpy as np
    from sklearn import (
        calibration,
        cluster,
        compose,
        decomposition,
        ensemble,
        feature_extraction,
        gaussian_process,
        impute,
        isotonic,
        kernel_approximation,
        linear_model,
        model_selection,
        naive_bayes,
        neighbors,
        neural_network,
        pipeline,
        preprocessing,
        svm,
        tree,
    )
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=80, n_features=6, random_state=0)
    Xp = np.abs(X)
    texts = ["the cat sat", "a dog ran", "the bird flew", "cats and dogs"] * 5
    ty = [0, 1, 0, 1] * 5
    models: dict[str, object] = {
        "logreg": linear_model.LogisticRegression(max_iter=200).fit(X, y),
        "sgd": linear_model.SGDClassifier(random_state=np.random.RandomState(0)).fit(X, y),
        "ridge": linear_model.Ridge().fit(X, y), "lasso": linear_model.Lasso(alpha=0.01).fit(X, y),
        "elasticnet": linear_model.ElasticNet(alpha=0.01).fit(X, y),
        "linreg": linear_model.LinearRegression().fit(X, y),
        "random_forest": ensemble.RandomForestClassifier(n_estimators=5, random_state=0).fit(X, y),
        "extra_trees": ensemble.ExtraTreesRegressor(n_estimators=5).fit(X, y),
        "gboost": ensemble.GradientBoostingClassifier(n_estimators=5).fit(X, y),
        "hist_gboost": ensemble.HistGradientBoostingClassifier(max_iter=5).fit(X, y),
        "isolation_forest": ensemble.IsolationForest(n_estimators=5).fit(X),
        "adaboost": ensemble.AdaBoostClassifier(n_estimators=5).fit(X, y),
        "svc": svm.SVC(probability=True).fit(X, y), "svr": svm.LinearSVR().fit(X, y),
        "knn": neighbors.KNeighborsClassifier().fit(X, y),
        "nearest_neighbors_balltree": neighbors.NearestNeighbors(algorithm="ball_tree").fit(X),
        "kdtree": neighbors.KDTree(X),
        "decision_tree": tree.DecisionTreeClassifier().fit(X, y),
        "gaussian_nb": naive_bayes.GaussianNB().fit(X, y), "multinomial_nb": naive_bayes.MultinomialNB().fit(Xp, y),
        "mlp": neural_network.MLPClassifier(hidden_layer_sizes=(8,), max_iter=50).fit(X, y),
        "kmeans": cluster.KMeans(n_clusters=2, n_init=2).fit(X), "dbscan": cluster.DBSCAN().fit(X),
        "pca": decomposition.PCA(2).fit(X), "tsvd": decomposition.TruncatedSVD(2).fit(X),
        "nmf": decomposition.NMF(2, max_iter=50).fit(Xp),
        "scaler": preprocessing.StandardScaler().fit(X), "minmax": preprocessing.MinMaxScaler().fit(X),
        "onehot": preprocessing.OneHotEncoder(handle_unknown="ignore").fit([["a"], ["b"], ["c"]]),
        "label_encoder": preprocessing.LabelEncoder().fit(["x", "y", "z"]),
        "poly": preprocessing.PolynomialFeatures(2).fit(X),
        "tfidf": feature_extraction.text.TfidfVectorizer(stop_words="english").fit(texts),
        "count_vec": feature_extraction.text.CountVectorizer(ngram_range=(1, 2)).fit(texts),
        "hashing_vec": feature_extraction.text.HashingVectorizer(n_features=32),
        "dict_vec": feature_extraction.DictVectorizer().fit([{"a": 1}, {"b": 2}]),
        "imputer": impute.SimpleImputer(strategy="median").fit(X),
        "knn_imputer": impute.KNNImputer().fit(X),
        "isotonic": isotonic.IsotonicRegression().fit(X[:, 0], y),
        "nystroem": kernel_approximation.Nystroem(n_components=5).fit(X),
        "gaussian_process": gaussian_process.GaussianProcessRegressor(
            kernel=gaussian_process.kernels.RBF() + gaussian_process.kernels.WhiteKernel()).fit(X[:20], y[:20]),
        "calibrated": calibration.CalibratedClassifierCV(linear_model.LogisticRegression(), cv=2).fit(X, y),
        "voting": ensemble.VotingClassifier([("lr", linear_model.LogisticRegression()),
                                             ("dt", tree.DecisionTreeClassifier())]).fit(X, y),
        "stacking": ensemble.StackingClassifier([("lr", linear_model.LogisticRegression()),
                                                 ("nb", naive_bayes.GaussianNB())], cv=2).fit(X, y),
        "text_pipeline": pipeline.make_pipeline(feature_extraction.text.TfidfVectorizer(),
                                                linear_model.LogisticRegression()).fit(texts, ty),
        "function_transformer_pipeline": pipeline.Pipeline([
            ("log", preprocessing.FunctionTransformer(np.log1p, inverse_func=np.expm1)),
            ("sqrt", preprocessing.FunctionTransformer(np.sqrt)),
            ("clip", preprocessing.FunctionTransformer(np.clip, kw_args={"a_min": 0, "a_max": 5})),
            ("scale", preprocessing.StandardScaler()), ("clf", linear_model.LogisticRegression()),
        ]).fit(Xp, y),
        "feature_union": pipeline.FeatureUnion([("pca", decomposition.PCA(2)),
                                                ("abs", preprocessing.FunctionTransformer(np.abs))]).fit(X),
        "grid_search": model_selection.GridSearchCV(svm.SVC(), {"C": [0.1, 1.0]}, cv=2).fit(X, y),
    }
    try:
        import pandas as pd
        from scipy.stats import loguniform, randint

        df = pd.DataFrame({"num": Xp[:, 0], "num2": Xp[:, 1], "cat": ["a", "b"] * 40})
        ct = compose.ColumnTransformer([
            ("num", pipeline.make_pipeline(impute.SimpleImputer(), preprocessing.StandardScaler()), ["num", "num2"]),
            ("cat", preprocessing.OneHotEncoder(), ["cat"]),
            ("log", preprocessing.FunctionTransformer(np.log1p), compose.make_column_selector(dtype_include="number")),
        ])
        models["column_transformer"] = pipeline.make_pipeline(ct, linear_model.LogisticRegression()).fit(df, y)
        models["randomized_search"] = model_selection.RandomizedSearchCV(
            linear_model.LogisticRegression(), {"C": loguniform(1e-3, 1e2), "max_iter": randint(50, 200)},
            n_iter=2, cv=2, random_state=0).fit(X, y)
        models["target_encoder"] = preprocessing.TargetEncoder().fit(df[["cat"]], y)
    except Exception as exc:
        c.errors.append(f"sklearn pandas-based models: {exc}")
    for name, model in models.items():
        _pickle_protocols(c, "sklearn", name, model)
    for name in ("random_forest", "function_transformer_pipeline", "grid_search", "tfidf", "column_transformer"):
        if name not in models:
            continue
        joblib.dump(models[name], c.path("sklearn", f"{name}.joblib"))
        for comp in ("zlib", "gzip", "bz2", "lzma", "xz"):
            joblib.dump(models[name], c.path("sklearn", f"{name}.joblib.{comp}"), compress=(comp, 3))
    joblib.dump({"model": models["logreg"], "scaler": models["scaler"], "classes": ["a", "b"]},
                c.path("sklearn", "bundle_dict.joblib"), compress=3)


# --------------------------------------------------------------------------------------------- pandas
def gen_pandas(c: Cases) -> None:
    import numpy as np
    import pandas as pd

    n = 6
    df = pd.DataFrame({
        "int": np.arange(n), "float": np.linspace(0, 1, n), "str": list("abcdef"),
        "cat": pd.Categorical(list("xyxyxz")), "dt": pd.date_range("2024-01-01", periods=n, freq="D"),
        "dt_tz": pd.date_range("2024-01-01", periods=n, freq="h", tz="Europe/Paris"),
        "td": pd.to_timedelta(np.arange(n), unit="s"), "period": pd.period_range("2024-01", periods=n, freq="M"),
        "interval": pd.interval_range(0, n), "sparse": pd.arrays.SparseArray([0, 0, 1, 0, 2, 0]),
        "nullable_int": pd.array([1, None, 3, 4, None, 6], dtype="Int64"),
        "bool_na": pd.array([True, False, None, True, False, None], dtype="boolean"),
        "string": pd.array(list("uvwxyz"), dtype="string"), "obj": [{"k": 1}, [1], (2,), None, 1.5, "s"],
    })
    mi = pd.MultiIndex.from_product([["a", "b"], [1, 2, 3]], names=["l1", "l2"])
    frames = {
        "frame_mixed": df, "frame_multiindex": pd.DataFrame({"v": np.arange(6)}, index=mi),
        "series_categorical": pd.Series(pd.Categorical(["a", "b", "a"], categories=["a", "b", "c"], ordered=True)),
        "series_datetime_tz": pd.Series(pd.date_range("2024-01-01", periods=3, tz="UTC")),
        "series_period": pd.Series(pd.period_range("2024Q1", periods=3, freq="Q")),
        "series_interval": pd.Series(pd.IntervalIndex.from_breaks([0, 1, 2, 5])),
        "series_sparse": pd.Series(pd.arrays.SparseArray([0.0, 1.0, 0.0])),
        "frame_datetime_index": pd.DataFrame({"v": range(4)}, index=pd.date_range("2024", periods=4, freq="W")),
        "frame_timedelta_index": pd.DataFrame({"v": range(3)}, index=pd.timedelta_range("1D", periods=3)),
        "frame_categorical_index": pd.DataFrame({"v": range(3)}, index=pd.CategoricalIndex(list("abc"))),
        "frame_period_index": pd.DataFrame({"v": range(3)}, index=pd.period_range("2020", periods=3, freq="Y")),
        "frame_interval_index": pd.DataFrame({"v": range(3)}, index=pd.interval_range(0, 3)),
        "frame_columns_multiindex": pd.DataFrame(np.ones((2, 4)), columns=pd.MultiIndex.from_product([["a", "b"],
                                                                                                     ["x", "y"]])),
        "series_timestamp_scalars": pd.Series([pd.Timestamp("2024-01-01", tz="US/Eastern"), pd.Timedelta("1h"),
                                               pd.Period("2024-01", "M"), pd.Interval(0, 1), pd.NaT, pd.NA]),
        "frame_attrs": df.assign(x=1).rename_axis("rows").set_flags(allows_duplicate_labels=False),
    }
    with contextlib.suppress(Exception):  # pyarrow is optional
        frames["series_arrow"] = pd.Series(["a", "b"], dtype="string[pyarrow]")
    for name, obj in frames.items():
        obj.to_pickle(c.path("pandas", f"{name}.pkl"))
    for comp in ("gzip", "bz2", "xz", "zip", "zstd", "tar"):
        try:
            df.to_pickle(c.path("pandas", f"frame_mixed.pkl.{comp}"), compression=comp)
        except Exception as exc:
            c.items.pop(f"pandas/frame_mixed.pkl.{comp}", None)
            c.errors.append(f"pandas compression {comp}: {exc}")
    _pickle_protocols(c, "pandas", "frame_mixed_pickle", df)
    from dateutil import tz as dtz

    tzs = {"dateutil": pd.Series(pd.date_range("2024", periods=2, tz=dtz.tzutc())),
           "offset": pd.Series([pd.Timestamp("2024-01-01", tz=dtz.tzoffset("X", 3600))])}
    try:
        import pytz

        tzs["pytz"] = pd.Series(pd.date_range("2024", periods=2, tz=pytz.timezone("Europe/Berlin")))
    except ImportError:
        pass
    for name, obj in tzs.items():
        obj.to_pickle(c.path("pandas", f"series_tz_{name}.pkl"))
    import joblib

    joblib.dump(df, c.path("pandas", "frame_mixed.joblib"), compress=3)


# ---------------------------------------------------------------------------------------------- numpy
def gen_numpy(c: Cases) -> None:
    import datetime
    import decimal

    import numpy as np

    np.save(c.path("numpy", "float32.npy"), np.ones((3, 3), np.float32))
    np.save(c.path("numpy", "structured.npy"), np.zeros(3, dtype=[("a", "<i4"), ("b", "<f8", (2,)), ("s", "S4")]))
    np.save(c.path("numpy", "datetime64.npy"), np.arange("2024-01", "2024-03", dtype="datetime64[D]"))
    obj = np.empty(6, dtype=object)
    obj[:] = [{"a": 1}, [1, 2], "text", None, (1, "x"), 3.5]
    np.save(c.path("numpy", "object_plain.npy"), obj, allow_pickle=True)
    obj2 = np.array([datetime.date(2024, 1, 1), decimal.Decimal("1.5"), {"nested": [1, {2, 3}]},
                     np.float32(1.0), b"bytes", OrderedDict(a=1)], dtype=object)
    np.save(c.path("numpy", "object_stdlib_values.npy"), obj2, allow_pickle=True)
    np.save(c.path("numpy", "object_dict_0d.npy"), np.array({"vocab": {"a": 0, "b": 1}, "n": 2}), allow_pickle=True)
    np.save(c.path("numpy", "object_ragged.npy"), np.array([np.arange(3), np.arange(5)], dtype=object),
            allow_pickle=True)
    np.savez(c.path("numpy", "plain.npz"), a=np.arange(5), b=np.eye(2))
    np.savez_compressed(c.path("numpy", "compressed.npz"), a=np.arange(5), b=np.eye(2))
    np.savez_compressed(c.path("numpy", "compressed_object.npz"), labels=obj, weights=np.ones(3))
    rs = {"legacy": np.random.RandomState(0), "gen": np.random.default_rng(0), "pcg": np.random.PCG64(1),
          "mt": np.random.Generator(np.random.MT19937(2)), "philox": np.random.Philox(3), "sfc": np.random.SFC64(4),
          "seedseq": np.random.SeedSequence(5)}
    _pickle_protocols(c, "numpy", "random_states", rs)
    scalars = {"f": np.float64(1.0), "i": np.int8(3), "c": np.complex64(1j), "b": np.bool_(True),
               "dt": np.datetime64("2024-01-01"), "td": np.timedelta64(3, "s"), "s": np.str_("x"),
               "ma": np.ma.masked_array([1, 2, 3], mask=[0, 1, 0]), "mat": np.asmatrix(np.eye(2)),
               "rec": np.rec.array([(1, 2.0)], dtype=[("x", "i4"), ("y", "f8")]),
               "dtypes": [np.dtype("f4"), np.dtype([("a", "i4")]), np.dtype("M8[ns]")],
               "ufuncs": [np.log1p, np.sqrt, np.exp], "funcs": [np.mean, np.sum, np.median]}
    _pickle_protocols(c, "numpy", "scalars_and_arrays", scalars)


# ------------------------------------------------------------------------------------------ h5py/keras
def gen_h5py(c: Cases) -> None:
    import h5py
    import numpy as np

    with h5py.File(c.path("h5py", "datasets.h5"), "w") as f:
        f.create_dataset("w", data=np.ones((4, 4)))
        g = f.create_group("layer")
        g.attrs["name"] = "dense"
        g.create_dataset("b", data=np.zeros(4), compression="gzip")


def gen_keras(c: Cases) -> None:
    import keras
    from keras import layers

    seq = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dropout(0.1),
                            layers.BatchNormalization(), layers.Dense(2, activation="softmax")])
    seq.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    inp = keras.Input((10, 4))
    x = layers.Conv1D(8, 3, activation="gelu")(inp)
    x = layers.LSTM(8, return_sequences=True)(x)
    x = layers.MultiHeadAttention(2, 4)(x, x)
    x = layers.LayerNormalization()(x)
    x = layers.GlobalAveragePooling1D()(x)
    out = layers.Dense(1, activation="sigmoid")(x)
    func = keras.Model(inp, out)
    func.compile(optimizer=keras.optimizers.AdamW(1e-3), loss="binary_crossentropy")
    img_in = keras.Input((16, 16, 3))
    y = layers.Rescaling(1 / 255)(img_in)
    y = layers.Conv2D(4, 3, padding="same")(y)
    y = layers.Activation("swish")(y)
    y = layers.MaxPooling2D()(y)
    y2 = layers.Conv2D(4, 1)(y)
    y = layers.Add()([y, y2])
    y = layers.Flatten()(y)
    y = layers.Embedding(10, 2)(layers.Input((3,))) if False else y
    cnn = keras.Model(img_in, layers.Dense(3)(y))
    emb = keras.Sequential([keras.Input((5,), dtype="int32"), layers.Embedding(50, 8), layers.GRU(4),
                            layers.Dense(1)])
    for name, model in (("sequential", seq), ("functional_lstm_attention", func), ("cnn_residual", cnn),
                        ("embedding_gru", emb)):
        model.save(c.path("keras", f"{name}.keras"))
        try:
            model.save(c.path("keras", f"{name}.h5"))
        except Exception as exc:
            c.items.pop(f"keras/{name}.h5", None)
            c.errors.append(f"keras h5 {name}: {exc}")
        model.save_weights(c.path("keras", f"{name}.weights.h5"))


# ----------------------------------------------------------------------------------------------- onnx
def gen_onnx(c: Cases) -> None:
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    def build() -> onnx.ModelProto:
        w = numpy_helper.from_array(np.random.rand(64, 64).astype(np.float32), "W")
        b = numpy_helper.from_array(np.zeros(64, np.float32), "B")
        nodes = [helper.make_node("MatMul", ["X", "W"], ["H"]), helper.make_node("Add", ["H", "B"], ["H2"]),
                 helper.make_node("Relu", ["H2"], ["Y"])]
        g = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("X", TensorProto.FLOAT, [1, 64])],
                              [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [1, 64])], [w, b])
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)])
        m.metadata_props.add(key="author", value="bench")
        return m

    onnx.save_model(build(), c.path("onnx", "model.onnx"))
    d = c.folder("onnx", "external_data_model")
    onnx.save_model(build(), d / "model.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                    location="model.onnx.data", size_threshold=0)
    d2 = c.folder("onnx", "external_data_per_tensor")
    onnx.save_model(build(), d2 / "model.onnx", save_as_external_data=True, all_tensors_to_one_file=False,
                    size_threshold=0)
    try:
        import torch

        mlp = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))
        torch.onnx.export(mlp, (torch.randn(1, 4),), str(c.path("onnx", "torch_export.onnx")), dynamo=False)
    except Exception as exc:
        c.items.pop("onnx/torch_export.onnx", None)
        c.errors.append(f"onnx torch export: {exc}")


# ---------------------------------------------------------------------------------------- safetensors
def gen_safetensors(c: Cases) -> None:
    import numpy as np
    from safetensors.numpy import save_file as np_save

    np_save({"a": np.ones((2, 3), np.float32), "b": np.arange(4, dtype=np.int64), "c": np.zeros(0, np.float16),
             "d": np.array([True, False])}, str(c.path("safetensors", "numpy.safetensors")),
            metadata={"format": "np"})
    try:
        import torch
        from safetensors.torch import save_file, save_model

        tensors = {n: torch.zeros(3, dtype=getattr(torch, n)) for n in
                   ("float16", "bfloat16", "float32", "float64", "int8", "uint8", "int32", "int64", "bool",
                    "float8_e4m3fn", "float8_e5m2") if hasattr(torch, n)}
        save_file(tensors, str(c.path("safetensors", "torch_dtypes.safetensors")), metadata={"format": "pt"})
        m = torch.nn.Sequential(torch.nn.Linear(4, 4), torch.nn.Linear(4, 4))
        save_model(m, str(c.path("safetensors", "model.safetensors")))
        save_file({}, str(c.path("safetensors", "empty.safetensors")))
    except ImportError:
        pass


# ------------------------------------------------------------------------------------ xgboost/lightgbm
def gen_boosting(c: Cases) -> None:
    import numpy as np

    X = np.random.RandomState(0).rand(60, 4)
    y = (X[:, 0] > 0.5).astype(int)
    try:
        import joblib
        import xgboost as xgb

        clf = xgb.XGBClassifier(n_estimators=3, max_depth=2).fit(X, y)
        _pickle_protocols(c, "xgboost", "xgb_classifier", clf)
        joblib.dump(clf, c.path("xgboost", "xgb_classifier.joblib"))
        booster = xgb.train({"max_depth": 2}, xgb.DMatrix(X, y), 3)
        _pickle_protocols(c, "xgboost", "xgb_booster", booster, (4,))
        booster.save_model(c.path("xgboost", "booster.json"))
        booster.save_model(c.path("xgboost", "booster.ubj"))
    except ImportError:
        pass
    try:
        import joblib
        import lightgbm as lgb

        clf = lgb.LGBMClassifier(n_estimators=3, verbose=-1).fit(X, y)
        _pickle_protocols(c, "lightgbm", "lgbm_classifier", clf)
        joblib.dump(clf, c.path("lightgbm", "lgbm_classifier.joblib"), compress=3)
        clf.booster_.save_model(c.path("lightgbm", "model.txt"))
    except ImportError:
        pass


# --------------------------------------------------------------------------------------- HF-like args
_TRAINING_ARGS_MODULE = '''
import dataclasses, enum

class IntervalStrategy(str, enum.Enum):
    NO = "no"
    STEPS = "steps"
    EPOCH = "epoch"

class SchedulerType(str, enum.Enum):
    LINEAR = "linear"
    COSINE = "cosine"

@dataclasses.dataclass
class TrainingArguments:
    output_dir: str = "out"
    learning_rate: float = 5e-5
    eval_strategy: IntervalStrategy = IntervalStrategy.STEPS
    lr_scheduler_type: SchedulerType = SchedulerType.LINEAR
    report_to: list = dataclasses.field(default_factory=lambda: ["tensorboard"])
    fsdp_config: dict = dataclasses.field(default_factory=dict)
    seed: int = 42
'''


def gen_hf_like(c: Cases, mod_dir: Path) -> None:
    (mod_dir / "hf_like_training_args.py").write_text(_TRAINING_ARGS_MODULE)
    sys.path.insert(0, str(mod_dir))
    import hf_like_training_args as hf  # our own module in a folder that is not scanned

    args = hf.TrainingArguments()
    try:
        import torch

        torch.save(args, c.path("hf_like", "training_args.bin"))
    except ImportError:
        with open(c.path("hf_like", "training_args.bin"), "wb") as fh:
            pickle.dump(args, fh, protocol=4)
    with open(c.path("hf_like", "training_args_proto2.bin"), "wb") as fh:
        pickle.dump(args, fh, protocol=2)


# --------------------------------------------------------------------------------------- stdlib pickle
def gen_stdlib(c: Cases) -> None:
    import datetime
    import decimal
    import fractions
    import pathlib
    import uuid

    obj = {"when": datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC), "d": decimal.Decimal("2.5"),
           "f": fractions.Fraction(1, 3), "u": uuid.UUID(int=1), "p": pathlib.PurePosixPath("a/b"),
           "dd": defaultdict(list, a=[1]), "od": OrderedDict(x=1), "fs": frozenset({1}), "ba": bytearray(b"x"),
           "c": 1 + 2j, "r": range(3), "s": slice(1, 2), "big": 2**80, "mode": Mode.EVAL, "cfg": RunConfig()}
    _pickle_protocols(c, "stdlib", "values", obj, (0, 1, 2, 3, 4, 5))
    buf = io.BytesIO()
    pickle.dump([1, 2], buf)
    pickle.dump({"stacked": True}, buf)
    c.path("stdlib", "stacked_two_pickles.pkl").write_bytes(buf.getvalue())


GENERATORS: list[tuple[str, Callable[[Cases], None]]] = [
    ("torch", gen_torch), ("sklearn", gen_sklearn), ("pandas", gen_pandas), ("numpy", gen_numpy),
    ("h5py", gen_h5py), ("keras", gen_keras), ("onnx", gen_onnx), ("safetensors", gen_safetensors),
    ("boosting", gen_boosting), ("stdlib", gen_stdlib),
]


def generate(root: Path, mod_dir: Path, only: set[str] | None = None) -> Cases:
    c = Cases(root)
    for lib, fn in GENERATORS:
        if only and lib not in only:
            continue
        t = time.perf_counter()
        try:
            fn(c)
        except ImportError as exc:
            print(f"skip {lib}: {exc}", file=sys.stderr)
        except Exception as exc:
            c.errors.append(f"{lib}: {type(exc).__name__}: {exc}")
        print(f"generated {lib} in {time.perf_counter() - t:.1f}s", file=sys.stderr)
    if not only or "hf_like" in only:
        c.run("training_args", lambda: gen_hf_like(c, mod_dir))
    c.items = {k: v for k, v in c.items.items() if v[1].exists()}
    return c


def scan(c: Cases) -> tuple[dict, float]:
    paths = [str(p) for _, p in c.items.values()]
    t = time.perf_counter()
    # --fail-on critical: exit 1 only says a finding exists; 2+ is an error.
    proc = subprocess.run([UNVEIL, "scan", *paths, "--format", "json", "--fail-on", "critical"],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        raise SystemExit(f"unveil scan failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return json.loads(proc.stdout), elapsed


def _case_of(path: str, cases: dict[str, Path]) -> str | None:
    outer = path.split("!", 1)[0]
    best = None
    for key, p in cases.items():
        s = str(p)
        if (outer == s or outer.startswith(s + os.sep)) and (best is None or len(s) > len(str(cases[best]))):
            best = key
    return best


def report(c: Cases, section: dict, elapsed: float) -> dict:
    paths = {k: p for k, (_, p) in c.items.items()}
    per_case: dict[str, list[dict]] = {k: [] for k in c.items}
    for f in section.get("findings", []):
        key = _case_of(f["path"], paths)
        if key is not None:
            per_case[key].append(f)
    unscannable = defaultdict(list)
    for u in section.get("unscannable", []):
        key = _case_of(u["path"], paths)
        if key is not None:
            unscannable[key].append(u["reason"])
    libs: dict[str, dict[str, int]] = defaultdict(lambda: {"cases": 0, "flagged": 0, "medium": 0})
    flagged = []
    for key, (lib, _) in c.items.items():
        sev = {f["severity"] for f in per_case[key]}
        libs[lib]["cases"] += 1
        if sev & {"critical", "high"}:
            libs[lib]["flagged"] += 1
            flagged.append(key)
        elif "medium" in sev:
            libs[lib]["medium"] += 1
    total = len(c.items)
    nflag = len(flagged)
    print(f"\n{'library':12} {'cases':>6} {'flagged':>8} {'FP rate':>8} {'medium':>7}")
    for lib in sorted(libs):
        d = libs[lib]
        print(f"{lib:12} {d['cases']:6} {d['flagged']:8} {d['flagged'] / d['cases']:8.1%} {d['medium']:7}")
    print(f"{'TOTAL':12} {total:6} {nflag:8} {nflag / max(total, 1):8.1%}")
    print(f"scan of {total} cases in one process: {elapsed:.2f}s")
    for key in flagged:
        print(f"\nFLAG {key}")
        for f in per_case[key]:
            if f["severity"] in ("critical", "high"):
                print(f"   {f['severity']:8} {f['rule']} {f['path'].split(str(c.root))[-1]}: {f['detail'][:220]}")
    mediums = [(k, f) for k, fs in per_case.items() for f in fs if f["severity"] == "medium"]
    if mediums:
        print("\nmedium (unverified, not flags):")
        seen = set()
        for k, f in mediums:
            if f["detail"] not in seen:
                seen.add(f["detail"])
                print(f"   {k}: {f['rule']} {f['detail'][:180]}")
    for key, reasons in unscannable.items():
        print(f"UNSCANNABLE {key}: {reasons[0][:200]}")
    for err in c.errors:
        print(f"generator error: {err[:300]}", file=sys.stderr)
    return {"cases": total, "flagged": nflag, "fp_rate": nflag / max(total, 1), "libraries": dict(libs),
            "flagged_cases": flagged, "scan_seconds": round(elapsed, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="folder to generate into (default: a fresh temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--only", help="comma-separated libraries to generate")
    ap.add_argument("--json", help="write the summary as JSON here")
    ap.add_argument("--rescan", help="scan again a folder kept by --keep (no generation, no ML libraries needed)")
    args = ap.parse_args()
    if args.rescan:
        c = Cases(Path(args.rescan) / "artifacts")
        manifest = json.loads((Path(args.rescan) / "manifest.json").read_text())
        c.items = {k: (lib, Path(p)) for k, (lib, p) in manifest.items()}
        summary = report(c, *scan(c))
        if args.json:
            Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
        return
    base = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="unveil-benign-"))
    root, mod_dir = base / "artifacts", base / "modules"
    for d in (root, mod_dir):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    try:
        c = generate(root, mod_dir, set(args.only.split(",")) if args.only else None)
        manifest = {k: (lib, str(p)) for k, (lib, p) in c.items.items()}
        (base / "manifest.json").write_text(json.dumps(manifest, indent=1))
        section, elapsed = scan(c)
        summary = report(c, section, elapsed)
        if args.json:
            Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
        else:
            print(f"kept {base}", file=sys.stderr)


if __name__ == "__main__":
    main()
