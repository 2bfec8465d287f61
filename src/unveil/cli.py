"""Command line: parse arguments, call the service, render, exit with the contract's codes.

No logic lives here. Results go to stdout or -o; logs, progress and errors go to stderr. Imports
are lazy (inside the commands) so that `unveil scan x.pkl` pays only for what it uses.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from unveil.errors import EXIT_INTERNAL, EXIT_NOTHING, EXIT_OK, UnveilError, UsageError
from unveil.version import __version__

if TYPE_CHECKING:
    from unveil.report import Report
    from unveil.service import ProgressEvent

app = typer.Typer(
    name="unveil",
    help="Audit AI model releases: openness, licenses, security, documentation.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_STATE: dict[str, Any] = {"debug": False, "quiet": False, "verbose": False}

# Allowed values, listed in --help and matched case-insensitively. The audit formats are the renderer
# registry's keys (unveil.render.RENDERERS); a test keeps this list in sync with it.
AuditFormat = Literal["text", "json", "html", "sarif", "cyclonedx", "mot", "badge"]
ScanFormat = Literal["text", "json", "sarif"]
LicenseFormat = Literal["text", "json"]
RulesFormat = Literal["text", "json", "markdown"]
FailOn = Literal["critical", "high", "medium", "low", "info", "none"]
Engine = Literal["local", "ray"]

# Every option has a per-command variable first; the old generic ones still work where they cannot clash
# (audit only: `UNVEIL_FORMAT=html` must not break `unveil rules`, `UNVEIL_OUTPUT` must not let
# `unveil schema` overwrite a report).
_QUIET = typer.Option("--quiet", "-q", envvar="UNVEIL_QUIET", help="Only results and errors: no progress, no notes.")
_VERBOSE = typer.Option("--verbose", "-v", envvar="UNVEIL_VERBOSE", help="Log what unveil does (stderr).")


def _clean(message: str) -> str:
    """Messages name paths, repos and server replies: no control character reaches the terminal."""
    # lazy: start-up (a command loads only what it runs)
    from unveil.sanitize import name

    return name(message)


def _fail(message: str, code: int) -> typer.Exit:
    print(f"unveil: error: {_clean(message)}", file=sys.stderr)
    return typer.Exit(code)


def _note(message: str) -> None:
    if not _STATE["quiet"]:
        print(f"unveil: {_clean(message)}", file=sys.stderr)


def _run(action: Callable[[], int]) -> None:
    """Run a command body: contract exit codes, one clear line on error, traceback only with --debug.

    An exception unveil did not expect is a bug: exit 70 ("internal error"), never 3, so that a gate
    accepting "could not check" cannot mistake a crash for an incomplete audit.
    """
    try:
        code = action()
    except UnveilError as exc:
        if _STATE["debug"]:
            raise
        raise _fail(exc.message, exc.exit_code) from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None
    except Exception as exc:  # never a traceback for users; --debug shows it
        if _STATE["debug"]:
            raise
        raise _fail(f"internal error: {type(exc).__name__}: {exc} (a bug in unveil; rerun with --debug)",
                    EXIT_INTERNAL) from None
    raise typer.Exit(code)


def _verbosity(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        raise UsageError("--quiet and --verbose exclude each other")
    _STATE["quiet"] = _STATE["quiet"] or quiet
    _STATE["verbose"] = _STATE["verbose"] or verbose
    if _STATE["quiet"]:
        logging.disable(logging.CRITICAL)
    elif _STATE["verbose"]:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, force=True,
                            format="unveil: %(levelname)s: %(name)s: %(message)s")


def _is_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def _write(text: str, output: Path | None) -> None:
    if _is_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert output is not None
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _color_for(output: Path | None) -> bool:
    """Colour on a terminal; NO_COLOR (any value) turns it off, FORCE_COLOR turns it on elsewhere."""
    if not _is_stdout(output) or _env_flag("NO_COLOR"):
        return False
    return _env_flag("FORCE_COLOR") or sys.stdout.isatty()


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


_LAST_STAGE: dict[str, str] = {}


def _log_stages(event: ProgressEvent) -> None:
    """--verbose without a terminal: one line per stage, with the counts when it starts."""
    if _LAST_STAGE.get("stage") != event.stage:
        _LAST_STAGE["stage"] = event.stage
        counts = f" ({event.files_done}/{event.files_total} files read)" if event.files_total else ""
        print(f"unveil: stage: {event.stage}{counts}", file=sys.stderr)


@contextmanager
def _progress() -> Iterator[Callable[[ProgressEvent], None]]:
    """Counts on stderr (files and bytes read of the total, the current file), only on a terminal."""
    if _STATE["quiet"] or not sys.stderr.isatty():
        yield _log_stages if _STATE["verbose"] else lambda _event: None
        return
    # lazy: start-up (a command loads only what it runs)
    from rich.console import Console
    from rich.markup import escape

    console = Console(stderr=True, no_color=_env_flag("NO_COLOR"), highlight=False)

    def show(event: ProgressEvent) -> None:
        if not event.files_total:
            status.update(escape(event.stage[:80]))
            return
        current = f"  {event.current[-50:]}" if event.current else ""
        status.update(escape(f"{event.stage}: {event.files_done}/{event.files_total} files, "
                             f"{_size(event.bytes_done)} of {_size(event.bytes_total)}{current}"))

    with console.status("starting") as status:
        yield show


def _render(report: Report, fmt: str, output: Path | None) -> str:
    # lazy: start-up (a command loads only what it runs)
    from unveil.render import renderer

    render = renderer(fmt)
    if fmt == "text":
        # A file (-o FILE) is not a terminal: never hard-wrapped, whatever terminal unveil runs in.
        width = None if output is None or str(output) == "-" else 1 << 20
        return render(report, color=_color_for(output), width=width)  # type: ignore[call-arg]
    return render(report)


def _version(value: bool) -> None:
    if value:
        print(f"unveil {__version__}")
        raise typer.Exit(0)


# Network deadlines (seconds) for Hub sources; shared by `audit` and `survey`.
DeadlineOpt = Annotated[float | None, typer.Option(
    "--deadline", envvar="UNVEIL_DEADLINE", min=0.001,
    help="Network deadline for a whole Hub audit, in seconds (default 600).")]
FileDeadlineOpt = Annotated[float | None, typer.Option(
    "--file-deadline", envvar="UNVEIL_FILE_DEADLINE", min=0.001,
    help="Network deadline for one file of a Hub audit, in seconds (default 120).")]


def _hub_options(deadline: float | None, file_deadline: float | None):  # type: ignore[no-untyped-def]
    # lazy: start-up (a command loads only what it runs)
    from unveil.sources.hub_options import HubOptions

    return HubOptions(deadline=deadline, file_deadline=file_deadline)


@app.callback()
def main_callback(
    debug: Annotated[bool, typer.Option("--debug", envvar="UNVEIL_DEBUG", help="Show tracebacks.")] = False,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    quiet: Annotated[bool, _QUIET] = False,
    verbose: Annotated[bool, _VERBOSE] = False,
) -> None:
    _STATE["debug"] = debug
    _verbosity(quiet, verbose)


def _audited_tree(source: str) -> Path | None:
    """The local folder or file an audit reads (configuration inside it is never trusted)."""
    path = Path(source).expanduser()
    return path if path.exists() else None


@app.command()
def audit(
    source: Annotated[str, typer.Argument(metavar="SOURCE",
                                          help="Folder, ORG/NAME[@REV] on the Hub, git URL, or MOT YAML.")],
    fmt: Annotated[AuditFormat, typer.Option("--format", "-f", case_sensitive=False,
                                             envvar=["UNVEIL_AUDIT_FORMAT", "UNVEIL_FORMAT"],
                                             help="Report format.")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE",
                                                envvar=["UNVEIL_AUDIT_OUTPUT", "UNVEIL_OUTPUT"],
                                                help="Write the report to FILE ('-': stdout).")] = None,
    policy: Annotated[Path | None, typer.Option("--policy", metavar="FILE",
                                                envvar=["UNVEIL_AUDIT_POLICY", "UNVEIL_POLICY"],
                                                help="Policy file (YAML) to gate on.")] = None,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on", case_sensitive=False,
                                                   envvar=["UNVEIL_AUDIT_FAIL_ON", "UNVEIL_FAIL_ON"],
                                                   help="Exit 1 on a finding at or above this severity "
                                                        "(default: none).")] = None,
    revision: Annotated[str | None, typer.Option("--revision", metavar="REV", envvar="UNVEIL_REVISION",
                                                 help="Revision for Hub or git sources.")] = None,
    follow_links: Annotated[bool, typer.Option("--follow-links", envvar="UNVEIL_FOLLOW_LINKS",
                                               help="Fetch the Hub dataset cards the model card names.")] = False,
    config: Annotated[Path | None, typer.Option("--config", metavar="FILE", envvar="UNVEIL_CONFIG",
                                                help="Suppressions file (default: .unveil.toml or [tool.unveil] "
                                                     "in ./pyproject.toml, unless . is inside the audited "
                                                     "release).")] = None,
    quiet: Annotated[bool, _QUIET] = False,
    verbose: Annotated[bool, _VERBOSE] = False,
    deadline: DeadlineOpt = None,
    file_deadline: FileDeadlineOpt = None,
) -> None:
    """Audit a release: openness, licenses, security and documentation."""

    def body() -> int:
        _verbosity(quiet, verbose)
        threshold = None if fail_on in (None, "none") else fail_on
        # lazy: start-up (a command loads only what it runs)
        from unveil.outcome import audit_exit_code
        from unveil.render import renderer
        from unveil.service import audit as run_audit
        from unveil.suppressions import load_config

        renderer(fmt)  # fail fast on a format that is not available, before any work
        suppressions = load_config(config, audited=_audited_tree(source))
        for refused in suppressions.refused:
            _note(f"not reading {refused}: it is inside the audited release (use --config to apply a file)")
        with _progress() as step:
            report = run_audit(source, revision=revision, progress=step, suppressions=suppressions,
                               follow_links=follow_links, hub=_hub_options(deadline, file_deadline))
        violations = _check_policy(report, policy)
        _write(_render(report, fmt, output), output)
        for line in violations:
            print(f"unveil: policy: {line}", file=sys.stderr)
        code = audit_exit_code(report, threshold, violations)
        if code == EXIT_NOTHING:
            _note(f"nothing auditable in {source}: no model artifact, card, license or code file")
        return code

    _run(body)


def _check_policy(report: Report, policy: Path | None) -> list[str]:
    if policy is None:
        return []
    # lazy: start-up (a command loads only what it runs)
    from unveil.policy import apply

    return apply(policy, report)


@app.command()
def scan(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="Files or folders to scan.")],
    fmt: Annotated[ScanFormat, typer.Option("--format", "-f", case_sensitive=False, envvar="UNVEIL_SCAN_FORMAT",
                                            help="Output format.")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE", envvar="UNVEIL_SCAN_OUTPUT",
                                                help="Write the result to FILE ('-': stdout).")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", case_sensitive=False,
                                            envvar=["UNVEIL_SCAN_FAIL_ON", "UNVEIL_FAIL_ON"],
                                            help="Exit 1 on a finding at or above this severity.")] = "high",
    quiet: Annotated[bool, _QUIET] = False,
    verbose: Annotated[bool, _VERBOSE] = False,
) -> None:
    """Security scan only: model artifacts and bundled code, never loaded."""

    def body() -> int:
        _verbosity(quiet, verbose)
        # lazy: start-up (a command loads only what it runs)
        from unveil.commands.scan import run

        text, code = run(paths, fmt, fail_on)
        _write(text, output)
        return code

    _run(body)


@app.command("license")
def license_(
    paths: Annotated[list[str], typer.Argument(metavar="PATH...", help="License files or folders.")],
    fmt: Annotated[LicenseFormat, typer.Option("--format", "-f", case_sensitive=False,
                                               envvar="UNVEIL_LICENSE_FORMAT", help="Output format.")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE", envvar="UNVEIL_LICENSE_OUTPUT",
                                                help="Write the result to FILE ('-': stdout).")] = None,
) -> None:
    """Identify license texts: id, SPDX id, category, OSI approval, restriction clauses."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.commands.license import run

        text, code = run(paths, fmt)
        _write(text, output)
        return code

    _run(body)


