"""Survey progress outside a terminal: a plain line every few seconds with done/total, failures, rate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from unveil.survey.progress import line, progress

from conftest import EXAMPLES

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")

LINE = re.compile(r"^unveil: survey: (\d+)/(\d+) done, (\d+) failed, ([\d.]+) releases/s, \S+ elapsed")


def test_progress_line_counts() -> None:
    text = line(30, 120, 2, 10.0)
    m = LINE.match(text)
    assert m and m.groups()[:4] == ("30", "120", "2", "3.0") and "about 30s left" in text
    assert "left" not in line(5, 5, 0, 2.0)


def test_plain_lines_count_failures(capsys, monkeypatch) -> None:
    monkeypatch.setenv("UNVEIL_PROGRESS_SECONDS", "60")  # only the final line in this short run
    with progress(3) as tick:
        tick("a", False)
        tick("b", True)
        tick("c", False)
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("unveil: survey:")]
    assert lines and LINE.match(lines[-1]).groups()[:3] == ("3", "3", "1")


def test_survey_outside_a_terminal_prints_progress_lines(tmp_path: Path) -> None:
    sources = [str(EXAMPLES / "tiny-open-model"), str(EXAMPLES / "open-weights-only"), "nobody/no-such-model"]
    listing = tmp_path / "s.txt"
    listing.write_text("\n".join(sources) + "\n", encoding="utf-8")
    env = {**os.environ, "UNVEIL_PROGRESS_SECONDS": "0.2", "HF_ENDPOINT": "http://127.0.0.1:9"}
    proc = subprocess.run([sys.executable, "-m", "unveil.cli", "survey", str(listing), "--out", str(tmp_path / "o"),
                           "--workers", "1", "--deadline", "5"], capture_output=True, text=True, env=env,
                          timeout=600)
    assert proc.returncode == 3, proc.stderr  # the Hub id cannot be reached: one failed row
    counts = [LINE.match(ln).groups() for ln in proc.stderr.splitlines() if LINE.match(ln)]
    assert counts, proc.stderr
    done = [int(c[0]) for c in counts]
    assert done == sorted(done) and counts[-1][:3] == ("3", "3", "1")
