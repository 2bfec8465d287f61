"""`unveil report STORE --sql "..."`: ad-hoc questions to a survey store through DuckDB's Python API.

The finished shards are loaded into the table `rows` (one row per release, the columns of
`unveil.survey.rows.COLUMNS`); then DuckDB's access to files and extensions is switched off and locked,
so a query can read the survey but cannot read or write anything else on the machine.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from unveil.errors import EXIT_NOTHING, EXIT_OK, UsageError
from unveil.survey.rows import COLUMNS
from unveil.survey.store import Store
from unveil.survey.summary import Table, _text_table

FORMATS = ("text", "csv", "json")


def query(store: Store, sql: str, fmt: str = "text") -> tuple[str, int]:
    """The query's result rendered as `fmt`; exit 0 with rows, 4 when it returned none."""
    if fmt not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)} with --sql, not {fmt!r}")
    if not sql.strip():
        raise UsageError("--sql needs a query, e.g. \"SELECT label, count(*) FROM rows GROUP BY label\"")
    # lazy: optional extra (survey: duckdb)
    import duckdb

    files = store.parquet_files()
    con = duckdb.connect()
    try:
        if files:
            con.execute("CREATE TABLE rows AS SELECT * FROM read_parquet(?, union_by_name=true)",
                        [[str(p) for p in files]])
        else:  # an empty store still answers, with no rows

            types = {"string": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN"}
            con.execute("CREATE TABLE rows (" + ", ".join(f"{k} {types[v]}" for k, v in COLUMNS.items()) + ")")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        try:
            cur = con.execute(sql)
        except duckdb.Error as exc:
            raise UsageError(f"--sql: {str(exc).splitlines()[0]}") from exc
        if cur.description is None:
            return "", EXIT_NOTHING
        names = [d[0] for d in cur.description]
        data = [list(r) for r in cur.fetchall()]
    finally:
        con.close()
    return _render(names, data, fmt), EXIT_OK if data else EXIT_NOTHING


def _render(names: list[str], data: list[list[Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(names, r, strict=True)) for r in data], ensure_ascii=False, default=str,
                          indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        writer.writerows(data)
        return buf.getvalue()
    text = _text_table(Table("sql", f"{len(data)} row(s)", names, [[_plain(v) for v in r] for r in data]))
    return text


def _plain(value: Any) -> Any:
    """Values for the text table: integers stay numbers (right-aligned); floats keep 6 significant digits."""
    if isinstance(value, float):
        return f"{value:.6g}"
    if value is None or isinstance(value, int | str):
        return value
    return str(value)
