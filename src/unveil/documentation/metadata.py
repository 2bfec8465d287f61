"""Front-matter fields that disclose a topic on their own (the Hub renders them on the card page)."""

from __future__ import annotations

import re
from typing import Any

from unveil.card import ModelCard
from unveil.documentation.topic_rules import Hit


def _key_line(card: ModelCard, key: str) -> int | None:
    m = re.search(rf"^{re.escape(key)}\s*:", card.text[:262144], re.M)
    return card.text.count("\n", 0, m.start()) + 1 if m else None


def _has_metric_values(model_index: Any) -> bool:
    if not isinstance(model_index, list):
        return False
    for entry in model_index[:50]:
        results = entry.get("results") if isinstance(entry, dict) else None
        for res in (results or [])[:200] if isinstance(results, list) else []:
            metrics = res.get("metrics") if isinstance(res, dict) else None
            for metric in (metrics or [])[:200] if isinstance(metrics, list) else []:
                if isinstance(metric, dict) and metric.get("value") not in (None, "", "[More Information Needed]"):
                    return True
    return False


def metadata_hits(card: ModelCard) -> dict[str, Hit]:
    meta = card.metadata or {}
    hits: dict[str, Hit] = {}
    if _has_metric_values(meta.get("model-index")):
        line = _key_line(card, "model-index")
        hits["evaluation"] = Hit(True, "model-index in the front matter reports metric values", line, line,
                                 "model-index", "front matter")
    co2 = meta.get("co2_eq_emissions")
    if co2 not in (None, "", {}, []):
        line = _key_line(card, "co2_eq_emissions")
        hits["environmental_impact"] = Hit(True, "co2_eq_emissions in the front matter", line, line,
                                           f"co2_eq_emissions: {str(co2)[:200]}", "front matter")
    datasets = [d for d in card.meta_list("datasets") if d.strip()]
    if datasets:
        line = _key_line(card, "datasets")
        hits["training_data"] = Hit(True, "the front matter names the training datasets", line, line,
                                    "datasets: " + ", ".join(datasets[:10]), "front matter")
    return hits
