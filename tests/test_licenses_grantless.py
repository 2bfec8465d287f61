"""Mentions of a licence that grant nothing are not read as the text's licence; grants worded nearby still are.

Sentences written for this test (none copied from a licence, a card or the ScanCode rules)."""

from __future__ import annotations

import pytest

from unveil.licenses import grantless
from unveil.licenses.detect import identify

GRANTLESS = [
    # a string literal in code
    'if (name == "GPL v3") { allowed = true; }',
    "known = {'Apache 2': 'Apache-2.0', 'the MIT': 'MIT'}",
    "spdx_check(licence_field, 'LGPL-2.1')",
    # a question
    "Our plugin links to a library that is under the GPL; is the plugin then covered by the GPL too?",
    # ... also where the name is a licence's full title, inside the sentence
    "After quantisation, is the converted checkpoint still under the Apache License, Version 2.0?",
    # a requirement put on others
    "Every patch sent to the mailing list must be released under the GNU General Public License.",
    "Vendors who ship the firmware have to make the sources available under the terms of the GPL.",
    # a comparison
    "The parser was rewritten because the old one was incompatible with programs licensed under the GPL.",
    "We picked a more permissive license than the GPL for the bindings.",
    # a list of licences a tool accepts
    "Accepted values for the licence field: MIT, BSD, Apache, MPL, GPL and ISC.",
]

GRANTS = [
    ("This library is released under the GNU General Public License, version 3 or later.", "gpl-3.0"),
    ("The weights are licensed under the Apache License 2.0.", "apache-2.0"),
    ("License: MIT", "mit"),
    ("You may redistribute it under the terms of the GNU Lesser General Public License version 2.1.", "lgpl-2.1"),
    ("This model is released under the MIT license. Questions? Open an issue.", "mit"),
]


@pytest.mark.parametrize("text", GRANTLESS)
def test_a_mention_that_grants_nothing_is_not_read_as_a_licence(text: str) -> None:
    assert identify(text).id in {"unknown", "other"}, text


@pytest.mark.parametrize(("text", "want"), GRANTS)
def test_grants_next_to_the_same_words_are_still_read(text: str, want: str) -> None:
    assert identify(text).id == want


def test_the_guard_looks_at_the_span_it_is_given() -> None:
    low = "the tool asks: 'mit', then stops. this file is released under the mit license."
    first, second = low.index("mit"), low.rindex("mit")
    assert grantless.grants_nothing(low, first, first + 3)
    assert not grantless.grants_nothing(low, second, second + 3)


def test_three_licences_named_together_are_not_yet_a_list() -> None:
    # a card giving one licence per component names three: each is still a grant
    low = "code: mit. weights: apache-2.0. the dataset is cc-by-4.0."
    at = low.index("apache")
    assert not grantless.grants_nothing(low, at, at + 10)


def test_a_licence_field_in_metadata_is_a_declaration() -> None:
    # a quoted value after a "license" key declares the licence; the same value in a lookup table does not
    assert identify('{"name": "tokenizer", "license": "Apache-2.0"}').id == "apache-2.0"
    assert identify('{"name": "tokenizer", "aliases": ["Apache-2.0", "ASL 2"]}').id in {"unknown", "other"}
