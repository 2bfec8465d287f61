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


def test_a_short_form_of_the_release_name_named_as_a_project() -> None:
    # The card of "acme/BrightTextSmall" calls the model family by its short name.
    text = "BrightText is an open source project of a Swahili language model, trained by Acme."
    assert claims_in_text(text, "README.md", ["acme", "brighttextsmall"])
    other = "OtherText is an open source project of a Swahili language model, trained by Acme."
    assert claims_in_text(other, "README.md", ["acme", "brighttextsmall"]) == []


@pytest.mark.parametrize("sentence", NOT_CLAIMS)
def test_not_claims_in_own_words(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["acmelm", "acme"]) == []


ZH_CLAIMS = [
    "我们开源的FooLM从多个任务中收集了数据。",
    "因此在此开源了我们预训练的中文FooLM模型参数。",
    "本次开源别于之前开源的系列，主要在于分词。",
    "FooLM是由某研究院发布的多语言开源编程大模型。",
    "首个开源的中文CLIP模型，在图文对上预训练。",
    "模型权重已经开源，欢迎使用。",
]
ZH_NOT_CLAIMS = [
    "使用开源框架DeepSpeed的情况下，我们训练了模型。",
    "我们收集了大量开源二分类数据。",
    "FooLM的解题能力也远高出其他开源模型。",
    "模型代码已经在 [FlagAI](https://github.com/a/b) 上开源，权重位于网站上。",
    "此模型是之前[开源通用语义匹配模型](https://huggingface.co/a/b)的蒸馏版本。",
    "注：此模型的[轻量化版本](https://huggingface.co/a/b-distill)，也已经开源啦！",
    "我们将持续优化并开源后续模型，欢迎交流。",
    "本模型暂不开源。",
    "- text: \"这是一个开源的端到端中文语音合成系统\"",
    "- [lassl](https://github.com/lassl/lassl) 오픈소스 프로젝트를 활용하여 학습하였습니다.",
]


@pytest.mark.parametrize("sentence", ZH_CLAIMS)
def test_chinese_claims_about_the_release(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["foolm"])


@pytest.mark.parametrize("sentence", ZH_NOT_CLAIMS)
def test_chinese_mentions_that_are_not_claims(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["foolm"]) == []


ZH_ROWS = json.loads((Path(__file__).parent / "fixtures" / "regression_claims" / "cards_zh.json").read_text())["rows"]


def test_chinese_and_korean_claims_on_real_cards() -> None:
    """Each labelled line read in its whole card (front matter, code and links as the card has them)."""
    from unveil.card import parse_card
    from unveil.licenses.claims import find_claims

    texts = cards2023.load({row["card"] for row in ZH_ROWS})
    tp = fp = fn = 0
    for row in ZH_ROWS:
        text = texts[row["card"]]
        cards2023.excerpt(text, row)  # the digest proves it is the labelled line
        line = text.count("\n", 0, row["offset"]) + 1
        got = any(e.line == line for e in find_claims(parse_card(text, "README.md"), row["card"]))
        tp += got and row["claim"]
        fp += got and not row["claim"]
        fn += row["claim"] and not got
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"Chinese/Korean claims: {len(ZH_ROWS)} lines, precision {precision:.2f}, recall {recall:.2f}")
    assert sum(r["claim"] for r in ZH_ROWS) >= 10 and len(ZH_ROWS) >= 30
    assert precision >= 0.95 and recall >= 0.9


# Other languages, read by their own word order (claims_eu, claims_zh): each class both ways.
OTHER_LANGUAGE_CLAIMS = [
    "Ce modèle est open source.",
    "Este modelo es de código abierto.",
    "FooLM est un modèle open source pour le français.",
    "Un modelo de código abierto para el español.",
    "Wir veröffentlichen unser Modell als Open Source.",
    "FooLM ist ein quelloffenes Sprachmodell.",
    "Dies ist ein Open-Source-Modell für Deutsch.",
    "O FooLM é um modelo de código aberto.",
    "FooLM, basado en Llama 2, es un modelo de código abierto.",
    "本モデルはオープンソースです。",
    "FooLMはオープンソースの日本語LLMです。",
    "私たちは本モデルをオープンソースで公開しました。",
    "FooLM是一个开放源代码的模型。",
    "FooLM은 오픈 소스 모델입니다.",
    "FooLM is an open\u2011source model.",
    "We open\u2013source FooLM under the MIT license.",
    "FooLM is a fully open\nsource language model for Swahili.",
]
OTHER_LANGUAGE_NOT_CLAIMS = [
    "Utilizamos la biblioteca de código abierto transformers.",
    "Comparado con otros modelos de código abierto, FooLM es mejor.",
    "Basado en Llama 2, un modelo de código abierto de Meta.",
    "Este modelo no es de código abierto.",
    "Nous avons entraîné notre modèle sur le corpus open source OSCAR.",
    "Das Modell ist nicht quelloffen.",
    "FooLM utilise des données open source.",
    "本モデルはオープンソースではありません。",
    "本モデルはオープンソースのライブラリを使っています。",
    "私たちはオープンソースのツールを使いました。",
    "本モデルは今後オープンソースで公開する予定です。",
    "Llama 2はオープンソースのモデルです。",
    "We use the open\nsource transformers library.",
]


