"""The registries, in one place: rule families, artifact formats, renderers.

Importing a module never adds to a registry; this module lists what exists and collects it:
- rules: every module-level `Rule` of the modules in `RULE_MODULES` and of every format module
  (`unveil.security.dispatch.FORMAT_MODULES`); one id defined twice differently is an error;
- formats: `unveil.security.dispatch.FORMAT_MODULES` (the sniffing order);
- renderers: `unveil.render.RENDERERS`.
A new rule family, format or renderer is one entry here or in those lists.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

from unveil.rules import Rule
from unveil.security.dispatch import FORMAT_MODULES

# Modules whose module-level `Rule`s are the rule families (OPN, LIC, SEC, CODE, DOC, SRC, POL).
RULE_MODULES = (
    "unveil.openness.rules",
    "unveil.licenses.rules",
    "unveil.security.artifact_rules",
    "unveil.security.code.ids",
    "unveil.documentation.findings",
    "unveil.inventory",
    "unveil.security.formats._jinja",
    "unveil.security.formats.keras_config",  # SEC35x, judged for both Keras formats
    "unveil.policy",
)


def _rules_of(module: ModuleType) -> list[Rule]:
    """The module's rules: its module-level `Rule`s and the `Rule`s in its module-level tuples."""
    out: list[Rule] = []
    for value in vars(module).values():
        if isinstance(value, Rule):
            out.append(value)
        elif isinstance(value, tuple):
            out.extend(item for item in value if isinstance(item, Rule))
    return out


@lru_cache(maxsize=1)
def rules_by_id() -> dict[str, Rule]:
    """Every rule by id; a module that fails to import is an error, not a gap in the reference."""
    names = [*RULE_MODULES, *(f"unveil.security.formats.{name}" for name in FORMAT_MODULES)]
    out: dict[str, Rule] = {}
    for name in names:
        for item in _rules_of(importlib.import_module(name)):
            existing = out.get(item.id)
            if existing is not None and existing != item:
                raise ValueError(f"rule id {item.id} defined twice with different definitions ({name})")
            out[item.id] = item
    return out


def all_rules() -> list[Rule]:
    return sorted(rules_by_id().values(), key=lambda r: r.id)
