"""Survey mode end to end: rows, resume by shard and within a shard, error rows, summary, report."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, RELEASES

pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb")

from unveil.errors import UsageError  # noqa: E402
from unveil.service import audit  # noqa: E402
from unveil.survey.command import run_report, run_survey  # noqa: E402
from unveil.survey.rows import DOC_TOPICS, audit_row  # noqa: E402
from unveil.survey.store import Store  # noqa: E402
from unveil.survey.summary import summarize  # noqa: E402
from warm_pool import dies_in_pool  # noqa: E402


def all_sources() -> list[str]:
    releases = sorted(str(p) for p in RELEASES.iterdir() if p.is_dir())
    return [str(EXAMPLES / "tiny-open-model"), str(EXAMPLES / "open-weights-only"), *releases]


def write_list(path: Path, sources: list[str]) -> Path:
    path.write_text("\n".join(sources) + "\n", encoding="utf-8")
    return path


def rows_of(store: Path) -> list[dict[str, Any]]:
    return [r for p in Store(store).parquet_files() for r in pq.read_table(p).to_pylist()]


@pytest.fixture(scope="module")
def full_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One full survey: the two examples and every recorded release, 2 worker processes, 3 shards."""
    root = tmp_path_factory.mktemp("survey")
    sources = write_list(root / "sources.txt", [*all_sources(), str(root / "does-not-exist")])
    code = run_survey(str(sources), root / "store", workers=2, engine="local", shard=None, keep_reports=True)
    # the missing folder becomes an error row, the survey finishes and says "incomplete"
    assert code == 3
    return root / "store"


def test_full_survey_rows_match_direct_audits(full_store: Path) -> None:
    rows = {r["id"]: r for r in rows_of(full_store)}
    expected = all_sources()
    print(f"rows: {len(rows)} for {len(expected)} releases + 1 bad source")
    assert set(expected) <= set(rows) and len(rows) == len(expected) + 1
    for spec in expected:
        row = rows[spec]
        assert row["error"] is None, (spec, row["error"])
        report = audit(spec)  # the row is a faithful projection of the report
        assert row["label"] == report.openness.label
        assert row["osaid"] == report.openness.osaid.verdict
        assert row["mof_class"] == report.openness.mof.mof_class
        assert row["openwashing"] == report.openness.openwashing.flag
        assert row["weights_license_category"] == report.openness.weights_license_category
        assert row["findings_high"] == sum(1 for f in report.security.findings
                                           if f.severity == "high" and not f.suppressed)
        for topic in DOC_TOPICS:
            section = report.documentation.sections.get(topic)
            assert row[f"doc_{topic}"] == (section.covered if section else None)
        assert row["total_bytes"] == report.source.total_bytes and 0 <= row["bytes_read"] <= row["total_bytes"]
        assert row["exit_status"] in (0, 3, 4) and row["seconds"] >= 0
    # the full JSON report of each release is kept on request
    kept = list((full_store / "reports").glob("*.json"))
    assert len(kept) == len(expected)
    assert json.loads(kept[0].read_text())["schema_version"] == "1"


def test_bad_source_is_an_error_row(full_store: Path) -> None:
    bad = [r for r in rows_of(full_store) if r["error"]]
    assert len(bad) == 1 and bad[0]["id"].endswith("does-not-exist")
    assert bad[0]["exit_status"] == 2 and "\n" not in bad[0]["error"] and bad[0]["label"] is None


def test_summary_matches_a_manual_count(full_store: Path) -> None:
    rows = rows_of(full_store)
    ok = [r for r in rows if r["error"] is None]
    summary = summarize(Store(full_store))
    assert (summary.total, summary.audited, summary.failed) == (len(rows), len(ok), len(rows) - len(ok))

    def share(n: int) -> float:
        return round(100 * n / len(ok), 1)

    high = sum(1 for r in ok if r["findings_high"] + r["findings_critical"] > 0)
    dq = sum(1 for r in ok if r["doc_data_quality"])
    ow = sum(1 for r in ok if r["openwashing"])
    print(f"high-severity share {share(high)}%, data-quality share {share(dq)}%, openwashing {share(ow)}%")
    assert summary.headline["high_severity_share"] == share(high)
    assert summary.headline["data_quality_documented_share"] == share(dq)
    assert summary.headline["openwashing_share"] == share(ow)
    labels = {row[0]: row[1] for row in summary.table("labels").rows}
    manual: dict[str, int] = {}
    for r in ok:
        manual[r["label"]] = manual.get(r["label"], 0) + 1
    assert labels == manual
    osaid = {row[0]: row[1] for row in summary.table("osaid").rows}
    assert sum(osaid.values()) == len(ok)
    assert osaid.get("meets", 0) == sum(1 for r in ok if r["osaid"] == "meets")
    mof = {row[0]: row[1] for row in summary.table("mof").rows}
    assert mof.get("Class I", 0) == sum(1 for r in ok if r["mof_class"] == 1)
    cats = {row[0]: row[1] for row in summary.table("licenses").rows}
    assert cats.get("restricted", 0) == sum(1 for r in ok if r["weights_license_category"] == "restricted")


