"""Licences beneath the catalogue: the SPDX License List and ScanCode LicenseDB (data packages).

Texts come from the installed `licensedcode-data` package (the `licenses` extra, installed by
.ci/run) and are read at test time; none is copied into the repository.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from unveil.card import ModelCard, parse_card
from unveil.licenses import catalog, detect, licensedb
from unveil.licenses.detect import identify
from unveil.licenses.discover import from_metadata

_FRONT = re.compile(r"^---\n(.*?)\n---\n?", re.S)


def _scancode_text(key: str) -> str:
    d = licensedb._data_dir()
    assert d is not None, "licensedcode-data (the `licenses` extra) must be installed"
    return _FRONT.sub("", (d / f"{key}.LICENSE").read_text("utf-8"), count=1)


def test_text_matching_is_installed() -> None:
    # CI installs the extra: its path must run here, not skip.
    assert licensedb.TEXT_MATCHING and licensedb.unavailable_reason is None


@pytest.mark.parametrize(
    ("key", "lid", "spdx"),
    [("blueoak-1.0.0", "blueoak-1.0.0", "BlueOak-1.0.0"), ("upl-1.0", "upl-1.0", "UPL-1.0")],
)
def test_osi_licences_off_the_catalogue_are_open_source(key: str, lid: str, spdx: str) -> None:
    res = identify(_scancode_text(key))
    assert (res.id, res.spdx, res.category, res.osi_approved) == (lid, spdx, "open-source", True)


@pytest.mark.parametrize("key", ["blueoak-1.0.0", "upl-1.0"])
def test_title_alone_identifies_without_the_text_data(monkeypatch, key: str) -> None:
    """Degraded mode (no `licenses` extra): a text headed by a listed licence's name is still known."""
    monkeypatch.setattr(licensedb, "TEXT_MATCHING", False)
    monkeypatch.setattr(detect, "_askalono", lambda text: None)
    text = "Copyright 2024 Example Corp\n\n" + _scancode_text(key)
    res = detect.identify_prepared(detect.prepare(text))
    assert res.id == key and res.method == "title" and res.category == "open-source"


def test_untitled_text_by_its_full_text() -> None:
    text = _scancode_text("zpl-2.1")  # opens like BSD, no title line
    res = identify(text)
    assert (res.id, res.method) == ("zpl-2.1", "licensedb-text")


def test_named_in_a_notice() -> None:
    res = identify("This project is licensed under the Blue Oak Model License 1.0.0.")
    assert (res.id, res.category, res.method) == ("blueoak-1.0.0", "open-source", "mention")
    res = identify("Released under the Universal Permissive License v1.0, see LICENSE.")
    assert res.id == "upl-1.0"


def test_ids_from_the_data() -> None:
    assert catalog.lookup("BlueOak-1.0.0").osi is True
    assert catalog.lookup("afl-3.0").category == "open-source"
    assert catalog.lookup("cc-by-nc-4.0").category == "non-commercial"  # the catalogue still decides
    # Placeholders of the data identify nothing; catalogue-only lookups stay catalogue-only.
    assert catalog.lookup("unknown") is None
    assert catalog.lookup("blueoak-1.0.0", fallback=False) is None
    # A ScanCode key of an AI licence means the catalogue's entry.
    assert catalog.lookup("llama-2-license-2023").id == "llama2"


def test_data_categories() -> None:
    cat = {k: licensedb.category(licensedb.record(k)) for k in ("mit", "openai-tou-20241211", "gemma-tou-2024-04-01")}
    assert cat == {"mit": "open-source", "openai-tou-20241211": "proprietary", "gemma-tou-2024-04-01": "restricted"}
    rec = licensedb.record("gemma-tou-2024-04-01")
    assert licensedb.category(rec, ["non-commercial"]) == "non-commercial"


def _card(meta: str) -> ModelCard:
    return parse_card(f"---\n{meta}\n---\n# Model\n", path="README.md")


def test_spdx_expression_in_metadata() -> None:
    found = from_metadata(_card("license: apache-2.0 OR mit"))
    assert [f.ident.id for f in found] == ["apache-2.0", "mit"]
    assert all("one of" in f.reason for f in found)
    found = from_metadata(_card("license: GPL-2.0-only WITH Classpath-exception-2.0"))
    assert [f.ident.id for f in found] == ["gpl-2.0"]
    found = from_metadata(_card("license: LicenseRef-acme-model AND BlueOak-1.0.0"))
    assert [(f.ident.id, f.ident.category) for f in found] == [
        ("licenseref-acme-model", "unknown"),
        ("blueoak-1.0.0", "open-source"),
    ]


def test_askalono_never_asked_about_empty_text(monkeypatch) -> None:
    import askalono  # the `licenses` extra

    calls = []
    monkeypatch.setattr(askalono, "identify", lambda t: calls.append(t))
    for text in ("", " " * 500, "\n\n\n", "-" * 400):
        assert detect._askalono(text) is None
    assert calls == []
    assert identify("").id == "unknown"


def test_askalono_path_identifies_an_spdx_text(monkeypatch) -> None:
    """The askalono matcher (used when the ScanCode texts are absent) on a real SPDX text."""
    monkeypatch.setattr(licensedb, "TEXT_MATCHING", False)
    monkeypatch.setattr(licensedb, "name_at_start", lambda *a, **k: None)  # no name to go by
    text = _scancode_text("afl-3.0")
    info, score = detect._askalono(text)
    assert info.spdx == "AFL-3.0" and score >= 0.9
    res = detect.identify_prepared(detect.prepare(text))
    assert (res.id, res.method, res.category) == ("afl-3.0", "askalono", "open-source")


def test_full_text_beats_a_shared_fingerprint(monkeypatch) -> None:
    """The Zope licence opens like BSD-2-Clause (the catalogue's fingerprint); its full text decides."""
    res = identify(_scancode_text("zpl-2.1"))
    assert (res.id, res.method, res.osi_approved) == ("zpl-2.1", "licensedb-text", True)
    # Degraded mode (no text data): the fingerprint is all there is, and the answer says so.
    monkeypatch.setattr(licensedb, "TEXT_MATCHING", False)
    monkeypatch.setattr(detect, "_askalono", lambda text: None)
    assert detect.identify_prepared(detect.prepare(_scancode_text("zpl-2.1"))).method == "fingerprint"
    # ... while a real BSD-2-Clause text keeps its catalogue id.
    assert identify(_scancode_text("bsd-simplified")).id == "bsd-2-clause"


def test_scancode_texts_sample_self_consistent() -> None:
    """Sanity of the matcher over a fixed-seed sample of data texts: each names itself (ids may be a
    listed twin with the same text) and carries the data's category. Not an accuracy figure: the
    bench measures on texts from other projects."""
    d = licensedb._data_dir()
    keys = sorted(p.stem for p in Path(d).glob("*.LICENSE"))
    sample = random.Random(12).sample(keys, 40)
    wrong = []
    for key in sample:
        rec = licensedb.record(key)
        if rec is None or not licensedb._identifying(rec) or len(_scancode_text(key).split()) < 40:
            continue
        m = licensedb.match_text(_scancode_text(key))
        if m is None or (m.record.key != key and m.coverage < 0.99):
            wrong.append((key, m and m.record.key))
    assert len(wrong) <= 2, wrong
