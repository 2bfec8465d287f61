"""DOC5xx findings: what is wrong or missing in a release's documentation."""

from __future__ import annotations

import re
from typing import Any

from unveil.card import ModelCard
from unveil.report import Evidence, Finding
from unveil.rules import rule

DOC501 = rule("DOC501", "low", "Model card front matter is not valid YAML",
              "The Hub reads license, datasets, base_model and model-index from the YAML front matter; when it does "
              "not parse, none of these facts are published (the body is still read).",
              "Hub model card metadata specification", "Fix the YAML between the leading '---' lines.")
DOC502 = rule("DOC502", "medium", "No model card",
              "Without a card nothing about data, evaluation, limitations or intended use is disclosed.",
              "MOF model card component; EOSAI model card parameter", "Add a README.md model card.")
DOC503 = rule("DOC503", "medium", "Model card is an unfilled template",
              "Placeholder markers and stock template sentences make a card look complete while it discloses little.",
              "MOF model card component; FMTI documentation indicators",
              "Replace every placeholder with the facts, or delete the section.")
DOC504 = rule("DOC504", "low", "Core documentation topic not covered",
              "Training data, data quality, limitations, bias, evaluation and intended use are the disclosures the "
              "openness frameworks and the FMTI ask of every model card.",
              "OSAID 1.0 data information; MOF model card/data card; EOSAI model card and datasheet",
              "Add a section that states the facts (not a heading with a placeholder).")
DOC505 = rule("DOC505", "info", "Datasets named but no data card read",
              "A dataset named in the card is documentation only when its own data card can be read.",
              "MOF data card component; EOSAI datasheet parameter",
              "Link the datasets' cards or ship a datasheet with the release.")
DOC506 = rule("DOC506", "info", "Section holds only placeholders",
              "A heading followed by a placeholder claims a disclosure that is not there.",
              "Hub model card template", "Fill in the section or remove it.")
DOC507 = rule("DOC507", "info", "Card language not fully analysed",
              "Topic rules are complete for English and partial for German, French, Spanish and Chinese; coverage of "
              "cards in other languages may be under-counted.", "", "Add an English summary of the key sections.")
DOC508 = rule("DOC508", "info", "Model card not fully analysed (budget)",
              "Lines longer than `regex_line_chars` are matched as windows within a per-card time budget "
              "(`regex_card_seconds`); when that budget is spent, the rest of those lines is not matched and topic "
              "coverage may be under-counted.", "", "Break very long lines (tables of thousands of labels) into rows.")

CORE_TOPICS = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")
TEMPLATE_MIN_PLACEHOLDERS = 5


_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")
_OTHER_SCRIPT = re.compile(r"[\u0370-\u1fff\u3040-\u9fff\uac00-\ud7af]")


def _latin_ratio(text: str) -> float:
    sample = text[:20000]
    if sample.isascii() or _OTHER_SCRIPT.search(sample) is None:  # most cards: curly quotes, dashes, emoji
        return 1.0
    other = len(_OTHER_SCRIPT.findall(sample))
    if not other:
        return 1.0
    latin = len(_LATIN.findall(sample))
    return latin / (latin + other) if latin + other else 1.0


def card_findings(card: ModelCard | None, hits: dict[str, Any], blanked: list[tuple[int, str]], text: Any,
                  data_cards: list[dict] | None = None) -> list[Finding]:
    if card is None or card.path is None:
        return [Finding(rule=DOC502.id, severity=DOC502.severity, path="README.md",
                        detail="the release has no model card (README.md)")]
    path = card.path
    out: list[Finding] = []
    if card.front_matter_error:
        out.append(Finding(rule=DOC501.id, severity=DOC501.severity, path=path, detail=card.front_matter_error,
                           evidence=[Evidence(path=path, line=1, rule=DOC501.id)]))
    markers = [b for b in blanked if "information" in b[1].lower() or len(b[1]) < 40]
    n_covered = sum(1 for h in hits.values() if h.covered)
    if len(markers) >= TEMPLATE_MIN_PLACEHOLDERS and n_covered <= len(hits) // 2:
        out.append(Finding(rule=DOC503.id, severity=DOC503.severity, path=path,
                           detail=f"{len(blanked)} placeholder or template passages; {n_covered} of {len(hits)} topics "
                                  "disclosed",
                           evidence=[Evidence(path=path, line=ln, text=t, rule=DOC503.id) for ln, t in blanked[:5]]))
    # Headings whose sections hold nothing but placeholders.
    if text is not None and blanked:
        empty = []
        marker_lines = {ln for ln, _ in blanked}
        for sec in text.sections:
            if not sec.heading or not sec.blocks:
                continue
            if any(sec.line <= ln <= sec.line_end for ln in marker_lines) and not any(
                text.prose[text.blocks[k].start:text.blocks[k].start + len(text.blocks[k].text)].strip()
                if text.blocks[k].kind != "table" else
                text.tables[text.blocks[k].start:text.blocks[k].start + len(text.blocks[k].text)].strip(" |-:\n")
                for k in sec.blocks if text.blocks[k].start >= 0
            ):
                empty.append(sec)
        if empty:
            out.append(Finding(rule=DOC506.id, severity=DOC506.severity, path=path,
                               detail=f"{len(empty)} section(s) hold only placeholders: "
                                      + ", ".join(s.heading for s in empty[:10]),
                               evidence=[Evidence(path=path, line=s.line, line_end=s.line_end, text=s.heading,
                                                  rule=DOC506.id) for s in empty[:10]]))
    for topic in CORE_TOPICS:
        hit = hits.get(topic)
        if hit is not None and not hit.covered:
            ev = [Evidence(path=path, line=hit.line, line_end=hit.line_end, text=hit.heading, rule=DOC504.id)] \
                if hit.line else []
            out.append(Finding(rule=DOC504.id, severity=DOC504.severity, path=path,
                               detail=f"{topic.replace('_', ' ')} not documented: {hit.why}", evidence=ev))
    declared = [c for c in (data_cards or []) if c.get("status") == "declared"]
    if declared and not any(c.get("status") == "verified" for c in data_cards or []):
        out.append(Finding(rule=DOC505.id, severity=DOC505.severity, path=path,
                           detail="datasets named but no data card read: "
                                  + ", ".join(c["name"] for c in declared[:10])))
    if card.body and _latin_ratio(card.body) < 0.5:
        out.append(Finding(rule=DOC507.id, severity=DOC507.severity, path=path,
                           detail="most of the card is in a non-Latin script; topic coverage may be under-counted"))
    return out
