"""A survey driver for the clean-up tests: `python tests/survey_driver.py STORE WORKERS SOURCE...`.

Each audit first writes `STORE.started/<pid>` (so the test knows workers are busy), then sleeps
`UNVEIL_TEST_AUDIT_SLEEP` seconds (default 60) before the real audit: long enough to be killed mid-run.
Ray's workers inherit the environment of `ray start`, not the driver's: when `UNVEIL_TEST_CONFIG` names
a file (set for the whole cluster), the driver writes both settings there and the audits read them back.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))


def slow_audit(spec: str, reports_dir: str | None = None, hub: Any = None) -> dict[str, Any]:
    from unveil.survey.rows import audit_row

    started, sleep = _settings()
    marks = Path(started)
    marks.mkdir(parents=True, exist_ok=True)
    (marks / f"{os.getpid()}-{abs(hash(spec))}").write_text(spec)
    time.sleep(sleep)
    return audit_row(spec, reports_dir, hub)


def _settings() -> tuple[str, float]:
    config = os.environ.get("UNVEIL_TEST_CONFIG")
    if config and Path(config).is_file():
        data = json.loads(Path(config).read_text(encoding="utf-8"))
        return data["started"], float(data["sleep"])
    return os.environ["UNVEIL_TEST_STARTED"], float(os.environ.get("UNVEIL_TEST_AUDIT_SLEEP", "60"))


if __name__ == "__main__":
    from unveil.survey.command import run_survey

    from survey_driver import slow_audit as importable  # workers import it by module name, not __main__

    store, workers, *sources = sys.argv[1:]
    if os.environ.get("UNVEIL_TEST_CONFIG"):
        Path(os.environ["UNVEIL_TEST_CONFIG"]).write_text(json.dumps({
            "started": os.environ["UNVEIL_TEST_STARTED"],
            "sleep": os.environ.get("UNVEIL_TEST_AUDIT_SLEEP", "60")}), encoding="utf-8")
    listing = Path(store + ".txt")
    listing.write_text("\n".join(sources) + "\n", encoding="utf-8")
    try:
        code = run_survey(str(listing), store, int(workers), os.environ.get("UNVEIL_ENGINE", "local"), None,
                          audit=importable)
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
