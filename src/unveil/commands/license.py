"""Logic of `unveil license PATH... [--format text|json]` (the CLI only parses arguments and calls `run`).

JSON: a list of {path, id, spdx, category, osi_approved, restrictions[], confidence} per file
(contract), plus informative extras (name, method, based_on, evidence per restriction).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from unveil import sanitize
from unveil.errors import EXIT_NOTHING, EXIT_OK, SourceNotFound, UsageError
from unveil.licenses.detect import Identification, identify
from unveil.licenses.text import MAX_BYTES

_SKIP_DIRS = {".git", "__pycache__", ".hg", ".svn"}


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    out = []
    root = path.resolve()
    for p in sorted(path.rglob("*")):
        if (
            p.is_file()
            and not (_SKIP_DIRS & set(p.parts))
            and p.suffix.lower() in {"", ".txt", ".md", ".rst", ".html", ".htm"}
            and _inside(root, p)
        ):
            out.append(p)
    return out


def _inside(root: Path, p: Path) -> bool:
    """False for a symlink that leads out of the folder given (or loops): never read what it points to."""
    try:
        return root in p.resolve().parents
    except (OSError, RuntimeError):
        return False


def _read(path: Path) -> bytes:
    # Licence texts are small; never read more than the identifier looks at.
    with open(path, "rb") as fh:
        return fh.read(MAX_BYTES + 1)


def result_dict(path: str, ident: Identification) -> dict[str, Any]:
    return {
        "path": path,
        "id": ident.id,
        "spdx": ident.spdx,
        "category": ident.category,
        "osi_approved": ident.osi_approved,
        "restrictions": ident.kinds,
        "confidence": round(ident.confidence, 3),
        "name": ident.name,
        "method": ident.method,
        "based_on": ident.based_on,
        "blocking": ident.blocking_kinds,
        "evidence": {
            k: [{"line": c.line, "line_end": c.line_end, "text": c.text} for c in cs[:1]]
            for k, cs in ident.clauses.items()
            if k in ident.kinds
        },
    }


def run(paths: list[str], fmt: str = "text") -> tuple[str, int]:
    """(output, exit code): 0, or 4 when no file was given/found. A missing path or a bad format raises
    (exit 2, the message on stderr like every error)."""
    if fmt not in {"text", "json"}:
        raise UsageError(f"unknown format {fmt!r} (text|json)")
    results: list[dict[str, Any]] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise SourceNotFound(f"no such file or directory: {sanitize.name(raw)}")
        for f in _files(p):
            try:
                data = _read(f)
            except OSError as exc:
                results.append(
                    {
                        "path": str(f),
                        "id": "unknown",
                        "spdx": None,
                        "category": "unknown",
                        "osi_approved": False,
                        "restrictions": [],
                        "confidence": 0.0,
                        "error": exc.strerror or str(exc),
                    }
                )
                continue
            results.append(result_dict(str(f), identify(data)))
    if not results:
        return "no files to identify\n", EXIT_NOTHING
    results = sanitize.clean(results)  # paths and clause texts come from the files: never raw to any output
    if fmt == "json":
        return json.dumps(results, indent=2) + "\n", EXIT_OK
    lines = []
    for r in results:
        osi = "OSI" if r["osi_approved"] else "not OSI"
        lines.append(
            f"{r['path']}: {r['id']} ({r.get('spdx') or '-'}) {r['category']}, {osi}, confidence {r['confidence']:.2f}"
        )
        if r.get("based_on"):
            lines.append(f"  custom licence based on {r['based_on']}")
        for kind in r["restrictions"]:
            mark = "!" if kind in r.get("blocking", []) else "i"
            ev = (r.get("evidence") or {}).get(kind)
            where = f" (line {ev[0]['line']}: {ev[0]['text'][:100]})" if ev else ""
            lines.append(f"  [{mark}] {kind}{where}")
    return "\n".join(lines) + "\n", EXIT_OK
