"""Sentences in a model card that bear on openness: pending data, deferral to a base model's card,
unreleased weights, and self-claims of being open source. Each match is returned as Evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from unveil.documentation.placeholders import unfilled_template  # noqa: F401  (re-exported for the judges)
from unveil.licenses.claims import claims_in_text
from unveil.regex_source import fast_start, finditer_in_lines
from unveil.report import Evidence

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[*_#(])")
# No '[' inside the text or the target: a line of "[[[[" or "[x](" would otherwise backtrack quadratically.
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^)\[]*\)")


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line, sentence) for every sentence of a markdown text, link targets removed."""
    return iter(_sentences(text))


@lru_cache(maxsize=4)  # every signal reads the same card's sentences: split it once per card
def _sentences(text: str) -> tuple[tuple[int, str], ...]:
    return tuple(_split_sentences(text))


@lru_cache(maxsize=4)
def _joined(text: str) -> str:
    """A card's sentences on one line each: one regex pass over it tells whether any sentence can match.
    Exact for patterns whose only context assertions are `\\b` (a newline is a boundary, like a string's
    end), which is every pattern given to `_find` and `named_bases`: if no sentence matches, neither does
    this text, so most cards are ruled out in one search instead of one per sentence."""
    return "\n".join(sent for _, sent in _sentences(text))


def _split_sentences(text: str) -> Iterator[tuple[int, str]]:
    in_code = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line:
            continue
        # A link holds "](" and a sentence end one of ".!?": a line without them is kept whole (no regex).
        if "](" in line:
            line = _MD_LINK.sub(r"\1", line)
        if "." not in line and "!" not in line and "?" not in line:
            if line.strip():
                yield lineno, line.strip()
            continue
        for part in _SENTENCE_END.split(line):
            if part.strip():
                yield lineno, part.strip()


@lru_cache(maxsize=4)
def _folded(text: str) -> str:
    """A card's sentences (`_joined`, what the patterns are matched against) lower-cased the way a case-blind
    regex sees them, so a word that every match of a pattern holds is in here whenever the pattern can match
    (dotless i and long s fold to i and s; a dotted capital I lowers to i plus a combining dot, dropped)."""
    return _fold(text)


def _fold(text: str) -> str:
    return text.lower().replace("\u0131", "i").replace("\u017f", "s").replace("\u0307", "")


def _find(
    text: str, path: str | None, pattern: re.Pattern[str], rule: str, guard: re.Pattern[str] | None = None,
    needs: tuple[str, ...] = (),
) -> list[Evidence]:
    """Sentences matching `pattern` (and `guard`). `needs`: words (lower case) one of which every match of
    `pattern` holds; a card with none of them is ruled out without a regex, and only the sentences holding one
    are searched (a match lies in one sentence, so it holds the word there)."""
    sents = _sentences(text)
    if needs:
        folded = _folded(_joined(text))
        present = [word for word in needs if word in folded]
        if not present:
            return []
        candidates: Iterable[int] = [i for i, low in enumerate(_folded_sentences(text))
                                     if any(word in low for word in present)]
    elif not pattern.search(_joined(text)):
        return []
    else:
        candidates = range(len(sents))
    out = []
    for i in candidates:
        lineno, sent = sents[i]
        if pattern.search(sent) and (guard is None or guard.search(sent)):
            out.append(Evidence(path=path, line=lineno, text=sent[:400], rule=rule))
    return out


@lru_cache(maxsize=4)
def _folded_sentences(text: str) -> tuple[str, ...]:
    """Each sentence of `_sentences(text)` folded as `_folded` folds the card."""
    return tuple(_fold(sent) for _, sent in _sentences(text))


# Data (or code) announced but not yet released: the element exists but cannot be obtained yet.
_PENDING = fast_start(re.compile(
    r"\b(datasets?|data|corpus|code)\b(?:\s+\w+){0,5}?\s+\(?(will (?:be )?release[sd]?|to be released|"
    r"will (?:be )?(?:made )?(?:publicly )?available|(?:coming|available) soon|"
    r"release (?:them )?(?:soon|later))",
    re.I,
))
# The card sends the reader to another card for how the base model was pre-trained.
_DEFER = fast_start(re.compile(
    r"\b(refer to|see|check)\b[^.]{0,60}\b(model card|its card|original card|base model)", re.I
))
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
    return _find(text, path, _PENDING, "OPN110", needs=("releas", "availab", "soon"))


