"""Split a model card's markdown body into sections (heading path + line ranges) and prose blocks.

Only markdown-it's block parser runs (inline parsing and the table rule are off: they cost more than
everything else together and topic rules need plain text, not inline tokens). Tables are recognised
from their pipe rows instead. All line numbers are 1-based lines of the card file.

The card's prose is also laid out as one string (`CardText.prose`) in which each block keeps its
character offsets (newlines inside a block become spaces, HTML tags and comments become blanks of
the same length), so one regex scan per topic finds matches and a bisect maps them back to a block,
a line and a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

# Hostile or generated cards can be huge; topic evidence lives in the first part of any real card.
MAX_BODY_CHARS = 400_000

_MD = MarkdownIt("commonmark").disable(["inline", "table", "reference"])

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_HTML_TAG = re.compile(r"<[^<>\n]{0,2000}>")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A paragraph that is only a bold/underlined phrase acts as a heading ("**Training Data**").
_BOLD_HEADING = re.compile(r"^\s*(\*\*|__)([^*_\n]{2,80}?)\1\s*:?\s*$")
# A bold lead-in label at the start of a block ("**Intended Use Cases** Llama 3 is ...").
_BOLD_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?(\*\*|__)([^*_\n]{2,60}?):?\1\s*:?")
_HEADING_CLEAN = re.compile(r"[*_`#>\[\]]|\(#[^)]*\)|\([^)]*://[^)]*\)|<[^>]*>")
_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+", re.I)
_NL = re.compile(r"\n")
_SENT_OR_BLOCK = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；])|\n")
_SENT_END = re.compile(r"(?<=[.!?。！？;；])\s+|(?<=[。！？])")


@dataclass(slots=True)
class Block:
    kind: str  # paragraph | table | code | html
    line: int
    line_end: int
    text: str  # prose form: same length as the source slice, tags/comments blanked
    section: int  # index into CardText.sections
    label: str = ""  # bold lead-in label, lower-cased
    start: int = 0  # offset of the block in CardText.prose (-1: not in prose, e.g. code)
    line_starts: list[int] = field(default_factory=list)  # offsets (in prose) where each line starts


@dataclass(slots=True)
class Section:
    heading: str  # cleaned heading text ('' for the part before the first heading)
    level: int  # 1-6 for markdown/HTML headings, 7 for bold pseudo-headings, 0 for the preamble
    path: tuple[str, ...]  # headings from the top down to this one
    line: int
    line_end: int
    blocks: list[int] = field(default_factory=list)  # indexes into CardText.blocks

    @property
    def path_text(self) -> str:
        return " / ".join(p for p in self.path if p)


@dataclass(slots=True)
class CardText:
    sections: list[Section]
    blocks: list[Block]
    prose: str  # all prose and table blocks, one per line-run, separated by "\n"
    tables: str  # table blocks only (same layout as prose)
    truncated: bool = False
    prose_lower: str = ""  # lower-cased copies, same offsets (topic rules run on these)
    tables_lower: str = ""
    sent_starts: list[int] = field(default_factory=list)  # sentence start offsets in prose
    row_starts: list[int] = field(default_factory=list)  # row start offsets in tables
    _starts: list[int] = field(default_factory=list)
    _table_starts: list[int] = field(default_factory=list)
    _prose_blocks: list[int] = field(default_factory=list)
    _table_blocks: list[int] = field(default_factory=list)

    def block_at(self, offset: int, tables: bool = False) -> Block:
        starts, idx = (self._table_starts, self._table_blocks) if tables else (self._starts, self._prose_blocks)
        return self.blocks[idx[max(bisect_right(starts, offset) - 1, 0)]]

    def code_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "code"]


def clean_heading(raw: str) -> str:
    text = _HEADING_CLEAN.sub(" ", raw)
    text = _HEADING_NUMBER.sub("", text.strip())
    return " ".join(text.split()).strip(" :.-")


def _blank_html(text: str) -> str:
    """Blank comments and tags with spaces of the same length (offsets and newlines survive)."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m.group(0))

    if "<" not in text:
        return text
    return _HTML_TAG.sub(blank, _HTML_COMMENT.sub(blank, text))


def _table_start(lines: list[str]) -> int | None:
    """Index of a pipe table's header row inside a paragraph's lines, or None."""
    for j in range(1, min(len(lines), 40)):
        if "|" in lines[j - 1] and "-" in lines[j] and _TABLE_SEP.match(lines[j]):
            return j - 1
    return None


