"""The links a model card points at (pure). Following them is split across the layers:

- `extract_links(card)` (pure) finds the pointers that matter for openness: GitHub repositories,
  arXiv preprints, Hub dataset and model repositories (`huggingface.co/...` links, the `datasets:`
  metadata and `from_pretrained("org/name")` snippets).
- `unveil.sources.links` opens a link as a Release (I/O: the Hub, git), and
  `unveil.openness.linked.fetch_links(card, openers=...)` (called by the service only when
  `follow_links=True`) opens up to `max_links` of them with those openers within a time budget and
  records plain facts about each: reachable, the license found, training code present, a dataset
  card present. A failure of any kind is `reachable=None` ("could not check"), never "absent";
  only a definite not-found answer is `reachable=False`.

arXiv pages are never fetched (the tool works offline): an arXiv link is a declared preprint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, Literal

from unveil.card import ModelCard
from unveil.regex_source import key_words, lines_holding

LinkKind = Literal["github-repo", "arxiv", "hub-dataset", "hub-model", "other"]


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
    role: str = "other"  # weights (usage/download), code (own code repo), training (trained with it), tooling,
    # citation, other
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
# The sentence before a link says the model was trained with what it points at ("trained with the an4 recipe
# in [espnet](...)", "fine-tuned using [trl](...)", "- Library: [GPT-NeoX](...)", "training code: [repo](...)"):
# another organisation's library counts as this model's training code. Read up to the link, in its sentence.
_TRAINED_WITH = re.compile(
    r"(?:\b(?:trained|fine-?tuned|finetuned|pre-?trained|training)\b[^.!?]{0,80}?"
    r"\b(?:with|using|via|by running|on top of|based on)\b[^.!?]{0,40}"
    r"|\b(?:training|fine-?tuning)\s+(?:code|scripts?|recipes?|notebooks?|pipeline|framework|librar(?:y|ies))\b"
    r"[^.!?]{0,40}"
    r"|^[\s*>|-]*(?:\*\*)?(?:training\s+)?(?:library|framework|codebase)(?:\*\*)?\s*(?:\*\*)?:\s*(?:\*\*)?"
    r"[^.!?]{0,20})$",
    re.I,
)
# "the authors didn't release the training code", "training code coming soon": no pointer to training code.
_NOT_RELEASED = re.compile(r"\b(?:not|n't|no|never|without|unreleased|soon|later|upcoming|to do|todo|planned)\b",
                           re.I)
# What was trained with the link is not the model ("a BPE tokenizer trained using the [Tokenizers] library"), or the
# sentence is about evaluating it ("we validate this checkpoint, pretrained with ..., on [CodeXGLUE]").
_NOT_MODEL_TRAINING = re.compile(
    r"\btokeni[sz]ers?\b[^.!?]{0,20}?\btrain\w*|\b(?:evaluat\w*|validat\w*|benchmark\w*)\b", re.I)
_LEAD = 300  # characters read before a link for the sentence that says what it is
_CONTEXT_READ = 2000  # characters of a link's line kept as its context (trimmed to 200)
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

    def add(kind: LinkKind, target: str, url: str, line: int | None, usage: bool = False, at: int = 0) -> None:
        key = (kind, target.lower())
        if not target or (own_id is not None and target.lower() == own_id.lower()):
            return
        if key in found and found[key].role == "training":  # nothing a later mention says overrides that
            return
        context = lines[line - 1][:_CONTEXT_READ].strip()[:200] if line else ""  # bounded on a very long line
        # The sentence leading to the link may start on the line before (cards wrap their prose).
        # Bounded: only the last few hundred characters can hold the sentence that leads to the link.
        before = ((lines[line - 2][-_LEAD:] + " " if line and line > 1 else "")
                  + (lines[line - 1][max(0, at - _LEAD):at] if line else ""))[-_LEAD:]
        role = _role(kind, target, context, usage, before)
        if role == "other" and kind == "github-repo" and _names_model(target, names):
            role = "code"  # the repo is named after the model: its own code
        if key not in found:
            found[key] = LinkFact(url=url, kind=kind, target=target, line=line, context=context, role=role)
        elif (found[key].role == "other" and role != "other") or role == "training":  # a later mention says more
            old = found[key]
            found[key] = LinkFact(old.url, old.kind, old.target, line=line, context=context, role=role)

    usage = _USAGE.finditer(card.text) if any(w in card.text for w in _USAGE_WORDS) else ()
    for m in usage:  # usage snippets first (may span lines): where the weights are
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
    for i in _host_lines(card.text, lines):
        line = lines[i - 1]
        for m in _GITHUB.finditer(line):
            org, repo = m.group(1), _clean_name(m.group(2))
            if org.lower() not in _GITHUB_NOT_REPOS and repo:
                add("github-repo", f"{org}/{repo}", f"https://github.com/{org}/{repo}", i, at=m.start())
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


_HOSTS = frozenset(("github", "arxiv", "huggingface.co"))
_USAGE_WORDS = key_words(_USAGE) or ("",)  # every match holds one ("from_pretrained(", "model_id"...)


def _host_lines(text: str, lines: list[str]) -> Iterator[int]:
    """1-based numbers of the lines the link patterns are asked about: each pattern needs its host's name, so a
    line without any is skipped without a regex (a non-ASCII line always gets them: the patterns' case folding
    is not str.lower's). An ASCII card's lines holding a host name are found by `str.find` in the whole card."""
    if text.isascii():
        starts = [0, *accumulate(map(len, text.splitlines(keepends=True)))]
        yield from (k + 1 for k in lines_holding(text.lower(), starts, _HOSTS))
        return
    for i, line in enumerate(lines, start=1):
        low = line.lower() if line.isascii() else None
        if low is not None and "github" not in low and "arxiv" not in low and "huggingface.co" not in low:
            continue
        yield i


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


def _anchor_prefix(before: str) -> str:
    """The text of the sentence that leads up to a link, markdown link syntax and other URLs dropped."""
    text = _URL_TEXT.sub(" ", before)
    text = re.sub(r"[\[\]()`]", " ", text)
    return re.split(r"[.!?](?:\s|$)", text)[-1]


def _role(kind: str, target: str, context: str, usage: bool, before: str = "") -> str:
    if kind == "hub-model":
        return "weights" if usage or _WEIGHTS_WORDS.search(context) else "other"
    if kind == "github-repo":
        lead = _anchor_prefix(before)
        if _TRAINED_WITH.search(lead) and not _NOT_RELEASED.search(lead) and not _NOT_MODEL_TRAINING.search(lead):
            return "training"  # the card says this is what the model was trained with (own repo or a library)
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
