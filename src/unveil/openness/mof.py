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

from unveil.report import MofResult

# (snake name, MOT display name, content type, class, required) in the MOF's order.
COMPONENTS: tuple[tuple[str, str, str, int, bool], ...] = (
    ("model_architecture", "Model architecture", "code", 3, True),
    ("model_parameters_final", "Model parameters (Final)", "data", 3, True),
    ("model_parameters_intermediate", "Model parameters (Intermediate)", "data", 1, True),
    ("model_metadata", "Model metadata", "data", 1, False),
    ("training_code", "Training code", "code", 2, True),
    ("inference_code", "Inference code", "code", 2, True),
    ("evaluation_code", "Evaluation code", "code", 2, True),
    ("data_preprocessing_code", "Data preprocessing code", "code", 1, True),
    ("supporting_libraries", "Supporting libraries and tools", "code", 2, False),
    ("datasets", "Datasets", "data", 1, True),
    ("evaluation_data", "Evaluation data", "data", 2, True),
    ("sample_outputs", "Sample model outputs", "document", 3, False),
    ("model_card", "Model card", "document", 3, True),
    ("data_card", "Data card", "document", 3, True),
    ("technical_report", "Technical report", "document", 3, True),
    ("research_paper", "Research paper", "document", 1, True),
    ("evaluation_results", "Evaluation results", "document", 3, True),
)
DISPLAY_NAME = {c[0]: c[1] for c in COMPONENTS}
BY_DISPLAY_NAME = {c[1].lower(): c[0] for c in COMPONENTS}
CONTENT_TYPE = {c[0]: c[2] for c in COMPONENTS}
REQUIRED: dict[int, tuple[str, ...]] = {
    level: tuple(c[0] for c in COMPONENTS if c[3] == level and c[4]) for level in (1, 2, 3)
}
NO_LICENSE = {"", "unlicensed"}


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


def resolve_license(
    component: str, own: str | None, by_type: Mapping[str, str | None], distribution: str | None
) -> str | None:
    """Component license, else release license for its content type, else distribution license."""
    for candidate in (own, by_type.get(CONTENT_TYPE[component]), distribution):
        if candidate is not None and str(candidate).strip() != "":
            value = str(candidate).strip()
            return None if value.lower() in NO_LICENSE else value
    return None


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


def _license_name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("name")
    return None if value is None else str(value)


def input_from_declared(declared: Mapping[str, Any]) -> MofInput:
    """Listed components and resolved licenses from a parsed MOT model YAML."""
    release = declared.get("release") or {}
    lic = release.get("license") or {}
    lic = lic if isinstance(lic, Mapping) else {}
    by_type = {t: _license_name(lic.get(t)) for t in ("code", "data", "document")}
    distribution = _license_name(lic.get("distribution"))
    inp = MofInput()
    for comp in release.get("components") or []:
        if not isinstance(comp, Mapping):
            continue
        name = BY_DISPLAY_NAME.get(str(comp.get("name", "")).strip().lower())
        if name is None:
            continue
        own = comp.get("license")
        inp.listed.add(name)
        inp.licenses[name] = resolve_license(name, None if own is None else str(own), by_type, distribution)
    return inp


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
