"""`unveil report`: summary tables of a survey store."""

from __future__ import annotations

from pathlib import Path

from unveil.cli.common import FILE, argument, command, option, run_body, write
from unveil.errors import UsageError


@command('report')
@argument("store", type=FILE, metavar="STORE", help="A survey store folder (from unveil survey --out).")
@option("--html", type=FILE, metavar="FILE", envvar="UNVEIL_REPORT_HTML",
         help="Also write a one-page HTML summary with charts.")
@option("--site", type=FILE, metavar="DIR", envvar="UNVEIL_REPORT_SITE",
         help="Also write a static leaderboard site into DIR.")
@option("--groups", type=FILE, help="CSV of id + group columns (task, architecture...) to break the site's "
                                      "studies down by.")
@option("--sql", help="Run one DuckDB query over the table `rows` and print its result instead of the summary.")
@option("--format", "-f", "fmt", default="text", help="text|csv|json (with --sql)")
def report(store: Path, html: Path | None, site: Path | None, groups: Path | None, sql: str | None,
           fmt: str) -> None:
    """Summary tables of a survey store (labels, OSAID, MOF, licenses, findings, documentation)."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.survey.command import run_report, run_sql

        if sql is not None:
            if html is not None or site is not None:
                raise UsageError("--sql prints a query's result: use --html/--site in another run")
            text, code = run_sql(store, sql, fmt)
        else:
            text, code = run_report(store, html, site, groups)
        write(text, None)
        return code

    run_body(body)
