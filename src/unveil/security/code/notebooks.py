"""Jupyter notebooks: the code cells, IPython magics blanked, joined into one Python unit.

Each code cell is parsed alone first: a cell that does not parse gets its own `info` finding and is left
out, the others are still scanned. Lines keep their numbers (magics become blank lines), so every hit
maps back to (cell number, line in cell). Only JSON is parsed; no kernel, no execution.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right

from unveil.security.code.common import CodeHit, PythonUnit, could_not_parse, parse_python

# A line that IPython, not Python, interprets: `%magic`, `!shell`, `x = !ls`, `obj?`, `??obj`.
_MAGIC_LINE = re.compile(r"^\s*([%!]|\?\?|[\w.]+\s*=\s*[%!])|^\s*[\w.\[\]()]+\?{1,2}\s*$")
# Cell magics whose body is Python; any other `%%magic` (bash, html, writefile...) makes the cell not Python.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug"}


def _cell_source(cell: dict) -> str:
    src = cell.get("source", cell.get("input", ""))
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def code_cells(doc: object) -> list[tuple[int, str]] | None:
    """(1-based cell number among all cells, source) of each code cell (nbformat 4, or 3 with
    worksheets); None if this is not a notebook. Numbers count markdown cells too, as Jupyter shows them."""
    if not isinstance(doc, dict):
        return None
    cells = doc.get("cells")
    if cells is None and isinstance(doc.get("worksheets"), list):
        cells = [c for ws in doc["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", [])]
    if not isinstance(cells, list):
        return None
    return [(n, _cell_source(c)) for n, c in enumerate(cells, start=1)
            if isinstance(c, dict) and c.get("cell_type") == "code"]


def strip_magics(source: str) -> str | None:
    """The cell with IPython-only lines blanked (line count kept); None when the cell is not Python."""
    lines = source.split("\n")
    if lines and lines[0].lstrip().startswith("%%"):
        magic = lines[0].lstrip()[2:].split(maxsplit=1)
        if not magic or magic[0] not in _PYTHON_CELL_MAGICS:
            return None
        lines[0] = ""
    out = []
    continued = False
    for line in lines:
        if continued or _MAGIC_LINE.match(line):
            # A magic ending in a backslash continues on the next line.
            continued = line.rstrip().endswith("\\")
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def notebook_unit(path: str, text: str) -> tuple[PythonUnit | None, list[CodeHit]]:
    """(unit or None, info hits for the notebook or its cells that could not be parsed)."""
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        return None, [could_not_parse(path, f"notebook is not valid JSON ({exc.__class__.__name__})")]
    cells = code_cells(doc)
    if cells is None:
        return None, [could_not_parse(path, "JSON without notebook cells")]
    problems: list[CodeHit] = []
    chunks: list[str] = []
    starts: list[int] = []  # first line (1-based, in the joined text) of each kept cell
    cell_numbers: list[int] = []
    line = 1
    for number, source in cells:
        code = strip_magics(source)
        if code is None or not code.strip():
            continue
        tree, reason, err_line = parse_python(code, path)
        if tree is None:
            problems.append(could_not_parse(path, f"cell {number}: {reason}", err_line, number))
            continue
        starts.append(line)
        cell_numbers.append(number)
        chunks.append(code)
        line += code.count("\n") + 1
    if not chunks:
        return None, problems
    joined = "\n".join(chunks)
    tree, reason, _ = parse_python(joined, path)
    if tree is None:  # cells that parse alone but not together (a trailing backslash, say)
        return None, [*problems, could_not_parse(path, f"joined code cells: {reason}")]

    def locate(n: int) -> tuple[int, int | None]:
        i = max(bisect_right(starts, n) - 1, 0)
        return n - starts[i] + 1, cell_numbers[i]

    return PythonUnit(path=path, text=joined, tree=tree, locate=locate), problems
