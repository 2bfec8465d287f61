"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards and CI gates.

One run; the driver's `rules` come from the rule registry (one definition per id). Results are the
security and documentation findings plus the openness/licence verdicts that are failures (openwashing
contradictions, blocking licence restrictions, missing OSAID elements, no weights licence). A member of
a container (`outer.zip!inner`) is located at the outer file, the member named as a logical location.
Fingerprints hash what identifies a result (rule, path, evidence position, detail), never the time.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from unveil import sanitize
from unveil.registry import all_rules, rules_by_id
from unveil.report import Evidence, Finding, Report, Unscannable
from unveil.version import __version__

SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
HUB_URL = "https://huggingface.co"
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}
# GitHub code scanning ranks security results by this CVSS-like number.
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "0.0"}
_FAMILY_TAGS = {"OPN": "openness", "LIC": "license", "SEC": "security", "CODE": "security",
                "DOC": "documentation", "SRC": "inventory", "POL": "policy"}
_SRCROOT = "SRCROOT"


# -- entry points ------------------------------------------------------------------------------------------
def render(report: Report) -> str:
    return json.dumps(to_sarif(sanitize.clean(report)), indent=2, ensure_ascii=False) + "\n"


def render_findings_sarif(findings: Iterable[Finding], scanned: Iterable[str] = (),
                          unscannable: Iterable[Unscannable] = ()) -> str:
    """SARIF for `unveil scan`: findings over paths given on the command line (no report around them)."""
    findings, unscannable = sanitize.clean(list(findings)), sanitize.clean(list(unscannable))
    scanned = sanitize.clean(list(scanned), as_name=True)
    locator = scan_locator(os.getcwd())
    log = _log(findings, unscannable, run_properties={"scanned": sorted(set(scanned))},
               locator=locator, version_control=None, end_time=None)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def to_sarif(report: Report) -> dict[str, Any]:
    findings = [*report.security.findings, *report.documentation.findings, *verdict_findings(report)]
    unscannable = [*report.security.unscannable,
                   *(Unscannable(path=i.path or i.check, reason=i.reason) for i in report.inconclusive)]
    o = report.openness
    props: dict[str, Any] = {
        "source": {"kind": report.source.kind, "id": report.source.id, "revision": report.source.revision},
        "frameworks": [f"{f.name} {f.version}" for f in report.frameworks],
        "openness": {"label": o.label, "osaid": o.osaid.verdict, "mofClass": o.mof.mof_class,
                     "eosaiScore": o.eosai.score, "openwashing": o.openwashing.flag},
        "documentationScore": report.documentation.score,
        "policy": report.policy.model_dump() if report.policy is not None else None,
        "scanned": list(report.security.scanned),
    }
    return _log(findings, unscannable, run_properties=props, locator=audit_locator(report),
                version_control=_version_control(report), end_time=report.generated_at,
                tool_version=report.tool.version)


# -- verdicts that are failures, as findings ---------------------------------------------------------------
def verdict_findings(report: Report) -> list[Finding]:
    """Openness and licence verdicts that fail, expressed as findings (pure; derived from the report)."""
    def sev(rule_id: str, fallback: str) -> str:
        r = rules_by_id().get(rule_id)
        return r.severity if r is not None else fallback

    card = _card_path(report)
    out: list[Finding] = []
    o = report.openness
    for c in o.openwashing.contradictions:
        lineage = any(e.rule == "LIC220" for e in c.evidence)
        rid = "OPN150" if lineage else "OPN140"
        evidence = list(c.evidence) or list(o.openwashing.claims[:1])
        claim = f' (claim: "{c.claim}")' if c.claim else ""
        out.append(Finding(rule=rid, severity=sev(rid, "high"), path=_first_path(evidence) or card,
                           detail=f"{c.reason}{claim}", evidence=evidence))
    for lic in report.licenses:
        for r in lic.restrictions:
            if not r.blocking:
                continue
            path = _first_path(r.evidence) or _first_path(lic.evidence) or card
            out.append(Finding(rule="LIC205", severity=sev("LIC205", "medium"), path=path,
                               detail=f"{lic.spdx or lic.id} restricts use: {r.kind} "
                                      f"(applies to {', '.join(lic.applies_to) or 'unknown'})",
                               evidence=list(r.evidence)))
    claimed = bool(o.openwashing.claims)
    if o.osaid.verdict == "does-not-meet" and not claimed:
        # With a claim, the missing elements are already stated as openwashing contradictions.
        for item in o.osaid.missing:
            out.append(Finding(rule="OPN110", severity=sev("OPN110", "medium"), path=card,
                               detail=f"OSAID 1.0 element missing: {item}",
                               evidence=list(o.osaid.evidence[:2])))
    if report.policy is not None:
        name = f"policy {report.policy.file}" if report.policy.file else "policy"
        for violation in report.policy.violations:
            out.append(Finding(rule="POL700", severity=sev("POL700", "high"), path=card,
                               detail=f"{name}: {violation}"))
    weights = report.component("model_parameters_final")
    if weights is not None and weights.present and not o.weights_license \
            and not any("weights" in lic.applies_to for lic in report.licenses):
        out.append(Finding(rule="LIC207", severity=sev("LIC207", "medium"), path=card,
                           detail="no licence statement covers the model weights"))
    return out


