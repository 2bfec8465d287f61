"""End to end: every recorded release audited through the replayed Hub API (the real huggingface_hub
client against tests/hub_replay.py), compared field by field with its expected.json.

Fields: label, OSAID verdict, weights license category, claims_open_source, openwashing.
Agreement >= 90% per field, figures printed.
"""

from __future__ import annotations

import json

import pytest

from conftest import RELEASES
from recorded import OPENNESS_FIELDS, observed_openness, repo_id

FOLDERS = sorted(
    p for p in RELEASES.iterdir() if (p / "expected.json").is_file() and (p / "files.json").is_file()
)





@pytest.fixture(scope="module")
def results(hub_replay_server, tmp_path_factory):
    import os

    from unveil.service import audit

    saved = {k: os.environ.get(k) for k in ("HF_ENDPOINT", "HF_HUB_CACHE", "HF_TOKEN", "HF_HUB_OFFLINE")}
    hub_replay_server.reset()
    os.environ["HF_ENDPOINT"] = hub_replay_server.endpoint
    os.environ["HF_HUB_CACHE"] = str(tmp_path_factory.mktemp("hf-cache"))
    os.environ.pop("HF_TOKEN", None)
    os.environ.pop("HF_HUB_OFFLINE", None)
    try:
        out = {}
        for folder in FOLDERS:
            expected = json.loads((folder / "expected.json").read_text())
            report = audit(repo_id(folder))
            out[folder.name] = (expected, observed_openness(report), report)
        return out
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.mark.parametrize("field", OPENNESS_FIELDS)
def test_agreement_per_field(results, field):
    agree = 0
    for name, (expected, observed, _report) in results.items():
        ok = expected[field] == observed[field]
        agree += ok
        if not ok:
            print(f"  {field} differs on {name}: expected {expected[field]!r}, got {observed[field]!r}")
    rate = agree / len(results)
    print(f"{field}: {agree}/{len(results)} = {rate:.1%}")
    assert rate >= 0.90


def test_every_verdict_carries_a_reason(results):
    for name, (_e, observed, report) in results.items():
        o = report.openness
        assert o.label_reason, name
        if observed["osaid"] != "meets":
            assert o.osaid.missing or o.osaid.inconclusive, name
        if observed["openwashing"]:
            assert o.openwashing.contradictions, name
