"""The card's own claims to be "open source" (the openwashing basis), with the sentence as evidence.

Not claims: comparisons with other models ("outperforms other open-source models"), the open-source
community/software/frameworks, other projects' tools, and paper titles in citation blocks unless the
title names this very model (a model *named* "open-source" in its own citation presents itself so).
"""

from __future__ import annotations

import re

from unveil.card import ModelCard
from unveil.report import Evidence

_OPEN = re.compile(r"\bopen[- ]?sourc(?:e|ed|ing)\b", re.I)
_COMPARISON = re.compile(
    r"outperform|\bthan\b|compared|comparable to|\bamong\b|\bother open|\bavailable open|competitive with|"
    r"\bvs\.?\b|\bversus\b|open[- ]?source (?:and|or|&) (?:closed|proprietary)|best open[- ]?source models|"
    r"leading open[- ]?source|existing open[- ]?source",
    re.I,
)
_NOT_THE_MODEL = re.compile(
    r"open[- ]?source (?:communit\w*|software|frameworks?|tools?|librar\w*|projects?|ecosystem|developers?|"
    r"inference|implementations?|packages?|repositor\w*|contributors?)|"
    r"(?:tools?|librar\w*|frameworks?|code ?bases?|datasets?|scripts?) "
    r"(?:are|is|were|was|have been|has been) "
    r"open[- ]?sourced|partnered with open",
    re.I,
)
_SELF = re.compile(r"\b(?:we|our|this (?:model|release|effort|project|work|repository)|it is|is an?|fully)\b", re.I)
_CITATION_LINE = re.compile(r"^\s*(?:@\w+\s*\{|title\s*=|author\s*=|journal\s*=|booktitle\s*=|\*{0,2}cite as)", re.I)


def model_names(card: ModelCard, source_id: str | None) -> list[str]:
    """Names this release goes by: repo name, its organisation, and the card's first heading."""
    names: list[str] = []
    if source_id:
        tail = re.split(r"[/:]|__", source_id.split("@")[0])
        names += [t for t in tail[-2:] if t]
    for key in ("model_name", "model-index"):
        val = card.metadata.get(key)
        if isinstance(val, str):
            names.append(val)
    m = re.search(r"^#\s+(.+)$", card.body, re.M)
    if m:
        names.append(re.sub(r"[*_`]|model card:?", "", m.group(1), flags=re.I).strip())
    out = []
    for n in names:
        key = _squash(n)
        if len(key) >= 3 and key not in out and key not in {"model", "models", "readme"}:
            out.append(key)
        # The family part before a size/variant suffix ("gpt-neox-20b" -> "gptneox").
        stem = _squash(re.split(r"[-_ ](?:\d+(?:\.\d+)?[bmk]|v\d|base|instruct|chat)\b", n, flags=re.I)[0])
        if len(stem) >= 4 and stem not in out:
            out.append(stem)
    return out


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _sentences(line: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if s]


def _is_self_claim(sentence: str, names_model: bool) -> bool:
    """Outside citations: not a comparison, not about other software, and about this release."""
    if _COMPARISON.search(sentence) or _NOT_THE_MODEL.search(sentence):
        return False
    return bool(names_model or _SELF.search(sentence) or _OPEN.match(sentence.lstrip("-*> ")))


def find_claims(card: ModelCard, source_id: str | None = None) -> list[Evidence]:
    names = model_names(card, source_id)
    claims: list[Evidence] = []
    in_fence = False
    lines = card.text.split("\n")
    for no, line in enumerate(lines, start=1):
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if no < card.body_start_line or not _OPEN.search(line):
            continue
        squashed_line = _squash(line)
        citation = in_fence or bool(_CITATION_LINE.match(line))
        for sentence in _sentences(line.strip()):
            if not _OPEN.search(sentence):
                continue
            names_model = any(n in _squash(sentence) for n in names)
            if citation:
                if not (names_model and any(n in squashed_line for n in names)):
                    continue
            elif not _is_self_claim(sentence, names_model):
                continue
            claims.append(Evidence(path=card.path, line=no, text=sentence.strip()[:400], rule="LIC210"))
            break
    return claims
