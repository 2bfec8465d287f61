"""Command line: parse arguments, call the service, render, exit with the contract's codes.

No logic lives here. Results go to stdout or -o; logs, progress and errors go to stderr. Built on click
directly (Typer, on top of it, builds a pydantic adapter per parameter: most of a scan's start-up), and
the commands import what they use inside their bodies, so that `unveil scan x.pkl` pays only for the
scan (the start-up goal: benchmarks/bench_startup.py).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import click

from unveil.errors import EXIT_INTERNAL, EXIT_NOTHING, EXIT_OK, UnveilError, UsageError
from unveil.version import __version__

if TYPE_CHECKING:
    from unveil.report import Report
    from unveil.service import ProgressEvent

_STATE: dict[str, Any] = {"debug": False, "quiet": False, "verbose": False}

# Allowed values, listed in --help and matched case-insensitively. The audit formats are the renderer
# registry's keys (unveil.render.RENDERERS); a test keeps this list in sync with it.
AuditFormat = Literal["text", "json", "html", "sarif", "cyclonedx", "mot", "badge"]
ScanFormat = Literal["text", "json", "sarif"]
LicenseFormat = Literal["text", "json"]
RulesFormat = Literal["text", "json", "markdown"]
FailOn = Literal["critical", "high", "medium", "low", "info", "none"]
Engine = Literal["local", "ray"]
SHELLS = ("bash", "zsh", "fish")  # the shells click completes


def _choice(values: Any) -> click.Choice:
    return click.Choice(get_args(values), case_sensitive=False)


def _clean(message: str) -> str:
    """Messages name paths, repos and server replies: no control character reaches the terminal."""
    # lazy: start-up (a command loads only what it runs)
    from unveil.sanitize import name

    return name(message)


def _fail(message: str, code: int) -> click.exceptions.Exit:
    print(f"unveil: error: {_clean(message)}", file=sys.stderr)
    return click.exceptions.Exit(code)


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
    raise click.exceptions.Exit(code)


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


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        print(f"unveil {__version__}")
        ctx.exit(0)



class _Argument(click.Argument):
    """A positional argument with a help line (click's arguments have none; listed under "Arguments:")."""

    def __init__(self, *args: Any, help: str = "", **kwargs: Any) -> None:  # noqa: A002 - click's own word
        super().__init__(*args, **kwargs)
        self.help = help


class _Command(click.Command):
    """Help in the usual shape: usage, description, arguments with their help, then options."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(p.make_metavar(ctx), p.help + ("  [required]" if p.required else ""))
                for p in self.get_params(ctx) if isinstance(p, _Argument)]
        if rows:
            with formatter.section("Arguments"):
                formatter.write_dl(rows)
        super().format_options(ctx, formatter)


class _Group(click.Group):
    """Commands listed in the order they are defined (the workflow's order), not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


def _option(*decls: str, **kwargs: Any) -> Callable[[Any], Any]:
    """An option that shows its environment variables and default in --help."""
    kwargs.setdefault("show_envvar", True)
    kwargs.setdefault("show_default", kwargs.get("default") is not None and not kwargs.get("is_flag"))
    return click.option(*decls, **kwargs)


def _argument(name: str, **kwargs: Any) -> Callable[[Any], Any]:
    return click.argument(name, cls=_Argument, **kwargs)


def _command(name: str | None = None) -> Callable[[Any], click.Command]:
    return cli.command(name, cls=_Command)


# Every option has a per-command variable first; the old generic ones still work where they cannot clash
# (audit only: `UNVEIL_FORMAT=html` must not break `unveil rules`, `UNVEIL_OUTPUT` must not let
# `unveil schema` overwrite a report).
_QUIET = _option("--quiet", "-q", is_flag=True, envvar="UNVEIL_QUIET",
                 help="Only results and errors: no progress, no notes.")
_VERBOSE = _option("--verbose", "-v", is_flag=True, envvar="UNVEIL_VERBOSE", help="Log what unveil does (stderr).")
_FILE = click.Path(path_type=Path)
# Network deadlines (seconds) for Hub sources; shared by `audit` and `survey`.
_DEADLINE = _option("--deadline", type=click.FloatRange(min=0.001), metavar="NUMBER", envvar="UNVEIL_DEADLINE",
                    help="Network deadline for a whole Hub audit, in seconds (default 600).")
_FILE_DEADLINE = _option("--file-deadline", type=click.FloatRange(min=0.001), metavar="NUMBER",
                         envvar="UNVEIL_FILE_DEADLINE",
                         help="Network deadline for one file of a Hub audit, in seconds (default 120).")


def _hub_options(deadline: float | None, file_deadline: float | None):  # type: ignore[no-untyped-def]
    # lazy: start-up (a command loads only what it runs)
    from unveil.sources.hub_options import HubOptions

    return HubOptions(deadline=deadline, file_deadline=file_deadline)


def _shell(value: str) -> str:
    shell = (value or os.path.basename(os.environ.get("SHELL", ""))).lower()
    if shell not in SHELLS:
        raise click.BadParameter(f"cannot complete for shell {shell or '(unknown)'!r}: choose from "
                                 f"{', '.join(SHELLS)}", param_hint="shell")
    return shell


def _completion_script(ctx: click.Context, shell: str) -> str:
    from click.shell_completion import get_completion_class  # lazy: start-up (only --*-completion needs it)

    complete = get_completion_class(shell)
    assert complete is not None  # one of SHELLS
    return complete(ctx.find_root().command, {}, "unveil", "_UNVEIL_COMPLETE").source()


def _show_completion(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    print(_completion_script(ctx, _shell(value)))
    ctx.exit(0)


# Where --install-completion writes each shell's script, and the line that loads it (none: fish loads its
# completions folder itself).
_INSTALL = {
    "bash": ("~/.bash_completions/unveil.sh", "~/.bashrc", "source {script}"),
    "zsh": ("~/.zsh_completions/unveil.zsh", "~/.zshrc", "source {script}"),
    "fish": ("~/.config/fish/completions/unveil.fish", None, None),
}


def _install_completion(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is None or ctx.resilient_parsing:
        return
    shell = _shell(value)
    where, rc, line = _INSTALL[shell]
    script = Path(where).expanduser()
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(_completion_script(ctx, shell) + "\n", encoding="utf-8")
    if rc is not None and line is not None:
        rc_path = Path(rc).expanduser()
        load = line.format(script=script)
        if load not in (rc_path.read_text(encoding="utf-8") if rc_path.exists() else ""):
            with rc_path.open("a", encoding="utf-8") as out:
                out.write(f"\n{load}\n")
    print(f"{shell} completion installed in {script}; it works in new shells")
    ctx.exit(0)


@click.group(
    name="unveil",
    cls=_Group,
    help="Audit AI model releases: openness, licenses, security, documentation.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@_option("--debug", is_flag=True, envvar="UNVEIL_DEBUG", help="Show tracebacks.")
@click.option("--version", "-V", is_flag=True, callback=_version, is_eager=True, expose_value=False,
              help="Print the version and exit.")
@_QUIET
@_VERBOSE
@click.option("--install-completion", metavar="[SHELL]", is_flag=False, flag_value="", callback=_install_completion,
              is_eager=True, expose_value=False, help="Install completion for the current shell (or SHELL).")
@click.option("--show-completion", metavar="[SHELL]", is_flag=False, flag_value="", callback=_show_completion,
              is_eager=True, expose_value=False,
              help="Show completion for the current shell (or SHELL), to copy it or customize the installation.")
def cli(debug: bool, quiet: bool, verbose: bool) -> None:
    _STATE["debug"] = debug
    _verbosity(quiet, verbose)


def _audited_tree(source: str) -> Path | None:
    """The local folder or file an audit reads (configuration inside it is never trusted)."""
    path = Path(source).expanduser()
    return path if path.exists() else None


@_command()
@_argument("source", metavar="SOURCE", help="Folder, ORG/NAME[@REV] on the Hub, git URL, or MOT YAML.")
@_option("--format", "-f", "fmt", type=_choice(AuditFormat), default="text",
         envvar=["UNVEIL_AUDIT_FORMAT", "UNVEIL_FORMAT"], help="Report format.")
@_option("-o", "--output", type=_FILE, metavar="FILE", envvar=["UNVEIL_AUDIT_OUTPUT", "UNVEIL_OUTPUT"],
         help="Write the report to FILE ('-': stdout).")
@_option("--policy", type=_FILE, metavar="FILE", envvar=["UNVEIL_AUDIT_POLICY", "UNVEIL_POLICY"],
         help="Policy file (YAML) to gate on.")
@_option("--fail-on", type=_choice(FailOn), envvar=["UNVEIL_AUDIT_FAIL_ON", "UNVEIL_FAIL_ON"],
         help="Exit 1 on a finding at or above this severity (default: none).")
@_option("--revision", metavar="REV", envvar="UNVEIL_REVISION", help="Revision for Hub or git sources.")
@_option("--follow-links", is_flag=True, envvar="UNVEIL_FOLLOW_LINKS",
         help="Fetch the Hub dataset cards the model card names.")
@_option("--config", type=_FILE, metavar="FILE", envvar="UNVEIL_CONFIG",
         help="Suppressions file (default: .unveil.toml or [tool.unveil] in ./pyproject.toml, unless . is inside "
              "the audited release).")
@_QUIET
@_VERBOSE
@_DEADLINE
@_FILE_DEADLINE
def audit(source: str, fmt: str, output: Path | None, policy: Path | None, fail_on: str | None,
          revision: str | None, follow_links: bool, config: Path | None, quiet: bool, verbose: bool,
          deadline: float | None, file_deadline: float | None) -> None:
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


@_command()
@_argument("paths", nargs=-1, required=True, metavar="PATH...", help="Files or folders to scan.")
@_option("--format", "-f", "fmt", type=_choice(ScanFormat), default="text", envvar="UNVEIL_SCAN_FORMAT",
         help="Output format.")
@_option("-o", "--output", type=_FILE, metavar="FILE", envvar="UNVEIL_SCAN_OUTPUT",
         help="Write the result to FILE ('-': stdout).")
@_option("--fail-on", type=_choice(FailOn), default="high", envvar=["UNVEIL_SCAN_FAIL_ON", "UNVEIL_FAIL_ON"],
         help="Exit 1 on a finding at or above this severity.")
@_QUIET
@_VERBOSE
def scan(paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str, quiet: bool, verbose: bool) -> None:
    """Security scan only: model artifacts and bundled code, never loaded."""

    def body() -> int:
        _verbosity(quiet, verbose)
        # lazy: start-up (a command loads only what it runs)
        from unveil.commands.scan import run

        text, code = run(list(paths), fmt, fail_on)
        _write(text, output)
        return code

    _run(body)


@_command("license")
@_argument("paths", nargs=-1, required=True, metavar="PATH...", help="License files or folders.")
@_option("--format", "-f", "fmt", type=_choice(LicenseFormat), default="text", envvar="UNVEIL_LICENSE_FORMAT",
         help="Output format.")
@_option("-o", "--output", type=_FILE, metavar="FILE", envvar="UNVEIL_LICENSE_OUTPUT",
         help="Write the result to FILE ('-': stdout).")
def license_(paths: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Identify license texts: id, SPDX id, category, OSI approval, restriction clauses."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.commands.license import run

        text, code = run(list(paths), fmt)
        _write(text, output)
        return code

    _run(body)


@_command()
@_argument("input_", metavar="INPUT", help="List file (txt/csv/json), folder of release folders, or hub:QUERY "
                                           "(e.g. hub:author=org).")
@_option("--out", type=_FILE, default=Path("unveil-survey"), metavar="DIR", envvar="UNVEIL_SURVEY_OUT",
         help="Store folder.")
@_option("--workers", type=int, metavar="N", envvar="UNVEIL_WORKERS", help="Parallel audits (default: CPUs).")
@_option("--engine", type=_choice(Engine), default="local", envvar="UNVEIL_ENGINE", help="Where the audits run.")
@_option("--shard", metavar="I/N", envvar="UNVEIL_SHARD", help="Run only shard i of N.")
@_option("--keep-reports", is_flag=True, envvar="UNVEIL_SURVEY_KEEP_REPORTS", help="Also store each full JSON report.")
@_DEADLINE
@_FILE_DEADLINE
def survey(input_: str, out: Path, workers: int | None, engine: str, shard: str | None, keep_reports: bool,
           deadline: float | None, file_deadline: float | None) -> None:
    """Audit many releases into a resumable Parquet store (one file per shard)."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.survey.command import run_survey

        return run_survey(input_, out, workers, engine, shard, keep_reports=keep_reports,
                          hub=_hub_options(deadline, file_deadline))

    _run(body)


@_command()
@_argument("store", type=_FILE, metavar="STORE", help="A survey store folder (from unveil survey --out).")
@_option("--html", type=_FILE, metavar="FILE", envvar="UNVEIL_REPORT_HTML",
         help="Also write a one-page HTML summary with charts.")
@_option("--site", type=_FILE, metavar="DIR", envvar="UNVEIL_REPORT_SITE",
         help="Also write a static leaderboard site into DIR.")
@_option("--groups", type=_FILE, help="CSV of id + group columns (task, architecture...) to break the site's "
                                      "studies down by.")
@_option("--sql", help="Run one DuckDB query over the table `rows` and print its result instead of the summary.")
@_option("--format", "-f", "fmt", default="text", help="text|csv|json (with --sql)")
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
        _write(text, None)
        return code

    _run(body)


@_command()
@_option("-o", "--output", type=_FILE, metavar="FILE", envvar="UNVEIL_SCHEMA_OUTPUT",
         help="Write the schema to FILE ('-': stdout).")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the report."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.report import json_schema

        _write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", output)
        return EXIT_OK

    _run(body)


@_command()
@_option("--format", "-f", "fmt", type=_choice(RulesFormat), default="text", envvar="UNVEIL_RULES_FORMAT",
         help="Output format (markdown: the reference in docs/rules.md).")
def rules(fmt: str) -> None:
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


def main() -> None:
    try:
        code = cli.main(prog_name="unveil", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `unveil`: the help, exit 2 like any usage error
        exc.show()
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # bad arguments: one line on stderr, the contract's exit 2
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} -h')" if ctx is not None else ""
        print(f"unveil: error: {_clean(exc.format_message())}{hint}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except click.Abort:
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
