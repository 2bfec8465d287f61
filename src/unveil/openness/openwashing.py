"""Openwashing: a release that presents itself as open source while its license or missing elements
say otherwise. Each claim is paired with what defeats it (a license clause, a missing OSAID element,
or an inherited license from the base model).

Only an established contradiction flags: a restrictive license that was identified, or an OSAID element
verified absent (OSAID's `missing`; an element that could not be checked — a card-only release, a gated
file — is `inconclusive` there and defeats nothing).
"""

from __future__ import annotations

from unveil.openness import signals
from unveil.openness.view import BLOCKING_CATEGORIES, OpennessView
from unveil.report import Contradiction, Evidence, Openwashing, OsaidResult


def find_claims(view: OpennessView, names: list[str]) -> list[Evidence]:
    """The licenses analysis's claims when it found any; otherwise the card read by this module."""
    if view.claims:
        return list(view.claims)
    return signals.open_source_claims(view.card_text, view.card_path, names)


def judge_openwashing(view: OpennessView, osaid: OsaidResult, names: list[str]) -> Openwashing:
    claims = find_claims(view, names)
    contradictions: list[Contradiction] = []
    claim_text = claims[0].text if claims else None
    weights = view.weights_license()
    if claims and weights is not None and weights.category in BLOCKING_CATEGORIES:
        clauses = [e for r in weights.restrictions if r.blocking for e in r.evidence][:4]
        kinds = sorted({r.kind for r in weights.restrictions if r.blocking})
        detail = f" ({', '.join(kinds)})" if kinds else ""
        contradictions.append(
            Contradiction(
                claim=claim_text,
                reason=f"weights license {weights.spdx or weights.id} is {weights.category}{detail}, "
                "not OSI-approved",
                evidence=(clauses or list(weights.evidence))[:4],
            )
        )
    if claims and osaid.verdict == "does-not-meet":
        for item in osaid.missing:
            if "terms" in item and contradictions:
                continue  # already stated through the license clause
            contradictions.append(Contradiction(claim=claim_text, reason=f"OSAID element missing: {item}"))
    # License lineage: a fine-tune inherits its base model's obligations whether or not it claims.
    for conflict in view.lineage_conflicts:
        contradictions.append(
            conflict
            if conflict.claim or not claim_text
            else conflict.model_copy(update={"claim": claim_text})
        )
    flag = (bool(claims) and bool(contradictions)) or bool(view.lineage_conflicts)
    return Openwashing(flag=flag, claims=claims, contradictions=contradictions)
