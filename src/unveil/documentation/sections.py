"""Split a model card's markdown body into sections (heading path + line ranges) and prose blocks.

Two block parsers give the same sections: a line scanner (default; ATX/setext/HTML/bold-only headings,
fenced code, HTML blocks, pipe tables, paragraphs, one block per list item) and markdown-it-py's block
parser (`parser="markdown-it"`, inline parsing and its table rule off). markdown-it costs ~5 ms on an
11 KB card on this machine, more than everything else together, so survey-scale runs use the scanner;
a test checks both find the same headings on every real card. All line numbers are 1-based lines of
the card file.

The card's prose is also laid out as one string (`CardText.prose`) in which each block keeps its
character offsets (newlines inside a block become spaces, HTML tags and comments become blanks of
the same length), so one regex scan per topic finds matches and a bisect maps them back to a block,
a line and a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add

from markdown_it import MarkdownIt

from unveil import budgets
from unveil.documentation.bounded import RegexClock, long_lines
from unveil.documentation.word_index import WordIndex
from unveil.prose import HTML_COMMENT

# Hostile or generated cards can be huge; topic evidence lives in the first part of any real card.
MAX_BODY_CHARS = 400_000

_MD = MarkdownIt("commonmark").disable(["inline", "table", "reference"])

_HTML_TAG = re.compile(r"<[^<>\n]{0,2000}>")
# Bounded: a heading's tag and words are short, and "<h1>" repeated without its closer must not rescan the card from
# every opener.
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]{0,300}>(.{0,500}?)</h\1\s*>", re.S | re.I)
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A paragraph that is only a bold/underlined phrase acts as a heading ("**Training Data**").
_BOLD_HEADING = re.compile(r"^\s*(\*\*|__)([^*_\n]{2,80}?)\1\s*:?\s*$")
# A bold lead-in label at the start of a block ("**Intended Use Cases** Llama 3 is ...").
_BOLD_LABEL = re.compile(r"^\s*(?:[-*+]\s+)?(\*\*|__)([^*_\n]{2,60}?):?\1\s*:?")
_HEADING_CLEAN = re.compile(r"[*_`#>\[\]]|\(#[^)]*\)|\([^)]*://[^)]*\)|<[^>]*>")
_HEADING_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivx]+\.|[a-z]\))\s+", re.I)
_NL = re.compile(r"\n")
_NOT_NL = re.compile(r"[^\n]")
# Sentence ends: ASCII punctuation followed by space, CJK full stops, or a block/list-item boundary.
# `sentence_starts` computes the ends of this pattern's matches with string methods (2x faster than
# finditer); the pattern stays as the definition and a test checks both agree.
# The full stop of an abbreviation ("Sheng et al. (2021)", "e.g. a tweet", "cf.", "vs.") ends no sentence.
_SENT_OR_BLOCK = re.compile(r"(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bcf)(?<!\bvs)\.\s+|[!?;]\s+|[。！？；]\s*|\n", re.I)
# The same test on the (at most) four characters before a full stop, lower-cased, for `sentence_starts`.
_ABBREV = re.compile(r"(?:.*\W|^)(?:al|e\.g|i\.e|cf|vs)$", re.S)
_WS_RUN = re.compile(r"\s*")


@dataclass(slots=True)
class Block:
    kind: str  # paragraph | table | code | html
    line: int
    line_end: int
    text: str  # prose form: same length as the source slice, tags/comments blanked
    section: int  # index into CardText.sections
    label: str = ""  # bold lead-in label, lower-cased
    start: int = 0  # offset of the block in CardText.prose (-1: not in prose, e.g. code)
    line_starts: list[int] = field(default_factory=list)  # offsets (in prose) where each line starts (lazy)
    newlines: int = 0
    src: str = ""  # the block's text before prose layout (newlines kept)


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
    section_topics: list[frozenset[str]] | None = None  # filled by the topic judge
    topic_blocks: dict[str, list[int]] | None = None  # topic -> announced block indexes (topic judge)
    topic_first: dict[str, int] | None = None  # topic -> its first announced section (topic judge)
    live_rules: frozenset[int] | None = None  # ids of the keyed rules whose stems start a word (topic judge)
    orig_prose_lower: str = ""  # the lower-cased texts before placeholders were blanked (see windows)
    orig_tables_lower: str = ""
    index_prose: WordIndex | None = None  # words of orig_prose_lower (built on demand, see windows)
    index_tables: WordIndex | None = None
    sent_starts: list[int] = field(default_factory=list)  # sentence start offsets in prose
    row_starts: list[int] = field(default_factory=list)  # row start offsets in tables
    # (tables, key) -> sentence indexes holding the key, for the current texts (cleared when they change).
    key_sentences: dict[tuple[bool, str], list[int]] = field(default_factory=dict)
    key_windows: dict[tuple[bool, tuple[str, ...]], list[tuple[int, int]]] = field(default_factory=dict)  # windows()
    _starts: list[int] = field(default_factory=list)
    _table_starts: list[int] = field(default_factory=list)
    _prose_blocks: list[int] = field(default_factory=list)
    _table_blocks: list[int] = field(default_factory=list)
    _long: dict[int, tuple[str, int, list[tuple[int, int]]]] = field(default_factory=dict)
    regex_clock: RegexClock | None = None  # time left for matching this card's long lines (see bounded_search)

    def clock(self) -> RegexClock:
        if self.regex_clock is None:
            self.regex_clock = RegexClock()
        return self.regex_clock

    def long_lines(self, text: str) -> list[tuple[int, int]]:
        """`long_lines(text, regex_line_chars)` for one of this card's texts, kept while it is unchanged."""
        limit = budgets.current().regex_line_chars
        cached = self._long.get(id(text))
        if cached is None or cached[0] is not text or cached[1] != limit:
            cached = (text, limit, long_lines(text, limit))
            self._long[id(text)] = cached
        return cached[2]

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

    if "<" not in text:
        return text
    if "<!--" in text:
        text = HTML_COMMENT.sub(lambda m: _NOT_NL.sub(" ", m.group(0)), text)
    return _HTML_TAG.sub(lambda m: " " * (m.end() - m.start()), text)  # a tag never spans lines