def deferred_to_base(text: str, path: str | None) -> list[Evidence]:
    return _find(text, path, _DEFER, "OPN110", guard=_DEFER_TOPIC,
                 needs=("model card", "its card", "original card", "base model"))


# The Hub's hosted inference widget ("Hosted inference API only returns the masked position") says how
# the demo behaves, nothing about whether the weights can be obtained.
_WIDGET = re.compile(r"\bhosted inference|\binference (?:api|widget|endpoint)s?\b|\bwidget\b", re.I)


def weights_not_released(text: str, path: str | None) -> list[Evidence]:
    """Evidence that the weights cannot be obtained (API-only, not released), never the Hub widget."""
    needs = ("weight", "checkpoint", "parameter", "api", "only", "exclusively")  # one in each branch of _CLOSED
    return [e for e in _find(text, path, _CLOSED, "OPN130", needs=needs) if not _WIDGET.search(e.text or "")]


# -- open-source self-claims ---------------------------------------------------------------------
def open_source_claims(
    text: str, path: str | None, names: list[str] | tuple[str, ...] = ()
) -> list[Evidence]:
    """Sentences where the release presents itself as open source (the one reader, in licenses.claims)."""
    squashed = [re.sub(r"[^a-z0-9]", "", n.lower()) for n in names]
    return claims_in_text(text, path, [n for n in squashed if len(n) >= 3], rule="OPN140")


# -- derivation: the model this release was built from ---------------------------------------------
_NAMED_BASE = fast_start(re.compile(
    r"(?:fine-?tuned (?:from|on top of)|fine-?tuning of|(?:we )?use[sd]? the pre-?trained|"
    r"(?:based|built) on (?:the |top of (?:the )?)?(?:pre-?trained )?|starting from (?:the )?(?:pre-?trained )?|"
    r"finetuned from model:?\**:?)\s*(?:model\s+)?[`*\[]*([\w.-]+/[\w.-]+)",
    re.I,
))


# "a fine-tuned version of [distilbert-base-uncased](https://huggingface.co/distilbert-base-uncased)", "derived
# from EleutherAI's [Pythia-12b](https://huggingface.co/EleutherAI/pythia-12b)": the base named by its Hub link
# (the link's target, not its text, is the id; legacy ids have no organisation).
_LINKED_BASE = fast_start(re.compile(
    r"\b(?:fine-?tuned (?:version )?(?:of|from)|(?:fine-?)?tuned (?:up)?on|derived from|based on|built (?:up)?on|"
    r"initiali[sz]ed (?:from|with)|starting from|continued (?:pre-?training )?(?:of|from)|on top of|adapted from|"
    r"distilled from|further (?:pre-?)?trained (?:from|on top of))\b[^.\n\[\]]{0,40}"
    r"\[([^\[\]\n]{0,80})\]\(https?://huggingface\.co/(?!datasets/|spaces/|docs/|papers/|blog/)([\w.-]+(?:/[\w.-]+)?)/?\)",
    re.I,
))
_NOT_A_MODEL = re.compile(r"\b(card|paper|blog|docs?|documentation|guide|recipe|script)\b", re.I)


def linked_bases(text: str) -> list[str]:
    """Hub ids of the model this one was fine-tuned from, derived from or built on, named by a Hub link."""
    # Every match lies inside one line holding the Hub link it ends with: only those lines are searched.
    return list(dict.fromkeys(m.group(2).rstrip(".") for m in finditer_in_lines(_LINKED_BASE, text, "huggingface.co")
                              if not _NOT_A_MODEL.search(m.group(1))))


def named_bases(text: str) -> list[str]:
    """Hub ids the card says the model was fine-tuned from or started with ("we used the pretrained X")."""
    return list(_named_bases(text))


@lru_cache(maxsize=4)  # the openness view and the EOSAI grader both ask, of the same card
def _named_bases(text: str) -> tuple[str, ...]:
    found: list[str] = []
    if "/" not in text or not _NAMED_BASE.search(_joined(text)):
        return tuple(found)
    for _lineno, sent in sentences(text):
        if "/" not in sent:  # the id the pattern captures holds one
            continue
        for m in _NAMED_BASE.finditer(sent):
            ident = m.group(1).strip("`*.,;:)")
            if "/" in ident and not ident.lower().startswith(("http", "www.")) and ident not in found:
                found.append(ident)
    return tuple(found)
