"""A process pool started only when the work ahead pays for it, in the background, while the driver audits.

A fresh pool's first worker can run only after the fork server's preload (~0.7 s of CPU idle, more under
load), and `ProcessPoolExecutor.submit` blocks its caller while it spawns a worker through the fork server:
a small survey with 2 workers was slower than with 1. So the driver audits the first sources itself, and
a thread starts the pool when the driver asks (`go`: its rows say the sources left are worth more than a
pool's start) or when the driver's first audit is still running after `after_s` (a release that takes
seconds). The thread submits one readiness task per worker (spawning them all); when one answers, it fills
the window of batches (`fill`, under `lock`) and marks the pool ready, and the driver from then on only
feeds the pool. A survey that ends before that hands the pool back (`abandon`) and does not wait for it.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future

from unveil.survey.executor import stop_fork_server, stop_now


class PoolStart:
    """`started`, `ready` and `abandoned` change only under `lock`; once `ready`, the driver owns `executor`.

    The pool is made by the thread too (`make`): making one starts multiprocessing's resource tracker, a
    Python process a survey done inline never needs (~0.2 s under load)."""

    def __init__(self, make: Callable[[], Executor], workers: int, fill: Callable[[Executor], None],
                 after_s: float) -> None:
        self.executor: Executor | None = None
        self.lock = threading.Lock()
        self.started = self.ready = self.abandoned = False
        self.timer_off = False  # the driver's rows decide from now on, not the timer
        self._make, self._workers, self._fill, self._after = make, workers, fill, after_s
        self._first_spawn = False  # the first submit is under way (it waits on the fork server's preload)
        self._go, self._wake = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._run, name="unveil-pool-start", daemon=True)
        self._thread.start()

    def go(self) -> None:
        self._go.set()

    def _run(self) -> None:
        if not self._go.wait(self._after):
            with self.lock:
                timer_off = self.timer_off or self.abandoned
            if timer_off:
                self._go.wait()
        with self.lock:
            if self.abandoned:
                return  # nothing was made
            self.started = True
        started: list[Future] = []
        with contextlib.suppress(Exception):  # no pool, or a broken one: the driver meets it and makes another
            executor = self.executor = self._make()
            for _ in range(self._workers):  # one task per worker: each submit spawns one (no idle worker yet)
                if self._wake.is_set():
                    break
                self._first_spawn = not started
                try:
                    future = executor.submit(os.getpid)
                finally:
                    self._first_spawn = False
                future.add_done_callback(lambda _f: self._wake.set())
                started.append(future)
        if started:
            self._wake.wait()  # a worker answered, or the driver abandoned the pool
        with self.lock:
            if not self.abandoned:
                try:
                    if self.executor is not None and any(f.done() and f.exception() is None for f in started):
                        self._fill(self.executor)
                finally:
                    self.ready = True  # whatever happened, the driver takes over (a broken pool is rebuilt)
                return
        if self.executor is not None:
            stop_now(self.executor)

    def abandon(self) -> Executor | None:
        with self.lock:
            return self.abandon_locked()

    def abandon_locked(self) -> Executor | None:
        """The driver needs the pool no more: the pool it must stop itself (ready, so idle: it does not wait), or
        None when there is none yet or the thread stops it once its spawns return (the driver does not wait)."""
        if self.ready:
            return self.executor
        self.abandoned = True
        self._go.set()
        self._wake.set()
        if self._first_spawn:
            stop_fork_server()  # its first worker is not forked yet: it never will be
        return None
