"""License lineage: a fine-tune inherits its base model's obligations (`base_model` in the card).

Offline, the base's licence is inferred from well-known model families by name; an open licence
label on a fine-tune of a restrictively licensed base is a contradiction to report.
"""

from __future__ import annotations

import re

from unveil.card import ModelCard
from unveil.licenses import catalog
from unveil.report import Contradiction, Evidence, LicenseEntry

# (name pattern on the base model id, licence id of that family). Order matters: specific first.
FAMILIES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.I), lid)
    for p, lid in [
        (r"llama-?2", "llama2"),
        (r"(?:meta-)?llama-?3\.1", "llama3.1"),
        (r"(?:meta-)?llama-?3\.2", "llama3.2"),
        (r"(?:meta-)?llama-?3\.3", "llama3.3"),
        (r"meta-llama-?3|llama-?3(?![.\d])", "llama3"),
        (r"llama-?4", "llama4"),
        (r"code-?llama", "llama2"),
        (r"gemma", "gemma"),
        (r"stable-diffusion-(?:v1|1)", "creativeml-openrail-m"),
        (r"stable-diffusion-(?:2|xl)|sdxl", "openrail++"),
        (r"stable-diffusion-3|sd3|stable-cascade", "stabilityai-ai-community"),
        (r"bloom", "bigscience-bloom-rail-1.0"),
        (r"starcoder(?!2)", "bigcode-openrail-m"),
        (r"falcon-?2", "falcon2-11b-license"),
        (r"falcon-?180b", "falcon-llm-license"),
        (r"qwen[^/]*-72b|qwen2\.5-(?:3b|72b)", "qwen"),
        (r"exaone", "exaone"),
        (r"hunyuan", "tencent-hunyuan-community"),
        (r"deepseek-(?:v2|v3|coder|llm|math|vl)(?!.*r1)", "deepseek"),
    ]
]


def base_license(base_model: str) -> str | None:
    for pat, lid in FAMILIES:
        if pat.search(base_model):
            return lid
    return None


def _base_ids(card: ModelCard) -> list[str]:
    value = card.metadata.get("base_model")
    if isinstance(value, dict):
        return [str(v) for v in value.values()]
    return card.meta_list("base_model")


def check(card: ModelCard, entries: list[LicenseEntry]) -> tuple[list[str], list[Contradiction]]:
    """(base model ids, contradictions between the release's licence and its base's)."""
    bases = _base_ids(card)
    conflicts: list[Contradiction] = []
    weights = [e for e in entries if "weights" in e.applies_to]
    for base in bases:
        lid = base_license(base)
        info = catalog.lookup(lid) if lid else None
        if info is None or info.category in catalog.OPEN_CATEGORIES:
            continue
        for e in weights:
            if e.category in catalog.OPEN_CATEGORIES or e.id in {"mit", "apache-2.0"}:
                conflicts.append(
                    Contradiction(
                        claim=f"license: {e.id}",
                        reason=(
                            f"fine-tune of {base}, whose {info.name} ({info.id}) obligations are inherited; "
                            f"the {e.id} label does not remove them"
                        ),
                        evidence=[
                            *e.evidence[:1],
                            Evidence(path=card.path, text=f"base_model: {base}", rule="LIC220"),
                        ],
                    )
                )
    return bases, conflicts
