"""Sources travel to a process pool in batches (issue 15.5, the census pace): the rows must be those of
one-at-a-time audits, a raising audit fails only its own source, and a worker that dies under a batch
costs only the release that killed it."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

import pytest

from cards2023 import card_folders
from unveil.survey.command import run_survey
from unveil.survey.runner import BATCH_MAX, _Sizer, audit_batch
from unveil.survey.store import Store
from warm_pool import dies_in_pool

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb")

CARDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"


def raises_on_bad(spec: str, reports_dir: str | None = None) -> dict[str, Any]:
    if spec.endswith("bad"):
        raise ValueError("broken release")
    return {"id": spec, "label": "ok", "seconds": 0.001}


def test_a_raising_audit_fails_only_its_own_source_in_a_batch() -> None:
    rows = audit_batch(raises_on_bad, [("a", ()), ("x-bad", ()), ("b", ())], None)
    assert [r["id"] for r in rows] == ["a", "x-bad", "b"]
    assert rows[0]["label"] == "ok" and rows[2]["label"] == "ok"
    assert "broken release" in rows[1]["error"] and rows[1]["label"] is None


def test_batch_size_follows_the_rows_timings() -> None:
    sizer = _Sizer(True)
    assert sizer.size() == 1  # nothing to go by yet
    for _ in range(10):
        sizer.add({"seconds": 0.002})
    assert sizer.size() == BATCH_MAX  # card-sized audits: as many as a batch may hold
    slow = _Sizer(True)
    slow.add({"seconds": 2.0})
    slow.add({"seconds": None})  # an error row without a timing is not counted
    assert slow.size() == 1  # a release that takes seconds travels alone
    middle = _Sizer(True)
    middle.add({"seconds": 0.02})
    assert 1 < middle.size() < BATCH_MAX
    off = _Sizer(False)  # threads and inline runs: one source per task
    off.add({"seconds": 0.001})
    assert off.size() == 1


def _rows(store: Path) -> dict[str, dict[str, Any]]:
    rows = [r for p in Store(store).parquet_files() for r in pq.read_table(p).to_pylist()]
    return {r["id"]: {k: v for k, v in r.items() if k != "seconds"} for r in rows}


@pytest.mark.skipif(not CARDS.is_file(), reason="needs ../shared/data/cards-2023")
def test_batched_pool_rows_equal_inline_rows_and_a_dying_worker_costs_one_release(tmp_path: Path,
                                                                                  monkeypatch) -> None:
    monkeypatch.setenv("UNVEIL_SEMGREP", "off")
    sources = card_folders(tmp_path / "cards", 90)
    (tmp_path / "cards" / "poison").mkdir()
    sources.insert(75, str(tmp_path / "cards" / "poison"))  # late: batches have grown by then
    listing = tmp_path / "sources.txt"
    listing.write_text("\n".join(sources) + "\n", encoding="utf-8")
    audit = functools.partial(dies_in_pool, str(tmp_path / "seen"), os.getpid())
    code = run_survey(str(listing), tmp_path / "pool", 2, "local", None, audit=audit)
    assert code == 3  # the poison's row holds an error
    pooled = _rows(tmp_path / "pool")
    assert set(pooled) == set(sources)
    assert "worker process died" in pooled[sources[75]]["error"]
    good = [s for s in sources if not s.endswith("poison")]
    listing.write_text("\n".join(good) + "\n", encoding="utf-8")
    assert run_survey(str(listing), tmp_path / "inline", 1, "local", None) == 0
    inline = _rows(tmp_path / "inline")
    assert all(pooled[s]["error"] is None for s in good)
    differ = [s for s in good if {**pooled[s], "shard": None} != {**inline[s], "shard": None}]
    assert not differ, differ[:3]


def test_pool_choice_stops_looking_once_settled_and_agrees_with_a_full_count(tmp_path: Path) -> None:
    from itertools import product

    from unveil.survey.executor import _mostly_network, is_local

    local = [str(tmp_path / f"r{i}") for i in range(4)]
    for p in local:
        os.mkdir(p)
    remote = [f"org/model-{i}" for i in range(4)]
    for n in range(1, 7):
        for pick in product((0, 1), repeat=n):
            specs = [local[i % 4] if k else remote[i % 4] for i, k in enumerate(pick)]
            full = sum(1 for s in specs if not is_local(s)) * 2 >= len(specs)
            assert _mostly_network(specs) is full, specs


def test_fork_server_started_early_only_when_a_process_pool_will_be_made(tmp_path: Path) -> None:
    # In a fresh interpreter: the fork server is a per-process singleton.
    import subprocess
    import sys

    for i in range(3):
        os.mkdir(tmp_path / f"r{i}")
    script = f"""
import os
from multiprocessing import forkserver
from unveil.survey.executor import LARGE_SURVEY, prestart
local = [os.path.join({str(tmp_path)!r}, n) for n in ("r0", "r1", "r2")]
large = local * (LARGE_SURVEY // 3 + 1)
prestart("local", 2, ["org/a", "org/b", local[0]] * LARGE_SURVEY)   # mostly Hub sources: threads, no server
prestart("local", 1, large)                          # one worker: inline
prestart("ray", 2, large)
prestart("local", 2, large[:LARGE_SURVEY - 1])       # a smaller survey starts its pool when worth it
assert forkserver._forkserver._forkserver_pid is None, "started for no process pool"
prestart("local", 2, large)
pid = forkserver._forkserver._forkserver_pid
assert pid is not None and os.waitpid(pid, os.WNOHANG) == (0, 0), "no fork server running"
from unveil.survey.executor import make_executor
pool = make_executor("local", 2, local)
assert sorted(pool.map(os.path.basename, local)) == ["r0", "r1", "r2"]
pool.shutdown()
assert forkserver._forkserver._forkserver_pid == pid, "the pool did not fork from the early server"
print("ok")
"""
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = dict(os.environ, PYTHONPATH=src + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]
