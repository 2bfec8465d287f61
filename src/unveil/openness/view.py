"""One neutral view of the facts the openness judges need, from a real release or a MOT YAML.

The judges (OSAID, MOF, EOSAI, label, openwashing) read only this view, so declared facts and
facts found in files go through the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unveil.licenses import catalog, lineage, restriction_list
from unveil.mof_spec import declared_components
from unveil.openness import mof, signals
from unveil.report import Component, Contradiction, Evidence, LicenseEntry

if TYPE_CHECKING:
    from unveil.facts import AuditFacts

PRESENT = ("verified", "declared")
OPEN_CATEGORIES = ("open-source", "open-data", "open-content")
BLOCKING_CATEGORIES = ("restricted", "non-commercial", "proprietary")
# Most restrictive first: the category a release must live with when several licenses cover a part.
# Most restrictive first: no rights at all, then a whole class of use withheld (non-commercial), then
# enumerated use bans (restricted); a RAIL licence modified "for non-commercial use only" is non-commercial.
_CATEGORY_RANK = {c: i for i, c in enumerate(("proprietary", "non-commercial", "restricted") + OPEN_CATEGORIES
                                             + ("unknown",))}

# Free-text license names (MOT YAML, component notes) -> category. Ids are looked up first.
_TEXT_CATEGORIES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bnon[- ]?commercial|\bNC\b|-NC-|-nc-|research[- ]only|research license", re.I),
        "non-commercial",
    ),
    (re.compile(r"proprietary|all rights reserved|undisclosed", re.I), "proprietary"),
    (
        re.compile(
            r"community licen[cs]e|terms of use|\brail\b|openrail|responsible ai|acceptable use|"
            r"model licen[cs]e|licen[cs]e agreement|use restrictions?|commercial use restr",
            re.I,
        ),
        "restricted",
    ),
)


def categorize(value: str | None) -> str:
    """Category of a license given as an id or free text (MOT lists first, then wording)."""
    if not value:
        return "unknown"
    cid = mof.canonical_id(value)
    lists = mof.license_lists()
    if cid is not None:
        if cid in lists.open_data:
            return "open-data"
        if cid in lists.open_ids:
            return "open-source"
    for pattern, category in _TEXT_CATEGORIES:
        if pattern.search(value):
            return category
    return "unknown"


_UMBRELLA_IDS = frozenset({"openrail"})  # names a family of licences, not one text


def most_restrictive(entries: Iterable[LicenseEntry]) -> LicenseEntry | None:
    entries = list(entries)
    if not entries:
        return None
    # Among equally withholding readings, a family's umbrella id ("license: openrail") yields to the member of the
    # family the card names ("licensed under the CodeML Open RAIL-M v0.1"): the text says which terms apply.
    return min(entries, key=lambda e: (_CATEGORY_RANK.get(e.category, 99), e.id in _UMBRELLA_IDS))


def entry_from_text(value: str, applies_to: list[str], evidence: list[Evidence]) -> LicenseEntry:
    cid = mof.canonical_id(value)
    category = categorize(value)
    osi = cid is not None and cid in mof.license_lists().osi_approved
    return LicenseEntry(
        id=value,
        spdx=cid,
        category=category,
        osi_approved=osi,  # type: ignore[arg-type]
        applies_to=applies_to,
        evidence=evidence,
    )


@dataclass
class OpennessView:
    components: dict[str, Component]
    entries: list[LicenseEntry] = field(default_factory=list)
    claims: list[Evidence] = field(default_factory=list)
    base_models: list[str] = field(default_factory=list)
    lineage_conflicts: list[Contradiction] = field(default_factory=list)
    inherited: list[LicenseEntry] = field(default_factory=list)  # base-model licenses a fine-tune keeps
    release_id: str | None = None
    foreign_bases: list[str] = field(default_factory=list)  # bases from another organisation: not audited
    repackaged: bool = False  # a quantisation/conversion of its base: no training of its own
    template_card: bool = False  # an unfilled template: silence in it is not evidence of absence
    card_only: bool = False  # the release holds nothing but its card: no component can be verified absent
    gated: bool = False  # the card's front matter puts the repo behind an access form (`extra_gated_*`, `gated`)
    doc_covered: dict[str, bool] = field(default_factory=dict)
    card_text: str = ""
    card_path: str | None = None
    declared: dict | None = None
    mof_input: mof.MofInput | None = None

    # -- components ---------------------------------------------------------------------------
    def status(self, name: str) -> str:
        comp = self.components.get(name)
        return comp.status if comp is not None else "absent"

    def present(self, name: str) -> bool:
        return self.status(name) in PRESENT

    def evidence(self, name: str) -> list[Evidence]:
        comp = self.components.get(name)
        return list(comp.evidence) if comp else []

    # -- licenses -----------------------------------------------------------------------------
    def licenses_for(self, kind: str) -> list[LicenseEntry]:
        return [e for e in self.entries if kind in e.applies_to]

    def distribution(self) -> LicenseEntry | None:
        """The release-level license: the one that covers the most kinds of content."""
        if not self.entries:
            return None
        return max(self.entries, key=lambda e: (len(e.applies_to), "weights" in e.applies_to))

    def weights_license(self) -> LicenseEntry | None:
        comp = self.components.get("model_parameters_final")
        found = self.licenses_for("weights")
        if not found and comp is not None and comp.license:
            found = [entry_from_text(comp.license, ["weights"], list(comp.evidence))]
        # A fine-tune cannot shed its base's obligations: an inherited restrictive license governs too.
        return most_restrictive(found + self.inherited)

    def code_license(self) -> LicenseEntry | None:
        """Code license; without one the release license applies (the MOT's inheritance rule)."""
        found = self.licenses_for("code")
        if not found:
            for name in ("training_code", "inference_code", "model_architecture"):
                comp = self.components.get(name)
                if comp is not None and comp.license:
                    found = [entry_from_text(comp.license, ["code"], list(comp.evidence))]
                    break
        if not found:
            dist = self.distribution()
            found = [dist] if dist else []
        return most_restrictive(found)


def view_from_facts(facts: AuditFacts) -> OpennessView:
    declared = facts.release.declared
    components = {c.name: c for c in facts.components}
    entries = [_with_category(e) for e in facts.licenses.entries]
    mof_input = None
    if declared is not None:
        if not components:
            components = {c.name: c for c in declared_components(declared)}
        mof_input = mof.input_from_declared(declared)
        if not entries:
            entries = _declared_entries(mof_input)
    card = facts.card
    base_models = list(facts.licenses.base_models) or (card.meta_list("base_model") if card else [])
    conflicts = list(facts.licenses.lineage_conflicts)
    return OpennessView(
        components=components,
        entries=entries,
        claims=list(facts.licenses.claims),
        base_models=base_models,
        lineage_conflicts=conflicts,
        inherited=inherited_licenses(base_models, conflicts, card.path if card else None),
        release_id=facts.release.source.id,
        foreign_bases=_foreign(facts.release.source.id, base_models + signals.named_bases(card.text if card else "")),
        repackaged=_repackaged(facts, base_models),
        template_card=signals.unfilled_template(card.text if card else None),
        card_only=_card_only(facts),
        gated=_gated(facts),
        doc_covered={k: v.covered for k, v in facts.documentation.sections.items()},
        card_text=card.text if card else "",
        card_path=card.path if card else None,
        declared=declared,
        mof_input=mof_input,
    )


def _gated(facts: AuditFacts) -> bool:
    """The Hub gates the repo: the source said so, or the card declares the access form the Hub shows."""
    if getattr(facts.release, "gated", False):
        return True
    meta = facts.card.metadata if facts.card else {}
    return bool(meta.get("gated")) or any(str(k).startswith("extra_gated_") for k in meta)


_REPO_META = {".gitattributes", ".gitignore", "readme.md", "model_card.md", "modelcard.md"}


def _card_only(facts: AuditFacts) -> bool:
    """A release made of its card alone (a card corpus, a repo not yet uploaded): files it lacks were
    never looked for, so their absence is not established."""
    if facts.release.declared is not None or facts.card is None:
        return False
    files = facts.release.files
    return bool(files) and all(f.path.lower().rsplit("/", 1)[-1] in _REPO_META for f in files)


def _org(repo_id: str | None) -> str | None:
    if not repo_id or "/" not in repo_id:
        return None
    return repo_id.split("@", 1)[0].split("/", 1)[0].lower()


def _foreign(release_id: str | None, bases: list[str]) -> list[str]:
    """Bases published by another organisation (a base of the same organisation is a stage of the same
    project, whose card usually covers it)."""
    own = _org(release_id)
    out = []
    for base in dict.fromkeys(bases):
        if base.lower() == (release_id or "").lower():
            continue
        if own is None or _org(base) != own:
            out.append(base)
    return out


_QUANT_TAGS = re.compile(r"^(gguf|ggml|gptq|awq|exl2|mlx|bnb|llamafile|[48]-?bit|quantized|quantised)$", re.I)
_QUANT_FILE = re.compile(r"\.(gguf|ggml|llamafile)$|gptq|awq|exl2|(^|[._-])q[2-8](_[0-9k])", re.I)


def _repackaged(facts: AuditFacts, bases: list[str]) -> bool:
    """A quantisation or format conversion of a named base model (its training is the base's)."""
    card = facts.card
    if card is None or not bases:
        return False
    meta = card.metadata
    if meta.get("quantized_by") or str(meta.get("base_model_relation", "")).lower() == "quantized":
        return True
    if any(_QUANT_TAGS.match(str(t)) for t in card.meta_list("tags")):
        return True
    weights = [f.path for f in facts.release.files if f.suffix in {".gguf", ".ggml", ".safetensors", ".bin"}]
    return bool(weights) and all(_QUANT_FILE.search(w) for w in weights)


def inherited_licenses(
    base_models: list[str], conflicts: list[Contradiction], card_path: str | None
) -> list[LicenseEntry]:
    """The restrictive licenses of base models named in lineage conflicts, as weights license entries."""
    if not conflicts:
        return []

    out: list[LicenseEntry] = []
    for base in base_models:
        info = catalog.lookup(lineage.base_license(base))
        if info is None or info.category not in BLOCKING_CATEGORIES:
            continue
        if not any(base in (c.reason or "") for c in conflicts):
            continue
        evidence = [Evidence(path=card_path, text=f"base_model: {base} -> {info.name} ({info.id}), inherited",
                             rule="LIC220")]
        out.append(LicenseEntry(
            id=info.id, spdx=info.spdx, name=info.name, category=info.category,  # type: ignore[arg-type]
            osi_approved=info.osi, applies_to=["weights"],
            restrictions=restriction_list(list(info.kinds), {}, card_path, rule="LIC220"), evidence=evidence,
        ))
    return out


def _with_category(entry: LicenseEntry) -> LicenseEntry:
    """An entry the licenses analysis left `unknown` is categorised from its id (MOT lists, wording)."""
    if entry.category != "unknown":
        return entry
    category = categorize(entry.spdx or entry.id)
    if category == "unknown" and entry.name:
        category = categorize(entry.name)
    if category == "unknown":
        return entry
    cid = mof.canonical_id(entry.spdx or entry.id)
    osi = entry.osi_approved or (cid is not None and cid in mof.license_lists().osi_approved)
    return entry.model_copy(update={"category": category, "osi_approved": osi})


_KIND_OF = {"code": "code", "document": "documentation"}


def _declared_entries(inp: mof.MofInput) -> list[LicenseEntry]:
    """License entries from the resolved MOT component licenses (one per license and content kind)."""
    grouped: dict[str, set[str]] = {}
    for comp, lic in inp.licenses.items():
        if comp not in inp.listed or not lic:
            continue
        ctype = mof.CONTENT_TYPE[comp]
        kind = "weights" if comp.startswith("model_parameters") else _KIND_OF.get(ctype, "data")
        grouped.setdefault(lic, set()).add(kind)
    return [
        entry_from_text(lic, sorted(kinds), [Evidence(text=f"license: {lic}", rule="OPN100")])
        for lic, kinds in sorted(grouped.items())
    ]


def mof_input_from_view(view: OpennessView) -> mof.MofInput:
    """MOF input from a real release: listed = verified or declared; licenses resolved MOT-style."""
    if view.mof_input is not None:
        return view.mof_input
    dist = view.distribution()
    weights = view.licenses_for("weights")
    by_kind = {
        "code": view.licenses_for("code"),
        "data": view.licenses_for("data") or weights,
        "document": view.licenses_for("documentation"),
    }

    def lic_id(entry: LicenseEntry | None) -> str | None:
        if entry is None:
            return None
        return entry.spdx or mof.canonical_id(entry.id) or entry.id

    by_type = {t: lic_id(most_restrictive(v)) for t, v in by_kind.items()}
    inp = mof.MofInput()
    for name, *_ in mof.COMPONENTS:
        comp = view.components.get(name)
        if comp is None:
            continue
        if comp.status == "inconclusive":
            inp.inconclusive.add(name)
        if comp.status not in PRESENT:
            continue
        inp.listed.add(name)
        own = mof.canonical_id(comp.license) or comp.license
        if name.startswith("model_parameters") and not comp.license and weights:
            own = lic_id(most_restrictive(weights))
        inp.licenses[name] = mof.resolve_license(name, own, by_type, lic_id(dist))
    return inp


def mof_exclusions(inp: mof.MofInput) -> dict[str, str]:
    """Why each component that is present still does not count towards a MOF class (its license)."""
    out: dict[str, str] = {}
    for name in sorted(inp.listed - inp.included()):
        lic = inp.licenses.get(name)
        if not lic:
            out[name] = "no license covers it"
        else:
            out[name] = f"license {lic} is not open in the MOF's lists"
    return out


def content_type_notes(inp: mof.MofInput) -> list[str]:
    """Open licenses used outside their MOT content type, one sentence per license and type (not one per
    component): "Apache-2.0 is not a data license in the MOT (Datasets, Model parameters (Final))"."""
    groups: dict[tuple[str, str], list[str]] = {}
    types = mof.license_lists().content_types
    for comp in sorted(inp.included()):
        lic = inp.licenses.get(comp) or ""
        allowed = types.get(lic)
        if allowed and mof.CONTENT_TYPE[comp] not in allowed:
            groups.setdefault((lic, mof.CONTENT_TYPE[comp]), []).append(mof.DISPLAY_NAME[comp])
    return [f"{lic} is not a {ctype} license in the MOT ({', '.join(names)}); the components still count"
            for (lic, ctype), names in sorted(groups.items())]