@pytest.mark.parametrize("sentence", OTHER_LANGUAGE_CLAIMS)
def test_claims_in_other_languages_and_typesetting(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["foolm"])


@pytest.mark.parametrize("sentence", OTHER_LANGUAGE_NOT_CLAIMS)
def test_not_claims_in_other_languages(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["foolm"]) == []


AVAILABILITY = [
    "This model is open access and available to all, with a CreativeML OpenRAIL-M license.",
    "FooLM was trained with open weights, configs and prompts (as it should be).",
    "FooLM will always remain openly accessible without any commercial interest.",
    "The weights of FooLM are publicly available.",
    "该模型由小组成员训练并开放给社区。",
    "FooLMを公開しました。",
]


@pytest.mark.parametrize("sentence", AVAILABILITY)
def test_availability_is_not_an_open_source_claim(sentence: str) -> None:
    assert claims_in_text(sentence, "README.md", ["foolm"]) == []


PHRASING_ROWS = json.loads(
    (Path(__file__).parent / "fixtures" / "regression_claims" / "phrasings.json").read_text())["rows"]


def test_other_openness_phrasings_and_traps_on_real_cards() -> None:
    """80 real lines with another openness word (open access, openly, open weights, 开放, 公開 ...) or a keyword trap
    (OpenAI, OpenRAIL, open-domain ...), none an open-source claim: read in the whole card, none is taken for one."""
    from unveil.card import parse_card
    from unveil.licenses.claims import find_claims

    texts = cards2023.load({row["card"] for row in PHRASING_ROWS})
    wrong = []
    for row in PHRASING_ROWS:
        text = texts[row["card"]]
        cards2023.excerpt(text, row)
        line = text.count("\n", 0, row["offset"]) + 1
        got = any(e.line == line for e in find_claims(parse_card(text, "README.md"), row["card"]))
        if got != row["claim"]:
            wrong.append(row["card"])
    assert len(PHRASING_ROWS) >= 60 and not wrong, wrong


