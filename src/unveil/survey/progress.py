"""Survey progress on stderr: a bar on a terminal; elsewhere (CI, Slurm logs) one plain line every few
seconds. Both count failures (rows with an error), and the plain line gives the rate."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

Tick = Callable[[str, bool], None]


def interval_seconds() -> float:
    try:
        return max(float(os.environ.get("UNVEIL_PROGRESS_SECONDS", "5")), 0.1)
    except ValueError:
        return 5.0


def line(done: int, total: int, failed: int, elapsed: float) -> str:
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else None
    eta = f", about {_duration(left)} left" if left is not None and done < total else ""
    return (f"unveil: survey: {done}/{total} done, {failed} failed, {rate:.1f} releases/s, "
            f"{_duration(elapsed)} elapsed{eta}")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m" if seconds >= 3600 else \
        f"{seconds // 60}m{seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


@contextmanager
def progress(total: int) -> Iterator[Tick]:
    """`tick(label, failed)` once per finished release."""
    if total == 0:
        yield lambda _label, _failed: None
        return
    if sys.stderr.isatty():
        with _bar(total) as tick:
            yield tick
        return
    with _lines(total) as tick:
        yield tick


@contextmanager
def _bar(total: int) -> Iterator[Tick]:
    console = Console(stderr=True, no_color="NO_COLOR" in os.environ)
    columns = (TextColumn("survey"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[failed]} failed"),
               TimeRemainingColumn(), TextColumn("{task.description}", markup=False))
    failed = 0
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("", total=total, failed=0)

        def tick(label: str, bad: bool) -> None:
            nonlocal failed
            failed += int(bad)
            bar.update(task, advance=1, description=label[-50:], failed=failed)

        yield tick


@contextmanager
def _lines(total: int) -> Iterator[Tick]:
    started = time.monotonic()
    state = {"done": 0, "failed": 0}
    stop = threading.Event()
    every = interval_seconds()

    def report() -> None:
        print(line(state["done"], total, state["failed"], time.monotonic() - started), file=sys.stderr, flush=True)

    def loop() -> None:
        while not stop.wait(every):
            report()

    def tick(_label: str, bad: bool) -> None:
        state["done"] += 1
        state["failed"] += int(bad)

    thread = threading.Thread(target=loop, name="unveil-progress", daemon=True)
    thread.start()
    try:
        yield tick
    finally:
        stop.set()
        thread.join(1)
        report()
