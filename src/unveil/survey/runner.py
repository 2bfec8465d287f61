"""Run audits on an executor with bounded in-flight work, and survive dying worker processes.

A hostile file can kill a worker (a crash, the out-of-memory killer); a process pool then fails every
task in flight. Those sources are suspects, not failures: the pool is rebuilt, and after the run each
suspect is audited alone in a fresh one-worker pool, so only the release that really kills its worker
gets an error row and its neighbours are audited normally.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from unveil.survey.executor import InlineExecutor, isolated_executor, stop_now
from unveil.survey.inputs import SourceSpec
from unveil.survey.rows import error_row, one_line

Task = tuple[int, SourceSpec]
Audit = Callable[[str, str | None], dict[str, Any]]
OnRow = Callable[[int, SourceSpec, dict[str, Any]], None]
DIED = "worker process died while auditing this release (crash or out of memory)"


def _width(executor: Executor) -> int:
    return max(1, int(getattr(executor, "workers", 0) or getattr(executor, "_max_workers", 0) or 1))


def _row(future: Future, source: SourceSpec) -> dict[str, Any]:
    """The row of a finished task; a task that raised (pickling, a remote error) is an error row."""
    try:
        row = dict(future.result())
    except Exception as exc:  # noqa: BLE001 - one failing release, never the survey
        return error_row(source.spec, exc)
    row["id"] = source.spec
    return row


def execute(tasks: list[Task], make: Callable[[], Executor], audit: Audit, reports_dir: str | None,
            on_row: OnRow, options: Callable[[SourceSpec], Any] | None = None) -> int:
    """Audit every task, calling `on_row` as each finishes (in the calling thread). Returns suspects count.

    `options(source)`, when given and not None, is passed to `audit` as a third argument (Hub settings).
    """

    def extra(source: SourceSpec) -> tuple[Any, ...]:
        value = options(source) if options is not None else None
        return () if value is None else (value,)

    executor = make()
    # Bounded in-flight work: memory stays flat for a census, and a crash loses little.
    window = 1 if isinstance(executor, InlineExecutor) else 2 * _width(executor)
    in_flight: dict[Future, Task] = {}
    suspects: list[Task] = []

    def collect(done: set[Future]) -> None:
        for future in done:
            index, source = in_flight.pop(future)
            if isinstance(future.exception(), BrokenProcessPool):
                suspects.append((index, source))
            else:
                on_row(index, source, _row(future, source))

    try:
        for task in tasks:
            while len(in_flight) >= window:
                collect(wait(in_flight, return_when=FIRST_COMPLETED).done)
            try:
                future = executor.submit(audit, task[1].spec, reports_dir, *extra(task[1]))
            except BrokenProcessPool:  # a worker died: collect what was in flight, start a new pool
                while in_flight:
                    collect(wait(in_flight, return_when=FIRST_COMPLETED).done)
                executor.shutdown(wait=False, cancel_futures=True)
                executor = make()
                future = executor.submit(audit, task[1].spec, reports_dir, *extra(task[1]))
            in_flight[future] = task
        while in_flight:
            collect(wait(in_flight, return_when=FIRST_COMPLETED).done)
    except BaseException:
        stop_now(executor)  # interrupted (Ctrl-C, SIGTERM): no worker may outlive the driver
        raise
    executor.shutdown(wait=True)
    for index, source in suspects:
        on_row(index, source, _alone(source, audit, reports_dir, extra(source)))
    return len(suspects)


def _alone(source: SourceSpec, audit: Audit, reports_dir: str | None, extra: tuple[Any, ...]) -> dict[str, Any]:
    solo = isolated_executor()
    try:
        future = solo.submit(audit, source.spec, reports_dir, *extra)
        wait([future])
        if isinstance(future.exception(), BrokenProcessPool):
            row = error_row(source.spec, RuntimeError(DIED))
            row["error"] = one_line(DIED)
            return row
        return _row(future, source)
    finally:
        solo.shutdown(wait=False, cancel_futures=True)
