"""Model Openness Framework 1.0: class III / II / I and progress, computed as the MOF tool (MOT) does.

The judge works on a neutral input, "which components are listed and under which resolved license",
so the same rules run on a MOT model YAML (declared facts) and on a real release (inventory + licenses).

MOT rules (ModelEvaluator / LicenseHandler):
- classes are cumulative: III needs 6 components, II adds 4, I adds 4; optional components never block;
- a component is included when listed with an open license, resolved as: its own license, else the
  release license for its content type, else the distribution license (`unlicensed` or empty: none);
- open = an exact (case-sensitive) id in the OSI-approved / FSF-libre / open-data lists;
- when the technical report is not included and a research paper is, the paper takes the report's
  place in classes III and II and class I then needs 13 components;
- progress(c) is 0 unless every higher class is complete, else included / required (cumulative).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from unveil.mof_spec import (  # noqa: F401  (the framework's tables, re-exported for the judges and renderers)
    BY_DISPLAY_NAME,
    COMPONENTS,
    CONTENT_TYPE,
    DISPLAY_NAME,
    NO_LICENSE,
    REQUIRED,
    declared_listing,
    resolve_license,
)
from unveil.report import MofResult


@dataclass(frozen=True)
class LicenseLists:
    open_ids: frozenset[str]
    known_ids: frozenset[str]
    content_types: Mapping[str, tuple[str, ...]]
    osi_approved: frozenset[str] = frozenset()
    open_data: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def license_lists() -> LicenseLists:
    data = json.loads(resources.files("unveil.openness").joinpath("data/mof_licenses.json").read_text())
    open_ids = set(data["osi_approved"]) | set(data["fsf_libre"]) | set(data["open_data"])
    open_ids |= set(data["always_open"])
    return LicenseLists(
        open_ids=frozenset(open_ids),
        known_ids=frozenset(data["known_ids"]) | open_ids,
        content_types={k: tuple(v) for k, v in data["content_types"].items()},
        osi_approved=frozenset(data["osi_approved"]),
        open_data=frozenset(data["open_data"]),
    )


def is_open_license(license_id: str | None) -> bool:
    """Exact, case-sensitive id match against the MOT's open lists; free text is never open."""
    return bool(license_id) and license_id.strip() in license_lists().open_ids


def canonical_id(value: str | None) -> str | None:
    """The exact MOT id for `value` compared case-insensitively (Hub ids are lower case), else None."""
    if not value:
        return None
    value = value.strip()
    lists = license_lists()
    if value in lists.known_ids:
        return value
    lowered = {i.lower(): i for i in lists.known_ids}
    return lowered.get(value.lower())


@dataclass
class MofInput:
    """What the judge needs: listed components and each one's resolved license (None: no license)."""

    listed: set[str] = field(default_factory=set)
    licenses: dict[str, str | None] = field(default_factory=dict)
    # Components whose presence could not be checked (reported, never counted as included).
    inconclusive: set[str] = field(default_factory=set)

    def included(self) -> set[str]:
        return {c for c in self.listed if is_open_license(self.licenses.get(c))}


def required_sets(included: set[str]) -> dict[int, list[str]]:
    """Cumulative required components per class, with the research-paper substitution applied."""
    substitute = "technical_report" not in included and "research_paper" in included
    level3 = list(REQUIRED[3])
    if substitute:
        level3 = [("research_paper" if c == "technical_report" else c) for c in level3]
    level2 = level3 + list(REQUIRED[2])
    level1 = level2 + [c for c in REQUIRED[1] if c not in level2]
    return {3: level3, 2: level2, 1: level1}


def evaluate(inp: MofInput) -> MofResult:
    included = inp.included()
    sets = required_sets(included)
    missing = {level: [c for c in sets[level] if c not in included] for level in (1, 2, 3)}
    progress: dict[int, float] = {}
    for level in (3, 2, 1):
        higher_complete = all(not missing[h] for h in range(level + 1, 4))
        done = len(sets[level]) - len(missing[level])
        progress[level] = done / len(sets[level]) * 100 if higher_complete else 0.0
    mof_class = next((level for level in (1, 2, 3) if not missing[level]), None)
    return MofResult.model_validate(
        {
            "class": mof_class,
            "missing": {f"class_{lvl}": missing[lvl] for lvl in (1, 2, 3)},
            "progress": {f"class_{lvl}": progress[lvl] for lvl in (1, 2, 3)},
        }
    )


# -- MOT model YAML (declared facts) ----------------------------------------------------------


def input_from_declared(declared: Mapping[str, Any]) -> MofInput:
    """Listed components and resolved licenses from a parsed MOT model YAML."""
    listed, licenses = declared_listing(declared)
    return MofInput(listed=listed, licenses=licenses)


def evaluate_declared(declared: Mapping[str, Any]) -> MofResult:
    return evaluate(input_from_declared(declared))


def content_type_warnings(inp: MofInput) -> list[str]:
    """Open licenses whose MOT content type does not cover the component (a warning, not a failure)."""
    out = []
    types = license_lists().content_types
    for comp in sorted(inp.included()):
        lic = inp.licenses.get(comp)
        allowed = types.get(lic or "")
        if allowed and CONTENT_TYPE[comp] not in allowed:
            out.append(f"{DISPLAY_NAME[comp]}: {lic} is not a {CONTENT_TYPE[comp]} license in the MOT")
    return out


def display_names(names: Iterable[str]) -> list[str]:
    return [DISPLAY_NAME.get(n, n) for n in names]
