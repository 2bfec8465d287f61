"""Classes of phrasing real cards use for data quality, limitations and bias (found on the held-out cards-2023
samples of 2026-12-07, seeds 6061 and 6073), each checked both ways. Sentences written for these tests (no card
text)."""

from __future__ import annotations

import pytest

from unveil.card import parse_card
from unveil.documentation import analyze_card, covered


def _doc(body: str, heading: str | None = None):
    section = f"## {heading}\n\n" if heading else ""
    text = f"# Example tagger\n\nA tagger for meeting notes.\n\n{section}{body}\n"
    return analyze_card(parse_card(text, "README.md"))


@pytest.mark.parametrize("body", [
    "The pairs were scraped from the web, apart from the removal of illegal material.",
    "The crawl behind the captions is uncurated web text.",
    "Clips of the raw recordings were hand-picked by two people before training.",
    "A language-ID pass was used to filter the corpus before pre-training.",
    "Post-processing steps filter out false matches among the segments of the dataset.",
    "Every recording that was missing its transcript was removed.",
    "All news pages were removed from the pre-training corpus.",
    "Forum threads with at least 5 upvotes were kept for the training corpus.",
    # a use-case phrase *after* the disclosure does not make it a use case
    "The corpus was deduplicated with MinHash and is meant for research use only.",
])
def test_data_quality_phrasings(body: str) -> None:
    doc = _doc(body)
    assert covered(doc, "data_quality"), doc.sections["data_quality"]


@pytest.mark.parametrize("body,heading", [
    ("The embeddings can be used for clustering, search and near-duplicate detection.", None),  # a use case
    ("The model may generate unfiltered content when prompted for it.", None),  # the model's output
    ("Please cite [Deduplicated Corpora for Small Languages](https://arxiv.org/abs/0000.00000) if you use it.",
     "Citation"),  # a paper's title under a citation heading
    ("Our approach follows [Deduplicating Speech Corpora at Scale](https://aclanthology.org/x.pdf) closely.",
     None),  # a paper's title in a link to the paper
])
def test_data_quality_traps(body: str, heading: str | None) -> None:
    doc = _doc(body, heading)
    assert not covered(doc, "data_quality"), doc.sections["data_quality"]


def test_limitation_in_a_table_row() -> None:
    table = ("| Aspect | Notes |\n|---|---|\n| Use | Meeting notes in English |\n"
             "| Caveats | The tagger may include wrong entity spans on legal text |\n")
    doc = _doc(table, "Considerations")
    assert covered(doc, "limitations"), doc.sections["limitations"]
    assert doc.sections["limitations"].evidence[0].text.startswith("| Caveats")


@pytest.mark.parametrize("body,heading,want", [
    ("The parser is prone to errors on very long sentences.", None, True),
    ("It has not been thoroughly tested on spoken language.", None, True),
    ("The model can make biased guesses about people's jobs.", "Limitations and bias", True),
    # a sentence about bias alone is the bias topic's, not a limitation
    ("Relevant factors to consider include bias (age, region and religion).", "Limitations and bias", False),
    # a strength under the heading is not a limitation
    ("Converges faster and better on small datasets (fewer than 500 samples).", "Limitations", False),
    ("Converges faster but works less well on datasets of more than 500 samples.", "Limitations", True),
    # harmful content in the data, named under a heading shared with intended use
    ("Part of the web text it was trained on holds hateful and problematic material.", "Intended uses & limitations",
     True),
    # thanks and attribution
    ("I am not the author of the dataset, so please cite its creators.", "Intended uses & limitations", False),
    # the page the card is viewed on
    ("If the image fails to display, open it from the Files and versions tab.", None, False),
    ("The tagger fails to separate speakers who talk at once.", None, True),
])
def test_limitation_classes(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "limitations") is want, doc.sections["limitations"]


@pytest.mark.parametrize("body,want", [
    # under a heading shared with limitations, a domain limit is not a bias statement
    ("The tagger may miss place names written in regional dialects.", False),
    ("It works worse on female speakers than on male speakers.", True),
    ("This release was not tested for new biases.", True),
])
def test_bias_under_a_shared_heading(body: str, want: bool) -> None:
    doc = _doc(body, "Limitations and bias")
    assert covered(doc, "bias") is want, doc.sections["bias"]
