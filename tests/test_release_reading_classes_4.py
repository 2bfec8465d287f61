"""Reading classes found on the fourth held-out set of real releases (benchmarks/heldout_releases_4,
benchmarks/README.md "branch rel4"). Every card text here is written for the test; the real cards stay in
../shared/data. Each class is checked both ways: a text that must be read, and a near miss that must not."""

from __future__ import annotations

from unveil.card import parse_card
from unveil.documentation import analyze_card
from unveil.inventory import build_inventory
from unveil.openness.view import most_restrictive
from unveil.release import FileEntry, Release, SourceInfo
from unveil.report import LicenseEntry


def _components(text: str, *paths: str, repo: str = "lab/model") -> dict[str, str]:
    release = Release(source=SourceInfo(kind="hub", id=repo), files=[FileEntry(p, 4000) for p in paths])
    return {c.name: c.status for c in build_inventory(release, parse_card(text, "README.md"))}


def _evidence(text: str, component: str) -> list[str]:
    release = Release(source=SourceInfo(kind="hub", id="lab/model"), files=[FileEntry("README.md", 4000)])
    comps = {c.name: c for c in build_inventory(release, parse_card(text, "README.md"))}
    return [e.text for e in comps[component].evidence]


def test_a_picture_hosted_in_a_dataset_repo_is_not_a_dataset() -> None:
    widget = """---
widget:
- src: https://huggingface.co/datasets/someone/demo-pictures/resolve/main/harbour.jpg
---
# Detector-S

A small detector.
"""
    assert _components(widget)["datasets"] == "absent"
    banner = "# Coder-S\n\n![banner](https://huggingface.co/datasets/lab/assets/resolve/main/top.png)\n"
    assert _components(banner)["datasets"] == "absent"
    # the dataset repo itself, or a data file in it, still points at the data
    linked = "# Detector-S\n\nTrained on [harbour scenes](https://huggingface.co/datasets/lab/harbour-scenes).\n"
    assert _components(linked)["datasets"] == "declared"
    data_file = ("# Detector-S\n\nTraining split: https://huggingface.co/datasets/lab/harbour-scenes/resolve/main/"
                 "train.parquet\n")
    assert _components(data_file)["datasets"] == "declared"


def test_a_repo_that_moved_points_at_the_weights() -> None:
    moved = "---\nlicense: mit\n---\nThis model has moved to https://huggingface.co/newlab/painter-v2\n"
    assert _components(moved)["model_parameters_final"] == "declared"
    # a sibling model named in passing is not where this one's weights are
    sibling = "---\nlicense: mit\n---\n# Painter\n\nSee also https://huggingface.co/newlab/painter-v2 for portraits.\n"
    assert _components(sibling)["model_parameters_final"] != "declared"


_RELEASED_IN = """# Solver-2B

Solver is a family of models from [the paper](https://arxiv.org/abs/2301.00001). The models were originally
released in [this repository](https://github.com/lab/solver), under two pre-training data variants.
"""


def test_the_repository_a_model_was_first_released_in_is_its_code_base_not_training_code() -> None:
    found = _components(_RELEASED_IN)
    assert found["training_code"] == "absent"
    assert found["supporting_libraries"] == "declared"
    # a repository the card says trained it is still training code
    trained = _RELEASED_IN.replace("The models were originally\nreleased in",
                                   "The models were trained with the scripts in")
    assert _components(trained)["training_code"] == "declared"


def test_datasets_of_model_index_results_are_evaluation_data() -> None:
    text = """---
model-index:
- name: Coder-S
  results:
  - task:
      type: text-generation
    dataset:
      type: someone/code-tasks
      name: Code tasks (Python)
    metrics:
    - type: pass@1
      value: 0.2
---
# Coder-S
"""
    assert _components(text)["evaluation_data"] == "declared"
    assert any("someone/code-tasks" in t for t in _evidence(text, "evaluation_data"))
    # an environment's or a benchmark's bare name is not a Hub address
    bare = text.replace("type: someone/code-tasks", "type: CartPole-v1")
    assert _components(bare)["evaluation_data"] == "absent"
    # a result without metrics (a placeholder) names no evaluation data
    empty = text.replace("    metrics:\n    - type: pass@1\n      value: 0.2\n", "")
    assert _components(empty)["evaluation_data"] == "absent"


def test_a_toolkit_config_yaml_beside_the_weights_declares_the_architecture() -> None:
    assert _components("# Voice-S\n", "config.yaml", "pytorch_model.pt")["model_architecture"] == "verified"
    # a training config is a hyper-parameter record, not the architecture
    found = _components("# Voice-S\n", "train_config.yaml", "pytorch_model.pt")
    assert found["model_architecture"] == "absent"


