"""Keras configs judged as data: Lambda bytecode, callables named by module and name, TF ops, lookup files.

Both Keras formats (legacy HDF5 and Keras 3 `.keras` zips, `unveil.security.formats.keras`) hand every
config JSON they find to `judge_config_text`; nothing is deserialised (see that module for what makes a
Keras config dangerous).
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from unveil import budgets
from unveil.rules import rule
from unveil.security.formats import ScanContext

SEC350 = rule(
    "SEC350",
    "critical",
    "Keras Lambda layer carries Python bytecode",
    "A Lambda layer serialised with marshalled bytecode runs that code when the model is loaded or "
    "called (legacy HDF5 ignores safe_mode).",
    "CVE-2024-3660",
    "Do not load this model; rebuild the layer as a registered custom layer.",
)
SEC351 = rule(
    "SEC351",
    "high",
    "Keras config references a dangerous keras-internal function",
    "Keras resolves `module` + name with an import; functions such as keras.utils.get_file, "
    "load_model or enable_unsafe_deserialization download files, load other models or disable "
    "safe_mode from inside a config (published safe_mode bypasses).",
    "CVE-2025-1550, CVE-2025-8747, CVE-2025-9906",
    "Do not load this model; configs only need layer classes.",
)
SEC352 = rule(
    "SEC352",
    "critical",
    "Keras config references a dangerous Python module",
    "A `module` such as os, subprocess or builtins is imported by Keras during deserialisation and "
    "the named function is called with attacker-chosen arguments.",
    "CVE-2025-1550",
    "Do not load this model.",
)
SEC353 = rule(
    "SEC353",
    "medium",
    "Keras config references a module outside keras",
    "Custom objects from other packages are imported at load time; unverified.",
    "",
    "Check that the package is one you trust and have installed on purpose.",
)
SEC354 = rule(
    "SEC354",
    "high",
    "Keras TFOpLambda / lookup / TFSMLayer touches files or Python callbacks",
    "TFOpLambda layers call TF functions by name (tf.io.write_file, tf.py_function ...); lookup layers "
    "with a vocabulary path read local files or URLs at load time; TFSMLayer loads another SavedModel.",
    "CVE-2025-12058",
    "Replace with standard layers and inline vocabularies.",
)
SEC355 = rule(
    "SEC355",
    "medium",
    "Keras model config could not be read",
    "A Keras file whose config does not parse cannot be checked for code-bearing layers.",
    "",
    "Re-save the model.",
)
SEC356 = rule(
    "SEC356",
    "high",
    "Keras archive member path escapes the archive or is a link",
    "Keras extracts assets from the .keras zip; `..`, absolute and symlink members write outside.",
    "CWE-22",
    "Re-save the model.",
)

KERAS_PREFIXES = ("keras", "tf_keras", "keras_nlp", "keras_hub", "keras_cv", "keras_rs", "tensorflow", "tf")
# keras-internal callables that are dangerous when named from a config (module suffix, name).
DANGEROUS_KERAS = {
    "get_file",
    "load_model",
    "load_weights",
    "save_model",
    "save",
    "save_weights",
    "enable_unsafe_deserialization",
    "load_img",
    "save_img",
    "image_dataset_from_directory",
    "text_dataset_from_directory",
    "audio_dataset_from_directory",
    "timeseries_dataset_from_array",
    "custom_object_scope",
    "set_floatx",
    "validate_file",
    "extract_archive",
    "register_keras_serializable",
    "deserialize_keras_object",
    "model_from_json",
    "model_from_config",
    "model_from_yaml",
    "load_model_from_hdf5",
    "TFSMLayer",
    "py_function",
    "numpy_function",
    "read_file",
    "write_file",
    "exec",
    "eval",
    "system",
    "popen",
}
DANGEROUS_MODULES = {
    "os",
    "posix",
    "nt",
    "subprocess",
    "builtins",
    "__builtin__",
    "sys",
    "importlib",
    "runpy",
    "shutil",
    "socket",
    "pty",
    "code",
    "codeop",
    "pickle",
    "_pickle",
    "marshal",
    "ctypes",
    "webbrowser",
    "requests",
    "urllib",
    "urllib3",
    "http",
    "httpx",
    "commands",
    "pdb",
    "timeit",
    "operator",
    "functools",
    "types",
    "inspect",
    "io",
    "_io",
    "pathlib",
    "tempfile",
    "glob",
    "multiprocessing",
    "threading",
    "signal",
    "dill",
    "cloudpickle",
    "asyncio",
    "zipfile",
    "tarfile",
    "sqlite3",
    "shelve",
    "pydoc",
    "site",
    "posixpath",
    "ntpath",
    "pip",
    "setuptools",
    "distutils",
    "ftplib",
    "smtplib",
    "telnetlib",
    "paramiko",
    "pexpect",
}
# Modules that are fine for values but hold loaders that deserialise or execute.
LOADER_MODULES = {"numpy", "pandas", "torch", "joblib", "yaml", "jinja2", "tensorflow", "tf", "scipy", "h5py"}
LOADER_NAMES = {
    "load",
    "loads",
    "read_pickle",
    "eval",
    "unsafe_load",
    "full_load",
    "load_all",
    "fromfile",
    "memmap",
    "Template",
    "from_file",
    "py_function",
    "numpy_function",
    "read_file",
    "write_file",
    "load_library",
    "load_op_library",
    "system",
    "popen",
    "exec",
}
DANGEROUS_TF_FUNCTIONS = re.compile(
    r"(read_file|write_file|gfile|matching_files|py_func|py_function|numpy_function|eager_py_func|"
    r"ReadFile|WriteFile|MatchingFiles|PyFunc|save_v2|restore_v2|SaveV2|RestoreV2|create_file_writer|"
    r"experimental\.io|load_library|load_op_library|system|popen|summary\.)"
)
LOOKUP_LAYERS = {"StringLookup", "IntegerLookup", "IndexLookup", "TextVectorization", "Hashing"}
# Identifiers inside marshalled bytecode worth naming in evidence (never unmarshalled).
_CODE_WORDS = re.compile(
    rb"(os|system|popen|subprocess|exec|eval|__import__|import_module|getattr|open|socket|"
    rb"builtins|__builtins__|compile|spawn|Popen|check_output|run|remove|rmtree|urlopen|requests)"
)
def _module_ok(module: str) -> bool:
    return module.split(".")[0] in KERAS_PREFIXES


def _code_words(code: object) -> list[str]:
    if not isinstance(code, str):
        return []
    try:
        raw = base64.b64decode(code.encode(), validate=False)
    except (binascii.Error, ValueError):
        raw = code.encode("latin-1", errors="ignore")
    # Marshal stores names as length-prefixed strings; word-boundary matches are enough for evidence.
    words = {
        m.group().decode()
        for m in re.finditer(rb"(?<![A-Za-z0-9_])" + _CODE_WORDS.pattern + rb"(?![A-Za-z0-9_])", raw)
    }
    return sorted(words)


class ConfigJudge:
    """Walks one Keras config (dict/list JSON) and reports into a ScanContext."""

    def __init__(self, ctx: ScanContext, where: str, path: str | None = None) -> None:
        self.ctx = ctx
        self.where = where
        self.path = path
        self._seen: set[tuple[str, str]] = set()

    def _report(self, rule_id: str, severity: str, detail: str, text: str) -> None:
        if (rule_id, text) in self._seen:
            return
        self._seen.add((rule_id, text))
        self.ctx.report(rule_id, severity, f"{self.where}: {detail}", text=text[:300], path=self.path)

    def walk(self, node: object, depth: int = 0) -> None:
        # Iterative to survive deeply nested hostile JSON.
        stack: list[tuple[object, str]] = [(node, "")]
        counted = budgets.Counter("Keras config nodes")
        while stack:
            item, layer = stack.pop()
            counted.add()
            if isinstance(item, dict):
                name = item.get("config", {}).get("name") if isinstance(item.get("config"), dict) else None
                here = name if isinstance(name, str) else layer
                self._judge_object(item, here)
                stack.extend((v, here) for v in item.values())
            elif isinstance(item, list):
                stack.extend((v, layer) for v in item)

    def _judge_object(self, obj: dict, layer: str) -> None:
        class_name = obj.get("class_name")
        config = obj.get("config")
        module = obj.get("module")
        registered = obj.get("registered_name")
        at = f"layer {layer!r}" if layer else "config"
        if class_name == "__lambda__":
            code = config.get("code") if isinstance(config, dict) else None
            words = _code_words(code)
            self._report(
                SEC350.id,
                "critical",
                f"{at} holds a __lambda__ with marshalled bytecode"
                + (f" naming {', '.join(words)}" if words else ""),
                f"__lambda__ {layer}",
            )
        if class_name == "Lambda" and isinstance(config, dict):
            self._judge_lambda(config, at, layer)
        if class_name in ("TFOpLambda", "SlicingOpLambda") and isinstance(config, dict):
            fn = config.get("function")
            if isinstance(fn, str) and DANGEROUS_TF_FUNCTIONS.search(fn):
                self._report(SEC354.id, "high", f"{at} calls tf.{fn}", f"tf.{fn}")
        if class_name in LOOKUP_LAYERS and isinstance(config, dict):
            vocab = config.get("vocabulary")
            if isinstance(vocab, str) and vocab:
                self._report(
                    SEC354.id, "high", f"{at} ({class_name}) reads its vocabulary from {vocab!r}", vocab
                )
        if class_name == "TFSMLayer" and isinstance(config, dict):
            path = config.get("filepath")
            self._report(SEC354.id, "high", f"{at} loads a SavedModel from {path!r}", f"TFSMLayer {path}")
        if isinstance(class_name, str) and isinstance(module, str):
            self._judge_reference(module, class_name, config, at)
        if isinstance(registered, str) and ">" in registered:
            package, _, name = registered.partition(">")
            self._judge_name(package, name, at, "registered_name")
        elif isinstance(registered, str) and registered not in (class_name, config):
            # A bare registered_name is looked up before module/class_name: judge it when it names a
            # dangerous function (e.g. {"class_name": "function", "registered_name": "get_file"}).
            leaf = registered.rsplit(".", 1)[-1]
            if leaf in DANGEROUS_KERAS or leaf in ("eval", "exec", "system", "__import__"):
                self._judge_name(module if isinstance(module, str) else "", registered, at, "registered_name")

    def _judge_lambda(self, config: dict, at: str, layer: str) -> None:
        fn = config.get("function")
        ftype = config.get("function_type")
        if isinstance(fn, list) and fn and isinstance(fn[0], str) and ftype in (None, "lambda"):
            words = _code_words(fn[0])
            self._report(
                SEC350.id,
                "critical",
                f"{at} is a Lambda with marshalled bytecode"
                + (f" naming {', '.join(words)}" if words else ""),
                f"Lambda {layer}",
            )
        elif isinstance(fn, str) and ftype == "function":
            module = config.get("module")
            self._judge_name(module if isinstance(module, str) else "", fn, at, "Lambda function")
        elif isinstance(fn, dict) and fn.get("class_name") not in (None, "__lambda__"):
            pass  # a serialised reference: judged when the walk reaches it
        elif fn is not None and not isinstance(fn, dict):
            self._report(
                SEC350.id, "critical", f"{at} is a Lambda with an opaque function", f"Lambda {layer}"
            )

    def _judge_reference(self, module: str, class_name: str, config: object, at: str) -> None:
        # Keras 3: {"module": M, "class_name": "function", "config": NAME} means M.NAME.
        name = config if class_name == "function" and isinstance(config, str) else class_name
        self._judge_name(module, name, at, "module reference")

    def _judge_name(self, module: str, name: str, at: str, how: str) -> None:
        dotted = f"{module}.{name}" if module else name
        top = module.split(".")[0] if module else ""
        leaf = name.rsplit(".", 1)[-1]
        if (
            top in DANGEROUS_MODULES
            or (top in LOADER_MODULES and leaf in LOADER_NAMES)
            or (not module and leaf in ("eval", "exec", "system", "__import__"))
        ):
            self._report(SEC352.id, "critical", f"{at} references {dotted} ({how})", dotted)
        elif _module_ok(module) or not module:
            if leaf in DANGEROUS_KERAS:
                self._report(SEC351.id, "high", f"{at} references {dotted} ({how})", dotted)
        else:
            if leaf in DANGEROUS_KERAS:
                self._report(SEC351.id, "high", f"{at} references {dotted} ({how})", dotted)
            else:
                self._report(
                    SEC353.id, "medium", f"{at} references {dotted} from outside keras ({how})", dotted
                )


def judge_config_text(ctx: ScanContext, text: str, where: str, path: str | None = None) -> bool:
    """Parse one JSON config and judge it; returns False (and reports) when it does not parse."""
    budgets.check("json_bytes", len(text), f"{where} characters")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        ctx.report(SEC355.id, "medium", f"{where}: config is not valid JSON: {exc}", path=path)
        ctx.cannot_scan(f"{where}: invalid JSON: {exc}", path=path)
        return False
    if isinstance(data, str):  # some writers double-encode
        return judge_config_text(ctx, data, where, path)
    ConfigJudge(ctx, where, path).walk(data)
    return True
