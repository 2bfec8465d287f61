"""European Open Source AI Index: its 12 parameters graded open / partial / closed / inconclusive.

Most parameters depend on material behind links (code repositories, papers, dataset cards). The
judge stays pure: it receives the links already followed by the service (`unveil.openness.linked`,
only when `follow_links=True`) and grades from those facts and the card; where the answer lies
behind a link that was not or could not be followed it grades `inconclusive`, never `closed`.
Score = mean over the graded parameters (open 1, partial 0.5); inconclusive ones are left out, and
`graded` says how many parameters the score rests on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace
from itertools import accumulate

from unveil.card import parse_card
from unveil.card_links import LinkFact, declared_links
from unveil.openness.signals import named_bases
from unveil.openness.view import BLOCKING_CATEGORIES, OPEN_CATEGORIES, OpennessView, categorize
from unveil.report import EosaiParameter, EosaiResult, Evidence

PARAMETERS: tuple[str, ...] = (
    "datasources_basemodel",
    "datasources_endmodel",
    "weights_basemodel",
    "weights_endmodel",
    "trainingcode",
    "code",
    "hardware_architecture",
    "preprint",
    "paper",
    "modelcard",
    "datasheet",
    "licenses",
)
_ARXIV = re.compile(r"arxiv\.org/(abs|pdf)/\d{4}\.\d{4,5}|arXiv:\s*\d{4}\.\d{4,5}", re.I)
_VENUE = re.compile(
    r"\b(proceedings|journal|transactions|conference|NeurIPS|ICLR|ICML|ACL|EMNLP|NAACL|CVPR|ICCV|ECCV|AAAI|"
    r"TMLR|JMLR|COLING|booktitle)\b"
)
_HARDWARE = re.compile(r"\b(GPUs?|TPUs?|TPU-?v\d\w*|A100|H100|H800|V100|A800|hardware|accelerators?|"
                       r"compute infrastructure|cluster|GPU[- ]hours|nodes)\b", re.I)
_ARCH = re.compile(
    r"\b(architecture|transformer|decoder|encoder|layers|attention heads|diffusion|U-?Net|autoregressive|"
    r"mixture[- ]of[- ]experts|state[- ]space|recurrent|convolutional|hidden size|model dim)\b", re.I
)
_DOC_TOPICS = ("training_data", "limitations", "bias", "evaluation", "intended_use", "data_quality")


_PAPER_DEFERRAL = re.compile(r"\b(see|refer to|described in|details? in)\b.{0,60}\b(paper|preprint|report|section \d)",
                             re.I)
_ARXIV_VENUE = re.compile(r"(journal|booktitle)\s*=\s*[{\"]?\s*arxiv", re.I)
_DATASHEET_WORD = re.compile(r"\bdata ?sheet", re.I)
GRADE_ORDER = ("closed", "partial", "open")


def _g(grade: str, reason: str, evidence: list[Evidence] | None = None) -> EosaiParameter:
    return EosaiParameter(grade=grade, reason=reason, evidence=(evidence or [])[:4])  # type: ignore[arg-type]


def _whole_text_decides(rx: re.Pattern[str]) -> bool:
    """True when a pattern that matches no part of the whole text matches none of its lines either: a line
    is a substring whose edges are line breaks, which `\\b` treats like a string's ends; `^`, `$` and
    lookarounds do not, so such patterns are always searched line by line."""
    return not (rx.flags & re.M) and not any(c in rx.pattern for c in ("^", "$", "(?<", "(?=", "(?!", "\\A", "\\Z"))


def _find_lines(view: OpennessView, rx: re.Pattern[str], limit: int = 2,
                skip: re.Pattern[str] | None = None) -> list[Evidence]:
    text = view.card_text
    lines = text.splitlines()
    first_line = 0
    if _whole_text_decides(rx):
        first = rx.search(text)
        if first is None:
            return []  # no line can match: one search instead of one per line
        # No line before the one holding the leftmost match can match: start there.
        ends = list(accumulate(map(len, text.splitlines(keepends=True))))
        first_line = bisect_right(ends, first.start())
    out = []
    for i, line in enumerate(lines[first_line:], start=first_line + 1):
        if rx.search(line) and not (skip and skip.search(line)):
            out.append(Evidence(path=view.card_path, line=i, text=line.strip()[:200], rule="OPN120"))
            if len(out) >= limit:
                break
    return out


class _Links:
    """The card's links (followed or only declared), with the questions the judge asks of them."""

    def __init__(self, links: Mapping[str, LinkFact], card_path: str | None) -> None:
        self.all = list(links.values())
        self.card_path = card_path

    def of(self, kind: str, role: str | None = None) -> list[LinkFact]:
        return [lf for lf in self.all if lf.kind == kind and (role is None or lf.role == role)]

    def evidence(self, links: list[LinkFact]) -> list[Evidence]:
        return [Evidence(path=self.card_path, line=lf.line, text=(lf.context or lf.url)[:200], url=lf.url,
                         rule="OPN120") for lf in links]