def _card_path(report: Report) -> str:
    card = report.component("model_card")
    if card is not None and card.paths:
        return card.paths[0]
    return "README.md"


def _first_path(evidence: Iterable[Evidence]) -> str | None:
    return next((e.path for e in evidence if e.path), None)


# -- the log -----------------------------------------------------------------------------------------------
def _log(findings: list[Finding], unscannable: list[Unscannable], *, run_properties: dict[str, Any],
         locator: Locator, version_control: dict[str, Any] | None, end_time: str | None,
         tool_version: str | None = None) -> dict[str, Any]:
    registry = all_rules()
    rules = [_rule_descriptor(r.id, r.severity, r.title, r.rationale, r.help_uri, r.clause, r.remediation)
             for r in registry]
    index = {r["id"]: i for i, r in enumerate(rules)}
    for f in findings:  # a rule id outside the registry still gets a descriptor
        if f.rule not in index:
            index[f.rule] = len(rules)
            rules.append(_rule_descriptor(f.rule, f.severity, f.rule, "", None, "", ""))

    results: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for f in findings:
        result = _result(f, index[f.rule], locator)
        fp = result["partialFingerprints"]["unveilFingerprint/v1"]
        n = seen.get(fp, 0)
        seen[fp] = n + 1
        if n:  # identical results stay distinct and stable: occurrence number in the fingerprint
            result["partialFingerprints"]["unveilFingerprint/v1"] = _digest(fp, str(n))
        results.append(result)

    invocation: dict[str, Any] = {
        "executionSuccessful": True,
        "toolExecutionNotifications": [_notification(u, locator) for u in unscannable],
    }
    if end_time:
        invocation["endTimeUtc"] = _utc(end_time)
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "unveil", "version": tool_version or __version__,
                            "semanticVersion": tool_version or __version__, "rules": rules}},
        "invocations": [invocation],
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": run_properties,
    }
    if locator.base_uri:
        run["originalUriBaseIds"] = {_SRCROOT: {"uri": locator.base_uri}}
    if version_control:
        run["versionControlProvenance"] = [version_control]
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _rule_descriptor(rid: str, severity: str, title: str, rationale: str, help_uri: str | None,
                     clause: str, remediation: str) -> dict[str, Any]:
    family = re.match(r"[A-Z]+", rid)
    tag = _FAMILY_TAGS.get(family.group(0) if family else "", "unveil")
    props: dict[str, Any] = {"severity": severity, "clause": clause, "remediation": remediation,
                             "tags": [tag]}
    if tag == "security":
        props["security-severity"] = SECURITY_SEVERITY.get(severity, "0.0")
    desc: dict[str, Any] = {
        "id": rid,
        "name": _camel(title),
        "shortDescription": {"text": title},
        "fullDescription": {"text": rationale or title},
        "defaultConfiguration": {"level": LEVEL.get(severity, "warning")},
        "properties": props,
    }
    if remediation:
        desc["help"] = {"text": remediation}
    if help_uri and "://" in help_uri:  # SARIF wants an absolute URI: none rather than an unverified one
        desc["helpUri"] = help_uri
    return desc


def _result(f: Finding, rule_index: int, locator: Locator) -> dict[str, Any]:
    outer, member = _split_member(f.path)
    ev = _located_evidence(f)
    physical: dict[str, Any] = {"artifactLocation": locator(outer)}
    region = _region(ev, member)
    if region:
        physical["region"] = region
    location: dict[str, Any] = {"physicalLocation": physical}
    if member:
        location["logicalLocations"] = [{"name": member.rsplit("!", 1)[-1], "fullyQualifiedName": f.path,
                                         "kind": "member"}]
    props: dict[str, Any] = {"severity": f.severity, "scanner": f.scanner, "path": f.path}
    if member:
        props["member"] = member
    if ev is not None and ev.offset is not None:
        props["byteOffset"] = ev.offset
    evidence_texts = [e.text for e in f.evidence if e.text and e.text != f.detail][:3]
    if evidence_texts:
        props["evidence"] = evidence_texts
    urls = [e.url for e in f.evidence if e.url][:3]
    if urls:
        props["urls"] = urls
    if f.annotation:
        props["annotation"] = f.annotation
    result: dict[str, Any] = {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": f.detail or f.rule},
        "locations": [location],
        "partialFingerprints": {"unveilFingerprint/v1": _fingerprint(f, ev)},
        "properties": props,
    }
    if f.suppressed:
        suppression: dict[str, Any] = {"kind": "external", "status": "accepted"}
        if f.annotation:
            suppression["justification"] = f.annotation
        result["suppressions"] = [suppression]
    return result


def _located_evidence(f: Finding) -> Evidence | None:
    """The first evidence that points into the finding's own file (line or byte offset)."""
    for e in f.evidence:
        if (e.path is None or e.path == f.path) and (e.line is not None or e.offset is not None):
            return e
    return None


