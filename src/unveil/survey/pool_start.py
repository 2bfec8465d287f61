"""A process pool started in the background while the driver audits the first sources itself.

A fresh pool's first worker can run only after the fork server's preload (~0.7 s idle, more under load),
and `ProcessPoolExecutor.submit` blocks its caller while it spawns a worker through the fork server: a
small survey with 2 workers was slower than with 1. So a thread submits one readiness task per worker
(spawning them all) while the driver audits inline; when the first readiness task returns, the thread
fills the window of batches (`fill`, under `lock`) and marks the pool ready, and the driver from then on
only feeds the pool. A survey that ends before that hands the pool back (`abandon`): the thread stops it
once its spawns return, and the driver does not wait for it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from unveil.survey.executor import stop_now


class PoolStart:
    """`ready` and `abandoned` change only under `lock`; once `ready`, the driver owns the pool again."""

    def __init__(self, executor: ProcessPoolExecutor, workers: int, fill: Callable[[], None]) -> None:
        self.executor, self.lock = executor, threading.Lock()
        self.ready = self.abandoned = False
        self._workers, self._fill = workers, fill
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._run, name="unveil-pool-start", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        started: list[Future] = []
        with contextlib.suppress(Exception):  # a broken pool: the driver meets it at its first submit
            for _ in range(self._workers):  # one task per worker: each submit spawns one (no idle worker yet)
                if self._wake.is_set():
                    break
                future = self.executor.submit(os.getpid)
                future.add_done_callback(lambda _f: self._wake.set())
                started.append(future)
        if started:
            self._wake.wait()  # a worker answered, or the driver abandoned the pool
        with self.lock:
            if not self.abandoned:
                try:
                    if any(f.done() and f.exception() is None for f in started):
                        self._fill()
                finally:
                    self.ready = True  # whatever happened, the driver takes over (a broken pool is rebuilt)
                return
        stop_now(self.executor)

    def abandon(self) -> bool:
        """The driver needs the pool no more. True when it is already ready (then the driver stops it itself);
        else the thread stops it, without the driver waiting on a spawn under way."""
        with self.lock:
            return self.abandon_locked()

    def abandon_locked(self) -> bool:
        if self.ready:
            return True
        self.abandoned = True
        self._wake.set()
        return False

    def join(self, timeout: float | None = None) -> None:
        """For tests: wait for the thread (it has stopped an abandoned pool when this returns)."""
        self._thread.join(timeout)
