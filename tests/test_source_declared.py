"""The declared source: a MOT model YAML as facts without files."""

from __future__ import annotations

import pytest

from unveil.errors import SourceNotFound, UsageError
from unveil.sources.declared import load_declared, open_declared

from conftest import SHARED_DATA

MODELS = sorted((SHARED_DATA / "openness" / "mot" / "models").glob("*.yml"))


def test_every_mot_model_file_opens_as_declared_release():
    for path in MODELS:
        release = open_declared(path)
        assert release.source.kind == "declared" and release.files == []
        assert release.declared["release"]["name"] == release.source.id
        assert len(release.declared["components"]) == 17
    print(f"opened {len(MODELS)} MOT model files")


def test_sample_model_opens():
    release = open_declared(SHARED_DATA / "openness" / "mot" / "sample_model.yml")
    assert release.source.id == "My-model"


def test_unquoted_dates_and_numbers_stay_strings():
    data = load_declared(
        "framework: {name: Model Openness Framework, version: 1.0, date: 2024-12-15}\n"
        "release: {name: x, version: 7, producer: p, license: {}, components: []}\n"
    )
    assert data["framework"]["date"] == "2024-12-15" and data["release"]["version"] == "7"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("framework: [\n", "line"),
        ("- a\n- b\n", "not a MOT model YAML"),
        (
            "framework: {name: Other, version: '1', date: '2024-01-01'}\n"
            "release: {name: x, producer: p, license: {}, components: []}\n",
            "framework.name",
        ),
        (
            "framework: {name: Model Openness Framework, version: '1', date: '2024-01-01'}\n"
            "release: {name: x, producer: p, license: {}, components: {}}\n",
            "components",
        ),
    ],
)
def test_malformed_yaml_is_a_usage_error_with_a_clear_line(tmp_path, text, message):
    path = tmp_path / "model.yml"
    path.write_text(text)
    with pytest.raises(UsageError) as info:
        open_declared(path)
    assert message in info.value.message and "\n" not in info.value.message
    print(info.value.message)


def test_missing_file_is_source_not_found(tmp_path):
    with pytest.raises(SourceNotFound):
        open_declared(tmp_path / "nope.yml")


def test_declared_audit_reports_components_as_declared():
    from unveil.service import audit

    path = SHARED_DATA / "openness" / "mot" / "models" / "Pythia-1B.yml"
    report = audit(str(path))
    statuses = {c.name: c.status for c in report.components}
    assert statuses["model_parameters_final"] == "declared"
    assert set(statuses.values()) <= {"declared", "absent"}
    assert report.source.kind == "declared"