def _reached(links: list[LinkFact]) -> list[LinkFact]:
    return [lf for lf in links if lf.reachable]


def _failed(links: list[LinkFact]) -> list[LinkFact]:
    """Tried but not checked (network error, budget): `inconclusive`, never `closed`."""
    return [lf for lf in links if lf.reachable is None and lf.attempted]


def _weights_from_links(links: list[LinkFact], lk: _Links, what: str) -> EosaiParameter | None:
    """Grade weights from Hub model links: followed -> what the repo holds; declared -> a pointer."""
    if not links:
        return None
    ev = lk.evidence(links)
    with_weights = [lf for lf in _reached(links) if lf.facts.get("has_weights")]
    if with_weights:
        if all(lf.facts.get("gated") for lf in with_weights):
            return _g("partial", f"{what} weights behind a gate on the Hub ({with_weights[0].target})", ev)
        return _g("open", f"{what} weights downloadable from {with_weights[0].target} (link followed)", ev)
    if _failed(links):
        return _g("inconclusive", f"{what} weights link could not be followed", ev)
    if any(lf.attempted for lf in links):
        return _g("closed", f"{what} weights link followed: no weights there (or repo not found)", ev)
    return _g("open", f"{what} weights declared by a concrete pointer ({links[0].target}; not followed)", ev)


def _weights(view: OpennessView, lk: _Links) -> EosaiParameter:
    """Availability only (the license is its own parameter): shared, gated/partly shared, or not."""
    state = view.status("model_parameters_final")
    ev = view.evidence("model_parameters_final")
    if state == "verified":
        return _g("open", "weights in the release files", ev)
    pointers = lk.of("hub-model", "weights")
    if state == "declared":
        found = _weights_from_links(pointers, lk, "end-model") if any(lf.attempted for lf in pointers) else None
        return found or _g("open", "weights declared by a concrete pointer", ev)
    if state == "inconclusive":
        return _g("inconclusive", "weights listed but could not be checked (gated or unreadable)", ev)
    found = _weights_from_links(pointers, lk, "end-model")
    return found or _g("closed", "no weights in the release and no pointer to them", ev)


