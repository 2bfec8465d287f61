"""Licence statements as cards and releases word them: families by name, Chinese licences, negation,
per-component scope, non-commercial phrasings. Sentences are written for these tests (own words)."""

from __future__ import annotations

import pytest

from unveil.card import parse_card
from unveil.licenses.detect import identify
from unveil.licenses.discover import readme_section


@pytest.mark.parametrize(
    ("text", "lid", "category"),
    [
        ("This model is licensed under the Llama 2 Community License.", "llama2", "restricted"),
        ("Use of the weights is governed by the Llama 3.3 Community License Agreement.", "llama3.3", "restricted"),
        ("Weights are under the LLaMA License Agreement for research only.", "llama-license", "non-commercial"),
        ("Licensed under the Gemma Terms of Use.", "gemma", "restricted"),
        ("Released under the Mistral AI Research License (MRL).", "mistral-research-license", "non-commercial"),
        ("Distributed under the MNPL-0.1.", "mistral-non-production-license", "restricted"),
        ("Weights: FLUX.1 [dev] Non-Commercial License.", "flux-1-dev-non-commercial-license", "non-commercial"),
        ("The weights are subject to the CogVideoX License.", "cogvideox-license", "restricted"),
        ("The model weights are licensed under the GLM-4 model license.", "glm-4", "restricted"),
        ("Use is subject to the ChatGLM-6B Model License.", "chatglm", "restricted"),
        ("Licensed under the CodeML OpenRAIL-M v0.1 license.", "bigcode-openrail-m", "restricted"),
        ("It is released under Open RAIL++-M.", "openrail++", "restricted"),
        ("This model is released under the Tongyi Qianwen license agreement.", "tongyi-qianwen", "restricted"),
        ("Licensed under the NVIDIA Source Code License-NC.", "nvidia-one-way-noncommercial-license", "non-commercial"),
    ],
)
def test_family_pointers(text: str, lid: str, category: str) -> None:
    res = identify(text)
    assert (res.id, res.category) == (lid, category)


@pytest.mark.parametrize(
    ("text", "lid"),
    [
        ("通义千问许可协议\n\n本协议适用于模型的使用。", "tongyi-qianwen"),
        ("百川2模型社区许可协议\n\n使用本模型须遵守以下条款。", "baichuan2-community"),
        ("腾讯混元社区许可协议\n\n本协议适用于腾讯混元模型。", "tencent-hunyuan-community"),
        ("ChatGLM-6B 模型许可协议\n\n本模型仅供学术研究。", "chatglm"),
    ],
)
def test_chinese_titles(text: str, lid: str) -> None:
    assert identify(text).id == lid


def test_chinese_only_licence_read_from_its_clauses() -> None:
    text = (
        "模型许可协议\n\n一、本模型及其权重仅限用于学术研究目的。\n"
        "二、未经书面许可，不得用于商业用途。\n三、禁止将本模型用于军事或违法目的。\n"
    )
    res = identify(text)
    assert res.category == "non-commercial"
    assert {"non-commercial", "research-only", "use-restrictions"} <= set(res.kinds)
    assert all(c.line for cs in res.clauses.values() for c in cs)


def test_video_licence_with_use_bans_and_commercial_cap() -> None:
    text = (
        "Example Video Model License\n\n1. You shall not use the Model for military purposes or to harass others.\n"
        "2. Commercial use is allowed for services with fewer than 1,000,000 visits per month; above that, "
        "a separate license is required.\n"
    )
    res = identify(text)
    assert res.category == "restricted"
    assert {"use-restrictions", "mau-threshold"} <= set(res.kinds)


@pytest.mark.parametrize(
    ("text", "kinds", "category"),
    [
        ("You may use the model for purposes other than commercial or production use.",
         {"non-commercial", "no-production-use"}, "non-commercial"),
        ("The weights may be used for research purposes only.", {"research-only"}, "non-commercial"),
    ],
)
def test_non_commercial_phrasings(text: str, kinds: set[str], category: str) -> None:
    res = identify(text)
    assert kinds <= set(res.kinds) and res.category == category


@pytest.mark.parametrize(
    ("text", "not_id", "lid"),
    [
        ("The model license itself is NOT CC0. It is released under Open RAIL++-M.", "cc0-1.0", "openrail++"),
        ("Unlike the base model, this model is not under Apache 2.0; it is licensed under CC-BY-NC-4.0.",
         "apache-2.0", "cc-by-nc-4.0"),
        ("The weights are released under the Llama 3.1 Community License rather than MIT.", "mit", "llama3.1"),
    ],
)
def test_negated_name_is_not_the_licence(text: str, not_id: str, lid: str) -> None:
    res = identify(text)
    assert res.id != not_id and res.id == lid


def _section(body: str) -> list[tuple[str, list[str]]]:
    card = parse_card("---\nlicense: other\n---\n# Model\n\n" + body)
    return [(f.ident.id, f.applies_to) for f in readme_section(card)]


def test_section_split_by_component() -> None:
    got = _section("## License\n\nThe code is MIT; the weights are CC-BY-NC-4.0.\n")
    assert got == [("mit", ["code"]), ("cc-by-nc-4.0", ["weights"])]


def test_section_negation_never_read_as_cc0() -> None:
    got = _section("## License\n\nThe model license itself is NOT CC0 like the dataset. "
                   "It is released under Open RAIL++-M.\n")
    assert [g[0] for g in got] == ["openrail++"]


def test_chinese_section_heading() -> None:
    got = _section("## 许可协议\n\n本模型仅限用于学术研究目的，不得用于商业用途。\n")
    assert got and got[0][0] == "other"
    body = "## 许可协议\n\n本模型仅限用于学术研究目的，不得用于商业用途。\n"
    card = parse_card("---\nlicense: other\n---\n# M\n\n" + body)
    assert readme_section(card)[0].ident.category == "non-commercial"
