"""Helpers for tests/test_survey_warmstart.py that pool workers import by module name (picklable, top level).

A gated pool cannot answer its readiness task before a file exists: the test decides when the pool is ready,
and so which sources the driver audits inline and which the pool audits, without timing anything.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from unveil.survey.rows import audit_row

LONG_S = 120.0  # a bound on waits that should end at once: a bug fails the test instead of hanging it


def wait_for_file(path: str, timeout: float = LONG_S) -> bool:
    end = time.monotonic() + timeout
    while not os.path.exists(path):
        if time.monotonic() > end:
            return False
        time.sleep(0.01)
    return True


def gated_pool(gate: str, workers: int = 2) -> ProcessPoolExecutor:
    """A pool whose workers start only once `gate` exists (a fork server that is slow to preload)."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver"),
                               initializer=wait_for_file, initargs=(gate, 600.0))


def gated_audit(gate: str, seen: str, driver: int, opens_on: str, spec: str,
                reports_dir: str | None = None) -> dict[str, Any]:
    """`audit_row` plus the pid that audited, timed as a 10-second audit (so the driver finds a pool worth
    starting). In the driver, the audit of `opens_on` opens the pool's gate and waits until a worker has
    audited a source: the pool must get work while the driver is busy inline."""
    row = audit_row(spec, reports_dir)
    row["pid"], row["seconds"] = os.getpid(), 10.0
    if os.getpid() != driver:
        Path(seen).touch()
    elif spec == opens_on:
        Path(gate).touch()
        if not wait_for_file(seen):
            raise RuntimeError("the pool got no work while the driver was auditing inline")
    return row


def pid_audit(seconds: float, spec: str, reports_dir: str | None = None) -> dict[str, Any]:
    """A row timed as a `seconds`-long audit, with the pid that made it."""
    return {"id": spec, "label": "ok", "seconds": seconds, "pid": os.getpid()}


def dies_on_poison(spec: str, reports_dir: str | None = None) -> dict[str, Any]:
    """Kills the process that audits a source named `poison` (a parser crash, the out-of-memory killer)."""
    if spec.endswith("poison"):
        os._exit(70)
    return {"id": spec, "label": "ok", "seconds": 0.001}


def dies_in_pool(seen: str, driver: int, spec: str, reports_dir: str | None = None) -> dict[str, Any]:
    """`audit_row`, but kills the worker process that audits a source named `poison` (a parser crash, the
    out-of-memory killer). The driver audits inline while its pool starts: its first audit waits there until a
    worker has audited a source (the pool starts anyway: that audit lasts over a second), so the driver audits
    only that one and the poison reaches the pool (in the driver it would kill the test)."""
    if os.getpid() == driver:
        if not wait_for_file(seen):
            raise RuntimeError("the pool got no work")
    else:
        Path(seen).touch()
        if spec.endswith("poison"):
            os._exit(70)
    return audit_row(spec, reports_dir)
