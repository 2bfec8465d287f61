"""Card pointers and file rules for the failure classes found on the seed-151 held-out sample of real cards
and on the recorded releases (benchmarks/README.md, "Components declared by real cards"). Every card text here
is written for the test; the real cards stay in ../shared/data."""

from __future__ import annotations

from unveil.card import parse_card
from unveil.inventory import build_inventory
from unveil.release import FileEntry, Release, SourceInfo


def _declared(text: str) -> dict[str, str]:
    release = Release(source=SourceInfo(kind="local", id="x"), files=[])
    return {c.name: c.status for c in build_inventory(release, parse_card(text))}


def _from_files(*paths: str) -> dict[str, str]:
    release = Release(source=SourceInfo(kind="local", id="x"), files=[FileEntry(p, 2000) for p in paths])
    return {c.name: c.status for c in build_inventory(release, parse_card(None))}


def test_the_connector_nearest_the_link_says_what_trained_the_model() -> None:
    # A long name between "trained by" and "using" must not hide the connector that sits by the link.
    long_name = ("# M\n\nThis model was trained by Maximiliana Konstantinopoulou-Papadopoulou using the vctk recipe "
                 "in [toolkit](https://github.com/org/speechkit).\n")
    assert _declared(long_name)["training_code"] == "declared"
    far = ("# M\n\nThis model was trained using a long and winding procedure that we describe elsewhere in a lot of "
           "detail, and it is best run with a recent GPU, say from [vendor](https://github.com/vendor/driver).\n")
    assert _declared(far)["training_code"] == "absent"


def test_how_to_use_the_model_with_a_library_is_not_training_code() -> None:
    usage = ("# M\n\nThese pretrained classifiers are meant to be used with the [Zeroshot](https://github.com/a/zeroshot)"
             " library, and work with plain pipelines too.\n")
    assert _declared(usage)["training_code"] == "absent"
    trained = "# M\n\nThese classifiers were fine-tuned with the [Zeroshot](https://github.com/a/zeroshot) library.\n"
    assert _declared(trained)["training_code"] == "declared"


def test_a_notebook_known_by_its_address() -> None:
    shown = ("# M\n\nThis notebook shows how the model was trained and uploaded: "
             "[here](https://github.com/a/b/blob/main/fit_cards.ipynb).\n")
    assert _declared(shown)["training_code"] == "declared"
    invitation = ("# M\n\n## Training\n\nIf you want to train your own model, look at the [general example]"
                  "(https://colab.research.google.com/github/a/b/blob/main/example.ipynb)\n")
    assert _declared(invitation)["training_code"] == "absent"
    preprocessing = ("# M\n\nHow images were preprocessed during training is in [this file]"
                     "(https://github.com/a/b/blob/main/input_pipeline.py).\n")
    assert _declared(preprocessing)["training_code"] == "absent"
    # A repository whose name holds a code word ("-toolkit") linked as a dataset is not a notebook.
    dataset = "# M\n\nFine-tuned on the text of [VoxSpeech](https://github.com/a/vox-toolkit), a speech dataset.\n"
    assert _declared(dataset)["training_code"] == "absent"


def test_a_training_notebook_named_with_its_author() -> None:
    for said in ("This model was trained with Concept training by JaneDoe, using 40 images.",
                 "Trained using quick-tune colab by JaneDoe for 3000 steps.",
                 "This model was trained with DreamTune, using JaneDoe colab notebook."):
        assert _declared(f"# M\n\n{said}\n")["training_code"] == "declared", said
    for said in ("This model was trained using Google Colab for 3000 steps.",
                 "This model was trained with care by JaneDoe, using 40 images."):
        assert _declared(f"# M\n\n{said}\n")["training_code"] == "absent", said


