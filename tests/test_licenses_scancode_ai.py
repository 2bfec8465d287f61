"""ScanCode model / AI-service / data licence texts (the installed `licensedcode-data`; texts are read
from the package at test time, never copied): the classes fixed after the held-out run of
benchmarks/bench_scancode_ai_licenses.py, which is a regression set from then on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scancode_texts import DATA
from scancode_texts import identify_key as _read

LABELS = Path(__file__).resolve().parents[1] / "benchmarks" / "labels" / "scancode_ai_licenses.json"

pytestmark = pytest.mark.skipif(DATA is None, reason="needs the `licenses` extra (licensedcode-data)")


def test_licence_named_late_in_a_sentence_is_a_reference_not_the_title() -> None:
    # OGL and NLOD name the ODC Attribution licence among the licences they are compatible with.
    for key in ("ogl-uk-3.0", "nlod-2.0"):
        got = _read(key)
        assert got.id == key, (key, got.id)
        assert got.category == "open-data"


def test_free_licence_forbidding_derivatives_is_proprietary() -> None:
    assert _read("nvidia-ngx-eula-2019").category == "proprietary"
    # A free licence with use restrictions but no ban on derivatives stays restricted.
    got = _read("responsible-ai-source-1.1")
    assert got.category == "restricted"
    assert {"use-restrictions", "flow-down", "remote-restriction"} <= set(got.kinds)


def test_data_names() -> None:
    assert _read("open-weights-permissive-1.0.0").category == "open-data"
    assert _read("ogl-uk-2.0").category == "open-data"
    # "US Government export control" in a permissive licence's name is no data licence.
    assert _read("mit-no-advert-export-control").category == "open-content"


def test_regression_figures() -> None:
    rows = json.loads(LABELS.read_text(encoding="utf-8"))["files"]
    exp = found = cat = 0
    for r in rows:
        got = _read(r["key"])
        exp += len(r["kinds"])
        found += len(set(r["kinds"]) & set(got.kinds))
        cat += got.category == r["category"]
    assert found / exp >= 0.9, (found, exp)
    assert cat / len(rows) >= 0.75, (cat, len(rows))
