"""Turn raw license bytes into comparable text: decoded, markup removed, flattened, with a map back to
the original line numbers (evidence must point at lines a person can open).

Hostile input is normal input: binary, huge, non-UTF-8, HTML- or markdown-wrapped texts all give a
`Prepared` (possibly empty), never an exception.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

# Licence texts are < 100 KB; a card with an embedded licence rarely exceeds a few hundred KB.
MAX_BYTES = 512 * 1024

_TRANSLATE = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "`": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u2026": "...",
        "\u00a9": "(c)",
    }
)
_HTML_HINT = re.compile(r"<(?:html|body|div|p|span|br|h[1-6]|li|ul|pre|table|head)\b", re.I)
_DROP_OPEN = re.compile(r"<(script|style)\b", re.I)
_DROP_CLOSE = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}
_HTML_BLOCK = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr|/pre|p|div|li|h[1-6]|tr)\b[^>]{0,400}>", re.I)
_HTML_TAG = re.compile(r"<[^>\n]{0,400}>")
# Markup at the start of a line: headings, quotes, bullets, comment leaders of source headers.
_LINE_LEAD = re.compile(
    r"^[ \t]*(?:#+[ \t]?|>+[ \t]*|[-+][ \t]+|//+[ \t]?|/\*+[ \t]?|\*+/?[ \t]?|--[ \t]|;+[ \t])*", re.M
)
_EMPHASIS = re.compile(r"\*\*|__|~~|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\(([^)\s]{0,500})\)")
_SPAN = re.compile(r"</?span[^>]*>", re.I)
# Code fences and horizontal rules: the line is emptied (kept, so line numbers stay right).
_FENCE_LINE = re.compile(r"^[ \t]*(?:```.*|~~~.*|(?:[=\-_*#][ \t]*){3,})$", re.M)
_HSPACE = re.compile(r"[ \f\v]{2,}|[\f\v]")  # tabs are already spaces; single spaces stay
# Dots that end no sentence: inside numbers and names ("2.0", "$1.5", "FLUX.1"), in letter abbreviations ("U.S."),
# and after a list label ("a. use ...", "ii. for ...", "3. Restrictions"), so a prohibition's lead-in and its list
# items stay one clause.
_NUM_DOT = re.compile(
    r"(?<=\w)\.(?=\d)|"
    # ... and inside abbreviations of single letters ("u.s. export laws", "e.g.", "i.e."), both dots.
    r"(?<=\b[a-z])\.(?=[a-z]\.)|(?<=\.[a-z])\.(?=\s)|"
    r"(?:(?<=^[a-z])|(?<=[\s:(\x01-][a-z])|(?<=[\s:(-][ivx]{2})|(?<=[\s:(-][ivx]{3})|(?<=[\s:(-]\d)|(?<=[\s:(-]\d\d))\.(?=\s)"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass
class Prepared:
    """Cleaned text. `flat` is one line (single spaces); `lower` is its lower-case twin (same length)."""

    flat: str = ""
    lower: str = ""
    # flat offset where each kept line starts, and that line's 1-based number in the original file.
    starts: list[int] = field(default_factory=list)
    line_nos: list[int] = field(default_factory=list)
    binary: bool = False
    truncated: bool = False
    encoding: str = "utf-8"
    _clause: str | None = field(default=None, repr=False)

    @property
    def clause_text(self) -> str:
        """`lower` with the dots that end no sentence masked (`_NUM_DOT`), so '[^.;]' stays in one sentence."""
        if self._clause is None:
            self._clause = _NUM_DOT.sub("\x01", self.lower)
        return self._clause

    def line_at(self, offset: int) -> int | None:
        if not self.starts:
            return None
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.line_nos[max(i, 0)]

    def at_line_start(self, offset: int) -> bool:
        i = bisect.bisect_left(self.starts, offset)
        return i < len(self.starts) and self.starts[i] == offset


def decode(data: bytes) -> tuple[str, str, bool]:
    """(text, encoding, binary). Tries UTF-8/UTF-16 (BOM), then cp1252, then latin-1."""
    head = data[:8192]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", False
        except UnicodeDecodeError:
            pass
    if head.count(b"\x00") > max(2, len(head) // 100):
        return "", "binary", True
    for enc in ("utf-8", "cp1252"):
        try:
            return data.decode(enc), enc, False
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1", False


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _drop_scripts(text: str) -> str:
    """Script and style elements removed, their newlines kept. One pass: a tag without its closer ends the
    search for that tag (no later opener has one either), so "<script" repeated costs one scan, not one each."""
    parts: list[str] = []
    pos = 0
    closed = {"script": True, "style": True}
    for m in _DROP_OPEN.finditer(text):
        tag = m.group(1).lower()
        if m.start() < pos or not closed[tag]:
            continue
        end = _DROP_CLOSE[tag].search(text, m.end())
        if end is None:
            closed[tag] = False
            continue
        parts += [text[pos : m.start()], "\n" * text.count("\n", m.start(), end.end())]
        pos = end.end()
    return "".join(parts) + text[pos:] if parts else text


def prepare(raw: bytes | str | None) -> Prepared:
    if raw is None:
        return Prepared()
    truncated = False
    if isinstance(raw, bytes):
        if len(raw) > MAX_BYTES:
            raw, truncated = raw[:MAX_BYTES], True
        text, encoding, binary = decode(raw)
        if binary:
            return Prepared(binary=True, encoding=encoding, truncated=truncated)
    else:
        text, encoding = raw, "str"
        if len(text) > MAX_BYTES:
            text, truncated = text[:MAX_BYTES], True
        if "\x00" in text[:8192]:
            return Prepared(binary=True, encoding=encoding, truncated=truncated)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _HTML_HINT.search(text[:20000]):
        # Keep the line count: every removed tag keeps its own newlines.
        text = _drop_scripts(text)
        text = _HTML_BLOCK.sub(lambda m: "\n" + "\n" * m.group(0).count("\n"), text)
        text = _HTML_TAG.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        text = html.unescape(text)
    else:
        text = _SPAN.sub("", text)
    # str.translate walks every character in Python; only non-ASCII ones need mapping.
    text = text.replace("`", "'").replace("\t", " ")
    if not text.isascii():
        text = _NON_ASCII.sub(lambda m: m.group(0).translate(_TRANSLATE), text)
    # Whole-text passes (one regex call each) are much faster than per-line ones.
    # Each pass runs only when its marker occurs (most licence texts have no markdown at all).
    if "```" in text or "~~~" in text or re.search(r"[=\-_*#]{3}", text):
        text = _FENCE_LINE.sub("", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1 (\2)", text)
    text = _LINE_LEAD.sub("", text)
    if "*" in text or "__" in text or "~~" in text:
        text = _EMPHASIS.sub("", text)
    text = _HSPACE.sub(" ", text)
    parts: list[str] = []
    starts: list[int] = []
    line_nos: list[int] = []
    pos = 0
    for no, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        starts.append(pos)
        line_nos.append(no)
        parts.append(line)
        pos += len(line) + 1
    flat = " ".join(parts)
    return Prepared(
        flat=flat,
        lower=_lower_same_length(flat),
        starts=starts,
        line_nos=line_nos,
        truncated=truncated,
        encoding=encoding,
    )


def sentence_span(p: Prepared, start: int, end: int, limit: int = 400) -> tuple[int, int]:
    """Expand [start, end) to the enclosing sentence (bounded), for evidence quotes."""
    text = p.flat
    lo = max(0, start - limit)
    cut = max(text.rfind(". ", lo, start), text.rfind("; ", lo, start), text.rfind(": ", lo, start))
    s = cut + 2 if cut >= 0 else lo
    # Prefer a line start if one lies between the cut and the match (headings, list items).
    i = bisect.bisect_right(p.starts, start) - 1
    if i >= 0 and p.starts[i] > s:
        s = p.starts[i]
    hi = min(len(text), end + limit)
    m = re.compile(r"[.;](?:\s|$)").search(text, end, hi)
    e = m.end() if m else hi
    return s, e


def evidence_for(p: Prepared, start: int, end: int) -> tuple[str, int | None, int | None]:
    """(sentence, first line, last line) around a match."""
    s, e = sentence_span(p, start, end)
    quote = p.flat[s:e].strip()
    if len(quote) > 500:
        quote = quote[:497] + "..."
    return quote, p.line_at(s), p.line_at(max(e - 1, s))
