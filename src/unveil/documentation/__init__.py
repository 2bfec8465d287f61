"""Documentation: what the model card and data cards really disclose.

Entry point: `analyze(release, card) -> DocumentationSection`. Also `analyze_card(card)` (no release,
for survey mode and benchmarks) and small helpers for the openness judges (`covered`,
`has_model_card`, `data_card_status`, `data_information`).

Which topics feed which framework component (used by `unveil.openness`):
- MOF `model_card`: a card exists that is not the unfilled template (`has_model_card`).
- MOF `data_card`: a data card is verified (local or fetched) -> present; only declared -> declared;
  the card's own `training_data` + `data_quality` sections are the fallback evidence (`data_card_status`).
- OSAID "data information": `training_data`, `data_preprocessing`, `data_quality` (+ data cards)
  (`data_information`).
- EOSAI "model card": `training_data`, `training_procedure`, `evaluation`, `limitations`, `bias`,
  `intended_use`; EOSAI "datasheet": data cards, `training_data`, `data_quality`, `data_preprocessing`.
"""

from __future__ import annotations

from unveil.card import ModelCard, parse_card
from unveil.documentation import data_cards as _data_cards
from unveil.documentation.findings import DOC508, card_findings
from unveil.documentation.metadata import metadata_hits
from unveil.documentation.placeholders import blank_placeholders
from unveil.documentation.score import WEIGHTS, score
from unveil.documentation.sections import split_sections
from unveil.documentation.topic_rules import Hit
from unveil.documentation.topics import TOPIC_NAMES, TOPICS, judge_topic
from unveil.release import Release
from unveil.report import DocSection, DocumentationSection, Evidence, Finding

__all__ = [
    "analyze", "analyze_card", "covered", "has_model_card", "data_card_status", "data_information",
    "TOPIC_NAMES", "WEIGHTS", "MODEL_CARD_TOPICS", "DATASHEET_TOPICS", "DATA_INFORMATION_TOPICS",
]

MODEL_CARD_TOPICS = ("training_data", "training_procedure", "evaluation", "limitations", "bias", "intended_use")
DATASHEET_TOPICS = ("training_data", "data_quality", "data_preprocessing")
DATA_INFORMATION_TOPICS = ("training_data", "data_preprocessing", "data_quality")


def _doc_section(hit: Hit, path: str | None) -> DocSection:
    where = f' (under "{hit.heading}")' if hit.heading else ""
    evidence = []
    if hit.line is not None and (hit.covered or hit.heading):
        evidence.append(Evidence(path=path, line=hit.line, line_end=hit.line_end, text=hit.text or hit.heading or None))
    return DocSection(covered=hit.covered, evidence=evidence, reason=f"{hit.why}{where}" if hit.why else None)


def judge_card(card: ModelCard) -> tuple[dict[str, Hit], list[tuple[int, str]], object]:
    """Topic hits for one card, the placeholders blanked, and the parsed text."""
    text = split_sections(card.body or "", card.body_start_line)
    blanked = blank_placeholders(text)
    meta = metadata_hits(card)
    hits: dict[str, Hit] = {}
    for topic in TOPICS:
        hit = judge_topic(text, topic)
        if not hit.covered and topic.name in meta:
            hit = meta[topic.name]
        hits[topic.name] = hit
    return hits, blanked, text


def analyze_card(card: ModelCard | None, data_cards: list[dict] | None = None) -> DocumentationSection:
    if card is None or card.path is None:
        return DocumentationSection(score=0.0, sections={t: DocSection(covered=False, reason="no model card")
                                                         for t in TOPIC_NAMES},
                                    findings=card_findings(None, {}, [], None), data_cards=data_cards or [])
    hits, blanked, text = judge_card(card)
    sections = {name: _doc_section(hit, card.path) for name, hit in hits.items()}
    covered_map = {name: hit.covered for name, hit in hits.items()}
    findings = card_findings(card, hits, blanked, text, data_cards or [])
    clock = getattr(text, "regex_clock", None)
    if clock is not None and clock.tripped:  # fail closed: say the card was not read to the end
        detail = ("budget: regex_card_seconds exceeded; the card's longest lines were not fully matched, "
                  "so topic coverage may be under-counted")
        findings.append(Finding(rule=DOC508.id, severity=DOC508.severity, path=card.path, detail=detail,
                                evidence=[Evidence(path=card.path, text=detail, rule=DOC508.id)]))
    return DocumentationSection(
        score=score(covered_map),
        sections=sections,
        findings=findings,
        data_cards=data_cards or [],
    )


def analyze(release: Release, card: ModelCard, *,
            fetch_data_card: _data_cards.DatasetFetcher | None = None) -> DocumentationSection:
    """Score the release's documentation. Hub data cards are read only through `fetch_data_card` (a
    source-layer reader the service passes when links may be followed); without it they stay declared."""
    cards = _data_cards.resolve(release, card, fetch_data_card)
    section = analyze_card(card, cards)
    _merge_local_data_cards(release, cards, section)
    return section


def _merge_local_data_cards(release: Release, cards: list[dict], section: DocumentationSection) -> None:
    """A data card shipped in the release is documentation too: it can cover the data topics."""
    for entry in cards:
        if entry.get("source") != "local" or entry.get("status") != "verified":
            continue
        sub = parse_card(release.read_text(entry["path"]), entry["path"])
        hits, _, _ = judge_card(sub)
        entry["covers"] = [t for t in DATASHEET_TOPICS if hits[t].covered]
        for topic in DATASHEET_TOPICS:
            if hits[topic].covered and not section.sections[topic].covered:
                section.sections[topic] = _doc_section(hits[topic], entry["path"])
    section.score = score({t: s.covered for t, s in section.sections.items()})


# -- helpers for the openness judges ----------------------------------------------------------------


def covered(section: DocumentationSection, topic: str) -> bool:
    s = section.sections.get(topic)
    return bool(s and s.covered)


def has_model_card(section: DocumentationSection) -> bool:
    """A real model card: present, and at least two topics disclosed (an unfilled template is not one)."""
    return sum(1 for t in TOPIC_NAMES if covered(section, t)) >= 2


def data_card_status(section: DocumentationSection) -> str:
    """verified | declared | absent, for MOF's data card component."""
    statuses = {c.get("status") for c in section.data_cards}
    if "verified" in statuses:
        return "verified"
    if "declared" in statuses or (covered(section, "training_data") and covered(section, "data_quality")):
        return "declared"
    return "absent"


def data_information(section: DocumentationSection) -> dict[str, bool]:
    """OSAID 'data information' elements as disclosed by the documentation."""
    return {t: covered(section, t) for t in DATA_INFORMATION_TOPICS}