def _table_start(lines: list[str]) -> int | None:
    """Index of a pipe table's header row inside a paragraph's lines, or None."""
    for j in range(1, min(len(lines), 40)):
        if "|" in lines[j - 1] and "-" in lines[j] and _TABLE_SEP.match(lines[j]):
            return j - 1
    return None


def split_sections(body: str, first_line: int = 1, parser: str = "fast") -> CardText:
    """Parse a markdown body whose first line is line `first_line` of the card file.

    `parser="fast"` (default) is the line scanner below; `parser="markdown-it"` uses markdown-it-py's
    block parser and yields the same sections (a test checks both on the recorded cards).
    """
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

    def add_block(kind: str, start: int, end: int) -> None:
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

    events = _scan(src_lines) if parser == "fast" else _markdown_it_events(body, src_lines)
    for ev in events:
        if ev[0] == "heading":
            open_section(ev[1], ev[2], first_line + ev[3])
        else:
            add_block(ev[1], ev[2], ev[3])

    # Close line ranges: a section runs until the next one starts.
    last_line = first_line + max(len(src_lines) - 1, 0)
    for k, sec in enumerate(sections):
        sec.line_end = (sections[k + 1].line - 1) if k + 1 < len(sections) else last_line
        sec.line_end = max(sec.line_end, sec.line)

    return _layout(CardText(sections, blocks, "", "", truncated))


# -- block scanners --------------------------------------------------------------------------------
# Events: ("heading", level, title, line_index) and ("block", kind, start, end) with 0-based line indexes.
Event = tuple