# Classes from READMEs of real model releases (benchmarks/labels/claims_github_readmes.json, draws 1 and 2), in own
# words.
README_CLAIMS = [
    ('<h3 align="center">Building the next generation of open-source multilingual LLMs</h3>', ["acmelm"]),
    ("- The Yi series models are the next generation of open source language models.", ["yi"]),
    ("We open-source distilled 1.5B, 7B and 70B checkpoints to the community.", ["acmelm"]),
    ("- 🚀 Open-sourced the AcmeLM base and chat models", ["acmelm"]),
    ("[Mar 28, 2023]  Open-sourcing AcmeLM, with the 7B version for download.", ["acmelm"]),
    ("We require users to use the open-sourced code, data, model and other artifacts for research only.", ["acmelm"]),
    ("# AcmeVL: a pioneering open-source alternative to GPT-4V", ["acmevl"]),
    ("## Overview\n\nAn open source instruct model for chat.", ["acmelm"]),
    # draw 2: a ticked box under a plan heading is done; the name, a colon, then what it is
    ("## Open-source plan\n\n- [x] Open source AcmeLM model", ["acmelm"]),
    ("## AcmeLM: An ecosystem of open-source on-device language models.", ["acmelm"]),
    # draw 3: the verb's third person, "made X open source", a pronoun naming the release as a project, a copula far
    # from the phrase, "we release" before a plural
    ("It open sources a series of pretrained language models.", ["acmelm"]),
    ("We have made AcmeLM 7B Base and AcmeLM 7B Chat open source for the research community.", ["acmelm"]),
    ("Much more than a model release, this is the beginning of an open source project.", ["acmelm"]),
    ("We assume no risk from the model being misled or abused due to the open-source model and code.", ["acmelm"]),
    ("We release open-source LLM models for Swahili.", ["acmelm"]),
    # draw 4: the release named right after the phrase, "we release X, a ... project", "the X series of ... models"
    ("Read our report on the training of the open-source AcmeLM-9B model.", ["acmelm"]),
    ("* **[2024.03.18]** We release **AcmeVid 1.0**, a fully open-source project for video generation.", ["acmevid"]),
    ("- 2024/6/05: We released the AcmeLM-9B series of open source models", ["acmelm"]),
    ("1. [x] Open source AcmeLM model", ["acmelm"]),
    # draw 5: a relative clause's subject is what "which" refers to
    ("We are launching AcmeVid v1.1, which improves video quality and length, and is fully open source!", ["acmevid"]),
]
# Classes from README draw 6 (held out, then fixed): a noun modifying the model noun, a parenthesised abbreviation
# inside the phrase, multimodal abbreviations as model nouns; a comparison table's bare group label is not a claim.
README_CLAIMS += [
    ("We present AcmeCoder-2, an open-source code language model for shell scripts.", ["acmecoder2", "acmecoder"]),
    ("AcmeCoder-2 is an open-source code LLM.", ["acmecoder2", "acmecoder"]),
    ("We present AcmeLM, an open-source Mixture-of-Experts (MoE) language model.", ["acmelm"]),
    ("AcmeVL-3B is the first open-source LMM tuned for receipts.", ["acmevl3b", "acmevl"]),
    ("AcmeVL is an open-source VLM.", ["acmevl"]),
]
README_NOT_CLAIMS_DRAW6 = [
    ("| **Open-Source Models** |  |  |", ["acmelm"]),
    ("<td colspan=\"3\"><strong>Open-source models 1B~7B</strong></td>", ["acmelm"]),
    ("| Baseline (open-source LVLMs) | 61.0 |", ["acmevl"]),
    ("We present AcmeLM, trained with the open-source code library of OtherLab.", ["acmelm"]),
    ("The open-source code for AcmeLM is in this repository.", ["acmelm"]),
]
README_NOT_CLAIMS = [
    ("Yield-7B is an open-source model for crops.", ["yi"]),  # a short name only as a word of its own
    ("- 🚀 Open-sourced the pre-training and fine-tuning scripts", ["acmelm"]),
    ("We release an open-source Python library, so researchers can use a model trained on it.", ["acmelm"]),
    ("Happy to help with your open-source ASR projects, domain specializations or premium models.", ["acmelm"]),
    ("Many open-source alternatives to GPT-4V exist.", ["acmevl"]),
    ("## Roadmap\n\nAn open source instruct model for chat.", ["acmelm"]),
    ("- [ ] Open source AcmeLM-Pro", ["acmelm"]),  # an unticked box is a plan wherever it stands
    ("## Llama: an ecosystem of open-source on-device language models.", ["acmelm"]),
    ("With it we aim to bridge the gap between closed-source and open-source video models.", ["acmelm"]),
    ("It open sources its training scripts.", ["acmelm"]),
    ("We have made the training code open source.", ["acmelm"]),
    ("Llama is an open source project of Meta.", ["acmelm"]),
    ("We designed fresh problem sets to assess the capabilities of open-source LLM models.", ["acmelm"]),
    ("Join us to build truly open-source models for the community.", ["acmelm"]),
    ("OtherLib is open source and enables AcmeLM-4B to process long texts.", ["acmelm"]),
    ("We release OtherTool 1.0, a fully open-source project for video generation.", ["acmevid"]),
    ("Llama was trained like the open-source Falcon model.", ["acmelm"]),
    ("We build on OtherVid, which improves video quality, and is fully open source.", ["acmevid"]),
]


@pytest.mark.parametrize("text,names", README_CLAIMS)
def test_readme_claim_classes(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names)


