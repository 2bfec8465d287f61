"""Making a card's audit cheaper must not change what it says: the full JSON report and the survey row of
200 cards of cards-2023 (a fixed random sample) are compared, by digest, with what the tree gave before
the census-pace work (issue 15.5). The fixture keeps member names and digests only, never card text.

A deliberate change of the judges' verdicts changes these digests: regenerate the fixture from the tree
that holds the change, after checking the change (`git diff` of a few reports) is the one intended:

    PYTHONPATH=src python3 tests/test_survey_rows_regression.py --write
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import tarfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cards-2023" / "model_cards.tar.gz"
FIXTURE = Path(__file__).parent / "fixtures" / "regression_census" / "digests.json"
SAMPLE, SEED = 200, 2026
NOW = datetime(2026, 1, 1, tzinfo=UTC)
SUFFIX = "_README.md"


def _sample(tar: tarfile.TarFile) -> dict[str, bytes]:
    members = [m for m in tar.getmembers() if m.isreg() and m.name.endswith(SUFFIX) and m.size < (4 << 20)]
    chosen = random.Random(SEED).sample(sorted(m.name for m in members), SAMPLE)
    by_name = {m.name: m for m in members}
    return {name: tar.extractfile(by_name[name]).read() for name in sorted(chosen)}  # type: ignore[union-attr]


def _folder(name: str) -> str:
    return name.removeprefix("model_cards/").removesuffix(SUFFIX).replace("/", "__")


def digests(root: Path) -> dict[str, dict[str, str]]:
    """Member name -> digests of its report (root path masked, fixed clock) and of its survey row."""
    from unveil.service import audit
    from unveil.survey.rows import row_from_report

    with tarfile.open(DATA) as tar:
        cards = _sample(tar)
    out: dict[str, dict[str, str]] = {}
    for name, data in cards.items():
        folder = root / _folder(name)
        folder.mkdir(parents=True)
        (folder / "README.md").write_bytes(data)
        report = audit(str(folder), now=NOW)
        text = report.to_json().replace(str(root), "ROOT")
        row = json.dumps(row_from_report(_folder(name), report), sort_keys=True, default=str).replace(str(root), "ROOT")
        out[name] = {"report": hashlib.sha256(text.encode()).hexdigest()[:20],
                     "row": hashlib.sha256(row.encode()).hexdigest()[:20]}
    return out


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_reports_and_rows_of_200_cards_unchanged(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("UNVEIL_SEMGREP", "off")  # cards only: nothing for Semgrep to scan
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))["digests"]
    got = digests(tmp_path)
    assert set(got) == set(expected)
    changed = sorted(n for n in got if got[n] != expected[n])
    assert not changed, f"{len(changed)} of {len(got)} cards audit differently, e.g. {changed[:5]}"


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_marker_word_bound_is_never_below_the_marker_count() -> None:
    """The unfilled-template check skips its marker scan when the marker words occur fewer than four
    times: that count must bound the matches on real cards, and on markers written every way."""
    from unveil.documentation.placeholders import MARKER, _marker_bound

    with tarfile.open(DATA) as tar:
        texts = [t.decode("utf-8", "replace") for t in _sample(tar).values()]
    texts.append("TODO. [TBD: x] More information needed. N/A. tba {{ name }} [your name] [optional] "
                 "coming soon. to be announced. forthcoming. NEEDS MORE INFO. [ insert link ] weİghts ſoon")
    for text in texts:
        assert _marker_bound(text) >= len(MARKER.findall(text))


def _lines_one_by_one(text: str, rx, limit: int, skip, prose_only: bool) -> list[tuple[int, str]]:
    """The EOSAI line scan as it was: every line searched (the reference for the skipping scan)."""
    from unveil.openness.eosai import _body_start

    lines = text.splitlines()
    start = _body_start(lines) if prose_only else 0
    out, fenced = [], False
    for i, line in enumerate(lines[start:], start=start + 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if prose_only and fenced:
            continue
        if rx.search(line) and not (skip and skip.search(line)):
            out.append((i, line.strip()[:200]))
            if len(out) >= limit:
                break
    return out


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_eosai_line_scan_that_skips_lines_finds_what_every_line_search_finds() -> None:
    from unveil.openness import eosai
    from unveil.openness.view import OpennessView

    with tarfile.open(DATA) as tar:
        texts = [t.decode("utf-8", "replace") for t in _sample(tar).values()]
    texts.append("---\ntags: [gpu]\n---\n```\nGPU\n```\nTrained on 8 GPUs\r\nA100\u2028nodes\n\n```\nTPU")
    patterns = [eosai._HARDWARE, eosai._ARCH, eosai._VENUE, eosai._ARXIV, eosai._PAPER_DEFERRAL]
    for text in texts:
        view = OpennessView(components={}, card_text=text, card_path="README.md")
        for rx in patterns:
            for prose_only in (False, True):
                for limit in (1, 2, 50):
                    got = [(e.line, e.text) for e in eosai._find_lines(view, rx, limit, eosai._VENUE, prose_only)]
                    assert got == _lines_one_by_one(text, rx, limit, eosai._VENUE, prose_only), (rx.pattern[:40],)


if __name__ == "__main__" and "--write" in sys.argv:
    import os
    import tempfile

    os.environ["UNVEIL_SEMGREP"] = "off"
    with tempfile.TemporaryDirectory() as tmp:
        result = digests(Path(tmp))
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_text(json.dumps({"sample": SAMPLE, "seed": SEED, "digests": result}, indent=1) + "\n",
                       encoding="utf-8")
    print(f"wrote {len(result)} digests to {FIXTURE}")


@pytest.mark.skipif(not DATA.is_file(), reason="needs ../shared/data/cards-2023")
def test_eosai_line_scan_answered_from_an_earlier_scan_with_a_skip_equals_a_fresh_search() -> None:
    # The hardware grade asks "which lines name hardware, inference lines skipped?" then "which lines name it at
    # all?": the second is answered from the lines the first saw, when it saw enough of them.
    from unveil.openness import eosai
    from unveil.openness.view import OpennessView

    with tarfile.open(DATA) as tar:
        texts = [t.decode("utf-8", "replace") for t in _sample(tar).values()]
    texts.append("Trained on 8 GPUs for inference speed\nGPU memory: 24 GB\nA100 inference\nnodes: 4\n")
    answered_from_seen = 0
    for text in texts:
        for first, second in ((6, 3), (1, 3), (2, 2), (3, 1)):
            eosai._FOUND_OF[0] = None  # a fresh card for the one-card cache: each pair on its own
            view = OpennessView(components={}, card_text=text, card_path="README.md")
            eosai._find_lines(view, eosai._HARDWARE, first, eosai._INFERENCE, True)
            key = ("seen", eosai._HARDWARE, True, "README.md")
            seen = eosai._FOUND.get(key)
            answered_from_seen += bool(seen and (seen[0][1] or len(seen[0][0]) >= second))
            got = [(e.line, e.text) for e in eosai._find_lines(view, eosai._HARDWARE, second, None, True)]
            assert got == _lines_one_by_one(text, eosai._HARDWARE, second, None, True)
    assert answered_from_seen > len(texts)  # the shortcut was taken, not only the fresh scan
