"""Own variants and bad input: leftover clauses make a custom licence; hostile input gives a result."""

from __future__ import annotations

import re
import time

from unveil.licenses.detect import identify

from conftest import SHARED_DATA

LICENSES = SHARED_DATA / "licenses"


def _text(name: str) -> str:
    return (LICENSES / name).read_text(encoding="utf-8")


def test_apache_with_appended_use_restrictions_is_custom() -> None:
    text = _text("apache-2.0.txt") + (
        "\n\nADDENDUM: USE RESTRICTIONS\n\nYou agree not to use the Model or any Derivatives of the Model "
        "for "
        "military purposes, for surveillance of individuals, or to generate disinformation. You must include "
        "these use restrictions as an enforceable provision in any agreement with downstream users.\n"
    )
    res = identify(text)
    print(f"\nappended-restrictions apache: {res.id} {res.category} {res.kinds} based_on={res.based_on}")
    assert res.id != "apache-2.0"
    assert res.id == "other" and res.based_on == "apache-2.0"
    assert res.category == "restricted"
    assert not res.osi_approved
    assert "use-restrictions" in res.kinds
    ev = res.clauses["use-restrictions"][0]
    assert ev.line is not None and ev.line > 150


def test_mit_with_non_commercial_condition_is_non_commercial() -> None:
    text = _text("mit.txt").replace(
        "subject to the following conditions:",
        "subject to the following conditions:\n\nThe Software may be used for non-commercial purposes only.\n",
    )
    res = identify(text)
    print(f"\nnon-commercial MIT: {res.id} {res.category} {res.kinds}")
    assert res.id == "other" and res.based_on == "mit"
    assert res.category == "non-commercial"
    assert "non-commercial" in res.kinds


def test_reworded_unknown_restrictive_text_is_classified_from_clauses() -> None:
    text = (
        "ACME MODEL LICENSE\n\nYou may use the model weights solely for non-commercial research purposes. "
        "You shall not use the outputs of the model to train or improve any other large language model.\n"
    )
    res = identify(text)
    assert res.id == "other"
    assert res.category == "non-commercial"
    assert {"non-commercial", "research-only", "no-output-training"} <= set(res.kinds)


def test_llama_versions_are_told_apart_and_new_versions_recognised() -> None:
    base = _text("llama3.1.txt")
    assert identify(base).id == "llama3.1"
    assert identify(base.replace("3.1", "3.3")).id == "llama3.3"
    res = identify(re.sub(r"llama 3\.1", "Llama 5", base, flags=re.I))
    assert res.id == "llama5" and res.category == "restricted"


def test_cc_family_resolves_elements_and_version() -> None:
    res = identify(_text("cc-by-nc-sa-4.0.txt").replace("4.0", "3.0"))
    assert res.id == "cc-by-nc-sa-3.0" and res.category == "non-commercial"


def test_wrapped_texts() -> None:
    mit = _text("mit.txt")
    html = "<html><body><h1>License</h1><pre>" + mit.replace("&", "&amp;") + "</pre></body></html>"
    assert identify(html).id == "mit"
    md = "# License\n\nThis model is released under the following terms:\n\n```text\n" + mit + "\n```\n"
    assert identify(md).id == "mit"
    assert identify(_text("apache-2.0.txt").encode("cp1252", errors="replace")).id == "apache-2.0"
    latin = "Licence\n\nCopyright (c) 2024 Société Générale\n\n" + mit
    assert identify(latin.encode("latin-1", errors="replace")).id == "mit"


def test_bad_input_never_crashes_or_hangs() -> None:
    cases: list[bytes | str | None] = [
        None,
        b"",
        "",
        b"\x00\x01\x02" * 1000,
        bytes(range(256)) * 400,
        b"\xff\xfe\x00\x00garbage",
        "a" * 100,
        "<html>" * 5000,
        "(" * 50000,
        "license " * 20000,
    ]
    for case in cases:
        res = identify(case)
        assert res.id == "unknown" and res.category == "unknown", (repr(case)[:40], res.id)
    big = (_text("apache-2.0.txt") + "\n") * 5000  # ~50 MB
    assert len(big) > 50_000_000
    t0 = time.perf_counter()
    res = identify(big.encode())
    took = time.perf_counter() - t0
    print(f"\n50 MB input: {res.id} in {took:.2f}s")
    assert res.id == "apache-2.0"
    assert took < 10