def test_data_named_without_a_data_link() -> None:
    hub_id = "# M\n\nA concept model trained by alice on the alice/kitten_photos dataset.\n"
    assert _declared(hub_id)["datasets"] == "declared"
    inline = "# M\n\n| Source | Loader |\n|---|---|\n| News | `load_dataset(\"newsmix\", \"sports\")` |\n"
    assert _declared(inline)["datasets"] == "declared"
    taken = "# M\n\nThe training images were taken from [Card Game Archive](https://cards.example.org/).\n"
    assert _declared(taken)["datasets"] == "declared"


def test_a_labelled_data_field_names_the_data() -> None:
    assert _declared("# M\n\n* source language: xx\n* dataset: wikimatrix\n* model: transformer\n"
                     )["datasets"] == "declared"
    for empty in ("[More Information Needed]", "n/a", "unknown", "120 thousand sentences"):
        assert _declared(f"# M\n\n- **Dataset:** {empty}\n")["datasets"] == "absent", empty
    # A table's header cell heads a column of evaluation sets; it names no training data.
    assert _declared("# M\n\n## Results\n\n| Dataset | F1 |\n|---|---|\n| dev | 81.20 |\n")["datasets"] == "absent"
    # In the front matter, "dataset:" is a key of model-index, not a field of the card.
    front = "---\nmodel-index:\n- name: m\n  results:\n  - dataset: wikimatrix\n---\n# M\n\nA model.\n"
    assert _declared(front)["datasets"] == "absent"


def test_withheld_training_data_is_not_declared_by_its_sources() -> None:
    withheld = ("# M\n\n## Data\n\nTrained on crawled pages and public collections such as the [PhotoSet dataset]"
                "(http://photos.example.org/). We will not be releasing the dataset.\n")
    assert _declared(withheld)["datasets"] == "absent"
    released = ("# M\n\n## Data\n\nTrained on crawled pages and public collections such as the [PhotoSet dataset]"
                "(http://photos.example.org/).\n")
    assert _declared(released)["datasets"] == "declared"
    on_hub = ("# M\n\nTrained on [our set](https://huggingface.co/datasets/a/b). We do not release the raw crawl "
              "data it was filtered from.\n")
    assert _declared(on_hub)["datasets"] == "declared"


def test_a_model_zoo_table_without_this_models_row_is_not_its_results() -> None:
    rows = "".join(f"| [net_{k}.big](https://huggingface.co/zoo/net_{k}.big) | 8{k}.10 | 9{k}.20 |\n"
                   for k in range(6))
    table = "| model | top1 | top5 |\n|---|---|---|\n" + rows
    assert _declared(f"# Model card for net_9.small\n\nA network.\n\n{table}")["evaluation_results"] == "absent"
    assert _declared(f"# Model card for net_3.big\n\nA network.\n\n{table}")["evaluation_results"] == "declared"
    # A heading that is a phrase names no model: the table stays the card's results.
    assert _declared(f"# A network for images\n\nA network.\n\n{table}")["evaluation_results"] == "declared"
    few = ("| model | top1 |\n|---|---|\n| [a](https://huggingface.co/z/a) | 81.10 |\n"
           "| [b](https://huggingface.co/z/b) | 82.20 |\n")
    assert _declared(f"# Model card for c\n\nA network.\n\n{few}")["evaluation_results"] == "declared"


def test_data_cards_linked_by_name_wherever_they_are_hosted() -> None:
    text = "# M\n\nEach source is described in its own [Data Cards](https://huggingface.co/spaces/org/corpus-cards).\n"
    assert _declared(text)["data_card"] == "declared"
    assert _declared("# M\n\nSee the [corpus](https://huggingface.co/spaces/org/corpus).\n")["data_card"] == "absent"


def test_guides_and_policies_are_not_technical_reports() -> None:
    assert _from_files("Usage-Guide.pdf")["technical_report"] == "absent"
    assert _from_files("acceptable_use_policy.pdf")["technical_report"] == "absent"
    assert _from_files("docs/model_overview.pdf")["technical_report"] == "verified"


