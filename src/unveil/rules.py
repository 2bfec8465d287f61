"""The rule registry: one definition per stable rule id, from which docs and SARIF help are built.

Families: OPN1xx openness, LIC2xx licenses, SEC3xx artifacts, CODE4xx bundled code,
DOC5xx documentation, SRC6xx sources/inventory. Each analyzer module registers its own rules.
"""

from __future__ import annotations

from dataclasses import dataclass

HELP_BASE = "https://github.com/unveil-ai/unveil/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # default severity: critical | high | medium | low | info
    title: str
    rationale: str
    clause: str = ""  # the framework clause or advisory it implements
    remediation: str = ""

    @property
    def help_uri(self) -> str:
        return f"{HELP_BASE}#{self.id.lower()}"


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    existing = RULES.get(rule.id)
    if existing is not None and existing != rule:
        raise ValueError(f"rule id {rule.id} registered twice with different definitions")
    RULES[rule.id] = rule
    return rule


def rule(id: str, severity: str, title: str, rationale: str, clause: str = "", remediation: str = "") -> Rule:
    return register(Rule(id, severity, title, rationale, clause, remediation))


def all_rules() -> list[Rule]:
    # Import every analyzer so each registers its rules.
    import unveil.analyzers  # noqa: F401

    return sorted(RULES.values(), key=lambda r: r.id)
