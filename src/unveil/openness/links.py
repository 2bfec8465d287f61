"""The links a model card points at, and what following them through the source layer showed.

Split in two so the judges stay pure:

- `extract_links(card)` (pure) finds the pointers that matter for openness: GitHub repositories,
  arXiv preprints, Hub dataset and model repositories (`huggingface.co/...` links, the `datasets:`
  metadata and `from_pretrained("org/name")` snippets).
- `fetch_links(card, ...)` (I/O, called by the service only when `follow_links=True`) opens up to
  `max_links` of them through the source layer (`open_hub`, `open_git`) within a time budget and
  records plain facts about each: reachable, the license found, training code present, a dataset
  card present. A failure of any kind is `reachable=None` ("could not check"), never "absent";
  only a definite not-found answer is `reachable=False`.

arXiv pages are never fetched (the tool works offline): an arXiv link is a declared preprint.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from unveil.card import ModelCard
from unveil.release import Release

LinkKind = Literal["github-repo", "arxiv", "hub-dataset", "hub-model", "other"]
MAX_LINKS = 8
TIME_BUDGET_S = 120.0


@dataclass(frozen=True)
class LinkFact:
    """One followed (or not followed) link. `facts` holds plain values only (str, bool, int, lists)."""

    url: str
    kind: LinkKind
    target: str  # repo id ("org/name"), arXiv id, or the URL itself
    reachable: bool | None = None  # True: opened; False: definitely not there; None: not checked
    facts: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    line: int | None = None  # card line the link was found on
    context: str = ""  # that line (trimmed): tells a usage snippet from a citation
    role: str = "other"  # weights (usage snippet / download), code (own code repo), tooling, citation, other
    attempted: bool = False  # the fetcher tried it (reachable None then means "failed", not "offline")


LinkFacts = dict[str, LinkFact]

_GITHUB = re.compile(r"https?://(?:www\.)?github\.com/([\w.-]+)/([\w.-]+)", re.I)
_ARXIV = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})|\barXiv:\s*(\d{4}\.\d{4,5})", re.I)
_HUB_DATASET = re.compile(r"huggingface\.co/datasets/([\w.-]+/[\w.-]+)", re.I)
_HUB_MODEL = re.compile(r"huggingface\.co/(?!datasets/|spaces/|docs/|blog/|papers/|join|login|settings|"
                        r"organizations/|models\b|api/|collections/|learn/)([\w.-]+/[\w.-]+)", re.I)
# Usage snippets name the repo the weights load from: `from_pretrained("org/name")`, `model_id = "org/name"`.
_USAGE = re.compile(r"(?:from_pretrained\(\s*|\b(?:model_id|model_name|checkpoint|repo_id)\s*=\s*)"
                    r"[\"']([\w.-]+/[\w.-]+)[\"']")
_WEIGHTS_WORDS = re.compile(r"download|checkpoint|weights|\.ckpt|\.safetensors|available (here|on|at)", re.I)
_CODE_WORDS = re.compile(r"\b(code|codebase|repositor(y|ies)|reproduc\w*|implementation|librar(y|ies)|framework|"
                         r"training (script|recipe)s?|GitHub)\b", re.I)
_URL_TEXT = re.compile(r"\(?https?://\S+")
# Generic tooling a card links to for usage or credit: its training scripts are not this model's.
_TOOLING = re.compile(r"^(huggingface/(transformers|diffusers|accelerate|peft|trl|datasets|huggingface_hub|"
                      r"tokenizers|optimum|text-generation-inference)|pytorch/[\w.-]+|facebookresearch/xformers|"
                      r"google/jax|tensorflow/[\w.-]+|microsoft/deepspeed|nvidia/apex|ggerganov/[\w.-]+|"
                      r"mlco2/[\w.-]+|openai/tiktoken|vllm-project/vllm)$", re.I)
_TRAINED_WITH = re.compile(
    r"\b(?:trained|fine-?tuned|finetuned|pre-?trained)\b.{0,80}?\b(?:with|using|via|by running|in)\b"
    r"|\btraining (?:code|scripts?|recipes?|notebook|pipeline)\b|\brecipes?\b.{0,40}\b(?:train|in)\b",
    re.I,
)
_REPO_ID = re.compile(r"^[\w.-]+/[\w.-]+$")
# GitHub path segments that are not repositories (`github.com/org/repo` ends there).
_GITHUB_NOT_REPOS = {"features", "about", "pricing", "sponsors", "orgs", "topics", "marketplace", "settings"}


def _clean_name(name: str) -> str:
    name = name.rstrip(".,;:")
    return name[:-4] if name.lower().endswith(".git") else name


def extract_links(card: ModelCard | None, own_id: str | None = None) -> list[LinkFact]:
    """The card's openness-relevant links, in order of appearance, deduplicated by target (pure)."""
    if card is None:
        return []
    found: dict[tuple[str, str], LinkFact] = {}
    lines = card.text.splitlines()
    names = _model_names(card, own_id)

    def add(kind: LinkKind, target: str, url: str, line: int | None, usage: bool = False) -> None:
        key = (kind, target.lower())
        if not target or (own_id is not None and target.lower() == own_id.lower()):
            return
        context = lines[line - 1].strip()[:200] if line else ""
        role = _role(kind, target, context, usage)
        if role == "other" and kind == "github-repo" and _names_model(target, names):
            role = "code"  # the repo is named after the model: its own code
        if key not in found:
            found[key] = LinkFact(url=url, kind=kind, target=target, line=line, context=context, role=role)
        elif found[key].role == "other" and role != "other":  # a later mention says what the link is
            old = found[key]
            found[key] = LinkFact(old.url, old.kind, old.target, line=line, context=context, role=role)

    for m in _USAGE.finditer(card.text):  # usage snippets first (may span lines): where the weights are
        line_no = card.text.count("\n", 0, m.start(1)) + 1
        add("hub-model", m.group(1), f"https://huggingface.co/{m.group(1)}", line_no, usage=True)
    for name in card.meta_list("datasets"):
        name = name.strip()
        if _REPO_ID.match(name):
            add("hub-dataset", name, f"https://huggingface.co/datasets/{name}", None)
    for name in card.meta_list("base_model"):
        name = name.strip()
        if _REPO_ID.match(name):
            add("hub-model", name, f"https://huggingface.co/{name}", None)
    for i, line in enumerate(lines, start=1):
        for m in _GITHUB.finditer(line):
            org, repo = m.group(1), _clean_name(m.group(2))
            if org.lower() not in _GITHUB_NOT_REPOS and repo:
                add("github-repo", f"{org}/{repo}", f"https://github.com/{org}/{repo}", i)
        for m in _ARXIV.finditer(line):
            arxiv_id = m.group(1) or m.group(2)
            add("arxiv", arxiv_id, f"https://arxiv.org/abs/{arxiv_id}", i)
        for m in _HUB_DATASET.finditer(line):
            name = _clean_name(m.group(1))
            add("hub-dataset", name, f"https://huggingface.co/datasets/{name}", i)
        for m in _HUB_MODEL.finditer(line):
            name = _clean_name(m.group(1))
            add("hub-model", name, f"https://huggingface.co/{name}", i)
    return list(found.values())


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _model_names(card: ModelCard, own_id: str | None) -> list[str]:
    """The release's names (repo id, first heading words), squashed, for "repo named after the model"."""
    raw = [own_id.rsplit("/", 1)[-1]] if own_id and "/" in own_id else []
    for line in (card.body or "").splitlines():
        if line.startswith("# "):
            raw += re.split(r"[\s()\[\],:]+", line[2:])
            break
    return [n for n in (_squash(r) for r in raw) if len(n) >= 4]


