"""`--format cyclonedx`: a CycloneDX 1.6 ML-BOM (JSON).

The BOM is built with cyclonedx-python-lib: a `machine-learning-model` component for the release (purl
`pkg:huggingface/org/name@sha` for Hub sources, the weights licence, external references, the audit's
verdicts as `unveil:` properties) and one `file` component per listed file with its sha256. The library
does not model `modelCard` yet, so it is added to the serialized JSON (parameters, evaluation metrics
and considerations from the documentation evidence); the final document is validated with the library's
own strict 1.6 JSON validator, which ships the schemas (no network). The library is imported lazily:
it costs ~0.4 s and only this format needs it.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from typing import Any

from cyclonedx.model import ExternalReference, ExternalReferenceType, HashAlgorithm, HashType, Property, XsUri
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component as CdxComponent
from cyclonedx.model.component import ComponentType
from cyclonedx.model.impact_analysis import ImpactAnalysisResponse, ImpactAnalysisState
from cyclonedx.model.license import LicenseAcknowledgement
from cyclonedx.model.vulnerability import (
    BomTarget,
    Vulnerability,
    VulnerabilityAnalysis,
    VulnerabilityRating,
    VulnerabilityScoreSource,
    VulnerabilitySeverity,
    VulnerabilitySource,
)
from cyclonedx.output.json import JsonV1Dot6
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packageurl import PackageURL

try:
    from cyclonedx.contrib.license.factories import LicenseFactory
except ImportError:  # cyclonedx-python-lib < 11
    from cyclonedx.factory.license import LicenseFactory  # type: ignore[no-redef]

from unveil import sanitize
from unveil.registry import rules_by_id
from unveil.report import SEVERITY_ORDER, Component, Evidence, Report

HUB_URL = "https://huggingface.co"
MODEL_REF = "model"
# Which licence kind (LicenseEntry.applies_to) governs the files of each MOF component.
_KIND = {
    "model_parameters_final": "weights", "model_parameters_intermediate": "weights",
    "model_architecture": "code", "training_code": "code", "inference_code": "code",
    "evaluation_code": "code",
    "data_preprocessing_code": "code", "supporting_libraries": "code",
    "datasets": "data", "evaluation_data": "data", "sample_outputs": "data",
    "model_card": "documentation", "data_card": "documentation", "technical_report": "documentation",
    "research_paper": "documentation", "evaluation_results": "documentation", "model_metadata": "weights",
}
_URL_REFS = {"research_paper": "documentation", "technical_report": "documentation",
             "datasets": "other", "evaluation_results": "evidence", "training_code": "vcs",
             "model_card": "model-card", "data_card": "documentation"}
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?%?$")
MAX_TEXTS = 10  # per consideration list: the evidence sentences, not the whole card
MAX_URLS = 20  # external references taken from declared components' evidence
VALIDATE_FILES = 200
MAX_VULNERABILITIES = 1000  # worst first; the counts of all findings are in the model's properties


class CycloneDXError(RuntimeError):
    """The BOM did not validate against CycloneDX 1.6: a bug in this renderer, never the input's fault."""


def render(report: Report) -> str:
    return json.dumps(to_cyclonedx(sanitize.clean(report)), indent=2, ensure_ascii=False) + "\n"


def to_cyclonedx(report: Report, validate: bool = True) -> dict[str, Any]:
    bom = _bom(report)
    doc = json.loads(JsonV1Dot6(bom).output_as_string())
    model = next(c for c in doc.get("components", []) if c.get("bom-ref") == MODEL_REF)
    file_names = {c["name"] for c in doc.get("components", []) if c.get("type") == "file"}
    model_card = build_model_card(report, file_names)
    if model_card:
        model["modelCard"] = model_card
    if validate:
        errors = validation_errors(_sample(doc))
        if errors:
            raise CycloneDXError(f"CycloneDX 1.6 validation failed: {errors}")
    return doc


def _sample(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with at most VALIDATE_FILES file components: every file component is built by the same
    code, and jsonschema's uniqueItems check is quadratic in the number of components (seconds per
    thousand), so a big listing is validated on a prefix."""
    comps = doc.get("components", [])
    files = [c for c in comps if c.get("type") == "file"]
    if len(files) <= VALIDATE_FILES:
        return doc
    keep = {c["bom-ref"] for c in files[:VALIDATE_FILES]}
    sample = dict(doc)
    sample["components"] = [c for c in comps if c.get("type") != "file" or c["bom-ref"] in keep]
    sample["dependencies"] = [
        {**d, "dependsOn": [r for r in d.get("dependsOn", []) if r in keep]} if d.get("dependsOn") else d
        for d in doc.get("dependencies", []) if d["ref"] in keep or not d["ref"].startswith("file:")
    ]
    return sample


def validation_errors(doc: dict[str, Any]) -> str | None:
    """The library's strict CycloneDX 1.6 JSON validation; None when valid."""
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(json.dumps(doc))
    return None if error is None else str(error)


