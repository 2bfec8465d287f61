"""Open-source claims in table rows, read by the row's subject rather than as a sentence.

A row says something about the model its first cell names: "| AcmeLM-7B-Chat | 开源 |" presents AcmeLM-7B-Chat
as open source, "| OtherLM | open source |" another model. So a cell holding an open-source phrase is a claim
about the release only when the row is the release's own (its first cell names the release, or is a property of
the release in a two-column "key | value" table such as "| Model type | open-source LLM |"), and the cell says it
(not negated, not said of code or data). Column titles ("| Model | Open Source |" above a `|---|` line, `<th>`),
group labels ("| **Open-Source Models** | | |") and rows naming another model are not claims. A "yes" under an
"Open source" column (or in a "| Open source | Yes |" row) in the release's own row is a claim too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HTML_CELL = re.compile(r"</?t[dhr]\b[^>]{0,300}>", re.I)
_MAX_CELLS = 40  # a hostile row of thousands of cells is read no further
# The key of a "key | value" row describing the release itself.
_SELF_KEY = re.compile(r"^(?:model(?:\s+(?:type|description|summary|status|availability|release))?|type|description|"
                       r"summary|overview|status|availability|release|weights|模型(?:类型|介绍|简介|描述)?|类型|简介|"
                       r"描述|是否开源|开源(?:情况|状态)?)\W*$", re.I)
_YES = re.compile(r"^\W*(?:yes|y|true|✓|✔|✔️|✅|☑|是|有|已开源)\W*$", re.I)

Predicate = Callable[[str], bool]


@dataclass
class TableState:
    """What the rows read so far say about the table: the column of an "Open source" title, if any."""
    open_col: int | None = None
    rows: int = field(default=0)


def cells_of(raw: str) -> tuple[list[str], bool] | None:
    """(cells, is a header row) of a markdown or one-line HTML table row; None for any other line."""
    s = raw.strip()
    if s.startswith("|") and s.count("|") >= 2:
        return [c.strip() for c in s.strip("|").split("|")[:_MAX_CELLS]], False
    if re.search(r"<t[dh]\b", s, re.I):
        header = bool(re.search(r"<th\b", s, re.I))
        return [c.strip() for c in _HTML_CELL.split(s)[: 2 * _MAX_CELLS] if c.strip()], header
    return None


def is_separator(raw: str | None) -> bool:
    return bool(raw) and bool(_SEPARATOR.match(raw or ""))


def row_claim(cells: list[str], header: bool, state: TableState, *, has_phrase: Predicate, is_name: Predicate,
              cell_says: Predicate) -> str | None:
    """The cell of this row that presents the release as open source, if any.

    `has_phrase` tells a cell holding an open-source phrase, `is_name` a cell naming the release, `cell_says`
    whether a cell of the release's own row says it is open source (not negated, not of code or data).
    """
    state.rows += 1
    if header:
        idx = [i for i, c in enumerate(cells) if has_phrase(c)]
        state.open_col = idx[0] if idx else None
        return None  # column titles
    filled = [c for c in cells if c.strip(" *_`-")]
    if len(filled) < 2 or not cells or has_phrase(cells[0]) and not _value_yes(cells):
        return None  # a group label ("| **Open-Source Models** | | |"), or a row of another kind
    first = cells[0].strip(" *_`")
    if has_phrase(first):
        return " | ".join(cells[:2])  # "| Open source | Yes |" (a property row holding a yes)
    own = is_name(first) or (len(cells) == 2 and bool(_SELF_KEY.match(first)))
    if not own:
        return None  # a row of another model
    if state.open_col is not None and 0 < state.open_col < len(cells) and _YES.match(cells[state.open_col]):
        return " | ".join(cells)  # a tick under the table's "Open source" column
    for cell in cells[1:]:
        if has_phrase(cell) and cell_says(cell):
            return cell
    return None


def _value_yes(cells: list[str]) -> bool:
    return len(cells) >= 2 and bool(_YES.match(cells[1]))
