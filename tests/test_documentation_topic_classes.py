"""Classes of phrasing real cards use for data quality, limitations and bias (found on the held-out cards-2023
samples of 2026-12-07: seeds 6061 and 6073, then seeds 7019 and 7027, then seeds 8101 and 8117), each checked both
ways. Sentences written for these tests (no card text)."""

from __future__ import annotations

import pytest

from unveil.card import parse_card
from unveil.documentation import analyze_card, covered
from unveil.documentation.sections import sentence_starts


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


# -- seeds 7019 and 7027 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body,heading,want", [
    # a sentence about bias alone, with a modal, is the bias topic's ...
    ("Outputs of the tagger may include disturbing and harmful stereotypes about some professions.",
     "Bias, Risks, and Limitations", False),
    ("It may contain biases and stereotypes common in online reviews.", "Intended usage and limitations", False),
    # ... unless it also names a failure
    ("It may contain biases and fails on sarcastic reviews.", "Intended usage and limitations", True),
    # a citation's "et al." does not cut the sentence into a link fragment that reads as a statement
    ("Much work has studied bias in taggers (see, e.g., [Doe et al. (2020)](https://aclanthology.org/x.pdf) and "
     "[Roe et al. (2021)](https://arxiv.org/abs/2101.00001)).", "Bias, Risks, and Limitations", False),
    # where the model does better, against another kind of input, not against another model
    ("The tagger works better on typed notes than on transcribed speech.", None, True),
    ("The tagger performs better on typed notes than the baseline model.", None, False),
    # not usable as released; a licence's scope is no limitation
    ("This checkpoint has no classification head and is only useful for fine-tuning or feature extraction.", None,
     True),
    ("The encoder has to be fine-tuned before it is usable on a downstream task.", None, True),
    ("The weights are only usable for non-commercial research.", None, False),
    # "Intended usage and limitations" is shared with intended use: a plain sentence there is about use
    ("The tagger was trained on meeting notes from a single company.", "Intended usage and limitations", False),
])
def test_limitation_classes_seed7019(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "limitations") is want, doc.sections["limitations"]


def test_bias_alone_still_covers_bias() -> None:
    doc = _doc("Outputs of the tagger may include disturbing and harmful stereotypes about some professions.",
               "Bias, Risks, and Limitations")
    assert covered(doc, "bias") and not covered(doc, "limitations")


def test_intended_usage_heading_announces_intended_use() -> None:
    doc = _doc("The tagger was trained on meeting notes from a single company.", "Intended usage and limitations")
    assert covered(doc, "intended_use"), doc.sections["intended_use"]


def test_abbreviations_do_not_end_sentences() -> None:
    text = "As Doe et al. (2020) showed, e.g. for tweets, it works vs. rules. Then more."
    assert sentence_starts(text) == [0, text.index("Then")]


@pytest.mark.parametrize("body,want", [
    ("| Field | Value |\n|---|---|\n| Corpus | 20GB of cleaned and deduplicated meeting notes |\n| Size | 110M |\n",
     True),
    ("| Field | Value |\n|---|---|\n| Intended use | search, clustering and deduplication |\n| Size | 110M |\n",
     False),  # a use case in a table row
    ("Stories rated 4/5 or higher on the forum were kept for training.", True),  # selection by a rating
    ("Our summaries scored 4.5/5 or higher in the human evaluation.", False),  # a result of the model
])
def test_data_quality_classes_seed7019(body: str, want: bool) -> None:
    doc = _doc(body)
    assert covered(doc, "data_quality") is want, doc.sections["data_quality"]


# -- seeds 8101 and 8117 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("body,want", [
    # the data said to be cleaned or reviewed, in the passive
    ("The transcripts were cleaned of timestamps before training.", True),
    ("This corpus has been cleaned in the same way as our earlier release.", True),
    ("The generated outputs were reviewed by two people.", False),  # the model's outputs, not its data
    # people reviewing (a sample of) the data; the noun "review" is not the verb
    ("Two linguists reviewed a random sample of the corpus to check its coverage.", True),
    ("It predicts whether a review is positive, trained on a book reviews dataset.", False),
    ("Please review the dataset card and its licence before use.", False),
    ("We reviewed the literature on speech datasets for rare languages.", False),
    # a check that keeps the data's quality, not the quality of what the model generates
    ("Each pair was read by a second annotator to ensure the correctness of the labels.", True),
    ("We tuned the decoding settings to ensure the quality of the generated summaries.", False),
    # a known quality problem of the data, stated
    ("The quality of some of the crawled subsets may be lower for rare languages.", True),
    ("The corpus contains low-quality transcripts from noisy phone calls.", True),
    ("The quality of the generated images is lower at small sizes.", False),
    ("Built from a web crawl, personal and sensitive information may be present.", True),
    ("Offensive content may be present in the outputs when prompted for it.", False),
    # filtering named by its noun, with the corpus it filters
    ("The corpus was obtained by language identification and filtering of the Common Crawl dump.", True),
])
def test_data_quality_classes_seed8101(body: str, want: bool) -> None:
    doc = _doc(body)
    assert covered(doc, "data_quality") is want, doc.sections["data_quality"]


