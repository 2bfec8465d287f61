"""The source tree keeps its own rules: imports at module level unless a documented reason keeps one lazy.

A function-level import hides an import cycle or a layer violation from `lint-imports`; the only reasons
allowed are an optional extra (the module may be missing) and start-up time (a heavy library that only
some commands need). Either is written on the import, or on the line above it, as `# lazy: <why>`.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "unveil"


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for sub in ast.walk(node):
                if isinstance(sub, (ast.Import, ast.ImportFrom)) and sub.lineno not in seen:
                    seen.add(sub.lineno)
                    out.append((sub.lineno, ast.unparse(sub)))
    return out


def _documented(lines: list[str], lineno: int) -> bool:
    """A `# lazy:` comment on the import, or above the run of import lines it belongs to."""
    if "# lazy:" in lines[lineno - 1]:
        return True
    k = lineno - 2
    while k >= 0 and lines[k].strip().startswith(("from ", "import ")):
        k -= 1
    return k >= 0 and lines[k].strip().startswith("# lazy:")


def test_function_level_imports_say_why_they_are_lazy() -> None:
    undocumented = []
    total = 0
    for path in sorted(SRC.rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for lineno, stmt in _function_level_imports(path):
            total += 1
            if not _documented(lines, lineno):
                undocumented.append(f"{path.relative_to(SRC.parent)}:{lineno}: {stmt}")
    assert not undocumented, "function-level imports without a `# lazy: why` comment:\n" + "\n".join(undocumented)


def test_the_checker_sees_function_level_imports(tmp_path: Path) -> None:
    sample = tmp_path / "m.py"
    sample.write_text("import os\n\ndef f():\n    # lazy: start-up\n    import json\n    import csv\n\n"
                      "def g():\n    from re import compile\n    x = 1\n    import abc\n")
    lines = sample.read_text().splitlines()
    found = _function_level_imports(sample)
    assert [n for n, _ in found] == [5, 6, 9, 11]
    assert [_documented(lines, n) for n, _ in found] == [True, True, False, False]
