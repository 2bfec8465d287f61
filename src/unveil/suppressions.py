"""Suppressions and annotations: configuration of the person running unveil, never of the audited release.

Where they come from (the trust boundary):
- `--config FILE` (or `UNVEIL_CONFIG`), always;
- else `.unveil.toml`, then `[tool.unveil]` in `pyproject.toml`, of the working directory, but only
  when the working directory is not inside the audited tree (`cd release && unveil audit .` must not
  let the release switch off its own gate). Files inside the release are never read as configuration.

    [[ignore]]                 # suppressed findings stay in the report, marked, and never trip a gate
    rule = "SEC3*"             # rule id glob
    path = "tests/fixtures/**" # path glob (members as outer.zip!inner)
    reason = "known test fixtures"

    [[annotate]]               # a note shown beside matching results; never changes anything
    rule = "CODE4*"
    path = "*"
    note = "reviewed by the platform team"

A critical finding is suppressed only by an entry naming its exact rule id and its exact path (no
wildcard): a glob written for test fixtures must never hide a payload that runs on load.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import TYPE_CHECKING, Any

from unveil.errors import UsageError

if TYPE_CHECKING:
    from unveil.report import Finding

_GLOB_CHARS = frozenset("*?[]")


@dataclass(frozen=True)
class Matcher:
    rule: str
    path: str
    text: str

    @property
    def exact(self) -> bool:
        return not (_GLOB_CHARS & set(self.rule + self.path))

    def matches(self, finding: Finding) -> bool:
        if finding.severity == "critical":
            return self.exact and finding.rule == self.rule and finding.path == self.path
        outer = finding.path.split("!", 1)[0]
        return fnmatchcase(finding.rule, self.rule) and (
            fnmatchcase(finding.path, self.path) or fnmatchcase(outer, self.path)
        )


@dataclass
class SuppressionConfig:
    ignore: list[Matcher] = field(default_factory=list)
    annotate: list[Matcher] = field(default_factory=list)
    origin: str | None = None  # the file these came from
    # Configuration files that were present but not read because they sit inside the audited tree.
    refused: list[str] = field(default_factory=list)

    def apply(self, findings: list[Finding]) -> list[Finding]:
        out = []
        for f in findings:
            update: dict[str, Any] = {}
            for m in self.ignore:
                if m.matches(f):
                    update = {"suppressed": True, "annotation": f"suppressed: {m.text}", "suppressed_by": self.origin}
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


def is_inside(directory: Path, tree: Path) -> bool:
    """True when `directory` is `tree` or below it (symlinks resolved on both sides)."""
    try:
        d, t = Path(os.path.realpath(directory)), Path(os.path.realpath(tree))
    except (OSError, RuntimeError, ValueError):
        return True  # cannot tell: treat as inside, i.e. do not trust the files there
    return d == t or t in d.parents


def _mentions_unveil(path: Path) -> bool:
    """Would this file have configured unveil? (Only to say so; the file is not parsed.)"""
    if path.name != "pyproject.toml":
        return True
    try:
        with open(path, "rb") as fh:
            return b"tool.unveil" in fh.read(1 << 20)
    except OSError:
        return False


def _parse(path: Path) -> SuppressionConfig | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("unveil")
        if data is None:
            return None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: [tool.unveil] must be a table")
    return SuppressionConfig(
        ignore=_matchers(data.get("ignore"), "reason", str(path)),
        annotate=_matchers(data.get("annotate"), "note", str(path)),
        origin=str(path),
    )


def load_config(explicit: Path | None = None, search_dir: Path | None = None,
                audited: Path | None = None) -> SuppressionConfig:
    """The explicit file; else `.unveil.toml`, else `[tool.unveil]` in pyproject.toml of `search_dir`
    (default: the working directory), unless `search_dir` is inside `audited` (a local release)."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"config file not found: {explicit}")
        return _parse(explicit) or SuppressionConfig(origin=str(explicit))
    folder = search_dir or Path.cwd()
    candidates = [p for p in (folder / ".unveil.toml", folder / "pyproject.toml") if p.is_file()]
    if audited is not None and is_inside(folder, audited):
        return SuppressionConfig(refused=[str(p) for p in candidates if _mentions_unveil(p)])
    for path in candidates:
        config = _parse(path)
        if config is not None:
            return config
    return SuppressionConfig()