@app.command()
def survey(
    input_: Annotated[str, typer.Argument(metavar="INPUT", help="List file (txt/csv/json), folder of release "
                                                                "folders, or hub:QUERY (e.g. hub:author=org).")],
    out: Annotated[Path, typer.Option("--out", metavar="DIR", envvar="UNVEIL_SURVEY_OUT",
                                      help="Store folder.")] = Path("unveil-survey"),
    workers: Annotated[int | None, typer.Option("--workers", metavar="N", envvar="UNVEIL_WORKERS",
                                                help="Parallel audits (default: CPUs).")] = None,
    engine: Annotated[Engine, typer.Option("--engine", case_sensitive=False, envvar="UNVEIL_ENGINE",
                                           help="Where the audits run.")] = "local",
    shard: Annotated[str | None, typer.Option("--shard", metavar="I/N", envvar="UNVEIL_SHARD",
                                              help="Run only shard i of N.")] = None,
    keep_reports: Annotated[bool, typer.Option("--keep-reports", envvar="UNVEIL_SURVEY_KEEP_REPORTS",
                                               help="Also store each full JSON report.")] = False,
    deadline: DeadlineOpt = None,
    file_deadline: FileDeadlineOpt = None,
) -> None:
    """Audit many releases into a resumable Parquet store (one file per shard)."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.survey.command import run_survey

        return run_survey(input_, out, workers, engine, shard, keep_reports=keep_reports,
                          hub=_hub_options(deadline, file_deadline))

    _run(body)


@app.command()
def report(
    store: Annotated[Path, typer.Argument(metavar="STORE", help="A survey store folder (from unveil survey --out).")],
    html: Annotated[Path | None, typer.Option("--html", metavar="FILE", envvar="UNVEIL_REPORT_HTML",
                                              help="Also write a one-page HTML summary with charts.")] = None,
    site: Annotated[Path | None, typer.Option("--site", metavar="DIR", envvar="UNVEIL_REPORT_SITE",
                                              help="Also write a static leaderboard site into DIR.")] = None,
    groups: Annotated[Path | None, typer.Option("--groups", help="CSV of id + group columns (task, "
                                                "architecture...) to break the site's studies down by.")] = None,
    sql: Annotated[str | None, typer.Option("--sql", help="Run one DuckDB query over the table `rows` "
                                            "and print its result instead of the summary.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text|csv|json (with --sql)")] = "text",
) -> None:
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
        _write(text, None)
        return code

    _run(body)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE", envvar="UNVEIL_SCHEMA_OUTPUT",
                                                help="Write the schema to FILE ('-': stdout).")] = None,
) -> None:
    """Print the JSON Schema of the report."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.report import json_schema

        _write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", output)
        return EXIT_OK

    _run(body)


