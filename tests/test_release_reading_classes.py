"""Reading classes found on the second held-out set of real releases (benchmarks/heldout_releases_2,
benchmarks/README.md "Held-out real releases, second set"). Every card text here is written for the test;
the real cards stay in ../shared/data."""

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


def _entry(lid: str, category: str) -> LicenseEntry:
    return LicenseEntry(id=lid, category=category, applies_to=["weights"])  # type: ignore[arg-type]


def test_the_weights_licence_is_the_one_that_withholds_most() -> None:
    # One License section read twice: as a RAIL licence and as its non-commercial modification. The
    # non-commercial reading withholds a whole class of use, so it governs; terms granting nothing govern all.
    rail, nc, closed = _entry("rail", "restricted"), _entry("rail-nc", "non-commercial"), _entry("eula", "proprietary")
    assert most_restrictive([rail, nc]) is nc
    assert most_restrictive([nc, rail]) is nc
    assert most_restrictive([rail, closed, nc]) is closed
    assert most_restrictive([_entry("mit", "open-source"), rail]) is rail


_SOFTWARE_CITATION = """# Coder-S

To cite this model, use:
```bibtex
@software{coder_s,
  author = {Doe, Jane},
  title = {{Coder-S: a small model}},
  publisher = {Zenodo},
  doi = {10.5281/zenodo.1234567},
  url = {https://doi.org/10.5281/zenodo.1234567}
}
```
"""


def test_a_software_citation_is_not_a_paper() -> None:
    assert _components(_SOFTWARE_CITATION)["research_paper"] == "absent"
    paper = _SOFTWARE_CITATION.replace("@software", "@article").replace(
        "publisher = {Zenodo},", "journal = {Journal of Small Models},").replace(
        "10.5281/zenodo.1234567", "10.1234/jsm.2021.77")
    assert _components(paper)["research_paper"] == "declared"


def test_the_training_corpus_paper_beside_the_citation_of_the_model_is_not_its_paper() -> None:
    text = """# Coder-S

If you use this model, please cite:
```bibtex
@misc{coder_s, title = {{Coder-S}}, howpublished = {\\url{https://example.org/coder-s}}}
@article{corpus2020,
  title = {A 2TB Corpus of Source Code for Language Modeling},
  journal = {arXiv preprint arXiv:2001.01234},
}
```
"""
    assert _components(text)["research_paper"] == "absent"
    own = text.replace("A 2TB Corpus of Source Code for Language Modeling",
                       "Benchmarks and a Pretrained Model for Source Code")
    assert _components(own)["research_paper"] == "declared"


def test_the_codebase_the_weights_are_meant_for_is_code_that_runs_them() -> None:
    meant = ("# VAE\n\nThese weights are intended to be used with the original [Acme codebase]"
             "(https://github.com/acme/generator).\n")
    assert _components(meant, "vae.ckpt")["inference_code"] == "declared"
    either = ("# Gen\n\nEach checkpoint can be used both with the [Acme library](https://github.com/acme/lib) or the "
              "original [Gen repository](https://github.com/acme/gen).\n")
    assert _components(either)["inference_code"] == "declared"
    related = "# VAE\n\nThe paper's figures were drawn with [plotkit](https://github.com/acme/plotkit).\n"
    assert _components(related, "vae.ckpt")["inference_code"] == "absent"


def test_generated_images_shown_from_the_release_are_its_sample_outputs() -> None:
    shown = ("# Painter\n\n## Samples\n\n1. ![one](https://huggingface.co/lab/model/resolve/main/images/cat%200.png)\n"
             "2. ![two](images/cat-1.png)\n")
    files = ("images/cat 0.png", "images/cat-1.png", "model.safetensors")
    assert _components(shown, *files)["sample_outputs"] == "verified"
    # The same images under another heading (a title figure), another repository's images, or images the
    # listing does not hold are not sample outputs of this release.
    assert _components(shown.replace("## Samples", "## Architecture"), *files)["sample_outputs"] == "absent"
    assert _components(shown, *files, repo="other/model")["sample_outputs"] == "verified"  # the relative one
    elsewhere = "# Painter\n\n## Example generations\n\n![a](https://huggingface.co/other/model/resolve/main/a.png)\n"
    assert _components(elsewhere, "a.png")["sample_outputs"] == "absent"
    assert _components(shown, "model.safetensors")["sample_outputs"] == "absent"


