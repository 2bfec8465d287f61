"""The survey site (`unveil report STORE --site DIR`) in headless Chromium, and `--sql`.

The store mixes real audits (the examples, with kept reports, so their pages are full audit reports)
and 1,250 synthetic rows carrying hostile text (script-closing tags, U+2028, quotes) in the fields
that come from releases. The browser checks: every page of rows renders, filters narrow, sorting
sorts, links resolve to files that exist, nothing from a release runs, no console error, no network.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, require_extra

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from chromium import Browser, chromium_path  # noqa: E402
from unveil.render.templating import script_json  # noqa: E402
from unveil.survey.command import run_report, run_survey  # noqa: E402
from unveil.survey.rows import COLUMNS, audit_row  # noqa: E402
from unveil.survey.site import page_path  # noqa: E402

SYNTHETIC = 1250
HOSTILE = '</script><script>window.PWNED=1</script>\u2028"\'&<b>'
REAL = [str(EXAMPLES / "tiny-open-model"), str(EXAMPLES / "open-weights-only")]
LABELS = ("open-source-ai", "open-weights", "restricted-weights", "closed")
CATEGORIES = ("open-source", "restricted", "non-commercial", None)


def synthetic_row(i: int) -> dict[str, Any]:
    row: dict[str, Any] = {name: None for name in COLUMNS}
    row.update(id=f"synthetic/org-{i % 37}/model-{i:05d}", source_id=f"org-{i % 37}/model-{i:05d}", kind="hub",
               label=LABELS[i % 4], osaid="meets" if i % 10 == 0 else "does-not-meet",
               mof_class=(i % 4) or None, eosai_score=round((i % 100) / 100, 2), openwashing=i % 9 == 0,
               weights_license=HOSTILE if i % 50 == 7 else ("apache-2.0" if i % 3 else "llama3"),
               weights_license_category=CATEGORIES[i % 4],
               findings_critical=int(i % 41 == 0), findings_high=int(i % 13 == 0), findings_medium=i % 3,
               findings_low=i % 2, findings_info=0, has_high=i % 41 == 0 or i % 13 == 0,
               code_high_bandit=int(i % 13 == 0), code_high_flawfinder=0, code_high_semgrep=0, remote_code=False,
               doc_score=float(i % 101), doc_training_data=i % 2 == 0, doc_data_quality=i % 5 == 0,
               doc_limitations=i % 3 == 0, doc_bias=i % 4 == 0, doc_evaluation=i % 6 == 0,
               doc_intended_use=i % 7 == 0, doc_findings=0, files=3, bytes_read=10, total_bytes=10, inconclusive=0,
               exit_status=0)
    if i % 97 == 5:  # a failed audit: an error row
        row.update({k: None for k in COLUMNS if k not in ("id", "source_id")}, error=f"boom {HOSTILE}",
                   exit_status=3)
    return row


def fake_audit(spec: str, reports_dir: str | None = None) -> dict[str, Any]:
    if spec.startswith("synthetic/"):
        return synthetic_row(int(spec.rsplit("-", 1)[1]))
    return audit_row(spec, reports_dir)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("site")
    specs = REAL + [f"synthetic/org-{i % 37}/model-{i:05d}" for i in range(SYNTHETIC)]
    (root / "in.txt").write_text("\n".join(specs) + "\n", encoding="utf-8")
    code = run_survey(str(root / "in.txt"), root / "store", workers=1, keep_reports=True, audit=fake_audit)
    assert code == 3  # the error rows make the survey incomplete
    groups = root / "groups.csv"
    with groups.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "task", "architecture"])
        for i in range(SYNTHETIC):
            w.writerow([f"synthetic/org-{i % 37}/model-{i:05d}", ["text-generation", "fill-mask"][i % 2],
                        HOSTILE if i % 3 == 0 else "bert"])
    text, code = run_report(root / "store", site=root / "site", groups=groups)
    assert code == 0 and "Openness labels" in text
    return {"root": root / "site", "specs": specs, "rows": [synthetic_row(i) for i in range(SYNTHETIC)]}


def test_script_json_cannot_close_a_script_or_break_a_string() -> None:
    text = script_json({"k": HOSTILE})
    assert "</script" not in text.lower() and "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"k": HOSTILE}


def test_site_files_and_escaping(site: dict[str, Any]) -> None:
    root: Path = site["root"]
    data = (root / "data" / "rows.js").read_text(encoding="utf-8")
    assert "</script" not in data.lower() and "\u2028" not in data
    payload = json.loads(data[data.index("=") + 1:].strip().rstrip(";"))
    assert len(payload["rows"]) == len(site["specs"])
    # the release pages: full audit reports for the kept reports, the row's page for the rest
    for spec in REAL:
        page = (root / page_path(spec)).read_text(encoding="utf-8")
        assert "unveil audit:" in page and "Openness label" in page
    hostile = next(r for r in site["rows"] if r["weights_license"] == HOSTILE)
    page = (root / page_path(hostile["id"])).read_text(encoding="utf-8")
    assert "<script>window.PWNED" not in page and "&lt;/script&gt;&lt;script&gt;window.PWNED=1" in page
    for study in ("openness", "documentation", "security"):
        html = (root / "studies" / f"{study}.html").read_text(encoding="utf-8")
        assert html.count("<svg") >= 3 and "<script>window.PWNED" not in html
    doc = (root / "studies" / "documentation.html").read_text(encoding="utf-8")
    # the groups file breaks documentation down by task: the shares are the rows' own
    fill = [r for i, r in enumerate(site["rows"]) if i % 2 == 1 and not r["error"]]
    share = round(100.0 * sum(1 for r in fill if r["doc_data_quality"]) / len(fill), 1)
    assert "Topics documented by task" in doc and f"{share}% of {len(fill)}" in doc


@pytest.fixture(scope="module")
def browser() -> Any:
    binary = chromium_path()
    require_extra(binary is not None, "chromium (.ci/run installs Debian's chromium package)")
    b = Browser(str(binary))
    yield b
    b.close()


def _status(b: Browser) -> dict[str, int]:
    return {k: int(b.eval(f"document.getElementById('status').getAttribute('data-{k}')"))
            for k in ("shown", "matches", "page", "pages")}


def _visible(b: Browser) -> list[list[str]]:
    return b.eval("Array.from(document.querySelectorAll('#board tbody tr')).map("
                  "tr => Array.from(tr.cells).map(td => td.textContent))")


def _set(b: Browser, selector: str, value: str, event: str) -> None:
    b.eval(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.value = {json.dumps(value)};"
           f" e.dispatchEvent(new Event({json.dumps(event)})); }})()")


def test_index_in_chromium(site: dict[str, Any], browser: Browser) -> None:
    root: Path = site["root"]
    index = (root / "index.html").as_uri()
    browser.open(index)
    total = len(site["specs"])
    status = _status(browser)
    assert status["matches"] == total and status["pages"] == -(-total // 100)
    # every page of rows renders, and together they are every release exactly once
    seen: list[str] = []
    hrefs: set[str] = set()
    for page in range(status["pages"]):
        assert _status(browser)["page"] == page + 1
        seen += [cells[0] for cells in _visible(browser)]
        hrefs |= set(browser.eval("Array.from(document.querySelectorAll('#board tbody a')).map(a => a.href)"))
        browser.eval("document.getElementById('next').click()")
    assert browser.eval("document.getElementById('next').disabled") is True
    assert len(seen) == total
    expected = {r["source_id"] for r in site["rows"]}
    assert expected <= set(seen)
    assert browser.eval("window.PWNED") is None  # hostile text was shown, never run
    assert HOSTILE.replace("\u2028", "") in {c.replace("\u2028", "") for r in _all_cells(browser) for c in r}
    # every link resolves to a page that exists
    assert len(hrefs) == total
    for href in hrefs:
        assert href.startswith(root.as_uri() + "/releases/"), href
        assert Path(href[len("file://"):].replace("%20", " ")).is_file(), href

    # the text filter narrows to exactly the matching releases
    _set(browser, "#filter", "org-7/", "input")
    want = sum(1 for r in site["rows"] if "org-7/" in r["source_id"])
    assert _status(browser)["matches"] == want and 0 < want < total
    assert all("org-7/" in cells[0] for cells in _visible(browser))
    _set(browser, "#filter", "", "input")
    # a facet, then the high-only box, narrow further
    _set(browser, "#facet-label", "closed", "change")
    closed = [r for r in site["rows"] if r["label"] == "closed" and not r["error"]]
    assert _status(browser)["matches"] == len(closed)
    browser.eval("document.getElementById('only-high').click()")
    assert _status(browser)["matches"] == sum(1 for r in closed if r["has_high"])
    browser.eval("document.getElementById('only-high').click()")
    _set(browser, "#facet-label", "", "change")
    assert _status(browser)["matches"] == total
    # sorting by EOSAI score: ascending then descending, empty values last
    heads = browser.eval("Array.from(document.querySelectorAll('#board th')).map(th => th.dataset.key)")
    col = heads.index("eosai")
    browser.eval(f"document.querySelectorAll('#board th button')[{col}].click()")
    first = [float(c[col]) for c in _visible(browser) if c[col] != "-"]
    assert first == sorted(first) and first[0] == 0.0
    browser.eval(f"document.querySelectorAll('#board th button')[{col}].click()")
    last = [float(c[col]) for c in _visible(browser) if c[col] != "-"]
    assert last == sorted(last, reverse=True) and last[0] >= 0.99

    # a release page and a full report open clean
    browser.open((root / page_path(REAL[0])).as_uri())
    assert "unveil audit" in browser.eval("document.title")
    for study in ("openness", "documentation", "security"):
        browser.open((root / "studies" / f"{study}.html").as_uri())
        assert browser.eval("document.querySelectorAll('figure.chart svg').length") >= 3
    assert browser.errors() == []
    assert all(u.startswith(("file://", "data:", "about:")) for u in browser.requested_urls())


def _all_cells(b: Browser) -> list[list[str]]:
    """Every row's cells, with the filter set to the hostile text's start (its rows only)."""
    _set(b, "#filter", "</script>", "input")
    cells = _visible(b)
    _set(b, "#filter", "", "input")
    return cells


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unveil.cli", *args], capture_output=True, text=True, timeout=120)


def test_sql_answers_from_the_rows_and_cannot_touch_files(site: dict[str, Any]) -> None:
    store = str(site["root"].parent / "store")
    proc = run_cli("report", store, "--sql", "SELECT label, count(*) AS n FROM rows WHERE error IS NULL "
                   "AND id LIKE 'synthetic/%' GROUP BY label ORDER BY label", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    counts: dict[str, int] = {}
    for r in site["rows"]:
        if not r["error"]:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
    assert {d["label"]: d["n"] for d in json.loads(proc.stdout)} == counts
    proc = run_cli("report", store, "--sql", "SELECT count(*) AS n FROM rows", "--format", "csv")
    assert proc.stdout.splitlines() == ["n", str(len(site["specs"]))]
    for sql in ("COPY rows TO 'leak.csv'", "SELECT * FROM read_csv('/etc/hostname')",
                "SET enable_external_access = true", "SELECT nope FROM rows"):
        proc = run_cli("report", store, "--sql", sql)
        assert proc.returncode == 2 and "--sql:" in proc.stderr, (sql, proc.stderr)
    assert not Path("leak.csv").exists()


def test_chart_geometry_is_proportional_and_stacks_to_full_width() -> None:
    from unveil.survey import charts

    c = charts.bars("t", [("a", 50.0, "50%"), ("b", 25.0, "25%"), ("c", 0.0, "0%")], maximum=100.0,
                    markers={"a": (28.0, "ref")})
    assert [b.width for b in c.bars] == [charts.BAR_W / 2, charts.BAR_W / 4, 0.0]
    assert c.bars[0].marker == round(charts.BAR_W * 0.28, 1) and c.bars[1].marker is None
    s = charts.stacked("t", [("g1", {"x": 3, "y": 1}), ("g2", {"y": 2})], ["x", "y", "z"])
    assert [round(sum(seg.width for seg in r.segments), 6) for r in s.rows] == [charts.BAR_W, charts.BAR_W]
    assert [seg.share for seg in s.rows[0].segments] == [75.0, 25.0] and s.rows[1].total == 2
    assert [name for name, *_ in s.legend] == ["x", "y", "z"]


def test_groups_need_a_site_and_an_id_column(site: dict[str, Any], tmp_path: Path) -> None:
    store = str(site["root"].parent / "store")
    bad = tmp_path / "g.csv"
    bad.write_text("name,task\na,b\n", encoding="utf-8")
    proc = run_cli("report", store, "--groups", str(bad))
    assert proc.returncode == 2 and "--site" in proc.stderr
    proc = run_cli("report", store, "--site", str(tmp_path / "s"), "--groups", str(bad))
    assert proc.returncode == 2 and "`id` column" in proc.stderr
