"""`unveil schema`: the report's JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

from unveil.cli.common import FILE, command, option, run_body, write
from unveil.errors import EXIT_OK


@command('schema')
@option("-o", "--output", type=FILE, metavar="FILE", envvar="UNVEIL_SCHEMA_OUTPUT",
         help="Write the schema to FILE ('-': stdout).")
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the report."""

    def body() -> int:
        # lazy: start-up (a command loads only what it runs)
        from unveil.report import json_schema

        write(json.dumps(json_schema(), indent=2, sort_keys=True) + "\n", output)
        return EXIT_OK

    run_body(body)
