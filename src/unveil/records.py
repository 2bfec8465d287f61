"""The security section's records (findings, evidence, the coverage ledger) as plain dataclasses.

Why not pydantic models like the rest of the report: `unveil scan x.pkl` is a CI gate and must start
fast, and importing pydantic alone costs more than a whole picklescan run. The scanners build these
records without pydantic; `unveil.report` embeds them in the pydantic `Report`, which validates them
when a report is read (`extra="forbid"` through `__pydantic_config__`, the same JSON Schema) and
serializes them. They keep the small part of pydantic's model API that callers use
(`model_copy(update=)`, `model_dump()`, `model_fields`), so a record and a model are handled alike.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Self

from unveil.severity import SEVERITY_ORDER  # re-exported: callers import it with the records

__all__ = ["SEVERITY_ORDER", "Coverage", "CoverageEntry", "Evidence", "Finding", "Record", "SecuritySection",
           "Severity", "Unscannable"]

Severity = Literal["critical", "high", "medium", "low", "info"]


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return {name: _dump(getattr(value, name)) for name in value.model_fields}
    if isinstance(value, list | tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


class Record:
    """Base of the records: pydantic reads `__pydantic_config__` when a record sits in a model."""

    __pydantic_config__: ClassVar[dict[str, Any]] = {"extra": "forbid"}
    model_fields: ClassVar[dict[str, dataclasses.Field[Any]]]

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A shallow copy with some fields replaced (pydantic's `model_copy`, without validation)."""
        return dataclasses.replace(self, **update) if update else dataclasses.replace(self)  # type: ignore[type-var]

    def model_dump(self, *, mode: str = "python") -> dict[str, Any]:
        """Every field, nested records as dicts (the JSON contract's shape, in both modes)."""
        return _dump(self)  # type: ignore[no-any-return]

    def model_dump_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=indent, ensure_ascii=False)


def _record(cls: type) -> type:
    """A dataclass record with its field table (`model_fields`, in declaration order)."""
    cls = dataclass(cls)
    cls.model_fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[attr-defined]
    return cls


@_record
class Evidence(Record):
    """Where a verdict came from, precise enough for a person to disagree with it."""

    path: str | None = None
    line: int | None = None
    line_end: int | None = None
    offset: int | None = None
    text: str | None = None  # the sentence, clause, global or key that decided
    rule: str | None = None  # the rule id that applied
    url: str | None = None
    # The original bytes of `text` as hex, when `text` had to be escaped for output (unveil.sanitize).
    raw_hex: str | None = None


@_record
class Finding(Record):
    rule: str
    severity: Severity
    path: str
    detail: str
    evidence: list[Evidence] = field(default_factory=list)
    scanner: str = "unveil"
    suppressed: bool = False
    annotation: str | None = None
    suppressed_by: str | None = None  # the configuration file (given by the person running unveil) that did it


@_record
class Unscannable(Record):
    path: str
    reason: str


@_record
class CoverageEntry(Record):
    path: str
    reason: str


def _no_counts() -> dict[str, int]:
    return {"scanned": 0, "unscannable": 0, "not_applicable": 0}


@_record
class Coverage(Record):
    """The ledger: every release file in exactly one state (unveil.security.coverage computes it)."""

    files: int = 0
    counts: dict[str, int] = field(default_factory=_no_counts)
    scanned: list[str] = field(default_factory=list)
    unscannable: list[CoverageEntry] = field(default_factory=list)
    not_applicable: list[CoverageEntry] = field(default_factory=list)


@_record
class SecuritySection(Record):
    findings: list[Finding] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)
    unscannable: list[Unscannable] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    coverage: Coverage = field(default_factory=Coverage)
