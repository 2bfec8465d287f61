"""Command line: parse arguments, call the service, render, exit with the contract's codes.

No logic lives here. Results go to stdout or -o; logs and progress go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from unveil.errors import EXIT_GATE, EXIT_INCOMPLETE, EXIT_NOTHING, EXIT_OK, UnveilError, UsageError
from unveil.report import SEVERITY_ORDER, Report
from unveil.version import __version__

app = typer.Typer(
    name="unveil",
    help="Audit AI model releases: openness, licenses, security, documentation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

_DEBUG = {"on": False}
SEVERITIES = tuple(SEVERITY_ORDER)
# Unreadable kinds that make an audit incomplete (exit 3); "missing"/"pointer" are only reported.
INCOMPLETE_KINDS = ("access-denied", "rate-limited", "error")


def _fail(message: str, code: int) -> typer.Exit:
    print(f"unveil: error: {message}", file=sys.stderr)
    return typer.Exit(code)


def _run(action: Callable[[], int]) -> None:
    """Run a command body: contract exit codes, one clear line on error, traceback only with --debug."""
    try:
        code = action()
    except UnveilError as exc:
        if _DEBUG["on"]:
            raise
        raise _fail(exc.message, exc.exit_code) from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None
    except Exception as exc:  # never a traceback for users; --debug shows it
        if _DEBUG["on"]:
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug)", EXIT_INCOMPLETE) from None
    raise typer.Exit(code)


def _check_severity(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if value.lower() not in SEVERITY_ORDER:
        raise UsageError(f"--fail-on must be one of {', '.join(SEVERITIES)}, not {value!r}")
    return value.lower()


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _color_for(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str], None]]:
    """A spinner on stderr, only when stderr is a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield lambda _msg: None
        return
    from rich.console import Console

    console = Console(stderr=True, no_color="NO_COLOR" in os.environ)
    with console.status("starting") as status:
        yield lambda msg: status.update(msg)


def _render(report: Report, fmt: str, output: Path | None) -> str:
    from unveil.render import renderer

    render = renderer(fmt)
    if fmt == "text":
        return render(report, color=_color_for(output))  # type: ignore[call-arg]
    return render(report)


def _gate(report: Report, fail_on: str | None, policy_violations: list[str]) -> int:
    if report.source.files == 0 and report.source.kind != "declared":
        return EXIT_NOTHING
    if fail_on:
        threshold = SEVERITY_ORDER[fail_on]
        if any(SEVERITY_ORDER[f.severity] >= threshold for f in report.security.findings if not f.suppressed):
            return EXIT_GATE
    if policy_violations:
        return EXIT_GATE
    if any(i.reason.startswith(INCOMPLETE_KINDS) for i in report.inconclusive):
        return EXIT_INCOMPLETE
    return EXIT_OK


@app.callback()
def main_callback(
    debug: Annotated[bool, typer.Option("--debug", envvar="UNVEIL_DEBUG", help="Show tracebacks.")] = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    _DEBUG["on"] = debug
    if version:
        print(f"unveil {__version__}")
        raise typer.Exit(0)


@app.command()
def audit(
    source: Annotated[str, typer.Argument(help="Folder, ORG/NAME[@REV] on the Hub, git URL, or MOT YAML.")],
    fmt: Annotated[str, typer.Option("--format", "-f", envvar="UNVEIL_FORMAT",
                                     help="text|json|html|sarif|cyclonedx|mot")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", envvar="UNVEIL_OUTPUT",
                                                help="Write the report to FILE.")] = None,
    policy: Annotated[Path | None, typer.Option("--policy", envvar="UNVEIL_POLICY",
                                                help="Policy file (YAML) to gate on.")] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", envvar="UNVEIL_FAIL_ON",
                                                help="Exit 1 on a finding at or above this severity.")] = None,
    revision: Annotated[str | None, typer.Option("--revision", envvar="UNVEIL_REVISION",
                                                 help="Revision for Hub or git sources.")] = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", envvar="UNVEIL_FOLLOW_LINKS",
                                               help="Fetch the Hub dataset cards the model card names.")] = False,
    config: Annotated[Path | None, typer.Option("--config", envvar="UNVEIL_CONFIG",
                                                help="Suppressions file (default: .unveil.toml or "
                                                     "[tool.unveil] in ./pyproject.toml).")] = None,
) -> None:
    """Audit a release: openness, licenses, security and documentation."""

    def body() -> int:
        threshold = _check_severity(fail_on)
        from unveil.render import renderer
        from unveil.service import audit as run_audit
        from unveil.suppressions import load_config

        renderer(fmt)  # fail fast on an unknown format, before any work
        suppressions = load_config(config)
        with _progress(True) as step:
            report = run_audit(source, revision=revision, progress=step, suppressions=suppressions,
                               follow_links=follow_links)
        violations = _check_policy(report, policy)
        _write(_render(report, fmt, output), output)
        for line in violations:
            print(f"unveil: policy: {line}", file=sys.stderr)
        return _gate(report, threshold, violations)

    _run(body)


