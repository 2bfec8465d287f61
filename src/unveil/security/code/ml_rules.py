"""unveil's own AST rules for ML code, where Bandit is silent or too coarse.

Calls are resolved through the file's import aliases (`import torch as T`, `from pickle import loads`), so
`T.load(...)` is still `torch.load`. A light per-scope taint marks names assigned from downloads
(hf_hub_download, urlopen, requests.get, ...): deserializing such data is raised to `high`.
Only `ast` is used: nothing scanned is imported or executed.
"""

from __future__ import annotations

import ast
import contextlib
import re

from unveil.security.code.common import CodeHit, PythonUnit

_SHA = re.compile(r"^[0-9a-f]{40}$")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
# `load_dataset` builders that read local files, not Hub repositories.
_LOCAL_BUILDERS = {"json", "csv", "parquet", "text", "arrow", "imagefolder", "audiofolder", "webdataset",
                   "pandas", "sql", "videofolder", "xml"}

_PICKLE_FAMILY = {
    "pickle.load", "pickle.loads", "pickle.Unpickler", "_pickle.load", "_pickle.loads", "_pickle.Unpickler",
    "cPickle.load", "cPickle.loads", "dill.load", "dill.loads", "dill.Unpickler", "cloudpickle.load",
    "cloudpickle.loads", "joblib.load", "sklearn.externals.joblib.load", "pandas.read_pickle",
    "shelve.open", "marshal.load", "marshal.loads", "jsonpickle.decode", "torch.package.PackageImporter",
}
_TORCH_LOAD = {"torch.load", "torch.serialization.load"}
_LOADERS = _PICKLE_FAMILY | _TORCH_LOAD | {"numpy.load", "numpy.lib.npyio.load"}
# Calls whose result is downloaded bytes or a path to a downloaded file (matched on the last name part).
_DOWNLOAD_TAILS = {"hf_hub_download", "snapshot_download", "cached_download", "urlretrieve", "urlopen",
                   "download_url_to_file", "cached_path", "cached_file"}
_DOWNLOAD_FULL = {"requests.get", "requests.post", "requests.request", "httpx.get", "wget.download",
                  "gdown.download", "urllib.request.urlopen", "urllib.request.urlretrieve"}
_HUB_FETCH_TAILS = {"hf_hub_download", "snapshot_download"}
_HUB_CALL_TAILS = {"from_pretrained", "load_dataset"}
_UNSAFE_YAML_LOADERS = {"Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader"}
_FULL_YAML_LOADERS = {"FullLoader", "CFullLoader"}
_SAFE_YAML_LOADERS = {"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"}


def _const(node: ast.AST | None) -> object:
    return node.value if isinstance(node, ast.Constant) else None


def _kw(call: ast.Call, name: str) -> ast.keyword | None:
    return next((k for k in call.keywords if k.arg == name), None)


def _arg(call: ast.Call, index: int, name: str) -> ast.AST | None:
    kw = _kw(call, name)
    if kw is not None:
        return kw.value
    return call.args[index] if len(call.args) > index else None


def _pinned(call: ast.Call) -> bool:
    rev = _kw(call, "revision")
    if rev is None:
        return False
    value = _const(rev.value)
    # A non-literal revision may well be a sha from config; only literal branch/tag names are unpinned.
    return not isinstance(value, str) or bool(_SHA.match(value))


