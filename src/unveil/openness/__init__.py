"""Openness judges: MOF class, OSAID 1.0, EOSAI parameters, label, openwashing. Pure functions.

Entry point: `judge(facts) -> OpennessSection`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from unveil.openness import eosai, label, mof, openwashing, osaid
from unveil.openness.view import content_type_notes, mof_exclusions, mof_input_from_view, view_from_facts
from unveil.report import OpennessSection

if TYPE_CHECKING:
    from unveil.facts import AuditFacts


def _names(facts: AuditFacts) -> list[str]:
    """Names the release goes by (repo name, declared name, card title) for self-claim detection."""
    names: list[str] = []
    src = facts.release.source
    if src.id:
        names.append(src.id.rsplit("/", 1)[-1])
    card = facts.card
    for key in ("model_name", "model-index"):
        value = card.metadata.get(key) if card else None
        if isinstance(value, str):
            names.append(value)
    if card is not None:
        for line in card.body.splitlines():
            if line.startswith("# "):
                first = (line[2:].strip().split(" ") or [""])[0]
                # Only a token that looks like a model name ("GPT-NeoX-20B", "SmolLM2"), not "Stable".
                if any(ch.isdigit() or ch == "-" for ch in first):
                    names.append(first)
                break
    return [n for n in dict.fromkeys(names) if n]


def judge(facts: AuditFacts) -> OpennessSection:
    """All openness verdicts from the audit facts (a real release or a MOT YAML's declared facts)."""
    view = view_from_facts(facts)
    mof_input = mof_input_from_view(view)
    mof_result = mof.evaluate(mof_input)
    mof_result.warnings = content_type_notes(mof_input)
    mof_result.excluded = mof_exclusions(mof_input)
    osaid_result = osaid.judge_osaid(view)
    lab, reason = label.judge_label(view, osaid_result)
    weights = view.weights_license()
    return OpennessSection(
        label=lab,  # type: ignore[arg-type]
        label_reason=reason,
        osaid=osaid_result,
        mof=mof_result,
        eosai=eosai.grade(view, links=getattr(facts, "links", None)),
        openwashing=openwashing.judge_openwashing(view, osaid_result, _names(facts)),
        weights_license=(weights.spdx or weights.id) if weights else None,
        weights_license_category=weights.category if weights else None,
    )
