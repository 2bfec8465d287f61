"""The executor seam: any `concurrent.futures.Executor` runs `audit_row`.

- local sources are static scans (CPU bound): a process pool;
- network sources (Hub, git) wait on I/O: a thread pool;
- `--engine ray`: Ray's `ray.util.multiprocessing.Pool` behind the same Executor interface, for
  clusters (`pip install 'unveil[ray]'`; `RAY_ADDRESS` picks the cluster).
One worker runs inline, which keeps tracebacks and profiling simple.

No worker outlives its driver: an interrupted run (Ctrl-C, SIGTERM) terminates its worker processes
(`stop_now`), and every worker process watches the driver and exits when it is gone, so even a
`kill -9` of the driver leaves nothing running (`watch_driver`).
"""

from __future__ import annotations

import contextlib
import importlib.util
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from unveil.errors import UsageError

try:
    from multiprocessing import forkserver
except ImportError:  # pragma: no cover - no fd passing (Windows): no fork server to start early
    forkserver = None  # type: ignore[assignment]

ENGINES = ("local", "ray")
RAY_MISSING = "--engine ray needs Ray, the optional extra: pip install 'unveil[ray]'"
# Imported once by the fork server: `warm` runs one tiny audit so lazy imports are done before forking.
PRELOAD = ("unveil.survey.rows", "unveil.survey.warm")
# A survey this large also preloads the licence indexes (see unveil.survey.warm_licences).
LARGE_SURVEY = 2_000


class InlineExecutor(Executor):
    """Runs each task at submit time in the calling thread."""

    workers = 1

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # delivered through the future; Ctrl-C still stops the run
            future.set_exception(exc)
        return future


class RayExecutor(Executor):
    """`ray.util.multiprocessing.Pool` seen as an Executor (tasks go to the cluster's workers)."""

    def __init__(self, workers: int | None) -> None:
        try:
            # lazy: optional extra (ray)
            from ray.util.multiprocessing import Pool
        except ImportError as exc:
            raise UsageError(RAY_MISSING) from exc
        self._pool = Pool(processes=workers)
        self.workers = workers or int(getattr(self._pool, "_processes", 0) or default_workers())

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        self._pool.apply_async(fn, args, kwargs, callback=future.set_result,
                               error_callback=future.set_exception)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if wait and not cancel_futures:
            self._pool.close()
            self._pool.join()
        else:
            self._pool.terminate()


def is_local(spec: str) -> bool:
    return Path(spec).exists()


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_engine(engine: str, workers: int | None) -> None:
    if engine not in ENGINES:
        raise UsageError(f"--engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if workers is not None and workers < 1:
        raise UsageError(f"--workers must be at least 1, not {workers}")
    if engine == "ray" and importlib.util.find_spec("ray") is None:
        raise UsageError(RAY_MISSING)


def make_executor(engine: str, workers: int | None, specs: Sequence[str]) -> Executor:
    check_engine(engine, workers)
    if engine == "ray":
        return RayExecutor(workers)
    if not specs:
        return InlineExecutor()
    if _mostly_network(specs):
        # I/O bound: more threads than cores is right; the Hub quota, not the CPU, is the limit.
        return ThreadPoolExecutor(max_workers=workers or min(16, 4 * default_workers()),
                                  thread_name_prefix="unveil-survey")
    count = min(workers or default_workers(), len(specs))
    if count <= 1:
        return InlineExecutor()
    return process_pool(count, large=len(specs) >= LARGE_SURVEY)


def pool_width(engine: str, workers: int | None, specs: Sequence[str]) -> int:
    """The workers of the process pool `make_executor` makes for `specs`; 0 when it makes another executor."""
    if engine != "local" or not specs or min(workers or default_workers(), len(specs)) <= 1 \
            or _mostly_network(specs):
        return 0
    return min(workers or default_workers(), len(specs))


def stop_fork_server() -> None:
    """Kill this process's fork server; the next pool starts another. For a pool given up while its first worker
    still waits on the server's preload: else the server forks that worker after the driver has gone (a stray
    traceback, a process holding the driver's output open)."""
    pid = getattr(getattr(forkserver, "_forkserver", None), "_forkserver_pid", None)
    if pid:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def prestart(engine: str, workers: int | None, specs: Sequence[str]) -> None:
    """Start the fork server now when `make_executor` will want a process pool for a large survey (`specs`): its
    imports and warm-up (~0.5 s idle, over 1 s under load) then overlap the driver's own set-up (the store, the
    shard plan, the pool choice) instead of following it. The pool made later forks its workers from this
    server. A smaller survey starts its pool only once its first rows say it is worth it (runner.execute): the
    server's preload would otherwise take CPU from the driver's own audits of a survey done before it is."""
    if len(specs) < LARGE_SURVEY or not pool_width(engine, workers, specs):
        return
    if forkserver is None or "forkserver" not in multiprocessing.get_all_start_methods():
        return
    _forkserver_context(large=len(specs) >= LARGE_SURVEY)
    with contextlib.suppress(Exception):  # an optimisation only: the pool starts it otherwise
        forkserver.ensure_running()


def _mostly_network(specs: Sequence[str]) -> bool:
    """True when at least half the sources are not local paths. Stops looking once the answer is settled (a
    census of 25,000 local folders: half the file-system checks)."""
    network = local = 0
    for spec in specs:
        if is_local(spec):
            local += 1
            if (len(specs) - local) * 2 < len(specs):
                return False  # even if every source left were remote, fewer than half would be
        else:
            network += 1
            if network * 2 >= len(specs):
                return True
    return network * 2 >= len(specs)


def isolated_executor() -> Executor:
    """One fresh worker process: to re-run, alone, a release whose pool died under it."""
    return process_pool(1)


def process_pool(count: int, large: bool = False) -> ProcessPoolExecutor:
    # forkserver: never fork a process that may hold locks (a progress thread, an HTTP pool).
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = _forkserver_context(large)
    else:  # pragma: no cover - macOS/Windows
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=watch_driver,
                               initargs=(os.getpid(),))


def _forkserver_context(large: bool) -> Any:
    """The forkserver context, told what to import once in the server (each worker then starts warm). The server
    is started once per driver: a pool made after it is running forks from it as it is."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD) + (["unveil.survey.warm_licences"] if large else []))
    return context


WATCH_INTERVAL_S = 1.0


def driver_alive(pid: int) -> bool:
    """False once `pid` has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
        return state not in (b"Z", b"X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc (not Linux): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def watch_driver(driver: int) -> None:
    """Pool initializer: a daemon thread ends this worker as soon as the driver process is gone."""

    def watch() -> None:
        while driver_alive(driver):
            time.sleep(WATCH_INTERVAL_S)
        os._exit(1)

    threading.Thread(target=watch, name="unveil-watch-driver", daemon=True).start()


def stop_now(executor: Executor) -> None:
    """Stop an executor without waiting for its running tasks: worker processes are terminated."""
    if isinstance(executor, RayExecutor):
        executor.shutdown(wait=False, cancel_futures=True)
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())  # ProcessPoolExecutor's own
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + 3
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(max(deadline - time.monotonic(), 0.05))
            if process.is_alive():
                process.kill()
