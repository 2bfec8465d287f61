"""Licence files of official model repositories (../shared/data/model-code, read from the archive at
test time), and the failure classes found on them, with sentences written for these tests (own words).

The labelled set (`benchmarks/labels/model_code_licenses.json`) was measured untuned first (figures in
benchmarks/README.md); since the fixes below it is a regression set.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from pathlib import Path

import pytest

from unveil.card import parse_card
from unveil.licenses.clauses import find_clauses
from unveil.licenses.detect import identify
from unveil.licenses.discover import _is_license_file, from_files, readme_section
from unveil.licenses.text import prepare
from unveil.release import FileEntry, Release, SourceInfo

from conftest import SHARED_DATA

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "benchmarks" / "labels" / "model_code_licenses.json"
ARCHIVE = SHARED_DATA / "model-code" / "code.tar.gz"


def _members(paths: set[str]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    with tarfile.open(ARCHIVE, "r:gz") as tar:
        for member in tar:
            if member.name in paths and member.isfile():
                fh = tar.extractfile(member)
                if fh is not None:
                    out[member.name] = fh.read(1024 * 1024)
    return out


@pytest.fixture(scope="module")
def results() -> list[tuple[dict, object]]:
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["files"]
    texts = _members({r["path"] for r in rows})
    out = []
    for r in rows:
        raw = texts[r["path"]]
        assert hashlib.sha256(raw).hexdigest() == r["sha256"], r["path"]
        out.append((r, identify(raw)))
    return out


def test_regression_set_ids_and_categories(results) -> None:
    wrong_id = [(r["path"], r["id"], res.id) for r, res in results if res.id != r["id"]]
    wrong_cat = [(r["path"], r["category"], res.category) for r, res in results if res.category != r["category"]]
    wrong_osi = [r["path"] for r, res in results if res.osi_approved != r["osi_approved"]]
    assert len(wrong_id) / len(results) <= 0.03, wrong_id
    assert not wrong_cat, wrong_cat
    assert not wrong_osi, wrong_osi


def test_regression_set_restriction_kinds(results) -> None:
    expected = sum(len(r["kinds"]) for r, _res in results)
    missed = [(r["path"], k) for r, res in results for k in r["kinds"] if k not in res.kinds]
    assert 1 - len(missed) / expected >= 0.95, missed


def _kinds(text: str) -> set[str]:
    return set(find_clauses(prepare(text)))


# -- clauses: a prohibition's lead-in and its lettered list are one clause; dotted names split nothing --


def test_prohibition_list_after_a_lettered_label() -> None:
    text = (
        "3. Limits. You shall not, and shall not help anyone else to: a. run, copy or share the Acme.2 Model "
        "(or anything it generates), in whole or in part, for (i) any commercial or production purposes, "
        "(ii) military purposes, or (iii) purposes of surveillance."
    )
    kinds = _kinds(text)
    assert {"no-production-use", "use-restrictions"} <= kinds


def test_a_sentence_end_still_ends_the_clause() -> None:
    # The prohibition ends at its full stop: the later sentence about production is a permission.
    text = "You shall not remove copyright notices. Anyone may run the tool for production purposes."
    assert "no-production-use" not in _kinds(text)


def test_permitted_use_defined_without_production() -> None:
    text = (
        '"Permitted Uses" means study or hobby purposes. '
        "Permitted Uses does not include any production use of the weights."
    )
    assert "no-production-use" in _kinds(text)


def test_agreeing_not_to_use_the_work_is_a_use_restriction_but_marks_are_not() -> None:
    banned = "You agree not to use Zeta or its derivatives: 1. to deceive people; 2. to spy on people."
    assert "use-restrictions" in _kinds(banned)
    assert "use-restrictions" not in _kinds("You agree not to use our trademarks without permission.")
    assert "use-restrictions" not in _kinds("You agree not to use any Zeta Marks in the names of your products.")


@pytest.mark.parametrize(
    "text",
    [
        'You must display the following notice with every copy (for instance in a "Notice" text file): "Zeta by Q."',
        'Each copy you share must come with a "Notice" text file that holds the following notice: "Zeta by Q."',
        'You must provide a copy of these terms and the following attribution notice: "Zeta is under the Q Terms."',
    ],
)
def test_fixed_notice_phrasings(text: str) -> None:
    assert "notice-file" in _kinds(text)


def test_a_notice_mentioned_without_a_fixed_text_is_not_a_notice_file_condition() -> None:
    assert "notice-file" not in _kinds("You must keep any copyright notices that the files already carry.")


# -- catalogue: families titled by their model, licences named by the address of their text --


def test_research_licence_titled_by_the_model() -> None:
    text = (
        "SDXL 2.5 RESEARCH LICENSE AGREEMENT\n\nThis agreement lets you use the software for non-commercial "
        "research purposes only. You may not use it for any commercial purpose."
    )
    res = identify(text)
    assert (res.id, res.category) == ("stability-ai-research-license", "non-commercial")


@pytest.mark.parametrize(
    ("text", "lid"),
    [
        ("See the licence: https://github.com/meta-llama/llama-models/blob/main/models/llama3_2/LICENSE", "llama3.2"),
        ("Terms: https://github.com/meta-llama/llama-models/blob/v0.1/models/llama4/LICENSE", "llama4"),
        ("The model terms live at https://github.com/facebookresearch/llama/blob/main/LICENSE", "llama2"),
    ],
)
def test_llama_licence_by_address(text: str, lid: str) -> None:
    res = identify(text)
    assert (res.id, res.category) == (lid, "restricted")


def test_pointer_file_from_the_archive() -> None:
    raw = _members({"facebookresearch__codellama/LICENSE"})["facebookresearch__codellama/LICENSE"]
    assert identify(raw).id == "llama2"


def test_llama3_address_is_not_read_as_llama2() -> None:
    assert identify("See https://github.com/meta-llama/llama3/blob/main/LICENSE").id == "llama3"


# -- several licences in one file --

LICS = SHARED_DATA / "licenses"


def test_first_of_several_open_licences_is_the_files_own() -> None:
    # BSD-2-Clause, then vendored BSD-3-Clause under a rule line: the file's own licence is the first.
    bsd2 = (LICS / "bsd-2-clause.txt").read_text(encoding="utf-8")
    bsd3 = (LICS / "bsd-3-clause.txt").read_text(encoding="utf-8")
    res = identify(bsd2 + "\n\n------------ LICENSE FOR vendored-lib ------------\n" + bsd3)
    assert res.id == "bsd-2-clause"
    assert any("bsd-3-clause" in n for n in res.notes)
    alone = identify(bsd2 + "\n\n" + bsd3)  # without the rule line there is one text, read whole
    assert alone.id != "bsd-2-clause"


def test_a_restrictive_part_keeps_the_whole_text_reading() -> None:
    # An open licence followed by a non-commercial one: reading only the first would hide a restriction.
    mit = (LICS / "mit.txt").read_text(encoding="utf-8")
    nc = (LICS / "cc-by-nc-4.0.txt").read_text(encoding="utf-8")
    res = identify(mit + "\n\n=========== LICENSE FOR the weights ===========\n" + nc)
    assert res.category == "non-commercial"


def test_the_archive_multi_licence_file() -> None:
    path = "Stability-AI__generative-models/sgm/modules/autoencoding/lpips/model/LICENSE"
    res = identify(_members({path})[path])
    assert (res.id, res.osi_approved) == ("bsd-2-clause", True)
    assert res.title_line is None or res.title_line < 20


# -- a Creative Commons licence named without its version --


@pytest.mark.parametrize(
    ("text", "lid", "category", "kinds"),
    [
        ("The weights are released under the CC BY NC License.", "cc-by-nc", "non-commercial", {"non-commercial"}),
        ("License: CC-BY-NC-SA", "cc-by-nc-sa", "non-commercial", {"non-commercial", "share-alike"}),
        ("Creative Commons Attribution Non Commercial license", "cc-by-nc", "non-commercial", {"non-commercial"}),
        ("Usage is governed by CC BY-ND.", "cc-by-nd", "restricted", {"no-derivatives"}),
        ("Shared under Creative Commons Attribution-ShareAlike.", "cc-by-sa", "open-content", {"share-alike"}),
        ("Licence: CC-BY", "cc-by", "open-content", set()),
    ],
)
def test_unversioned_cc_name_gives_family_and_category(text: str, lid: str, category: str, kinds: set[str]) -> None:
    res = identify(text)
    assert (res.id, res.category, res.osi_approved, res.spdx) == (lid, category, False, None)
    assert kinds <= set(res.kinds)
    assert any("without its version" in n for n in res.notes)


@pytest.mark.parametrize(
    ("text", "lid"),
    [
        ("Released under CC BY-NC 4.0.", "cc-by-nc-4.0"),
        ("licensed under CC BY NC SA version 4.0", "cc-by-nc-sa-4.0"),
        ("Creative Commons Attribution-NonCommercial 3.0 Unported", "cc-by-nc-3.0"),
    ],
)
def test_a_stated_version_still_wins(text: str, lid: str) -> None:
    res = identify(text)
    assert res.id == lid and not any("without its version" in n for n in res.notes)


@pytest.mark.parametrize(
    ("text", "not_id"),
    [
        ("These weights are not under CC-BY-NC; they use the Acme terms.", "cc-by-nc"),
        ("The model licence itself is NOT CC BY-NC; it is released under Apache 2.0.", "cc-by-nc"),
        ("We picked Apache-2.0 rather than CC-BY-SA.", "cc-by-sa"),
    ],
)
def test_negated_unversioned_cc_is_not_the_licence(text: str, not_id: str) -> None:
    card = parse_card(f"---\nlicense: other\n---\n# M\n\n## License\n\n{text}\n", path="README.md")
    assert identify(text).id != not_id
    assert all(f.ident.id != not_id for f in readme_section(card))


def test_unversioned_cc_in_a_license_section() -> None:
    text = "---\nlicense: other\n---\n# M\n\n## License\n\nThe model is shared under CC BY-NC.\n"
    card = parse_card(text, path="README.md")
    found = [f for f in readme_section(card) if "weights" in f.applies_to]
    assert found and (found[0].ident.id, found[0].ident.category) == ("cc-by-nc", "non-commercial")


def test_a_version_beyond_the_mention_window_still_counts() -> None:
    # The cue's search window ends inside "... Attribution License 4.0": the cut must not make the
    # name look unversioned.
    text = "The license is compatible with the Creative Commons Attribution License 4.0 International."
    assert identify(text).id != "cc-by"


def test_unversioned_name_beside_its_versioned_licence_is_one_licence() -> None:
    body = "Shared under the CC BY-NC-SA 4.0 licence (see [cc-by-nc-sa]).\n\nShort form: CC-BY-NC-SA.\n"
    card = parse_card(f"---\nlicense: other\n---\n# M\n\n## License\n\n{body}", path="README.md")
    assert [f.ident.id for f in readme_section(card)] == ["cc-by-nc-sa-4.0"]
    # Other elements are another licence: both are kept.
    body = "The weights are CC BY-NC-SA 4.0.\n\nThe example images are CC BY-NC.\n"
    card = parse_card(f"---\nlicense: other\n---\n# M\n\n## License\n\n{body}", path="README.md")
    assert {f.ident.id for f in readme_section(card)} == {"cc-by-nc-sa-4.0", "cc-by-nc"}


@pytest.mark.parametrize(
    ("path", "read"),
    [
        ("model_licenses/LICENSE-ACME2.5", True),  # a version after the dot is part of the name
        ("LICENSE-MODEL-3", True),
        ("LICENSE.txt", True),
        ("LICENSE.py", False),  # code, read for SPDX headers elsewhere
        ("weights/model.safetensors", False),
    ],
)
def test_licence_file_names(path: str, read: bool) -> None:
    assert _is_license_file(path) is read


def test_versioned_licence_file_name_is_read_by_an_audit() -> None:
    path = "Stability-AI__generative-models/model_licenses/LICENSE-SDXL0.9"
    raw = _members({path})[path]

    class Mem:
        def read_range(self, p: str, start: int, length: int) -> bytes:
            return raw[start : start + length]

    rel = "model_licenses/LICENSE-SDXL0.9"
    release = Release(SourceInfo(kind="local", id="m"), [FileEntry(path=rel, size=len(raw))], reader=Mem())
    found = from_files(release)
    assert [(f.ident.id, f.ident.category) for f in found] == [("stability-ai-research-license", "non-commercial")]
