"""A licence named only as the base of the card's own modified terms, License headings with a mark or in
Japanese, a licence text pasted whole in the section, and the MPL named by its steward.

Sentences written for this test (the MIT text is read from ../shared/data/licenses). Each "modified" case has a
near miss where the word qualifies the model, not the licence, and the named licence must be read as it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unveil.card import parse_card
from unveil.licenses.detect import identify
from unveil.licenses.discover import readme_section

LICENSES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "licenses"


def _weights(section: str, heading: str = "## License") -> tuple[str, str, str | None, list[str]]:
    card = parse_card(f"---\nlicense: other\n---\n# Model\n\n{heading}\n\n{section}\n", path="README.md")
    found = readme_section(card)
    weights = [f for f in found if "weights" in f.applies_to]
    if not weights:
        return "unknown", "unknown", None, [c for f in found for c in f.applies_to]
    return weights[0].ident.id, weights[0].ident.category, weights[0].ident.based_on, weights[0].applies_to


MODIFIED = [
    ("Released under a **modified** CreativeML OpenRAIL-M license: paid hosting is forbidden.",
     "restricted", "creativeml-openrail-m"),
    ("These weights are distributed under an amended version of the Apache 2.0 license, see below.",
     "open-source", "apache-2.0"),
    ("- **License:** Customized MIT License", "open-source", "mit"),
    ("We keep the original license (Apache 2.0) with the following additions for the checkpoints.",
     "open-source", "apache-2.0"),
    # "the licence is the original MIT License with a ban on commercial use added"
    ("本モデルのライセンスは、もとのライセンス MIT License に商用利用禁止を追加したものです。",
     "non-commercial", "mit"),
]


@pytest.mark.parametrize(("section", "category", "base"), MODIFIED,
                         ids=[m[2] + f"-{i}" for i, m in enumerate(MODIFIED)])
def test_a_modified_licence_is_custom_terms_based_on_it(section: str, category: str, base: str) -> None:
    got = _weights(section)
    assert got[:3] == ("other", category, base), got


def test_later_mentions_of_the_modified_licence_do_not_bring_it_back() -> None:
    section = ("This model is under a modified Apache 2.0 license. You may not serve it for a fee.\n\n"
               "Share a copy of the Apache 2.0 text with your users.")
    card = parse_card(f"---\nlicense: other\n---\n# Model\n\n## License\n\n{section}\n", path="README.md")
    assert [f.ident.id for f in readme_section(card)] == ["other"]


NEAR_MISSES = [
    ("This is a modified version of Stable Diffusion, released under the CreativeML OpenRAIL-M license.",
     "creativeml-openrail-m"),
    ("We fine-tuned and modified the network; it is licensed under the MIT license.", "mit"),
    ("Use of the modified weights is governed by the Apache 2.0 license.", "apache-2.0"),
    ("The original license, Apache 2.0, applies unchanged.", "apache-2.0"),
    ("The CreativeML OpenRAIL M license is an Open RAIL M license, adapted from the BigScience RAIL license.",
     "creativeml-openrail-m"),
]


@pytest.mark.parametrize(("section", "weights"), NEAR_MISSES, ids=[m[1] + f"-{i}" for i, m in enumerate(NEAR_MISSES)])
def test_modified_model_under_a_named_licence_keeps_that_licence(section: str, weights: str) -> None:
    assert _weights(section)[0] == weights


@pytest.mark.parametrize("heading", ["## *License*", "## ⚖️ Licence:", "### 📜 License", "## ライセンス"])
def test_license_heading_after_a_mark_or_in_japanese(heading: str) -> None:
    assert _weights("[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/)", heading)[0] == "cc-by-4.0"


def test_a_heading_that_is_not_about_the_licence_is_not_a_license_section() -> None:
    # "Licensed" is not "License", and an emoji heading about thanks names no licence section.
    for heading in ("## Licensed datasets we thank", "## 🙏 Acknowledgements"):
        card = parse_card(f"---\nlicense: other\n---\n# Model\n\n{heading}\n\nThe MIT team helped.\n", path="README.md")
        assert readme_section(card) == []


def test_a_licence_text_pasted_in_the_section_covers_the_release() -> None:
    # The MIT text speaks of "the Software"; as the card's License section it is the release's licence.
    mit = (LICENSES / "mit.txt").read_text(encoding="utf-8")
    got = _weights("Copyright 2031 A. Author\n\n" + mit)
    assert got[0] == "mit" and "weights" in got[3], got


def test_a_sentence_about_code_still_names_only_the_code() -> None:
    assert _weights("The code in this repository is MIT licensed.")[3] == ["code"]


@pytest.mark.parametrize("text", ["- License: Mozilla 2.0 License", "License: Mozilla Public License v2.0"])
def test_mpl_by_its_stewards_name(text: str) -> None:
    assert identify(text).id == "mpl-2.0"


@pytest.mark.parametrize("text", ["We tested on Mozilla 2.0 browsers.", "License: Mozilla 1.1 License"])
def test_mozilla_without_the_licence_and_version_is_not_mpl2(text: str) -> None:
    assert identify(text).id != "mpl-2.0"