def _check_policy(report: Report, policy: Path | None) -> list[str]:
    if policy is None:
        return []
    from unveil.policy import apply

    return apply(policy, report)


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to scan.")],
    fmt: Annotated[str, typer.Option("--format", "-f", envvar="UNVEIL_SCAN_FORMAT", help="text|json|sarif")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", envvar="UNVEIL_OUTPUT")] = None,
    fail_on: Annotated[str, typer.Option("--fail-on", envvar="UNVEIL_FAIL_ON",
                                         help="Exit 1 on a finding at or above this severity "
                                              "(or 'none').")] = "high",
) -> None:
    """Security scan only: model artifacts and bundled code, never loaded."""

    def body() -> int:
        # "none" reports without gating (the command's logic accepts it); anything else must be a severity.
        threshold = "none" if fail_on.lower() == "none" else (_check_severity(fail_on) or "high")
        from unveil.commands.scan import run

        text, code = run(paths, fmt, threshold)
        _write(text, output)
        return code

    _run(body)


@app.command("license")
def license_(
    paths: Annotated[list[str], typer.Argument(help="License files or folders.")],
    fmt: Annotated[str, typer.Option("--format", "-f", envvar="UNVEIL_LICENSE_FORMAT", help="text|json")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", envvar="UNVEIL_OUTPUT")] = None,
) -> None:
    """Identify license texts: id, SPDX id, category, OSI approval, restriction clauses."""

    def body() -> int:
        from unveil.commands.license import run

        text, code = run(paths, fmt)
        _write(text, output)
        return code

    _run(body)


@app.command()
def survey(
    input_: Annotated[str, typer.Argument(metavar="INPUT", help="List file (txt/csv/json), folder of release "
                                                                "folders, or hub:QUERY (e.g. hub:author=org).")],
    out: Annotated[Path, typer.Option("--out", envvar="UNVEIL_SURVEY_OUT", help="Store folder.")] = Path(
        "unveil-survey"),
    workers: Annotated[int | None, typer.Option("--workers", envvar="UNVEIL_WORKERS",
                                                help="Parallel audits (default: CPUs).")] = None,
    engine: Annotated[str, typer.Option("--engine", envvar="UNVEIL_ENGINE", help="local|ray")] = "local",
    shard: Annotated[str | None, typer.Option("--shard", envvar="UNVEIL_SHARD",
                                              help="Run only shard i of N (i/N).")] = None,
    keep_reports: Annotated[bool, typer.Option("--keep-reports", envvar="UNVEIL_SURVEY_KEEP_REPORTS",
                                               help="Also store each full JSON report.")] = False,
) -> None:
    """Audit many releases into a resumable Parquet store (one file per shard)."""

    def body() -> int:
        from unveil.survey.command import run_survey

        return run_survey(input_, out, workers, engine, shard, keep_reports=keep_reports)

    _run(body)


@app.command()
def report(
    store: Annotated[Path, typer.Argument(help="A survey store folder (from unveil survey --out).")],
    html: Annotated[Path | None, typer.Option("--html", envvar="UNVEIL_REPORT_HTML",
                                              help="Also write an HTML summary with plots.")] = None,
) -> None:
    """Summary tables of a survey store (labels, OSAID, MOF, licenses, findings, documentation)."""

    def body() -> int:
        from unveil.survey.command import run_report

        text, code = run_report(store, html)
        _write(text, None)
        return code

    _run(body)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", envvar="UNVEIL_OUTPUT")] = None,
) -> None:
    """Print the JSON Schema of the report."""

    def body() -> int:
        from unveil.report import json_schema

        _write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", output)
        return EXIT_OK

    _run(body)


@app.command()
def rules(
    fmt: Annotated[str, typer.Option("--format", "-f", envvar="UNVEIL_FORMAT", help="text|json|markdown")] = "text",
) -> None:
    """List every rule id with its severity and rationale (markdown: the reference in docs/rules.md)."""

    def body() -> int:
        from unveil.registry import all_rules

        items = all_rules()
        if fmt == "json":
            payload: list[dict[str, Any]] = [
                {"id": r.id, "severity": r.severity, "title": r.title, "rationale": r.rationale,
                 "clause": r.clause, "remediation": r.remediation, "help_uri": r.help_uri} for r in items
            ]
            _write(json.dumps(payload, indent=2) + "\n", None)
        elif fmt == "text":
            _write("".join(f"{r.id:8} {r.severity:8} {r.title}\n" for r in items), None)
        elif fmt == "markdown":
            from unveil.rules import reference_markdown

            _write(reference_markdown(items), None)
        else:
            raise UsageError(f"unknown format {fmt!r}; choose text, json or markdown")
        return EXIT_OK

    _run(body)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
