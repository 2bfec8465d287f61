"""Limitations under a heading shared with intended use ("Intended uses & limitations"): usage statements
written with a modal are not limitations; a limiting word, or where the model does best, is. Sentences
written for these tests (no card text)."""

from __future__ import annotations

import pytest

from unveil.card import parse_card
from unveil.documentation import analyze_card, covered


def _card(body: str, heading: str = "Intended uses & limitations") -> str:
    return f"# Example summariser\n\nA summariser for meeting notes.\n\n## {heading}\n\n{body}\n"


@pytest.mark.parametrize("body", [
    "It can be used on raw transcripts and on cleaned transcripts alike.",
    "The summariser can be used with any sampling rate supported by the feature extractor.",
    "It can also be used without a language model for quick experiments.",
    "You should pass the whole meeting as a single string to the pipeline.",
])
def test_usage_statement_under_shared_heading_is_not_a_limitation(body: str) -> None:
    doc = analyze_card(parse_card(_card(body), "README.md"))
    assert not covered(doc, "limitations"), doc.sections["limitations"]


@pytest.mark.parametrize("body", [
    "It can be used on raw transcripts, but it cannot handle more than two speakers.",
    "The model is meant for and best at short English meetings.",
    "It can be used on raw transcripts; the results should be better on punctuated text.",
    "It can only summarise meetings of up to ten minutes.",
])
def test_limit_under_shared_heading_is_a_limitation(body: str) -> None:
    doc = analyze_card(parse_card(_card(body), "README.md"))
    assert covered(doc, "limitations"), doc.sections["limitations"]


def test_modal_sentence_under_a_limitations_heading_alone_still_counts() -> None:
    # the stricter reading is only for the shared heading: a plain "Limitations" section is about limits
    doc = analyze_card(parse_card(_card("Long meetings could be summarised unevenly across speakers.",
                                        heading="Limitations"), "README.md"))
    assert covered(doc, "limitations")
