"""Documentation topics, placeholders, score and data cards, against the recorded releases and own-made cards."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from doc_cards import ENCODER_CARD, FILLED, QUICKSTART_ONLY, TRAINER_CARD, UNFILLED_TEMPLATE
from unveil.card import parse_card
from unveil.documentation import (
    TOPIC_NAMES,
    WEIGHTS,
    analyze,
    analyze_card,
    covered,
    data_card_status,
    has_model_card,
)
from unveil.registry import rules_by_id
from unveil.release import FileEntry, Release, SourceInfo

from conftest import RELEASES
from recorded import recorded_release

CORE = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")


def _folders() -> list:
    return sorted(p for p in RELEASES.iterdir() if (p / "expected.json").is_file())


def test_agreement_with_recorded_releases() -> None:
    agree: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for folder in _folders():
        expected = json.loads((folder / "expected.json").read_text())["card_covers"]
        release = recorded_release(folder)
        card = parse_card(release.card_text, release.card_path)
        doc = analyze(release, card)
        for topic, want in expected.items():
            total[topic] += 1
            if covered(doc, topic) == want:
                agree[topic] += 1
            else:
                misses.append(f"{folder.name}:{topic} expected {want}")
    print()
    for topic in CORE:
        print(f"card_covers {topic:14s} agreement {agree[topic]}/{total[topic]} = {agree[topic] / total[topic]:.0%}")
    print("misses:", misses or "none")
    for topic in CORE:
        assert total[topic] >= 20
        assert agree[topic] / total[topic] >= 0.90, (topic, misses)


def test_covered_topics_cite_evidence() -> None:
    for folder in _folders():
        release = recorded_release(folder)
        doc = analyze(release, parse_card(release.card_text, release.card_path))
        assert set(doc.sections) == set(TOPIC_NAMES)
        assert 0 <= doc.score <= 100
        for topic, sec in doc.sections.items():
            if sec.covered:
                ev = sec.evidence[0]
                assert ev.line and ev.line_end and ev.line <= ev.line_end and ev.text, (folder.name, topic)
                assert sec.reason


def test_evidence_lines_point_at_the_sentence() -> None:
    folder = RELEASES / "openai__whisper"
    text = (folder / "README.md").read_text()
    doc = analyze_card(parse_card(text, "README.md"))
    for topic, sec in doc.sections.items():
        if sec.covered and sec.evidence[0].line:
            ev = sec.evidence[0]
            lines = "\n".join(text.split("\n")[ev.line - 1:ev.line_end])
            words = ev.text.split()[:4]
            assert all(w in lines for w in words), (topic, ev)


# -- own-made cards ------------------------------------------------------------------------------



def test_unfilled_template_covers_nothing() -> None:
    doc = analyze_card(parse_card(UNFILLED_TEMPLATE, "README.md"))
    print(f"\nunfilled template: score {doc.score}, covered {[t for t in TOPIC_NAMES if covered(doc, t)]}")
    assert not any(covered(doc, t) for t in TOPIC_NAMES)
    assert doc.score == 0
    rules = {f.rule for f in doc.findings}
    assert {"DOC503", "DOC506", "DOC504"} <= rules
    assert not has_model_card(doc)


HEADINGS_WITH_PLACEHOLDERS = """# tiny-bert

## Training data
TBD

## Limitations
Coming soon.

## Bias
N/A

## Evaluation results
To be added.

## Intended uses & limitations

More information needed

## Training and evaluation data

More information needed
"""


def test_headings_with_only_placeholders_are_not_covered() -> None:
    doc = analyze_card(parse_card(HEADINGS_WITH_PLACEHOLDERS, "README.md"))
    assert not any(covered(doc, t) for t in CORE)
    empty = [f for f in doc.findings if f.rule == "DOC506"]
    assert empty and "Training data" in empty[0].detail




def test_filled_card_covers_its_topics() -> None:
    doc = analyze_card(parse_card(FILLED, "README.md"))
    for topic in ("training_data", "data_quality", "evaluation", "intended_use", "limitations", "bias",
                  "environmental_impact"):
        assert covered(doc, topic), topic
    assert doc.sections["data_quality"].evidence[0].line == 11


GERMAN = """# Beispielmodell

## Trainingsdaten
Das Modell wurde mit 40 GB deutschsprachiger Nachrichtentexte trainiert, die aus öffentlichen Archiven stammen.
Doppelte Artikel wurden dedupliziert und personenbezogene Daten entfernt.

## Einschränkungen
Das Modell kann falsche oder erfundene Aussagen erzeugen und ist nicht für medizinische Beratung geeignet.