def test_only_a_nested_package_definition_is_a_bundled_library() -> None:
    # A package definition at the root packages the release's own code (counted as its modeling/inference code).
    assert _from_files("setup.py", "mypkg/model.py")["supporting_libraries"] == "absent"
    assert _from_files("pyproject.toml")["supporting_libraries"] == "absent"
    assert _from_files("third_party/fastops/setup.py")["supporting_libraries"] == "verified"
    assert _from_files("libs/tok/pyproject.toml")["supporting_libraries"] == "verified"


# Round 7 (branch comp4): the classes behind the misses of the seed-167 held-out sample.

def test_training_data_said_to_be_withheld_in_the_passive() -> None:
    for said in ("For privacy reasons the training data cannot be released.",
                 "The dataset is not publicly available.", "Our corpus can not be shared outside the clinic."):
        withheld = (f"# M\n\n## Training data\n\n- Notes from a hospital archive. {said}\n"
                    "- The labelling manual is [here](https://github.com/org/manuals/tree/main/labelling).\n")
        assert _declared(withheld)["datasets"] == "absent", said
    # Not yet released is not withheld; and a link with no such sentence stays the data.
    for said in ("The dataset is not available yet, a link follows soon.", "Notes from a hospital archive."):
        shown = f"# M\n\n## Training data\n\n- {said}\n- Download it [here](https://data.example.org/notes.zip).\n"
        assert _declared(shown)["datasets"] == "declared", said


def test_a_library_named_by_a_link_to_its_own_site() -> None:
    trained = "# M\n\nThe tagger was fine-tuned with the [Quick Tagger](https://quicktagger.example.org/) library.\n"
    assert _declared(trained)["training_code"] == "declared"
    for said in ("The classifier was fine-tuned with the [Hugging Face Transformers](https://hf.example/) library.",
                 "The pretrained tagger is meant to be used with the [Quick Tagger](https://quicktagger.example.org/) "
                 "library.",
                 "It uses a subword tokenizer trained with the [Piece Cutter](https://cutter.example.org/) library."):
        assert _declared(f"# M\n\n{said}\n")["training_code"] == "absent", said


def test_a_score_given_as_a_field_of_its_own() -> None:
    for said in ("F1-Score: **91,07** (held-out news)", "- **Accuracy**: 88.4%", "BLEU = 31.2"):
        assert _declared(f"# M\n\nA tagger for news.\n\n{said}\n")["evaluation_results"] == "declared", said
    for said in ("A threshold of 0.75 gives the best F1 on our data.", "F1-Score: see the paper",
                 "```\naccuracy: 0.5  # a config value\n```"):
        assert _declared(f"# M\n\nA tagger for news.\n\n{said}\n")["evaluation_results"] == "absent", said


def test_a_report_of_metric_columns_under_a_results_heading() -> None:
    report = ("# M\n\n## Test results\n\n```\n            precision  recall  f1-score  support\n\n"
              "      SPLIT     0.81     0.77     0.79      402\n```\n")
    assert _declared(report)["evaluation_results"] == "declared"
    # The same columns under a heading about something else, or a header with no numbers under it, report nothing.
    assert _declared(report.replace("Test results", "Label scheme"))["evaluation_results"] == "absent"
    empty = "# M\n\n## Test results\n\n```\n            precision  recall  f1-score  support\n```\n"
    assert _declared(empty)["evaluation_results"] == "absent"


