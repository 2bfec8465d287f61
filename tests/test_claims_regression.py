"""Open-source claims on real cards (regression set: tuned on). Every line of the cards-2023 corpus that
mentions "open source", deduplicated and labelled by reading (tests/fixtures/regression_claims); the
reader must find the claims about the release and none of the toolkit BibTeX titles, libraries,
datasets, other models, negations and plans. Figures on cards not tuned on are in benchmarks/README.md.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import cards2023
from unveil.licenses.claims import claims_in_text

ROWS = json.loads((Path(__file__).parent / "fixtures" / "regression_claims" / "cards.json").read_text())["rows"]


@pytest.fixture(scope="module")
def excerpts() -> list[str]:
    """Each row's labelled line, read from ../shared/data/cards-2023 by its locator."""
    texts = cards2023.load({row["card"] for row in ROWS})
    return [cards2023.excerpt(texts[row["card"]], row) for row in ROWS]


def _names(card_id: str) -> list[str]:
    parts = [re.sub(r"[^a-z0-9]", "", p.lower()) for p in card_id.split("/")]
    return [p for p in parts if len(p) >= 3]


def test_claims_precision_and_recall_on_real_card_lines(excerpts: list[str]) -> None:
    tp = fp = fn = 0
    for row, text in zip(ROWS, excerpts, strict=True):
        got = bool(claims_in_text(text, "README.md", _names(row["card"])))
        tp += got and row["claim"]
        fp += got and not row["claim"]
        fn += row["claim"] and not got
        if got != row["claim"]:
            print(f"  {'missed' if row['claim'] else 'false claim'}: {row['card']}: {text[:100]!r}")
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"claims regression set: {len(ROWS)} lines, precision {precision:.2f}, recall {recall:.2f}")
    assert sum(r["claim"] for r in ROWS) >= 15 and len(ROWS) >= 60
    assert precision >= 0.95 and recall >= 0.9


def test_a_toolkit_bibtex_title_is_never_a_claim() -> None:
    entry = "@inproceedings{x,\n  title={{Espnet-TTS}: Unified open source end-to-end toolkit},\n}\n"
    text = f"## Citation\n\n```\n{entry}```\n"
    assert claims_in_text(text, "README.md", ["espnet"]) == []
    bare = "@inproceedings{x,\n  title={{Espnet-TTS}: Unified open source end-to-end toolkit},\n}\n"
    assert claims_in_text(bare, "README.md", ["espnet"]) == []


def test_claims_inside_html_comments_and_urls_are_not_read() -> None:
    text = "<!-- FooLM is an open source model -->\nTrained on [Kinetics](https://x.org/research/open-source/k).\n"
    assert claims_in_text(text, "README.md", ["foolm"]) == []
    assert claims_in_text("FooLM is an open source model.", "README.md", ["foolm"])


CLAIMS = [
    "AcmeLM is a fully open-source 7B language model.",
    "We open-source AcmeLM under the Apache 2.0 license.",
    "We are open-sourcing it to support research.",
    "The weights are open-sourced under the MIT license.",
    "AcmeLM is released as open source.",
    "This is the first fully open-source Korean LLM.",
    "We are excited to open source our latest model, AcmeLM.",
]
NOT_CLAIMS = [
    "We use the open-source transformers library.",
    "AcmeLM outperforms open-source models of similar size.",
    "AcmeLM is not open source.",
    "We plan to open-source the training code soon.",
    "Built on Llama 2, an open-source model by Meta.",
    "The dataset is open-sourced at the link below.",
    "Many open-source LLMs lack Swahili support.",
    "Our training code is open source.",
    "We open source this code for everyone.",
]


@pytest.mark.parametrize("sentence", CLAIMS)
def test_claims_in_own_words(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["acmelm", "acme"])


@pytest.mark.parametrize("sentence", NOT_CLAIMS)
def test_not_claims_in_own_words(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["acmelm", "acme"]) == []
