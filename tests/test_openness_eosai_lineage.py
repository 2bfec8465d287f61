"""EOSAI with honest unknowns: base-model and end-model evidence kept apart (lineage from `base_model`),
`inconclusive` (never `closed`) for whatever could not be fetched, training code the card says it was trained
with, and `closed` only from evidence. Cards written here; no network.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from unveil.card import parse_card
from unveil.card_links import LinkFact, extract_links
from unveil.openness.eosai import PARAMETERS
from unveil.service import audit


def _release(tmp_path: Path, card: str, weights: bool = False) -> Path:
    (tmp_path / "README.md").write_text(card)
    if weights:  # a minimal, well-formed safetensors file: an empty tensor table (scanned, never loaded)
        header = json.dumps({"__metadata__": {"format": "pt"}}).encode()
        (tmp_path / "model.safetensors").write_bytes(struct.pack("<Q", len(header)) + header)
        (tmp_path / "config.json").write_text('{"model_type": "llama"}')
    return tmp_path


def _grades(tmp_path: Path, card: str, **kw) -> dict:
    weights = kw.pop("weights", False)
    return audit(str(_release(tmp_path, card, weights)), **kw).openness.eosai.parameters


FINE_TUNE = """---
license: apache-2.0
base_model: {base}
---
# Tinyfold-chat