def _names_model(target: str, names: list[str]) -> bool:
    repo = _squash(target.split("/", 1)[-1])
    return len(repo) >= 4 and any(repo in n or n in repo for n in names)


def _role(kind: str, target: str, context: str, usage: bool) -> str:
    if kind == "hub-model":
        return "weights" if usage or _WEIGHTS_WORDS.search(context) else "other"
    if kind == "github-repo":
        # Another organisation's library is this model's training code when the card says it trained with it
        # ("trained with the an4 recipe in [espnet](...)", "fine-tuned using [trl](...)'s SFT script").
        if _TRAINED_WITH.search(_URL_TEXT.sub(" ", context)):
            return "code"
        if _TOOLING.match(target):
            return "tooling"
        return "code" if _CODE_WORDS.search(_URL_TEXT.sub(" ", context)) else "other"
    if kind == "arxiv":
        return "citation"
    return "other"


def declared_links(card: ModelCard | None, own_id: str | None = None) -> LinkFacts:
    """The links as declared pointers, none followed (offline audits)."""
    out: LinkFacts = {}
    for link in extract_links(card, own_id):
        reason = "arXiv preprint linked (not fetched)" if link.kind == "arxiv" else "link not followed (offline)"
        facts = {"arxiv_id": link.target} if link.kind == "arxiv" else {}
        out[link.url] = LinkFact(link.url, link.kind, link.target, None, facts, reason, link.line, link.context,
                                 link.role)
    return out


