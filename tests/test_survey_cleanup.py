"""Surveys clean up after themselves: no worker, fork server or Ray task outlives a stopped driver.

The driver (tests/survey_driver.py) runs a real survey in worker processes whose audits sleep, so it
is stopped mid-run. Every process it starts inherits a unique marker in its environment; after the
stop, /proc is scanned for that marker until none is left (or the test fails).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

pytest.importorskip("pyarrow")
pytest.importorskip("duckdb")

DRIVER = REPO / "tests" / "survey_driver.py"
MARK = "UNVEIL_TEST_MARK"


def marked(mark: str) -> list[int]:
    """Live processes whose environment carries `MARK=mark` (zombies excluded)."""
    found = []
    needle = f"{MARK}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            state = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if state not in (b"Z", b"X"):
            found.append(int(entry.name))
    return found


def wait_for(predicate, timeout: float, step: float = 0.2) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def start_driver(tmp_path: Path, workers: int, sources: list[str], extra_env: dict[str, str] | None = None):
    mark = uuid.uuid4().hex
    started = tmp_path / "started"
    env = {**os.environ, MARK: mark, "UNVEIL_TEST_STARTED": str(started), **(extra_env or {})}
    proc = subprocess.Popen([sys.executable, str(DRIVER), str(tmp_path / "store"), str(workers), *sources],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc, mark, started


def sources_for(tmp_path: Path, count: int) -> list[str]:
    out = []
    for i in range(count):
        folder = tmp_path / "releases" / f"r{i:02d}"
        folder.mkdir(parents=True)
        (folder / "README.md").write_text((EXAMPLES / "tiny-open-model" / "README.md").read_text())
        out.append(str(folder))
    return out


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM", "SIGINT"])
def test_stopped_driver_leaves_no_process_behind(tmp_path: Path, how: str) -> None:
    proc, mark, started = start_driver(tmp_path, 2, sources_for(tmp_path, 6))
    try:
        # Both workers busy in an audit (each wrote its start mark), and more processes than the driver.
        assert wait_for(lambda: started.is_dir() and len(list(started.iterdir())) >= 2, 120), proc.stderr
        workers = [p for p in marked(mark) if p != proc.pid]
        assert len(workers) >= 2, workers  # the fork server and the workers carry the mark
        proc.send_signal(getattr(signal, how))
        code = proc.wait(30)
        if how != "SIGKILL":
            assert code in (130, 3, -signal.SIGTERM, -signal.SIGINT), (code, proc.stderr.read())
        assert wait_for(lambda: not marked(mark), 20), f"left behind after {how}: {marked(mark)}"
    finally:
        for pid in marked(mark):  # never leave the machine dirty, even when the test fails
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_killed_then_rerun_loses_nothing(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from unveil.survey.store import Store

    sources = sources_for(tmp_path, 6)
    proc, mark, started = start_driver(tmp_path, 2, sources, {"UNVEIL_TEST_AUDIT_SLEEP": "2"})
    try:
        assert wait_for(lambda: started.is_dir() and len(list(started.iterdir())) >= 4, 120), proc.stderr
        proc.kill()
        proc.wait(30)
        assert wait_for(lambda: not marked(mark), 20), marked(mark)
    finally:
        for pid in marked(mark):
            os.kill(pid, signal.SIGKILL)
    first = {p.read_text() for p in started.iterdir()}
    journal = [ln for p in (tmp_path / "store" / "shards").glob("*.jsonl") for ln in p.read_text().splitlines()]
    proc, mark, again = start_driver(tmp_path, 2, sources, {"UNVEIL_TEST_AUDIT_SLEEP": "0",
                                                            "UNVEIL_TEST_STARTED": str(tmp_path / "again")})
    assert proc.wait(300) == 0, proc.stderr.read()
    assert wait_for(lambda: not marked(mark), 20), marked(mark)
    rows = [r for p in Store(tmp_path / "store").parquet_files() for r in pq.read_table(p).to_pylist()]
    assert sorted(r["id"] for r in rows) == sorted(sources) and all(r["error"] is None for r in rows)
    rerun = {p.read_text() for p in (tmp_path / "again").iterdir()} if (tmp_path / "again").is_dir() else set()
    assert len(rerun) == len(sources) - len(journal)  # rows journaled before the kill are not audited again
    assert first | rerun == set(sources)
