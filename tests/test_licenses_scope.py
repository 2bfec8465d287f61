"""License sections that name more than one licence: negation, scope and the sentence's subject.

Sentences written for this test. The dangerous direction is reading a negated or out-of-scope open licence
as the weights' licence, so each case names what the weights get.
"""

from __future__ import annotations

import pytest

from unveil.card import parse_card
from unveil.licenses.discover import readme_section

CASES = [
    ("The model license itself is NOT CC0. The images in the training set were CC0, but the model is released "
     "under the CreativeML Open RAIL++-M license.", "openrail++"),
    ("Apache 2.0 does not apply here: see LICENSE for the Falcon 180B TII License.", "falcon-llm-license"),
    ("CC0 images were used for training, but the model is released under the MIT license.", "mit"),
    ("This model is not licensed under MIT; it uses the Llama 2 Community License.", "llama2"),
    ("Unlike Apache-2.0 models, this one is released under CC BY-NC 4.0.", "cc-by-nc-4.0"),
    ("Code: MIT. Weights: CC-BY-NC-4.0.", "cc-by-nc-4.0"),
    ("The code in this repository is MIT licensed. The model weights are released under the Gemma Terms of Use.",
     "gemma"),
    ("Our model is not under the GPL-3.0 but under Apache 2.0.", "apache-2.0"),
    ("The CreativeML OpenRAIL M license is an Open RAIL M license, adapted from the BigScience RAIL license.",
     "creativeml-openrail-m"),
    ("apache-2.0 (code) / cc-by-nc-4.0 (weights)", "cc-by-nc-4.0"),
    ("The model is licensed under the Apache License 2.0, except for the weights, which are CC BY-NC-SA 4.0.",
     "cc-by-nc-sa-4.0"),
    ("The code is released under MIT, while the model weights are under the Llama 2 Community License.", "llama2"),
    ("This repository is licensed under Apache 2.0 except the weights, which follow the Gemma Terms of Use.",
     "gemma"),
]


@pytest.mark.parametrize(("section", "weights"), CASES, ids=[c[1] + f"-{i}" for i, c in enumerate(CASES)])
def test_the_weights_get_the_licence_the_section_gives_them(section: str, weights: str) -> None:
    card = parse_card(f"---\nlicense: other\n---\n# Model\n\n## License\n\n{section}\n", path="README.md")
    found = [f for f in readme_section(card) if "weights" in f.applies_to]
    assert found and found[0].ident.id == weights, [(f.ident.id, f.applies_to) for f in readme_section(card)]
