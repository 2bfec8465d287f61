"""License identification accuracy on ../shared/data/licenses (labels.csv); figures are printed."""

from __future__ import annotations

import csv

import pytest

from unveil.licenses.catalog import BLOCKING_KINDS
from unveil.licenses.detect import identify

from conftest import SHARED_DATA

LICENSES = SHARED_DATA / "licenses"


def _rows() -> list[dict[str, str]]:
    with open(LICENSES / "labels.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, str], object]]:
    return [(row, identify((LICENSES / row["file"]).read_bytes())) for row in _rows()]


def test_id_accuracy(results) -> None:
    ok = [r for r, res in results if res.id == r["expected_id"] or (res.spdx or "").lower() == r["expected_id"]]
    wrong = [(r["file"], r["expected_id"], res.id) for r, res in results if r not in ok]
    acc = len(ok) / len(results)
    print(f"\nlicense id accuracy: {acc:.1%} ({len(ok)}/{len(results)}) wrong={wrong}")
    assert acc >= 0.97


def test_category_accuracy(results) -> None:
    wrong = [(r["file"], r["category"], res.category) for r, res in results if res.category != r["category"]]
    acc = 1 - len(wrong) / len(results)
    print(f"\nlicense category accuracy: {acc:.1%} wrong={wrong}")
    assert acc == 1.0


def test_osi_flag(results) -> None:
    wrong = [r["file"] for r, res in results if res.osi_approved != (r["osi_approved"] == "true")]
    print(f"\nOSI flag accuracy: {1 - len(wrong) / len(results):.1%} wrong={wrong}")
    assert len(wrong) / len(results) <= 0.03


def test_restriction_recall(results) -> None:
    expected = found = detected = extra = 0
    missed = []
    for row, res in results:
        exp = {k for k in row["restrictions"].split(";") if k}
        expected += len(exp)
        found += len(exp & set(res.kinds))
        detected += len(exp & set(res.clauses))  # from sentences in the text alone
        extra += len(set(res.kinds) - exp)
        missed += [(row["file"], k) for k in exp - set(res.kinds)]
    recall = found / expected
    print(
        f"\nrestriction-kind recall: {recall:.1%} ({found}/{expected}); from text sentences alone "
        f"{detected / expected:.1%}; kinds beyond the labels: {extra}; missed={missed}"
    )
    assert recall >= 0.90
    assert detected / expected >= 0.75


def test_blocking_restrictions_carry_evidence(results) -> None:
    """Every blocking kind found in a text points at a line and quotes its sentence."""
    for _row, res in results:
        for kind, clauses in res.clauses.items():
            for c in clauses:
                assert c.line is not None and c.text, (kind, c)
                assert c.blocking == (kind in BLOCKING_KINDS)


def test_open_licences_carry_no_blocking_kind(results) -> None:
    """Precision where it matters: standard open texts must not look restricted."""
    bad = [
        (r["file"], res.blocking_kinds) for r, res in results if r["category"].startswith("open") and res.blocking_kinds
    ]
    print(f"\nopen licences with a blocking kind: {bad}")
    assert not bad
