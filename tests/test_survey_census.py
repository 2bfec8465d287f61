"""A census the Hub's quota allows: a replayed synthetic Hub surveyed with 8 workers through `hub:`.

Counted at the replay server: the paged `list_models(expand=...)` listing is the only API traffic
(no model_info, no refs per repo), and each repo costs only resolver reads (card, license, config,
one ranged head per possible artifact). Every malicious repo must still be flagged.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unveil.sources import hub as hub_source
from unveil.survey.command import run_survey
from unveil.survey.store import Store

from synthetic_hub import MALICIOUS, build

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb")

REPOS = 70
MAX_API_PER_REPO = 0.05
MAX_REQUESTS_PER_REPO = 6


@pytest.fixture
def synthetic(replay_hub, tmp_path: Path, monkeypatch):
    # Semgrep, when installed, costs ~20 s per release with code; this test is about network traffic.
    monkeypatch.setenv("UNVEIL_SEMGREP", "off")
    hub_source.LIMITER.reset()
    truth = build(tmp_path / "hub", REPOS)
    replay_hub.add_root(tmp_path / "hub")
    replay_hub.page_size = 25
    yield replay_hub, truth
    hub_source.LIMITER.reset()


def rows_of(store: Path) -> dict[str, dict]:
    return {r["id"].split("@")[0]: r for p in Store(store).parquet_files() for r in pq.read_table(p).to_pylist()}


def test_census_within_quota_flags_every_malicious_repo(synthetic, tmp_path: Path) -> None:
    server, truth = synthetic
    code = run_survey("hub:author=synth", tmp_path / "store", 8, "local", None)
    rows = rows_of(tmp_path / "store")
    assert set(rows) == set(truth)  # one row per repo
    api, total = server.count("api"), server.count()
    print(f"{len(truth)} repos: {api} API calls ({api / len(truth):.3f}/repo), {total} requests "
          f"({total / len(truth):.2f}/repo), by kind: "
          f"{ {k: server.count(k) for k in ('list', 'info', 'refs', 'resolve', 'other')} }")
    assert server.count("info") == 0 and server.count("refs") == 0
    assert api / len(truth) <= MAX_API_PER_REPO
    assert total / len(truth) <= MAX_REQUESTS_PER_REPO
    for repo, shape in truth.items():
        row = rows[repo]
        assert row["error"] is None, (repo, row["error"])
        assert row["revision"] and len(row["revision"]) == 40
        if shape in MALICIOUS:
            assert row["has_high"] and row["findings_critical"] + row["findings_high"] > 0, (repo, shape)
        elif shape == "remote-code":
            assert row["remote_code"], repo
        else:
            assert not row["has_high"], (repo, shape)
        if shape == "gated":  # weights behind the gate: incomplete, never clean
            assert row["exit_status"] == 3 and row["inconclusive"] > 0, repo
    assert code == 0  # gated repos are incomplete rows, not failed audits


def test_rate_limits_are_honoured_across_workers(synthetic, tmp_path: Path, monkeypatch) -> None:
    server, truth = synthetic
    server.fail_next("/resolve/", 12, status=429, retry_after=0.5)
    run_survey("hub:author=synth", tmp_path / "store", 8, "local", None)
    rows = rows_of(tmp_path / "store")
    assert set(rows) == set(truth)
    assert hub_source.LIMITER.pauses >= 1  # one 429 paused every worker, not only the one that got it
    limited = [r for r in rows.values() if r["error"]]
    assert not limited
    assert sum(1 for r in server.requests if r.status == 429) == 12
