"""One plain openness label from the OSAID verdict, the weights' availability and their license.

- open-source-ai: meets OSAID 1.0;
- restricted-weights: weights obtainable under a license with use restrictions (or non-commercial,
  or proprietary terms); a gated click-through still counts as obtainable;
- open-weights: weights under an open license, but OSAID elements missing;
- closed: the card says the weights are not released (API only);
- unknown: weights or their license could not be established.
"""

from __future__ import annotations

from unveil.openness import signals
from unveil.openness.view import BLOCKING_CATEGORIES, OPEN_CATEGORIES, OpennessView
from unveil.report import OsaidResult


def judge_label(view: OpennessView, osaid: OsaidResult) -> tuple[str, str]:
    weights_state = view.status("model_parameters_final")
    weights = view.weights_license()
    lic = f"{weights.spdx or weights.id} ({weights.category})" if weights else "no weights license found"
    if osaid.verdict == "meets":
        return "open-source-ai", f"meets OSAID 1.0; weights under {lic}"
    if weights_state == "absent":
        closed = signals.weights_not_released(view.card_text, view.card_path)
        if closed:
            return "closed", f'weights not released: "{closed[0].text}" (line {closed[0].line})'
        return "unknown", "no weight files and no concrete pointer to them: obtainability not shown"
    if weights is None or weights.category == "unknown":
        return "unknown", f"weights {weights_state}, but {lic}: the terms cannot be established"
    where = (
        "found in files"
        if weights_state == "verified"
        else ("declared by a pointer" if weights_state == "declared" else "listed but not checkable")
    )
    if weights.category in BLOCKING_CATEGORIES:
        return "restricted-weights", f"weights {where} under {lic}"
    if weights.category in OPEN_CATEGORIES:
        return "open-weights", f"weights {where} under {lic}; OSAID: {osaid.verdict}"
    return "unknown", f"weights {where} under {lic}"