def _data(view: OpennessView, lk: _Links) -> EosaiParameter:
    ev = view.evidence("datasets") + view.evidence("data_card")
    hub = lk.of("hub-dataset")
    reached = [lf for lf in _reached(hub) if lf.facts.get("files", 1)]
    if view.status("datasets") == "verified":
        return _g("open", "training data in the release", ev)
    if reached:
        gated = [lf for lf in reached if lf.facts.get("gated")]
        if len(gated) == len(reached):
            return _g("partial", "named datasets are gated on the Hub", lk.evidence(reached))
        return _g("open", f"{len(reached)} of {len(hub)} named datasets reachable on the Hub (followed)",
                  lk.evidence(reached))
    if hub and all(lf.attempted for lf in hub) and not _failed(hub):
        return _g("closed", "the datasets the card names were not found on the Hub", lk.evidence(hub))
    if view.present("datasets"):
        if hub and _failed(hub):
            return _g("inconclusive", "dataset links could not be followed", lk.evidence(hub))
        return _g("open", "datasets named by concrete pointers (their content behind links not checked)", ev)
    if view.present("data_card"):
        return _g("partial", "a data card points at the data; availability not checked", ev)
    if view.doc_covered.get("training_data"):
        return _g("partial", "training data described in the card, no dataset pointer")
    if "inconclusive" in (view.status("datasets"), view.status("data_card")):
        return _g("inconclusive", "dataset pointers could not be followed", ev)
    return _g("closed", "no training data information")


def _base(view: OpennessView, lk: _Links, p: dict[str, EosaiParameter]) -> None:
    """Base-model parameters: from the base model's Hub repo when followed, else not judged here."""
    why = f"base model {', '.join(view.base_models[:3])} not audited here (link not followed)"
    bases = {b.lower() for b in view.base_models}
    links = [lf for lf in lk.of("hub-model") if lf.target.lower() in bases]
    p["weights_basemodel"] = (_weights_from_links(links, lk, "base-model") if any(lf.attempted for lf in links)
                              else None) or _g("inconclusive", why)
    p["datasources_basemodel"] = _g("inconclusive", why)


def _code_repos(view: OpennessView, lk: _Links) -> tuple[list[LinkFact], list[LinkFact]]:
    """The model's own code repositories (tooling excluded), and those holding training code."""
    repos = lk.of("github-repo", "code")
    training = [lf for lf in _reached(repos) if lf.facts.get("has_training_code")]
    return repos, training


def _training(view: OpennessView, lk: _Links, p: dict[str, EosaiParameter]) -> None:
    train = view.status("training_code")
    prep = view.status("data_preprocessing_code")
    ev = view.evidence("training_code") + view.evidence("data_preprocessing_code")
    repos, training = _code_repos(view, lk)
    if train == "verified":
        full = prep in ("verified", "declared") or any(lf.facts.get("has_data_code") for lf in training)
        p["trainingcode"] = _g(
            "open" if full else "partial",
            "training code in the release" + ("" if full else ", no data-processing code found"), ev)
        p["code"] = _g("partial", "training code present; its documentation is not graded from files", ev)
        return
    if training:
        full = prep in ("verified", "declared") or any(lf.facts.get("has_data_code") for lf in training)
        grade_ = "open" if full else "partial"
        where = ", ".join(lf.target for lf in training[:3])
        p["trainingcode"] = _g(grade_, f"training code in linked repository {where}" +
                               ("" if full else "; no data-processing code found"), lk.evidence(training))
        documented = any(lf.facts.get("readme_words", 0) >= 300 for lf in training)
        p["code"] = _g(grade_ if documented else "partial",
                       "the code repository documents its use" if documented else "code repository README is brief",
                       lk.evidence(training))
        return
    reached = _reached(repos)
    pending = [lf for lf in repos if not lf.attempted or lf.reachable is None]
    if pending or train in ("declared", "inconclusive") and not reached:
        ev = ev or lk.evidence(pending)
        why = "could not be followed" if _failed(repos) else "was not followed"
        p["trainingcode"] = _g("inconclusive", f"training code behind a link that {why}", ev)
        p["code"] = _g("inconclusive", f"code documentation behind a link that {why}", ev)
        return
    if reached:
        grade_ = "partial" if train == "declared" else "closed"
        p["trainingcode"] = _g(grade_, "linked code repositories followed: no training scripts found",
                               lk.evidence(reached))
        p["code"] = _g(grade_, "no training code to document", lk.evidence(reached))
        return
    p["trainingcode"] = _g("closed", "no training code and no pointer to it")
    p["code"] = _g("closed", "no training code to document")


