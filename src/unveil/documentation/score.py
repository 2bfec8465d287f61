"""The documentation score: 0-100, the sum of the weights of the covered topics.

Weights follow what the openness frameworks and the FMTI ask of documentation most often: what the
model was trained on and how it was evaluated matter most; the known limits (limitations, bias,
risks, data quality) together weigh as much; use guidance next; procedural detail and contact last.
"""

from __future__ import annotations

WEIGHTS: dict[str, int] = {
    "training_data": 15,
    "evaluation": 15,
    "data_quality": 10,
    "limitations": 10,
    "bias": 10,
    "intended_use": 10,
    "training_procedure": 7,
    "data_preprocessing": 5,
    "risks": 5,
    "out_of_scope_use": 5,
    "environmental_impact": 3,
    "citation": 3,
    "contact": 2,
}
assert sum(WEIGHTS.values()) == 100


def score(covered: dict[str, bool]) -> float:
    return float(sum(w for topic, w in WEIGHTS.items() if covered.get(topic)))
