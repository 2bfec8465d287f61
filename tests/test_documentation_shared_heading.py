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


def test_limitations_subsection_under_shared_heading_is_its_own_section() -> None:
    # "### Limitations" under "## Intended uses & limitations" announces limitations alone: a plain caveat counts
    text = ("# Example summariser\n\nA summariser for meeting notes.\n\n## Intended uses & limitations\n\n"
            "### How to use\n\nPass the transcript to the pipeline.\n\n### Limitations\n\n"
            "Notes from other companies can suffer from a shift in vocabulary and style.\n")
    doc = analyze_card(parse_card(text, "README.md"))
    assert covered(doc, "limitations")
    assert doc.sections["limitations"].evidence[0].line == 13


@pytest.mark.parametrize("sentence,want", [
    ("In a notebook the HTML view of this pipeline is unable to render; open the page in nbviewer.", False),
    ("The summariser is unable to keep speaker names apart.", True),
])
def test_page_display_notice_is_not_a_limitation(sentence: str, want: bool) -> None:
    text = f"# Example summariser\n\nA summariser for meeting notes.\n\n{sentence}\n"
    doc = analyze_card(parse_card(text, "README.md"))
    assert covered(doc, "limitations") is want


@pytest.mark.parametrize("body,want", [
    ("Check the project repository for the details: [link](https://example.org/repo).", False),
    ("Provide examples of latent issues and potential remediations.", False),  # stock template text
    ("See the paper: the model fails on speakers who overlap.", True),
])
def test_pointer_or_template_sentence_is_not_a_limitation(body: str, want: bool) -> None:
    text = ("# Example summariser\n\nA summariser for meeting notes.\n\n## Intended uses & limitations\n\n"
            f"### Limitations and bias\n\n{body}\n")
    doc = analyze_card(parse_card(text, "README.md"))
    assert covered(doc, "limitations") is want