Tinyfold-chat is {base} fine-tuned for dialogue. We fine-tuned it with
[axolotl](https://github.com/axolotl-ai-cloud/axolotl) on our own conversations.
"""


def test_base_weights_come_from_the_base_not_from_this_release(tmp_path):
    """The fine-tune's own weights are in its files; the base's are graded from the base (its family license
    binds by an accepted agreement: behind an access form, `partial`), whatever this release holds."""
    grades = _grades(tmp_path, FINE_TUNE.format(base="meta-llama/Llama-2-7b-hf"), weights=True)
    assert grades["weights_endmodel"].grade == "open"
    assert "release files" in (grades["weights_endmodel"].reason or "")
    assert grades["weights_basemodel"].grade == "partial"
    assert "meta-llama/Llama-2-7b-hf" in (grades["weights_basemodel"].reason or "")
    # What the base was trained on is not in this card: neither this release's data nor `closed`.
    assert grades["datasources_basemodel"].grade == "inconclusive"


def test_base_without_an_agreement_is_a_concrete_pointer(tmp_path):
    grades = _grades(tmp_path, FINE_TUNE.format(base="acme/tinyfold-base"))
    assert grades["weights_basemodel"].grade == "open"
    assert "acme/tinyfold-base" in (grades["weights_basemodel"].reason or "")
    # No weights in this release (only its card): the end model is not graded from the base's pointer.
    assert grades["weights_endmodel"].grade != "open" or "acme/tinyfold-base" not in (
        grades["weights_endmodel"].reason or "")


def test_follow_links_without_network_is_inconclusive_never_closed(tmp_path, monkeypatch):
    """With --follow-links and no network every link fails: what lies behind them is `inconclusive`."""
    from unveil import service

    def refused(_: LinkFact):
        raise OSError("network unreachable")

    monkeypatch.setattr(service, "OPENERS", {k: refused for k in ("github-repo", "hub-dataset", "hub-model")})
    card = FINE_TUNE.format(base="acme/tinyfold-base").replace(
        "on our own conversations.", "on [acme/chats](https://huggingface.co/datasets/acme/chats).")
    grades = _grades(tmp_path, card, follow_links=True)
    for param in ("weights_basemodel", "trainingcode", "code", "datasources_endmodel", "datasheet"):
        assert grades[param].grade == "inconclusive", (param, grades[param])
    assert "could not be followed" in (grades["trainingcode"].reason or "")
    # Only the card was read (no file listing): absent weights are not established either.
    assert grades["weights_endmodel"].grade == "inconclusive"


def test_training_library_of_another_organisation_counts(tmp_path):
    grades = _grades(tmp_path, FINE_TUNE.format(base="acme/tinyfold-base"))
    assert grades["trainingcode"].grade == "open"
    assert "axolotl-ai-cloud/axolotl" in (grades["trainingcode"].reason or "")
    assert grades["code"].grade == "open"


@pytest.mark.parametrize("line, role", [
    ("- Library: [GPT-NeoX](https://github.com/EleutherAI/gpt-neox)", "training"),
    ("The model was fine-tuned using [trl](https://github.com/huggingface/trl)'s SFT script.", "training"),
    ("Training scripts are in [our repository](https://github.com/acme/tinyfold).", "training"),
    # Negation: no pointer to training code.
    ("The authors did not release the training code ([repo](https://github.com/acme/tinyfold)).", "code"),
    # A sentence about training that ends before the link does not make the link training code.
    ("Trained for another 200k steps. Follows the masking strategy in [LAMA](https://github.com/saic/lama).",
     "other"),
    # Usage tooling, not what the model was trained with.
    ("Run it with [diffusers](https://github.com/huggingface/diffusers).", "tooling"),
])
def test_training_pointer_is_read_up_to_the_link(line, role):
    links = {lf.target: lf for lf in extract_links(parse_card(f"# Tinyfold\n\n{line}\n", "README.md"))}
    (only,) = [lf for lf in links.values() if lf.kind == "github-repo"]
    assert only.role == role, (line, only.role)


def test_negated_training_code_is_not_graded_open(tmp_path):
    card = "---\nlicense: mit\n---\n# Tinyfold\n\nThe authors did not release the training code " \
           "([repo](https://github.com/acme/tinyfold)).\n"
    assert _grades(tmp_path, card)["trainingcode"].grade != "open"


def test_gate_declared_in_the_card_makes_weights_partial(tmp_path):
    card = ("---\nlicense: apache-2.0\nextra_gated_prompt: You agree to share your contact information.\n---\n"
            "# Tinyfold\n\nWeights: `model.safetensors`.\n")
    grades = _grades(tmp_path, card, weights=True)
    assert grades["weights_endmodel"].grade == "partial"
    assert "gate" in (grades["weights_endmodel"].reason or "")
    other = tmp_path / "ungated"
    other.mkdir()
    ungated = _grades(other, card.replace("extra_gated_prompt: You agree to share your contact information.\n", ""),
                      weights=True)
    assert ungated["weights_endmodel"].grade == "open"


@pytest.mark.parametrize("sentence, grade", [
    ("The model was trained on a subset of [LAION-5B](https://laion.ai/blog/laion-5b/).", "open"),
    ("The model was trained on The Pile and on code we collected.", "partial"),
    ("The model was trained on a mix of publicly available online data.", "closed"),
])
def test_training_data_from_what_the_card_names(tmp_path, sentence, grade):
    card = f"---\nlicense: mit\n---\n# Tinyfold\n\n## Training data\n\n{sentence}\n"
    assert _grades(tmp_path, card)["datasources_endmodel"].grade == grade


def test_preprint_alone_leaves_peer_review_inconclusive(tmp_path):
    card = ("---\nlicense: mit\n---\n# Tinyfold\n\nPaper: [arXiv](https://arxiv.org/abs/2401.01234).\n\n"
            "The training data is described in LAION-5B's NeurIPS 2022 dataset paper.\n")
    grades = _grades(tmp_path, card)
    assert grades["preprint"].grade == "open"
    assert grades["paper"].grade == "inconclusive"  # the only venue named is the dataset's


def test_score_rests_on_the_graded_parameters(tmp_path):
    eosai = audit(str(_release(tmp_path, FINE_TUNE.format(base="acme/tinyfold-base")))).openness.eosai
    left_out = [p for p in PARAMETERS if eosai.parameters[p].grade == "inconclusive"]
    assert left_out and eosai.not_graded == left_out
    assert eosai.graded == len(PARAMETERS) - len(left_out)
    values = {"open": 1.0, "partial": 0.5, "closed": 0.0}
    graded = [values[eosai.parameters[p].grade] for p in PARAMETERS if p not in left_out]
    assert eosai.score == pytest.approx(sum(graded) / len(graded))


def test_licenses_from_what_the_card_establishes(tmp_path):
    """Open weights, no training code and undisclosed data: the index's experts mostly grade `open` (the weights'
    OSI license), and the reason says what was not released or disclosed."""
    card = ("---\nlicense: apache-2.0\n---\n# Tinyfold\n\n## Training data\n\nThe model was trained on a mix of "
            "publicly available online data.\n")
    lic = _grades(tmp_path, card)["licenses"]
    assert lic.grade == "open"
    assert "not released" in (lic.reason or "") and "not disclosed" in (lic.reason or "")


def test_licenses_behind_links_that_failed_are_inconclusive(tmp_path, monkeypatch):
    """With the code and data repositories unreachable, open weights alone cannot settle the grade."""
    from unveil import service

    def refused(_: LinkFact):
        raise OSError("network unreachable")

    monkeypatch.setattr(service, "OPENERS", {k: refused for k in ("github-repo", "hub-dataset", "hub-model")})
    card = ("---\nlicense: apache-2.0\ndatasets:\n- acme/chats\n---\n# Tinyfold\n\n"
            "Training code: [our repository](https://github.com/acme/tinyfold).\n")
    offline = _grades(tmp_path, card)["licenses"]
    other = tmp_path / "online"
    other.mkdir()
    online = _grades(other, card, follow_links=True)["licenses"]
    assert online.grade == "inconclusive", online
    assert offline.grade != "inconclusive"  # offline the card's own license covers its pointers (declared)


def test_a_snippet_loading_the_base_is_not_the_end_models_weights(tmp_path):
    """An adapter's card loads its base in the usage snippet: that pointer grades the base, not the end model."""
    card = ("---\nlicense: apache-2.0\nbase_model: acme/tinyfold-base\n---\n# Tinyfold-adapter\n\n```python\n"
            'model = AutoModelForCausalLM.from_pretrained("acme/tinyfold-base")\n```\n')
    grades = _grades(tmp_path, card)
    assert "acme/tinyfold-base" not in (grades["weights_endmodel"].reason or "")
    assert grades["weights_endmodel"].grade == "inconclusive"  # card only: its own files were not listed
    assert grades["weights_basemodel"].grade == "open"


