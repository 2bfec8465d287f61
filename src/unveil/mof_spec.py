"""The Model Openness Framework 1.0 as a specification: its 17 components and the MOT model YAML's shape.

Plain tables and readers shared by every layer (the declared source reads a MOT YAML with them, the
inventory names components with them, the MOF judge in `unveil.openness.mof` grades with them). No
judgement here: which licenses are open is the judge's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from unveil.report import Component, Evidence

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


def resolve_license(
    component: str, own: str | None, by_type: Mapping[str, str | None], distribution: str | None
) -> str | None:
    """Component license, else release license for its content type, else distribution license."""
    for candidate in (own, by_type.get(CONTENT_TYPE[component]), distribution):
        if candidate is not None and str(candidate).strip() != "":
            value = str(candidate).strip()
            return None if value.lower() in NO_LICENSE else value
    return None


def _license_name(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("name")
    return None if value is None else str(value)


def declared_listing(declared: Mapping[str, Any]) -> tuple[set[str], dict[str, str | None]]:
    """The components a parsed MOT model YAML lists, and each one's resolved license (MOT order of resolution)."""
    release = declared.get("release") or {}
    lic = release.get("license") or {}
    lic = lic if isinstance(lic, Mapping) else {}
    by_type = {t: _license_name(lic.get(t)) for t in ("code", "data", "document")}
    distribution = _license_name(lic.get("distribution"))
    listed: set[str] = set()
    licenses: dict[str, str | None] = {}
    for comp in release.get("components") or []:
        if not isinstance(comp, Mapping):
            continue
        name = BY_DISPLAY_NAME.get(str(comp.get("name", "")).strip().lower())
        if name is None:
            continue
        own = comp.get("license")
        listed.add(name)
        licenses[name] = resolve_license(name, None if own is None else str(own), by_type, distribution)
    return listed, licenses


def declared_components(declared: Mapping[str, Any], path: str | None = None) -> list[Component]:
    """One Component per MOF component: `declared` when listed in the YAML, else `absent`."""
    listed, licenses = declared_listing(declared)
    paths: dict[str, list[str]] = {}
    for comp in (declared.get("release") or {}).get("components") or []:
        if isinstance(comp, Mapping) and isinstance(comp.get("component_path"), str):
            key = BY_DISPLAY_NAME.get(str(comp.get("name", "")).strip().lower())
            if key and comp["component_path"]:
                paths[key] = [comp["component_path"]]
    out = []
    for name, *_ in COMPONENTS:
        present = name in listed
        out.append(
            Component(
                name=name,
                present=present,
                status="declared" if present else "absent",
                paths=paths.get(name, []),
                license=licenses.get(name) if present else None,
                evidence=[Evidence(path=path, text=f"component: {DISPLAY_NAME[name]}", rule="OPN100")]
                if present
                else [],
            )
        )
    return out
