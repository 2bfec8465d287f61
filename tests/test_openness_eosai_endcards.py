"""EOSAI rules for an end model's card audited alone (a folder holding only README.md, no file listing, links not
followed), from the index's written criteria; cards written here:

- weights: a usage snippet (`from_pretrained("org/name")`) says how to load the model, not that its files are
  there (only the repo's listing can say): `inconclusive`; a download link to a checkpoint is a pointer: `open`;
- licenses: the card's license covers what its repo holds (card, weights); the code's and data's own licenses are
  undisclosed unless stated for them, so open weights with code and data elsewhere are `partial`, not `open`;
- training code: a training script, recipe or command the card points at is the code that trained the model
  (`open`; its documentation graded with it, `open`, as the index's experts grade code documentation where the
  training code is published); a repository where the model "was released"
  is not said to hold training code (`inconclusive`).
"""

from __future__ import annotations

from pathlib import Path

from unveil.service import audit


def _grades(tmp_path: Path, card: str) -> dict:
    (tmp_path / "README.md").write_text(card)
    return audit(str(tmp_path)).openness.eosai.parameters


HEAD = "---\nlicense: apache-2.0\n---\n# Quillwort-1B\n\nQuillwort-1B summarises Finnish news articles.\n\n"
USAGE = ('## How to use\n```python\nfrom transformers import AutoModelForSeq2SeqLM\n'
         'model = AutoModelForSeq2SeqLM.from_pretrained("fenlab/quillwort-1b")\n```\n\n')
DATA = "## Training data\nFine-tuned on [Uutiset-sum](https://huggingface.co/datasets/fenlab/uutiset-sum).\n\n"


def test_usage_snippet_alone_leaves_weights_inconclusive(tmp_path):
    grades = _grades(tmp_path, HEAD + USAGE)
    assert grades["weights_endmodel"].grade == "inconclusive", grades["weights_endmodel"].reason


def test_checkpoint_download_link_is_a_weights_pointer(tmp_path):
    card = HEAD + USAGE + ("## Checkpoints\n- [quillwort-1b.ckpt](https://huggingface.co/fenlab/quillwort-1b/resolve/"
                           "main/quillwort-1b.ckpt): download the weights for the original codebase.\n")
    grades = _grades(tmp_path, card)
    assert grades["weights_endmodel"].grade == "open", grades["weights_endmodel"].reason


def test_card_license_does_not_cover_code_and_data_published_elsewhere(tmp_path):
    card = (HEAD + DATA + "## Training procedure\n- Training script: [train.py](https://github.com/fenlab/quill/blob/"
            "main/train.py)\n\n" + USAGE)
    grade = _grades(tmp_path, card)["licenses"]
    assert "code: open-source" not in (grade.reason or ""), grade.reason
    assert "code: unclear" in (grade.reason or ""), grade.reason


def test_open_weights_without_code_or_disclosed_data_are_open_as_the_experts_grade(tmp_path):
    card = HEAD + "## Training data\nAn internal collection of news articles.\n\n" + USAGE
    grade = _grades(tmp_path, card)["licenses"]
    assert grade.grade == "open", grade.reason
    assert "not released" in (grade.reason or ""), grade.reason


def test_training_script_pointed_at_is_training_code(tmp_path):
    card = (HEAD + DATA + "## Training procedure\n- Training script: [train.py](https://github.com/fenlab/quill/blob/"
            "main/train.py)\n- Config: [config.json](https://github.com/fenlab/quill/blob/main/config.json)\n\n")
    grades = _grades(tmp_path, card)
    assert grades["trainingcode"].grade == "open", grades["trainingcode"].reason
    assert grades["code"].grade == "open", grades["code"].reason


def test_training_command_in_the_card_is_training_code(tmp_path):
    card = (HEAD + DATA + "## Training\nThe model was trained with the fenlab toolkit:\n```bash\ngit clone "
            "https://github.com/fenlab/quill\ncd quill/recipes/news\npython train.py hparams/small.yaml\n```\n\n")
    grade = _grades(tmp_path, card)["trainingcode"]
    assert grade.grade == "open", grade.reason


