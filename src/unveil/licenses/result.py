"""What the licence analysis yields: the licences per component, claims, lineage and restriction entries."""

from __future__ import annotations

from dataclasses import dataclass, field

from unveil.licenses.catalog import BLOCKING_KINDS
from unveil.report import Contradiction, Evidence, Finding, LicenseEntry, Restriction


@dataclass
class LicenseAnalysis:
    entries: list[LicenseEntry] = field(default_factory=list)
    # Sentences where the card presents this release as open source (openwashing basis).
    claims: list[Evidence] = field(default_factory=list)
    # base_model ids from the card (license lineage).
    base_models: list[str] = field(default_factory=list)
    # Lineage conflicts, e.g. an apache-2.0 label on a fine-tune of a Llama model.
    lineage_conflicts: list[Contradiction] = field(default_factory=list)
    # Findings (LIC2xx) for reports and policies.
    findings: list[Finding] = field(default_factory=list)
    # Licence files read in part or not at all (path, why): "could not check" in the report.
    unread: list[tuple[str, str]] = field(default_factory=list)

    def for_component(self, kind: str) -> list[LicenseEntry]:
        """Licenses governing `kind` (weights | code | data | documentation), most authoritative first."""
        return [e for e in self.entries if kind in e.applies_to]

    @property
    def weights_license(self) -> LicenseEntry | None:
        """The licence that governs the weights (None when nothing covers them)."""
        found = [e for e in self.for_component("weights") if not e.id.endswith("use-policy")]
        return found[0] if found else None

    @property
    def claims_open_source(self) -> bool:
        return bool(self.claims)


def restriction_list(kinds: list[str], clauses: dict, path: str | None, rule: str = "LIC205") -> list[Restriction]:
    """Restriction entries with the sentences that carry them (catalogue facts without a found sentence
    still appear, with the licence as their evidence)."""
    out = []
    for kind in kinds:
        ev = [
            Evidence(path=path, line=c.line, line_end=c.line_end, text=c.text, rule=rule) for c in clauses.get(kind, [])
        ]
        out.append(Restriction(kind=kind, blocking=kind in BLOCKING_KINDS, evidence=ev))
    return out
