"""Accuracy on the labelled dev corpus (live samples: scanned as bytes, never loaded)."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from unveil.security.artifacts import scan_artifacts
from unveil.sources.local import open_local

from conftest import SHARED_DATA

CORPUS = SHARED_DATA / "security" / "dev"
# Formats owned by the scanner core; the rest (keras, onnx, gguf, tf, safetensors, templates) by their module.
CORE_FORMATS = {"pickle", "pytorch-zip", "pytorch-legacy", "torchscript", "joblib", "numpy", "numpy-npz", "zip", "tar"}


def _rows() -> list[dict]:
    with open(CORPUS / "manifest.csv", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def verdicts() -> dict[str, tuple[dict, bool, list]]:
    release = open_local(CORPUS)
    result = scan_artifacts(release)
    flagged: dict[str, list] = defaultdict(list)
    for f in result.findings:
        outer = f.path.split("!", 1)[0]
        flagged[outer].append(f)
    out = {}
    for row in _rows():
        fs = flagged.get(row["file"], [])
        out[row["file"]] = (row, any(f.severity in ("critical", "high") for f in fs), fs)
    return out


def _figures(verdicts, formats=None) -> tuple[int, int, int, int, list, list]:
    mal = [
        v
        for v in verdicts.values()
        if v[0]["expected"] == "malicious" and (formats is None or v[0]["format"] in formats)
    ]
    ben = [
        v for v in verdicts.values() if v[0]["expected"] == "benign" and (formats is None or v[0]["format"] in formats)
    ]
    missed = [v[0]["file"] for v in mal if not v[1]]
    false_pos = [(v[0]["file"], [f.detail for f in v[2] if f.severity in ("critical", "high")]) for v in ben if v[1]]
    return len(mal), len(mal) - len(missed), len(ben), len(false_pos), missed, false_pos


def test_core_formats_accuracy(verdicts):
    n_mal, hit, n_ben, fp, missed, false_pos = _figures(verdicts, CORE_FORMATS)
    print(
        f"\ncore formats: recall {hit}/{n_mal} = {hit / max(n_mal, 1):.1%}, "
        f"false positives {fp}/{n_ben} = {fp / max(n_ben, 1):.1%}"
    )
    assert n_mal >= 20 and n_ben >= 15
    assert not missed, missed
    assert not false_pos, false_pos


def test_overall_accuracy(verdicts):
    n_mal, hit, n_ben, fp, missed, false_pos = _figures(verdicts)
    print(
        f"\noverall: recall {hit}/{n_mal} = {hit / max(n_mal, 1):.1%}, "
        f"false positives {fp}/{n_ben} = {fp / max(n_ben, 1):.1%}"
    )
    assert hit == n_mal, missed
    assert fp == 0, false_pos


def test_critical_for_code_execution_pickles(verdicts):
    """Every raw-pickle payload is critical (code runs on load), with the opcode offset as evidence."""
    for name, (row, _, fs) in verdicts.items():
        if row["format"] == "pickle" and row["expected"] == "malicious":
            crit = [f for f in fs if f.severity == "critical"]
            assert crit, name
            assert crit[0].evidence and crit[0].evidence[0].offset is not None


def test_member_paths_use_bang(verdicts):
    row, flagged, fs = verdicts["archive/zip_with_payload_pickle.zip"]
    assert flagged
    assert any(f.path == "archive/zip_with_payload_pickle.zip!model/weights.pkl" for f in fs)
