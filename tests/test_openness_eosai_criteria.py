"""EOSAI rules calibrated to the index's written criteria (its parameter definitions and its experts' notes),
checked on cards written here (no network, each card audited alone):

- modelcard: `open` needs the architecture, the training data, training details (hyperparameters, tokens,
  compute, duration), evaluation results and the uses or limitations; a card that lacks some is `partial`;
  one with usage, licensing or ethics only `closed`;
- hardware_architecture: `open` needs the training setup at scale (how many accelerators) and the architecture;
  GPU-hours, hardware without a count, architecture alone, or the base model's hardware `partial`; only the
  hardware to run the model `closed`, or `inconclusive` when this model's paper is linked;
- datasheet: Gebru et al.'s sections inside the card grade it; a paragraph on the data is not a datasheet;
- licenses: open or non-commercial weights with the rest undisclosed `partial`; `closed` when the code was not
  released and the data not disclosed, or the weights are under a bespoke agreement; `inconclusive` when an
  unread license could change the grade.
"""

from __future__ import annotations

from pathlib import Path

from unveil.service import audit


def _grades(tmp_path: Path, card: str) -> dict:
    (tmp_path / "README.md").write_text(card)
    return audit(str(tmp_path)).openness.eosai.parameters


HEAD = "---\nlicense: apache-2.0\n---\n# Larkspur-3B\n\n"

ARCH = "## Architecture\nLarkspur is a decoder-only transformer with 24 layers and a hidden size of 2560.\n\n"
DATA = ("## Training data\nThe model was trained on [FineWeb-Edu](https://huggingface.co/datasets/HuggingFaceFW/"
        "fineweb-edu), 900B tokens of English web pages.\n\n")
HYPER = ("## Training procedure\nWe trained for 200,000 steps with AdamW, a peak learning rate of 3e-4 after a "
         "2,000-step warmup and a global batch size of 1,024 sequences.\n\n")
RESULTS = "## Evaluation\n| benchmark | accuracy |\n|---|---|\n| HellaSwag | 68.4 |\n| ARC-Easy | 71.9 |\n\n"
LIMITS = "## Limitations\nLarkspur can state wrong facts and should not be relied on for medical or legal advice.\n\n"

USAGE_ONLY = HEAD + """Larkspur-3B answers questions in English.

## Quickstart
```bash
pip install transformers
```
```python
from transformers import AutoModelForCausalLM
model = AutoModelForCausalLM.from_pretrained("acme/larkspur-3b")
```

## License
Apache 2.0.
"""


def test_modelcard_with_every_aspect_in_detail_is_open(tmp_path):
    grade = _grades(tmp_path, HEAD + ARCH + DATA + HYPER + RESULTS + LIMITS)["modelcard"]
    assert grade.grade == "open", grade.reason


def test_modelcard_without_hyperparameters_or_result_numbers_is_partial(tmp_path):
    """A training procedure told without its settings and a benchmark named without a score: the experts'
    "missing hyperparameters"."""
    vague = ("## Training procedure\nWe pre-trained the model on our data and then fine-tuned it on instructions."
             "\n\n## Evaluation\nWe evaluated Larkspur on HellaSwag and ARC; see our paper for the numbers.\n\n")
    grade = _grades(tmp_path, HEAD + ARCH + DATA + vague + LIMITS)["modelcard"]
    assert grade.grade == "partial"
    assert "training details" in (grade.reason or "") and "evaluation results" in (grade.reason or "")


def test_modelcard_training_details_without_a_learning_rate_count(tmp_path):
    """Tokens trained on, the accelerators and the duration are training insight too (cards the experts grade
    open state these without a learning rate)."""
    facts = ("## Training\n| | |\n|---|---|\n| Training data | 4T tokens |\n| GPUs | 256 H100-80G |\n"
             "| Training time | 12 days |\n\n")
    grade = _grades(tmp_path, HEAD + ARCH + DATA.replace("900B tokens", "English text") + facts + RESULTS
                    + LIMITS)["modelcard"]
    assert grade.grade == "open", grade.reason
    one_fact = "## Training\nThe model saw 4T tokens.\n\n"
    other = tmp_path / "one"
    other.mkdir()
    card = HEAD + ARCH + DATA.replace("900B tokens", "English text") + one_fact + RESULTS + LIMITS
    assert _grades(other, card)["modelcard"].grade == "partial"