@app.command()
def rules(
    fmt: Annotated[RulesFormat, typer.Option("--format", "-f", case_sensitive=False, envvar="UNVEIL_RULES_FORMAT",
                                             help="Output format (markdown: the reference in docs/rules.md).")
                   ] = "text",
) -> None:
    """List every rule id with its severity and rationale."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.registry import all_rules

        items = all_rules()
        if fmt == "json":
            payload: list[dict[str, Any]] = [
                {"id": r.id, "severity": r.severity, "title": r.title, "rationale": r.rationale,
                 "clause": r.clause, "remediation": r.remediation, "help_uri": r.help_uri} for r in items
            ]
            _write(json.dumps(payload, indent=2) + "\n", None)
        elif fmt == "markdown":
            # lazy: start-up (a command loads only what it runs)
            from unveil.rules import reference_markdown

            _write(reference_markdown(items), None)
        else:
            _write("".join(f"{r.id:8} {r.severity:8} {r.title}\n" for r in items), None)
        return EXIT_OK

    _run(body)


def _conventional_help(command: Any) -> None:
    """Help in the usual shape: metavars and allowed values, not Typer's `<str>` and `{source}`.

    (Typer's parameters are its own click classes; they are recognised by their attributes.)
    """
    for param in command.params:
        kind = getattr(param, "param_type_name", "")
        if kind in ("argument", "option"):
            param.__class__ = _plain_class(param.__class__, argument=kind == "argument")
    for sub in getattr(command, "commands", {}).values():
        _conventional_help(sub)


_PLAIN: dict[type, type] = {}
_METAVARS = {"str": "TEXT", "int": "N", "float": "NUMBER", "path": "PATH"}


def _plain_class(base: type, *, argument: bool) -> type:
    if base in _PLAIN:
        return _PLAIN[base]

    def display_type(self: Any, ctx: Any) -> str:
        desc = getattr(self, "type_descriptor", None)
        choices = getattr(desc, "choices", None) if getattr(desc, "is_choice", False) else None
        if choices:
            return "[" + "|".join(str(c) for c in choices) + "]"
        if argument or getattr(self, "is_flag", False):
            return ""
        if self.metavar is not None:
            return str(self.metavar)
        try:
            bare = str(self.bare_type()).lower()
        except Exception:  # a Typer internal changed: a plain placeholder rather than a crash in --help
            bare = ""
        return _METAVARS.get(bare, "VALUE")

    def display_type_rich(self: Any, ctx: Any) -> str:
        return display_type(self, ctx)

    def usage_name(self: Any) -> str:
        name = self.metavar or self.name.upper()
        return name if self.required else f"[{name}]"

    attrs: dict[str, Any] = {"display_type": display_type, "display_type_rich": display_type_rich}
    if argument:
        attrs["_usage_display_name"] = usage_name
    _PLAIN[base] = type(f"Plain{base.__name__}", (base,), attrs)
    return _PLAIN[base]


def main() -> None:
    command = typer.main.get_command(app)
    _conventional_help(command)
    try:
        code = command.main(prog_name="unveil", standalone_mode=False)
    except typer.TyperException as exc:  # bad arguments: one line on stderr, the contract's exit 2
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()
        else:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} -h')" if ctx is not None else ""
            print(f"unveil: error: {_clean(exc.format_message())}{hint}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except typer.Abort:
        print("unveil: error: interrupted", file=sys.stderr)
        sys.exit(130)
    except UnveilError as exc:  # raised by a global option (outside a command body)
        print(f"unveil: error: {_clean(exc.message)}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except Exception as exc:  # an error outside a command body: still a bug, still 70
        if _STATE["debug"]:
            raise
        print(f"unveil: error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
