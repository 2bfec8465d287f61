"""The command contract: exit codes, clear errors without tracebacks, formats, -o, env vars."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

UNVEIL = [sys.executable, "-m", "unveil.cli"]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    full_env.pop("HF_ENDPOINT", None)
    return subprocess.run([*UNVEIL, *args], capture_output=True, text=True, env=full_env, cwd=cwd or REPO,
                          timeout=300)


def test_missing_path_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    proc = run("audit", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("unveil: error:")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_bad_severity_and_bad_format_are_usage_errors() -> None:
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "--fail-on", "extreme")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "--format", "pdf")
    assert proc.returncode == 2 and "unknown format" in proc.stderr and "Traceback" not in proc.stderr


def test_audit_example_json_to_file_and_env_format(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "-o", str(out), env={"UNVEIL_FORMAT": "json"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    data = json.loads(out.read_text())
    assert data["schema_version"] == "1"
    assert data["tool"]["name"] == "unveil"
    assert data["source"]["kind"] == "local"
    assert data["source"]["files"] >= 8
    assert 0 < data["source"]["bytes_read"] <= data["source"]["total_bytes"]
    names = [c["name"] for c in data["components"]]
    assert len(names) == 17 and len(set(names)) == 17
    weights = next(c for c in data["components"] if c["name"] == "model_parameters_final")
    assert weights["present"] is True and weights["paths"] == ["model.safetensors"]


def test_text_output_is_a_short_summary_first() -> None:
    proc = run("audit", str(EXAMPLES / "open-weights-only"))
    assert proc.returncode == 0, proc.stderr
    head = proc.stdout.splitlines()[:8]
    assert any("Label:" in line for line in head)
    assert any("OSAID 1.0:" in line for line in head)
    assert "\x1b[" not in proc.stdout  # no colour when not a terminal


def test_nothing_auditable_is_exit_4(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = run("audit", str(tmp_path / "empty"))
    assert proc.returncode == 4, proc.stderr


def test_policy_gate(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text("forbidden_license_categories: [open-source]\nmin_mof_class: 1\n")
    proc = run("audit", str(EXAMPLES / "open-weights-only"), "--format", "json", "--policy", str(policy))
    assert proc.returncode == 1
    assert "policy:" in proc.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text("no_such_rule: 1\n")
    proc = run("audit", str(EXAMPLES / "open-weights-only"), "--policy", str(bad))
    assert proc.returncode == 2 and "unknown keys" in proc.stderr


def test_rules_lists_stable_ids() -> None:
    proc = run("rules", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    ids = [r["id"] for r in json.loads(proc.stdout)]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert any(i.startswith("SRC6") for i in ids)


@pytest.mark.parametrize("spec", ["not a source at all", "org/", "a b/c d"])
def test_garbage_source_is_exit_2(spec: str) -> None:
    proc = run("audit", spec)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_rule_reference_is_in_sync() -> None:
    proc = run("rules", "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (REPO / "docs" / "rules.md").read_text(), \
        "run `unveil rules --format markdown > docs/rules.md` and commit it"