def test_modelcard_results_with_error_bars_and_html_cells_are_results(tmp_path):
    plus_minus = "## Evaluations\n| model | PIQA |\n|---|---|\n| Larkspur-3B | 0.731 ± 0.010   |\n\n"
    html = ("## Benchmarks\n### Base models\n<table>\n<tr>\n   <td>PIQA\n   </td>\n   <td>73.1\n   </td>\n</tr>\n"
            "</table>\n\n")
    for i, results in enumerate((plus_minus, html)):
        folder = tmp_path / str(i)
        folder.mkdir()
        grade = _grades(folder, HEAD + ARCH + DATA + HYPER + results + LIMITS)["modelcard"]
        assert grade.grade == "open", (i, grade.reason)


def test_modelcard_without_uses_or_limitations_is_partial(tmp_path):
    """The standard format includes intended uses, risks and limitations (the experts mark their absence)."""
    grade = _grades(tmp_path, HEAD + ARCH + DATA + HYPER + RESULTS)["modelcard"]
    assert grade.grade == "partial"
    assert "uses and limitations" in (grade.reason or "")


def test_usage_only_modelcard_is_closed(tmp_path):
    grade = _grades(tmp_path, USAGE_ONLY)["modelcard"]
    assert grade.grade == "closed", grade.reason


def test_hardware_with_accelerator_count_and_architecture_is_open(tmp_path):
    card = HEAD + ARCH + "## Compute\nLarkspur was trained on 64 nodes of 8 H100 GPUs each for 11 days.\n"
    assert _grades(tmp_path, card)["hardware_architecture"].grade == "open"


def test_gpu_hours_without_the_setup_are_partial(tmp_path):
    card = HEAD + ARCH + "## Compute\nPre-training used a cumulative 120K GPU hours on A100-80GB hardware.\n"
    grade = _grades(tmp_path, card)["hardware_architecture"]
    assert grade.grade == "partial"
    assert "GPU-hours" in (grade.reason or "")


def test_architecture_alone_is_partial(tmp_path):
    grade = _grades(tmp_path, HEAD + ARCH)["hardware_architecture"]
    assert grade.grade == "partial"
    assert "only the architecture" in (grade.reason or "")


def test_inference_hardware_only_is_closed(tmp_path):
    card = HEAD + "## Requirements\nThe model runs on a single RTX 4090 GPU with 24 GB of VRAM.\n"
    grade = _grades(tmp_path, card)["hardware_architecture"]
    assert grade.grade == "closed"
    assert "run the model" in (grade.reason or "")


def test_inference_hardware_with_own_paper_is_inconclusive(tmp_path):
    card = (HEAD + "Larkspur is described in our paper [Larkspur](https://arxiv.org/abs/2406.01234).\n\n"
            "## Requirements\nThe model runs on a single RTX 4090 GPU with 24 GB of VRAM.\n")
    assert _grades(tmp_path, card)["hardware_architecture"].grade == "inconclusive"


def test_base_models_training_hardware_is_partial_for_the_fine_tune(tmp_path):
    card = ("---\nlicense: apache-2.0\nbase_model: acme/granary-7b\n---\n# Larkspur-7B-chat\n\n"
            "A chat fine-tune of acme/granary-7b. Granary-7b was pre-trained on 512 A100 GPUs.\n")
    grade = _grades(tmp_path, card)["hardware_architecture"]
    assert grade.grade == "partial"
    assert "base model" in (grade.reason or "")