_SOURCES_TABLE = """# Ko-LM

## Training data

| Source | Size (GB) | Link |
|---|---|---|
| Blog posts | 600 | - |
| National corpus | 26 | corpus.example.go.kr |
"""


def test_a_training_data_table_giving_addresses_without_scheme_points_at_the_data() -> None:
    assert _components(_SOURCES_TABLE)["datasets"] == "declared"
    # The same table under another heading, or a cell that only looks like a name with a dot, points at nothing.
    assert _components(_SOURCES_TABLE.replace("## Training data", "## Links"))["datasets"] == "absent"
    assert _components(_SOURCES_TABLE.replace("corpus.example.go.kr", "v1.5 (filtered)"))["datasets"] == "absent"


def _intended_use(text: str) -> bool:
    return analyze_card(parse_card(text, "README.md")).sections["intended_use"].covered


def test_the_software_weights_are_loaded_with_is_not_their_intended_use() -> None:
    loader = ("# VAE\n\n## Utilizing\n\nThese weights are intended to be used with the original "
              "[Acme codebase](https://github.com/acme/gen). The other version works with a pipeline library.\n")
    assert not _intended_use(loader)
    assert _intended_use(loader.replace("to be used with the original [Acme codebase](https://github.com/acme/gen)",
                                        "for research on image reconstruction"))


def test_a_dataset_that_will_not_be_released_says_nothing_of_the_models_use() -> None:
    text = ("# Ko-LM\n\n## Training data\n\nThe corpus was curated by a partner. It was collected to train these "
            "models, so it will not be released for public use.\n")
    assert not _intended_use(text)
    assert _intended_use(text.replace("so it will not be released for public use",
                                      "and the models are released for research use"))


def test_you_can_use_this_model_for_a_task_states_its_use() -> None:
    text = "# Captioner\n\n## Usage\n\nYou can use this model for conditional and unconditional image captioning.\n"
    assert _intended_use(text)
    assert not _intended_use(text.replace("You can use this model for", "Benchmarks exist for"))


def _data_quality(text: str) -> bool:
    return analyze_card(parse_card(text, "README.md")).sections["data_quality"].covered


def test_marks_taken_out_of_the_training_images_are_a_cleaning_step() -> None:
    text = ("# Style model\n\n## How I made it\n\nThe pictures come from a fan wiki. I then edited the images to take "
            "out watermarks and texts.\n")
    assert _data_quality(text)
    assert not _data_quality(text.replace("to take out watermarks and texts", "to a square size"))


def test_a_subset_kept_to_safe_images_is_a_content_filter() -> None:
    text = ("# VAE\n\n## Fine-tuning\n\nFine-tuned on a mix of a public set and an unreleased subset containing only "
            "SFW images of people.\n")
    assert _data_quality(text)
    # what the model is made to generate is not a property of its data
    assert not _data_quality("# VAE\n\n## Use\n\nThe pipeline generates only SFW images of people for the demo.\n")


def test_the_dataset_used_to_train_this_model_linked_names_its_data() -> None:
    text = ("# Style model\n\n## How I made it\n\n**[The captioned dataset that I used to train this model can be "
            "found here](https://huggingface.co/datasets/someone/style-set)**\n")
    assert analyze_card(parse_card(text, "README.md")).sections["training_data"].covered
    other = text.replace("that I used to train this model", "of a friend")
    assert not analyze_card(parse_card(other, "README.md")).sections["training_data"].covered


def test_the_tool_that_captioned_the_training_images_is_data_preparation_code() -> None:
    text = ("# Style model\n\nI trained it with the [Trainer](https://github.com/a/trainer) using file-name captions. "
            "I captioned the images using the [Captioner](https://github.com/b/captioner).\n")
    assert _components(text)["data_preprocessing_code"] == "declared"
    # the sentence about training, whose link is the trainer, does not make the trainer data-preparation code
    only_training = text.split(" I captioned")[0] + "\n"
    assert _components(only_training)["data_preprocessing_code"] == "absent"


