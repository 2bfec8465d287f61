"""The audit report: pydantic models for the versioned JSON contract (schema_version "1").

Contract fields (design.md) are never renamed; new fields may be added freely.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The security section is plain dataclasses (unveil.records: a scan starts without pydantic); re-exported here.
from unveil.records import (
    SEVERITY_ORDER,
    Coverage,  # noqa: F401
    CoverageEntry,  # noqa: F401
    Evidence,
    Finding,
    SecuritySection,
    Severity,  # noqa: F401
    Unscannable,  # noqa: F401
)
from unveil.sanitize import clean

SCHEMA_VERSION = "1"

ComponentStatus = Literal["verified", "declared", "absent", "inconclusive"]
LicenseCategory = Literal[
    "open-source", "open-data", "open-content", "restricted", "non-commercial", "proprietary", "unknown"
]
Label = Literal["open-source-ai", "open-weights", "restricted-weights", "closed", "unknown"]
OsaidVerdict = Literal["meets", "does-not-meet", "insufficient-evidence"]
Grade = Literal["open", "partial", "closed", "inconclusive"]

# The 17 MOF components, in the MOF's order.
MOF_COMPONENTS: tuple[str, ...] = (
    "model_architecture",
    "model_parameters_final",
    "model_parameters_intermediate",
    "model_metadata",
    "training_code",
    "inference_code",
    "evaluation_code",
    "data_preprocessing_code",
    "supporting_libraries",
    "datasets",
    "evaluation_data",
    "sample_outputs",
    "model_card",
    "data_card",
    "technical_report",
    "research_paper",
    "evaluation_results",
)


class _Model(BaseModel):
    # defer_build: a model's validator is built on first use, so a scan never pays for the whole report.
    model_config = ConfigDict(populate_by_name=True, extra="forbid", defer_build=True)




class ToolInfo(_Model):
    name: str = "unveil"
    version: str


class FrameworkStamp(_Model):
    name: str
    version: str


class FileRecord(_Model):
    """One file of the release listing (hashes for bills of materials; sha256 only when known)."""
    path: str
    size: int | None = None
    sha256: str | None = None
    lfs: bool = False


class SourceSection(_Model):
    kind: str
    id: str
    revision: str | None = None
    requested_revision: str | None = None
    files: int = 0
    total_bytes: int = 0
    bytes_read: int = 0
    refs: dict[str, list[str]] = Field(default_factory=dict)
    listing: list[FileRecord] = Field(default_factory=list)  # every file: path, size, sha256


class Component(_Model):
    name: str
    present: bool | None
    status: ComponentStatus
    paths: list[str] = Field(default_factory=list)
    license: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class Restriction(_Model):
    kind: str
    blocking: bool = True
    evidence: list[Evidence] = Field(default_factory=list)


class LicenseEntry(_Model):
    id: str
    spdx: str | None = None
    name: str | None = None
    category: LicenseCategory = "unknown"
    osi_approved: bool = False
    applies_to: list[str] = Field(default_factory=list)  # weights | code | data | documentation
    restrictions: list[Restriction] = Field(default_factory=list)
    confidence: float | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class OsaidResult(_Model):
    verdict: OsaidVerdict = "insufficient-evidence"
    missing: list[str] = Field(default_factory=list)
    inconclusive: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)


class MofResult(_Model):
    mof_class: int | None = Field(default=None, alias="class")
    missing: dict[str, list[str]] = Field(default_factory=dict)  # "class_1" -> components
    progress: dict[str, float] = Field(default_factory=dict)  # "class_1" -> percent
    warnings: list[str] = Field(default_factory=list)  # e.g. an open license of another content type
    # Components that are present yet do not count for the MOF, with the reason (usually their license).
    excluded: dict[str, str] = Field(default_factory=dict)


class EosaiParameter(_Model):
    grade: Grade
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str | None = None


class EosaiResult(_Model):
    parameters: dict[str, EosaiParameter] = Field(default_factory=dict)
    score: float | None = None
    graded: int | None = None  # how many of the parameters the score rests on (inconclusive ones left out)
    # The parameters left out of the score (`inconclusive`: could not be fetched or judged), by name.
    not_graded: list[str] = Field(default_factory=list)


class Contradiction(_Model):
    claim: str | None = None
    reason: str
    evidence: list[Evidence] = Field(default_factory=list)


class Openwashing(_Model):
    flag: bool = False
    claims: list[Evidence] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)


class OpennessSection(_Model):
    label: Label = "unknown"
    label_reason: str | None = None
    osaid: OsaidResult = Field(default_factory=OsaidResult)
    mof: MofResult = Field(default_factory=MofResult)
    eosai: EosaiResult = Field(default_factory=EosaiResult)
    openwashing: Openwashing = Field(default_factory=Openwashing)
    # The license governing the weights as the judges read it (id and category).
    weights_license: str | None = None
    weights_license_category: LicenseCategory | None = None












class DocSection(_Model):
    covered: bool
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str | None = None


class DocumentationSection(_Model):
    score: float | None = None
    sections: dict[str, DocSection] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    data_cards: list[dict[str, Any]] = Field(default_factory=list)


class Inconclusive(_Model):
    check: str
    reason: str
    path: str | None = None


class PolicySection(_Model):
    """The result of `--policy FILE`: every violated requirement, in every output format."""
    file: str | None = None
    passed: bool = True
    violations: list[str] = Field(default_factory=list)


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    tool: ToolInfo
    frameworks: list[FrameworkStamp] = Field(default_factory=list)
    generated_at: str
    source: SourceSection
    components: list[Component] = Field(default_factory=list)
    licenses: list[LicenseEntry] = Field(default_factory=list)
    openness: OpennessSection = Field(default_factory=OpennessSection)
    security: SecuritySection = Field(default_factory=SecuritySection)
    documentation: DocumentationSection = Field(default_factory=DocumentationSection)
    inconclusive: list[Inconclusive] = Field(default_factory=list)
    policy: PolicySection | None = None

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON contract; every string from the release cleaned first (valid UTF-8, no control characters)."""

        return clean(self).model_dump_json(by_alias=True, indent=indent)

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)

    def worst_severity(self) -> str | None:
        active = [f.severity for f in self.security.findings if not f.suppressed]
        return max(active, key=SEVERITY_ORDER.__getitem__) if active else None


SCHEMA_ID = f"urn:unveil:schema:report:{SCHEMA_VERSION}"  # a name, not a URL nobody serves
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    schema = Report.model_json_schema(by_alias=True)
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **schema}