def _markdown_it_events(body: str, src_lines: list[str]) -> list[Event]:
    tokens = _MD.parse(body)
    events: list[Event] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        ttype = tok.type
        if ttype == "heading_open" and tok.map:
            events.append(("heading", int(tok.tag[1]), clean_heading(tokens[i + 1].content if i + 1 < n else ""),
                           tok.map[0]))
            i += 3
            continue
        if ttype == "paragraph_open" and tok.map:
            _paragraph_events(events, src_lines, tok.map[0], tok.map[1])
            i += 3
            continue
        if ttype in ("fence", "code_block") and tok.map:
            events.append(("block", "code", tok.map[0], tok.map[1]))
        elif ttype == "html_block" and tok.map:
            _html_events(events, src_lines, tok.map[0], tok.map[1])
        i += 1
    return events


def _paragraph_events(events: list[Event], src_lines: list[str], start: int, end: int) -> None:
    lines = src_lines[start:end]
    cut = _table_start(lines)
    if cut is not None:
        if cut > 0:
            events.append(("block", "paragraph", start, start + cut))
        events.append(("block", "table", start + cut, end))
    elif len(lines) == 1 and (m := _BOLD_HEADING.match(lines[0])):
        events.append(("heading", 7, clean_heading(m.group(2)), start))
    else:
        events.append(("block", "paragraph", start, end))


def _html_events(events: list[Event], src_lines: list[str], start: int, end: int) -> None:
    raw = "\n".join(src_lines[start:end])
    heads = list(_HTML_HEADING.finditer(raw)) if "<h" in raw or "<H" in raw else []
    if heads:
        for h in heads:
            line = start + raw.count("\n", 0, h.start())
            events.append(("heading", int(h.group(1)), clean_heading(h.group(2)), line))
    else:
        events.append(("block", "html", start, end))


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HTML_START = re.compile(r"^ {0,3}<(?:[a-zA-Z][\w-]*[\s/>]|[a-zA-Z][\w-]*$|/[a-zA-Z]|!--|\?|![A-Z])")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
_HR = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")


def _scan(src_lines: list[str]) -> list[Event]:
    """Line scanner for the block structure topic rules need: headings (ATX, setext, HTML, bold-only
    lines), fenced code, HTML blocks, pipe tables, paragraphs and list items (one block each)."""
    events: list[Event] = []
    n = len(src_lines)
    i = 0
    para_start = -1  # first line of the open paragraph/list item, or -1

    def close(upto: int) -> None:
        nonlocal para_start
        if para_start >= 0:
            _paragraph_events(events, src_lines, para_start, upto)
            para_start = -1

    while i < n:
        line = src_lines[i]
        stripped = line.strip()
        if not stripped:
            close(i)
            i += 1
            continue
        first = stripped[0]
        if first in "`~" and (m := _FENCE.match(line)):
            close(i)
            fence = m.group(1)
            j = i + 1
            closing = fence[0] * len(fence)
            while j < n:
                # `closing in` first: most lines of a code block hold no fence (no strip, no new string)
                if closing in src_lines[j] and (t := src_lines[j].strip()).startswith(closing) \
                        and not t.strip(fence[0]):
                    break
                j += 1
            events.append(("block", "code", i, min(j + 1, n)))
            i = j + 1
            continue
        if first == "#" and (m := _ATX.match(line)):
            close(i)
            events.append(("heading", len(m.group(1)), clean_heading(m.group(2) or ""), i))
            i += 1
            continue
        if first == "<" and para_start < 0 and _HTML_START.match(line):
            j = i + 1
            if stripped.startswith("<!--"):
                while j < n and "-->" not in src_lines[j - 1]:
                    j += 1
            else:
                while j < n and src_lines[j].strip():
                    j += 1
            _html_events(events, src_lines, i, j)
            i = j
            continue
        if first in "=-" and para_start >= 0 and i - para_start == 1 and _SETEXT.match(line):
            # A one-line paragraph underlined by === or --- is a heading.
            title = src_lines[para_start]
            para_start = -1
            events.append(("heading", 1 if first == "=" else 2, clean_heading(title), i - 1))
            i += 1
            continue
        if first in "-*_" and _HR.match(line):
            close(i)
            i += 1
            continue
        if "|" in stripped and i + 1 < n and "-" in src_lines[i + 1] and _TABLE_SEP.match(src_lines[i + 1]):
            close(i)
            j = i + 2
            while j < n and "|" in src_lines[j] and src_lines[j].strip():
                j += 1
            events.append(("block", "table", i, j))
            i = j
            continue
        if para_start >= 0 and (first in "-*+>" or first.isdigit()) and _LIST_ITEM.match(line):
            close(i)  # each list item is its own block
        if para_start < 0:
            para_start = i
        i += 1
    close(n)
    return events