def test_a_known_tendency_to_produce_harmful_content_is_a_limitation() -> None:
    text = ("# Text to image\n\n## Safety\n\nPlease note that text-to-image models are known to at times produce "
            "harmful content. Please raise any concerns.\n")
    assert analyze_card(parse_card(text, "README.md")).sections["limitations"].covered
    known = text.replace("produce harmful content", "produce images in under a second")
    assert not analyze_card(parse_card(known, "README.md")).sections["limitations"].covered


def test_captioning_and_retrieval_metrics_mark_a_reported_result() -> None:
    text = ("# Captioner\n\n## Summary\n\nWe achieve state-of-the-art results on image-text retrieval (+2.7% in "
            "average recall@1) and image captioning (+2.8% in CIDEr).\n")
    assert analyze_card(parse_card(text, "README.md")).sections["evaluation"].covered
    plain = text.replace("(+2.7% in average recall@1) and image captioning (+2.8% in CIDEr)", "and captioning")
    assert not analyze_card(parse_card(plain, "README.md")).sections["evaluation"].covered


def test_samples_announced_by_the_line_or_the_alt_text_or_a_chinese_heading() -> None:
    files = ("grid.jpg", "a.jpg", "model.safetensors")
    intro = "# Small model\n\nSame quality, half the size. Here are some samples:\n\n![](grid.jpg)\n"
    assert _components(intro, *files)["sample_outputs"] == "verified"
    alt = "# Small model\n\nSame quality, half the size.\n\n![Samples](grid.jpg)\n"
    assert _components(alt, *files)["sample_outputs"] == "verified"
    chinese = "# 模型\n\n## 生成示例 Example\n\n| 诗句 |\n| ---- |\n| ![](a.jpg) |\n"
    assert _components(chinese, *files)["sample_outputs"] == "verified"
    # an input given to the model is not one of its outputs
    sample_input = "# Classifier\n\nA sample input:\n\n![cat](a.jpg)\n"
    assert _components(sample_input, *files)["sample_outputs"] == "absent"


def _training_data(text: str) -> bool:
    return analyze_card(parse_card(text, "README.md")).sections["training_data"].covered


def test_training_data_given_as_a_count_or_a_crawl_in_the_singular() -> None:
    count = "# Style\n\nTrained on Stable Diffusion v1.5 using +124000 images, 12400 steps, 4 epochs.\n"
    assert _training_data(count)
    assert not _training_data(count.replace("using +124000 images", "using 8 GPUs"))
    crawl = "# Nature\n\nIt is fine-tuned from a diffusion model, using 1k+ nature image crawled from the net.\n"
    assert _training_data(crawl)
    assert not _training_data(crawl.replace("image crawled from the net", "image quality in mind"))


def test_scripts_for_validation_beside_the_code_link_are_evaluation_code() -> None:
    text = ("# Bilingual CLIP\n\nThe model code is on [Kit](https://github.com/org/kit/tree/master/examples/clip). "
            "We also provide scripts for fine-tuning, inference, and validation.\n")
    assert _components(text)["evaluation_code"] == "declared"
    assert _components(text.replace(", and validation", ""))["evaluation_code"] == "absent"


def test_a_cited_method_the_training_used_is_not_the_models_paper() -> None:
    text = """# Small model

## Training

Stage 3 distills the model, using several techniques in `Compact Students for Large Teachers Revisited`.

### Citation
```bibtex
@article{students2022,
  title={Compact Students for Large Teachers Revisited},
  journal={ArXiv},
  volume={abs/2206.11111}
}
```
"""
    assert _components(text)["research_paper"] == "absent"
    own = text.replace("using several techniques in `Compact Students for Large Teachers Revisited`",
                       "as described in our paper")
    assert _components(own)["research_paper"] == "declared"
