"""`unveil license`: identify license texts."""

from __future__ import annotations

from pathlib import Path

from unveil.cli.common import FILE, LicenseFormat, argument, choice, command, option, run_body, write


@command("license")
@argument("paths", nargs=-1, required=True, metavar="PATH...", help="License files or folders.")
@option("--format", "-f", "fmt", type=choice(LicenseFormat), default="text", envvar="UNVEIL_LICENSE_FORMAT",
         help="Output format.")
@option("-o", "--output", type=FILE, metavar="FILE", envvar="UNVEIL_LICENSE_OUTPUT",
         help="Write the result to FILE ('-': stdout).")
def license_(paths: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Identify license texts: id, SPDX id, category, OSI approval, restriction clauses."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.commands.license import run

        text, code = run(list(paths), fmt)
        write(text, output)
        return code

    run_body(body)