def _region(ev: Evidence | None, member: str | None) -> dict[str, Any] | None:
    if ev is None:
        return None
    if ev.line is not None and ev.line >= 1:
        region: dict[str, Any] = {"startLine": ev.line}
        if ev.line_end is not None and ev.line_end >= ev.line:
            region["endLine"] = ev.line_end
        return region
    if ev.offset is not None and ev.offset >= 0 and not member:
        # An offset inside a member is not an offset in the outer file: it stays in properties.
        return {"byteOffset": ev.offset}
    return None


def _split_member(path: str) -> tuple[str, str | None]:
    outer, sep, inner = path.partition("!")
    return outer, (inner if sep and inner else None)


@dataclass(frozen=True)
class Locator:
    """Maps a finding's path to a SARIF artifactLocation relative to the repository root (uriBaseId SRCROOT).

    `prefix`: where the audited folder sits inside the repository ("" at its root). `cwd`: for `scan`, the
    directory the typed paths are relative to (they are resolved, then made relative to `root`).
    `base_uri`: what SRCROOT stands for (a file:// or Hub URL), when known.
    """
    prefix: str = ""
    base_uri: str | None = None
    cwd: str | None = None
    root: str | None = None

    def __call__(self, path: str) -> dict[str, Any]:
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", path):
            return {"uri": path}
        if re.match(r"^[A-Za-z]:[\\/]", path):  # a Windows drive path
            return {"uri": "file:///" + quote(path.replace("\\", "/"))}
        if self.cwd is not None:
            full = os.path.normpath(os.path.join(self.cwd, path))
            if self.root and (full == self.root or full.startswith(self.root.rstrip(os.sep) + os.sep)):
                return _relative(os.path.relpath(full, self.root).replace(os.sep, "/"))
            return {"uri": Path(full).as_uri()}
        if path.startswith("/"):
            return {"uri": "file://" + quote(path)}
        clean = path[2:] if path.startswith("./") else path
        return _relative(posixpath.normpath(posixpath.join(self.prefix, clean)) if self.prefix else clean)


def _relative(rel: str) -> dict[str, Any]:
    return {"uri": quote(rel or "."), "uriBaseId": _SRCROOT}


def repository_root(start: str) -> str | None:
    """The nearest folder at or above `start` holding `.git` (a repository checkout), else None."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return None


def scan_locator(cwd: str) -> Locator:
    root = repository_root(cwd) or str(Path(cwd).resolve())
    return Locator(base_uri=Path(root).as_uri().rstrip("/") + "/", cwd=str(Path(cwd).resolve()), root=root)


def audit_locator(report: Report) -> Locator:
    src = report.source
    if src.kind == "hub" and src.id:
        rev = src.revision or src.requested_revision or "main"
        return Locator(base_uri=f"{HUB_URL}/{quote(src.id)}/blob/{quote(rev, safe='')}/")
    if src.kind == "local" and src.id:
        folder = Path(src.id).resolve()
        base = folder if folder.is_dir() else folder.parent
        root = repository_root(str(base)) or str(base)
        prefix = os.path.relpath(base, root).replace(os.sep, "/")
        return Locator(prefix="" if prefix == "." else prefix, base_uri=Path(root).as_uri().rstrip("/") + "/")
    return Locator()  # git clone (paths are relative to its root) or declared facts


def _fingerprint(f: Finding, ev: Evidence | None) -> str:
    where = ""
    if ev is not None:
        where = f"{ev.line or ''}:{ev.offset if ev.offset is not None else ''}"
    # Digits in the detail are often sizes or counts that shift between runs; the text is what identifies.
    detail = re.sub(r"\d+", "#", f.detail or "")
    return _digest(f.rule, f.path, where, detail)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _notification(u: Unscannable, locator: Locator) -> dict[str, Any]:
    outer, member = _split_member(u.path)
    note: dict[str, Any] = {
        "level": "warning",
        "message": {"text": f"could not check {u.path}: {u.reason}"},
        "descriptor": {"id": "unscannable"},
        "properties": {"path": u.path},
    }
    if outer and outer not in {"read", "."}:
        note["locations"] = [{"physicalLocation": {"artifactLocation": locator(outer)}}]
    if member:
        note["properties"]["member"] = member
    return note


def _version_control(report: Report) -> dict[str, Any] | None:
    src = report.source
    if not src.revision:
        return None
    if src.kind == "hub":
        repo = f"{HUB_URL}/{quote(src.id)}"
    elif src.kind == "git" and re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", src.id):
        repo = src.id
    else:
        return None
    vc: dict[str, Any] = {"repositoryUri": repo, "revisionId": src.revision}
    if src.requested_revision and src.requested_revision != src.revision:
        vc["branch"] = src.requested_revision
    return vc


def _utc(stamp: str) -> str:
    """SARIF wants UTC with a Z; reports carry ISO 8601 with an offset."""
    try:
        dt = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def _camel(title: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Rule"
