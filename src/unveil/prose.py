"""What a reader of a model card sees as its prose, line by line.

The Hub renders a card's markdown: HTML comments are invisible there, and code blocks, BibTeX entries
and link targets are not statements the card makes. Readers of claims, components and documentation
topics use these lines so that a toolkit's BibTeX title, a URL path (`.../pii/S0004...`) or a commented
out link never reads as something the card says. Every scan here is linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# An HTML comment, or an unterminated one to the end (the Hub hides both).
HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_BIBTEX_START = re.compile(r"^\s*@[A-Za-z]+\s*[{(]")
_BIBTEX_FIELD = re.compile(r"^\s*[A-Za-z_]+\s*=\s*[{\"\d]")
# `[text](target)`: no '[' inside either part so a line of "[[[[" cannot backtrack quadratically.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\s\[]*(?:\([^()\s]*\)[^()\s\[]*)*(?:\s+\"[^\"\n]*\")?\)")
_URL = re.compile(r"\b(?:https?://|www\.)[^\s)<>\]]+|<https?://[^>\s]*>", re.I)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>")


def strip_comments(text: str) -> str:
    """HTML comments blanked out, line breaks kept (so line numbers stay those of the file)."""
    if "<!--" not in text:
        return text
    return HTML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def clean_line(line: str) -> str:
    """A prose line with link targets, bare URLs, inline code and HTML tags removed (link texts kept)."""
    if "](" in line:
        line = _MD_LINK.sub(r"\1", line)
    if "://" in line or "www." in line:
        line = _URL.sub(" ", line)
    if "`" in line:
        line = _INLINE_CODE.sub(" ", line)
    if "<" in line:
        line = _HTML_TAG.sub(" ", line)
    return line


def prose_lines(text: str, start_line: int = 1) -> Iterator[tuple[int, str]]:
    """(1-based line, raw line) of every line outside HTML comments, code blocks and BibTeX entries.

    `start_line` skips what comes before (the front matter). Lines are returned as written; pass them
    through `clean_line` to drop link targets and URLs.
    """
    in_fence = False
    bib_depth = 0
    for no, line in enumerate(strip_comments(text).split("\n"), start=1):
        if no < start_line:
            continue
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        if bib_depth > 0 and (not line.strip() or line.startswith("#")):
            bib_depth = 0  # an entry never closed ends at a blank line or a heading, not at the end of the card
        if bib_depth > 0 or _BIBTEX_START.match(line):
            bib_depth = max(0, bib_depth + line.count("{") + line.count("(") - line.count("}") - line.count(")"))
            continue
        if _BIBTEX_FIELD.match(line) and re.match(r"^\s*(?:title|author|journal|booktitle|year|url|pages|"
                                                   r"publisher|eprint|volume|doi|archiveprefix)\b", line, re.I):
            continue  # a stray BibTeX field (an entry pasted without its @type line)
        yield no, line