# -- the BOM (library objects) -----------------------------------------------------------------------------
def _bom(report: Report) -> Any:
    src = report.source
    stamp = _timestamp(report.generated_at)
    # Deterministic: the same report gives the same serial number.
    serial = uuid.uuid5(uuid.NAMESPACE_URL, f"unveil:{src.kind}:{src.id}@{src.revision}#{stamp}")
    bom = Bom(serial_number=serial)
    bom.metadata.timestamp = stamp
    tool = CdxComponent(type=ComponentType.APPLICATION, name="unveil", version=report.tool.version,
                        bom_ref="tool:unveil")
    bom.metadata.tools.components.add(tool)
    for f in report.frameworks:
        bom.metadata.properties.add(Property(name="unveil:framework", value=f"{f.name} {f.version}"))

    org, name = _org_name(report)
    model = CdxComponent(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=name or src.id or "unnamed",
        group=org or None,
        version=src.revision or src.requested_revision or None,
        bom_ref=MODEL_REF,
        purl=_purl(report),
        licenses=_licenses(report, "weights"),
        external_references=_external_refs(report),
        properties=[Property(name=k, value=v) for k, v in _verdict_properties(report)],
    )
    bom.components.add(model)

    owners = _path_components(report)
    files = []
    for i, rec in enumerate(report.source.listing):
        hashes = [HashType(alg=HashAlgorithm.SHA_256, content=rec.sha256)] if _is_sha256(rec.sha256) else []
        props = [Property(name="unveil:size", value=str(rec.size))] if rec.size is not None else []
        if rec.lfs:
            props.append(Property(name="unveil:lfs", value="true"))
        comps = owners.get(rec.path, [])
        props += [Property(name="unveil:mof_component", value=c.name) for c in comps]
        kinds = sorted({_KIND[c.name] for c in comps if c.name in _KIND})
        file = CdxComponent(type=ComponentType.FILE, name=rec.path, bom_ref=f"file:{i}:{rec.path}",
                            hashes=hashes, properties=props,
                            licenses=_licenses(report, kinds[0]) if len(kinds) == 1 else [])
        bom.components.add(file)
        files.append(file)
    bom.register_dependency(model, files)
    refs = {rec.path: f"file:{i}:{rec.path}" for i, rec in enumerate(report.source.listing)}
    for vuln in _vulnerabilities(report, refs):
        bom.vulnerabilities.add(vuln)
    return bom


def _vulnerabilities(report: Report, refs: dict[str, str]) -> list[Any]:
    """Security findings as CycloneDX vulnerabilities: id = rule, rating = severity, affects = the file (or
    the model when the file is not in the listing). A suppressed finding is an accepted risk
    (state exploitable, response will_not_fix, the suppression as detail)."""


    ordered = sorted(report.security.findings, key=lambda f: (f.suppressed, -SEVERITY_ORDER[f.severity]))
    out: list[Any] = []
    for i, f in enumerate(ordered[:MAX_VULNERABILITIES]):
        rule = rules_by_id().get(f.rule)
        outer = f.path.split("!", 1)[0]
        props = [Property(name="unveil:path", value=f.path), Property(name="unveil:scanner", value=f.scanner)]
        ev = next((e for e in f.evidence if e.offset is not None or e.line is not None), None)
        if ev is not None:
            where = f"line {ev.line}" if ev.line is not None else f"byte {ev.offset}"
            props.append(Property(name="unveil:location", value=where))
        evidence = "; ".join(e.text for e in f.evidence[:3] if e.text)
        analysis = None
        if f.suppressed:
            analysis = VulnerabilityAnalysis(state=ImpactAnalysisState.EXPLOITABLE,
                                             responses=[ImpactAnalysisResponse.WILL_NOT_FIX],
                                             detail=f.annotation or "suppressed by the user's configuration")
        source_url = XsUri(rule.help_uri) if rule is not None and _is_url(rule.help_uri) else None
        out.append(Vulnerability(
            bom_ref=f"finding:{i}", id=f.rule,
            source=VulnerabilitySource(name="unveil", url=source_url),
            ratings=[VulnerabilityRating(severity=VulnerabilitySeverity(f.severity),
                                         method=VulnerabilityScoreSource.OTHER,
                                         source=VulnerabilitySource(name="unveil"))],
            description=f.detail or (rule.title if rule else f.rule),
            detail=evidence or None,
            recommendation=rule.remediation if rule is not None and rule.remediation else None,
            affects=[BomTarget(ref=refs.get(outer, MODEL_REF))],
            analysis=analysis, properties=props,
        ))
    return out


