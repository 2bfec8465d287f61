"""Template boilerplate and placeholders: text that looks like documentation but discloses nothing.

The Hub's model-card template (and the card the `transformers` Trainer writes) fill every section
with a "more information needed" marker, guidance comments and a few stock sentences (a generic
warning that users should know the model has risks, biases and limitations; a pointer to a carbon
calculator; "use the code below"; "this card was generated automatically"). Left in place they make
a card look complete. Such text is blanked from the prose before any topic rule runs, so it can
never count as coverage. The patterns below describe those facts; no template text is copied.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unveil.documentation.sections import CardText, line_of, sentence_at
from unveil.documentation.word_index import register_keys, windows
from unveil.prose import HTML_COMMENT
from unveil.regex_source import fast_start

# A value that stands for "not filled in" (whole sentence/cell after labels are removed).
_MARKER = (
    r"(?:\[\s*(?:TODO|TBD|FIXME)\b[^\]\n]{0,300}\]"
    r"|(?:\[\s*)?\b(?:more|further)\s+info(?:rmation)?\s+(?:is\s+)?needed(?:\s*\])?"
    r"|(?:\[\s*)?\bneeds?\s+more\s+info(?:rmation)?(?:\s*\])?"
    r"|\bTBD\b|\bTBA\b|\bTODO\b|\bFIXME\b|\bN/A\b|\bforthcoming\b|\bcoming\s+soon\b"
    r"|to\s+be\s+(?:added|announced|determined|completed|updated|released|provided|filled)"
    r"|\{\{[^}\n]{0,200}\}\}|\[\s*(?:optional|your[^\]\n]{0,40}|insert[^\]\n]{0,60})\s*\])"
)
MARKER = re.compile(_MARKER, re.I)  # a new alternative needs one of its words in _MARKER_WORDS below

# Sentences that are stock template text: each alternative names one stock fact, in our words.
BOILERPLATE = re.compile(
    r"should\s+be\s+made\s+aware\s+of\s+the\s+risks"
    r"|information\s+needed\s+for\s+further\s+recommendations"
    r"|carbon\s+emissions\s+can\s+be\s+estimated"
    r"|machine\s+learning\s+impact\s+calculator"
    r"|use\s+the\s+code\s+below\s+to\s+get\s+started"
    r"|(?:card|readme)\s+(?:has\s+been|was)\s+(?:automatically\s+|auto-)generated"
    r"|automatically\s+generated\s+(?:model\s+)?card"
    r"|model\s+that\s+has\s+been\s+pushed\s+on\s+the\s+hub"
    r"|this\s+section\s+(?:provides|addresses|describes|identifies|is\s+meant|should|contains|lists)\b"
    r"|provide\s+a\s+(?:quick|longer|basic)\s+(?:summary|description)"
    r"|provide\s+examples\s+of\s+latent\s+issues"
    r"|this\s+model\s+is\s+not\s+ready\s+to\s+be\s+used\s+in\s+production"  # the example text of skops' card tutorial
    r"|fill\s+(?:in|out)\s+this\s+(?:section|card|template)",
    re.I,
)

# Lower-case twins for scanning lower-cased text (case-insensitive scans cost ~10x).
MARKER_LC = re.compile(
    r"\[\s*(?:todo|tbd|fixme)\b[^\]\n]{0,300}\]"
    r"|\b(?:more|further)\s+info(?:rmation)?\s+(?:is\s+)?needed|\bneeds?\s+more\s+info(?:rmation)?"
    r"|\b(?:tbd|tba|todo|fixme|forthcoming)\b|\bn/a\b|\bcoming\s+soon\b"
    r"|\bto\s+be\s+(?:added|announced|determined|completed|updated|released|provided|filled)"
    r"|\{\{[^}\n]{0,200}\}\}|\[\s*(?:optional|your[^\]\n]{0,40}|insert[^\]\n]{0,60})\s*\]"
)
BOILERPLATE_LC = re.compile(BOILERPLATE.pattern)

_BOILER_KEYS = ("should be made", "further recommendations", "carbon emissions", "impact calculator", "code below",
                "generated", "pushed on the hub", "this section", "provide a", "provide examples", "fill ",
                "ready to be used")
_MARKER_KEYS = ("needed", "more info", "tbd", "tba", "todo", "fixme", "forthcoming", "n/a", "coming soon", "to be ",
                "{{",
                "[optional", "[ optional", "[your", "[insert")

register_keys(_BOILER_KEYS + _MARKER_KEYS)

# A line that is only a label ("**Hardware Type:**", "- Developed by:") followed by nothing or a marker.
_LABEL_ONLY = re.compile(r"^[\s\-*+>|]*(?:\*\*|__)?[^:\n]{1,60}?:(?:\*\*|__)?[\s.|*_]*$")
_GUIDANCE = re.compile(r"[\s*_]*this\s+section\b", re.I)
_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,}")


def _blank(s: str) -> str:
    return re.sub(r"[^\n]", " ", s)


def blank_placeholders(card: CardText) -> list[tuple[int, str]]:
    """Blank boilerplate sentences and placeholder markers in `card.prose`/`card.tables` in place.

    Returns (line, text) of what was blanked, for findings.
    """
    hits: list[tuple[int, str]] = []
    for attr, tables in (("prose", False), ("tables", True)):
        text: str = getattr(card, attr)
        if not text:
            continue
        low = getattr(card, attr + "_lower") or text.lower()
        spans: list[tuple[int, int]] = []
        starts = card.row_starts if tables else card.sent_starts
        found = [m for lo, hi in windows(card, tables, _BOILER_KEYS) for m in BOILERPLATE_LC.finditer(low, lo, hi)]
        markers = [m for lo, hi in windows(card, tables, _MARKER_KEYS) for m in MARKER_LC.finditer(low, lo, hi)]
        for m in found:
            block = card.block_at(m.start(), tables)
            lo, hi = sentence_at(starts, m.start(), block.start, block.start + len(block.text))
            if _GUIDANCE.match(text, lo):
                # Template guidance ("This section describes ...") speaks for its whole paragraph.
                lo, hi = block.start, block.start + len(block.text)
            hits.append((line_of(block, m.start()), text[lo:hi].strip()[:200]))
            spans.append((lo, hi))
        for m in markers:
            block = card.block_at(m.start(), tables)
            hits.append((line_of(block, m.start()), text[m.start():m.end()].strip()[:200]))
            spans.append((m.start(), m.end()))
        if not spans:
            continue
        spans.sort()
        setattr(card, attr, _blank_spans(text, spans))
        # The lower-case twin gets the same blanks (cheaper than lower-casing again).
        setattr(card, attr + "_lower", _blank_spans(low, spans))
        card.key_sentences.clear()  # located on the text before blanking
        card.key_windows.clear()
    return hits


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def is_substantive(text: str, min_words: int = 4) -> bool:
    """Enough real words (markers are blanked from the prose before this runs) and not a bare label."""
    if word_count(text) < min_words:
        return False
    return not (len(text) < 200 and _LABEL_ONLY.match(text))


def placeholder_count(text: str) -> int:
    return len(MARKER.findall(text))


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (sorted, possibly overlapping) span blanked; offsets and length unchanged."""
    parts, pos = [], 0
    for lo, hi in spans:
        lo = max(lo, pos)
        if hi <= lo:
            continue
        parts.append(text[pos:lo])
        parts.append(_blank(text[lo:hi]))
        pos = hi
    parts.append(text[pos:])
    return "".join(parts)