class _Visitor(ast.NodeVisitor):
    def __init__(self, unit: PythonUnit) -> None:
        self.unit = unit
        self.aliases: dict[str, str] = {}
        self.scopes: list[set[str]] = [set()]
        self.hits: list[CodeHit] = []
        self.downloads_seen = False  # no download call yet: nothing can be tainted (fast path)

    # -- names ---------------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.aliases[alias.asname] = alias.name
            else:
                head = alias.name.split(".")[0]
                self.aliases[head] = head

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level or not node.module:
            return
        for alias in node.names:
            if alias.name != "*":
                self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def qualname(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return f"{base}.{node.attr}" if base else f"?.{node.attr}"
        if isinstance(node, ast.Call):
            base = self.qualname(node.func)
            return f"{base}()" if base else None
        return None

    # -- scopes and taint ----------------------------------------------------------------------------
    def _scoped(self, node: ast.AST) -> None:
        self.scopes.append(set())
        self.generic_visit(node)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _scoped

    def _is_download(self, call: ast.Call) -> bool:
        name = self.qualname(call.func) or ""
        return name.rsplit(".", 1)[-1] in _DOWNLOAD_TAILS or name in _DOWNLOAD_FULL

    def _tainted(self, node: ast.AST) -> bool:
        if not self.downloads_seen:
            return False
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and any(sub.id in scope for scope in self.scopes):
                return True
            if isinstance(sub, ast.Call) and self._is_download(sub):
                return True
        return False

    def _taint_targets(self, targets: list[ast.AST], value: ast.AST | None) -> None:
        if value is None or not self._tainted(value):
            return
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    self.scopes[-1].add(sub.id)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.generic_visit(node)
        self._taint_targets(node.targets, node.value)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.generic_visit(node)
        self._taint_targets([node.target], node.value)

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:  # `with urlopen(u) as fh:` taints fh before the body is visited
            self.visit(item.context_expr)
            if item.optional_vars is not None:
                self._taint_targets([item.optional_vars], item.context_expr)
        for stmt in node.body:
            self.visit(stmt)

    visit_AsyncWith = visit_With

    # -- rules ---------------------------------------------------------------------------------------
    def _hit(self, node: ast.AST, rule: str, severity: str, kind: str, message: str, cwe: int | None) -> None:
        line, cell = self.unit.locate(node.lineno)
        end = getattr(node, "end_lineno", None)
        end_line = self.unit.locate(end)[0] if end else None
        self.hits.append(CodeHit(
            path=self.unit.path, line=line, line_end=end_line if end_line != line else None, rule=rule,
            severity=severity, kind=kind, message=message, scanner="unveil", scanner_rule=rule, cwe=cwe,
            cell=cell,
        ))

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        name = self.qualname(node.func) or ""
        tail = name.rsplit(".", 1)[-1]
        if not self.downloads_seen and (tail in _DOWNLOAD_TAILS or name in _DOWNLOAD_FULL):
            self.downloads_seen = True
        if name in _LOADERS or tail == "load_model":
            tainted = any(self._tainted(a) for a in [*node.args, *(k.value for k in node.keywords)])
            self._deserialization(node, name, tainted)
        if "yaml" in name or "YAML" in name:
            self._yaml(node, name)
        if node.keywords or tail in _HUB_FETCH_TAILS or tail in _HUB_CALL_TAILS or name == "torch.hub.load" \
                or name.startswith("ssl."):
            self._network(node, name, tail)

    def _deserialization(self, node: ast.Call, name: str, tainted: bool) -> None:
        src = " of data from a download" if tainted else ""
        if name in _TORCH_LOAD:
            kw = _kw(node, "weights_only")
            value = _const(kw.value) if kw else None
            if value is True:
                return
            explicit = kw is not None and value is False
            sev = "high" if explicit or tainted else "medium"
            how = "weights_only=False" if explicit else "without weights_only=True"
            self._hit(node, "CODE420", sev, "deserialization", f"torch.load {how}{src}: unpickles "
                      "arbitrary objects (a crafted checkpoint runs code)", 502)
        elif name in _PICKLE_FAMILY:
            sev = "high" if tainted else "medium"
            self._hit(node, "CODE421", sev, "deserialization",
                      f"{name}{src}: deserialization that can run code embedded in the data", 502)
        elif name in {"numpy.load", "numpy.lib.npyio.load"}:
            kw = _kw(node, "allow_pickle")
            if kw is not None and _const(kw.value) is not False and _const(kw.value) is not None:
                sev = "high" if tainted else "medium"
                self._hit(node, "CODE422", sev, "deserialization",
                          f"numpy.load(allow_pickle=True){src}: a .npy/.npz may carry a pickle", 502)  # safe: text
        elif name.rsplit(".", 1)[-1] == "load_model":
            kw = _kw(node, "safe_mode")
            if kw is not None and _const(kw.value) is False:
                self._hit(node, "CODE428", "high", "deserialization",
                          f"{name}(safe_mode=False): Lambda layers can run arbitrary code", 502)

    def _yaml(self, node: ast.Call, name: str) -> None:
        if name in {"yaml.unsafe_load", "yaml.unsafe_load_all"}:
            self._hit(node, "CODE425", "high", "yaml-load", f"{name}: constructs arbitrary Python objects", 502)
        elif name in {"yaml.full_load", "yaml.full_load_all"}:
            self._hit(node, "CODE425", "medium", "yaml-load",
                      f"{name}: FullLoader still constructs many Python objects; use safe_load", 502)
        elif name in {"yaml.load", "yaml.load_all"}:
            loader = _arg(node, 1, "Loader")
            lname = (self.qualname(loader) or "") if loader is not None else ""
            ltail = lname.rsplit(".", 1)[-1]
            if loader is None:
                self._hit(node, "CODE425", "high", "yaml-load",
                          f"{name} without Loader: older PyYAML defaults to an unsafe loader", 502)
            elif ltail in _SAFE_YAML_LOADERS:
                return
            elif ltail in _FULL_YAML_LOADERS:
                self._hit(node, "CODE425", "medium", "yaml-load", f"{name}(Loader={ltail}): use SafeLoader", 502)
            elif ltail in _UNSAFE_YAML_LOADERS:
                self._hit(node, "CODE425", "high", "yaml-load",
                          f"{name}(Loader={ltail}): constructs arbitrary Python objects", 502)
            else:
                self._hit(node, "CODE425", "medium", "yaml-load",
                          f"{name} with loader {lname or '?'} that is not known to be safe", 502)
        elif name.endswith("YAML") and "ruamel" in name:
            typ = _const(_arg(node, 99, "typ"))
            if typ == "unsafe":
                self._hit(node, "CODE425", "high", "yaml-load", "ruamel YAML(typ='unsafe')", 502)

    def _network(self, node: ast.Call, name: str, tail: str) -> None:
        verify = _kw(node, "verify")
        if verify is not None and _const(verify.value) is False:
            self._hit(node, "CODE426", "high", "tls-verify-off",
                      f"{name or tail}(verify=False): TLS certificate checks disabled", 295)
        if name in {"ssl._create_unverified_context", "ssl._create_stdlib_context"}:
            self._hit(node, "CODE426", "high", "tls-verify-off", f"{name}: certificate checks disabled", 295)
        trc = _kw(node, "trust_remote_code")
        if trc is not None and _const(trc.value) is True:
            pinned = _pinned(node)
            how = "pinned to a revision" if pinned else "without a pinned commit revision"
            self._hit(node, "CODE423", "low" if pinned else "medium", "remote-code",
                      f"{tail}(trust_remote_code=True) {how}: runs Python code from the Hub repository",  # safe: text
                      494)
        if name == "torch.hub.load":
            repo = _const(_arg(node, 0, "repo_or_dir"))
            pinned = isinstance(repo, str) and bool(re.search(r":[0-9a-f]{40}$", repo))
            self._hit(node, "CODE427", "low" if pinned else "medium", "torch-hub",
                      f"torch.hub.load({repo!r}): imports hubconf.py from the repository", 494)
        if trc is not None and _const(trc.value) is True:
            return  # already reported above, with the pinning verdict
        if self._hub_unpinned(node, tail):
            self._hit(node, "CODE424", "low", "hub-unpinned",
                      f"{tail} without a pinned commit revision: fetches whatever the repository holds now", 494)

    def _hub_unpinned(self, node: ast.Call, tail: str) -> bool:
        if _pinned(node):
            return False
        if tail in _HUB_FETCH_TAILS:
            return True
        if tail in {"from_pretrained", "load_dataset"}:
            first = _arg(node, 0, "pretrained_model_name_or_path" if tail == "from_pretrained" else "path")
            value = _const(first)
            if not isinstance(value, str) or not _HUB_ID.match(value) or value.startswith("."):
                return False
            return not (tail == "load_dataset" and value in _LOCAL_BUILDERS)
        return False


def scan_unit(unit: PythonUnit) -> list[CodeHit]:
    visitor = _Visitor(unit)
    with contextlib.suppress(RecursionError):  # pathological nesting: keep what was found so far
        visitor.visit(unit.tree)
    return visitor.hits
