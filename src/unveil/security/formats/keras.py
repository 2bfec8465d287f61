"""Keras models: legacy HDF5 (`.h5`, `model_config` attribute JSON) and Keras 3 `.keras` zips
(`config.json` + `metadata.json` + weights). Nothing is deserialised: the config JSON is read as
data and walked for code-bearing constructs.

What makes a Keras config dangerous:
- Lambda layers carrying marshalled bytecode (`__lambda__`, legacy `function_type: lambda`):
  the bytecode runs when the model is loaded/called (CVE-2024-3660).
- References to callables by module+name: Keras imports the module and fetches the name, so a
  module outside `keras.*` (CVE-2025-1550) or a dangerous keras-internal function
  (`keras.utils.get_file`, `load_model`, `enable_unsafe_deserialization`) is a safe_mode bypass.
- TFOpLambda layers calling file-system/Python-callback TF functions; lookup layers whose
  vocabulary is a file path or URL read at load time; TFSMLayer loading an outside SavedModel.

The HDF5 reader is a dependency-free byte scan: attribute strings are stored uncompressed (object
header, global heap or fractal heap), so every JSON config in the file is found by scanning for
`{"` and decoding JSON from there — a superset of what the loader reads.
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from unveil import budgets
from unveil.rules import rule
from unveil.security.formats import BytesSource, ScanContext, register_format
from unveil.security.formats.zipfile_reader import ZipError, is_zip, read_member, read_zip

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

HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
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
MAX_H5_SCAN = 512 * 1024 * 1024
# Over the network only the start of an HDF5 file is searched: Keras writes its model config in the root
# group's attributes when the file is created, before any weights; the rest is reported as not scanned.
MAX_H5_SCAN_REMOTE = 8 * 1024 * 1024
H5_WINDOW = 8 * 1024 * 1024
H5_OVERLAP = 1024 * 1024


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


# ---------------------------------------------------------------- HDF5 (.h5)
def _hdf5_offset(head: bytes) -> int | None:
    """The superblock may follow a user block of 0, 512, 1024, 2048 ... bytes."""
    for off in (0, 512, 1024, 2048):
        if head[off : off + 8] == HDF5_MAGIC:
            return off
    return None


_JSON_START = re.compile(rb'\{\s*"')
_KERAS_HINT = re.compile(rb'"(class_name|module|registered_name|function_type)"')


def _json_objects(window: bytes, base: int) -> list[tuple[int, object]]:
    """Every JSON object in `window` that looks like a Keras config (outermost ones only)."""
    text = window.decode("latin-1")
    decoder = json.JSONDecoder()
    found: list[tuple[int, object]] = []
    pos = 0
    for match in _JSON_START.finditer(window):
        start = match.start()
        if start < pos:
            continue
        hint = _KERAS_HINT.search(window, start, start + 4096)
        if hint is None:
            continue
        try:
            value, end = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict | list):
            found.append((base + start, value))
            pos = end
    return found


def scan_h5(ctx: ScanContext) -> None:
    size = ctx.source.size
    cap = MAX_H5_SCAN_REMOTE if getattr(ctx.source, "remote", False) else MAX_H5_SCAN
    limit = min(size, cap)
    configs = 0
    pos = 0
    seen_offsets: set[int] = set()
    while pos < limit:
        window = ctx.source.read(pos, min(H5_WINDOW + H5_OVERLAP, limit - pos))
        for offset, value in _json_objects(window, pos):
            if offset in seen_offsets:
                continue
            seen_offsets.add(offset)
            configs += 1
            if isinstance(value, str):
                judge_config_text(ctx, value, f"HDF5 JSON at offset {offset}")
            else:
                ConfigJudge(ctx, f"HDF5 config at offset {offset}").walk(value)
        if pos + len(window) >= limit:
            break
        pos += H5_WINDOW
    if size > cap:
        ctx.cannot_scan(
            f"HDF5 file larger than {cap} bytes: only the first part was searched for model configs"
        )
    elif configs or size:
        ctx.scanned.append(ctx.path)


# ---------------------------------------------------------------- Keras 3 (.keras zip)
def _bad_member_name(name: str) -> str | None:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "absolute path"
    if ".." in re.split(r"[\\/]", name):
        return "parent-directory traversal"
    return None


def scan_keras_zip(ctx: ScanContext) -> None:

    try:
        listing = read_zip(ctx.source)
    except ZipError as exc:
        ctx.report(SEC355.id, "high", f".keras archive unreadable: {exc}")
        ctx.cannot_scan(f"unreadable .keras zip: {exc}")
        return
    for member in listing.members:
        problem = _bad_member_name(member.name)
        if problem or member.is_symlink:
            what = problem or "symbolic link"
            ctx.report(SEC356.id, "high", f"member {member.name!r}: {what}", text=member.name)
    for name in ("config.json", "metadata.json"):
        member = listing.get(name)
        if member is None:
            continue
        budgets.check("json_bytes", member.size, f"Keras {name}")
        try:
            data = read_member(ctx.source, member, max_size=budgets.current().json_bytes)
        except ZipError as exc:
            ctx.report(SEC355.id, "high", f"{name} unreadable: {exc}")
            ctx.cannot_scan(f"{name}: {exc}")
            continue
        judge_config_text(ctx, data.decode("utf-8", errors="replace"), name, path=f"{ctx.path}!{name}")
    # Every other member (weights .h5, assets, anything smuggled in) goes to the other formats.
    if ctx.scan_member is not None:
        for member in listing.members:
            if member.name in ("config.json", "metadata.json") or member.is_dir:
                continue
            try:
                data = read_member(ctx.source, member)
            except ZipError as exc:
                ctx.cannot_scan(f"member unreadable: {exc}", path=f"{ctx.path}!{member.name}")
                continue
            ctx.scan_member(ctx, member.name, BytesSource(data))
    ctx.scanned.append(ctx.path)


class KerasH5Format:
    name = "keras-h5"

    def sniff(self, head: bytes, path: str) -> bool:
        return _hdf5_offset(head) is not None

    def scan(self, ctx: ScanContext) -> None:
        scan_h5(ctx)


class KerasV3Format:
    name = "keras-v3"

    def sniff(self, head: bytes, path: str) -> bool:

        return is_zip(head)

    def claims(self, ctx: ScanContext) -> bool:

        try:
            names = set(read_zip(ctx.source).names())
        except ZipError:
            return False
        return "config.json" in names and ("metadata.json" in names or "model.weights.h5" in names)

    def scan(self, ctx: ScanContext) -> None:
        scan_keras_zip(ctx)


class KerasConfigFormat:
    """A bare Keras config JSON (an extracted `config.json`, or one handed over from a container)."""

    name = "keras-config"

    def sniff(self, head: bytes, path: str) -> bool:
        body = head.lstrip(b" \t\r\n\xef\xbb\xbf")
        if body[:1] != b"{":
            return False
        window = body[:1024]
        return b'"class_name"' in window and (
            b'"module": "keras' in window
            or b'"keras_version"' in head
            or b'"config"' in window
            and b'"layers"' in head
        )

    def scan(self, ctx: ScanContext) -> None:
        budgets.check("json_bytes", ctx.source.size, "Keras config")
        text = ctx.source.read(0, ctx.source.size).decode("utf-8", errors="replace")
        if judge_config_text(ctx, text, "keras config"):
            ctx.scanned.append(ctx.path)


register_format(KerasV3Format())
register_format(KerasH5Format())
register_format(KerasConfigFormat())
