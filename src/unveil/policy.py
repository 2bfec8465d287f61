"""Policy gate: a small YAML file of requirements, judged purely against a Report.

Keys (all optional):
  allowed_labels: [open-source-ai, open-weights]
  forbidden_license_categories: [non-commercial, proprietary]
  forbidden_restrictions: [mau-threshold, no-output-training]
  max_severity: medium            # a finding above this violates the policy
  require_osaid: meets
  min_mof_class: 2                # class must be this or more open (1 is most open)
  min_documentation_score: 50
  forbid_openwashing: true
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from unveil.errors import UsageError
from unveil.report import SEVERITY_ORDER, PolicySection, Report
from unveil.rules import rule

POL700 = rule(
    "POL700",
    "high",
    "Policy requirement violated",
    "The release fails a requirement of the policy file given with --policy (labels, license categories, "
    "restrictions, severities, OSAID, MOF class, documentation score, openwashing).",
    clause="the user's policy file",
    remediation="Choose another release, or change the policy if the requirement does not apply.",
)

KNOWN_KEYS = {
    "allowed_labels", "forbidden_license_categories", "forbidden_restrictions", "max_severity",
    "require_osaid", "min_mof_class", "min_documentation_score", "forbid_openwashing",
}


def load_policy(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read policy {path}: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise UsageError(f"policy {path} is not valid YAML: {str(exc).splitlines()[0]}") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"policy {path} must be a mapping of requirements")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise UsageError(f"policy {path}: unknown keys {', '.join(sorted(unknown))}")
    if "max_severity" in data and data["max_severity"] not in SEVERITY_ORDER:
        raise UsageError(f"policy {path}: max_severity must be one of {', '.join(SEVERITY_ORDER)}")
    return data


def evaluate(policy: dict[str, Any], report: Report) -> list[str]:
    """Return one sentence per violated requirement (empty when the report complies)."""
    out: list[str] = []
    o = report.openness
    if (allowed := policy.get("allowed_labels")) and o.label not in allowed:
        out.append(f"label {o.label} is not one of {', '.join(allowed)}")
    for lic in report.licenses:
        if lic.category in (policy.get("forbidden_license_categories") or []):
            out.append(f"license {lic.id} has forbidden category {lic.category}")
        for r in lic.restrictions:
            if r.kind in (policy.get("forbidden_restrictions") or []):
                out.append(f"license {lic.id} carries forbidden restriction {r.kind}")
    if (max_sev := policy.get("max_severity")) is not None:
        worst = report.worst_severity()
        if worst and SEVERITY_ORDER[worst] > SEVERITY_ORDER[max_sev]:
            out.append(f"a {worst} security finding exceeds max_severity {max_sev}")
    if (req := policy.get("require_osaid")) and o.osaid.verdict != req:
        out.append(f"OSAID verdict is {o.osaid.verdict}, policy requires {req}")
    if (min_class := policy.get("min_mof_class")) is not None and (
        o.mof.mof_class is None or o.mof.mof_class > int(min_class)
    ):
        out.append(f"MOF class {o.mof.mof_class or 'unclassified'} is below the required class {min_class}")
    score = report.documentation.score
    if (min_doc := policy.get("min_documentation_score")) is not None and (score is None or score < min_doc):
        out.append(f"documentation score {score} is below {min_doc}")
    if policy.get("forbid_openwashing") and o.openwashing.flag:
        out.append("the release is flagged for openwashing")
    return out


def apply(path: Path, report: Report) -> list[str]:
    """Load the policy at `path`, judge the report, and record the result in `report.policy` so every
    output format carries it (not only stderr). Returns the violations."""
    violations = evaluate(load_policy(path), report)
    report.policy = PolicySection(file=str(path), passed=not violations, violations=violations)
    return violations