@pytest.mark.parametrize("text,names", README_NOT_CLAIMS)
def test_readme_not_claim_classes(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []


@pytest.mark.parametrize("text,names", README_NOT_CLAIMS_DRAW6)
def test_readme_not_claim_classes_draw6(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []


# Classes from README draw 7 (held out, then fixed) and the held-out failure classes of draws 1-6, in own words: an
# e-mail address is a mailbox; a line continuing the sentence of the line before takes its subject from there; a
# table row speaks of the model its first cell names (or of the release, in a "key | value" table describing it);
# a model named by a link to another GitHub repository is another release.
README_CLAIMS_CLAIMS4 = [
    ("AcmeLM-6B\nis the open-source model of the AcmeLM series.", ["acmelm6b", "acmelm"], 2),
    ("| Model | Status |\n|---|---|\n| AcmeLM-7B-Chat | 开源 |", ["acmelm7b", "acmelm"], 3),
    ("| Model | Open Source | Score |\n|---|---|---|\n| AcmeLM-7B | ✔ | 61 |", ["acmelm"], 3),
    ("| Property | Value |\n|---|---|\n| Model type | An open-source chat LLM |", ["acmelm"], 3),
    ("| AcmeMed | GPT2 | Largest open source GPT2 medical model |", ["acmemed"], 1),
    ("| Open source | Yes |", ["acmelm"], 1),
    ("<tr><td>AcmeLM-7B</td><td>开源</td></tr>", ["acmelm"], 1),
    ("AcmeLM is open source; write to team@acme.ai.", ["acmelm"], 1),
    ("We have open-sourced [AcmeLM](https://github.com/acme/AcmeLM).", ["acmelm"], 1),
    ("We open-source AcmeLM-Voice, our speech model.", ["acmelm"], 1),
]
README_NOT_CLAIMS_CLAIMS4 = [
    ("OtherLM-6B\nis the open-source model we compare with.", ["acmelm"]),
    ("We trained AcmeLM with the help of\nan open-source library for tokenization.", ["acmelm"]),
    ("| Model | Status |\n|---|---|\n| OtherLM-7B | 开源 |", ["acmelm"]),
    ("| Model | Status |\n|---|---|\n| AcmeLM-7B | 未开源 |", ["acmelm"]),
    ("| Model | Open Source | Score |\n|---|---|---|\n| OtherLM-7B | ✔ | 61 |", ["acmelm"]),
    ("| Model | Open Source | Score |\n|---|---|---|\n| AcmeLM-7B | ✘ | 61 |", ["acmelm"]),
    ("| AcmeLM-7B | trained on open-source data |", ["acmelm"]),
    ("| Property | Value |\n|---|---|\n| Base model | An open-source chat LLM |", ["acmelm"]),
    ("| OtherMed | GPT2 | Largest open source GPT2 medical model |", ["acmemed"]),
    ("| Open source | No |", ["acmelm"]),
    ("<tr><th>Model</th><th>Open Source</th></tr>", ["acmelm"]),
    ("Contact us at open-source@acme.ai about the model.", ["acmelm"]),
    ("We have open-sourced the speech model [AcmeLM-Voice](https://github.com/acme/AcmeLM-Voice).", ["acmelm"]),
    ("- 🔥 We have open-sourced [AcmeLM-Voice](https://github.com/acme/AcmeLM-Voice), a speech model.", ["acmelm"]),
]


@pytest.mark.parametrize("text,names,line", README_CLAIMS_CLAIMS4)
def test_readme_claim_classes_claims4(text: str, names: list[str], line: int) -> None:
    assert [e.line for e in claims_in_text(text, "README.md", names)] == [line]


@pytest.mark.parametrize("text,names", README_NOT_CLAIMS_CLAIMS4)
def test_readme_not_claim_classes_claims4(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []


def test_a_continued_line_claims_only_its_own_phrases() -> None:
    # The line before holds its own phrase (a library): read with it, the next line must not inherit that phrase.
    text = "AcmeLM uses an open-source library for\ntokenization and runs on a laptop."
    assert claims_in_text(text, "README.md", ["acmelm"]) == []


# Classes from README draw 8 (held out on the rules above, then fixed), in own words: a feature list's bare
# "Open source" label followed by what it means for the model; image, video and speech model kinds (VAE, vocoder,
# GAN, DiT) as model nouns; in Chinese, the disposal construction "我们将/把 <object> … 开源" (将 marks the object,
# not the future) and an object noun phrase whose head, after its last 的, is a benchmark, code or data.
CLAIMS_DRAW8 = [
    ("* **Open-Source and Cross-Platform**: All code and model weights are public for research.", ["acmelm"]),
    ("- **Open source**: AcmeLM can be downloaded by anyone.", ["acmelm"]),
    ("- Open source: yes", ["acmelm"]),
    ("Alongside AcmeVid, we are open-sourcing our video AcmeVAE.", ["acmevid"]),
    ("We open-source the AcmeVoice vocoder.", ["acmevoice"]),
    ("我们将模型参数、配置文件等在huggingface上进行了开源。", ["acmelm"]),
    ("我们开源了AcmeLM的全部模型权重。", ["acmelm"]),
    ("我们开源的AcmeLM系列模型可以用于商业用途。", ["acmelm"]),
]
NOT_CLAIMS_DRAW8 = [
    ("- **Open source**: the training code is on GitHub.", ["acmelm"]),
    ("- **Open-source code**: the model weights are public.", ["acmelm"]),
    ("- **Open source**: model weights are not released.", ["acmelm"]),
    ("- **Open source**: model weights will be released later.", ["acmelm"]),
    ("OtherVid uses an open-source VAE from OtherLab.", ["acmevid"]),
    ("我们将于下周开源模型权重。", ["acmelm"]),
    ("我们将模型权重于下周开源。", ["acmelm"]),
    ("我们把训练代码进行了开源。", ["acmelm"]),
    ("此外，我们开源了由500条样本组成的评测benchmark。", ["acmelm"]),
    ("我们开源了模型的训练代码。", ["acmelm"]),
]


@pytest.mark.parametrize("text,names", CLAIMS_DRAW8)
def test_readme_claim_classes_draw8(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names)


@pytest.mark.parametrize("text,names", NOT_CLAIMS_DRAW8)
def test_readme_not_claim_classes_draw8(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []


# Classes from README draw 9 (held out on the rules above, then fixed), in own words: a line that is only a noun
# phrase describing the release (Chinese, under its title); a bare "开源" property label of the release; "本项目/本仓库"
# as who open-sources; the release named right after the model noun the phrase modifies; a label naming the
# release, then the verb ("AcmeLM Model: Open-sourcing of ...").
CLAIMS_DRAW9 = [
    ("# AcmeLM\n\n**百亿参数的开源中英文双语基座大模型**", ["acmelm"]),
    ("- **👐 开源可商用**：AcmeLM基座模型完全开源并且可商用。", ["acmelm"]),
    ("本项目开源了中文AcmeLM基座模型和指令模型。", ["acmelm"]),
    ("本项目推出了基于OtherLM的中文开源大模型AcmeLM-Chinese以及AcmeLM-Chinese-Instruct。", ["acmelmchinese"]),
    ("- **AcmeLM Model**: Open-sourcing of 7B, 13B, and 34B versions.", ["acmelm"]),
]
NOT_CLAIMS_DRAW9 = [
    ("**使用的开源大模型**", ["acmelm"]),
    ("**其他开源大模型**", ["acmelm"]),
    ("- **开源可商用**：OtherLM的模型完全开源。", ["acmelm"]),
    ("- **开源数据**：我们开源了训练数据。", ["acmelm"]),
    ("- **开源可商用**：AcmeLM 目前尚未开源。", ["acmelm"]),
    ("本项目开源了训练代码和脚本。", ["acmelm"]),
    ("本项目基于开源大模型OtherLM开发。", ["acmelmchinese"]),
    ("本项目基于开源大模型AcmeLM开发。", ["acmelmchinese"]),  # the base model's name inside the release's
    ("- **OtherLM Model**: Open-sourcing of 7B, 13B, and 34B versions.", ["acmelm"]),
    ("- **AcmeLM Data**: Open-sourcing of the training corpus.", ["acmelm"]),
    ("- **Training Code**: Open-sourcing of the scripts.", ["acmelm"]),
]


@pytest.mark.parametrize("text,names", CLAIMS_DRAW9)
def test_readme_claim_classes_draw9(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names)


@pytest.mark.parametrize("text,names", NOT_CLAIMS_DRAW9)
def test_readme_not_claim_classes_draw9(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []


# Classes from README draw 10 (held out on the rules above, then fixed), in own words: a code span holding the
# release's name is the name; "we made our report open source" is said of a document; a Chinese line opening with
# "全部开源，" followed by the model it describes; "开源使用" as a bare property label.
CLAIMS_DRAW10 = [
    ("**`AcmeVL`** is a family of open-source multimodal models.", ["acmevl"]),
    ("We have made our model weights available as open source.", ["acmelm"]),
    ("# AcmeLM\n\n全部开源，完全可商用的中文版 AcmeLM 模型及数据集。", ["acmelm"]),
    ("- **👐 开源使用**：AcmeVL可以自由被用于个人和研究用途。", ["acmevl"]),
]
NOT_CLAIMS_DRAW10 = [
    ("**`OtherVL`** is a family of open-source multimodal models.", ["acmevl"]),
    ("Use `pip install acmevl`, an open-source package.", ["acmevl"]),
    ("We have made our technical report available as open source.", ["acmelm"]),
    ("全部开源，包括训练代码和数据。", ["acmelm"]),
    ("- **👐 开源使用**：OtherVL可以自由被用于个人和研究用途。", ["acmevl"]),
]


@pytest.mark.parametrize("text,names", CLAIMS_DRAW10)
def test_readme_claim_classes_draw10(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names)


@pytest.mark.parametrize("text,names", NOT_CLAIMS_DRAW10)
def test_readme_not_claim_classes_draw10(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []


# Classes from README draw 11 (held out on the rules above, then fixed), in own words: a subtitle within the first
# lines under the title, a noun phrase with no subject of its own; "Name, an open-source ..." in apposition; a model
# acting as an agent; a compound whose last noun is a toolkit or framework; metadata is data.
CLAIMS_DRAW11 = [
    ("# AcmeMath\n\nState-of-the-art bilingual open-sourced math reasoning LLMs.", ["acmemath"]),
    ("AcmeAgent-1.5, an open-source multimodal agent built on a vision-language model.", ["acmeagent"]),
]
NOT_CLAIMS_DRAW11 = [
    ("# AcmeMath\n\nBuilt on open-source LLMs from other labs.", ["acmemath"]),
    ("# AcmeMath\n\n## Usage\n\nMost open-source LLMs fail here.", ["acmemath"]),
    ("# AcmeMath\n\nA\nB\nC\nD\nBilingual open-sourced math LLMs.", ["acmemath"]),
    ("OtherAgent, an open-source multimodal agent built on a vision-language model.", ["acmeagent"]),
    ("We release an open-source agent framework for AcmeAgent.", ["acmeagent"]),
    ("AcmeLM ships with an open-source LLM toolkit.", ["acmelm"]),
    ("We open-source the metadata of the AcmeSet corpus.", ["acmelm"]),
]


@pytest.mark.parametrize("text,names", CLAIMS_DRAW11)
def test_readme_claim_classes_draw11(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names)


@pytest.mark.parametrize("text,names", NOT_CLAIMS_DRAW11)
def test_readme_not_claim_classes_draw11(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []


# Classes from README draw 12 (held out on the rules above, then fixed), in own words: a gerund after a preposition
# names an activity ("through open-sourcing"), only a participle says something was open-sourced; "we compared
# several open-source models" is a comparison; "establishing itself as the best open-source X" is said of the release;
# the release named as an open-source framework.
CLAIMS_DRAW12 = [
    ("AcmeLM is open-sourcing its weights this week.", ["acmelm"]),
    ("AcmeLM has been open-sourced by the Acme team.", ["acmelm"]),
    ("We open-source our speech models.", ["acmevoice"]),
    ("AcmeMath outperforms OtherMath by 4 points, establishing itself as the best open-source math model available.",
     ["acmemath"]),
    ("AcmeAudio is the first production-ready open-source framework for speech interaction.", ["acmeaudio"]),
]
NOT_CLAIMS_DRAW12 = [
    ("We hope to grow our community through open-sourcing and collaboration.", ["acmelm"]),
    ("Furthermore, we compared multiple open-source speech models on the test sets.", ["acmevoice"]),
    ("We evaluated several open-source LLMs against AcmeLM.", ["acmelm"]),
    ("OtherMath outperforms AcmeMath, which some consider the best open-source math model.", ["acmemath"]),
    ("OtherLib is an open-source framework for speech interaction.", ["acmeaudio"]),
]


@pytest.mark.parametrize("text,names", CLAIMS_DRAW12)
def test_readme_claim_classes_draw12(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names)


@pytest.mark.parametrize("text,names", NOT_CLAIMS_DRAW12)
def test_readme_not_claim_classes_draw12(text: str, names: list[str]) -> None:
    assert claims_in_text(text, "README.md", names) == []
