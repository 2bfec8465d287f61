"""Every AI-model licence family the catalogue lists is read from its title and from a pointer by name.

The lines below are written for this test (a title, a pointer sentence), never copied from a licence:
they check that each family entry identifies the licence and gives its category, and that a pointer
by name in a card's License section names the same entry.
"""

from __future__ import annotations

import pytest

from unveil.licenses.detect import identify

# (title line, expected id, expected category)
TITLES = [
    ("LLAMA 2 COMMUNITY LICENSE AGREEMENT", "llama2", "restricted"),
    ("META LLAMA 3 COMMUNITY LICENSE AGREEMENT", "llama3", "restricted"),
    ("Llama 3.1 Community License Agreement", "llama3.1", "restricted"),
    ("Llama 3.2 Community License Agreement", "llama3.2", "restricted"),
    ("Gemma Terms of Use", "gemma", "restricted"),
    ("DEEPSEEK LICENSE AGREEMENT", "deepseek", "restricted"),
    ("Tencent Hunyuan Community License Agreement", "tencent-hunyuan-community", "restricted"),
    ("Baichuan 2 Model Community License Agreement", "baichuan2-community", "restricted"),
    ("Yi Series Models Community License Agreement", "yi-license", "restricted"),
    ("InternLM Model License Agreement", "internlm-license", "restricted"),
    ("The CogVideoX License", "cogvideox-license", "restricted"),
    ("Databricks Open Model License", "databricks-open-model-license", "restricted"),
    ("Skywork Community License Agreement", "skywork-community-license", "restricted"),
    ("Skywork 模型社区许可协议", "skywork-community-license", "restricted"),
    ("BAAI Aquila Model License Agreement", "aquila-model-license", "restricted"),
    ("XVERSE Model License Agreement", "xverse-model-license", "restricted"),
    ("MiniCPM Model License", "minicpm-model-license", "restricted"),
    ("The CodeGeeX4 License", "codegeex-license", "restricted"),
    ("Kolors License", "kolors-license", "restricted"),
    ("Mistral AI Research License", "mistral-research-license", "non-commercial"),
    ("Stability AI Research License", "stability-ai-research-license", "non-commercial"),
]


@pytest.mark.parametrize(("title", "expected", "category"), TITLES, ids=[t[1] + "-" + t[0][:12] for t in TITLES])
def test_family_title_identifies_the_licence(title: str, expected: str, category: str) -> None:
    body = "\n\n1. Definitions.\n\nThe following terms apply to your use of the materials released with this model."
    got = identify(title + body)
    assert (got.id, got.category) == (expected, category)


@pytest.mark.parametrize(("name", "expected"), [
    ("the Databricks Open Model License", "databricks-open-model-license"),
    ("the Skywork Community License", "skywork-community-license"),
    ("the XVERSE model license", "xverse-model-license"),
    ("the Llama 2 Community License", "llama2"),
])
def test_pointer_by_name_in_a_sentence(name: str, expected: str) -> None:
    got = identify(f"This model is licensed under {name}. See the LICENSE file for the full terms.")
    assert got.id == expected
