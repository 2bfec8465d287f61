"""A survey driver for the clean-up tests: `python tests/survey_driver.py STORE WORKERS SOURCE...`.

Each audit first writes `STORE.started/<pid>` (so the test knows workers are busy), then sleeps
`UNVEIL_TEST_AUDIT_SLEEP` seconds (default 60) before the real audit: long enough to be killed mid-run.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def slow_audit(spec: str, reports_dir: str | None = None, hub: Any = None) -> dict[str, Any]:
    from unveil.survey.rows import audit_row

    marks = Path(os.environ["UNVEIL_TEST_STARTED"])
    marks.mkdir(parents=True, exist_ok=True)
    (marks / f"{os.getpid()}-{abs(hash(spec))}").write_text(spec)
    time.sleep(float(os.environ.get("UNVEIL_TEST_AUDIT_SLEEP", "60")))
    return audit_row(spec, reports_dir, hub)


if __name__ == "__main__":
    from unveil.survey.command import run_survey

    from survey_driver import slow_audit as importable  # workers import it by module name, not __main__

    store, workers, *sources = sys.argv[1:]
    listing = Path(store + ".txt")
    listing.write_text("\n".join(sources) + "\n", encoding="utf-8")
    try:
        code = run_survey(str(listing), store, int(workers), os.environ.get("UNVEIL_ENGINE", "local"), None,
                          audit=importable)
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