def test_a_linked_repository_named_after_the_package_the_usage_code_imports_is_a_library() -> None:
    text = """# Voice-S

A speech model ([code](https://github.com/lab/speechkit/tree/main/examples/tts)).

```python
from speechkit.hub import load_from_hub
model = load_from_hub("lab/voice-s")
```
"""
    assert _components(text)["supporting_libraries"] == "declared"
    # a repository that the code does not import is not the library it runs on
    other = text.replace("from speechkit.hub import", "from voicetools.hub import")
    assert _components(other)["supporting_libraries"] == "absent"
    # nor is an import the card only shows inside prose
    prose = "# Voice-S\n\nUse `from speechkit import x`; see https://github.com/lab/speechkit.\n"
    assert _components(prose)["supporting_libraries"] == "absent"


def test_a_plain_code_field_names_the_models_own_repository() -> None:
    text = "# Tune-S\n\n* Code: https://github.com/lab/tune-s\n* Web app: https://github.com/lab/tune-s-web\n"
    assert _components(text)["inference_code"] == "declared"
    # a link that is not introduced as the code
    chat = "# Tune-S\n\n* Discussion: https://github.com/lab/tune-s/discussions\n"
    assert _components(chat)["inference_code"] == "absent"


def test_the_paper_field_of_the_card_template_names_the_paper_wherever_it_is_hosted() -> None:
    text = "# Coder-S\n\n- **Paper:** [Coder-S: small and sharp](https://short.example/abc)\n"
    assert _components(text)["research_paper"] == "declared"
    # the field left empty, or a bare word, names no paper
    empty = "# Coder-S\n\n- **Paper:** [More Information Needed]\n"
    assert _components(empty)["research_paper"] == "absent"
    blog = "# Coder-S\n\n- **Blog:** [Coder-S: small and sharp](https://short.example/abc)\n"
    assert _components(blog)["research_paper"] == "absent"


def _entry(lid: str, category: str) -> LicenseEntry:
    return LicenseEntry(id=lid, category=category, applies_to=["weights"])  # type: ignore[arg-type]


def test_a_licence_family_umbrella_yields_to_the_member_the_card_names() -> None:
    umbrella, member = _entry("openrail", "restricted"), _entry("bigcode-openrail-m", "restricted")
    assert most_restrictive([umbrella, member]) is member
    assert most_restrictive([member, umbrella]) is member
    # but never over a reading that withholds more
    nc = _entry("openrail", "non-commercial")
    assert most_restrictive([nc, member]) is nc



def test_links_listed_under_a_software_heading_are_supporting_tools() -> None:
    text = "# Coder-S\n\n## Software\n\n- **Tensor library:** [Gradients](https://github.com/lab/gradients)\n"
    assert _components(text)["supporting_libraries"] == "declared"
    # the same link under a heading about something else
    other = text.replace("## Software", "## Related work").replace("Tensor library", "See")
    assert _components(other)["supporting_libraries"] == "absent"


def test_the_data_the_base_model_was_trained_on_is_not_this_releases_data() -> None:
    base = ("# Tune-S\n\nTune-S is a fine-tune of Painter 1.0. The original Painter 1.0 was trained on the "
            "[PicturePile](https://example.org/picturepile) dataset.\n")
    assert _components(base)["datasets"] == "absent"
    own = base.replace("The original Painter 1.0 was trained on", "Tune-S was trained on")
    assert _components(own)["datasets"] == "declared"


def test_a_dataset_the_card_recommends_to_readers_is_not_its_training_data() -> None:
    text = ("# Tune-S\n\nFor sound work we recommend the [SoundPile dataset](https://example.org/soundpile) "
            "to readers.\n")
    assert _components(text)["datasets"] == "absent"
    used = text.replace("For sound work we recommend the", "Tune-S was fine-tuned on the").replace(" to readers", "")
    assert _components(used)["datasets"] == "declared"


def _covers(text: str, topic: str) -> bool:
    return analyze_card(parse_card(text, "README.md")).sections[topic].covered


def test_data_named_by_their_ids_after_fine_tuned_on_are_training_data() -> None:
    assert _covers("Sci-7b finetuned on qa_pairs and forum_threads (second round)\n", "training_data")
    assert _covers("# Sci\n\nFine-tuned on someone/forum-threads for two epochs.\n", "training_data")
    # a model named after the verb is a base, not data
    assert not _covers("Sci-7b finetuned on the base_model checkpoint\n", "training_data")
    assert not _covers("Sci-7b, a model that runs fast\n", "training_data")


def test_a_dataset_said_to_be_filtered_in_the_passive_is_a_curation_step() -> None:
    text = "# Coder-S\n\nThe training dataset of the model was filtered for permissively licensed files only.\n"
    assert _covers(text, "data_quality")
    assert not _covers(text.replace("was filtered for", "was gathered from"), "data_quality")
    # what the model's output is filtered for is not a property of its data
    assert not _covers("# Coder-S\n\nThe generated outputs are filtered for safety.\n", "data_quality")


