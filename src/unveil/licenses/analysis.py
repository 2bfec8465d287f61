"""Assemble a release's licence analysis: discovered licences merged per id, restrictions with
evidence, open-source claims, lineage and the LIC2xx findings."""

from __future__ import annotations

from unveil.card import ModelCard
from unveil.licenses.catalog import BLOCKING_KINDS, OPEN_CATEGORIES
from unveil.licenses.claims import find_claims
from unveil.licenses.discover import Found, discover, license_files_unread
from unveil.licenses.lineage import check
from unveil.licenses.result import LicenseAnalysis, restriction_list
from unveil.release import Release
from unveil.report import Evidence, Finding, LicenseEntry


def _entry(f: Found) -> LicenseEntry:
    ident = f.ident
    path = f.evidence[0].path if f.evidence else None
    return LicenseEntry(
        **ident.entry_fields(),  # type: ignore[arg-type]
        applies_to=list(f.applies_to),
        restrictions=restriction_list(ident.kinds, ident.clauses, path),
        confidence=round(ident.confidence, 3),
        evidence=[
            *f.evidence,
            Evidence(
                path=path,
                text=f"applies to {', '.join(f.applies_to)}: {f.reason}",
                rule=f.evidence[0].rule if f.evidence else "LIC200",
            ),
        ],
    )


def _merge(found: list[Found]) -> list[LicenseEntry]:
    found = sorted(found, key=lambda f: f.priority)
    merged: dict[str, LicenseEntry] = {}
    for f in found:
        new = _entry(f)
        old = merged.get(new.id)
        if old is None:
            merged[new.id] = new
            continue
        old.applies_to += [c for c in new.applies_to if c not in old.applies_to]
        old.evidence += new.evidence
        have = {r.kind for r in old.restrictions}
        for r in new.restrictions:
            if r.kind not in have:
                old.restrictions.append(r)
            else:
                tgt = next(x for x in old.restrictions if x.kind == r.kind)
                if not tgt.evidence:
                    tgt.evidence = r.evidence
        old.confidence = max(old.confidence or 0, new.confidence or 0)
        if old.category == "unknown" and new.category != "unknown":
            for key in ("category", "spdx", "name", "osi_approved"):
                setattr(old, key, getattr(new, key))
    return list(merged.values())


def _findings(entries: list[LicenseEntry], found: list[Found], analysis: LicenseAnalysis) -> list[Finding]:
    out: list[Finding] = []
    for e in entries:
        path = e.evidence[0].path if e.evidence and e.evidence[0].path else "README.md"
        for r in e.restrictions:
            if r.blocking:
                out.append(
                    Finding(
                        rule="LIC205",
                        severity="medium",
                        path=path,
                        detail=f"{e.id}: {r.kind} restriction",
                        evidence=r.evidence[:2],
                    )
                )
        if e.id == "other" and e.category not in OPEN_CATEGORIES:
            out.append(
                Finding(
                    rule="LIC206",
                    severity="high",
                    path=path,
                    detail=f"custom licence ({e.name}) classified {e.category} from its clauses",
                    evidence=e.evidence[:2],
                )
            )
        if e.id == "unknown":
            out.append(
                Finding(
                    rule="LIC208",
                    severity="low",
                    path=path,
                    detail="licence text not identified",
                    evidence=e.evidence[:1],
                )
            )
    if not analysis.weights_license:
        out.append(
            Finding(
                rule="LIC207",
                severity="medium",
                path="README.md",
                detail="no licence statement covers the model weights",
            )
        )
    meta = [f for f in found if f.source == "metadata"]
    texts = [
        f
        for f in found
        if f.source == "file"
        and "weights" in f.applies_to
        and not f.ident.id.endswith("use-policy")
        and f.ident.id not in {"unknown"}
    ]
    for m in meta:
        for t in texts:
            if m.ident.id != t.ident.id and m.ident.category != t.ident.category:
                out.append(
                    Finding(
                        rule="LIC221",
                        severity="medium",
                        path=t.evidence[0].path or "LICENSE",
                        detail=f"card says {m.ident.id}, licence text is {t.ident.id}",
                        evidence=m.evidence[:1] + t.evidence[:1],
                    )
                )
    for c in analysis.lineage_conflicts:
        out.append(Finding(rule="LIC220", severity="high", path="README.md", detail=c.reason, evidence=c.evidence))
    return out


def build(release: Release, card: ModelCard) -> LicenseAnalysis:
    found = discover(release, card)
    entries = _merge(found)
    # Entries governing the weights come first, the most authoritative source first.
    entries.sort(key=lambda e: ("weights" not in e.applies_to,))
    analysis = LicenseAnalysis(entries=entries)
    analysis.claims = find_claims(card, release.source.id if release.source else None)
    analysis.base_models, analysis.lineage_conflicts = check(card, entries)
    analysis.findings = _findings(entries, found, analysis)
    analysis.unread = license_files_unread(release)
    return analysis


def blocking(entry: LicenseEntry) -> list[str]:
    return [r.kind for r in entry.restrictions if r.kind in BLOCKING_KINDS]
