"""MOF class and progress exactly as the MOT computes them, on the MOT's own data."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from unveil.openness import mof

from conftest import REPO, SHARED_DATA

MOT = SHARED_DATA / "openness" / "mot"
MODELS = sorted((MOT / "models").glob("*.yml"))


def _expected_results() -> list[dict]:
    text = re.sub(r",(\s*[}\]])", r"\1", (MOT / "expected_results.json").read_text())  # trailing commas
    return json.loads(text)["models"]


def test_expected_results_class_and_progress():
    models = _expected_results()
    agree = 0
    for m in models:
        result = mof.evaluate_declared(m)
        want = m["classification"]
        got_class = result.mof_class or 0
        same = got_class == want["class"] and all(
            abs(result.progress[f"class_{c}"] - float(want["progress"][str(c)])) < 1e-6 for c in (1, 2, 3)
        )
        agree += same
        if not same:
            print(f"  {m['release']['name']}: got {got_class} {result.progress}, want {want}")
    print(f"MOT expected_results: class + 3 progress values agree on {agree}/{len(models)}")
    assert agree == len(models)


def test_license_data_is_built_from_the_mot_lists():
    sys.path.insert(0, str(REPO / "scripts"))
    from build_mof_licenses import build

    shipped = json.loads((REPO / "src/unveil/openness/data/mof_licenses.json").read_text())
    assert shipped == build(MOT)


@pytest.mark.parametrize(
    ("license_id", "is_open"),
    [
        ("Apache-2.0", True),
        ("MIT", True),
        ("CC-BY-4.0", True),
        ("CDLA-Permissive-2.0", True),
        ("OpenMDW-1.0", True),
        ("Apache-1.0", True),  # FSF-libre, not OSI-approved
        ("Apache 2.0", False),
        ("MIT license", False),
        ("apache-2.0", False),  # free text / wrong case
        ("CC-BY-NC-4.0", False),
        ("unlicensed", False),
        ("", False),
        (None, False),
    ],
)
def test_open_license_is_an_exact_id(license_id, is_open):
    assert mof.is_open_license(license_id) is is_open


def _yaml(components: dict[str, str | None], release_license: dict | None = None) -> dict:
    comps = []
    for name, lic in components.items():
        item = {"name": mof.DISPLAY_NAME[name]}
        if lic is not None:
            item["license"] = lic
        comps.append(item)
    return {
        "framework": {"name": "Model Openness Framework", "version": "1.0", "date": "2024-12-15"},
        "release": {"name": "x", "producer": "p", "license": release_license or {}, "components": comps},
    }


CLASS3 = {
    "model_architecture": "MIT",
    "model_parameters_final": "Apache-2.0",
    "evaluation_results": "CC-BY-4.0",
    "model_card": "CC-BY-4.0",
    "data_card": "CC-BY-4.0",
    "technical_report": "CC-BY-4.0",
}


def test_license_resolution_order():
    # Component license, then the release license for its content type, then the distribution license.
    inp = mof.input_from_declared(
        _yaml(
            {"training_code": None, "datasets": None, "model_card": "unlicensed", "evaluation_code": "MIT"},
            {"distribution": {"name": "Apache-2.0"}, "data": {"name": "CC-BY-4.0"}},
        )
    )
    assert inp.licenses == {
        "training_code": "Apache-2.0",
        "datasets": "CC-BY-4.0",
        "model_card": None,
        "evaluation_code": "MIT",
    }


def test_class3_and_progress_zero_rule():
    result = mof.evaluate_declared(_yaml({**CLASS3, "training_code": "MIT"}))
    assert result.mof_class == 3
    assert result.progress["class_3"] == 100 and result.progress["class_2"] == pytest.approx(70)
    assert result.progress["class_1"] == 0  # class II incomplete -> no class I progress
    broken = mof.evaluate_declared(_yaml({**CLASS3, "model_parameters_final": "Llama 2 Community License"}))
    assert broken.mof_class is None and broken.progress["class_2"] == 0
    assert "model_parameters_final" in broken.missing["class_3"]


def test_research_paper_substitutes_missing_technical_report():
    comps = {k: v for k, v in CLASS3.items() if k != "technical_report"}
    assert mof.evaluate_declared(_yaml(comps)).mof_class is None
    with_paper = mof.evaluate_declared(_yaml({**comps, "research_paper": "CC-BY-4.0"}))
    assert with_paper.mof_class == 3
    assert "technical_report" not in with_paper.missing["class_1"]  # class I then needs 13


def test_every_mot_model_file_through_the_declared_source_and_round_trip(tmp_path):
    """Each MOT model YAML audited as a source gives the MOF class of the MOT rules; exporting it
    with --format mot (schema-valid) and auditing the export keeps the class."""
    jsonschema = pytest.importorskip("jsonschema")
    from unveil.render.mot import render
    from unveil.service import audit

    schema = json.loads((MOT / "mof_schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    agree = round_trip = valid = 0
    classes: dict[int | None, int] = {}
    for path in MODELS:
        want = mof.evaluate_declared(yaml.safe_load(path.read_text())).mof_class
        report = audit(str(path))
        got = report.openness.mof.mof_class
        agree += got == want
        exported = render(report)
        valid += not list(validator.iter_errors(yaml.safe_load(exported)))
        out = tmp_path / f"{path.stem}.yml"
        out.write_text(exported)
        round_trip += audit(str(out)).openness.mof.mof_class == got
        classes[got] = classes.get(got, 0) + 1
    n = len(MODELS)
    print(
        f"MOT model files: class {agree}/{n}, schema-valid export {valid}/{n}, round trip {round_trip}/{n}; "
        f"classes {classes}"
    )
    assert n >= 100 and agree == n and valid == n and round_trip == n


def test_known_classes_of_fully_open_releases():
    # Sanity anchors (MOT website): Pythia and OLMo are class I; Granite code models class III.
    for name, want in (("Pythia-1B.yml", 1), ("OLMo-7B.yml", 1), ("Granite-8B-Code-Instruct.yml", 3)):
        path = MOT / "models" / name
        if path.exists():
            assert mof.evaluate_declared(yaml.safe_load(path.read_text())).mof_class == want


def test_mof_from_a_real_release_inventory():
    from openness_facts import make_facts
    from unveil.openness import judge

    comps = {k: "verified" for k in CLASS3} | {"evaluation_results": "declared"}
    facts = make_facts(comps, {"weights": "apache-2.0", "code": "MIT", "documentation": "CC-BY-4.0"})
    assert judge(facts).mof.mof_class == 3
    # A gated (inconclusive) component is not counted as included.
    facts = make_facts({**comps, "data_card": "inconclusive"}, {"weights": "apache-2.0"})
    assert judge(facts).mof.mof_class is None


def test_mof_ids_match_the_report_contract():
    from unveil.report import MOF_COMPONENTS

    assert tuple(c[0] for c in mof.COMPONENTS) == MOF_COMPONENTS
    assert Path(mof.__file__).parent.joinpath("data", "mof_licenses.json").is_file()
