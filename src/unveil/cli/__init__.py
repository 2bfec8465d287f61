"""Command line: parse arguments, call the service, render, exit with the contract's codes.

No logic lives here. Results go to stdout or -o; logs, progress and errors go to stderr. Built on click
directly (Typer, on top of it, builds a pydantic adapter per parameter: most of a scan's start-up). Each
command is a module of this package (`COMMANDS`), imported when that command runs or `-h` lists it, and
the commands import what they use inside their bodies, so that `unveil scan x.pkl` pays only for the
scan (the start-up goal: benchmarks/bench_startup.py).
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from pathlib import Path

import click

from unveil.cli.common import (
    STATE,
    VERBOSE,
    AuditFormat,
    Engine,
    FailOn,
    LicenseFormat,
    RulesFormat,
    ScanFormat,
    clean,
    option,
    verbosity,
)
from unveil.errors import EXIT_INTERNAL, UnveilError
from unveil.version import __version__

__all__ = ["COMMANDS", "AuditFormat", "Engine", "FailOn", "LicenseFormat", "RulesFormat", "ScanFormat", "cli", "main"]

# The commands, in the order `unveil -h` lists them (the workflow's): name -> "module:function".
COMMANDS = {
    "audit": "unveil.cli.audit:audit",
    "scan": "unveil.cli.scan:scan",
    "license": "unveil.cli.license:license_",
    "survey": "unveil.cli.survey:survey",
    "report": "unveil.cli.report:report",
    "schema": "unveil.cli.schema:schema",
    "rules": "unveil.cli.rules:rules",
}
SHELLS = ("bash", "zsh", "fish")  # the shells click completes


class _Group(click.Group):
    """The commands of `COMMANDS`, each imported when it is looked up (a scan never builds `audit`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = COMMANDS.get(cmd_name)
        if where is None:
            return None
        module, _, name = where.partition(":")
        found: click.Command = getattr(importlib.import_module(module), name)
        return found


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        print(f"unveil {__version__}")
        ctx.exit(0)


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
@option("--debug", is_flag=True, envvar="UNVEIL_DEBUG", help="Show tracebacks.")
@click.option("--version", "-V", is_flag=True, callback=_version, is_eager=True, expose_value=False,
              help="Print the version and exit.")
@option("--quiet", "-q", is_flag=True, envvar="UNVEIL_QUIET", help="Only results and errors: no progress, no notes.")
@VERBOSE
@click.option("--install-completion", metavar="[SHELL]", is_flag=False, flag_value="", callback=_install_completion,
              is_eager=True, expose_value=False, help="Install completion for the current shell (or SHELL).")
@click.option("--show-completion", metavar="[SHELL]", is_flag=False, flag_value="", callback=_show_completion,
              is_eager=True, expose_value=False,
              help="Show completion for the current shell (or SHELL), to copy it or customize the installation.")
def cli(debug: bool, quiet: bool, verbose: bool) -> None:
    STATE["debug"] = debug
    verbosity(quiet, verbose)


def main() -> None:
    code = _main()
    # Interpreter shutdown would run the cyclic collector over every object the imports created (~7 ms
    # of a 0.1 s scan). Nothing needs that pass: outputs are written and closed, the standard streams are
    # flushed at exit and atexit handlers still run; the memory goes back to the OS with the process.
    gc.freeze()
    sys.exit(code)


def _main() -> int:
    """Run the command line; the exit code of the contract (a usage error is 2, a bug 70)."""
    try:
        code = cli.main(prog_name="unveil", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `unveil`: the help, exit 2 like any usage error
        exc.show()
        return exc.exit_code
    except click.ClickException as exc:  # bad arguments: one line on stderr, the contract's exit 2
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} -h')" if ctx is not None else ""
        print(f"unveil: error: {clean(exc.format_message())}{hint}", file=sys.stderr)
        return exc.exit_code
    except click.Abort:
        print("unveil: error: interrupted", file=sys.stderr)
        return 130
    except UnveilError as exc:  # raised by a global option (outside a command body)
        print(f"unveil: error: {clean(exc.message)}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # an error outside a command body: still a bug, still 70
        if STATE["debug"]:
            raise
        print(f"unveil: error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    return code if isinstance(code, int) else 0

if __name__ == "__main__":
    main()
