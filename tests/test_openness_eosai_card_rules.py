"""EOSAI rules of the second round on real cards, checked on cards written here (no network): the model card
is graded on the aspects the index names (architecture, training, evaluation), not on a topic count; a card
read alone whose weights license binds by an accepted agreement grades its weights `partial`."""

from __future__ import annotations

from pathlib import Path

from unveil.service import audit


def _grades(tmp_path: Path, card: str) -> dict:
    (tmp_path / "README.md").write_text(card)
    return audit(str(tmp_path)).openness.eosai.parameters


# Architecture, training procedure and evaluation, but nothing on limitations, bias or intended use, and no
# training data: the index's aspects are mostly there (partial), however few generic topics it touches.
TECHNICAL = """---
license: mit
---
# Quillmoe-9B

## Architecture
Quillmoe is a decoder-only mixture-of-experts transformer with 32 layers and 64 routed experts.

## Training procedure
We pre-trained for 120,000 steps with AdamW, a learning rate of 2e-4 and a batch size of 2,048 sequences,
then applied supervised fine-tuning for two epochs.

## Evaluation
| benchmark | score |
|---|---|
| ARC-Challenge | 61.2 |
| GSM8K | 54.0 |
"""

# Limitations, bias and intended use spelled out at length, and nothing about how the model is built,
# trained or evaluated: a card with no insight into the parts the index asks about.
ETHICS_ONLY = """---
license: mit
---
# Quillmoe-9B

## Intended use
The model is intended for research on summarisation of English news articles by academic groups.

## Limitations
The model can produce factually wrong statements and should not be relied on for medical or legal advice.
Its outputs may be incomplete for long documents.

## Bias, risks and limitations
The model can have biased predictions about gender and nationality, inherited from web text.
"""


def test_modelcard_follows_the_index_aspects_not_topic_count(tmp_path):
    grade = _grades(tmp_path, TECHNICAL)["modelcard"]
    assert grade.grade == "partial"
    assert "training data" in (grade.reason or "")  # named as the aspect it lacks


def test_modelcard_of_ethics_only_card_gives_no_insight(tmp_path):
    grade = _grades(tmp_path, ETHICS_ONLY)["modelcard"]
    assert grade.grade == "closed"


def test_modelcard_with_every_aspect_is_open(tmp_path):
    card = TECHNICAL.replace("## Evaluation", "## Training data\nThe model was trained on [FineWeb-Edu]"
                             "(https://huggingface.co/datasets/HuggingFaceFW/fineweb-edu), 2T tokens of English "
                             "web pages.\n\n## Evaluation") + ("\n## Limitations\nThe model can state wrong facts "
                                                               "and should not be used for medical advice.\n")
    assert _grades(tmp_path, card)["modelcard"].grade == "open"


AGREEMENT = """---
license: llama3.1
---
# Quillchat-8B

A chat model. Download the weights after accepting the license.
"""


def test_card_alone_with_an_agreement_license_grades_weights_partial(tmp_path):
    grade = _grades(tmp_path, AGREEMENT)["weights_endmodel"]
    assert grade.grade == "partial"
    assert "agreement" in (grade.reason or "")


def test_card_alone_with_an_open_license_stays_inconclusive(tmp_path):
    """An open license says nothing about whether the files exist: the listing was not read."""
    grade = _grades(tmp_path, AGREEMENT.replace("llama3.1", "apache-2.0"))["weights_endmodel"]
    assert grade.grade == "inconclusive"


# The only arXiv link is the paper of the corpus the model was trained on, and a method the card follows.
OTHERS_PAPERS = """---
license: apache-2.0
---
# Quillmoe-9B

Quillmoe-9B was trained on a web corpus; see [Section 4 of the corpus paper](https://arxiv.org/abs/2101.00027)
for a breakdown of its sources. The energy methodology can be found [here](https://arxiv.org/abs/2104.10350).
"""

OWN_PAPER = """---
license: apache-2.0
---
# Quillmoe-9B

Quillmoe-9B is described in our paper [Quillmoe: Sparse Experts for Small Budgets](https://arxiv.org/abs/2405.01234).

## Citation
```bibtex
@article{quillmoe2024,
  title={Quillmoe: Sparse Experts for Small Budgets},
  author={Doe, Jane and Roe, Richard},
  journal={arXiv preprint arXiv:2405.01234},
  year={2024}
}
```
"""


def test_arxiv_links_to_others_work_are_not_this_models_preprint(tmp_path):
    grades = _grades(tmp_path, OTHERS_PAPERS)
    assert grades["preprint"].grade == "closed"
    assert "others'" in (grades["preprint"].reason or "")
    assert grades["paper"].grade == "closed"


def test_own_arxiv_paper_is_the_preprint(tmp_path):
    grades = _grades(tmp_path, OWN_PAPER)
    assert grades["preprint"].grade == "open"
    assert grades["paper"].grade == "inconclusive"  # a preprint only: peer review not established