def _hardware(view: OpennessView, lk: _Links) -> EosaiParameter:
    hw = _find_lines(view, _HARDWARE)
    arch = _find_lines(view, _ARCH, 1)
    arch_ok = view.present("model_architecture") or bool(arch)
    deferral = _find_lines(view, _PAPER_DEFERRAL, 1) if lk.of("arxiv") or _find_lines(view, _VENUE, 1) else []
    if hw and arch_ok:
        return _g("open", "architecture and training hardware described", hw + arch)
    if (hw or arch_ok) and deferral:
        return _g("open", "the card describes part of the setup and defers the rest to its linked paper",
                  hw + arch + deferral)
    if hw or arch_ok:
        return _g("partial", "only the architecture or only the hardware described", hw + arch)
    if lk.of("arxiv"):
        return _g("inconclusive", "not in the card; a linked preprint may document it (not fetched)")
    return _g("closed", "neither architecture nor hardware described")


def _papers(view: OpennessView, lk: _Links, p: dict[str, EosaiParameter]) -> None:
    arxiv = _find_lines(view, _ARXIV)
    papers = view.evidence("research_paper") + view.evidence("technical_report")
    if arxiv or lk.of("arxiv"):
        p["preprint"] = _g("open", "archived preprint linked (its coverage not checked)",
                           arxiv or lk.evidence(lk.of("arxiv")))
    elif view.present("research_paper") or view.present("technical_report"):
        p["preprint"] = _g("inconclusive", "a paper or report is declared, not as an arXiv preprint", papers)
    else:
        p["preprint"] = _g("closed", "no preprint linked")
    venue = _find_lines(view, _VENUE, skip=_ARXIV_VENUE)
    if venue:
        p["paper"] = _g("open", "peer-reviewed venue cited", venue)
    elif arxiv or lk.of("arxiv"):
        p["paper"] = _g("closed", "only a preprint is cited; the card names no peer-reviewed venue", arxiv)
    elif papers:
        p["paper"] = _g("inconclusive", "a paper or report is declared; peer review not established", papers)
    else:
        p["paper"] = _g("closed", "no paper")


def _modelcard(view: OpennessView) -> EosaiParameter:
    covered = sum(1 for t in _DOC_TOPICS if view.doc_covered.get(t))
    if not view.present("model_card"):
        return _g("closed", "no model card")
    if not view.doc_covered:
        return _g("inconclusive", "card coverage not analysed")
    grade_ = "open" if covered >= 5 else "partial" if covered >= 2 else "closed"
    return _g(grade_, f"card covers {covered} of {len(_DOC_TOPICS)} core topics")


def _datasheet(view: OpennessView, lk: _Links) -> EosaiParameter:
    if view.status("data_card") == "verified":
        return _g("partial", "a data card is in the release (datasheet completeness not graded)",
                  view.evidence("data_card"))
    hub = lk.of("hub-dataset")
    cards = [lf for lf in _reached(hub) if lf.facts.get("dataset_card")]
    if cards:
        best = max(cards, key=lambda lf: len(lf.facts.get("datasheet_topics") or []))
        topics = best.facts.get("datasheet_topics") or []
        grade_ = "open" if len(topics) >= 3 else "partial"
        return _g(grade_, f"dataset card of {best.target} (followed) covers {len(topics)} datasheet topics"
                  + (f": {', '.join(topics)}" if topics else ""), lk.evidence(cards))
    linked = [lf for lf in lk.all if lf.kind in ("arxiv", "other") and _DATASHEET_WORD.search(lf.context)]
    if linked:
        return _g("partial", "a datasheet for the training data is linked (not fetched)", lk.evidence(linked))
    if view.status("data_card") in ("declared", "inconclusive") or (view.present("datasets") and hub):
        if hub and all(lf.attempted for lf in hub) and not _failed(hub):
            return _g("closed", "dataset repos followed: no dataset card", lk.evidence(hub))
        if view.doc_covered.get("training_data"):
            return _g("partial", "training data documented in the model card; dataset cards not followed")
        return _g("inconclusive", "data card behind a link that was not followed",
                  view.evidence("data_card") or lk.evidence(hub))
    if view.doc_covered.get("training_data"):
        return _g("partial", "training data documented in the model card, no separate datasheet")
    if view.present("datasets"):
        return _g("inconclusive", "dataset cards behind links that were not followed", view.evidence("datasets"))
    return _g("closed", "no datasheet")