def test_report_prints_tables_and_writes_html(full_store: Path, tmp_path: Path) -> None:
    html = tmp_path / "survey.html"
    text, code = run_report(full_store, html)
    assert code == 0
    for title in ("Openness labels", "OSAID 1.0 verdicts", "MOF classes", "Weights license categories",
                  "Documentation coverage", "Headline figures"):
        assert title in text
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Openness labels" in page
    # one inline SVG chart per charted table with rows, drawn from the same numbers as the text tables
    assert page.count("<svg") >= 6 and "<script" not in page
    labels = next(t for t in summarize(Store(full_store)).tables if t.key == "labels")
    for name, count, share in labels.rows:
        assert f"{share:g}% ({count})" in page, name
    with pytest.raises(UsageError):
        run_report(tmp_path / "nope")


class Counting:
    """An audit that records what it was asked to do (workers=1 runs inline, in this process)."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.calls: list[str] = []
        self.stop_after = stop_after

    def __call__(self, spec: str, reports_dir: str | None = None) -> dict[str, Any]:
        if self.stop_after is not None and len(self.calls) >= self.stop_after:
            raise KeyboardInterrupt  # a crash part way through a shard
        self.calls.append(spec)
        return audit_row(spec, reports_dir)


def test_resume_skips_finished_shards(tmp_path: Path) -> None:
    sources = all_sources()[:10]
    listing = write_list(tmp_path / "s.txt", sources)
    store = tmp_path / "store"
    first = Counting()
    assert run_survey(str(listing), store, 1, "local", "0/2", audit=first) == 0
    shard0 = Store(store).parquet_path(0, 2)
    assert shard0.is_file() and Store(store).marker_path(0, 2).is_file()
    assert not Store(store).parquet_path(1, 2).exists()
    mtime = shard0.stat().st_mtime_ns
    again = Counting()
    assert run_survey(str(listing), store, 1, "local", None, audit=again) == 0  # both shards (N from manifest)
    print(f"shard 0: {len(first.calls)} audited; rerun audited {len(again.calls)} (shard 1 only)")
    assert first.calls and again.calls
    assert not set(first.calls) & set(again.calls)
    assert sorted(first.calls + again.calls) == sorted(sources)
    assert shard0.stat().st_mtime_ns == mtime
    assert len(rows_of(store)) == len(sources)
    third = Counting()
    assert run_survey(str(listing), store, 1, "local", None, audit=third) == 0
    assert third.calls == []
    with pytest.raises(UsageError):  # the split is fixed by the store
        run_survey(str(listing), store, 1, "local", "0/3")


def test_resume_within_an_interrupted_shard(tmp_path: Path) -> None:
    sources = all_sources()[:6]
    listing = write_list(tmp_path / "s.txt", sources)
    store = tmp_path / "store"
    crash = Counting(stop_after=4)
    with pytest.raises(KeyboardInterrupt):
        run_survey(str(listing), store, 1, "local", "0/1", audit=crash)
    journal = Store(store).journal_path(0, 1)
    assert journal.is_file() and not Store(store).marker_path(0, 1).exists()
    with open(journal, "a", encoding="utf-8") as fh:
        fh.write('{"id": "torn')  # a line cut by the crash
    rest = Counting()
    assert run_survey(str(listing), store, 1, "local", None, audit=rest) == 0
    assert sorted(rest.calls) == sorted(set(sources) - set(crash.calls))
    assert not journal.exists()
    assert sorted(r["id"] for r in rows_of(store)) == sorted(sources)


def test_new_sources_reopen_a_finished_shard(tmp_path: Path) -> None:
    sources = all_sources()[:5]
    store = tmp_path / "store"
    run_survey(str(write_list(tmp_path / "a.txt", sources[:3])), store, 1, "local", "0/1", audit=Counting())
    more = Counting()
    run_survey(str(write_list(tmp_path / "b.txt", sources)), store, 1, "local", None, audit=more)
    assert sorted(more.calls) == sorted(sources[3:])
    assert len(rows_of(store)) == 5


def test_usage_errors(tmp_path: Path) -> None:
    listing = write_list(tmp_path / "s.txt", all_sources()[:1])
    with pytest.raises(UsageError):
        run_survey(str(listing), tmp_path / "o", 1, "spark", None)
    with pytest.raises(UsageError):
        run_survey(str(listing), tmp_path / "o", 0, "local", None)
    try:
        import ray  # noqa: F401
    except ImportError:
        with pytest.raises(UsageError, match=r"unveil\[ray\]"):
            run_survey(str(listing), tmp_path / "o2", 1, "ray", None)
        assert not (tmp_path / "o2").exists()
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    assert run_survey(str(empty), tmp_path / "o3", 1, "local", None) == 4


def test_a_dying_worker_fails_only_its_own_release(tmp_path: Path) -> None:
    (tmp_path / "poison").mkdir()
    sources = [*all_sources()[:5], str(tmp_path / "poison")]
    listing = write_list(tmp_path / "s.txt", sources)
    store = tmp_path / "store"
    audit = functools.partial(dies_in_pool, str(tmp_path / "seen"), os.getpid())
    code = run_survey(str(listing), store, 2, "local", None, audit=audit)
    rows = {r["id"]: r for r in rows_of(store)}
    assert set(rows) == set(sources) and code == 3
    assert "worker process died" in rows[str(tmp_path / "poison")]["error"]
    assert all(rows[s]["error"] is None for s in sources[:5])
