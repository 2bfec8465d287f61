"""Declared source: a MOT (Model Openness Tool) model YAML. Facts without files.

`open_declared(path)` parses and checks the YAML against the shape of the MOT's `mof_schema.json`
(restated as a hand check so no schema file or validator is needed at run time) and returns a
`Release` with no files whose `declared` holds the parsed `framework:` / `release:` mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from unveil.errors import SourceNotFound, UsageError
from unveil.mof_spec import declared_components
from unveil.release import Release, SourceInfo
from unveil.shape import shape_problem

MAX_DECLARED_BYTES = 1024 * 1024

# Enumerations from the MOT's schema/mof_schema.json.
TYPES = {"", "language", "vision", "image", "audio", "video", "3d", "code", "multimodal", "other"}
ARCHITECTURES = {
    "",
    "transformer",
    "transformer decoder",
    "transformer encoder-decoder",
    "decoder",
    "encoder",
    "diffusion",
    "RNN",
    "CNN",
    "LSTM",
    "NeRF",
    "hybrid",
    "undisclosed",
    "other",
}
TREATMENTS = {"pre-trained", "instruct fine-tuned", "chat fine-tuned"}
FRAMEWORK_NAME = "Model Openness Framework"


class _DeclaredLoader(yaml.SafeLoader):
    """Safe loader that keeps dates, numbers and booleans as the strings written (as the MOT reads them)."""


_DeclaredLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_problems(data: Any) -> list[str]:
    """Violations of the MOT model schema, as short sentences with the offending key path."""
    if not isinstance(data, Mapping):
        return ["the document is not a mapping with `framework` and `release`"]
    problems: list[str] = []
    fw = data.get("framework")
    if not isinstance(fw, Mapping):
        problems.append("`framework` is missing or not a mapping")
    else:
        for key in ("name", "version", "date"):
            if key not in fw:
                problems.append(f"`framework.{key}` is required")
            elif not isinstance(fw[key], str):
                problems.append(f"`framework.{key}` must be a string")
        if fw.get("name") not in (None, FRAMEWORK_NAME):
            problems.append(f"`framework.name` must be '{FRAMEWORK_NAME}'")
    rel = data.get("release")
    if not isinstance(rel, Mapping):
        problems.append("`release` is missing or not a mapping")
        return problems
    for key in ("name", "license", "producer", "components"):
        if key not in rel:
            problems.append(f"`release.{key}` is required")
    for key in (
        "name",
        "version",
        "date",
        "origin",
        "producer",
        "contact",
        "type",
        "architecture",
        "treatment",
    ):
        if key in rel and not isinstance(rel[key], str):
            problems.append(f"`release.{key}` must be a string")
    if isinstance(rel.get("name"), str) and not rel["name"]:
        problems.append("`release.name` must not be empty")
    for key, allowed in (("type", TYPES), ("architecture", ARCHITECTURES), ("treatment", TREATMENTS)):
        if isinstance(rel.get(key), str) and rel[key] not in allowed:
            problems.append(f"`release.{key}` is '{rel[key]}', not one of the schema's values")
    lic = rel.get("license")
    if "license" in rel and not isinstance(lic, Mapping):
        problems.append("`release.license` must be a mapping")
    elif isinstance(lic, Mapping):
        for kind, value in lic.items():
            if kind in ("distribution", "code", "data", "document"):
                if not isinstance(value, Mapping):
                    problems.append(f"`release.license.{kind}` must be a mapping with name/path")
                    continue
                for sub in ("name", "path"):
                    if value.get(sub) is not None and not isinstance(value[sub], str):
                        problems.append(f"`release.license.{kind}.{sub}` must be a string or null")
    comps = rel.get("components")
    if "components" in rel and not isinstance(comps, list):
        problems.append("`release.components` must be a list")
    elif isinstance(comps, list):
        if len(comps) > 17:
            problems.append("`release.components` has more than 17 items")
        for i, comp in enumerate(comps):
            if not isinstance(comp, Mapping):
                problems.append(f"`release.components[{i}]` must be a mapping")
                continue
            for key in ("name", "description", "license", "license_path", "component_path"):
                if key in comp and not isinstance(comp[key], str):
                    problems.append(f"`release.components[{i}].{key}` must be a string")
    return problems


def load_declared(text: str, where: str = "<declared>") -> dict[str, Any]:
    """Parse and check MOT YAML text; `UsageError` with one clear line when it is not a MOT model."""
    try:
        data = yaml.load(text, Loader=_DeclaredLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UsageError(f"{where}: not valid YAML{at}: {problem}") from None
    except RecursionError:  # the pure-Python parser recurses once per nesting level
        raise UsageError(f"{where}: not a MOT model YAML: nested too deeply to parse") from None
    shape = shape_problem(data)
    if shape is not None:
        raise UsageError(f"{where}: not a MOT model YAML: the document {shape}")
    problems = schema_problems(data)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise UsageError(f"{where}: not a MOT model YAML: {problems[0]}{more}")
    return dict(data)


def open_declared(path: str | Path) -> Release:
    path = Path(path)
    if not path.is_file():
        raise SourceNotFound(f"no such file: {path}")
    if path.stat().st_size > MAX_DECLARED_BYTES:
        raise UsageError(f"{path}: larger than {MAX_DECLARED_BYTES // 1024} KiB; not a MOT model YAML")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read as UTF-8 text: {exc}") from None
    declared = load_declared(text, str(path))
    # The inventory reads `declared["components"]` (one Component per MOF component, snake names).
    declared["components"] = [c.model_dump() for c in declared_components(declared, str(path))]
    release = declared["release"]
    name = str(release.get("name") or path.stem)
    version = release.get("version")
    return Release(
        source=SourceInfo(kind="declared", id=name, revision=str(version) if version else None),
        files=[],
        declared=declared,
    )
