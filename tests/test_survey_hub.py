"""Survey of Hub sources: the real huggingface_hub client against the local replay server, in threads."""

from __future__ import annotations

from pathlib import Path

import pytest

from unveil.survey.command import run_survey
from unveil.survey.executor import make_executor
from unveil.survey.store import Store

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb")

REPOS = ["openai/gpt-2", "EleutherAI/pythia-160m", "meta-llama/Llama-3.2-1B", "nobody/no-such-model"]


def test_hub_sources_run_in_threads_and_read_few_bytes(replay_hub, tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    executor = make_executor("local", 2, REPOS)
    assert isinstance(executor, ThreadPoolExecutor)  # network sources wait on I/O, not CPU
    executor.shutdown()
    listing = tmp_path / "hub.txt"
    listing.write_text("\n".join(REPOS) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    code = run_survey(str(listing), store, 2, "local", None)
    rows = {r["id"]: r for p in Store(store).parquet_files() for r in pq.read_table(p).to_pylist()}
    assert set(rows) == set(REPOS)
    missing = rows["nobody/no-such-model"]
    assert missing["error"] and missing["exit_status"] == 2
    for repo in REPOS[:3]:
        row = rows[repo]
        assert row["error"] is None, row["error"]
        assert row["kind"] == "hub" and row["revision"] and len(row["revision"]) == 40
        print(f"{repo}: label {row['label']}, read {row['bytes_read']} of {row['total_bytes']} bytes")
        assert row["bytes_read"] <= row["total_bytes"]
    gated = rows["meta-llama/Llama-3.2-1B"]  # gated files without a token: incomplete, not absent
    assert gated["exit_status"] == 3 and gated["inconclusive"] > 0
    assert code == 3  # one release failed