# -- a card that is the unfilled Hub template ------------------------------------------------
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_LABEL = re.compile(r"^[\s\-*+>|]*(?:\*\*|__)?[^:\n]{1,60}?:(?:\*\*|__)?")


def unfilled_template(text: str | None) -> bool:
    """A card that is mostly the Hub's template: many 'information needed' markers, little real prose.

    Such a card discloses nothing, so the absence of pointers in it is no evidence of absence.
    """
    return bool(text) and _unfilled_template(text)  # type: ignore[arg-type]


# One of these words is in every MARKER match (the words of each alternative that must occur), so their
# occurrences bound the number of (disjoint) matches: most cards hold fewer than four and are ruled out
# with a few str.count calls (~50 us) instead of the case-blind marker scan (~650 us on a real card).
_MARKER_WORDS = ("todo", "tbd", "fixme", "info", "tba", "n/a", "forthcoming", "soon", "added", "announced",
                 "determined", "completed", "updated", "released", "provided", "filled", "{{", "optional",
                 "your", "insert")


def _marker_bound(text: str) -> int:
    """At least the number of MARKER matches in `text` (lower-cased as the case-blind regex folds it)."""
    low = text.lower().replace("\u0131", "i").replace("\u017f", "s").replace("\u0307", "")
    return sum(low.count(word) for word in _MARKER_WORDS)


# The same matches behind a first-character lookahead: the case-blind scan of half the cards' bodies, ~4x faster.
_MARKER_FAST = fast_start(MARKER)


@lru_cache(maxsize=4)  # the inventory and the openness view ask about the same card: its marker scan, once
def _unfilled_template(text: str) -> bool:
    # An unterminated comment hides the rest of the card (as on the Hub); a "<!--" repeated without its end
    # must not be re-scanned to the end from every opening (quadratic).
    body = HTML_COMMENT.sub(" ", _FRONT_MATTER.sub("", text))
    if _marker_bound(body) < 4:
        return False
    markers = 0
    for _ in _MARKER_FAST.finditer(body):  # four are enough to go on
        markers += 1
        if markers == 4:
            break
    if markers < 4:
        return False
    kept = []
    in_code = False
    for raw in body.splitlines():
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line or line.startswith("#"):
            continue
        kept.append(_LABEL.sub(" ", MARKER.sub(" ", line)))
    return len(re.findall(r"[A-Za-z]{3,}", " ".join(kept))) < 40
