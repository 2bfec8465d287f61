"""trust_remote_code: the `auto_map` of config files, the modules it names, and what those modules reach.

`from_pretrained(..., trust_remote_code=True)`  # safe: the loader described here, never called
imports every module named by an `auto_map` (or a
`custom_pipelines` `impl`), plus the modules they import relatively. All of it runs on the user's
machine at load time, so: the config entry is `high` (CODE401), each module is `high` (CODE402), and a
module that reaches the shell, the network, dynamic code or writes/deletes files is `critical`
(CODE403), with the import or call line. Modules are read with `ast.parse` only, never imported.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from unveil.release import Release
from unveil.security.code.common import CodeHit, PythonUnit, import_aliases, qualname
from unveil.security.code.languages import is_config

MAX_CONFIG_BYTES = 2 * 1024 * 1024
# Hugging Face naming convention for custom model code.
_CUSTOM_MODULE = re.compile(
    r"(^|/)(modeling|configuration|tokenization|image_processing|processing|feature_extraction|"
    r"video_processing|pipeline)_\w+\.py$"
)

# What makes a remote-code module worse than "runs on load". Matched on the resolved dotted name.
_SHELL_MODULES = ("subprocess", "pty", "commands", "pexpect", "sh", "plumbum", "asyncio.subprocess")
_NETWORK_MODULES = ("socket", "requests", "urllib.request", "urllib3", "http.client", "httpx", "aiohttp",
                    "ftplib", "smtplib", "telnetlib", "paramiko", "websocket", "websockets", "xmlrpc.client",
                    "pycurl", "wget", "gdown")
_DYNAMIC_MODULES = ("ctypes", "cffi", "marshal", "pickle", "_pickle", "dill", "cloudpickle")
_SHELL_CALLS = re.compile(r"^os\.(system|popen|exec\w*|spawn\w*|posix_spawn\w*|fork\w*)$|^subprocess\.")
_NETWORK_CALLS = re.compile(r"(^|\.)(urlopen|urlretrieve|hf_hub_download|snapshot_download|create_connection)$"
                            r"|^(requests|httpx|socket|urllib3|aiohttp)\.")
_DYNAMIC_CALLS = re.compile(r"^(exec|eval|compile|__import__|importlib\.import_module|importlib\.__import__|"
                            r"marshal\.loads?|pickle\.loads?|ctypes\.\w+)$")
_FS_CALLS = re.compile(r"^os\.(remove|unlink|rmdir|removedirs|rename|renames|replace|chmod|chown|symlink|link|"
                       r"truncate)$|^shutil\.|(^|\.)(write_text|write_bytes|rmtree|unlink)$")


@dataclass
class _Reference:
    config: str  # the config file that names it
    auto_class: str
    target: str  # as written: "modeling_x.XModel" or "org/repo--modeling_x.XModel"
    line: int | None
    module_path: str | None = None  # path in the release, when local
    other_repo: str | None = None
    class_name: str = ""


@dataclass
class _Module:
    path: str
    classes: list[tuple[str, str]] = field(default_factory=list)  # (class, auto class)
    via: str | None = None  # the remote-code module that imports it relatively


def _line_of(text: str, needle: str, start: int = 0) -> tuple[int | None, int]:
    pos = text.find(needle, start)
    if pos < 0:
        return None, start
    return text.count("\n", 0, pos) + 1, pos


def _references(path: str, text: str, data: dict) -> list[_Reference]:
    refs: list[_Reference] = []
    auto_map = data.get("auto_map")
    entries: list[tuple[str, str]] = []
    if isinstance(auto_map, dict):
        for auto_class, value in auto_map.items():
            values = value if isinstance(value, list) else [value]
            entries.extend((str(auto_class), v) for v in values if isinstance(v, str) and v)
    pipelines = data.get("custom_pipelines")
    if isinstance(pipelines, dict):
        for task, spec in pipelines.items():
            impl = spec.get("impl") if isinstance(spec, dict) else None
            if isinstance(impl, str) and impl:
                entries.append((f"pipeline:{task}", impl))
    _, cursor = _line_of(text, '"auto_map"')
    for auto_class, target in entries:
        line, pos = _line_of(text, json.dumps(target), cursor)
        if line is None:
            line, pos = _line_of(text, json.dumps(target))
        refs.append(_Reference(config=path, auto_class=auto_class, target=target, line=line))
    return refs


def _resolve(ref: _Reference, release: Release) -> None:
    target = ref.target
    if "--" in target:
        ref.other_repo, target = target.split("--", 1)
    module, _, ref.class_name = target.rpartition(".")
    if ref.other_repo or not module:
        return
    folder = PurePosixPath(ref.config).parent
    for candidate in (f"{module}.py", module.replace(".", "/") + ".py"):
        path = (folder / candidate).as_posix()
        if release.get(path) is not None:
            ref.module_path = path
            return
    ref.module_path = (folder / f"{module}.py").as_posix()  # missing: reported as such


def _relative_imports(unit: PythonUnit, release: Release) -> list[str]:
    """Release paths of modules imported relatively (`from .utils import x`) by a module."""
    folder = PurePosixPath(unit.path).parent
    found: list[str] = []
    for node in ast.walk(unit.tree):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = folder
        for _ in range(node.level - 1):
            base = base.parent
        names = [node.module] if node.module else [a.name for a in node.names]
        for name in names:
            for candidate in (base / (name.replace(".", "/") + ".py"), base / name.replace(".", "/") / "__init__.py"):
                path = candidate.as_posix()
                if release.get(path) is not None:
                    found.append(path)
                    break
    return found


def _reach(unit: PythonUnit) -> dict[str, list[tuple[int, str]]]:
    """capability -> [(line, what)] for shell, network, dynamic code and file-system writes."""
    aliases = import_aliases(unit.tree)
    reach: dict[str, list[tuple[int, str]]] = {}

    def add(cap: str, node: ast.AST, what: str) -> None:
        reach.setdefault(cap, []).append((node.lineno, what))

    def module_cap(name: str) -> str | None:
        for cap, mods in (("the shell", _SHELL_MODULES), ("the network", _NETWORK_MODULES),
                          ("dynamic code", _DYNAMIC_MODULES)):
            if any(name == m or name.startswith(m + ".") for m in mods):
                return cap
        return "the file system" if name == "shutil" or name.startswith("shutil.") else None

    for node in ast.walk(unit.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                cap = module_cap(alias.name)
                if cap:
                    add(cap, node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                cap = module_cap(f"{node.module}.{alias.name}") or module_cap(node.module)
                if cap:
                    add(cap, node, f"from {node.module} import {alias.name}")
        elif isinstance(node, ast.Call):
            name = qualname(node.func, aliases) or ""
            if _SHELL_CALLS.search(name):
                add("the shell", node, f"{name}()")
            elif _NETWORK_CALLS.search(name):
                add("the network", node, f"{name}()")
            elif _DYNAMIC_CALLS.search(name):
                add("dynamic code", node, f"{name}()")
            elif _FS_CALLS.search(name) or _writes_file(node, name):
                add("the file system", node, f"{name}() (writes or deletes files)")
    return reach


def _writes_file(call: ast.Call, name: str) -> bool:
    if name not in {"open", "io.open", "os.open"} and not name.endswith(".open"):
        return False
    mode = call.args[1] if len(call.args) > 1 else next((k.value for k in call.keywords if k.arg == "mode"), None)
    return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and bool(set(mode.value) & set("wax+"))


@dataclass
class ModuleFacts:
    """What the remote-code rules need from one parsed .py file, kept after its tree is dropped
    (the code scanner streams: it holds one parsed tree at a time)."""

    path: str
    imports: list[str]  # release paths of relative imports
    class_lines: dict[str, int]  # every class defined anywhere in the module -> line
    top_classes: list[str]  # classes defined at module level
    reach: dict[str, list[tuple[int, str]]]


def module_facts(unit: PythonUnit, release: Release) -> ModuleFacts:
    return ModuleFacts(
        path=unit.path,
        imports=_relative_imports(unit, release),
        class_lines={n.name: n.lineno for n in ast.walk(unit.tree) if isinstance(n, ast.ClassDef)},
        top_classes=[n.name for n in unit.tree.body if isinstance(n, ast.ClassDef)],
        reach=_reach(unit),
    )


def scan_remote_code(release: Release, units: dict[str, PythonUnit] | dict[str, ModuleFacts]) -> list[CodeHit]:
    """Remote-code findings from the configs and the Python modules (parsed units or their facts)."""
    units = {p: u if isinstance(u, ModuleFacts) else module_facts(u, release) for p, u in units.items()}
    hits: list[CodeHit] = []
    refs: list[_Reference] = []
    for entry in release.files:
        if not is_config(entry) or (entry.size or 0) > MAX_CONFIG_BYTES:
            continue
        text = release.read_text(entry.path, MAX_CONFIG_BYTES)
        try:
            data = json.loads(text) if text else None
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            continue
        found = _references(entry.path, text or "", data)
        for ref in found:
            _resolve(ref, release)
        if found:
            refs.extend(found)
            hits.append(_config_hit(entry.path, found, text or ""))
    modules: dict[str, _Module] = {}
    for ref in refs:
        if ref.other_repo:
            hits.append(CodeHit(
                path=ref.config, line=ref.line, rule="CODE404", severity="high", kind="remote-code-other-repo",
                message=f"auto_map {ref.auto_class} -> {ref.target}: code from repository {ref.other_repo!r} "
                        "runs on load and is not part of this release",
            ))
        elif ref.module_path:
            modules.setdefault(ref.module_path, _Module(ref.module_path)).classes.append(
                (ref.class_name, ref.auto_class))
    # Relative imports of remote-code modules are fetched and run too.
    queue = list(modules)
    while queue:
        path = queue.pop()
        unit = units.get(path)
        if unit is None:
            continue
        for dep in unit.imports:
            if dep not in modules:
                modules[dep] = _Module(dep, via=path)
                queue.append(dep)
    for module in modules.values():
        hits.extend(_module_hits(module, units.get(module.path), release))
    for path, unit in units.items():
        if path not in modules and _CUSTOM_MODULE.search(path) and path.endswith(".py"):
            classes = unit.top_classes
            hits.append(CodeHit(
                path=path, line=1, rule="CODE405", severity="medium", kind="remote-code",
                message=f"custom Hugging Face module not referenced by any auto_map (classes: "
                        f"{', '.join(classes) or 'none'}); it runs only if a user wires it up with trust_remote_code",
            ))
    return hits


def _config_hit(path: str, refs: list[_Reference], text: str) -> CodeHit:
    line, _ = _line_of(text, '"auto_map"')
    if line is None:
        line, _ = _line_of(text, '"custom_pipelines"')
    listed = "; ".join(f"{r.auto_class} -> {r.target}" for r in refs)
    return CodeHit(
        path=path, line=line, rule="CODE401", severity="high", kind="remote-code",
        message=f"auto_map declares remote code that runs with trust_remote_code=True: {listed}",  # safe: finding text
        extra=[(r.line, f"{r.auto_class} -> {r.target}") for r in refs],
    )


def _module_hits(module: _Module, unit: ModuleFacts | None, release: Release) -> list[CodeHit]:
    if release.get(module.path) is None:
        named = ", ".join(f"{c} ({a})" for c, a in module.classes)
        return [CodeHit(
            path=module.path, line=None, rule="CODE406", severity="medium", kind="remote-code-missing",
            message=f"auto_map names {named} in {module.path}, which is not in the release: cannot be audited",
        )]
    class_lines: dict[str, int] = {}
    if unit is not None:
        class_lines = unit.class_lines
    if module.via:
        what = f"imported by remote-code module {module.via}"
    else:
        what = "defines " + ", ".join(
            f"{c} ({a}{'' if c in class_lines or unit is None else ', class not found'})" for c, a in module.classes)
    first = min((class_lines[c] for c, _ in module.classes if c in class_lines), default=1)
    hits = [CodeHit(
        path=module.path, line=first, rule="CODE402", severity="high", kind="remote-code",
        message=(f"remote code: {PurePosixPath(module.path).name} runs on model load with "
                 f"trust_remote_code=True; {what}"),  # safe: finding text, nothing is run
        extra=[(class_lines.get(c), f"class {c} for {a}") for c, a in module.classes if c in class_lines],
    )]
    if unit is None:
        return hits
    for cap, sites in unit.reach.items():
        sites.sort()
        hits.append(CodeHit(
            path=module.path, line=sites[0][0], rule="CODE403", severity="critical", kind=f"remote-reach-{cap}",
            message=f"remote code that runs on load reaches {cap}: " + ", ".join(w for _, w in sites[:5])
                    + (f" and {len(sites) - 5} more" if len(sites) > 5 else ""),
            extra=[(ln, w) for ln, w in sites[1:10]],
        ))
    return hits
