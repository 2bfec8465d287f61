"""`unveil audit`: audit a release."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from unveil.cli.common import (
    DEADLINE,
    FILE,
    FILE_DEADLINE,
    QUIET,
    STATE,
    VERBOSE,
    AuditFormat,
    FailOn,
    argument,
    choice,
    command,
    hub_options,
    is_stdout,
    note,
    option,
    run_body,
    verbosity,
    write,
)
from unveil.errors import EXIT_NOTHING

if TYPE_CHECKING:
    from unveil.report import Report
    from unveil.service import ProgressEvent

def _env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _color_for(output: Path | None) -> bool:
    """Colour on a terminal; NO_COLOR (any value) turns it off, FORCE_COLOR turns it on elsewhere."""
    if not is_stdout(output) or _env_flag("NO_COLOR"):
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
    if STATE["quiet"] or not sys.stderr.isatty():
        yield _log_stages if STATE["verbose"] else lambda _event: None
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

    draw = renderer(fmt)
    if fmt == "text":
        # A file (-o FILE) is not a terminal: never hard-wrapped, whatever terminal unveil runs in.
        width = None if output is None or str(output) == "-" else 1 << 20
        return draw(report, color=_color_for(output), width=width)  # type: ignore[call-arg]
    return draw(report)


def _audited_tree(source: str) -> Path | None:
    """The local folder or file an audit reads (configuration inside it is never trusted)."""
    path = Path(source).expanduser()
    return path if path.exists() else None


@command('audit')
@argument("source", metavar="SOURCE", help="Folder, ORG/NAME[@REV] on the Hub, git URL, or MOT YAML.")
@option("--format", "-f", "fmt", type=choice(AuditFormat), default="text",
         envvar=["UNVEIL_AUDIT_FORMAT", "UNVEIL_FORMAT"], help="Report format.")
@option("-o", "--output", type=FILE, metavar="FILE", envvar=["UNVEIL_AUDIT_OUTPUT", "UNVEIL_OUTPUT"],
         help="Write the report to FILE ('-': stdout).")
@option("--policy", type=FILE, metavar="FILE", envvar=["UNVEIL_AUDIT_POLICY", "UNVEIL_POLICY"],
         help="Policy file (YAML) to gate on.")
@option("--fail-on", type=choice(FailOn), envvar=["UNVEIL_AUDIT_FAIL_ON", "UNVEIL_FAIL_ON"],
         help="Exit 1 on a finding at or above this severity (default: none).")
@option("--revision", metavar="REV", envvar="UNVEIL_REVISION", help="Revision for Hub or git sources.")
@option("--follow-links", is_flag=True, envvar="UNVEIL_FOLLOW_LINKS",
         help="Fetch the Hub dataset cards the model card names.")
@option("--config", type=FILE, metavar="FILE", envvar="UNVEIL_CONFIG",
         help="Suppressions file (default: .unveil.toml or [tool.unveil] in ./pyproject.toml, unless . is inside "
              "the audited release).")
@QUIET
@VERBOSE
@DEADLINE
@FILE_DEADLINE
def audit(source: str, fmt: str, output: Path | None, policy: Path | None, fail_on: str | None,
          revision: str | None, follow_links: bool, config: Path | None, quiet: bool, verbose: bool,
          deadline: float | None, file_deadline: float | None) -> None:
    """Audit a release: openness, licenses, security and documentation."""

    def body() -> int:
        verbosity(quiet, verbose)
        threshold = None if fail_on in (None, "none") else fail_on
        # lazy: start-up (a command loads only what it runs)
        from unveil.outcome import audit_exit_code
        from unveil.render import renderer
        from unveil.service import audit as run_audit
        from unveil.suppressions import load_config

        renderer(fmt)  # fail fast on a format that is not available, before any work
        suppressions = load_config(config, audited=_audited_tree(source))
        for refused in suppressions.refused:
            note(f"not reading {refused}: it is inside the audited release (use --config to apply a file)")
        with _progress() as step:
            report = run_audit(source, revision=revision, progress=step, suppressions=suppressions,
                               follow_links=follow_links, hub=hub_options(deadline, file_deadline))
        violations = _check_policy(report, policy)
        write(_render(report, fmt, output), output)
        for line in violations:
            print(f"unveil: policy: {line}", file=sys.stderr)
        code = audit_exit_code(report, threshold, violations)
        if code == EXIT_NOTHING:
            note(f"nothing auditable in {source}: no model artifact, card, license or code file")
        return code

    run_body(body)


def _check_policy(report: Report, policy: Path | None) -> list[str]:
    if policy is None:
        return []
    # lazy: start-up (a command loads only what it runs)
    from unveil.policy import apply

    return apply(policy, report)
