"""While a survey's process pool starts, the driver audits the first sources itself (issue 15.5: a small
survey not slower with 2 workers than with 1). The rows must be those of an inline run and of the pool, every
source audited once, the pool must get work once it is ready even while the driver is busy, and a survey that
ends before its pool is ready must neither wait for it nor leave a process behind."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path
from typing import Any

import pytest

from cards2023 import card_folders
from test_survey_cleanup import marked, wait_for
from unveil.survey.executor import InlineExecutor, process_pool
from unveil.survey.inputs import SourceSpec
from unveil.survey.rows import audit_row
from unveil.survey.runner import audit_batch, execute
from warm_pool import gated_audit, gated_pool, pid_audit

from conftest import REPO

CARDS = REPO.parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"


def _cards(root: Path, count: int) -> list[str]:
    """`count` real cards as release folders (past the first 500: not the cards other tests use)."""
    return card_folders(root, count, skip=500)


def _run(tasks: list[tuple[int, SourceSpec]], make: Any, audit: Any, pool: int = 2) -> dict[int, dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}

    def on_row(index: int, source: SourceSpec, row: dict[str, Any]) -> None:
        assert index not in rows, f"task {index} reported twice"
        assert row["id"] == source.spec
        rows[index] = row

    assert execute(tasks, make, audit, None, on_row, pool=pool) == 0
    assert sorted(rows) == [i for i, _ in tasks]
    return rows


def _facts(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("seconds", "pid")}


@pytest.mark.skipif(not CARDS.is_file(), reason="needs ../shared/data/cards-2023")
def test_rows_through_the_warm_up_equal_inline_and_pool_rows_and_the_pool_gets_work_once_ready(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("UNVEIL_SEMGREP", "off")
    specs = _cards(tmp_path / "cards", 40)
    tasks = [(i, SourceSpec(spec, spec)) for i, spec in enumerate(specs)]
    gate, seen = str(tmp_path / "gate"), str(tmp_path / "seen")
    inline_count = 7  # the driver opens the pool's gate in its 7th audit, and waits there for a worker's audit
    audit = functools.partial(gated_audit, gate, seen, os.getpid(), specs[inline_count - 1])

    warm = _run(tasks, lambda: gated_pool(gate), audit)
    assert not [row["error"] for row in warm.values() if row["error"]]
    by_driver = [i for i, row in warm.items() if row["pid"] == os.getpid()]
    assert by_driver == list(range(inline_count))  # inline until the pool was ready, then none

    inline = _run(tasks, InlineExecutor, audit_row, pool=0)
    with process_pool(2) as pool:  # the pool alone: every row computed in a worker process
        pooled = pool.submit(audit_batch, audit_row, [(s, ()) for s in specs], None).result()
    differ = [i for i in warm if not (_facts(warm[i]) == _facts(inline[i]) == _facts(pooled[i]))]
    assert not differ, [specs[i] for i in differ[:3]]


DRIVER = """
import functools, sys
sys.path.insert(0, {tests!r})
from warm_pool import gated_pool, pid_audit
from unveil.survey.inputs import SourceSpec
from unveil.survey.runner import execute
rows = []
tasks = [(i, SourceSpec(f"r{{i}}", f"r{{i}}")) for i in range(5)]
audit = functools.partial(pid_audit, 100.0)  # heavy enough that the driver starts the pool at its second row
execute(tasks, lambda: gated_pool({gate!r}), audit, None, lambda i, s, row: rows.append(row), pool=2)
print(sorted(r["id"] for r in rows), all(r["pid"] == __import__("os").getpid() for r in rows))
"""


def test_a_survey_done_before_its_pool_is_ready_does_not_wait_for_it_and_leaves_no_process(tmp_path: Path) -> None:
    # The gate never opens: a driver that waited for its pool at exit would never end.
    mark = uuid.uuid4().hex
    script = DRIVER.format(tests=str(REPO / "tests"), gate=str(tmp_path / "never"))
    env = {**os.environ, "UNVEIL_TEST_MARK": mark, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-2000:]
        assert out.split("]")[0] + "]" == str([f"r{i}" for i in range(5)]) and out.strip().endswith("True"), out
        assert wait_for(lambda: not marked(mark), 20), f"left behind: {marked(mark)}"
    finally:
        for pid in marked(mark):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_a_survey_too_small_to_pay_for_a_pool_never_starts_one() -> None:
    made = []

    def make() -> Any:
        made.append(gated_pool("/nonexistent/never"))
        return made[-1]

    tasks = [(i, SourceSpec(f"r{i}", f"r{i}")) for i in range(30)]
    rows = _run(tasks, make, functools.partial(pid_audit, 0.001))  # 30 ms of work in all: under a pool's start
    assert {row["pid"] for row in rows.values()} == {os.getpid()}
    assert not made  # no pool was even made (a survey worth one: the first test)


SURVEY = """
import sys
sys.path.insert(0, {tests!r})
from warm_pool import dies_on_poison
from unveil.survey.command import run_survey
sys.exit(run_survey({listing!r}, {store!r}, 2, "local", None, audit=dies_on_poison))
"""


def test_a_release_that_kills_the_driver_inline_is_an_error_row_on_the_rerun(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from unveil.survey.store import Store

    names = ["poison", *(f"r{i}" for i in range(5))]  # first: the driver audits it itself, and dies
    for name in names:
        (tmp_path / name).mkdir()
    listing = tmp_path / "sources.txt"
    listing.write_text("\n".join(str(tmp_path / n) for n in names) + "\n", encoding="utf-8")
    script = SURVEY.format(tests=str(REPO / "tests"), listing=str(listing), store=str(tmp_path / "store"))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    def survey() -> int:
        return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, timeout=300).returncode

    assert survey() == 70  # as with --workers 1: the driver itself died
    assert survey() == 3  # resumed with the pool from the start: the poison killed a worker, not the driver
    rows = {Path(r["id"]).name: r for p in Store(tmp_path / "store").parquet_files()
            for r in pq.read_table(p).to_pylist()}
    assert sorted(rows) == sorted(names)
    assert "worker process died" in rows["poison"]["error"]
    assert all(rows[n]["error"] is None for n in names[1:])


def test_the_pool_decision_goes_by_the_driver_rows_but_its_first() -> None:
    from unveil.survey.runner import WORTH_S, _InlineCost

    cost = _InlineCost()
    assert cost.add({"seconds": 100.0}, 1000) is None  # the first audit pays the lazy imports: not a measure
    assert cost.add({"seconds": None}, 999) is None  # an error row without a timing says nothing
    assert cost.add({"seconds": 0.001}, 998) is False  # ~1 s of cheap work left: inline
    small = _InlineCost()
    small.add({"seconds": 0.5}, 100)
    assert small.add({"seconds": 50 * WORTH_S}, 99) is True  # releases that take minutes: a pool at once
