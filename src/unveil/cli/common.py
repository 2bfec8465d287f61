"""What the commands share: running a body with the contract's exit codes, output, progress, option kinds.

Imported by every command module (`unveil.cli.<command>`); what only `audit` needs (progress, rendering)
lives in `unveil.cli.audit`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args

import click

from unveil.errors import EXIT_INTERNAL, UnveilError, UsageError

STATE: dict[str, Any] = {"debug": False, "quiet": False, "verbose": False}

# Allowed values, listed in --help and matched case-insensitively. The audit formats are the renderer
# registry's keys (unveil.render.RENDERERS); a test keeps this list in sync with it.
AuditFormat = Literal["text", "json", "html", "sarif", "cyclonedx", "mot", "badge"]
ScanFormat = Literal["text", "json", "sarif"]
LicenseFormat = Literal["text", "json"]
RulesFormat = Literal["text", "json", "markdown"]
FailOn = Literal["critical", "high", "medium", "low", "info", "none"]
Engine = Literal["local", "ray"]


def choice(values: Any) -> click.Choice:
    return click.Choice(get_args(values), case_sensitive=False)


def clean(message: str) -> str:
    """Messages name paths, repos and server replies: no control character reaches the terminal."""
    # lazy: start-up (a command loads only what it runs)
    from unveil.sanitize import name

    return name(message)


def fail(message: str, code: int) -> click.exceptions.Exit:
    print(f"unveil: error: {clean(message)}", file=sys.stderr)
    return click.exceptions.Exit(code)


def note(message: str) -> None:
    if not STATE["quiet"]:
        print(f"unveil: {clean(message)}", file=sys.stderr)


def run_body(action: Callable[[], int]) -> None:
    """Run a command body: contract exit codes, one clear line on error, traceback only with --debug.

    An exception unveil did not expect is a bug: exit 70 ("internal error"), never 3, so that a gate
    accepting "could not check" cannot mistake a crash for an incomplete audit.
    """
    try:
        code = action()
    except UnveilError as exc:
        if STATE["debug"]:
            raise
        raise fail(exc.message, exc.exit_code) from None
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None
    except Exception as exc:  # never a traceback for users; --debug shows it
        if STATE["debug"]:
            raise
        raise fail(f"internal error: {type(exc).__name__}: {exc} (a bug in unveil; rerun with --debug)",
                    EXIT_INTERNAL) from None
    raise click.exceptions.Exit(code)


def verbosity(quiet: bool, verbose: bool) -> None:
    if quiet and verbose:
        raise UsageError("--quiet and --verbose exclude each other")
    STATE["quiet"] = STATE["quiet"] or quiet
    STATE["verbose"] = STATE["verbose"] or verbose
    if not (STATE["quiet"] or STATE["verbose"]):
        return
    import logging  # lazy: start-up (only -q and -v touch the logs)

    if STATE["quiet"]:
        logging.disable(logging.CRITICAL)
    elif STATE["verbose"]:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, force=True,
                            format="unveil: %(levelname)s: %(name)s: %(message)s")


def is_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def write(text: str, output: Path | None) -> None:
    if is_stdout(output):
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert output is not None
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc


class Argument(click.Argument):
    """A positional argument with a help line (click's arguments have none; listed under "Arguments:")."""

    def __init__(self, *args: Any, help: str = "", **kwargs: Any) -> None:  # noqa: A002 - click's own word
        super().__init__(*args, **kwargs)
        self.help = help


class Command(click.Command):
    """Help in the usual shape: usage, description, arguments with their help, then options."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(p.make_metavar(ctx), p.help + ("  [required]" if p.required else ""))
                for p in self.get_params(ctx) if isinstance(p, Argument)]
        if rows:
            with formatter.section("Arguments"):
                formatter.write_dl(rows)
        super().format_options(ctx, formatter)


def option(*decls: str, **kwargs: Any) -> Callable[[Any], Any]:
    """An option that shows its environment variables and default in --help."""
    kwargs.setdefault("show_envvar", True)
    kwargs.setdefault("show_default", kwargs.get("default") is not None and not kwargs.get("is_flag"))
    return click.option(*decls, **kwargs)


def argument(name: str, **kwargs: Any) -> Callable[[Any], Any]:
    return click.argument(name, cls=Argument, **kwargs)


def command(name: str) -> Callable[[Any], click.Command]:
    """A command with the usual help shape; `unveil.cli` attaches it to the group by name."""
    return click.command(name, cls=Command)


# Every option has a per-command variable first; the old generic ones still work where they cannot clash
# (audit only: `UNVEIL_FORMAT=html` must not break `unveil rules`, `UNVEIL_OUTPUT` must not let
# `unveil schema` overwrite a report).
QUIET = option("--quiet", "-q", is_flag=True, envvar="UNVEIL_QUIET",
                 help="Only results and errors: no progress, no notes.")
VERBOSE = option("--verbose", "-v", is_flag=True, envvar="UNVEIL_VERBOSE", help="Log what unveil does (stderr).")
FILE = click.Path(path_type=Path)
# Network deadlines (seconds) for Hub sources; shared by `audit` and `survey`.
DEADLINE = option("--deadline", type=click.FloatRange(min=0.001), metavar="NUMBER", envvar="UNVEIL_DEADLINE",
                    help="Network deadline for a whole Hub audit, in seconds (default 600).")
FILE_DEADLINE = option("--file-deadline", type=click.FloatRange(min=0.001), metavar="NUMBER",
                         envvar="UNVEIL_FILE_DEADLINE",
                         help="Network deadline for one file of a Hub audit, in seconds (default 120).")


def hub_options(deadline: float | None, file_deadline: float | None):  # type: ignore[no-untyped-def]
    # lazy: start-up (a command loads only what it runs)
    from unveil.sources.hub_options import HubOptions

    return HubOptions(deadline=deadline, file_deadline=file_deadline)