# -- following links (I/O at the edge) ---------------------------------------------------------
Opener = Callable[[LinkFact], Release]


def _open_hub(link: LinkFact) -> Release:
    from unveil.sources.hub import open_hub

    return open_hub(link.target, repo_type="dataset" if link.kind == "hub-dataset" else "model")


# A followed link must not stall the audit the way a user-requested clone may.
GIT_TIMEOUT_S = 60.0


def _open_github(link: LinkFact) -> Release:
    from unveil.sources.git import open_git

    return open_git(link.url, timeout=GIT_TIMEOUT_S)


def _license_facts(release: Release, card: ModelCard) -> dict[str, Any]:
    """The most authoritative license the opened repo states (LICENSE file or card metadata)."""
    from unveil import licenses
    from unveil.openness.view import categorize

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
    from unveil.card import parse_card
    from unveil.inventory import build_inventory

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
    from unveil.documentation import DATASHEET_TOPICS, judge_card

    try:
        hits, _, _ = judge_card(card)
    except Exception:  # noqa: BLE001
        return []
    return [t for t in DATASHEET_TOPICS if t in hits and hits[t].covered]


def _follow(link: LinkFact, opener: Opener) -> LinkFact:
    from unveil.errors import SourceNotFound

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
                budget_s: float = TIME_BUDGET_S, openers: dict[str, Opener] | None = None) -> LinkFacts:
    """Follow the card's links through the source layer (at most `max_links`, within `budget_s`).

    Links beyond the cap or the budget stay declared (`reachable=None`). `openers` maps a link kind
    to a function opening it as a Release (tests inject local sources; defaults use the Hub and git).
    """
    openers = {"hub-dataset": _open_hub, "hub-model": _open_hub, "github-repo": _open_github, **(openers or {})}
    out = declared_links(card, own_id)
    # Most informative first: the model's own code repos and weights, then dataset cards; tooling never.
    rank = {("github-repo", "code"): 0, ("hub-model", "weights"): 1, ("hub-dataset", "other"): 2,
            ("github-repo", "other"): 3, ("hub-model", "other"): 4}
    todo = sorted((lf for lf in out.values() if (lf.kind, lf.role) in rank), key=lambda lf: rank[(lf.kind, lf.role)])
    deadline = time.monotonic() + budget_s
    for n, link in enumerate(todo):
        if n >= max_links or time.monotonic() > deadline:
            why = "link cap reached" if n >= max_links else "time budget spent"
            out[link.url] = LinkFact(link.url, link.kind, link.target, None, {}, f"not followed: {why}", link.line,
                                     link.context, link.role)
            continue
        out[link.url] = _follow(link, openers[link.kind])
    return out
