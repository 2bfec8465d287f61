"""`unveil scan`: the security scan alone (the CI gate: of the CLI a scan imports only this and the group)."""

from __future__ import annotations

from pathlib import Path

from unveil.cli.common import (
    FILE,
    QUIET,
    VERBOSE,
    FailOn,
    ScanFormat,
    argument,
    choice,
    command,
    option,
    run_body,
    verbosity,
    write,
)


@command('scan')
@argument("paths", nargs=-1, required=True, metavar="PATH...", help="Files or folders to scan.")
@option("--format", "-f", "fmt", type=choice(ScanFormat), default="text", envvar="UNVEIL_SCAN_FORMAT",
         help="Output format.")
@option("-o", "--output", type=FILE, metavar="FILE", envvar="UNVEIL_SCAN_OUTPUT",
         help="Write the result to FILE ('-': stdout).")
@option("--fail-on", type=choice(FailOn), default="high", envvar=["UNVEIL_SCAN_FAIL_ON", "UNVEIL_FAIL_ON"],
         help="Exit 1 on a finding at or above this severity.")
@QUIET
@VERBOSE
def scan(paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str, quiet: bool, verbose: bool) -> None:
    """Security scan only: model artifacts and bundled code, never loaded."""

    def body() -> int:
        verbosity(quiet, verbose)
        # lazy: start-up (a command loads only what it runs)
        from unveil.commands.scan import run

        text, code = run(list(paths), fmt, fail_on)
        write(text, output)
        return code

    run_body(body)
