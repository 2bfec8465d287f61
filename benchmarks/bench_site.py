"""Benchmark: is the survey site usable at census size? Times one built site in headless Chromium.

    python benchmarks/bench_site.py SITE_DIR      # e.g. the site of study_cards.py --site DIR (24,859 rows)

Loads `index.html` from file:// and reports: time to the first page of rows, time for a filter
keystroke to re-render, for a column sort, and for paging through every page; with the counts the
page reports, and any console error. Uses the tests' DevTools-pipe driver (tests/chromium.py).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from chromium import Browser, chromium_path  # noqa: E402


def timed(b: Browser, js: str) -> tuple[float, object]:
    started = time.perf_counter()
    value = b.eval(js)
    return time.perf_counter() - started, value


def main() -> None:
    site = Path(sys.argv[1]).resolve()
    binary = chromium_path()
    if binary is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    b = Browser(binary, timeout=120)
    try:
        started = time.perf_counter()
        b.open((site / "index.html").as_uri())
        load = time.perf_counter() - started
        status = b.eval("document.getElementById('status').textContent")
        pages = int(b.eval("document.getElementById('status').dataset.pages"))
        sets = ("(() => { const f = document.getElementById('filter'); f.value = 'bert';"
                " f.dispatchEvent(new Event('input')); return document.getElementById('status').textContent })()")
        filt, filtered = timed(b, sets)
        b.eval("(() => { const f = document.getElementById('filter'); f.value = '';"
               " f.dispatchEvent(new Event('input')); })()")
        sort, _ = timed(b, "document.querySelectorAll('#board th button')[11].click()")
        walk, seen = timed(b, f"(() => {{ let n = 0; for (let i = 0; i < {pages}; i++) {{"
                              " n += document.querySelectorAll('#board tbody tr').length;"
                              " document.getElementById('next').click(); } return n; })()")
        size = (site / "data" / "rows.js").stat().st_size
        print(json.dumps({"site": str(site), "rows.js bytes": size, "load s": round(load, 2), "status": status,
                          "filter 'bert' s": round(filt, 3), "filtered": filtered, "sort s": round(sort, 3),
                          "pages": pages, "walk all pages s": round(walk, 2), "rows seen": seen,
                          "errors": b.errors()}, indent=1))
    finally:
        b.close()


if __name__ == "__main__":
    main()