def test_release_repository_is_not_said_to_hold_training_code(tmp_path):
    card = (HEAD + "The models were first released in [this repository](https://github.com/fenlab/quill), in "
            "three pre-training data variants.\n\n" + DATA)
    grade = _grades(tmp_path, card)["trainingcode"]
    assert grade.grade == "inconclusive", grade.reason


def test_model_trained_with_a_named_open_library_is_partial_training_code(tmp_path):
    """The index: "training done using an open-source library"; the model's own scripts are not given."""
    card = (HEAD + DATA + "## Training procedure\nThe model was fine-tuned with the [Reedkit](https://reedkit.example.org/)"
            " library, using its default settings (learning rate 4e-5, 2 epochs).\n\n")
    grades = _grades(tmp_path, card)
    assert grades["trainingcode"].grade == "partial", grades["trainingcode"].reason
    assert grades["code"].grade == "partial", grades["code"].reason


def test_training_record_a_library_writes_is_partial_training_code(tmp_path):
    card = (HEAD + "## Training\nThe model was trained with the parameters:\n\n**DataLoader**: of length 80\n\n"
            "Parameters of the fit()-Method:\n```\n{\"epochs\": 3}\n```\n")
    assert _grades(tmp_path, card)["trainingcode"].grade == "partial"


def test_no_library_and_no_code_stays_closed(tmp_path):
    card = HEAD + DATA + "## Training procedure\nWe fine-tuned the model for 2 epochs at a learning rate of 4e-5.\n\n"
    assert _grades(tmp_path, card)["trainingcode"].grade == "closed"


def test_tokenizer_library_and_benchmark_repository_are_not_what_trained_the_model(tmp_path):
    card = (HEAD + "## Preprocessing\nThe model uses a BPE tokenizer trained using the [Wordsmith](https://github.com/"
            "wsmith/wordsmith) library.\n\n## Evaluation\nWe validate this checkpoint, pretrained with the simple "
            "recipe, on the [Reedbench](https://github.com/reed/reedbench) benchmark.\n")
    from unveil.card import parse_card
    from unveil.card_links import extract_links

    roles = {lf.target: lf.role for lf in extract_links(parse_card(card, "README.md"))}
    assert roles["wsmith/wordsmith"] != "training"
    assert roles["reed/reedbench"] != "training"


def test_training_code_promised_for_later_is_not_a_pointer(tmp_path):
    card = (HEAD + DATA + "## Training procedure\nThe code used to train the model will be released soon in "
            "[our repository](https://github.com/fenlab/quill).\n\n")
    grade = _grades(tmp_path, card)["trainingcode"]
    assert grade.grade != "open", grade.reason


# A base implied but not named by a Hub id: what it was trained on is in its own card, not this one's.
def test_base_implied_without_an_id_leaves_base_data_undecided(tmp_path):
    card = (HEAD + "Quillwort-1B is a fine-tuned version of a Finnish BART model, trained further on news.\n\n" + DATA)
    grades = _grades(tmp_path, card)
    assert grades["datasources_endmodel"].grade == "open", grades["datasources_endmodel"].reason
    assert grades["datasources_basemodel"].grade == "inconclusive", grades["datasources_basemodel"].reason


def test_encoder_template_implies_a_pretrained_base(tmp_path):
    card = (HEAD + "This is a [sentence-transformers](https://www.SBERT.net) model: it maps sentences to a 384 "
            "dimensional dense vector space.\n\n" + DATA)
    assert _grades(tmp_path, card)["datasources_basemodel"].grade == "inconclusive"


def test_a_model_trained_from_scratch_mirrors_its_own_data(tmp_path):
    # What a user may do later ("can be fine-tuned on ...") and another model's tuning imply no base of this one.
    card = (HEAD + "Quillwort-1B was trained from scratch. It can be fine-tuned on downstream tasks; unlike this "
            "model, ChatGPT was fine-tuned with human feedback.\n\n" + DATA)
    grades = _grades(tmp_path, card)
    assert grades["datasources_basemodel"].grade == grades["datasources_endmodel"].grade == "open"