def _layout(card: CardText) -> CardText:
    prose_parts: list[str] = []
    table_parts: list[str] = []
    pos = tpos = 0
    for k, b in enumerate(card.blocks):
        if b.kind == "code":
            b.start = -1
            continue
        b.src = b.text
        text = _blank_html(b.text)
        base = tpos if b.kind == "table" else pos
        b.newlines = text.count("\n")  # line starts are computed only when evidence needs them
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
    card.sent_starts = sentence_starts(card.prose)
    card.row_starts = [0] + [m.end() for m in _NL.finditer(card.tables)]
    lower_texts(card)
    return card


def _positions(text: str, ch: str) -> list[int]:
    """Offsets of every `ch` in `text`, from the lengths of the pieces between them (C-speed)."""
    pieces = text.split(ch)
    if len(pieces) == 1:
        return []
    return list(map(add, accumulate(map(len, pieces[:-1])), range(len(pieces) - 1)))


def sentence_starts(text: str) -> list[int]:
    """[0] + the end offsets of `_SENT_OR_BLOCK`'s matches in `text` (same result as finditer).

    Every match starts at one of the sentence-ending characters: walk those in order, skip the ones a
    previous match swallowed, and extend each match over the whitespace the pattern would take.
    """
    cands: list[int] = []
    for ch in ".!?;\n":
        if ch in text:
            cands += _positions(text, ch)
    if not text.isascii():
        for ch in "。！？；":
            if ch in text:
                cands += _positions(text, ch)
    cands.sort()
    out = [0]
    cursor = 0
    n = len(text)
    ws_run = _WS_RUN.match
    for p in cands:
        if p < cursor:
            continue
        ch = text[p]
        if ch == "\n":
            end = p + 1
        elif ch in ".!?;":
            if p + 1 >= n or not text[p + 1].isspace():  # ASCII punctuation needs whitespace after it
                continue
            if ch == "." and text[p - 1] in "lgefsLGEFS" and _ABBREV.match(text[max(0, p - 4):p].lower()):
                continue  # "Sheng et al. (2021)", "e.g. a tweet": an abbreviation inside the sentence
            end = ws_run(text, p + 2).end()  # type: ignore[union-attr]
        else:
            end = ws_run(text, p + 1).end()  # type: ignore[union-attr]
        out.append(end)
        cursor = end
    return out


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters lower-case to two (e.g. dotted capital I); keep offsets aligned.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def lower_texts(card: CardText) -> None:
    card.prose_lower = card.orig_prose_lower = _lower(card.prose)
    card.tables_lower = card.orig_tables_lower = _lower(card.tables)


def line_of(block: Block, offset: int) -> int:
    """File line of a prose offset inside `block`."""
    if not block.newlines:
        return block.line
    if not block.line_starts:
        block.line_starts = [block.start] + [block.start + m.end() for m in _NL.finditer(block.src)]
    return block.line + max(bisect_right(block.line_starts, offset) - 1, 0)


def sentence_at(starts: list[int], offset: int, lo: int, hi: int) -> tuple[int, int]:
    """Bounds of the sentence around `offset`, clipped to text[lo:hi]; `starts` are sentence starts."""
    idx = bisect_right(starts, offset) - 1
    start = max(starts[idx] if idx >= 0 else lo, lo)
    end = starts[idx + 1] if idx + 1 < len(starts) else hi
    return start, max(min(end, hi), offset + 1)
