"""`unveil survey`: audit many releases into a store."""

from __future__ import annotations

from pathlib import Path

from unveil.cli.common import (
    DEADLINE,
    FILE,
    FILE_DEADLINE,
    Engine,
    argument,
    choice,
    command,
    hub_options,
    option,
    run_body,
)


@command('survey')
@argument("input_", metavar="INPUT", help="List file (txt/csv/json), folder of release folders, or hub:QUERY "
                                           "(e.g. hub:author=org).")
@option("--out", type=FILE, default=Path("unveil-survey"), metavar="DIR", envvar="UNVEIL_SURVEY_OUT",
         help="Store folder.")
@option("--workers", type=int, metavar="N", envvar="UNVEIL_WORKERS", help="Parallel audits (default: CPUs).")
@option("--engine", type=choice(Engine), default="local", envvar="UNVEIL_ENGINE", help="Where the audits run.")
@option("--shard", metavar="I/N", envvar="UNVEIL_SHARD", help="Run only shard i of N.")
@option("--keep-reports", is_flag=True, envvar="UNVEIL_SURVEY_KEEP_REPORTS", help="Also store each full JSON report.")
@DEADLINE
@FILE_DEADLINE
def survey(input_: str, out: Path, workers: int | None, engine: str, shard: str | None, keep_reports: bool,
           deadline: float | None, file_deadline: float | None) -> None:
    """Audit many releases into a resumable Parquet store (one file per shard)."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.survey.command import run_survey

        return run_survey(input_, out, workers, engine, shard, keep_reports=keep_reports,
                          hub=hub_options(deadline, file_deadline))

    run_body(body)
