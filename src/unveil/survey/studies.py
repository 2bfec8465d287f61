"""The study pages of the survey site: the figures a reader would quote, with breakdowns and charts.

Each study is DuckDB queries over the store's `rows` view (plus an optional `groups` table joined on
`id`, e.g. task and architecture from a collection's metadata). Shares are over audited releases;
failed audits are counted apart. Reference figures from the literature are drawn as marks beside
ours, never mixed into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unveil.survey import charts
from unveil.survey.charts import Chart
from unveil.survey.rows import DOC_TOPICS, SEVERITIES
from unveil.survey.summary import Summary, Table

OK = "error IS NULL"
MOF_NAMES = {1: "Class I", 2: "Class II", 3: "Class III"}
# Figures published elsewhere that our studies are set beside (value in %, what was said, where).
REFERENCE = {
    "data_quality": (28.0, "fewer than 28% of projects document data-quality concerns"),
    "code_high": (30.0, "over 30% of projects have high-severity code findings (Bandit, Flawfinder, Semgrep)"),
}
REFERENCE_SOURCE = "the article whose studies these rerun (issue 15)"
TOP_GROUPS = 12


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass
class Study:
    key: str
    title: str
    intro: str
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    method: list[str] = field(default_factory=list)


def _pct(part: float | None, whole: float | None) -> float:
    return round(100.0 * (part or 0) / whole, 1) if whole else 0.0


def _one(con: Any, sql: str) -> tuple:
    return con.execute(sql).fetchone()


def studies(con: Any, summary: Summary, group_columns: list[tuple[str, str]]) -> list[Study]:
    """The three studies; `group_columns`: (name shown, column of the `groups` table) to break shares down by."""
    n = summary.audited
    return [_openness(con, summary, n), _documentation(con, summary, n, group_columns),
            _security(con, summary, n, group_columns)]


def _dist(con: Any, expr: str, where: str = OK) -> list[tuple[str, int]]:
    return [(str(v), int(c)) for v, c in con.execute(
        f"SELECT {expr} AS v, count(*) AS c FROM rows WHERE {where} GROUP BY v ORDER BY c DESC, v").fetchall()]


def _share_bars(title: str, dist: list[tuple[str, int]], n: int, **kw: Any) -> Chart:
    return charts.bars(title, [(k, _pct(c, n), f"{_pct(c, n)}% ({c})") for k, c in dist], maximum=100.0,
                       axis="% of audited releases", **kw)


def _method(summary: Summary) -> list[str]:
    return [f"{summary.total} releases in the store, {summary.audited} audited, {summary.failed} failed "
            "(failed audits are not counted as closed, undocumented or clean; they are left out of every share).",
            f"Shards finished: {summary.shards_finished} of {summary.shards_total or '?'}"
            + (f"; unfinished shards are not counted ({', '.join(summary.unfinished)})" if summary.unfinished else "")
            + "."]


def _openness(con: Any, s: Summary, n: int) -> Study:
    study = Study("openness", "Openness", "How open the surveyed releases are: the plain label, OSAID 1.0, the "
                  "Model Openness Framework class, and the licence of the weights.")
    meets, washing, licensed = _one(con, f"""SELECT count(*) FILTER (WHERE osaid = 'meets'),
        count(*) FILTER (WHERE openwashing), count(*) FILTER (WHERE weights_license IS NOT NULL)
        FROM rows WHERE {OK}""")
    study.figures = [Figure("meet OSAID 1.0", f"{_pct(meets, n)}%", f"{meets} of {n}"),
                     Figure("flagged for openwashing", f"{_pct(washing, n)}%", f"{washing} of {n}"),
                     Figure("name a weights licence", f"{_pct(licensed, n)}%", f"{licensed} of {n}")]
    labels = _dist(con, "coalesce(label, 'unknown')")
    categories = _dist(con, "coalesce(weights_license_category, 'none found')")
    mof = [(MOF_NAMES.get(int(k), "unclassified") if k.isdigit() else "unclassified", c)
           for k, c in _dist(con, "coalesce(mof_class, 0)")]
    study.charts = [
        _share_bars("Openness labels", labels, n),
        _share_bars("OSAID 1.0 verdicts", _dist(con, "coalesce(osaid, 'insufficient-evidence')"), n),
        _share_bars("MOF classes", mof, n),
        _share_bars("Weights licence categories", categories, n),
        charts.stacked("Weights licence category by openness label",
                       _cross(con, "coalesce(label, 'unknown')", "coalesce(weights_license_category, 'none found')"),
                       [k for k, _ in categories], caption="Each bar is one label's releases (total at the right)."),
        charts.histogram("EOSAI score", _bins(con, "eosai_score", [0, 0.1, 0.25, 0.5, 0.75, 1.0]), axis="releases"),
    ]
    study.tables = [t for t in s.tables if t.key in ("labels", "osaid", "mof", "licenses", "weights_license")]
    study.method = _method(s)
    return study


def _documentation(con: Any, s: Summary, n: int, group_columns: list[tuple[str, str]]) -> Study:
    study = Study("documentation", "Documentation", "Which topics the model cards document: data quality, "
                  "training data, limitations, bias, evaluation and intended use.")
    counts = dict(zip(DOC_TOPICS, _one(con, "SELECT " + ", ".join(
        f"count(*) FILTER (WHERE doc_{t})" for t in DOC_TOPICS) + f" FROM rows WHERE {OK}"), strict=True))
    (mean,) = _one(con, f"SELECT round(avg(doc_score), 1) FROM rows WHERE {OK}")
    ref_value, ref_text = REFERENCE["data_quality"]
    study.figures = [
        Figure("document data quality", f"{_pct(counts['data_quality'], n)}%",
               f"{counts['data_quality']} of {n}; reference: {ref_text}"),
        Figure("mean documentation score", f"{mean if mean is not None else 'n/a'}", "0–100"),
        Figure("document none of the six topics", f"{_pct(_topics_count(con, 0), n)}%"),
    ]
    topic_items = [(t.replace("_", " "), _pct(counts[t], n), f"{_pct(counts[t], n)}% ({counts[t]})")
                   for t in DOC_TOPICS]
    study.charts = [
        charts.bars("Cards documenting each topic", topic_items, maximum=100.0, axis="% of audited releases",
                    markers={"data quality": (ref_value, f"reference <{ref_value:g}%")},
                    caption=f"Dashed mark: {ref_text} ({REFERENCE_SOURCE})."),
        charts.histogram("Number of the six topics documented",
                         [(str(k), _topics_count(con, k)) for k in range(len(DOC_TOPICS) + 1)], axis="releases"),
        charts.histogram("Documentation score", _bins(con, "doc_score", [0, 10, 25, 50, 75, 100]), axis="releases"),
    ]
    study.tables = [t for t in s.tables if t.key == "documentation"]
    dq = 3 + DOC_TOPICS.index("data_quality")  # the data-quality share's column in the by-group table
    for column, sql_column in group_columns:
        table = _topics_by_group(con, column, sql_column)
        study.tables.append(table)
        study.charts.append(charts.bars(
            f"Data quality documented, by {column} (top {TOP_GROUPS})",
            [(str(r[0]), float(r[dq]), f"{r[dq]}% of {r[1]}") for r in table.rows], maximum=100.0,
            markers={str(r[0]): (ref_value, "") for r in table.rows}, axis="% of the group's audited releases",
            caption=f"Dashed mark: the reference figure ({ref_value:g}%)."))
    study.method = [*_method(s), "A topic counts as documented when unveil's documentation analyzer finds a "
                    "section or passage that covers it (the evidence is in each release's report); a heading "
                    "with template filler does not count."]
    return study


def _security(con: Any, s: Summary, n: int, group_columns: list[tuple[str, str]]) -> Study:
    study = Study("security", "Security", "Static findings in artifacts and bundled code (nothing is loaded or "
                  "run): releases by worst severity, and high-severity code findings by scanner.")
    code_expr = "coalesce(code_high_bandit, 0) + coalesce(code_high_flawfinder, 0) + coalesce(code_high_semgrep, 0)"
    high, code_high, remote = _one(con, f"""SELECT count(*) FILTER (WHERE has_high),
        count(*) FILTER (WHERE {code_expr} > 0), count(*) FILTER (WHERE remote_code) FROM rows WHERE {OK}""")
    ref_value, ref_text = REFERENCE["code_high"]
    study.figures = [Figure("a high or critical finding", f"{_pct(high, n)}%", f"{high} of {n}"),
                     Figure("a high-severity code finding", f"{_pct(code_high, n)}%",
                            f"{code_high} of {n}; reference: {ref_text}"),
                     Figure("ship remote code", f"{_pct(remote, n)}%", f"{remote} of {n}")]
    worst = "CASE " + " ".join(f"WHEN findings_{sv} > 0 THEN '{sv}'" for sv in SEVERITIES) + " ELSE 'none' END"
    worst_dist = dict(_dist(con, worst))
    order = [*SEVERITIES, "none"]
    scanners = [(name, _one(con, f"SELECT count(*) FILTER (WHERE coalesce(code_high_{name}, 0) > 0) "
                                 f"FROM rows WHERE {OK}")[0]) for name in ("bandit", "flawfinder", "semgrep")]
    study.charts = [
        _share_bars("Releases by worst finding", [(k, worst_dist.get(k, 0)) for k in order], n),
        charts.bars("Releases with a high-severity code finding, by scanner",
                    [*((k, _pct(c, n), f"{_pct(c, n)}% ({c})") for k, c in scanners),
                     ("any scanner", _pct(code_high, n), f"{_pct(code_high, n)}% ({code_high})")],
                    maximum=100.0, axis="% of audited releases",
                    markers={"any scanner": (ref_value, f"reference >{ref_value:g}%")},
                    caption=f"Dashed mark: {ref_text} ({REFERENCE_SOURCE})."),
        charts.stacked("Worst finding by weights licence category",
                       _cross(con, "coalesce(weights_license_category, 'none found')", worst), order),
    ]
    for column, sql_column in group_columns:
        by_group = _cross(con, f"coalesce(g.{sql_column}, 'not in the groups file')", worst, join=True)
        study.charts.append(charts.stacked(f"Worst finding by {column} (top {TOP_GROUPS})", by_group, order))
    study.tables = [t for t in s.tables if t.key == "severity"]
    study.method = [*_method(s), "Severity is the scanner's own, mapped onto unveil's scale (critical, high, "
                    "medium, low, info); suppressed findings are not counted. A code finding is high when its "
                    "scanner rates it high or critical."]
    return study


def _cross(con: Any, group: str, category: str, *, join: bool = False) -> list[tuple[str, dict[str, int]]]:
    """Counts of `category` within each of the largest groups (by size), as stacked-bar input."""
    source = "rows r LEFT JOIN groups g ON g.id = r.id" if join else "rows r"
    data = con.execute(f"""WITH t AS (SELECT {group} AS g, {category} AS c FROM {source} WHERE r.{OK}),
        top AS (SELECT g, count(*) AS n FROM t GROUP BY g ORDER BY n DESC, g LIMIT {TOP_GROUPS})
        SELECT t.g, t.c, count(*) FROM t JOIN top USING (g) GROUP BY t.g, t.c, top.n ORDER BY top.n DESC, t.g""")
    out: dict[str, dict[str, int]] = {}
    for g, c, k in data.fetchall():
        out.setdefault(str(g), {})[str(c)] = int(k)
    return list(out.items())


def _topics_count(con: Any, k: int) -> int:
    expr = " + ".join(f"coalesce(doc_{t}::INT, 0)" for t in DOC_TOPICS)
    return int(_one(con, f"SELECT count(*) FROM rows WHERE {OK} AND {expr} = {int(k)}")[0])


def _bins(con: Any, column: str, edges: list[float]) -> list[tuple[str, int]]:
    """Counts in [lo, hi) per pair of edges; the last bin includes its upper edge (a perfect score)."""
    out = []
    for i, (lo, hi) in enumerate(zip(edges, edges[1:], strict=False)):
        upper = "<=" if i == len(edges) - 2 else "<"
        (c,) = _one(con, f"SELECT count(*) FROM rows WHERE {OK} AND {column} >= {lo} AND {column} {upper} {hi}")
        out.append((f"{lo:g}–{hi:g}", int(c)))
    return out


def _topics_by_group(con: Any, column: str, sql_column: str) -> Table:
    cols = ", ".join(f"round(100.0 * count(*) FILTER (WHERE doc_{t}) / count(*), 1)" for t in DOC_TOPICS)
    data = con.execute(f"""SELECT coalesce(g.{sql_column}, 'not in the groups file') AS v, count(*) AS n,
            count(*) FILTER (WHERE doc_data_quality) AS dq, {cols}
        FROM rows r LEFT JOIN groups g ON g.id = r.id WHERE r.{OK}
        GROUP BY v ORDER BY n DESC, v LIMIT {TOP_GROUPS}""").fetchall()
    rows = [[v, n, dq, *shares] for v, n, dq, *shares in data]
    return Table(f"by_{column}", f"Topics documented by {column} (% of the group, top {TOP_GROUPS})",
                 [column, "releases", "data quality (n)", *(f"{t.replace('_', ' ')} %" for t in DOC_TOPICS)], rows)