def test_base_named_by_its_family_in_prose_is_the_base(tmp_path):
    """A fine-tune's card repeats its base's facts under the family name ("Granary 2", base id Granary-2-7b-hf)."""
    card = ("---\nlicense: apache-2.0\nbase_model: acme/Granary-2-7b-hf\n---\n# Larkspur-7B-chat\n\n" + ARCH +
            "A chat model.\n\nGranary 2 was pretrained on 512 A100 GPUs over 3 weeks.\n")
    grade = _grades(tmp_path, card)["hardware_architecture"]
    assert grade.grade == "partial" and "base model" in (grade.reason or "")


def test_fine_tune_trained_on_named_hardware_beside_its_base_is_its_own(tmp_path):
    card = ("---\nlicense: apache-2.0\nbase_model: acme/granary-7b\n---\n# Larkspur-7B-chat\n\n" + ARCH +
            "We fine-tuned granary-7b on 8 A100 GPUs for two days.\n")
    assert _grades(tmp_path, card)["hardware_architecture"].grade == "open"


def test_template_hardware_placeholder_describes_nothing(tmp_path):
    card = HEAD + "## Compute Infrastructure\n\n### Hardware\n\n- **Hardware Type:** [More Information Needed]\n"
    assert _grades(tmp_path, card)["hardware_architecture"].grade == "closed"


DATASHEET = HEAD + """## Training data

### Motivation
The corpus was assembled to train small assistants for Icelandic public services.

### Composition
It holds 2.1 million question and answer pairs, 80% from public forms and 20% written by annotators.

### Collection process
Forms were gathered from municipal websites between 2021 and 2023 with the owners' consent.

### Preprocessing
Personal names were removed and exact duplicates dropped.

### Maintenance
The maintainers fix reported errors every quarter.
"""


def test_datasheet_inside_the_card_is_graded_by_its_sections(tmp_path):
    grade = _grades(tmp_path, DATASHEET)["datasheet"]
    assert grade.grade == "open"
    assert "motivation" in (grade.reason or "") and "maintenance" in (grade.reason or "")


def test_short_datasheet_inside_the_card_is_partial(tmp_path):
    short = DATASHEET.split("### Preprocessing")[0].replace("### Motivation", "Motivation, briefly:")
    assert _grades(tmp_path, short)["datasheet"].grade == "partial"


def test_a_paragraph_on_the_data_is_not_a_datasheet(tmp_path):
    card = HEAD + ("## Training data\nThe training data was collected from public web pages and filtered for "
                   "quality; duplicates and low-quality pages were removed before training.\n")
    assert _grades(tmp_path, card)["datasheet"].grade == "closed"


def test_non_commercial_weights_with_code_pointer_are_partial(tmp_path):
    card = ("---\nlicense: cc-by-nc-4.0\ndatasets:\n- acme/ice-qa\n---\n# Larkspur-3B\n\n"
            "Training code: [our repository](https://github.com/acme/larkspur).\n")
    grade = _grades(tmp_path, card)["licenses"]
    assert grade.grade == "partial", grade.reason
    assert "non-commercial" in (grade.reason or "")


def test_open_weights_grade_open_when_nothing_is_stated_under_restrictive_terms(tmp_path):
    """The experts' practice: an OSI license on the weights grades `open` though code and data are undisclosed."""
    card = ("---\nlicense: apache-2.0\ndatasets:\n- acme/ice-qa\n---\n# Larkspur-3B\n\n"
            "A question-answering model for Icelandic.\n")
    grade = _grades(tmp_path, card)["licenses"]
    assert grade.grade == "open", grade.reason
    assert "nothing stated under restrictive terms" in (grade.reason or "")


def test_open_weights_with_a_part_under_restrictive_terms_are_partial():
    from unveil.openness.eosai import _license_grade

    assert _license_grade({"weights": "open-source", "code": "not released", "data": "non-commercial"}) == "partial"
    assert _license_grade({"weights": "open-source", "code": "restricted", "data": None}) == "partial"
    assert _license_grade({"weights": "open-source", "code": "not released", "data": "not disclosed"}) == "open"
    assert _license_grade({"weights": "non-commercial", "code": "open-source", "data": "not disclosed"}) == "partial"
    assert _license_grade({"weights": "restricted", "code": "not released", "data": "not disclosed"}) == "closed"