## Verzerrungen
Die Ausgaben können Stereotype über Geschlecht und Herkunft wiedergeben.

## Evaluierung
Auf GermanQuAD erreicht das Modell einen F1-Wert von 82.4.

## Verwendungszweck
Das Modell ist für die Forschung zu Frage-Antwort-Systemen gedacht.
"""

CHINESE = """# 示例模型

## 训练数据
模型在约一千亿个中文网页词元上训练，数据来自公开的网页抓取。我们对数据进行了去重和过滤，并删除了个人信息。

## 局限性
模型可能会产生不准确或虚构的内容。

## 偏见
模型的输出可能包含性别或地域方面的偏见和刻板印象。

## 评测
在 C-Eval 上取得 55.3 的准确率。

## 预期用途
本模型旨在用于学术研究。
"""


@pytest.mark.parametrize("name,text", [("german", GERMAN), ("chinese", CHINESE)])
def test_card_in_another_language(name: str, text: str) -> None:
    # Decision: headings and core terms in German/Chinese announce and decide topics; the six core
    # topics of a real card in these languages are covered.
    doc = analyze_card(parse_card(text, "README.md"))
    got = [t for t in CORE if covered(doc, t)]
    print(f"\n{name} card covers {got}")
    assert set(got) == set(CORE)


def test_card_that_is_only_a_license() -> None:
    text = "MIT License\n\nCopyright (c) 2024 Acme\n\nPermission is hereby granted, free of charge, to any person " \
           "obtaining a copy of this software, to deal in the Software without restriction.\n\n" \
           "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND. IN NO EVENT SHALL THE AUTHORS BE " \
           "LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY.\n"
    doc = analyze_card(parse_card(text, "README.md"))
    assert not any(covered(doc, t) for t in TOPIC_NAMES)
    assert doc.score == 0


def test_invalid_yaml_front_matter_is_a_finding_and_body_is_read() -> None:
    text = ("---\nlicense: [mit\ndatasets: : :\n---\n# M\n\n## Intended use\n"
            "The model is intended for research use only.\n")
    card = parse_card(text, "README.md")
    assert card.front_matter_error
    doc = analyze_card(card)
    assert any(f.rule == "DOC501" for f in doc.findings)
    assert covered(doc, "intended_use")
    assert doc.sections["intended_use"].evidence[0].line == 8


def test_no_front_matter_is_normal() -> None:
    doc = analyze_card(parse_card("# M\n\nThe model is intended for research use only.\n", "README.md"))
    assert covered(doc, "intended_use")
    assert not any(f.rule == "DOC501" for f in doc.findings)


def test_no_card() -> None:
    doc = analyze_card(parse_card(None, None))
    assert doc.score == 0 and any(f.rule == "DOC502" for f in doc.findings)


def test_weights_and_rules() -> None:
    assert sum(WEIGHTS.values()) == 100 and set(WEIGHTS) == set(TOPIC_NAMES)
    for rid in ("DOC501", "DOC502", "DOC503", "DOC504", "DOC505", "DOC506", "DOC507"):
        assert rid in rules_by_id()


def test_hostile_cards_do_not_crash() -> None:
    for text in ("#" * 5000, "<!--" * 10000, "|" * 100000, "- " * 50000 + "\n", "```\n" * 3000,
                 "a" * 1_000_000, "\x00\xff" * 1000, "---\n" + "a: [" * 5000 + "\n---\nbody"):
        doc = analyze_card(parse_card(text, "README.md"))
        assert 0 <= doc.score <= 100


# -- data cards ------------------------------------------------------------------------------------


class _Mem:
    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def read_range(self, path: str, start: int, length: int) -> bytes:
        return self.files[path][start:start + length]


def _mem_release(files: dict[str, str]) -> Release:
    data = {k: v.encode() for k, v in files.items()}
    entries = [FileEntry(path=k, size=len(v), sha256=None) for k, v in data.items()]
    return Release(source=SourceInfo(kind="local", id="mem"), files=entries, reader=_Mem(data))


def test_data_cards_declared_offline_and_local_verified() -> None:
    card_text = ("---\ndatasets:\n- acme/web\n---\n# M\n\nTrained on [web](https://huggingface.co/datasets/acme/books).\n")
    datasheet = "# Datasheet\n\n## Data cleaning\nWe removed exact duplicates and filtered NSFW images from the data.\n"
    release = _mem_release({"README.md": card_text, "data/README.md": datasheet})
    doc = analyze(release, parse_card(card_text, "README.md"))
    by_name = {c["name"]: c for c in doc.data_cards}
    assert by_name["acme/web"]["status"] == "declared" and by_name["acme/books"]["status"] == "declared"
    assert by_name["data/README.md"]["status"] == "verified"
    assert covered(doc, "data_quality") and doc.sections["data_quality"].evidence[0].path == "data/README.md"
    assert data_card_status(doc) == "verified"

    offline = analyze(_mem_release({"README.md": card_text}), parse_card(card_text, "README.md"))
    assert data_card_status(offline) == "declared"
    assert any(f.rule == "DOC505" for f in offline.findings)


# -- typical Hub card shapes (own-made) -----------------------------------------------------------------



def test_trainer_generated_card() -> None:
    # What the card says: the dataset (imdb), results on the evaluation set, hyper-parameters.
    # What it does not: limitations, bias, intended use, data quality (all "More information needed").
    doc = analyze_card(parse_card(TRAINER_CARD, "README.md"))
    got = {t for t in TOPIC_NAMES if covered(doc, t)}
    print(f"\ntrainer card covers {sorted(got)}")
    assert {"training_data", "evaluation", "training_procedure"} <= got
    assert not got & {"data_quality", "limitations", "bias", "intended_use", "out_of_scope_use", "risks"}


def test_encoder_card() -> None:
    doc = analyze_card(parse_card(ENCODER_CARD, "README.md"))
    got = {t for t in TOPIC_NAMES if covered(doc, t)}
    assert {"training_data", "data_preprocessing", "limitations", "bias", "evaluation", "intended_use"} <= got
    assert "data_quality" not in got


def test_quickstart_card_discloses_nothing_about_the_model() -> None:
    # "How to use" is not an intended-use statement; install errors are not model limitations; speed is
    # not an evaluation result.
    doc = analyze_card(parse_card(QUICKSTART_ONLY, "README.md"))
    assert not any(covered(doc, t) for t in CORE), {t: doc.sections[t].reason for t in CORE if covered(doc, t)}


def test_fast_scanner_finds_the_same_headings_as_markdown_it() -> None:
    from unveil.documentation.sections import split_sections

    cards = sorted(RELEASES.glob("*/README.md")) + sorted((RELEASES.parent / "eosai-cards").glob("*/README.md"))
    for path in cards:
        card = parse_card(path.read_text(errors="replace"), "README.md")
        fast = split_sections(card.body, card.body_start_line)
        ref = split_sections(card.body, card.body_start_line, parser="markdown-it")
        assert [(s.line, s.heading) for s in fast.sections] == [(s.line, s.heading) for s in ref.sections], path


def test_data_cards_fetched_through_the_hub_source(monkeypatch: pytest.MonkeyPatch) -> None:
    # The Hub source opens dataset repos (repo_type="dataset"); no network here, so open_hub is replaced.
    import unveil.sources.links as links
    from unveil.errors import SourceNotFound

    def fake_open_hub(repo_id: str, revision: str | None = None, *, endpoint: str | None = None,
                      token: str | None = None, repo_type: str = "model") -> Release:
        assert repo_type == "dataset"
        if repo_id == "acme/web":
            return _mem_release({"README.md": "# Web\n\nCrawled pages, deduplicated.\n"})
        raise SourceNotFound(f"Hub repo not found: {repo_id}")

    monkeypatch.setattr(links, "open_hub", fake_open_hub)
    card_text = "---\ndatasets:\n- acme/web\n- acme/gone\n---\n# M\n"
    doc = analyze(_mem_release({"README.md": card_text}), parse_card(card_text, "README.md"),
                  fetch_data_card=links.dataset_card_fetcher())
    status = {c["name"]: c["status"] for c in doc.data_cards}
    assert status == {"acme/web": "verified", "acme/gone": "absent"}
    assert data_card_status(doc) == "verified"


def test_vague_training_data_is_not_disclosure() -> None:
    doc = analyze_card(parse_card("# M\n\nThe model was trained on our data for three weeks.\n", "README.md"))
    assert not covered(doc, "training_data")


@pytest.mark.parametrize("sentence,want", [
    ("It was trained on 250B tokens of synthetic data and filtered web data from public crawls.", True),
    ("We cleaned the training data and removed near-duplicate documents.", True),
    ("It was pretrained on 2 trillion diverse and high-quality tokens.", False),
    ("The model is not deployed with filtering of its responses, so it can produce problematic outputs.", False),
    ("We used 1B sentence pairs, including duplicate question pairs from Q&A sites, to fine-tune the model.", False),
])
def test_data_quality_needs_a_statement_about_the_data(sentence: str, want: bool) -> None:
    doc = analyze_card(parse_card(f"# M\n\n{sentence}\n", "README.md"))
    assert covered(doc, "data_quality") is want, doc.sections["data_quality"].reason
