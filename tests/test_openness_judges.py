"""Label, openwashing and card signals on constructed AuditFacts."""

from __future__ import annotations

from openness_facts import make_facts
from unveil.openness import judge
from unveil.openness.signals import open_source_claims

FULL = {
    "model_parameters_final": "verified",
    "model_architecture": "verified",
    "inference_code": "verified",
    "model_card": "verified",
    "training_code": "declared",
    "datasets": "declared",
}
WEIGHTS_ONLY = {
    "model_parameters_final": "verified",
    "model_architecture": "verified",
    "inference_code": "verified",
}


def test_labels():
    assert judge(make_facts(FULL, {"weights": "Apache-2.0"})).label == "open-source-ai"
    assert judge(make_facts(WEIGHTS_ONLY, {"weights": "Apache-2.0"})).label == "open-weights"
    restricted = make_facts(WEIGHTS_ONLY, {"weights": "llama2"}, categories={"llama2": "restricted"})
    assert judge(restricted).label == "restricted-weights"
    assert judge(make_facts(WEIGHTS_ONLY, {"weights": "CC-BY-NC-4.0"})).label == "restricted-weights"
    assert judge(make_facts(WEIGHTS_ONLY, {"weights": "Custom terms"})).label == "unknown"
    no_weights = {"model_architecture": "verified"}
    assert judge(make_facts(no_weights, {"code": "MIT"})).label == "unknown"
    closed = make_facts(
        no_weights,
        {"code": "MIT"},
        card="# M\n\nThe model weights are not released; it is only available through our API.\n",
    )
    section = judge(closed)
    assert section.label == "closed" and "line 3" in section.label_reason


def test_gated_weights_are_inconclusive_never_absent():
    facts = make_facts({**WEIGHTS_ONLY, "model_parameters_final": "inconclusive"}, {"weights": "Apache-2.0"})
    section = judge(facts)
    assert section.label == "open-weights"
    assert not any(m.startswith("parameters:") for m in section.osaid.missing)
    assert section.eosai.parameters["weights_endmodel"].grade == "inconclusive"


def test_openwashing_restricted_license_defeats_claim():
    facts = make_facts(
        WEIGHTS_ONLY,
        {"weights": "bigscience-bloom-rail-1.0"},
        categories={"bigscience-bloom-rail-1.0": "restricted"},
        restrictions={"bigscience-bloom-rail-1.0": ["use-based restrictions (Attachment A)"]},
        claims=["BLOOM is an open-source model."],
    )
    ow = judge(facts).openwashing
    assert ow.flag and ow.claims[0].text == "BLOOM is an open-source model."
    first = ow.contradictions[0]
    assert "restricted" in first.reason and first.claim == "BLOOM is an open-source model."
    assert first.evidence and first.evidence[0].path == "LICENSE"
    assert any("training" in c.reason for c in ow.contradictions)  # missing element also named


def test_claim_of_a_release_meeting_osaid_is_not_openwashing():
    ow = judge(
        make_facts(FULL, {"weights": "Apache-2.0"}, claims=["We release a fully open-source LLM."])
    ).openwashing
    assert ow.claims and not ow.flag and not ow.contradictions


def test_missing_elements_defeat_claim_with_open_license():
    ow = judge(
        make_facts(WEIGHTS_ONLY, {"weights": "Apache-2.0"}, claims=["Our open-source model."])
    ).openwashing
    assert ow.flag and any("OSAID element missing" in c.reason for c in ow.contradictions)


def test_license_lineage_conflict_is_flagged():
    facts = make_facts(
        WEIGHTS_ONLY,
        {"weights": "Apache-2.0"},
        base_models=["meta-llama/Llama-2-7b"],
        lineage=["apache-2.0 label on a fine-tune of meta-llama/Llama-2-7b (llama2 license)"],
    )
    ow = judge(facts).openwashing
    assert ow.flag and "Llama-2-7b" in ow.contradictions[0].reason


def test_claim_detection_from_the_card_when_licenses_found_none():
    card = "# Foo-7B\n\nFoo-7B is a fully open-source language model.\n"
    ow = judge(make_facts(WEIGHTS_ONLY, {"weights": "Apache-2.0"}, card=card, repo="org/Foo-7B")).openwashing
    assert ow.claims and ow.claims[0].line == 3


def test_claims_are_not_comparisons_or_other_things():
    text = "\n".join(
        [
            "Our model outperforms other open-source models on most benchmarks.",
            "It beats open-source chat models we tested.",
            "We support the open source community.",
            "Our Purple tools are open sourced for the community.",
            "```",
            "this open-source code block",
            "```",
            "  title = {Foo: An Open-Source Model},",
        ]
    )
    assert open_source_claims(text, "README.md", ["Foo"]) == []
    yes = "- Learn more: [Foo-20B: An Open-Source Autoregressive Model](https://arxiv.org/abs/1)"
    assert open_source_claims(yes, "README.md", ["Foo-20B"])
    assert open_source_claims(
        "We complete pre-training, producing the strongest open-source base model.", None
    )


def test_mof_warning_for_open_license_of_another_content_type():
    facts = make_facts({"model_parameters_final": "verified"}, {"weights": "MIT"})
    section = judge(facts)
    assert any("MIT" in w for w in section.mof.warnings)


def test_eosai_score_is_mean_of_graded_parameters():
    card = ("# Model\n\nTrained for 3 epochs with AdamW at a learning rate of 1e-4.\n\n## Evaluation\n"
            "| task | accuracy |\n|---|---|\n| QA | 71.5 |\n")
    section = judge(
        make_facts(
            FULL,
            {"weights": "Apache-2.0"},
            card=card,
            covered={
                k: True
                for k in (
                    "training_data",
                    "training_procedure",  # the EOSAI model card asks for architecture, training and evaluation
                    "limitations",
                    "bias",
                    "evaluation",
                    "intended_use",
                    "data_quality",
                )
            },
        )
    )
    params = section.eosai.parameters
    assert len(params) == 12
    graded = [p.grade for p in params.values() if p.grade != "inconclusive"]
    expected = sum({"open": 1, "partial": 0.5, "closed": 0}[g] for g in graded) / len(graded)
    assert abs(section.eosai.score - expected) < 1e-9
    assert params["trainingcode"].grade == "inconclusive"  # declared by a link that was not followed
    assert params["modelcard"].grade == "open"
