"""Documentation topics on real cards (regression set: tuned on). Cards of ../shared/data/cards-2023
labelled by reading for data quality, limitations and bias (tests/fixtures/regression_doc_cards), among
them the keyword traps real cards carry: a PII tagger, a /pii/ URL path, deduplication as a use case, an
NSFW filter, label definitions, negative-prompt tag lists, an intended-use sentence under "Intended uses
& limitations", a paper's title under "Citation", a bias-only sentence under "Limitations and biases", a caveat
in a table row. Figures on cards not tuned on: benchmarks/bench_real_cards.py and benchmarks/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cards2023 import load
from unveil.card import parse_card
from unveil.documentation import analyze_card

LABELS = json.loads((Path(__file__).parent / "fixtures" / "regression_doc_cards" / "labels.json").read_text())["cards"]
TOPICS = ("data_quality", "limitations", "bias")


@pytest.fixture(scope="module")
def observed() -> dict[str, dict[str, bool]]:
    texts = load(frozenset(LABELS))
    assert len(texts) == len(LABELS), sorted(set(LABELS) - set(texts))
    out = {}
    for cid, text in texts.items():
        doc = analyze_card(parse_card(text, "README.md"))
        out[cid] = {t: doc.sections[t].covered for t in TOPICS}
    return out


@pytest.mark.parametrize("topic", TOPICS)
def test_topic_agreement_on_real_cards(observed, topic) -> None:
    agree = 0
    for cid, want in LABELS.items():
        ok = observed[cid][topic] == want[topic]
        agree += ok
        if not ok:
            print(f"  {topic} differs on {cid}: expected {want[topic]}, got {observed[cid][topic]} ({want['why']})")
    rate = agree / len(LABELS)
    print(f"{topic}: {agree}/{len(LABELS)} = {rate:.0%} (regression set, tuned on)")
    assert sum(w[topic] for w in LABELS.values()) >= 5  # the set holds positives, not only empty cards
    assert rate >= 0.95


def test_keyword_traps_are_not_disclosures(observed) -> None:
    assert not observed["beki/flair-pii-distilbert"]["data_quality"]  # a PII tagger titled "English PII in Flair"
    assert not observed["sentence-transformers/clip-ViT-B-32"]["data_quality"]  # deduplication as a use case
    assert not observed["MCG-NJU/videomae-base"]["limitations"]  # intended use under a shared heading
    assert not observed["GanjinZero/UMLSBert_ENG"]["data_quality"]  # /pii/ in a URL
    assert observed["Finnish-NLP/gpt2-finnish"]["bias"]  # "the model can have biased predictions"
    assert not observed["MLRS/BERTu"]["data_quality"]  # "Data Quality" in the title of the cited paper
    assert not observed["KoboldAI/fairseq-dense-6.7B-Janeway"]["limitations"]  # a bias-only sentence
    assert not observed["svjack/Stable-Diffusion-Pokemon-zh"]["limitations"]  # caveats inside an HTML comment
    assert observed["Intel/bert-base-uncased-squadv1.1-sparse-80-1x4-block-pruneofa"]["limitations"]  # a table row