def _org_name(report: Report) -> tuple[str, str]:
    """(owner, name) of the release: `org/name` on the Hub, the last part of a folder or git URL."""
    src = report.source
    ident = src.id.strip().rstrip("/")
    if src.kind == "hub":
        org, _, name = ident.rpartition("/")
        return org, name
    name = re.split(r"[\\/:]", ident)[-1] if ident else ""
    return "", name.removesuffix(".git") or ident


def _purl(report: Report) -> Any:
    src = report.source
    if src.kind != "hub" or "/" not in src.id:
        return None
    org, _, name = src.id.strip("/").rpartition("/")
    # The purl spec's huggingface type: namespace = owner, version = the commit sha, lower-cased.
    return PackageURL(type="huggingface", namespace=org, name=name,
                      version=src.revision.lower() if src.revision else None)


def _licenses(report: Report, kind: str) -> list[Any]:
    factory = LicenseFactory()
    entries = [e for e in report.licenses if kind in e.applies_to]
    out: list[Any] = []
    for e in entries:
        ident = e.spdx or e.id
        if len(entries) == 1 and e.spdx and (" OR " in e.spdx or " AND " in e.spdx):
            try:
                return [factory.make_with_expression(e.spdx, acknowledgement=LicenseAcknowledgement.DECLARED)]
            except Exception:  # not a valid expression: named below
                pass
        try:
            lic = factory.make_with_id(ident, acknowledgement=LicenseAcknowledgement.DECLARED)
        except Exception:  # not an SPDX id (custom licences, LicenseRef-...): a named licence
            lic = factory.make_with_name(e.name or ident, acknowledgement=LicenseAcknowledgement.DECLARED)
        out.append(lic)
    return out


def _external_refs(report: Report) -> list[Any]:
    refs: list[tuple[str, str, str | None]] = []
    src = report.source
    if src.kind == "hub":
        refs.append(("website", f"{HUB_URL}/{src.id}", None))
        refs.append(("vcs", f"{HUB_URL}/{src.id}", None))
    elif src.kind == "git" and _is_url(src.id):
        refs.append(("vcs", src.id, None))
    for comp in report.components:
        if comp.status != "declared":
            continue
        for e in comp.evidence:
            url = e.url or (e.text if e.text and _is_url(e.text) else None)
            if url and _is_url(url):
                refs.append((_URL_REFS.get(comp.name, "other"), url, comp.name.replace("_", " ")))
    out: list[Any] = []
    seen: set[tuple[str, str]] = set()
    for kind, url, comment in refs:
        if (kind, url) in seen or len(out) >= MAX_URLS:
            continue
        seen.add((kind, url))
        try:
            out.append(ExternalReference(type=ExternalReferenceType(kind), url=XsUri(url), comment=comment))
        except Exception:  # a URL the library refuses is left out, never a crash
            continue
    return out


def _verdict_properties(report: Report) -> list[tuple[str, str]]:
    o = report.openness
    props = [
        ("unveil:openness:label", o.label),
        ("unveil:osaid:verdict", o.osaid.verdict),
        ("unveil:mof:class", str(o.mof.mof_class) if o.mof.mof_class else "unclassified"),
        ("unveil:openwashing", "true" if o.openwashing.flag else "false"),
    ]
    if o.eosai.score is not None:
        props.append(("unveil:eosai:score", f"{o.eosai.score:.3f}"))
    if report.documentation.score is not None:
        props.append(("unveil:documentation:score", f"{report.documentation.score:.0f}"))
    worst = report.worst_severity()
    props.append(("unveil:security:worst", worst or "none"))
    counts: dict[str, int] = {}
    for f in report.security.findings:
        if not f.suppressed:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    for sev in sorted(counts, key=lambda s: -SEVERITY_ORDER[s]):
        props.append((f"unveil:security:{sev}", str(counts[sev])))
    if report.policy is not None:
        props.append(("unveil:policy", "passed" if report.policy.passed else "violated"))
        props += [("unveil:policy:violation", v) for v in report.policy.violations]
    for c in o.openwashing.contradictions[:10]:
        props.append(("unveil:openwashing:contradiction", c.reason))
    for i in report.inconclusive[:20]:
        props.append(("unveil:inconclusive", f"{i.path or i.check}: {i.reason}"))
    return props


def _path_components(report: Report) -> dict[str, list[Component]]:
    owners: dict[str, list[Component]] = {}
    for c in report.components:
        for p in c.paths:
            owners.setdefault(p, []).append(c)
    return owners


