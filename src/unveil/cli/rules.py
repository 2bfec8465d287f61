"""`unveil rules`: the rule reference."""

from __future__ import annotations

import json
from typing import Any

from unveil.cli.common import RulesFormat, choice, command, option, run_body, write
from unveil.errors import EXIT_OK


@command('rules')
@option("--format", "-f", "fmt", type=choice(RulesFormat), default="text", envvar="UNVEIL_RULES_FORMAT",
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
            write(json.dumps(payload, indent=2) + "\n", None)
        elif fmt == "markdown":
            # lazy: start-up (a command loads only what it runs)
            from unveil.rules import reference_markdown

            write(reference_markdown(items), None)
        else:
            write("".join(f"{r.id:8} {r.severity:8} {r.title}\n" for r in items), None)
        return EXIT_OK

    run_body(body)
