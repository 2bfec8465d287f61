"""Bandit (PyCQA) through its library API: one `BanditManager` per release, fed in memory.

Bandit's `run_tests` opens paths from disk; its `_parse_file(name, fileobj, ...)` is the in-memory path
it uses for stdin, so the bytes read through `release.read` are handed to it as `BytesIO` — no temp
files, no subprocess. Bandit only `ast.parse`s the source; it never imports or runs it.

`# nosec` comments are ignored: in an audit the author of the code is not the one to waive its findings.

Severity mapping (Bandit severity x confidence -> unveil severity), `SEVERITY_TABLE`:

    severity \\ confidence | LOW   | MEDIUM | HIGH
    ---------------------- | ----- | ------ | ------
    HIGH                   | low   | medium | high
    MEDIUM                 | low   | medium | medium
    LOW                    | info  | low    | low

Low confidence means Bandit itself doubts the match, so it never exceeds `low`. Per-test overrides
(`OVERRIDES`) adjust tests whose Bandit severity does not fit ML release code, each with its reason.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterable
from functools import lru_cache

from unveil.security.code.common import CodeHit, PythonUnit

SEVERITY_TABLE: dict[tuple[str, str], str] = {
    ("HIGH", "HIGH"): "high", ("HIGH", "MEDIUM"): "medium", ("HIGH", "LOW"): "low",
    ("MEDIUM", "HIGH"): "medium", ("MEDIUM", "MEDIUM"): "medium", ("MEDIUM", "LOW"): "low",
    ("LOW", "HIGH"): "low", ("LOW", "MEDIUM"): "low", ("LOW", "LOW"): "info",
}

# test id -> (unveil severity, why). Applied after the table.
OVERRIDES: dict[str, tuple[str, str]] = {
    # Checksumming downloads with md5/sha1 is routine in data scripts; weak hashes are not code execution.
    "B324": ("low", "weak hash, usually a checksum in ML code"),
    # Pinning is a supply-chain hygiene issue; unveil's CODE424 reports it at low with the same reasoning.
    "B615": ("low", "unpinned Hub download"),
    # Requests without a timeout hang, they do not compromise.
    "B113": ("low", "request without timeout"),
}

# Tests skipped entirely: noise in ML code (asserts are how scripts check shapes; `random` seeds data order).
SKIPPED_TESTS = ("B101", "B311")

# Bandit test id -> scanner-independent kind, so unveil's and Semgrep's hits on the same line merge.
KINDS: dict[str, str] = {
    "B301": "deserialization", "B302": "deserialization", "B614": "deserialization",
    "B506": "yaml-load",
    "B501": "tls-verify-off", "B323": "tls-verify-off",
    "B615": "hub-unpinned",
    "B602": "shell", "B604": "shell", "B605": "shell", "B609": "shell",
    "B307": "eval", "B102": "exec",
}


@lru_cache(maxsize=1)
def bandit_version() -> str | None:
    try:
        with warnings.catch_warnings():  # stevedore deprecation noise while Bandit loads its plugins
            warnings.simplefilter("ignore")
            import bandit
    except ImportError:
        return None
    return getattr(bandit, "__version__", "unknown")


def _new_manager():  # -> bandit.core.manager.BanditManager
    with warnings.catch_warnings():  # stevedore deprecation noise while Bandit loads its plugins
        warnings.simplefilter("ignore")
        from bandit.core import config as b_config
        from bandit.core import manager as b_manager

    # Bandit logs parse problems at ERROR; unveil reports those itself as CODE490 findings.
    logging.getLogger("bandit").setLevel(logging.CRITICAL)
    conf = b_config.BanditConfig()
    profile = {"include": set(), "exclude": set(SKIPPED_TESTS)}
    return b_manager.BanditManager(conf, "file", quiet=True, profile=profile, ignore_nosec=True)


def map_severity(test_id: str, severity: str, confidence: str) -> str:
    if test_id in OVERRIDES:
        return OVERRIDES[test_id][0]
    return SEVERITY_TABLE.get((severity.upper(), confidence.upper()), "low")


def scan_units(units: Iterable[PythonUnit]) -> tuple[list[CodeHit], list[tuple[str, str]]]:
    """Run Bandit over already-parsed units. Returns (hits, [(path, reason)] for files Bandit skipped)."""
    units = list(units)
    if not units or bandit_version() is None:
        return [], []
    manager = _new_manager()
    by_name: dict[str, PythonUnit] = {}
    for unit in units:
        by_name[unit.path] = unit
        files = [unit.path]
        try:
            manager._parse_file(unit.path, io.BytesIO(unit.text.encode("utf-8")), files)
        except SystemExit:  # Bandit exits on KeyboardInterrupt only; never let it end the audit
            continue
    hits: list[CodeHit] = []
    for issue in manager.results:
        unit = by_name.get(issue.fname)
        if unit is None:
            continue
        hits.append(_to_hit(issue, unit))
    skipped = [(name, reason) for name, reason in manager.skipped]
    return hits, skipped


def _to_hit(issue, unit: PythonUnit) -> CodeHit:  # issue: bandit.core.issue.Issue
    line, cell = unit.locate(issue.lineno or 1)
    rng = [n for n in (issue.linerange or []) if n]
    end = unit.locate(max(rng))[0] if rng else None
    cwe = issue.cwe.id if issue.cwe and issue.cwe.id else None
    severity = map_severity(issue.test_id, issue.severity, issue.confidence)
    note = f" [{OVERRIDES[issue.test_id][1]}]" if issue.test_id in OVERRIDES else ""
    message = (f"Bandit {issue.test_id} {issue.test}: {issue.text} "
               f"(severity {issue.severity}, confidence {issue.confidence}){note}")
    return CodeHit(
        path=unit.path, line=line, line_end=end if end and end != line else None, rule="CODE410",
        severity=severity, kind=KINDS.get(issue.test_id, issue.test_id), message=message, scanner="bandit",
        scanner_rule=issue.test_id, cwe=cwe, cell=cell,
    )