def test_weights_archive_hosted_off_the_hub_is_a_pointer(tmp_path):
    card = (HEAD + "## Model details\n- **Original checkpoint**: [quill-1b_2022.zip](https://files.fenlab.example/"
            "mt/quill-1b_2022.zip)\n- test set scores: [quill.eval.zip](https://files.fenlab.example/mt/quill.eval.zip)\n")
    grade = _grades(tmp_path, card)["weights_endmodel"]
    assert grade.grade == "open", grade.reason


def test_data_archive_is_not_a_weights_pointer(tmp_path):
    card = HEAD + "## Training data\n- the model's training data: [news.zip](https://files.fenlab.example/news.zip)\n"
    assert _grades(tmp_path, card)["weights_endmodel"].grade == "inconclusive"


def test_architecture_named_by_its_family_is_architecture(tmp_path):
    body = ("## Training data\nThe model was trained on [FineWeb-Edu](https://huggingface.co/datasets/HuggingFaceFW/"
            "fineweb-edu), 900B tokens of English web pages.\n\n## Training procedure\nWe trained for 200,000 steps "
            "with AdamW, a peak learning rate of 3e-4 and a global batch size of 1,024 sequences.\n\n## Evaluation\n"
            "| benchmark | accuracy |\n|---|---|\n| HellaSwag | 68.4 |\n| ARC-Easy | 71.9 |\n\n## Limitations\n"
            "It can state wrong facts and should not be relied on for medical or legal advice.\n\n")
    head = "---\nlicense: apache-2.0\n---\n# Larkspur-3B\n\n"
    without = _grades(tmp_path, head + "Larkspur answers questions in English.\n\n" + body)["modelcard"]
    assert without.grade == "partial" and "not architecture" in (without.reason or ""), without.reason
    named = _grades(tmp_path, head + "Larkspur is a RoBERTa model that answers questions in English.\n\n" + body)
    assert named["modelcard"].grade == "open", named["modelcard"].reason


def test_a_shared_download_folder_is_no_datasheet(tmp_path):
    card = (HEAD + "## Training data\nThe model was fine-tuned on [our corpus](https://www.dropbox.com/sh/abc123/"
            "news_corpus?dl=0).\n\n")
    grade = _grades(tmp_path, card)["datasheet"]
    assert grade.grade == "closed", grade.reason


def test_a_dataset_page_still_leaves_its_datasheet_undecided(tmp_path):
    card = HEAD + "## Training data\nThe model was trained on [Uutiset](https://uutiset.example.org/corpus).\n\n"
    assert _grades(tmp_path, card)["datasheet"].grade == "inconclusive"


def test_compute_sponsor_named_beside_training_is_not_a_corpus(tmp_path):
    card = (HEAD + "## Training\nAll training was done on a TPUv2-8 VM sponsored by [TPU Research Cloud]"
            "(https://sites.research.google/trc/).\n\n")
    grades = _grades(tmp_path, card)
    assert grades["datasources_endmodel"].grade == "closed", grades["datasources_endmodel"].reason


def test_a_data_extraction_script_is_data_processing_code_not_training_code(tmp_path):
    card = (HEAD + "## Training data\nWe extract the summaries by writing a script that finds the lead paragraph. "
            "The extraction script can be found [here](https://github.com/fenlab/quillwort-1b/).\n\n")
    grades = _grades(tmp_path, card)
    assert grades["trainingcode"].grade == "partial", grades["trainingcode"].reason
    assert "processed the training data" in (grades["trainingcode"].reason or "")


def test_a_venue_word_inside_a_hub_id_is_no_venue(tmp_path):
    card = HEAD.replace("Quillwort-1B", "fenlab/news-journal-1b") + USAGE.replace("fenlab/quillwort-1b",
                                                                                    "fenlab/news-journal-1b")
    assert _grades(tmp_path, card)["paper"].grade == "closed"
    (tmp_path / "README.md").unlink()
    cited = card + "```bibtex\n@inproceedings{q, title={Quillwort}, booktitle={Proceedings of NoDaLiDa}}\n```\n"
    assert _grades(tmp_path, cited)["paper"].grade != "closed"
