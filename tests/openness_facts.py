"""Build AuditFacts by hand for the openness judge tests (no files, no analyzers)."""

from __future__ import annotations

from unveil.card import parse_card
from unveil.facts import AuditFacts
from unveil.licenses import LicenseAnalysis
from unveil.release import Release, SourceInfo
from unveil.report import (
    MOF_COMPONENTS,
    Component,
    Contradiction,
    DocSection,
    DocumentationSection,
    Evidence,
    LicenseEntry,
    Restriction,
)


def make_facts(
    components: dict[str, str],
    licenses: dict[str, str] | None = None,
    *,
    card: str = "",
    repo: str = "org/model",
    categories: dict[str, str] | None = None,
    restrictions: dict[str, list[str]] | None = None,
    claims: list[str] | None = None,
    base_models: list[str] | None = None,
    lineage: list[str] | None = None,
    covered: dict[str, bool] | None = None,
) -> AuditFacts:
    """components: name -> status; licenses: kind (weights|code|data|documentation) -> license id."""
    comps = [
        Component(
            name=n,
            present={"verified": True, "declared": True, "absent": False}.get(components.get(n, "absent")),
            status=components.get(n, "absent"),  # type: ignore[arg-type]
            evidence=[Evidence(path="README.md", text=n)] if components.get(n, "absent") != "absent" else [],
        )
        for n in MOF_COMPONENTS
    ]
    by_id: dict[str, list[str]] = {}
    for kind, lic in (licenses or {}).items():
        by_id.setdefault(lic, []).append(kind)
    entries = [
        LicenseEntry(
            id=lic,
            category=(categories or {}).get(lic, "unknown"),  # type: ignore[arg-type]
            applies_to=kinds,
            evidence=[Evidence(path="LICENSE", text=lic)],
            restrictions=[
                Restriction(kind=k, evidence=[Evidence(path="LICENSE", line=1, text=k)])
                for k in (restrictions or {}).get(lic, [])
            ],
        )
        for lic, kinds in by_id.items()
    ]
    analysis = LicenseAnalysis(
        entries=entries,
        claims=[Evidence(path="README.md", line=i + 1, text=c) for i, c in enumerate(claims or [])],
        base_models=list(base_models or []),
        lineage_conflicts=[Contradiction(reason=r) for r in lineage or []],
    )
    docs = DocumentationSection(sections={k: DocSection(covered=v) for k, v in (covered or {}).items()})
    release = Release(source=SourceInfo(kind="hub", id=repo), files=[])
    return AuditFacts(
        release=release,
        card=parse_card(card or "# Model\n", "README.md"),
        components=comps,
        licenses=analysis,
        documentation=docs,
    )
