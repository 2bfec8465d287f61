"""Everything the analyzers learned about a release, handed to the pure judges."""

from __future__ import annotations

from dataclasses import dataclass, field

from unveil.card import ModelCard
from unveil.licenses import LicenseAnalysis
from unveil.release import Release
from unveil.report import Component, DocumentationSection, SecuritySection


@dataclass
class AuditFacts:
    release: Release
    card: ModelCard
    components: list[Component] = field(default_factory=list)
    licenses: LicenseAnalysis = field(default_factory=LicenseAnalysis)
    documentation: DocumentationSection = field(default_factory=DocumentationSection)
    security: SecuritySection = field(default_factory=SecuritySection)
    # url -> unveil.card_links.LinkFact: what the card's links showed (filled only when following links).
    links: dict = field(default_factory=dict)

    def component(self, name: str) -> Component | None:
        return next((c for c in self.components if c.name == name), None)
