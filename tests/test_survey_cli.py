"""`unveil survey` and `unveil report` through the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")

UNVEIL = [sys.executable, "-m", "unveil.cli"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    full.pop("HF_ENDPOINT", None)
    return subprocess.run([*UNVEIL, *args], capture_output=True, text=True, env=full, cwd=REPO, timeout=300)


def test_survey_then_report(tmp_path: Path) -> None:
    listing = tmp_path / "sources.txt"
    listing.write_text(f"{EXAMPLES / 'tiny-open-model'}\n{EXAMPLES / 'open-weights-only'}\n", encoding="utf-8")
    store = tmp_path / "store"
    proc = run("survey", str(listing), "--out", str(store), "--shard", "0/1",
               env={"UNVEIL_WORKERS": "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""  # results live in the store; the summary line goes to stderr
    assert "2 audited" in proc.stderr and "\x1b[" not in proc.stderr  # no progress bar off a terminal
    html = tmp_path / "s.html"
    proc = run("report", str(store), env={"UNVEIL_REPORT_HTML": str(html)})
    assert proc.returncode == 0, proc.stderr
    assert "Openness labels" in proc.stdout and "open-source-ai" in proc.stdout
    assert html.read_text(encoding="utf-8").lower().startswith("<!doctype html>")


def test_usage_errors_are_exit_2(tmp_path: Path) -> None:
    for args in (["survey", str(tmp_path / "nope")], ["survey", str(EXAMPLES), "--shard", "2/2"],
                 ["survey", str(EXAMPLES), "--engine", "spark"], ["report", str(tmp_path / "nope")]):
        proc = run(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.startswith("unveil: error:") and "Traceback" not in proc.stderr
