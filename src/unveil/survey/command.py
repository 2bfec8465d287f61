"""Entry points of `unveil survey` and `unveil report` (the CLI only parses arguments)."""

from __future__ import annotations

import dataclasses
import importlib.util
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from unveil.errors import EXIT_INCOMPLETE, EXIT_NOTHING, EXIT_OK, UsageError
from unveil.sources.hub_options import HubOptions
from unveil.survey.executor import LARGE_SURVEY, check_engine, make_executor, pool_width, prestart
from unveil.survey.html import render_html
from unveil.survey.inputs import SourceSpec, read_inputs
from unveil.survey.progress import progress
from unveil.survey.query import query
from unveil.survey.rows import audit_row
from unveil.survey.runner import execute
from unveil.survey.shard import default_shards, parse_shard, split
from unveil.survey.site import build_site
from unveil.survey.store import Journal, Store
from unveil.survey.summary import render_text, summarize

DEFAULT_OUT = "unveil-survey"


def _log(message: str) -> None:
    print(f"unveil: {message}", file=sys.stderr)


def run_survey(input_value: str, out: str | Path | None = None, workers: int | None = None,
               engine: str = "local", shard: str | None = None, *, keep_reports: bool = False,
               audit: Callable[..., dict[str, Any]] = audit_row, hub: Any = None) -> int:
    """Audit every source of INPUT into the store OUT; returns the exit code.

    0: every source in scope audited; 3: at least one release failed (its row holds the error);
    4: INPUT holds no source. `audit` is the unit of work (a seam for tests and custom pipelines).
    `hub` (a `HubOptions`: deadlines) is sent to `audit` with each source's enumerated listing.
    SIGTERM stops the run like Ctrl-C: workers are stopped, finished rows stay in the journal.
    """
    require_store_deps()
    check_engine(engine, workers)  # fail before creating anything
    sources = read_inputs(input_value)
    wanted = parse_shard(shard)
    store = Store(Path(out or DEFAULT_OUT))
    manifest = store.manifest()
    if manifest is None and wanted is None:  # a fresh survey audits every source: start its pool's server now
        prestart(engine, workers, [s.spec for s in sources])
    total = wanted[1] if wanted else int(manifest["shards"]) if manifest else default_shards(len(sources))
    store.open(total, input_value)
    if not sources:
        _log(f"no sources in {input_value}")
        return EXIT_NOTHING
    by_shard = split(sources, total)
    scope = [wanted[0]] if wanted else list(range(total))

    pending: list[tuple[int, SourceSpec]] = []
    rows: dict[int, dict[str, dict[str, Any]]] = {}
    skipped = reused = failed = 0
    for index in scope:
        keys = [s.key for s in by_shard[index]]
        if store.is_finished(index, total, keys):
            skipped += 1
            failed += int(store.marker(index, total).get("errors", 0))
            continue
        existing = store.done_rows(index, total)  # keyed by source key, so a re-pinned revision is reused
        done = {s.key: existing[s.key] for s in by_shard[index] if s.key in existing}
        rows[index] = done
        reused += len(done)
        pending += [(index, s) for s in by_shard[index] if s.key not in done]

    reports_dir = str(store.reports_dir) if keep_reports else None
    left = Counter(j for j, _ in pending)  # one pass (a census: 98 shards x 24,859 sources otherwise)
    remaining = {i: left[i] for i in rows}
    journals: dict[int, Journal] = {}
    try:
        for index in [i for i, n in remaining.items() if n == 0]:  # resumed shards with nothing left
            _finish(store, index, total, by_shard, rows)
        if pending:

            def on_row(index: int, source: SourceSpec, row: dict[str, Any]) -> None:
                row["shard"] = index
                if index not in journals:
                    journals[index] = store.journal(index, total)
                journals[index].append(row)
                rows[index][source.key] = row
                remaining[index] -= 1
                tick(source.spec, bool(row.get("error")))
                if remaining[index] == 0:
                    journals.pop(index).close()
                    _finish(store, index, total, by_shard, rows)

            specs = [s.spec for _, s in pending]
            # A fresh survey's driver audits the first releases itself while its pool starts (runner.execute);
            # a resumed one does not (if a release killed the driver that way, the rerun gives it to the pool),
            # nor a large one: its pool is started at once (prestart), and the driver, which has not built the
            # licence indexes its fork server preloads, would pay ~1.5 s for them on the first card needing them.
            with progress(len(pending)) as tick, _terminate_as_interrupt():
                suspects = execute(pending, lambda: make_executor(engine, workers, specs), audit, reports_dir,
                                   on_row, options=lambda source: _options(hub, source),
                                   pool=0 if manifest is not None or len(specs) >= LARGE_SURVEY
                                   else pool_width(engine, workers, specs))
            if suspects:
                _log(f"{suspects} release(s) re-run alone after a worker process died")
    finally:
        for journal in journals.values():
            journal.close()

    failed += sum(1 for shard_rows in rows.values() for r in shard_rows.values() if r.get("error"))
    _log(f"surveyed {sum(len(by_shard[i]) for i in scope)} sources in {len(scope)} of {total} shard(s): "
         f"{len(pending)} audited, {reused} resumed, {skipped} shard(s) already finished, "
         f"{failed} failed; store {store.root}")
    return EXIT_INCOMPLETE if failed else EXIT_OK


