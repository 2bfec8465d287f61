"""A License line that names no licence, only where it is ("A custom license is available at: <url>"): the licence
is the one the card names where it says what use must comply with. Cards written for these tests."""

from __future__ import annotations

from pathlib import Path

from unveil.card import parse_card
from unveil.licenses.discover import readme_section
from unveil.service import audit

_POINTER_CARD = """# Condor 9B

Condor is a family of pretrained text models from Example Labs.

**License** A bespoke commercial license can be found at: [https://example.org/condor/terms](https://example.org/condor/terms)

## Intended use

Anyone building on Condor has to comply with the Llama 2 Community License and the acceptable use policy.
"""


def _ids(text: str) -> list[str]:
    return [f.ident.id for f in readme_section(parse_card(text, path="README.md"))]


def test_pointer_license_line_takes_the_licence_use_must_comply_with() -> None:
    ids = _ids(_POINTER_CARD)
    assert ids and ids[0].startswith("llama2"), ids


def test_a_licence_named_outside_a_compliance_sentence_is_not_taken() -> None:
    # Near miss: the licence is only mentioned (a comparison), not what use of this model must comply with.
    card = _POINTER_CARD.replace("has to comply with the Llama 2 Community License and the acceptable use policy",
                                 "may compare it with models released under the Llama 2 Community License")
    assert _ids(card) == []


def test_a_license_line_that_names_its_licence_keeps_it() -> None:
    # The pointer rule applies only when the License line names nothing: a named licence wins.
    card = _POINTER_CARD.replace("A bespoke commercial license can be found at: [https://example.org/condor/terms]"
                                 "(https://example.org/condor/terms)", "Apache 2.0")
    assert _ids(card) == ["apache-2.0"]


def test_the_governing_agreement_makes_card_only_weights_partial(tmp_path: Path) -> None:
    # Weights handed out only to those who accept the agreement: the index's `partial`; read from the card alone.
    (tmp_path / "README.md").write_text(_POINTER_CARD, encoding="utf-8")
    eosai = audit(str(tmp_path)).openness.eosai
    assert eosai.parameters["weights_endmodel"].grade == "partial"
    assert "Llama 2" in (eosai.parameters["weights_endmodel"].reason or "")


def test_without_a_named_licence_card_only_weights_stay_inconclusive(tmp_path: Path) -> None:
    text = _POINTER_CARD.replace("has to comply with the Llama 2 Community License and the acceptable use policy",
                                 "should read the terms first")
    (tmp_path / "README.md").write_text(text, encoding="utf-8")
    eosai = audit(str(tmp_path)).openness.eosai
    assert eosai.parameters["weights_endmodel"].grade == "inconclusive"


def test_a_licence_the_training_data_is_subject_to_is_not_the_models() -> None:
    # Near miss: the compliance sentence is about the data's terms, which govern the data, not the weights.
    card = _POINTER_CARD.replace("Anyone building on Condor has to comply with the Llama 2 Community License and the "
                                 "acceptable use policy.",
                                 "Its training data is subject to the CC BY-NC 4.0 license of its publisher.")
    assert _ids(card) == []