@pytest.mark.parametrize("body,heading,want", [
    # results said to fall short, an over- or under-trained model
    ("I'm overtraining it, so take it as a toy; results below 512px seem less than ideal.", None, True),
    ("It is slightly overfit, so some keywords are hard to prompt for.", None, True),
    ("Hold out some test data to make sure the model is not overfitting.", None, False),
    ("Dropout of 0.1 was used to avoid overfitting on the small corpus.", None, False),
    ("The original study found design choices that caused the earlier model to be undertrained.", None, False),
    # notes about the software the model runs with, under a limitations heading
    ("Older versions of the transformers library have issues with the tokenizer; transformers==4.13 might solve them.",
     "Limitations and bias", False),
    ("The model must be used with the `roberta-base` tokenizer.", "Limitations and bias", False),
    ("The model must be used with care, since it fails on long documents.", "Limitations", True),
    ("Older versions of this checkpoint may produce wrong labels for dates.", "Limitations and bias", True),
    # where to reach the authors
    ("If you have questions or ideas for a project, contact me at the address below.", "Limitations and bias", False),
    # a capability restricted against what the model does not do (found on the post-docs5 sample, seed 8123)
    ("It mainly is able to draw portraits instead of full scenes.", None, True),
    ("The tagger only handles typed notes rather than transcribed speech.", None, True),
    ("It is mostly meant for research rather than production use.", None, False),
    ("The weights only work with PyTorch rather than TensorFlow.", None, False),
])
def test_limitation_classes_seed8101(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "limitations") is want, doc.sections["limitations"]


@pytest.mark.parametrize("body,heading,want", [
    # bias named as possible, even when the card defers to elsewhere
    ("Please consult the original paper and the literature on these datasets for potential biases.",
     "Limitations and bias", True),
    ("An analysis of possible biases of the tagger is beyond the scope of this work.", None, True),
    # the parameter, not social bias
    ("The projection adds a learnable bias wherever possible.", None, False),
])
def test_bias_classes_seed8101(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "bias") is want, doc.sections["bias"]


# Round docs6 (seeds 9103, 9109, 9127): a numeric bound on the input under a limitations heading.
@pytest.mark.parametrize("body,heading,want", [
    ("- max_seq_length = 256", "Limitations", True),
    ("- maximum input length: 512 tokens", "Limitations", True),
    ("- max_source_length = 128\n- max_target_length = 128", "Known limitations", True),
    # the same words elsewhere are a training hyperparameter, not a limitation
    ("- max_seq_length = 256", "Training hyperparameters", False),
    ("- max_seq_length = 256", None, False),
    # no number: nothing bounded
    ("- max_seq_length", "Limitations", False),
])
def test_input_limit_under_a_limitations_heading(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "limitations") is want, doc.sections["limitations"]


# Frozen round docs6 (seeds 9133, 9137): cleaning said in other words, markup removal, "does not work well",
# "only works with", a pointer sentence and a licence's use restrictions under a shared heading.
@pytest.mark.parametrize("body,want", [
    ("The notes were taken from the archive we have already cleaned.", False),  # no data noun before "we"
    ("The tagger is trained on the corpus we have already cleaned.", True),
    ("The meeting sentences were iteratively cleaned by two annotators.", True),
    ("Before training we remove html tags and emojis from every note of the corpus.", True),
    ("The training data is wiki pages, excluding lists, tables and headers.", True),
    ("We remove html tags from every note.", False),  # no data named,
    # the model's output, not its data
    ("The tagger keeps the headers of every note in its output.", False),
    ("The sentences are reviews of restaurants.", False),
])
def test_data_quality_classes_docs6_frozen(body: str, want: bool) -> None:
    doc = _doc(body)
    assert covered(doc, "data_quality") is want, doc.sections["data_quality"]


