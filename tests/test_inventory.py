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