def _link_license(links: list[LinkFact]) -> str | None:
    """The most restrictive category among followed links' licenses (None when none was read)."""
    cats = [lf.facts.get("license_category") or categorize(lf.facts.get("license"))
            for lf in _reached(links) if lf.facts.get("license")]
    rank = {c: i for i, c in enumerate(BLOCKING_CATEGORIES + OPEN_CATEGORIES + ("unknown",))}
    return min(cats, key=lambda c: rank.get(c, 99)) if cats else None


def _licenses(view: OpennessView, lk: _Links) -> EosaiParameter:
    weights, code, data = view.weights_license(), view.code_license(), view.licenses_for("data")
    repos, training = _code_repos(view, lk)
    parts: dict[str, str | None] = {
        "weights": weights.category if weights else None,
        "code": _link_license(training or repos) or (code.category if code else None),
        "data": _link_license(lk.of("hub-dataset")) or (data[0].category if data else None),
    }
    open_parts = [k for k, c in parts.items() if c in OPEN_CATEGORIES]
    blocked = [k for k, c in parts.items() if c in BLOCKING_CATEGORIES]
    if len(open_parts) == 3:
        return _g("open", "weights, code and data under open licenses")
    if len(open_parts) >= 2:
        return _g("partial", f"open: {', '.join(open_parts)}")
    if blocked or weights is not None:
        return _g("closed", f"not open: {', '.join(blocked) or 'terms unclear'}")
    return _g("inconclusive", "no license found for weights, code or data")


def grade(view: OpennessView, links: Mapping[str, LinkFact] | None = None) -> EosaiResult:
    """The 12 parameters. `links`: what the service learned by following the card's links (url ->
    LinkFact); without it the card's links count as declared pointers, none followed."""
    if not links:

        links = declared_links(parse_card(view.card_text, view.card_path)) if view.card_text else {}
    lk = _Links(links, view.card_path)
    p: dict[str, EosaiParameter] = {}
    p["weights_endmodel"] = _weights(view, lk)
    p["datasources_endmodel"] = _data(view, lk)
    # Lineage from `base_model` (or a base the card names: "fine-tuned from org/name"): the base model's
    # weights and data are graded from its own evidence, never from this release's.
    bases = view.base_models or [b for b in named_bases(view.card_text) if b.lower() != (view.release_id or "").lower()]
    if bases:
        _base(view if view.base_models else _with_bases(view, bases), lk, p)
    else:  # no base/end distinction: mirror the end model (as the index does)
        p["weights_basemodel"] = p["weights_endmodel"]
        p["datasources_basemodel"] = p["datasources_endmodel"]
    _training(view, lk, p)
    p["hardware_architecture"] = _hardware(view, lk)
    _papers(view, lk, p)
    p["modelcard"] = _modelcard(view)
    p["datasheet"] = _datasheet(view, lk)
    p["licenses"] = _licenses(view, lk)

    ordered = {k: p[k] for k in PARAMETERS}
    graded = [v.grade for v in ordered.values() if v.grade != "inconclusive"]
    score = (
        sum(1.0 if g == "open" else 0.5 if g == "partial" else 0.0 for g in graded) / len(graded)
        if graded
        else None
    )
    return EosaiResult(parameters=ordered, score=score, graded=len(graded))


def _with_bases(view: OpennessView, bases: list[str]) -> OpennessView:
    return replace(view, base_models=list(bases))
