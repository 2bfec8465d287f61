"""European Open Source AI Index: its 12 parameters graded open / partial / closed / inconclusive.

Most parameters depend on material behind links (code repositories, papers, dataset cards). This
judge grades from the facts at hand; where the answer lies behind a link that was not followed it
grades `inconclusive`, never `closed`. Score = mean over the graded parameters (open 1, partial 0.5);
inconclusive parameters are left out of the mean and listed.
"""

from __future__ import annotations

import re

from unveil.openness.view import BLOCKING_CATEGORIES, OPEN_CATEGORIES, OpennessView
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
_HARDWARE = re.compile(r"\b(GPUs?|TPUs?|A100|H100|H800|V100|hardware|compute infrastructure|cluster)\b", re.I)
_ARCH = re.compile(
    r"\b(architecture|transformer|decoder|encoder|layers|attention heads|diffusion|U-?Net)\b", re.I
)
_DOC_TOPICS = ("training_data", "limitations", "bias", "evaluation", "intended_use", "data_quality")


def _g(grade: str, reason: str, evidence: list[Evidence] | None = None) -> EosaiParameter:
    return EosaiParameter(grade=grade, reason=reason, evidence=(evidence or [])[:4])  # type: ignore[arg-type]


def _find_lines(view: OpennessView, rx: re.Pattern[str], limit: int = 2) -> list[Evidence]:
    out = []
    for i, line in enumerate(view.card_text.splitlines(), start=1):
        if rx.search(line):
            out.append(Evidence(path=view.card_path, line=i, text=line.strip()[:200], rule="OPN120"))
            if len(out) >= limit:
                break
    return out


def _weights(view: OpennessView) -> EosaiParameter:
    """Availability only (the license is its own parameter): shared, gated/partly shared, or not."""
    state = view.status("model_parameters_final")
    ev = view.evidence("model_parameters_final")
    if state == "absent":
        return _g("closed", "no weights in the release and no pointer to them", ev)
    if state == "inconclusive":
        return _g("inconclusive", "weights listed but could not be checked (gated or unreadable)", ev)
    return _g(
        "open", f"weights {state} ({'in files' if state == 'verified' else 'by a concrete pointer'})", ev
    )


def _data(view: OpennessView) -> EosaiParameter:
    ev = view.evidence("datasets") + view.evidence("data_card")
    if view.status("datasets") == "verified":
        return _g("open", "training data in the release", ev)
    if view.present("datasets"):
        return _g("open", "datasets named by concrete pointers (their content behind links not checked)", ev)
    if view.present("data_card"):
        return _g("partial", "a data card points at the data; availability not checked", ev)
    if view.doc_covered.get("training_data"):
        return _g("partial", "training data described in the card, no dataset pointer")
    if "inconclusive" in (view.status("datasets"), view.status("data_card")):
        return _g("inconclusive", "dataset pointers could not be followed", ev)
    return _g("closed", "no training data information")