def test_the_base_models_paper_and_a_shared_task_paper_are_not_this_models() -> None:
    cited = ("# M\n\nThis is a fine-tuned ZEBRA model for tagging, fine-tuned with the recommended hyperparameters "
             "from the [original ZEBRA paper](https://arxiv.org/abs/2101.00001).\n\n### BibTeX entry and citation info"
             "\n\n```\n@article{zebra,\n  title = {{ZEBRA:} Striped Encoders for Text},\n  journal = {CoRR},\n"
             "  year = {2021}\n}\n@inproceedings{task,\n  title = {Findings of the Tagging Shared Task},\n"
             "  booktitle = {Proceedings of the Workshop on Tags},\n  year = {2003}\n}\n```\n")
    assert _declared(cited)["research_paper"] == "absent"
    # The card asks to cite the entry for itself (the authors fine-tuned their own model): its paper.
    own = cited.replace("### BibTeX entry and citation info\n\n", "Please cite our work as follows:\n\n")
    assert _declared(own)["research_paper"] == "declared"
    # A model the card does not say it fine-tuned: the entry is this model's paper.
    other = cited.replace("fine-tuned ZEBRA model", "new tagging model").replace(
        "from the [original ZEBRA paper](https://arxiv.org/abs/2101.00001)", "of a grid search")
    assert _declared(other)["research_paper"] == "declared"
    # Hyperparameters given in the card's own paper: that link stays its paper.
    ours = ("# M\n\nThe hyperparameters we used are given in our paper [Tagging Well](https://arxiv.org/abs/2101.00002)."
            "\n")
    assert _declared(ours)["research_paper"] == "declared"


def test_a_paper_named_by_its_venue_without_a_link() -> None:
    own = ("# M\n\nThis classifier belongs to the Harbour Tides paper (ACL 2024 - Findings), where its experiments "
           "are told in full.\n")
    assert _declared(own)["research_paper"] == "declared"
    quoted = '# M\n\nOur runs will be told in the upcoming paper "Counting Gulls at Dawn" (SeaBirdS 2023).\n'
    assert _declared(quoted)["research_paper"] == "declared"
    # the base model's paper, named the same way, is not this model's
    base = ("# M\n\nA fine-tuned BERT for gull names. The BERT paper (NAACL 2019) explains its pretraining.\n")
    assert _declared(base)["research_paper"] == "absent"
    # a venue named in prose about something else, and a benchmark's name after a score
    prose = "# M\n\nWe entered the model in a shared challenge (SemEval 2023) and it did fine.\n"
    assert _declared(prose)["research_paper"] == "absent"
    score = "# M\n\nF1-Score: **88.10** (GULL-2019)\n"
    assert _declared(score)["research_paper"] == "absent"
    data = "# M\n\nTrained on the Gull Counts dataset paper (LREC 2022) release.\n"
    assert _declared(data)["research_paper"] == "absent"


def test_a_citing_and_authors_heading_is_the_cards_citation() -> None:
    entry = ("```\n@article{gull2021,\n  title={GullNet: counting birds},\n  author={Doe, Jane},\n"
             "  journal={arXiv preprint arXiv:2101.01234},\n  year={2021}\n}\n```\n")
    assert _declared(f"# GullNet\n\nCounts gulls.\n\n## Citing & Authors\n\n{entry}")["research_paper"] == "declared"
    # "Citing ESPnet" cites the toolkit, not the model
    assert _declared(f"# GullNet\n\nCounts gulls.\n\n## Citing Gullkit\n\n{entry}")["research_paper"] == "absent"


def test_a_paper_link_named_after_the_model_itself() -> None:
    own = ("# TideFormer trained on Harbour-3\n\nThis repository separates tides with a "
           "[TideFormer](https://arxiv.org/abs/2301.01234) model.\n")
    assert _declared(own)["research_paper"] == "declared"
    # another model's paper, and a method's arXiv link, are not this model's
    other = ("# TideFormer trained on Harbour-3\n\nIt beats a [WaveNet](https://arxiv.org/abs/1609.03499) model.\n")
    assert _declared(other)["research_paper"] == "absent"
    chosen = ("# Roberto trained on harbour logs\n\nThe model chosen for training is "
              "[Roberto](https://arxiv.org/abs/1907.01234).\n")
    assert _declared(chosen)["research_paper"] == "absent"
    method = ("# TideFormer trained on Harbour-3\n\nWe used [Adam](https://arxiv.org/abs/1412.06980) to train it.\n")
    assert _declared(method)["research_paper"] == "absent"
