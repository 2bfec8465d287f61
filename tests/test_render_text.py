"""The text report (and the HTML banner): the answer first, widths that follow the terminal, honest coverage,
openness views that explain themselves, the policy result in every format, deterministic JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from render_helpers import EVIL_PICKLE, build_hostile
from unveil.policy import apply as apply_policy
from unveil.render import renderer
from unveil.report import Report, json_schema
from unveil.service import audit

from conftest import EXAMPLES, REPO, SHARED_DATA

LABELS = ("open-source-ai", "open-weights", "restricted-weights", "closed", "unknown")


def _cli(*args: str, columns: str | None = None, cwd: Path = REPO, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    env.update({"PYTHONPATH": str(REPO / "src"), **extra})
    if columns is not None:
        env["COLUMNS"] = columns
    return subprocess.run([sys.executable, "-m", "unveil.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_hostile(tmp_path_factory.mktemp("hostile") / "release")
    # A very long name: unwrapped when not on a terminal, folded at 80 columns.
    (root / ("very-long-directory-name-" * 6)).mkdir()
    (root / ("very-long-directory-name-" * 6) / "weights.pkl").write_bytes(EVIL_PICKLE)
    return root


# -- the answer first, and widths ----------------------------------------------------------------------------
def test_first_line_is_the_verdict(hostile: Path) -> None:
    report = audit(str(hostile))
    first = renderer("text")(report).splitlines()[0]
    label, security, *rest = first.split(" · ")
    assert label == report.openness.label
    criticals = sum(1 for f in report.security.findings if f.severity == "critical")
    assert security.startswith(f"do not load: {criticals} critical")
    assert f"OSAID {report.openness.osaid.verdict}" in rest


def test_columns_80_bounds_every_line_and_no_terminal_never_wraps(hostile: Path) -> None:
    narrow = _cli("audit", str(hostile), columns="80")
    assert narrow.returncode == 0, narrow.stderr
    lines = narrow.stdout.splitlines()
    # The answer stays one line whatever the width (a script reads line 1; a terminal wraps it itself);
    # every other line is bounded, and a continued line keeps its value column.
    assert max(len(line) for line in lines[1:]) <= 80
    assert lines[0].split(" · ")[0] in LABELS and "do not load: " in lines[0]
    assert " OSAID " in lines[0] and " MOF " in lines[0] and not lines[1].lstrip().startswith(("MOF", "OSAID"))
    osaid = next(k for k, line in enumerate(lines) if line.startswith("  OSAID 1.0:"))
    if len(lines[osaid]) > 70 and not lines[osaid + 1].startswith("  MOF"):
        assert lines[osaid + 1].startswith(" " * 16) and lines[osaid + 1][16] != " "
    wide = _cli("audit", str(hostile))  # stdout is a pipe, no COLUMNS: never hard-wrapped
    long_path = ("very-long-directory-name-" * 6) + "/weights.pkl"
    assert any(long_path in line for line in wide.stdout.splitlines())
    assert max(len(line) for line in wide.stdout.splitlines()) > 100
    finding_lines = [line for line in wide.stdout.splitlines() if line.lstrip().startswith("critical")]
    assert all(": " in line for line in finding_lines)  # each finding whole on its line (greppable)


# -- coverage in the same place and weight as the findings ---------------------------------------------------
def test_nothing_scanned_is_never_no_findings(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# A card and nothing else\n")
    report = audit(str(tmp_path))
    text = renderer("text")(report)
    first = text.splitlines()[0]
    assert first.split(" · ")[1] == "nothing scanned"
    security = next(line for line in text.splitlines() if line.strip().startswith("Security:"))
    assert "nothing scanned" in security and "no findings" not in text
    page = renderer("html")(report)
    assert '<span class="headline">nothing scanned</span>' in page
    assert '<span class="big">nothing scanned</span>' in page and "no findings" not in page
    from unveil.commands.scan import run as scan_run

    out, _ = scan_run([str(tmp_path)], "text", "high")
    assert "nothing scanned" in out and "no findings" not in out


def test_files_that_could_not_be_checked_are_counted_next_to_the_findings(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# Weights in LFS only\n")
    pointer = "version https://git-lfs.github.com/spec/v1\noid sha256:" + "ab" * 32 + "\nsize 123456789\n"
    (tmp_path / "model.safetensors").write_text(pointer)
    (tmp_path / "evil.pkl").write_bytes(EVIL_PICKLE)
    report = audit(str(tmp_path))
    text = renderer("text")(report)
    first = text.splitlines()[0]
    assert "do not load: 1 critical" in first and "could not be checked" in first
    security = next(line for line in text.splitlines() if line.strip().startswith("Security:"))
    assert re.search(r"1 critical in 1 scanned file; \d+ could not be checked", security), security
    page = renderer("html")(report)
    assert re.search(r'<div class="big sev-medium">\d+ could not be checked</div>', page)


def test_suppressed_findings_are_counted(hostile: Path) -> None:
    report = audit(str(hostile))
    findings = [f.model_copy(update={"suppressed": True}) if f.path == "evil.pkl" else f
                for f in report.security.findings]
    n = sum(1 for f in findings if f.suppressed)
    assert n >= 1
    report = report.model_copy(update={"security": report.security.model_copy(update={"findings": findings})})
    text = renderer("text")(report)
    assert f"{n} suppressed" in text.splitlines()[0]
    assert f"{n} suppressed" in renderer("html")(report)


# -- openness views ------------------------------------------------------------------------------------------
def test_optional_components_are_not_absent_failures(reports: dict[str, Report]) -> None:
    report = reports["tiny"]
    assert report.openness.mof.mof_class == 1
    text = renderer("text")(report)
    optional_absent = [c.name for c in report.components if c.status == "absent"]
    assert optional_absent, "the example leaves optional components out"
    for name in optional_absent:
        row = next(line for line in text.splitlines() if line.startswith(name + " "))
        assert "absent (optional)" in row and "✘" not in row
    page = renderer("html")(report)
    assert '<td class="st-optional">absent (optional)</td>' in page and 'class="st-absent"' not in page


def test_a_present_component_that_fails_a_class_says_why(tmp_path: Path) -> None:
    release = tmp_path / "nc"
    shutil.copytree(EXAMPLES / "tiny-open-model", release)
    card = release / "README.md"
    card.write_text(re.sub(r"(?m)^license: .*$", "license: cc-by-nc-4.0", card.read_text()))
    report = audit(str(release))
    mof = report.openness.mof
    assert mof.mof_class is None and "model_card" in mof.missing["class_3"]
    assert "CC-BY-NC-4.0" in mof.excluded["model_card"]
    text = renderer("text")(report)
    why = next(line for line in text.splitlines() if "present but not counted" in line)
    assert "CC-BY-NC-4.0" in why and "model_card" in why
    row = next(line for line in text.splitlines() if line.startswith("model_card "))
    assert "verified" in row and "not counted" in row
    assert "present, but license CC-BY-NC-4.0" in renderer("html")(report)


def test_content_type_notes_are_said_once(reports: dict[str, Report]) -> None:
    report = reports["tiny"]
    notes = [w for w in report.openness.mof.warnings if "Apache-2.0" in w]
    assert len(notes) == 1 and "Datasets" in notes[0] and "Model parameters (Final)" in notes[0]
    assert renderer("text")(report).count("is not a data license") == 1


def test_openwashing_claim_is_quoted(reports: dict[str, Report]) -> None:
    report = reports["open-weights"]
    assert report.openness.openwashing.flag and report.openness.openwashing.claims
    claim = report.openness.openwashing.claims[0].text
    line = next(x for x in renderer("text")(report).splitlines() if "Openwashing:" in x)
    assert f'"{" ".join(claim.split())[:60]}' in line


def test_blocking_clauses_reach_the_summary(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_bytes((SHARED_DATA / "licenses" / "llama3.txt").read_bytes())
    (tmp_path / "README.md").write_text("---\nlicense: llama3\n---\n# A Llama 3 fine-tune\n")
    report = audit(str(tmp_path))
    kinds = {x.kind for lic in report.licenses for x in lic.restrictions if x.blocking}
    assert "mau-threshold" in kinds
    text = renderer("text")(report)
    summary = text.split("\n\n", 1)[0]  # the summary block, before the tables
    assert "Restrictions:" in summary and "mau-threshold" in summary
    assert "mau-threshold" in renderer("html")(report).split('id="openwashing"', 1)[0]


# -- the policy result in every format -----------------------------------------------------------------------
def test_policy_violations_in_every_format(hostile: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("allowed_labels: [open-source-ai]\nmax_severity: medium\n")
    report = audit(str(hostile))
    violations = apply_policy(policy, report)
    assert len(violations) == 2 and report.policy is not None and not report.policy.passed
    text = renderer("text")(report)
    assert "policy violated (2 requirements)" in text.splitlines()[0]
    for v in violations:
        assert v in text
    doc = json.loads(renderer("json")(report))
    assert doc["policy"] == {"file": str(policy), "passed": False, "violations": violations}
    sarif = json.loads(renderer("sarif")(report))
    pol = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "POL700"]
    assert sorted(r["message"]["text"].split(": ", 1)[1] for r in pol) == sorted(violations)
    page = renderer("html")(report)
    assert 'id="policy"' in page and all(v in page for v in violations)
    bom = json.loads(renderer("cyclonedx")(report))
    props = {(p["name"], p["value"]) for c in bom["components"] if c.get("bom-ref") == "model"
             for p in c.get("properties", [])}
    assert ("unveil:policy", "violated") in props and all(("unveil:policy:violation", v) in props
                                                          for v in violations)
    proc = _cli("audit", str(hostile), "--policy", str(policy), "-f", "json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["policy"]["violations"] == violations


# -- deterministic JSON, schema ids --------------------------------------------------------------------------
def test_json_is_deterministic_and_honours_source_date_epoch() -> None:
    runs = [_cli("audit", str(EXAMPLES / "open-weights-only"), "-f", "json", SOURCE_DATE_EPOCH="1700000000")
            for _ in range(2)]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    doc = json.loads(runs[0].stdout)
    assert doc["generated_at"] == "2023-11-14T22:13:20+00:00"
    assert '"seconds"' not in runs[0].stdout  # wall-clock timings stay out of the report body
    Report.model_validate(doc)


def test_schema_names_its_dialect_and_id(reports: dict[str, Report]) -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:unveil:schema:report:")
    assert "policy" in schema["properties"]
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(renderer("json")(reports["tiny"]))
    jsonschema.Draft202012Validator(schema).validate(doc)


def test_package_is_typed() -> None:
    import unveil

    assert (Path(unveil.__file__).parent / "py.typed").is_file()


def test_suppressions_name_their_file_and_the_ledger_gives_the_counts(hostile: Path) -> None:
    report = audit(str(hostile))
    findings = [f.model_copy(update={"suppressed": True, "suppressed_by": "/home/me/.unveil.toml"})
                if f.path == "evil.pkl" else f for f in report.security.findings]
    report = report.model_copy(update={"security": report.security.model_copy(update={"findings": findings})})
    text = renderer("text")(report)
    n = sum(1 for f in findings if f.suppressed)
    assert f"{n} suppressed (by /home/me/.unveil.toml)" in text.splitlines()[0]
    counts = report.security.coverage.counts
    security = next(line for line in text.splitlines() if line.strip().startswith("Security:"))
    assert f"in {counts['scanned']} scanned file" in security
    assert f"{counts['not_applicable']} not applicable" in security
    page = renderer("html")(report)
    assert f"{n} suppressed (by /home/me/.unveil.toml)" in page
    assert f"{counts['scanned']} scanned, {counts['not_applicable']} not applicable" in page
