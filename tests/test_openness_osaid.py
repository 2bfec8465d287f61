"""OSAID 1.0 judge on declared facts: OSI's own validation outcomes, and the verdict rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from openness_facts import make_facts
from unveil.openness import judge

CASES = yaml.safe_load((Path(__file__).parent / "fixtures" / "openness" / "osi_validation.yml").read_text())


def _facts(case: dict):
    covered = {"training_data": bool(case.get("training_data_described") or "datasets" in case["components"])}
    return make_facts(case["components"], case["licenses"], covered=covered)


@pytest.mark.parametrize("name", sorted(CASES))
def test_osi_validation_outcome(name):
    result = judge(_facts(CASES[name])).osaid
    print(f"{name}: {result.verdict} missing={result.missing}")
    assert result.verdict == CASES[name]["outcome"]
    if result.verdict != "meets":
        assert result.missing


def test_osi_validation_agreement_printed():
    agree = sum(judge(_facts(c)).osaid.verdict == c["outcome"] for c in CASES.values())
    print(f"OSI validation agreement: {agree}/{len(CASES)}")
    assert agree == len(CASES)


FULL = {
    "model_parameters_final": "verified",
    "model_architecture": "verified",
    "inference_code": "verified",
    "training_code": "declared",
    "datasets": "declared",
}


def test_meets_needs_every_element():
    assert judge(make_facts(FULL, {"weights": "Apache-2.0"})).osaid.verdict == "meets"


def test_non_osi_weights_license_does_not_meet():
    facts = make_facts(FULL, {"weights": "llama3", "code": "MIT"}, categories={"llama3": "restricted"})
    result = judge(facts).osaid
    assert result.verdict == "does-not-meet"
    assert any("parameters under OSI-approved terms" in m for m in result.missing)


def test_missing_training_code_does_not_meet():
    facts = make_facts({**FULL, "training_code": "absent"}, {"weights": "Apache-2.0"})
    result = judge(facts).osaid
    assert result.verdict == "does-not-meet"
    assert any("training" in m for m in result.missing)


def test_inconclusive_element_is_insufficient_evidence_not_failure():
    facts = make_facts({**FULL, "training_code": "inconclusive"}, {"weights": "Apache-2.0"})
    result = judge(facts).osaid
    assert result.verdict == "insufficient-evidence"
    assert any("training" in m for m in result.inconclusive) and not result.missing


def test_unknown_license_is_insufficient_evidence():
    facts = make_facts(FULL, {"weights": "Some Custom Terms"})
    assert judge(facts).osaid.verdict == "insufficient-evidence"


def test_prose_only_data_is_not_a_concrete_pointer():
    facts = make_facts(
        {**FULL, "datasets": "absent"}, {"weights": "Apache-2.0"}, covered={"training_data": True}
    )
    assert judge(facts).osaid.verdict == "insufficient-evidence"


def test_data_announced_for_later_is_insufficient_evidence():
    card = "# M\n\nTrained on public data plus new filtered datasets we curated and will release soon.\n"
    facts = make_facts(FULL, {"weights": "Apache-2.0"}, card=card)
    result = judge(facts).osaid
    assert result.verdict == "insufficient-evidence"
    assert any(e.line == 3 for e in result.evidence)


def test_pretraining_deferred_to_base_card_is_insufficient_evidence():
    card = "# M\n\nWe use a pretrained base. Please refer to the model card about the pre-training."
    facts = make_facts(FULL, {"weights": "Apache-2.0"}, card=card, base_models=["org/base"])
    assert judge(facts).osaid.verdict == "insufficient-evidence"


def test_code_license_inherits_release_license():
    # No code-specific license: the release-level (weights) license applies to the code (MOT-style).
    result = judge(make_facts(FULL, {"weights": "Apache-2.0"})).osaid
    assert result.verdict == "meets"
    restricted = make_facts(FULL, {"weights": "Apache-2.0", "code": "CC-BY-NC-4.0"})
    assert judge(restricted).osaid.verdict == "does-not-meet"
