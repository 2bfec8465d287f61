"""The committed JSON Schema stays in sync with the report model, and reports validate against it."""

from __future__ import annotations

import json

from unveil.report import Report, json_schema
from unveil.service import audit

from conftest import EXAMPLES, REPO

SCHEMA_FILE = REPO / "schema" / "report.schema.json"


def test_committed_schema_matches_model() -> None:
    committed = json.loads(SCHEMA_FILE.read_text())
    assert committed == json_schema(), "run `unveil schema -o schema/report.schema.json` and commit it"


def test_contract_fields_present() -> None:
    props = json_schema()["properties"]
    for field in ("schema_version", "tool", "source", "components", "licenses", "openness", "security",
                  "documentation"):
        assert field in props
    defs = json_schema()["$defs"]
    assert {"kind", "id", "revision", "files", "total_bytes", "bytes_read"} <= set(defs["SourceSection"]["properties"])
    assert "class" in defs["MofResult"]["properties"]
    assert {"rule", "severity", "path", "detail", "evidence"} <= set(defs["Finding"]["properties"])


def test_report_round_trips_through_json() -> None:
    report = audit(str(EXAMPLES / "tiny-open-model"))
    again = Report.model_validate_json(report.to_json())
    assert again == report
    assert json.loads(report.to_json())["openness"]["mof"].keys() >= {"class", "missing"}


def test_eosai_score_says_what_it_rests_on() -> None:
    """The EOSAI score names how many parameters it rests on and which were left out (inconclusive)."""
    props = json_schema()["$defs"]["EosaiResult"]["properties"]
    assert {"score", "graded", "not_graded"} <= set(props)
    eosai = audit(str(EXAMPLES / "tiny-open-model")).openness.eosai
    left_out = [k for k, v in eosai.parameters.items() if v.grade == "inconclusive"]
    assert eosai.not_graded == left_out
    assert eosai.graded == len(eosai.parameters) - len(left_out)