@pytest.mark.parametrize("body,heading,want", [
    ("The tagger does not work well on handwritten notes.", None, True),
    ("It doesn't work reliably for speech transcripts.", None, True),
    ("It only works with lower-case notes.", None, True),
    # the software or hardware a file runs with is a usage note
    ("The LoRA file only works with the webui extension.", None, False),
    ("The fp16 checkpoint only works on gpu.", None, False),
    # a sentence that only sends the reader elsewhere
    ("Further details about the dataset for this tagger can be found in the project readme.",
     "Limitations", False),
])
def test_limitation_classes_docs6_frozen(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "limitations") is want, doc.sections["limitations"]


@pytest.mark.parametrize("body,heading,want", [
    # a RAIL licence's use restrictions quoted under a shared heading are licence terms, not a bias statement
    ("- For any use intended to or which has the effect of discriminating against individuals or groups",
     "Limitations and bias", False),
    ("The tagger may reflect biases of the annotators against some groups.", "Limitations and bias", True),
])
def test_bias_classes_docs6_frozen(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "bias") is want, doc.sections["bias"]


# docs7 (seeds 10103 and 10111): each class both ways.
@pytest.mark.parametrize("body,want", [
    # "curated" describing someone's dataset names no process; the verb does
    ("The tagger was trained on the Notes corpus, a large curated dataset from a city archive.", False),
    ("We curated the training data by dropping notes shorter than five words.", True),
])
def test_data_quality_classes_docs7(body: str, want: bool) -> None:
    doc = _doc(body)
    assert covered(doc, "data_quality") is want, doc.sections["data_quality"]


@pytest.mark.parametrize("body,heading,want", [
    # performance it is not expected to keep elsewhere, with a contraction
    ("It was tuned on pilot radio logs. We don't expect it to keep the same accuracy on podcasts.",
     "Intended uses & limitations", True),
    ("The tagger is not expected to generalize to handwritten minutes.", None, True),
    ("We expect the same accuracy on the second archive.", None, False),
    # outputs a person has to check
    ("Tags with a low confidence score should be manually checked before they are filed.", None, True),
    ("Summaries for court records must be reviewed by a human before use.", None, True),
    ("The training notes were manually checked by two annotators.", None, False),  # the data, not the outputs
    # limitations as what a work sets out to study
    ("This tagger was built to explore the possibilities and limitations of tiny encoders.", None, False),
    ("The limitations of this tagger are short context and English only.", None, True),
    # the file's size or the hosted widget is not where the model fails
    ("One big limitation is that the checkpoint is 3.2 GB.", "Limitations", False),
    ("Note that the hosted inference widget won't run this tagger, so don't worry if it complains.",
     "Intended uses & limitations", False),
    ("The tagger gives wrong tags on notes longer than 2 MB.", "Limitations", True),
    ("The tagger is ready-to-use only for English notes (try the inference API below).",
     "Intended uses & limitations", True),
])
def test_limitation_classes_docs7(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "limitations") is want, doc.sections["limitations"]


# after the docs7 frozen measurement (seeds 10133 and 10139)
@pytest.mark.parametrize("body,heading,want", [
    ("The small encoder is quick, but a bit less accurate than the other taggers.", None, True),
    ("This tagger is not as robust as the large version on noisy notes.", None, True),
    ("Tagging is less accurate once the notes pass through OCR.", None, False),  # no comparison named
    # a cost in speed is not where the model fails
    ("The new block is slightly better but comes with a small drawback (~4% notes/sec).", None, True),
    ("The new block is slightly better but comes with a small drawback (~4% imgs/sec).", None, False),
    ("The distilled tagger's one drawback is higher latency on CPU.", None, False),
    ("Its drawback is that it fails on notes in French.", None, True),
])
def test_limitation_classes_docs7_frozen(body: str, heading: str | None, want: bool) -> None:
    doc = _doc(body, heading)
    assert covered(doc, "limitations") is want, doc.sections["limitations"]


@pytest.mark.parametrize("body,want", [
    ("The training curves can be found in our Weights and Biases report.", False),  # a product name
    ("The training curves can be found in our Weights & Biases report.", False),
    # a skew of a collection or a style, not of people
    ("The archive is not representative, with biases towards certain genres (sports).", False),
    ("It keeps the glow present in the first version, without the bias to 'neon lights'.", False),
    ("The archive has biases towards certain groups of people, mostly men.", True),
    ("The tagger may reflect biases present in the training data.", True),
])
def test_bias_classes_docs7(body: str, want: bool) -> None:
    doc = _doc(body)
    assert covered(doc, "bias") is want, doc.sections["bias"]
