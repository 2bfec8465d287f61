"""Run audits on an executor with bounded in-flight work, and survive dying worker processes.

A hostile file can kill a worker (a crash, the out-of-memory killer); a process pool then fails every
task in flight. Those sources are suspects, not failures: the pool is rebuilt, and after the run each
suspect is audited alone (one task at a time) in a one-worker pool, so only the release that really kills its worker
gets an error row and its neighbours are audited normally.

On a process pool, sources travel in batches sized from the rows' own timings (about `BATCH_TARGET_S`
of work per batch, 1 to `BATCH_MAX` sources): a card takes a few milliseconds, about what one task's
round trip through the pool costs, so one card per task kept the workers waiting on the driver. A
release that takes seconds still travels alone. A batch whose worker died makes all its sources suspects.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from unveil.survey.executor import InlineExecutor, isolated_executor, stop_now
from unveil.survey.inputs import SourceSpec
from unveil.survey.pool_start import PoolStart
from unveil.survey.rows import error_row, one_line

Task = tuple[int, SourceSpec]
Audit = Callable[[str, str | None], dict[str, Any]]
OnRow = Callable[[int, SourceSpec, dict[str, Any]], None]
DIED = "worker process died while auditing this release (crash or out of memory)"
BATCH_TARGET_S = 0.1
BATCH_MAX = 32
# About what a fresh pool costs before its first worker answers (fork server preload ~0.7 s idle): the driver
# starts one when its first audit lasts this long, or when the sources left look worth `WORTH_S` of work.
# Measured on 2 idle cores (issue 15.5): 300 cards (~2 s of audits) were no faster with a pool, 1,000 (~5 s)
# 1.35x faster; the bar sits between.
POOL_START_S = 1.0
WORTH_S = 4 * POOL_START_S
# Batches in flight per worker: enough that a worker never waits while the driver writes a shard.
WINDOW_PER_WORKER = 3


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


def audit_batch(audit: Audit, items: list[tuple[str, tuple[Any, ...]]],
                reports_dir: str | None) -> list[dict[str, Any]]:
    """The unit of work sent to a process pool: several sources, one row each (a raising audit is an error row)."""
    rows = []
    for spec, extra in items:
        try:
            rows.append(audit(spec, reports_dir, *extra))
        except Exception as exc:  # noqa: BLE001 - one failing release, never its batch
            rows.append(error_row(spec, exc))
    return rows


class _Sizer:
    """Batch size from the mean seconds of the rows seen so far (1 until there is a row to go by)."""

    def __init__(self, batching: bool) -> None:
        self.batching, self.seconds, self.rows = batching, 0.0, 0

    def add(self, row: dict[str, Any]) -> None:
        value = row.get("seconds")
        if isinstance(value, (int, float)) and value >= 0:
            self.seconds += value
            self.rows += 1

    def size(self) -> int:
        if not self.batching or not self.rows:
            return 1
        mean = max(self.seconds / self.rows, 1e-4)
        return max(1, min(BATCH_MAX, int(BATCH_TARGET_S / mean)))


class _InlineCost:
    """Whether the sources left are worth a pool's start, from the driver's own audits but its first (which
    pays the lazy imports). A pool pays when they hold more than `WORTH_S` of work on free cores. On a busy
    machine the driver gets only part of a core (`share`: its CPU time over its wall time): the pool's start
    is slower by that factor and its workers gain less by it (with per-session fair scheduling, as here, a
    session's processes share one slice), so the bar rises by 1/share² (share at least 0.25)."""

    def __init__(self) -> None:
        self.rows, self.seconds = 0, 0.0
        self.since: tuple[float, float] | None = None  # wall and CPU clocks when the first audit ended

    def add(self, row: dict[str, Any], left: int) -> bool | None:
        """None until there is a timing to go by."""
        now = (time.perf_counter(), time.thread_time())
        seconds = row.get("seconds")
        if self.since is None:
            self.since = now
            return None
        if not isinstance(seconds, (int, float)):
            return None
        self.rows, self.seconds = self.rows + 1, self.seconds + seconds
        wall, cpu = now[0] - self.since[0], now[1] - self.since[1]
        share = max(0.25, min(1.0, cpu / wall)) if wall > 0 else 1.0
        return self.seconds / self.rows * left >= WORTH_S / share ** 2


def execute(tasks: list[Task], make: Callable[[], Executor], audit: Audit, reports_dir: str | None,
            on_row: OnRow, options: Callable[[SourceSpec], Any] | None = None, pool: int = 0) -> int:
    """Audit every task, calling `on_row` as each finishes (in the calling thread). Returns suspects count.

    `options(source)`, when given and not None, is passed to `audit` as a third argument (Hub settings).
    `pool`: the workers of the process pool `make` returns (0: another executor, made at once). A process
    pool is made and started in the background while the driver audits the first sources itself
    (`unveil.survey.pool_start`), and only when the sources left look worth its start-up.
    """

    def extra(source: SourceSpec) -> tuple[Any, ...]:
        value = options(source) if options is not None else None
        return () if value is None else (value,)

    warm = pool > 0 and len(tasks) > 1
    executor: Executor | None = None if warm else make()
    batching = pool > 0 or isinstance(executor, ProcessPoolExecutor)
    # Bounded in-flight work: memory stays flat for a census, and a crash loses little.
    window = 1 if isinstance(executor, InlineExecutor) else \
        (WINDOW_PER_WORKER if batching else 2) * (pool or _width(executor))
    in_flight: dict[Future, list[Task]] = {}
    suspects: list[Task] = []
    sizer = _Sizer(batching)
    position = 0

    def collect(done: set[Future]) -> None:
        for future in done:
            batch = in_flight.pop(future)
            if isinstance(future.exception(), BrokenProcessPool):
                suspects.extend(batch)
            elif len(batch) == 1 and not batching:
                on_row(batch[0][0], batch[0][1], _row(future, batch[0][1]))
            else:
                for (index, source), row in zip(batch, _rows(future, batch), strict=True):
                    sizer.add(row)
                    on_row(index, source, row)

    def submit(batch: list[Task]) -> Future:
        if executor is None:
            raise RuntimeError("no executor")  # unreachable: set before any submit
        if not batching:
            return executor.submit(audit, batch[0][1].spec, reports_dir, *extra(batch[0][1]))
        items = [(source.spec, extra(source)) for _, source in batch]
        return executor.submit(audit_batch, audit, items, reports_dir)

    def fill(ready: Executor) -> None:
        """The pool's first window of batches, sent by the start-up thread the moment a worker is ready."""
        nonlocal executor, position
        executor = ready
        with contextlib.suppress(BrokenProcessPool):  # the driver meets it at its next submit and rebuilds
            while len(in_flight) < window and position < len(tasks):
                batch = tasks[position:position + sizer.size()]
                in_flight[submit(batch)] = batch
                position += len(batch)

    start = PoolStart(make, pool, fill, POOL_START_S) if warm else None
    inline = _InlineCost()
    try:
        # Until a pool worker is ready, the driver audits the next sources itself (their rows feed the sizer).
        # This work has no crash isolation: a release that kills the driver here stops the survey as it would
        # with --workers 1 (the journal keeps every finished row). `unveil survey` resumes a store with the pool
        # from the start (pool=0), so on the rerun that release kills only a worker and becomes an error row.
        while start is not None:
            with start.lock:
                if start.ready:
                    executor = start.executor or make()  # the thread could not make one: fail here, or retry
                    break
                if position >= len(tasks):  # all done inline: a pool still starting is not waited for
                    executor = start.abandon_locked()
                    break
                index, source = tasks[position]
                position += 1
            row = audit_batch(audit, [(source.spec, extra(source))], reports_dir)[0]
            row["id"] = source.spec
            sizer.add(row)
            worth = inline.add(row, len(tasks) - position)
            if worth is not None:
                if worth:
                    start.go()  # the sources left are worth more than the pool's start-up
                else:
                    start.timer_off = True  # not yet worth it: the next rows decide again
            on_row(index, source, row)
        while position < len(tasks):
            while len(in_flight) >= window:
                collect(wait(in_flight, return_when=FIRST_COMPLETED).done)
            batch = tasks[position:position + sizer.size()]
            position += len(batch)
            try:
                future = submit(batch)
            except BrokenProcessPool:  # a worker died: collect what was in flight, start a new pool
                while in_flight:
                    collect(wait(in_flight, return_when=FIRST_COMPLETED).done)
                if executor is not None:
                    executor.shutdown(wait=False, cancel_futures=True)
                executor = make()
                future = submit(batch)
            in_flight[future] = batch
        while in_flight:
            collect(wait(in_flight, return_when=FIRST_COMPLETED).done)
    except BaseException:
        # interrupted (Ctrl-C, SIGTERM): no worker may outlive the driver. A pool still starting is stopped by
        # its start-up thread (stopping it here would wait on the spawn under way).
        if start is not None and not start.ready:
            executor = start.abandon()
        if executor is not None:
            stop_now(executor)
        raise
    if executor is not None:
        executor.shutdown(wait=True)
    _rerun_alone(suspects, audit, reports_dir, extra, on_row)
    return len(suspects)


def _rerun_alone(suspects: list[Task], audit: Audit, reports_dir: str | None,
                 extra: Callable[[SourceSpec], tuple[Any, ...]], on_row: OnRow) -> None:
    """Audit each suspect alone: one task at a time in a one-worker pool, so a task that breaks the pool is
    the release that killed its worker (an error row); the pool is replaced only then. A dead worker under
    a batch makes dozens of suspects, and a fresh pool for each would cost a start-up per suspect."""
    solo: Executor | None = None
    try:
        for index, source in suspects:
            if solo is None:
                solo = isolated_executor()
            future = solo.submit(audit, source.spec, reports_dir, *extra(source))
            wait([future])
            if isinstance(future.exception(), BrokenProcessPool):
                row = error_row(source.spec, RuntimeError(DIED))
                row["error"] = one_line(DIED)
                solo.shutdown(wait=False, cancel_futures=True)
                solo = None
            else:
                row = _row(future, source)
            on_row(index, source, row)
    except BaseException:
        if solo is not None:
            stop_now(solo)  # interrupted: no worker may outlive the driver
            solo = None
        raise
    finally:
        if solo is not None:
            solo.shutdown(wait=True)


def _rows(future: Future, batch: list[Task]) -> list[dict[str, Any]]:
    """The rows of a finished batch, in its order; a batch that raised (pickling) is error rows."""
    try:
        rows = [dict(r) for r in future.result()]
    except Exception as exc:  # noqa: BLE001 - failing releases, never the survey
        return [error_row(source.spec, exc) for _, source in batch]
    for row, (_, source) in zip(rows, batch, strict=True):
        row["id"] = source.spec
    return rows
