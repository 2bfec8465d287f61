"""One row per release: the flat facts a census needs, taken from the audit report.

`audit_row` is the unit of work sent to executors (threads, processes, Ray), so it is a top-level,
picklable function that never raises: any failure becomes a row with a one-line `error`.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path
from typing import Any

from unveil.errors import EXIT_INTERNAL, UnveilError
from unveil.outcome import audit_exit_code
from unveil.report import Report
from unveil.service import audit

SEVERITIES = ("critical", "high", "medium", "low", "info")
DOC_TOPICS = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")
CODE_SCANNERS = ("bandit", "flawfinder", "semgrep")

# Column name -> type (string|int|float|bool); the store turns this into its Parquet schema.
COLUMNS: dict[str, str] = {
    "id": "string", "source_id": "string", "kind": "string", "revision": "string",
    "label": "string", "osaid": "string", "mof_class": "int", "eosai_score": "float",
    "openwashing": "bool", "weights_license": "string", "weights_license_category": "string",
    **{f"findings_{s}": "int" for s in SEVERITIES},
    "has_high": "bool",
    **{f"code_high_{s}": "int" for s in CODE_SCANNERS},
    "remote_code": "bool",
    "doc_score": "float",
    **{f"doc_{t}": "bool" for t in DOC_TOPICS},
    "doc_findings": "int", "files": "int", "bytes_read": "int", "total_bytes": "int",
    "inconclusive": "int", "seconds": "float", "error": "string", "exit_status": "int",
    "shard": "int",
}


def row_from_report(spec: str, report: Report) -> dict[str, Any]:
    openness = report.openness
    findings = [f for f in report.security.findings if not f.suppressed]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    sections = report.documentation.sections
    return {
        "id": spec,
        "source_id": report.source.id,
        "kind": report.source.kind,
        "revision": report.source.revision,
        "label": openness.label,
        "osaid": openness.osaid.verdict,
        "mof_class": openness.mof.mof_class,
        "eosai_score": openness.eosai.score,
        "openwashing": openness.openwashing.flag,
        "weights_license": openness.weights_license,
        "weights_license_category": openness.weights_license_category,
        **{f"findings_{s}": n for s, n in counts.items()},
        "has_high": counts["critical"] + counts["high"] > 0,
        **{f"code_high_{s}": n for s, n in _code_high(report).items()},
        "remote_code": bool((report.security.summary.get("code") or {}).get("remote_code", False)),
        "doc_score": report.documentation.score,
        **{f"doc_{t}": (sections[t].covered if t in sections else None) for t in DOC_TOPICS},
        "doc_findings": len(report.documentation.findings),
        "files": report.source.files,
        "bytes_read": report.source.bytes_read,
        "total_bytes": report.source.total_bytes,
        "inconclusive": len(report.inconclusive),
        "error": None,
        "exit_status": exit_status(report),
    }


def _code_high(report: Report) -> dict[str, int]:
    """High-or-worse code findings per scanner: from the code summary when present, else counted."""
    code = report.security.summary.get("code") or {}
    per = code.get("by_scanner_severity")
    if isinstance(per, dict):
        return {s: sum(int((per.get(s) or {}).get(k, 0)) for k in ("high", "critical")) for s in CODE_SCANNERS}
    return {s: sum(1 for f in report.security.findings if f.scanner == s and f.severity in ("high", "critical")
                   and not f.suppressed) for s in CODE_SCANNERS}


def exit_status(report: Report) -> int:
    """The exit code `unveil audit` (no gate) would give this release: decided where the CLI decides it."""
    return audit_exit_code(report, None, [])


def error_row(spec: str, exc: BaseException) -> dict[str, Any]:
    code = exc.exit_code if isinstance(exc, UnveilError) else EXIT_INTERNAL
    message = exc.message if isinstance(exc, UnveilError) else f"{type(exc).__name__}: {exc}"
    row: dict[str, Any] = {name: None for name in COLUMNS}
    row.update(id=spec, error=one_line(message), exit_status=code)
    return row


def one_line(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def report_filename(spec: str) -> str:
    """A safe, unique-enough file name for a source's JSON report."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", spec.strip("/"))[-80:] or "source"
    return f"{stem}-{hashlib.sha256(spec.encode()).hexdigest()[:10]}.json"


def audit_row(spec: str, reports_dir: str | None = None, hub: Any = None) -> dict[str, Any]:
    """Audit one source into a row; never raises (a failing release is a row with its error).

    `hub`: a `HubOptions` (deadlines, and the listing a Hub enumeration already paged in)."""
    started = time.perf_counter()
    try:

        report = audit(spec, hub=hub)
        row = row_from_report(spec, report)
        if reports_dir:
            _write_report(Path(reports_dir) / report_filename(spec), report.to_json())
    except Exception as exc:  # one bad release must never stop a census
        row = error_row(spec, exc)
    row["seconds"] = round(time.perf_counter() - started, 4)
    return row


def _write_report(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
