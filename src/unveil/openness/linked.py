"""Following a card's links: plain facts about each linked repository, read with the analyzers.

No I/O here: the caller (the service) passes `openers`, one per link kind, from the source layer
(`unveil.sources.links.OPENERS`); tests pass local ones. A link without an opener, beyond the cap
or beyond the time budget stays declared ("could not check"), never "absent".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from unveil import licenses
from unveil.card import ModelCard, parse_card
from unveil.card_links import LinkFact, LinkFacts, declared_links
from unveil.documentation import DATASHEET_TOPICS, judge_card
from unveil.errors import SourceNotFound
from unveil.inventory import build_inventory
from unveil.openness.view import categorize
from unveil.release import Release

MAX_LINKS = 8
TIME_BUDGET_S = 120.0
Opener = Callable[[LinkFact], Release]

def _license_facts(release: Release, card: ModelCard) -> dict[str, Any]:
    """The most authoritative license the opened repo states (LICENSE file or card metadata)."""
    try:
        entries = licenses.analyze(release, card).entries
    except Exception:  # noqa: BLE001 - a license we cannot read is just not a fact
        return {}
    if not entries:
        return {}
    entry = entries[0]
    lid = entry.spdx or entry.id
    category = entry.category if entry.category != "unknown" else categorize(lid)
    return {"license": lid, "license_category": category}


def _repo_facts(link: LinkFact, release: Release) -> dict[str, Any]:
    """Plain facts about an opened repository, from its listing, card and license files."""
    card = parse_card(release.card_text, release.card_path)
    facts: dict[str, Any] = {"files": len(release.files), "has_card": bool((release.card_text or "").strip())}
    facts.update(_license_facts(release, card))
    if getattr(release, "gated", False):
        facts["gated"] = True
    components = {c.name: c.status for c in build_inventory(release, card)}
    if link.kind == "github-repo":
        facts["has_training_code"] = components.get("training_code") == "verified"
        facts["has_data_code"] = components.get("data_preprocessing_code") == "verified"
        facts["has_readme"] = facts["has_card"]
        facts["readme_words"] = len((card.body or "").split())
    elif link.kind == "hub-model":
        facts["has_weights"] = components.get("model_parameters_final") == "verified" or any(
            f.path.endswith((".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".gguf", ".h5", ".msgpack"))
            for f in release.files)
    elif link.kind == "hub-dataset":
        facts["dataset_card"] = facts["has_card"]
        if facts["has_card"]:
            facts["datasheet_topics"] = _datasheet_topics(card)
    return facts


def _datasheet_topics(card: ModelCard) -> list[str]:
    """The datasheet topics (Gebru et al.) a dataset card covers, by the documentation judge."""
    try:
        hits, _, _ = judge_card(card)
    except Exception:  # noqa: BLE001
        return []
    return [t for t in DATASHEET_TOPICS if t in hits and hits[t].covered]


def _follow(link: LinkFact, opener: Opener) -> LinkFact:
    try:
        release = opener(link)
    except SourceNotFound as exc:
        if link.kind == "github-repo":  # GitHub answers "not found" for private repos too: unknown
            return LinkFact(link.url, link.kind, link.target, None, {}, "could not be followed: not found or private",
                            link.line, link.context, link.role, True)
        return LinkFact(link.url, link.kind, link.target, False, {}, f"not found: {exc}"[:200], link.line,
                        link.context, link.role, True)
    except Exception as exc:  # noqa: BLE001 - network, rate limits, git missing: could not check
        return LinkFact(link.url, link.kind, link.target, None, {},
                        f"could not be followed: {type(exc).__name__}", link.line, link.context, link.role, True)
    try:
        facts = _repo_facts(link, release)
    except Exception as exc:  # noqa: BLE001 - opened but unreadable: still reachable, facts unknown
        return LinkFact(link.url, link.kind, link.target, True, {}, f"opened, not readable: {type(exc).__name__}",
                        link.line, link.context, link.role, True)
    return LinkFact(link.url, link.kind, link.target, True, facts, "followed", link.line, link.context, link.role,
                    True)


def fetch_links(card: ModelCard | None, *, own_id: str | None = None, max_links: int = MAX_LINKS,
                budget_s: float = TIME_BUDGET_S, openers: Mapping[str, Opener] | None = None) -> LinkFacts:
    """Follow the card's links through the source layer (at most `max_links`, within `budget_s`).

    Links beyond the cap or the budget stay declared (`reachable=None`). `openers` maps a link kind
    to a function opening it as a Release (tests inject local sources; defaults use the Hub and git).
    """
    openers = dict(openers or {})
    out = declared_links(card, own_id)
    # Most informative first: the model's own code repos and weights, then dataset cards; tooling never.
    rank = {("github-repo", "training"): 0, ("github-repo", "code"): 0, ("hub-model", "weights"): 1,
            ("hub-dataset", "other"): 2,
            ("github-repo", "other"): 3, ("hub-model", "other"): 4}
    todo = sorted((lf for lf in out.values() if (lf.kind, lf.role) in rank), key=lambda lf: rank[(lf.kind, lf.role)])
    deadline = time.monotonic() + budget_s
    for n, link in enumerate(todo):
        if n >= max_links or time.monotonic() > deadline:
            why = "link cap reached" if n >= max_links else "time budget spent"
            out[link.url] = LinkFact(link.url, link.kind, link.target, None, {}, f"not followed: {why}", link.line,
                                     link.context, link.role)
            continue
        opener = openers.get(link.kind)
        if opener is None:
            out[link.url] = LinkFact(link.url, link.kind, link.target, None, {}, "not followed: no opener for it",
                                     link.line, link.context, link.role)
            continue
        out[link.url] = _follow(link, opener)
    return out
