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

import ast
import contextlib
import io
import logging
import warnings
from collections.abc import Iterable
from functools import cached_property, lru_cache

from unveil.security.code.common import CodeHit, PythonUnit, package_version

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
    """From the package metadata: importing Bandit (and its plugins) costs ~0.1 s the scan may not need."""
    return package_version("bandit")


def _new_manager():  # -> bandit.core.manager.BanditManager
    with warnings.catch_warnings():  # stevedore deprecation noise while Bandit loads its plugins
        warnings.simplefilter("ignore")
        # lazy: start-up (Bandit loads only when a release ships Python code)
        from bandit.core import config as b_config

        # lazy: start-up (Bandit loads only when a release ships Python code)
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


@lru_cache(maxsize=1)
def _visitor_class():  # -> a BanditNodeVisitor subclass, or None when Bandit's internals changed
    """Bandit's own visitor, driven more cheaply over a tree unveil already parsed.

    Bandit builds a context dict and runs its tester for every AST node, ~80% of which (Name, Load,
    keyword, BinOp...) have no test and no visitor method: those are only descended into here, and the
    tree parsed by unveil is reused instead of parsing the source again. Same tests, same results,
    about 3x faster (benchmarks/bench_code_scan.py).
    """

    try:
        # lazy: start-up (Bandit loads only when a release ships Python code)
        from bandit.core import context as b_context

        # lazy: start-up (Bandit loads only when a release ships Python code)
        from bandit.core import tester as b_tester

        # lazy: start-up (Bandit loads only when a release ships Python code)
        from bandit.core.node_visitor import BanditNodeVisitor
    except ImportError:
        return None

    class _Context(b_context.Context):
        """Bandit's context with the call names computed once per node instead of once per test."""

        @cached_property
        def call_function_name(self):
            return super().call_function_name

        @cached_property
        def call_function_name_qual(self):
            return super().call_function_name_qual

    class _Tester(b_tester.BanditTester):
        """Bandit's tester minus `# nosec` bookkeeping (ignored in audits) and score arithmetic (unused).
        One context per node is shared by its tests: Bandit's plugins only read it."""

        def run_tests(self, raw_context, checktype):
            tests = self.testset.get_tests(checktype)
            if not tests:
                return self._zero
            temp_context = dict(raw_context)
            context = _Context(temp_context)
            for test in tests:
                try:
                    result = test(context, test._config) if hasattr(test, "_config") else test(context)
                except Exception:  # noqa: BLE001, S112 - as Bandit: a failing plugin skips, the scan goes on
                    continue
                if result is None:
                    continue
                result.fname = temp_context["filename"]
                result.fdata = temp_context["file_data"]
                if result.lineno is None:
                    result.lineno = temp_context["lineno"]
                if result.linerange == []:
                    result.linerange = temp_context["linerange"]
                if result.col_offset == -1:
                    result.col_offset = temp_context["col_offset"]
                result.end_col_offset = temp_context.get("end_col_offset", 0)
                result.test = test.__name__
                if result.test_id == "":
                    result.test_id = test._test_id
                self.results.append(result)
            return self._zero

    class _Visitor(BanditNodeVisitor):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            self.tester = _Tester(self.testset, False, {}, self.metrics)
            self.tester._zero = {"SEVERITY": [0] * len(self.scores["SEVERITY"]),
                                 "CONFIDENCE": [0] * len(self.scores["CONFIDENCE"])}

        def generic_visit(self, node):
            active = self._active
            for field in node._fields:
                value = getattr(node, field, None)
                if isinstance(value, list):
                    last = len(value) - 1
                    for idx, item in enumerate(value):
                        if isinstance(item, ast.AST):
                            item._bandit_sibling = value[idx + 1] if idx < last else None
                            self._descend(item, node, active)
                elif isinstance(value, ast.AST):
                    value._bandit_sibling = None
                    self._descend(value, node, active)

        def _descend(self, item, parent, active):
            item._bandit_parent = parent
            if item.__class__.__name__ in active:
                if self.pre_visit(item):
                    self.visit(item)
                    self.generic_visit(item)
                    self.post_visit(item)
            else:
                self.generic_visit(item)

        def process_tree(self, tree):
            names = {n[6:] for n in dir(self) if n.startswith("visit_")}
            self._active = names | set(self.testset.tests)
            self.generic_visit(tree)
            self.context = {"file_data": self.fdata, "filename": self.fname, "lineno": 0,
                            "linerange": [0, 1], "col_offset": 0}
            self.update_scores(self.tester.run_tests(self.context, "File"))
            return self.scores

    return _Visitor


class BanditSession:
    """One Bandit manager for many units, fed one unit at a time (the code scanner streams)."""

    def __init__(self) -> None:
        self.available = bandit_version() is not None
        self._manager = None
        self._visitor_cls = None

    def scan(self, unit: PythonUnit) -> tuple[list[CodeHit], list[tuple[str, str]]]:
        if not self.available:
            return [], []
        if self._manager is None:
            self._manager = _new_manager()
            self._visitor_cls = _visitor_class()
        manager = self._manager
        manager.results = []
        manager.skipped = []
        data = unit.text.encode("utf-8")
        skipped: list[tuple[str, str]] = []
        if self._visitor_cls is not None:
            try:
                visitor = self._visitor_cls(unit.path, io.BytesIO(data), manager.b_ma, manager.b_ts, False, {},
                                            manager.metrics)
                visitor.process_tree(unit.tree)
                manager.results.extend(visitor.tester.results)
            except (RecursionError, MemoryError):
                skipped.append((unit.path, "too deeply nested for Bandit"))
            except Exception:  # noqa: BLE001 - a Bandit plugin failing on odd code must not end the audit
                skipped.append((unit.path, "Bandit failed on this file"))
        else:
            with contextlib.suppress(SystemExit):  # Bandit's own in-memory path (what it uses for stdin)
                manager._parse_file(unit.path, io.BytesIO(data), [unit.path])
        hits = [_to_hit(issue, unit) for issue in manager.results if issue.fname == unit.path]
        skipped.extend((name, reason) for name, reason in manager.skipped)
        manager.results = []
        manager.skipped = []
        return hits, skipped


def scan_units(units: Iterable[PythonUnit]) -> tuple[list[CodeHit], list[tuple[str, str]]]:
    """Run Bandit over already-parsed units. Returns (hits, [(path, reason)] for files Bandit skipped)."""
    session = BanditSession()
    hits: list[CodeHit] = []
    skipped: list[tuple[str, str]] = []
    for unit in units:
        unit_hits, unit_skipped = session.scan(unit)
        hits.extend(unit_hits)
        skipped.extend(unit_skipped)
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