def test_community_agreement_weights_without_open_code_and_data_are_closed(tmp_path):
    card = "---\nlicense: llama3.1\n---\n# Larkspur-8B\n\nA chat model.\n"
    assert _grades(tmp_path, card)["licenses"].grade == "closed"


def test_unread_weights_license_that_could_change_the_grade_is_inconclusive(tmp_path):
    """No license in the card and the repository's files not listed: open weights would make it partial,
    restricted ones closed."""
    card = "---\ndatasets:\n- acme/ice-qa\n---\n# Larkspur-3B\n\nA question-answering model for Icelandic.\n"
    assert _grades(tmp_path, card)["licenses"].grade == "inconclusive"


def test_unread_weights_license_without_code_or_data_is_inconclusive(tmp_path):
    """No code and no data disclosed, no license read: open weights would grade open, bespoke ones closed."""
    card = "---\ntags:\n- text-generation\n---\n# Larkspur-3B\n\nA question-answering model for Icelandic.\n"
    grade = _grades(tmp_path, card)["licenses"]
    assert grade.grade == "inconclusive", grade.reason
    assert "weights license not checked" in (grade.reason or "")


def test_what_counts_as_a_training_setup_at_scale():
    from unveil.openness.eosai_card import scaled_hardware

    counted = ["Hardware: 16 x 8 x H100 GPUs", "trained on 256 TPU v4 chips", "on a single TPU Pod v3-8",
               "we used 12 nodes with 8 A100 each", "trained with 4x A100 80GB"]
    not_counted = ["Pre-training took 2.1M GPU hours on H800", "Hardware Type: A100 PCIe 40GB",
                   "trained on GPUs at resolution 512x512", "multiple GPUs were used"]
    assert all(scaled_hardware([line]) for line in counted)
    assert not any(scaled_hardware([line]) for line in not_counted)


def test_datasheet_sections_outside_the_data_part_do_not_count():
    from unveil.openness.eosai_card import datasheet_sections

    card = "# Model\n\n## Uses\nChat.\n\n## Maintenance\nWe answer issues.\n\n## Training data\nWeb text.\n"
    assert datasheet_sections(card) == []
    card += "\n### Composition\nMostly English.\n\n### Collection process\nCrawled in 2024.\n"
    assert datasheet_sections(card) == ["composition", "collection process"]


VAGUE_DATA = ("## Training data\nLarkspur was pretrained on 3 trillion tokens of data from publicly available sources "
              "and tuned on instruction examples written by annotators.\n\n")


def test_modelcard_whose_data_is_only_a_provenance_is_partial(tmp_path):
    """Data given only as "from publicly available sources", nothing named: the experts' "none whatsoever on
    training data" for such a card; every other aspect in detail still leaves it `partial`."""
    grade = _grades(tmp_path, HEAD + ARCH + VAGUE_DATA + HYPER + RESULTS + LIMITS)["modelcard"]
    assert grade.grade == "partial", grade.reason
    assert "not training data" in (grade.reason or "")


def test_modelcard_data_described_by_what_it_is_or_named_stays_documented(tmp_path):
    """Near misses: data described by what it is (no name, no provenance phrase), or named beside the phrase."""
    what = ("## Training data\nThe model is trained on 1.5 million pairs of court rulings that cite each other, with "
            "their paragraphs aligned by the citing sentence.\n\n")
    named = VAGUE_DATA.replace("publicly available sources", "publicly available sources, chiefly [FineWeb-Edu]"
                               "(https://huggingface.co/datasets/HuggingFaceFW/fineweb-edu)")
    for i, data in enumerate((what, named)):
        folder = tmp_path / str(i)
        folder.mkdir()
        grade = _grades(folder, HEAD + ARCH + data + HYPER + RESULTS + LIMITS)["modelcard"]
        assert grade.grade == "open", (i, grade.reason)