# -- modelCard (JSON: not modelled by the library yet) -----------------------------------------------------
def build_model_card(report: Report, file_names: set[str] | None = None) -> dict[str, Any]:
    """CycloneDX `modelCard` from the audit's evidence (pure; every text is a sentence of the card)."""
    card: dict[str, Any] = {}
    params = _model_parameters(report, file_names or set())
    if params:
        card["modelParameters"] = params
    metrics = performance_metrics(report)
    if metrics:
        card["quantitativeAnalysis"] = {"performanceMetrics": metrics}
    considerations = _considerations(report)
    if considerations:
        card["considerations"] = considerations
    props = [{"name": f"unveil:documentation:topic:{name}", "value": _covered(sec.covered)}
             for name, sec in report.documentation.sections.items()]
    props += [{"name": "unveil:out_of_scope_use", "value": t} for t in _texts(report, "out_of_scope_use")]
    if props:
        card["properties"] = props
    return card


def _model_parameters(report: Report, file_names: set[str]) -> dict[str, Any]:
    datasets: list[dict[str, Any]] = []
    listing_index = {rec.path: i for i, rec in enumerate(report.source.listing)}
    for name in ("datasets", "evaluation_data"):
        comp = report.component(name)
        if comp is None or not comp.present:
            continue
        for p in comp.paths[:20]:
            if p in file_names and p in listing_index:
                datasets.append({"ref": f"file:{listing_index[p]}:{p}"})
        if comp.paths:
            continue
        for e in comp.evidence[:10]:
            url = e.url or (e.text if e.text and _is_url(e.text) else None)
            item: dict[str, Any] = {"type": "dataset", "name": (e.text or url or name)[:200]}
            if url:
                item["contents"] = {"url": url}
            datasets.append(item)
    arch = report.component("model_architecture")
    params: dict[str, Any] = {}
    if datasets:
        params["datasets"] = datasets
    if arch is not None and arch.present and arch.paths:
        params["modelArchitecture"] = ", ".join(arch.paths[:3])
    return params


def performance_metrics(report: Report) -> list[dict[str, str]]:
    """Metrics from the evaluation evidence: table rows `| slice | metric | value |` or `metric: value`."""
    evidence: list[Evidence] = []
    section = report.documentation.sections.get("evaluation")
    if section is not None:
        evidence += section.evidence
    comp = report.component("evaluation_results")
    if comp is not None:
        evidence += [e for e in comp.evidence if e.line is not None]
    out: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for e in evidence:
        metric = _metric(e.text or "")
        if metric is None:
            continue
        key = (metric.get("type", ""), metric["value"], metric.get("slice", ""))
        if key not in seen:
            seen.add(key)
            out.append(metric)
    return out[:50]


def _metric(text: str) -> dict[str, str] | None:
    line = text.strip()
    if line.startswith("|"):
        cells = [c.strip().strip("*`") for c in line.strip("|").split("|")]
        idx = next((i for i in range(len(cells) - 1, -1, -1) if _NUMBER.match(cells[i])), None)
        if idx is None or idx == 0:
            return None
        metric = {"type": cells[idx - 1][:100], "value": cells[idx]}
        if idx >= 2 and cells[0]:
            metric["slice"] = cells[0][:100]
        return metric if metric["type"] else None
    m = re.match(r"^[-*\s]*([A-Za-z][\w .()/@-]{0,60}?)\s*[:=]\s*([-+]?\d+(?:[.,]\d+)?%?)\s*$", line)
    if m:
        return {"type": m.group(1).strip(), "value": m.group(2)}
    return None


def _considerations(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    uses = _texts(report, "intended_use")
    if uses:
        out["useCases"] = uses
    limits = _texts(report, "limitations")
    if limits:
        out["technicalLimitations"] = limits
    risks = [{"name": t} for t in _texts(report, "bias") + _texts(report, "risks")]
    if risks:
        seen: set[str] = set()
        out["ethicalConsiderations"] = [r for r in risks if not (r["name"] in seen or seen.add(r["name"]))]
    env = _texts(report, "environmental_impact")
    if env:
        out["environmentalConsiderations"] = {
            "properties": [{"name": "unveil:environmental_impact", "value": t} for t in env]}
    return out


def _texts(report: Report, topic: str) -> list[str]:
    section = report.documentation.sections.get(topic)
    if section is None or not section.covered:
        return []
    texts: list[str] = []
    for e in section.evidence:
        if e.text and e.text.strip() and e.text.strip() not in texts:
            texts.append(e.text.strip()[:1000])
    return texts[:MAX_TEXTS]


# -- small helpers -----------------------------------------------------------------------------------------
def _covered(flag: bool) -> str:
    return "covered" if flag else "not covered"


def _timestamp(stamp: str) -> datetime:
    try:
        dt = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _is_sha256(value: str | None) -> bool:
    return bool(value) and re.fullmatch(r"[0-9a-fA-F]{64}", value or "") is not None


def _is_url(text: str) -> bool:
    # RFC 3986 characters only: a backslash or an escaped control from the card is not an iri-reference.
    return re.match(r"^https?://[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]+$", text) is not None
