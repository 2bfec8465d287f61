"""Suppressions and annotations from `.unveil.toml` or `[tool.unveil]` in pyproject.toml.

    [[ignore]]                 # suppressed findings stay in the report, marked, and never trip a gate
    rule = "SEC3*"             # rule id glob
    path = "tests/fixtures/**" # path glob (members as outer.zip!inner)
    reason = "known test fixtures"

    [[annotate]]               # a note shown beside matching results; never changes anything
    rule = "CODE4*"
    path = "*"
    note = "reviewed by the platform team"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from unveil.errors import UsageError
from unveil.report import Finding


@dataclass(frozen=True)
class Matcher:
    rule: str
    path: str
    text: str

    def matches(self, finding: Finding) -> bool:
        outer = finding.path.split("!", 1)[0]
        return fnmatchcase(finding.rule, self.rule) and (
            fnmatchcase(finding.path, self.path) or fnmatchcase(outer, self.path)
        )


@dataclass
class SuppressionConfig:
    ignore: list[Matcher] = field(default_factory=list)
    annotate: list[Matcher] = field(default_factory=list)
    origin: str | None = None

    def apply(self, findings: list[Finding]) -> list[Finding]:
        out = []
        for f in findings:
            update: dict[str, Any] = {}
            for m in self.ignore:
                if m.matches(f):
                    update = {"suppressed": True, "annotation": f"suppressed: {m.text}"}
                    break
            if not update:
                note = next((m.text for m in self.annotate if m.matches(f)), None)
                if note:
                    update = {"annotation": note}
            out.append(f.model_copy(update=update) if update else f)
        return out


def _matchers(items: Any, text_key: str, origin: str) -> list[Matcher]:
    if items is None:
        return []
    if not isinstance(items, list):
        raise UsageError(f"{origin}: expected a list of tables for the suppressions")
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("rule", "*"), str):
            raise UsageError(f"{origin}: each entry needs string keys rule, path, {text_key}")
        out.append(Matcher(rule=item.get("rule", "*"), path=str(item.get("path", "*")),
                           text=str(item.get(text_key, ""))))
    return out


def load_config(explicit: Path | None = None, search_dir: Path | None = None) -> SuppressionConfig:
    """The explicit file, else `.unveil.toml`, else `[tool.unveil]` in pyproject.toml of `search_dir`."""
    candidates = [explicit] if explicit else [
        (search_dir or Path.cwd()) / ".unveil.toml", (search_dir or Path.cwd()) / "pyproject.toml"
    ]
    for path in candidates:
        if path is None or not path.is_file():
            if explicit:
                raise UsageError(f"config file not found: {explicit}")
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read {path}: {exc}") from exc
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("unveil")
            if data is None:
                continue
        return SuppressionConfig(
            ignore=_matchers(data.get("ignore"), "reason", str(path)),
            annotate=_matchers(data.get("annotate"), "note", str(path)),
            origin=str(path),
        )
    return SuppressionConfig()
