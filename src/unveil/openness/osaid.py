"""OSI Open Source AI Definition 1.0: meets / does-not-meet / insufficient-evidence, with what is missing.

OSAID 1.0 asks for three elements, each available under OSI-approved terms:
- data information: provenance, scope, selection, processing, where to obtain the data (a dataset
  pointer or a data card; a prose description alone is not a concrete pointer);
- complete code: data processing, training with its settings, inference, the architecture;
- parameters: the weights.
`meets` needs every element verified in files or declared by a concrete pointer; an element clearly
absent or a non-OSI license for code or weights gives `does-not-meet`; anything else (an element that
could not be checked, data announced as "coming soon", pre-training deferred to a base model's card
that is not audited) gives `insufficient-evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from unveil.openness import signals
from unveil.openness.view import BLOCKING_CATEGORIES, OPEN_CATEGORIES, OpennessView
from unveil.report import Evidence, LicenseEntry, OsaidResult


@dataclass
class ElementCheck:
    name: str
    state: str  # present | absent | inconclusive | non-osi
    reason: str
    evidence: list[Evidence] = field(default_factory=list)


def _component_state(view: OpennessView, names: tuple[str, ...]) -> str:
    """present if any listed component is verified/declared; inconclusive if any could not be checked."""
    states = [view.status(n) for n in names]
    if any(s in ("verified", "declared") for s in states):
        return "present"
    if any(s == "inconclusive" for s in states):
        return "inconclusive"
    return "absent"


def _license_state(entry: LicenseEntry | None, osi_only: bool) -> tuple[str, str]:
    if entry is None or entry.category == "unknown":
        return "inconclusive", "license unknown"
    if entry.category in BLOCKING_CATEGORIES:
        return "non-osi", f"{entry.spdx or entry.id} is {entry.category}"
    if osi_only and not entry.osi_approved and entry.category != "open-source":
        return "non-osi", f"{entry.spdx or entry.id} is not OSI-approved"
    if entry.category in OPEN_CATEGORIES:
        return "present", f"{entry.spdx or entry.id} ({entry.category})"
    return "inconclusive", f"{entry.spdx or entry.id}: category {entry.category}"


def _license_evidence(entry: LicenseEntry | None) -> list[Evidence]:
    if entry is None:
        return []
    ev = list(entry.evidence)
    for r in entry.restrictions:
        if r.blocking:
            ev.extend(r.evidence[:2])
    return ev[:6]


def check_elements(view: OpennessView) -> list[ElementCheck]:
    checks: list[ElementCheck] = []
    text, path = view.card_text, view.card_path

    # Parameters, under open terms.
    state = _component_state(view, ("model_parameters_final",))
    checks.append(
        ElementCheck("parameters", state, f"weights {state}", view.evidence("model_parameters_final"))
    )
    weights = view.weights_license()
    lstate, why = _license_state(weights, osi_only=False)
    if state != "absent":
        checks.append(
            ElementCheck("parameters under OSI-approved terms", lstate, why, _license_evidence(weights))
        )

    # Complete code: training (with its data pipeline), inference and architecture, under OSI terms.
    for label, names in (
        ("code: training", ("training_code",)),
        ("code: inference and architecture", ("inference_code", "model_architecture")),
    ):
        st = _component_state(view, names)
        checks.append(
            ElementCheck(label, st, f"{'/'.join(names)} {st}", sum((view.evidence(n) for n in names), []))
        )
    code = view.code_license()
    if any(c.state == "present" for c in checks if c.name.startswith("code:")):
        cstate, why = _license_state(code, osi_only=True)
        checks.append(ElementCheck("code under OSI-approved terms", cstate, why, _license_evidence(code)))

    # Data information: a concrete pointer (datasets or a data card); prose alone is not enough.
    st = _component_state(view, ("datasets", "data_card"))
    ev = view.evidence("datasets") + view.evidence("data_card")
    reason = f"datasets/data card {st}"
    if st == "absent" and view.doc_covered.get("training_data"):
        st, reason = (
            "inconclusive",
            "training data described in prose, without a dataset pointer or data card",
        )
    checks.append(ElementCheck("data information", st, reason, ev))

    # Announced-but-unreleased data and pre-training deferred to an unaudited base model.
    pending = signals.pending_release(text, path)
    if pending:
        checks.append(
            ElementCheck(
                "data information: announced, not yet released",
                "inconclusive",
                "the card says part of the data or code will be released later",
                pending[:3],
            )
        )
    deferred = signals.deferred_to_base(text, path)
    if deferred:
        checks.append(
            ElementCheck(
                "base model: pre-training data and code",
                "inconclusive",
                "pre-training is documented only in the base model's card, not audited here",
                deferred[:3],
            )
        )
    elif view.foreign_bases:
        # A fine-tune of another organisation's model: the base's data and code are part of the
        # system but live with that model, which this audit does not cover.
        checks.append(
            ElementCheck(
                "base model: pre-training data and code",
                "inconclusive",
                f"derived from {', '.join(view.foreign_bases[:3])}, whose pre-training is not audited here",
                [Evidence(path=path, text=f"base model: {b}", rule="OPN110") for b in view.foreign_bases[:3]],
            )
        )
    return _soften_silence(view, checks)


def _soften_silence(view: OpennessView, checks: list[ElementCheck]) -> list[ElementCheck]:
    """Elements not found are `inconclusive`, not `absent`, when silence proves nothing: the release
    is its card alone (every element), a quantisation of its base (training belongs to the base), or
    the card is an unfilled template (it discloses nothing either way)."""
    if view.card_only:
        why = "the release holds only its model card; files it lacks were not looked for"
        return [
            ElementCheck(c.name, "inconclusive", f"{c.reason} ({why})", c.evidence) if c.state == "absent" else c
            for c in checks
        ]
    if view.repackaged:
        why = "a quantised/converted copy of its base model; training code and data live with the base"
    elif view.template_card:
        why = "the model card is an unfilled template, so the absence of pointers is not evidence"
    else:
        return checks
    out = []
    for c in checks:
        if c.state == "absent" and c.name.startswith(("code:", "data information")):
            c = ElementCheck(c.name, "inconclusive", f"{c.reason} ({why})", c.evidence)
        out.append(c)
    return out


def judge_osaid(view: OpennessView) -> OsaidResult:
    checks = check_elements(view)
    missing = [f"{c.name}: {c.reason}" for c in checks if c.state in ("absent", "non-osi")]
    inconclusive = [f"{c.name}: {c.reason}" for c in checks if c.state == "inconclusive"]
    evidence = [
        e.model_copy(update={"rule": e.rule or "OPN110"})
        for c in checks
        if c.state != "present"
        for e in c.evidence[:3]
    ]
    if missing:
        verdict = "does-not-meet"
    elif inconclusive:
        verdict = "insufficient-evidence"
    else:
        verdict = "meets"
    return OsaidResult(verdict=verdict, missing=missing, inconclusive=inconclusive, evidence=evidence[:20])
