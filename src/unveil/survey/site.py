"""`unveil report STORE --site DIR`: a static leaderboard site of a survey (no server, no network).

    DIR/index.html                 the leaderboard: every release, sortable, filterable, paged
    DIR/assets/site.js             the table's script (DOM text nodes only, never HTML from data)
    DIR/data/rows.js               the rows as one JSON value (escaped for a script context)
    DIR/studies/*.html             openness, documentation, security: figures, tables, SVG charts
    DIR/releases/XX/NAME.html      one page per release: its full audit report when the survey kept
                                   reports (`--keep-reports`), else a page of its survey row

Every value from a release is untrusted: pages are Jinja templates with autoescape, the data file is
`script_json` (no `</script>`, no U+2028/9), and the script writes it with `textContent` only. Pages
carry a Content-Security-Policy that allows only the site's own script files; it works from file://.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from unveil import __version__
from unveil.errors import UsageError
from unveil.render.html import render as render_report
from unveil.render.templating import environment, script_json
from unveil.report import Report
from unveil.survey.rows import DOC_TOPICS, SEVERITIES, report_filename
from unveil.survey.store import Store
from unveil.survey.studies import Study, studies
from unveil.survey.summary import Summary, summarize

# What the leaderboard shows, in order: (key in data, heading, type for sorting).
COLUMNS = (("release", "Release", "text"), ("label", "Label", "text"), ("osaid", "OSAID 1.0", "text"),
           ("mof", "MOF class", "num"), ("eosai", "EOSAI score", "num"), ("license", "Weights license", "text"),
           ("category", "License category", "text"), ("critical", "Critical", "num"), ("high", "High", "num"),
           ("medium", "Medium", "num"), ("low", "Low", "num"), ("doc", "Doc score", "num"),
           ("topics", "Documented topics", "text"), ("error", "Error", "text"))
PAGE_SIZE = 100


@dataclass
class SiteResult:
    releases: int
    full_reports: int
    pages: list[str]


def build_site(store: Store, out: Path, groups: Path | None = None) -> SiteResult:
    """Write the site of `store` into `out` (created; an older site's pages there are overwritten)."""
    # lazy: optional extra (survey: duckdb)
    import duckdb

    summary = summarize(store)
    con = duckdb.connect()
    try:
        files_ = store.parquet_files()
        if files_:
            con.read_parquet([str(p) for p in files_], union_by_name=True).create_view("rows")
        group_columns = _load_groups(con, groups) if groups and files_ else []
        rows = _rows(con, _input_folder(store)) if files_ else []
        study_list = studies(con, summary, group_columns) if files_ else []
    finally:
        con.close()

    out.mkdir(parents=True, exist_ok=True)
    for sub in ("assets", "data", "studies", "releases"):
        (out / sub).mkdir(exist_ok=True)
    env = environment()
    common = {"summary": summary, "studies": study_list, "version": __version__, "store": store.root.name}
    full = _write_release_pages(env, store, out, rows, common)
    # Rows as arrays in COLUMNS order, then the page path: about half the size of objects at 25,000 rows.
    table = [[r[key] for key, _, _ in COLUMNS] + [r["page"]] for r in rows]
    _write(out / "data" / "rows.js", f"window.UNVEIL_SITE = {script_json({'columns': COLUMNS, 'rows': table})};\n")
    templates = files("unveil.render") / "templates"
    shutil.copyfile(str(templates / "site.js"), out / "assets" / "site.js")
    shutil.copyfile(str(templates / "_style.css"), out / "assets" / "style.css")  # the audit report's style
    _write(out / "index.html", env.get_template("site_index.html.j2").render(
        **common, root="", columns=COLUMNS, page_size=PAGE_SIZE, total=len(rows), facets=_facets(rows)))
    for study in study_list:
        _write(out / "studies" / f"{study.key}.html",
               env.get_template("site_study.html.j2").render(**common, root="../", study=study))
    pages = ["index.html", *(f"studies/{s.key}.html" for s in study_list)]
    return SiteResult(releases=len(rows), full_reports=full, pages=pages)


def page_path(spec: str) -> str:
    """The release page's path inside the site: safe characters only, spread over 256 folders."""
    name = report_filename(spec)[: -len(".json")]
    return f"releases/{hashlib.sha256(spec.encode()).hexdigest()[:2]}/{name}.html"


def _input_folder(store: Store) -> str | None:
    """The survey's INPUT when it was a folder of releases: rows then show names relative to it."""
    value = str((store.manifest() or {}).get("input") or "")
    return value.rstrip("/") + "/" if value and not value.startswith("hub:") and Path(value).is_dir() else None


def _rows(con: Any, folder: str | None) -> list[dict[str, Any]]:
    topics = " || ".join(f"CASE WHEN doc_{t} THEN '{t.replace('_', ' ')}, ' ELSE '' END" for t in DOC_TOPICS)
    sql = f"""SELECT * EXCLUDE (t), rtrim(t, ', ') AS topics FROM (
        SELECT id, coalesce(source_id, id) AS release, label, osaid, mof_class AS mof,
               round(eosai_score, 2) AS eosai, weights_license AS license, weights_license_category AS category,
               {', '.join(f'findings_{s} AS {s}' for s in SEVERITIES)},
               round(doc_score, 1) AS doc, {topics} AS t, error,
               {', '.join(f'doc_{t}' for t in DOC_TOPICS)}, files, seconds, kind, revision,
               {', '.join(f'code_high_{s}' for s in ('bandit', 'flawfinder', 'semgrep'))},
               openwashing, remote_code, exit_status, inconclusive
        FROM rows) ORDER BY release, id"""
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    out = []
    for values in cur.fetchall():
        row = dict(zip(names, values, strict=True))
        if row["error"] is not None:
            row["topics"] = None
        if folder and row["release"].startswith(folder):
            row["release"] = row["release"][len(folder):]
        row["page"] = page_path(row["id"])
        out.append(row)
    return out


def _facets(rows: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The values the index's drop-down filters offer."""
    return {key: sorted({str(r[key]) for r in rows if r[key] is not None}) for key in ("label", "osaid", "category")}


def _load_groups(con: Any, path: Path) -> list[tuple[str, str]]:
    """A CSV mapping release ids to groups (task, architecture...): an `id` column plus group columns.

    Loaded as table `groups(id, grp0, grp1, ...)` (one row per id), so a column's name from the file is
    only ever displayed, never spliced into SQL. Returns (name, SQL column) pairs.
    """

    try:
        with path.open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh), [])
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if "id" not in header:
        raise UsageError(f"{path}: a groups file needs an `id` column")
    con.execute("CREATE TABLE raw_groups AS SELECT * FROM read_csv(?, header=true, all_varchar=true)", [str(path)])
    described = [d[0] for d in con.execute("SELECT * FROM raw_groups LIMIT 0").description]
    if "id" not in described:
        raise UsageError(f"{path}: a groups file needs an `id` column")
    names = [c for c in described if c != "id"]
    picks = "".join(f", {_quote(c)} AS grp{i}" for i, c in enumerate(names))
    con.execute(f"CREATE TABLE groups AS SELECT DISTINCT ON (id) id{picks} FROM raw_groups")
    return [(name, f"grp{i}") for i, name in enumerate(names)]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _write_release_pages(env: Any, store: Store, out: Path, rows: list[dict[str, Any]],
                         common: dict[str, Any]) -> int:

    page = env.get_template("site_release.html.j2")
    full = 0
    for row in rows:
        target = out / row["page"]
        target.parent.mkdir(exist_ok=True)
        kept = store.reports_dir / report_filename(row["id"])
        html = None
        if kept.is_file():
            try:
                html = render_report(Report.model_validate_json(kept.read_bytes()))
                full += 1
            except Exception:  # noqa: BLE001 - a damaged report, or one from another unveil version:
                html = None  # the row's page instead; the site never fails on one release
        if html is None:
            html = page.render(**common, row=row, root="../../", topics=DOC_TOPICS, severities=SEVERITIES)
        _write(target, html)
    return full


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


__all__ = ["COLUMNS", "SiteResult", "Study", "Summary", "build_site", "page_path"]