def _options(hub: Any, source: SourceSpec) -> Any:
    """The Hub settings for one source: the run's deadlines plus its enumerated listing (None if neither)."""
    if hub is None and source.listing is None:
        return None

    return dataclasses.replace(hub or HubOptions(), listing=source.listing)


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a scheduler cancelling the job, `kill PID`) unwinds like Ctrl-C, so workers are stopped."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def require_store_deps() -> None:
    missing = [m for m in ("pyarrow", "duckdb") if importlib.util.find_spec(m) is None]
    if missing:
        raise UsageError(f"survey mode needs {' and '.join(missing)}: pip install 'unveil[survey]'")


def _finish(store: Store, index: int, total: int, by_shard: dict[int, list[SourceSpec]],
            rows: dict[int, dict[str, dict[str, Any]]]) -> None:
    keys = [s.key for s in by_shard[index]]
    keyed = {s.key: rows[index][s.key] for s in by_shard[index] if s.key in rows[index]}
    store.finish(index, total, keys, keyed)


def open_store(store_path: str | Path) -> Store:
    require_store_deps()
    store = Store(Path(store_path))
    if not store.root.is_dir():
        raise UsageError(f"no such survey store: {store_path}")
    if store.manifest() is None and not store.parquet_files():
        raise UsageError(f"{store_path} is not a survey store (no {store.root / 'survey.json'})")
    return store


def run_report(store_path: str | Path, html: str | Path | None = None, site: str | Path | None = None,
               groups: str | Path | None = None) -> tuple[str, int]:
    """Tables of a survey store as text; with `html`, also a one-page summary; with `site`, the static site."""
    store = open_store(store_path)
    if groups is not None and site is None:
        raise UsageError("--groups breaks the site's studies down: use it with --site DIR")
    summary = summarize(store)
    if html is not None:

        try:
            Path(html).write_text(render_html(summary), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {html}: {exc.strerror or exc}") from exc
    if site is not None:

        try:
            result = build_site(store, Path(site), Path(groups) if groups is not None else None)
        except OSError as exc:
            raise UsageError(f"cannot write the site into {site}: {exc.strerror or exc}") from exc
        _log(f"site: {Path(site) / 'index.html'} ({result.releases} releases, {result.full_reports} full reports)")
    code = EXIT_OK if summary.total else EXIT_NOTHING
    return render_text(summary), code


def run_sql(store_path: str | Path, sql: str, fmt: str = "text") -> tuple[str, int]:
    """An ad-hoc DuckDB query over the store's finished rows (the view `rows`); text, CSV or JSON out."""
    return query(open_store(store_path), sql, fmt)
