"""Data cards: the datasets a card names, and whether their own documentation can be read.

Datasets named in the `datasets:` metadata or linked as `huggingface.co/datasets/ORG/NAME` are
*declared*. A data card found in the release itself (`DATA_CARD.md`, `data/README.md`,
`datasheet*.md`, ...) is *verified*. A Hub dataset card becomes *verified* only when the caller passes
a source-layer reader (`fetch`); offline (the default) it stays *declared*: "not fetched"
is not "absent".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from unveil.card import ModelCard
from unveil.errors import SourceNotFound
from unveil.release import Release

_HUB_DATASET_LINK = re.compile(r"huggingface\.co/datasets/([\w.-]+(?:/[\w.-]+)?)", re.I)
_LOCAL_DATA_CARD = re.compile(
    r"(?:^|/)(?:data[_-]?card[^/]*|datasheet[^/]*|dataset[_-]?card[^/]*|data[_-]?sheet[^/]*)\.(?:md|markdown|txt|rst)$"
    r"|(?:^|/)(?:data|datasets?|dataset_card)/readme\.(?:md|markdown)$",
    re.I,
)
_REPO_ID = re.compile(r"^[\w.-]+(?:/[\w.-]+)?$")
MAX_DECLARED = 200  # a card listing thousands of datasets is bounded

DatasetFetcher = Callable[[str], "str | None"]


def local_data_cards(release: Release) -> list[str]:
    return [f.path for f in release.files if _LOCAL_DATA_CARD.search(f.path)]


def declared_datasets(card: ModelCard) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for name in card.meta_list("datasets"):
        name = name.strip()
        if name and _REPO_ID.match(name):
            seen.setdefault(name, "metadata")
    for m in _HUB_DATASET_LINK.finditer(card.body or ""):
        name = m.group(1).rstrip(".")
        for suffix in ("/tree", "/blob", "/resolve", "/viewer"):
            name = name.split(suffix)[0]
        seen.setdefault(name, "link")
    return [{"name": n, "source": s} for n, s in list(seen.items())[:MAX_DECLARED]]


def resolve(release: Release, card: ModelCard, fetch: DatasetFetcher | None = None) -> list[dict[str, Any]]:
    """One entry per data card: name, source (metadata|link|local), status, path or url, reason."""
    out: list[dict[str, Any]] = []
    for path in local_data_cards(release):
        text = release.read_text(path)
        status = "verified" if text and text.strip() else "inconclusive"
        out.append({"name": path, "source": "local", "status": status, "path": path,
                    "reason": "data card in the release" if status == "verified" else "could not be read"})
    for ref in declared_datasets(card):
        entry: dict[str, Any] = {**ref, "status": "declared", "url": f"https://huggingface.co/datasets/{ref['name']}",
                                 "reason": "named in the card; its data card was not fetched (offline)"}
        if fetch is not None:
            try:
                text = fetch(ref["name"])
            except SourceNotFound:
                entry.update(status="absent", reason="dataset repo not found on the Hub")
            except Exception as exc:  # noqa: BLE001 - any source failure is "could not check"
                entry.update(status="inconclusive", reason=f"data card could not be fetched: {type(exc).__name__}")
            else:
                if text and text.strip():
                    entry.update(status="verified", reason="dataset card read from the Hub")
                else:
                    entry.update(status="absent", reason="dataset repo has no card")
        out.append(entry)
    return out