def grade(view: OpennessView) -> EosaiResult:
    p: dict[str, EosaiParameter] = {}
    has_base = bool(view.base_models)
    p["weights_endmodel"] = _weights(view)
    p["datasources_endmodel"] = _data(view)
    if has_base:
        why = f"base model {', '.join(view.base_models[:3])} not audited here (link not followed)"
        p["weights_basemodel"] = _g("inconclusive", why)
        p["datasources_basemodel"] = _g("inconclusive", why)
    else:  # no base/end distinction: mirror the end model (as the index does)
        p["weights_basemodel"] = p["weights_endmodel"]
        p["datasources_basemodel"] = p["datasources_endmodel"]

    train = view.status("training_code")
    prep = view.status("data_preprocessing_code")
    ev = view.evidence("training_code") + view.evidence("data_preprocessing_code")
    if train == "verified":
        p["trainingcode"] = _g(
            "open" if prep in ("verified", "declared") else "partial",
            "training code in the release" + ("" if prep != "absent" else ", no data-processing code"),
            ev,
        )
        p["code"] = _g("partial", "training code present; its documentation is not graded from files", ev)
    elif train == "declared" or train == "inconclusive":
        p["trainingcode"] = _g("inconclusive", "training code behind a link that was not followed", ev)
        p["code"] = _g("inconclusive", "code documentation behind a link that was not followed", ev)
    else:
        p["trainingcode"] = _g("closed", "no training code and no pointer to it")
        p["code"] = _g("closed", "no training code to document")

    hw = _find_lines(view, _HARDWARE)
    arch = view.present("model_architecture") or bool(_find_lines(view, _ARCH, 1))
    if hw and arch:
        p["hardware_architecture"] = _g("open", "architecture and training hardware described", hw)
    elif hw or arch:
        p["hardware_architecture"] = _g("partial", "only the architecture or only the hardware described", hw)
    else:
        p["hardware_architecture"] = _g("closed", "neither architecture nor hardware described")

    arxiv = _find_lines(view, _ARXIV)
    papers = view.evidence("research_paper") + view.evidence("technical_report")
    if arxiv:
        p["preprint"] = _g("open", "archived preprint linked (its coverage not checked)", arxiv)
    elif view.present("research_paper") or view.present("technical_report"):
        p["preprint"] = _g("inconclusive", "a paper or report is declared, not as an arXiv preprint", papers)
    else:
        p["preprint"] = _g("closed", "no preprint linked")
    venue = _find_lines(view, _VENUE)
    if venue:
        p["paper"] = _g("open", "peer-reviewed venue cited", venue)
    elif arxiv or papers:
        p["paper"] = _g(
            "inconclusive", "only a preprint or report is linked; peer review not established", arxiv
        )
    else:
        p["paper"] = _g("closed", "no paper")

    covered = sum(1 for t in _DOC_TOPICS if view.doc_covered.get(t))
    if not view.present("model_card"):
        p["modelcard"] = _g("closed", "no model card")
    elif not view.doc_covered:
        p["modelcard"] = _g("inconclusive", "card coverage not analysed")
    else:
        grade_ = "open" if covered >= 5 else "partial" if covered >= 2 else "closed"
        p["modelcard"] = _g(grade_, f"card covers {covered} of {len(_DOC_TOPICS)} core topics")

    if view.status("data_card") == "verified":
        p["datasheet"] = _g(
            "partial",
            "a data card is in the release (datasheet completeness not graded)",
            view.evidence("data_card"),
        )
    elif view.status("data_card") in ("declared", "inconclusive"):
        p["datasheet"] = _g(
            "inconclusive", "data card behind a link that was not followed", view.evidence("data_card")
        )
    elif view.doc_covered.get("training_data"):
        p["datasheet"] = _g("partial", "training data documented in the model card, no separate datasheet")
    elif view.present("datasets"):
        p["datasheet"] = _g(
            "inconclusive", "dataset cards behind links that were not followed", view.evidence("datasets")
        )
    else:
        p["datasheet"] = _g("closed", "no datasheet")

    weights, code = view.weights_license(), view.code_license()
    data = view.licenses_for("data")
    parts = {"weights": weights, "code": code, "data": data[0] if data else None}
    open_parts = [k for k, e in parts.items() if e is not None and e.category in OPEN_CATEGORIES]
    blocked = [k for k, e in parts.items() if e is not None and e.category in BLOCKING_CATEGORIES]
    if len(open_parts) == 3:
        p["licenses"] = _g("open", "weights, code and data under open licenses")
    elif len(open_parts) >= 2:
        p["licenses"] = _g("partial", f"open: {', '.join(open_parts)}")
    elif blocked or weights is not None:
        p["licenses"] = _g("closed", f"not open: {', '.join(blocked) or 'terms unclear'}")
    else:
        p["licenses"] = _g("inconclusive", "no license found for weights, code or data")

    ordered = {k: p[k] for k in PARAMETERS}
    graded = [v.grade for v in ordered.values() if v.grade != "inconclusive"]
    score = (
        sum(1.0 if g == "open" else 0.5 if g == "partial" else 0.0 for g in graded) / len(graded)
        if graded
        else None
    )
    return EosaiResult(parameters=ordered, score=score)