def split_sections(body: str, first_line: int = 1) -> CardText:
    """Parse a markdown body whose first line is line `first_line` of the card file."""
    truncated = len(body) > MAX_BODY_CHARS
    if truncated:
        body = body[:MAX_BODY_CHARS]
    src_lines = body.split("\n")
    sections: list[Section] = [Section("", 0, ("",), first_line, first_line)]
    blocks: list[Block] = []
    stack: list[tuple[int, str]] = []

    def open_section(level: int, title: str, line: int) -> None:
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        sections.append(Section(title, level, tuple(t for _, t in stack), line, line))

    def add_block(kind: str, start: int, end: int, text: str | None = None) -> None:
        if text is None:
            text = "\n".join(src_lines[start:end])
        if not text.strip():
            return
        label = ""
        if kind != "code":
            m = _BOLD_LABEL.match(text)
            if m:
                label = m.group(2).strip().lower()
        blocks.append(Block(kind, first_line + start, first_line + max(end - 1, start), text,
                            len(sections) - 1, label))
        sections[-1].blocks.append(len(blocks) - 1)

    tokens = _MD.parse(body)
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        ttype = tok.type
        if ttype == "heading_open" and tok.map:
            title = clean_heading(tokens[i + 1].content if i + 1 < n else "")
            open_section(int(tok.tag[1]), title, first_line + tok.map[0])
            i += 3
            continue
        if ttype == "paragraph_open" and tok.map:
            start, end = tok.map
            lines = src_lines[start:end]
            cut = _table_start(lines)
            if cut is not None:
                if cut > 0:
                    add_block("paragraph", start, start + cut)
                add_block("table", start + cut, end)
            elif len(lines) == 1 and (m := _BOLD_HEADING.match(lines[0])):
                open_section(7, clean_heading(m.group(2)), first_line + start)
            else:
                add_block("paragraph", start, end)
            i += 3
            continue
        if ttype in ("fence", "code_block") and tok.map:
            add_block("code", tok.map[0], tok.map[1])
        elif ttype == "html_block" and tok.map:
            start, end = tok.map
            raw = "\n".join(src_lines[start:end])
            heads = list(_HTML_HEADING.finditer(raw))
            if heads:
                for h in heads:
                    line = start + raw.count("\n", 0, h.start())
                    open_section(int(h.group(1)), clean_heading(h.group(2)), first_line + line)
            else:
                add_block("html", start, end, raw)
        i += 1

    # Close line ranges: a section runs until the next one starts.
    last_line = first_line + max(len(src_lines) - 1, 0)
    for k, sec in enumerate(sections):
        sec.line_end = (sections[k + 1].line - 1) if k + 1 < len(sections) else last_line
        sec.line_end = max(sec.line_end, sec.line)

    return _layout(CardText(sections, blocks, "", "", truncated))


def _layout(card: CardText) -> CardText:
    prose_parts: list[str] = []
    table_parts: list[str] = []
    pos = tpos = 0
    for k, b in enumerate(card.blocks):
        if b.kind == "code":
            b.start = -1
            continue
        text = _blank_html(b.text)
        base = tpos if b.kind == "table" else pos
        b.line_starts = [base] + [base + m.end() for m in _NL.finditer(text)]
        b.start = base
        if b.kind == "table":
            # Rows stay rows: a table's unit of evidence is the row.
            b.text = text
            table_parts.append(text)
            card._table_starts.append(tpos)
            card._table_blocks.append(k)
            tpos += len(text) + 1
        else:
            b.text = text.replace("\n", " ")
            prose_parts.append(b.text)
            card._starts.append(pos)
            card._prose_blocks.append(k)
            pos += len(b.text) + 1
    card.prose = "\n".join(prose_parts)
    card.tables = "\n".join(table_parts)
    card.sent_starts = [0] + [m.end() for m in _SENT_OR_BLOCK.finditer(card.prose)]
    card.row_starts = [0] + [m.end() for m in _NL.finditer(card.tables)]
    lower_texts(card)
    return card


def windows(text: str, keys: tuple[str, ...], starts: list[int]) -> list[tuple[int, int]]:
    """Sentences (lo, hi) of `text` that contain one of `keys`, in order: a rule runs only there.

    str.find is far cheaper than a regex scan, so rules anchored on rare words cost almost nothing.
    """
    found: set[int] = set()
    n = len(starts)
    for key in keys:
        pos = text.find(key)
        while pos >= 0:
            idx = bisect_right(starts, pos) - 1
            found.add(idx)
            nxt = starts[idx + 1] if idx + 1 < n else len(text)
            pos = text.find(key, max(nxt, pos + 1))
    out = []
    for idx in sorted(found):
        lo = starts[idx]
        hi = starts[idx + 1] if idx + 1 < n else len(text)
        out.append((lo, hi))
    return out


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lower-case to two (e.g. dotted capital I); keep offsets aligned.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def lower_texts(card: CardText) -> None:
    card.prose_lower = _lower(card.prose)
    card.tables_lower = _lower(card.tables)


def line_of(block: Block, offset: int) -> int:
    """File line of a prose offset inside `block`."""
    return block.line + max(bisect_right(block.line_starts, offset) - 1, 0)


def sentence_at(text: str, offset: int, lo: int, hi: int) -> tuple[int, int]:
    """Bounds of the sentence around `offset` within text[lo:hi]."""
    start = lo
    for m in _SENT_END.finditer(text, lo, offset):
        start = m.end()
    m = _SENT_END.search(text, offset, hi)
    end = m.start() if m else hi
    return start, max(end, offset + 1)
