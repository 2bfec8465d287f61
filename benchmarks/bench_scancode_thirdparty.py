"""Third-party licence texts of the ScanCode database, drawn at random from the families where our reading
is hard (`sample_scancode_thirdparty.py`), labelled by reading: unveil's reading vs the labels.

    PYTHONPATH=src python benchmarks/bench_scancode_thirdparty.py [--all-rows] [--labels FILE ...]

Default: every `benchmarks/labels/scancode_thirdparty_<seed>.json`. Same figures as
`bench_scancode_ai_licenses.py` (which does the work). Not run in CI.
"""

from __future__ import annotations

from pathlib import Path

from bench_scancode_ai_licenses import main

LABELS = tuple(sorted((Path(__file__).resolve().parent / "labels").glob("scancode_thirdparty_*.json")))

if __name__ == "__main__":
    raise SystemExit(main(default_labels=LABELS))
