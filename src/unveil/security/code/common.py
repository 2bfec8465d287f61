"""Shared pieces of the bundled-code scanners: the raw hit, the Python unit, file classification.

Every scanner (unveil's own rules, Bandit, Flawfinder, Semgrep) emits `CodeHit`s; `dedup.merge` turns
them into report `Finding`s, one per (file, cell, line, kind). Nothing here imports or runs scanned code.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from unveil.release import FileEntry, Release

# Bounds that keep hostile or generated input from eating the scan's time and memory. Bigger files get an
# `info` "could not parse" finding: a human should look, but the rest of the release is still scanned.
MAX_PY_BYTES = 4 * 1024 * 1024
MAX_NOTEBOOK_BYTES = 16 * 1024 * 1024  # notebooks carry outputs (images) besides code
MAX_C_BYTES = 2 * 1024 * 1024  # Flawfinder is a character loop in Python: slow on huge amalgamations


@dataclass
class CodeHit:
    """One raw observation by one scanner, before de-duplication."""

    path: str
    line: int | None
    rule: str  # unveil rule id (CODE4xx)
    severity: str
    kind: str  # what the weakness is, scanner-independent (dedup key): "deserialization", "shell", ...
    message: str
    scanner: str = "unveil"  # unveil | bandit | flawfinder | semgrep
    scanner_rule: str | None = None  # the scanner's own id: B506, FF1001, a semgrep check id
    cwe: int | None = None
    line_end: int | None = None
    cell: int | None = None  # 1-based notebook code-cell number when the file is a notebook
    extra: list[tuple[int | None, str]] = field(default_factory=list)  # more (line, text) evidence


@dataclass
class PythonUnit:
    """Python source ready to scan: a .py file, or the concatenated code cells of a notebook.

    `locate` maps a line of `text` back to (line, cell) in the original file.
    """

    path: str
    text: str
    tree: ast.Module | None  # None once scanned (Semgrep needs only the text)
    locate: Callable[[int], tuple[int, int | None]] = lambda line: (line, None)


@cache
def package_version(name: str) -> str | None:
    """An installed distribution's version from its metadata: the scanners themselves are not imported."""
    from importlib.metadata import PackageNotFoundError, version  # lazy: start-up (~5 ms; only for a summary)

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def tool_versions() -> dict[str, str | None]:
    """The code summary's `scanners` (Semgrep's state is filled in by the scan that may run it)."""
    return {"unveil": "1", "bandit": package_version("bandit"), "flawfinder": package_version("flawfinder"),
            "semgrep": None}


def could_not_parse(path: str, reason: str, line: int | None = None, cell: int | None = None) -> CodeHit:
    return CodeHit(
        path=path, line=line, rule="CODE490", severity="info", kind="unparsed",
        message=f"could not parse: {reason}", cell=cell,
    )


def read_source(release: Release, entry: FileEntry, limit: int) -> tuple[str | None, str | None]:
    """(text, None) or (None, why it is not source we can parse). Reads through the release so
    bytes_read stays honest. Raises `UnreadableFile` when the bytes cannot be fetched at all: that is
    "could not check" (unscannable), not "could not parse"."""
    if entry.size is not None and entry.size > limit:
        return None, f"file too large to scan ({entry.size} bytes > {limit}); looks generated"
    data = release.read(entry.path, 0, limit + 1)
    if len(data) > limit:
        return None, f"file too large to scan (> {limit} bytes); looks generated"
    if b"\x00" in data[:8192]:
        return None, "binary content (NUL bytes), not source code"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # Legacy encodings (PEP 263 cookies, Latin-1 C sources) still deserve a scan; mostly-text is enough.
    text = data.decode("latin-1")
    printable = sum(ch.isprintable() or ch in "\r\n\t\f" for ch in text[:8192])
    if printable < 0.95 * min(len(text), 8192):
        return None, "binary content (not valid text), not source code"
    return text, None


def parse_python(text: str, path: str) -> tuple[ast.Module | None, str | None, int | None]:
    """(tree, None, None) or (None, reason, line). Only `ast.parse`: nothing is compiled to bytecode or run."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences etc. in audited code are not ours
            return ast.parse(text, filename=path), None, None
    except SyntaxError as exc:
        hint = " (Python 2 syntax?)" if _looks_python2(exc, text) else ""
        return None, f"syntax error{hint}: {exc.msg}", exc.lineno
    except (RecursionError, MemoryError):
        return None, "too deeply nested to parse", None
    except ValueError as exc:  # e.g. source with NUL bytes slipping past the sniff
        return None, f"invalid source: {exc}", None


def _looks_python2(exc: SyntaxError, text: str) -> bool:
    msg = (exc.msg or "").lower()
    if "print" in msg or "exec" in msg:
        return True
    head = text[:20000]
    return any(tok in head for tok in ("print \"", "print '", "except Exception, ", "ur\"", "0777"))


def import_aliases(tree: ast.AST) -> dict[str, str]:
    """Local name -> dotted module/object it stands for, from every absolute import in the tree."""
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                head = alias.name.split(".")[0]
                aliases[alias.asname or head] = alias.name if alias.asname else head
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def qualname(node: ast.AST, aliases: dict[str, str]) -> str | None:
    """`T.load` -> `torch.load` given `import torch as T`; None for calls on computed objects."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id, node.id)
    if isinstance(node, ast.Attribute):
        base = qualname(node.value, aliases)
        return f"{base}.{node.attr}" if base else f"?.{node.attr}"
    return None
