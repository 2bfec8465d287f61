"""Sentences in a model card that bear on openness: pending data, deferral to a base model's card,
unreleased weights, and self-claims of being open source. Each match is returned as Evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from unveil.documentation.placeholders import unfilled_template  # noqa: F401  (re-exported for the judges)
from unveil.report import Evidence

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[*_#(])")
# No '[' inside the text or the target: a line of "[[[[" or "[x](" would otherwise backtrack quadratically.
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^)\[]*\)")


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line, sentence) for every sentence of a markdown text, link targets removed."""
    in_code = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line:
            continue
        for part in _SENTENCE_END.split(_MD_LINK.sub(r"\1", line)):
            if part.strip():
                yield lineno, part.strip()


def _find(
    text: str, path: str | None, pattern: re.Pattern[str], rule: str, guard: re.Pattern[str] | None = None
) -> list[Evidence]:
    out = []
    for lineno, sent in sentences(text):
        if pattern.search(sent) and (guard is None or guard.search(sent)):
            out.append(Evidence(path=path, line=lineno, text=sent[:400], rule=rule))
    return out


# Data (or code) announced but not yet released: the element exists but cannot be obtained yet.
_PENDING = re.compile(
    r"\b(datasets?|data|corpus|code)\b(?:\s+\w+){0,5}?\s+\(?(will (?:be )?release[sd]?|to be released|"
    r"will (?:be )?(?:made )?(?:publicly )?available|(?:coming|available) soon|"
    r"release (?:them )?(?:soon|later))",
    re.I,
)
# The card sends the reader to another card for how the base model was pre-trained.
_DEFER = re.compile(
    r"\b(refer to|see|check)\b[^.]{0,60}\b(model card|its card|original card|base model)", re.I
)
_DEFER_TOPIC = re.compile(r"pre-?train|training (data|procedure|details)", re.I)
# Weights explicitly not released (API-only or internal).
_CLOSED = re.compile(
    r"(weights|checkpoints?|parameters)\b[^.]{0,40}\b(are|will) not (be )?(released|available|public|shared)|"
    r"\bonly (available )?(through|via) (an |our |the )?API\b|\bnot (publicly )?release the (model )?weights|"
    r"\b(exclusively|only) (available |accessible |offered |served )?(through|via|from) "
    r"(an |our |the )?[\w ]{0,20}API\b|"
    r"\b(accessible|available|offered|served) (exclusively|only) (through|via) |\bAPI[- ]only\b|"
    r"(weights|parameters|checkpoints)\b[^.]{0,30}\b(remain|are|is|stay) (proprietary|closed|private|confidential)|"
    r"\b(do|does|will|did) not (publicly )?(release|share|open[- ]?source|publish|distribute) (the |its |our |any )?"
    r"(model )?(weights|parameters|checkpoints)",
    re.I,
)


def pending_release(text: str, path: str | None) -> list[Evidence]:
    return _find(text, path, _PENDING, "OPN110")


def deferred_to_base(text: str, path: str | None) -> list[Evidence]:
    return _find(text, path, _DEFER, "OPN110", guard=_DEFER_TOPIC)


def weights_not_released(text: str, path: str | None) -> list[Evidence]:
    return _find(text, path, _CLOSED, "OPN130")


# -- open-source self-claims ---------------------------------------------------------------------
_OPEN_SOURCE = re.compile(r"\b(fully[- ])?open[- ]?sourc(e|ed|ing)\b", re.I)
# Mentions of other open-source things or comparisons with them are not self-claims.
_COMPARISON = re.compile(
    r"\b(than|outperform\w*|beat\w*|compar\w*|surpass\w*|rival\w*|competitive|versus|vs\.?|other|existing|"
    r"available|many|similar|alternatives?|counterparts?)\b(\W+\w+){0,4}?\W+(fully[- ])?open[- ]?sourc",
    re.I,
)
_OTHER_THING = re.compile(
    r"open[- ]?sourc\w*(\W+\w+){0,1}?\W+(community|communities|software|tools?|librar(y|ies)|frameworks?|"
    r"toolkits?|ecosystems?|packages?|repositor(y|ies)|projects|alternatives|counterparts)\b|"
    r"\b(tools|librar(y|ies)|software|toolkits?|packages?|frameworks?)\b(\W+\w+){0,3}?\W+(is|are|was|were|be|been)"
    r"\W+open[- ]?sourc",
    re.I,
)
_SELF = re.compile(r"\b(we|our|this|these|it is|is an?|are|as an?|initiative|effort)\b", re.I)
_CITATION_START = re.compile(r"^\s*(@\w+\s*\{|title\s*=|author\s*=|journal\s*=|booktitle\s*=|url\s*=)", re.I)


def open_source_claims(
    text: str, path: str | None, names: list[str] | tuple[str, ...] = ()
) -> list[Evidence]:
    """Sentences where the release presents itself as open source.

    Not claims: comparisons with other open-source models, other open-source things (community,
    software, tools), and BibTeX fields. A claim names the release (`names`) or speaks for it
    (we / our / this ... / "is an").
    """
    names_rx = [re.compile(r"(?<![\w-])" + re.escape(n) + r"(?![\w-])", re.I) for n in names if len(n) >= 3]
    out = []
    in_code = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or _CITATION_START.match(stripped) or not _OPEN_SOURCE.search(stripped):
            continue
        for sent in _SENTENCE_END.split(_MD_LINK.sub(r"\1", stripped)):
            if not _OPEN_SOURCE.search(sent) or _COMPARISON.search(sent) or _OTHER_THING.search(sent):
                continue
            if any(rx.search(sent) for rx in names_rx) or _SELF.search(sent):
                out.append(Evidence(path=path, line=lineno, text=sent.strip()[:400], rule="OPN140"))
    return out


# -- derivation: the model this release was built from ---------------------------------------------
_NAMED_BASE = re.compile(
    r"(?:fine-?tuned (?:from|on top of)|fine-?tuning of|(?:we )?use[sd]? the pre-?trained|"
    r"(?:based|built) on (?:the |top of (?:the )?)?(?:pre-?trained )?|starting from (?:the )?(?:pre-?trained )?|"
    r"finetuned from model:?\**:?)\s*(?:model\s+)?[`*\[]*([\w.-]+/[\w.-]+)",
    re.I,
)


def named_bases(text: str) -> list[str]:
    """Hub ids the card says the model was fine-tuned from or started with ("we used the pretrained X")."""
    found: list[str] = []
    for _lineno, sent in sentences(text):
        for m in _NAMED_BASE.finditer(sent):
            ident = m.group(1).strip("`*.,;:)")
            if "/" in ident and not ident.lower().startswith(("http", "www.")) and ident not in found:
                found.append(ident)
    return found
