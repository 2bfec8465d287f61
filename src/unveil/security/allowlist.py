"""Allow-list first judgement of the globals a pickle reaches.

The policy is data (`globals_policy.toml`, documented there); this module only matches it. A pickle
is clean only when every global it reaches is allowed; known-dangerous callables are critical or
high; anything else is medium "unverified".
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
import unicodedata
from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path

POLICY_FILE = Path(__file__).with_name("globals_policy.toml")

# Python 2 names a protocol 0-2 pickle may use (the unpickler maps them with fix_imports).
_PY2_MODULES = {
    "__builtin__": "builtins",
    "exceptions": "builtins",
    "copy_reg": "copyreg",
    "cPickle": "pickle",
    "commands": "subprocess",
    "UserDict": "collections",
    "urllib2": "urllib.request",
    "httplib": "http.client",
    "Queue": "queue",
    "cStringIO": "io",
    "StringIO": "io",
    "thread": "_thread",
    "dummy_thread": "_dummy_thread",
    "__main__": "__main__",
}


def normalize(module: str, name: str) -> tuple[str, str]:
    """Map Python 2 module names; split a dotted name whose leading parts name a module path."""
    try:

        if (module, name) in NAME_MAPPING:
            return NAME_MAPPING[(module, name)]
        if module in IMPORT_MAPPING:
            return IMPORT_MAPPING[module], name
    except ImportError:  # pragma: no cover
        pass
    return _PY2_MODULES.get(module, module), name


# Dunder attributes that walk from an object to code, globals or other classes.
_DUNDER_ESCAPES = frozenset(
    {
        "__globals__",
        "__builtins__",
        "__subclasses__",
        "__class__",
        "__bases__",
        "__base__",
        "__mro__",
        "__dict__",
        "__code__",
        "__getattribute__",
        "__import__",
        "__loader__",
        "__spec__",
        "__self__",
        "__func__",
        "__closure__",
        "__init__",
        "__reduce__",
        "__reduce_ex__",
        "__call__",
        "__getattr__",
        "__setattr__",
        "__delattr__",
        "__module__",
        "__objclass__",
        "__wrapped__",
        "__kwdefaults__",
        "__defaults__",
        "__func_globals__",
        "func_globals",
        "f_globals",
        "f_back",
        "gi_frame",
        "tb_frame",
    }
)
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Verdict:
    level: str  # allowed | indirect | critical | high | unverified
    family: str  # policy family (allow family name, "critical", "dunder", ...)
    reason: str


@dataclass(frozen=True)
class _Pattern:
    module: str
    name: str | None  # None: the whole module and its submodules

    def matches(self, module: str, name: str) -> bool:
        if self.name is None:
            return (
                module == self.module
                or module.startswith(self.module + ".")
                or ("*" in self.module and fnmatchcase(module, self.module))
            )
        if not fnmatchcase(module, self.module):
            return False
        if "." in name and "." not in self.name:
            return False
        return fnmatchcase(name, self.name)


def _parse(entry: str) -> _Pattern:
    module, sep, name = entry.partition(":")
    return _Pattern(module, name if sep else None)


@dataclass(frozen=True)
class Policy:
    allow: dict[str, tuple[_Pattern, ...]]
    indirect: tuple[_Pattern, ...]
    critical_names: tuple[_Pattern, ...]
    critical_modules: tuple[_Pattern, ...]
    high_names: tuple[_Pattern, ...]
    high_modules: tuple[_Pattern, ...]
    suspicious_names: tuple[_Pattern, ...] = ()
    allow_all: tuple[_Pattern, ...] = ()  # every allow family in one section: one match on a miss


@lru_cache(maxsize=1)
def load_policy(path: str = str(POLICY_FILE)) -> Policy:
    with open(path, "rb") as fh:
        raw = tomllib.load(fh)
    allow = {fam: tuple(_parse(e) for e in entries) for fam, entries in raw.get("allow", {}).items()}
    return Policy(
        allow=allow,
        allow_all=tuple(p for fam in allow.values() for p in fam),
        indirect=tuple(_parse(e) for e in raw.get("indirect", {}).get("names", [])),
        critical_names=tuple(_parse(e) for e in raw.get("critical", {}).get("names", [])),
        critical_modules=tuple(_Pattern(m, None) for m in raw.get("critical", {}).get("modules", [])),
        high_names=tuple(_parse(e) for e in raw.get("high", {}).get("names", [])),
        high_modules=tuple(_Pattern(m, None) for m in raw.get("high", {}).get("modules", [])),
        suspicious_names=tuple(_Pattern("*", n) for n in raw.get("high", {}).get("suspicious_names", [])),
    )


def _fn(pattern: str) -> str:
    return fnmatch.translate(pattern)[:-2]  # "(?s:...)" without the trailing \\Z


def _pattern_regex(p: _Pattern) -> str:
    """One pattern as a regex over "module:name", with the same meaning as `_Pattern.matches`."""
    if p.name is None:
        mod = re.escape(p.module) + r"(?:\..*)?"
        if "*" in p.module:
            mod = f"(?:{mod}|{_fn(p.module)})"
        return f"{mod}:.*"
    no_dot = "" if "." in p.name else r"(?![^:]*\.)"  # a `*` never crosses a dot unless the pattern has one
    return f"{_fn(p.module)}:{no_dot}{_fn(p.name)}"


@dataclass
class _Section:
    """One policy section compiled per first module component: a global is matched only against the
    patterns that can name its module (plus the wildcard ones), one C-level regex call each."""

    by_root: dict[str, re.Pattern[str] | None]
    wild: re.Pattern[str] | None
    any_module: re.Pattern[str] | None  # patterns "*:name": matched on the name alone


def _alternation(patterns: list[_Pattern]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{_pattern_regex(p)})" for p in patterns), re.S) if patterns else None


def _name_regex(name: str) -> str:
    no_dot = "" if "." in name else r"(?!.*\.)"  # a `*` never crosses a dot unless the pattern has one
    return no_dot + _fn(name)


def _root(module: str) -> str:
    return module.split(".", 1)[0]


# id(section tuple) -> (the tuple, kept alive so the id stays valid; its compiled form). Keyed by
# identity: hashing a tuple of hundreds of patterns per lookup would cost as much as the match. A
# Python loop over every fnmatch pattern took ~0.4 ms per global; 100,000 globals must stay fast.
_COMPILED: dict[int, tuple[tuple[_Pattern, ...], _Section]] = {}


def _compiled(patterns: tuple[_Pattern, ...]) -> _Section:
    hit = _COMPILED.get(id(patterns))
    if hit is not None and hit[0] is patterns:
        return hit[1]
    any_module = [p for p in patterns if p.module == "*" and p.name is not None]
    wild = [p for p in patterns if p not in any_module and any(c in _root(p.module) for c in "*?[")]
    roots: dict[str, list[_Pattern]] = {}
    for p in patterns:
        if p not in wild and p not in any_module:
            roots.setdefault(_root(p.module), []).append(p)
    names = "|".join(f"(?:{_name_regex(p.name)})" for p in any_module if p.name is not None)
    section = _Section({r: _alternation(ps + wild) for r, ps in roots.items()}, _alternation(wild),
                       re.compile(names, re.S) if names else None)
    _COMPILED[id(patterns)] = (patterns, section)
    return section


def _any(patterns: tuple[_Pattern, ...], module: str, name: str) -> bool:
    section = _compiled(patterns)
    if section.any_module is not None and section.any_module.fullmatch(name) is not None:
        return True
    rx = section.by_root.get(_root(module), section.wild)
    return rx is not None and rx.fullmatch(f"{module}:{name}") is not None


def _danger(policy: Policy, module: str, name: str) -> Verdict | None:
    if _any(policy.critical_names, module, name):
        return Verdict("critical", "critical", f"{module}.{name} is a known-dangerous callable")
    if _any(policy.critical_modules, module, name):
        return Verdict(
            "critical", "critical", f"module {module} gives code execution, processes, imports, files or network"
        )
    return None


@lru_cache(maxsize=65536)
def classify(module: str, name: str) -> Verdict:
    """Judge the global `module.name` (name may be dotted: attribute traversal)."""
    clean_mod, clean_name = _canonical(module), _canonical(name)
    if (clean_mod, clean_name) != (module, name):
        # Padding or compatibility characters (fullwidth letters, tabs, NBSP): no writer produces
        # them, and a lenient loader or a later str.strip() turns them into the real name.
        inner = _classify(clean_mod, clean_name)
        level = "critical" if inner.level == "critical" else "high"
        return Verdict(level, "obfuscated", f"obfuscated global name {module!r}.{name!r} ({inner.reason})")
    return _classify(module, name)


def _canonical(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "")


def _classify(module: str, name: str) -> Verdict:
    policy = load_policy()
    module, name = normalize(module, name)
    parts = name.split(".") if name else []
    for part in parts:
        dunder = part in _DUNDER_ESCAPES or (
            part.startswith("__")
            and part.endswith("__")
            and part not in ("__newobj__", "__newobj_ex__")
            and not part.endswith("_ctor__")
        )
        if dunder and not _any(policy.allow_all, module, name):
            return Verdict("critical", "dunder", f"attribute traversal through {part} in {module}.{name}")
    if not module or any(not _IDENT.match(p) for p in module.split(".")) or any(not _IDENT.match(p) for p in parts):
        return Verdict("unverified", "malformed", f"global with a malformed name {module!r}.{name!r}")
    verdict = _danger_exact(policy, module, name)
    if verdict is not None:
        return verdict
    if _any(policy.allow_all, module, name):
        for family, patterns in policy.allow.items():
            if _any(patterns, module, name):
                return Verdict("allowed", family, f"{module}.{name} is on the {family} allow-list")
    if _any(policy.indirect, module, name):
        return Verdict("indirect", "indirect", f"{module}.{name} is judged by what it resolves to")
    verdict = _danger(policy, module, name)
    if verdict is not None:
        return verdict
    # Attribute traversal to another module: logging.os.system is os.system, torch:hub.load is
    # torch.hub.load, collections:_sys.modules is sys.modules (stdlib imports modules as _name).
    for sub_mod, sub_name in _traversals(module, parts):
        sub = _danger(policy, *normalize(sub_mod, sub_name))
        if sub is not None:
            return Verdict(
                sub.level,
                sub.family,
                f"{module}.{name} reaches {sub_mod}.{sub_name} through attributes: {sub.reason}",
            )
    if _any(policy.high_names, module, name) or _any(policy.high_modules, module, name):
        return Verdict("high", "high", f"{module}.{name} gives indirect access to files or process state")
    if len(parts) > 1 and any(p[:1].islower() or p[:1] == "_" for p in parts[:-1]):
        # Writers name classes and nested classes (Outer.Inner); a lowercase hop walks through a
        # module alias or a function's attributes, which only hand-made streams do.
        return Verdict("high", "traversal", f"{module}.{name} walks attributes through {'.'.join(parts[:-1])}")
    if parts and _any(policy.suspicious_names, "*", parts[-1]):
        return Verdict("high", "suspicious", f"{module}.{name} is not allow-listed and named like an execution, "
                       "loading, file or network primitive")
    return Verdict("unverified", "unverified", f"{module}.{name} is not on the allow-list")


def _traversals(module: str, parts: list[str]):  # type: ignore[no-untyped-def]
    """(module, name) readings of `module:a.b.c` where some attribute hops name submodules."""
    for j in range(1, len(parts)):
        yield ".".join([module, *parts[:j]]), ".".join(parts[j:])
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            sub_mod, sub_name = ".".join(parts[i:j]), ".".join(parts[j:])
            yield sub_mod, sub_name
            if sub_mod.startswith("_") and not sub_mod.startswith("__"):
                yield sub_mod[1:], sub_name


def _danger_exact(policy: Policy, module: str, name: str) -> Verdict | None:
    if _any(policy.critical_names, module, name):
        return Verdict("critical", "critical", f"{module}.{name} is a known-dangerous callable")
    return None


def classify_module(module: str) -> Verdict:
    """Judge a module imported by the stream itself (`__import__('x')`)."""
    policy = load_policy()
    module, _ = normalize(module, "")
    if _any(policy.critical_modules, module, ""):
        return Verdict("critical", "critical", f"imports module {module}")
    return Verdict("high", "import", f"the pickle imports module {module} by itself")