def test_the_library_a_tokenizer_was_trained_with_is_not_the_models_training_code() -> None:
    text = ("# Coder-T\n\n### Preprocessing\n\nThe model uses a BPE tokenizer trained using the "
            "[Tok](https://github.com/lab/tok) library.\n")
    found = _components(text)
    assert found["training_code"] == "absent"
    assert found["data_preprocessing_code"] == "absent"
    assert found["supporting_libraries"] == "declared"
    # the model itself trained with the library is still its training code
    model = text.replace("The model uses a BPE tokenizer trained using", "The model was trained using")
    assert _components(model)["training_code"] == "declared"
    # and a preprocessing script (not named a library) under that heading is preprocessing code
    script = text.replace("[Tok](https://github.com/lab/tok) library", "[cleaning scripts](https://github.com/lab/clean)")
    assert _components(script)["data_preprocessing_code"] == "declared"


def _weights_category(text: str) -> set[str]:
    from unveil.licenses.discover import from_metadata

    return {f.ident.category for f in from_metadata(parse_card(text, "README.md"))}


_GATED_OTHER = """---
license: other
extra_gated_prompt: |-
  Before you download this voice model, note its terms.
  Any person or company is prohibited from using this model to imitate the voice of a real person without consent.
---
# Voice-S
"""


def test_custom_terms_shown_at_the_access_form_classify_a_licence_named_other() -> None:
    assert _weights_category(_GATED_OTHER) == {"restricted"}
    # a form that only asks for contact details states no terms: the licence stays unknown
    contact = _GATED_OTHER.replace(
        "  Any person or company is prohibited from using this model to imitate the voice of a real person without "
        "consent.\n", "  Your e-mail address will be shared with the authors.\n")
    assert _weights_category(contact) == {"unknown"}
    # and a named licence is not replaced by the form's words
    named = _GATED_OTHER.replace("license: other", "license: mit")
    assert _weights_category(named) == {"open-source"}


def test_a_passive_ban_on_whoever_uses_the_work_is_a_use_restriction() -> None:
    from unveil.licenses.detect import identify

    ban = "Any organisation or individual is prohibited from using this software to track people without consent."
    assert identify(ban).category == "restricted"
    # a ban on something other than the use of the work is not a use restriction
    assert identify("Smoking is prohibited in the lab building.").category == "unknown"


_GENERATOR_CARD = """---
tags:
- text-to-image
---
# Painter

### Examples

<img src="https://huggingface.co/lab/painter/resolve/main/view1.jpg" width="100%"/>
"""


def test_images_of_the_repo_under_an_examples_heading_of_an_image_generator_are_samples() -> None:
    repo = "lab/painter"
    assert _components(_GENERATOR_CARD, "view1.jpg", repo=repo)["sample_outputs"] != "absent"
    # the same heading on a classifier's card shows inputs, not generations
    classifier = _GENERATOR_CARD.replace("text-to-image", "image-classification")
    assert _components(classifier, "view1.jpg", repo=repo)["sample_outputs"] == "absent"
    # and on a generator's card, a figure under another heading is not a sample
    other = _GENERATOR_CARD.replace("### Examples", "### Architecture")
    assert _components(other, "view1.jpg", repo=repo)["sample_outputs"] == "absent"


def test_a_saved_model_graph_declares_the_architecture() -> None:
    found = _components("# Dehaze\n", "saved_model.pb", "variables/variables.index")
    assert found["model_architecture"] == "verified"
    assert _components("# Dehaze\n", "variables/variables.index")["model_architecture"] == "absent"


def test_a_warning_that_the_model_leans_explicit_is_a_limitation() -> None:
    text = "# Painter\n\nWarning: this model leans NSFW! Add 'nude' to the negative prompt to avoid it.\n"
    assert _covers(text, "limitations")
    assert not _covers("# Painter\n\nWarning: the demo Space may be slow at peak hours.\n", "limitations")
    # a data filter that removed explicit images is not a warning about the model
    assert not _covers("# Painter\n\nThe training images were filtered to remove NSFW pictures.\n", "limitations")


def test_links_listed_after_a_line_introducing_the_training_corpora_are_datasets() -> None:
    text = ("# Chat-S\n\nTraining corpora include:\n- [CallsA](https://corpora.example.org/callsa.html) - phone calls\n"
            "- [TalksB](https://corpora.example.org/talksb.html) - talks\n")
    assert _components(text)["datasets"] == "declared"
    # the same list introduced by another line is not data
    other = text.replace("Training corpora include:", "Related projects:")
    assert _components(other)["datasets"] == "absent"
    # nor does the introduction carry over a heading
    split = text.replace("Training corpora include:\n", "Training corpora include:\n\n## Links\n\n")
    assert _components(split)["datasets"] == "absent"


def test_training_corpora_in_the_plural_describe_the_training_data() -> None:
    assert _covers("# Chat-S\n\nThe training corpora include phone calls and recorded talks.\n", "training_data")
    assert not _covers("# Chat-S\n\nThe evaluation corpora include phone calls and recorded talks.\n",
                       "training_data")
