"""Summary tables of a survey store: DuckDB queries over the finished shards' Parquet files.

Shares are over audited releases (rows without an error); failed releases are counted apart, so a
census never mistakes "could not audit" for "not open" or "no finding".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from unveil.survey.rows import DOC_TOPICS, SEVERITIES
from unveil.survey.store import Store

_MOF_NAMES = {1: "Class I", 2: "Class II", 3: "Class III"}


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    note: str | None = None


@dataclass
class Summary:
    store: str
    total: int = 0
    audited: int = 0
    failed: int = 0
    shards_total: int | None = None
    shards_finished: int = 0
    unfinished: list[str] = field(default_factory=list)
    headline: dict[str, float | None] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _share(part: int | None, whole: int) -> float | None:
    return round(100.0 * (part or 0) / whole, 1) if whole else None


def summarize(store: Store) -> Summary:
    manifest = store.manifest() or {}
    files = store.parquet_files()
    summary = Summary(store=str(store.root), shards_total=manifest.get("shards"), shards_finished=len(files))
    summary.unfinished = sorted(p.name for p in store.shards_dir.glob("shard-*.jsonl"))
    if not files:
        return summary
    # lazy: optional extra (survey: duckdb)
    import duckdb

    con = duckdb.connect()
    try:
        con.read_parquet([str(p) for p in files], union_by_name=True).create_view("rows")
        _fill(con, summary)
    finally:
        con.close()
    return summary


def _one(con: Any, sql: str) -> tuple:
    return con.execute(sql).fetchone()


def _fill(con: Any, s: Summary) -> None:
    s.total, s.failed = _one(con, "SELECT count(*), count(error) FROM rows")
    s.audited = s.total - s.failed
    ok = "error IS NULL"
    high, dq, ow, meets, code_high = _one(con, f"""
        SELECT count(*) FILTER (WHERE has_high), count(*) FILTER (WHERE doc_data_quality),
               count(*) FILTER (WHERE openwashing), count(*) FILTER (WHERE osaid = 'meets'),
               count(*) FILTER (WHERE coalesce(code_high_bandit, 0) + coalesce(code_high_flawfinder, 0)
                                      + coalesce(code_high_semgrep, 0) > 0)
        FROM rows WHERE {ok}""")
    n = s.audited
    s.headline = {
        "high_severity_share": _share(high, n),
        "data_quality_documented_share": _share(dq, n),
        "openwashing_share": _share(ow, n),
        "osaid_meets_share": _share(meets, n),
        "code_high_share": _share(code_high, n),
    }
    read, size = _one(con, "SELECT coalesce(sum(bytes_read), 0), coalesce(sum(total_bytes), 0) FROM rows")
    s.tables.append(Table("overview", "Survey", ["measure", "value"], [
        ["releases", s.total], ["audited", s.audited], ["failed", s.failed],
        ["shards finished", f"{s.shards_finished} of {s.shards_total or '?'}"],
        ["bytes read", read], ["total bytes", size],
    ], note=(f"unfinished shards not counted: {', '.join(s.unfinished)}" if s.unfinished else None)))
    s.tables.append(Table("headline", "Headline figures (% of audited releases)", ["figure", "count", "share %"], [
        ["a high or critical security finding", high, s.headline["high_severity_share"]],
        ["high code findings (bandit, flawfinder, semgrep)", code_high, s.headline["code_high_share"]],
        ["documents data quality", dq, s.headline["data_quality_documented_share"]],
        ["openwashing flagged", ow, s.headline["openwashing_share"]],
        ["meets OSAID 1.0", meets, s.headline["osaid_meets_share"]],
    ]))
    s.tables.append(_distribution(con, "labels", "Openness labels", "label", "coalesce(label, 'unknown')", n))
    s.tables.append(_distribution(con, "osaid", "OSAID 1.0 verdicts", "verdict",
                                  "coalesce(osaid, 'insufficient-evidence')", n))
    mof = _distribution(con, "mof", "MOF classes", "class", "mof_class", n)
    mof.rows = [[_MOF_NAMES.get(r[0], "unclassified"), *r[1:]] for r in mof.rows]
    s.tables.append(mof)
    s.tables.append(_distribution(con, "licenses", "Weights license categories", "category",
                                  "coalesce(weights_license_category, 'none found')", n))
    s.tables.append(_distribution(con, "weights_license", "Weights licenses (top 15)", "license",
                                  "coalesce(weights_license, 'none found')", n, limit=15))
    topics = []
    for topic in DOC_TOPICS:
        (count,) = _one(con, f"SELECT count(*) FILTER (WHERE doc_{topic}) FROM rows WHERE {ok}")
        topics.append([topic, count, _share(count, n)])
    (avg,) = _one(con, f"SELECT round(avg(doc_score), 1) FROM rows WHERE {ok}")
    s.tables.append(Table("documentation", "Documentation coverage", ["topic", "releases", "share %"], topics,
                          note=f"mean documentation score: {avg if avg is not None else 'n/a'}"))
    severities = []
    for sev in SEVERITIES:
        releases, findings = _one(con, f"SELECT count(*) FILTER (WHERE findings_{sev} > 0), "
                                       f"coalesce(sum(findings_{sev}), 0) FROM rows WHERE {ok}")
        severities.append([sev, releases, _share(releases, n), findings])
    s.tables.append(Table("severity", "Security findings by severity",
                          ["severity", "releases", "share %", "findings"], severities))
    s.tables.append(_distribution(con, "exit", "Exit statuses", "exit", "exit_status", s.total, where="TRUE"))
    errors = con.execute("SELECT error, count(*) AS c FROM rows WHERE error IS NOT NULL "
                         "GROUP BY error ORDER BY c DESC, error LIMIT 10").fetchall()
    if errors:
        s.tables.append(Table("errors", "Most common errors", ["error", "releases"], [list(e) for e in errors]))


def _distribution(con: Any, key: str, title: str, name: str, expr: str, whole: int, *,
                  where: str = "error IS NULL", limit: int | None = None) -> Table:
    sql = (f"SELECT {expr} AS v, count(*) AS c FROM rows WHERE {where} GROUP BY v "
           f"ORDER BY c DESC, v NULLS LAST" + (f" LIMIT {limit}" if limit else ""))
    rows = [[v, c, _share(c, whole)] for v, c in con.execute(sql).fetchall()]
    return Table(key, title, [name, "releases", "share %"], rows)


def render_text(summary: Summary) -> str:
    if not summary.total:
        extra = f" ({len(summary.unfinished)} unfinished shard(s))" if summary.unfinished else ""
        return f"No finished shards in {summary.store}{extra}.\n"
    blocks = [_text_table(t) for t in summary.tables]
    return "\n".join(blocks)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _text_table(table: Table) -> str:
    cells = [[_cell(v) for v in row] for row in table.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
    numeric = [all(isinstance(r[i], int | float) or r[i] is None for r in table.rows) for i in range(len(widths))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True))

    out = [table.title, "-" * len(table.title), line(table.columns).rstrip()]
    out += [line(r).rstrip() for r in cells]
    if table.note:
        out.append(f"({table.note})")
    return "\n".join(out) + "\n"