@pytest.mark.parametrize("sentence, base", [
    ("This model is a fine-tuned version of [distilbert-base-uncased](https://huggingface.co/distilbert-base-uncased)"
     " on the imdb dataset.", "distilbert-base-uncased"),
    ("It is derived from EleutherAI's [Pythia-12b](https://huggingface.co/EleutherAI/pythia-12b) and tuned on "
     "instructions.", "EleutherAI/pythia-12b"),
])
def test_base_named_by_its_hub_link_without_metadata(tmp_path, sentence, base):
    """Cards from before the `base_model` field name their base by a link: the base is graded from it."""
    grades = _grades(tmp_path, f"---\nlicense: mit\n---\n# Tinyfold\n\n{sentence}\n")
    assert grades["weights_basemodel"].grade == "open"
    assert base in (grades["weights_basemodel"].reason or "")
    assert grades["datasources_basemodel"].grade == "inconclusive"


def test_a_card_the_text_is_based_on_is_not_a_base(tmp_path):
    card = ("---\nlicense: mit\n---\n# Tinyfold\n\nThis card is based on the [Tinyfold model card]"
            "(https://huggingface.co/acme/tinyfold).\n")
    assert "acme/tinyfold" not in (_grades(tmp_path, card)["weights_basemodel"].reason or "")


def test_a_later_mention_that_it_trained_with_the_repo_wins():
    text = ("# Tinyfold\n\nCode: [our repository](https://github.com/acme/tinyfold).\n\n"
            "We fine-tuned the model with [tinyfold](https://github.com/acme/tinyfold).\n")
    (repo,) = [lf for lf in extract_links(parse_card(text, "README.md")) if lf.kind == "github-repo"]
    assert repo.role == "training" and repo.line == 5
