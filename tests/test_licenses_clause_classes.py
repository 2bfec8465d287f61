"""Phrasing classes of the clause reader added after the held-out ScanCode AI-licence run (issue 12).

Each class: sentences written for this test (not copied from any licence) that state the restriction,
and near-misses that share its words but do not.
"""

# Sentences stay on one line each so they can be read and grepped whole.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from unveil.licenses.clauses import find_clauses
from unveil.licenses.text import prepare


def _kinds(text: str) -> set[str]:
    return set(find_clauses(prepare(text)))


CASES: list[tuple[str, str, bool]] = [
    # A usage policy made part of the terms, or its violation forbidden.
    (
        "aup-incorporated",
        "These Terms include our Service Terms, the Usage Policies and any guidelines we publish.",
        True,
    ),
    ("aup-incorporated", "You will not misrepresent generated text or otherwise violate our usage policies.", True),
    (
        "aup-incorporated",
        "Use the Platform in full compliance with these Terms and all of our policies posted online.",
        True,
    ),
    ("aup-incorporated", "These Terms include our Privacy Policy, which explains how we handle your data.", False),
    ("aup-incorporated", "You must comply with all applicable laws when you use the Platform.", False),
    # Passive bans with a list, conditions worded "you do not use", life-critical bans.
    (
        "use-restrictions",
        "You agree that the Model and its adaptations will not be used by you or anyone you control, to: (a) track people.",
        True,
    ),
    (
        "use-restrictions",
        "The licence holds as long as you do not use the Work for the purpose of harming people.",
        True,
    ),
    (
        "use-restrictions",
        "You may not use the Toolkit in any system whose failure could lead to personal injury or death.",
        True,
    ),
    ("use-restrictions", "The name of the author will not be used to endorse products without permission.", False),
    ("use-restrictions", "If you do not use the Work for ten years, this licence lapses.", False),
    (
        "use-restrictions",
        "The Toolkit is not designed for systems whose failure could lead to personal injury or death.",
        False,
    ),
    # Terms passed on to every downstream user.
    (
        "flow-down",
        "Anyone who mirrors the corpus must keep these terms with it and require users to agree to them.",
        True,
    ),
    (
        "flow-down",
        "You must make sure that any onward licensing of the records is for non-commercial purposes only.",
        True,
    ),
    ("flow-down", "You must not require recipients to agree to any additional terms.", False),
    ("flow-down", "Onward licensing of the records is permitted under any terms you like.", False),
    # Output used for a competing model, inside a "(i) ...; (ii) ..." prohibition list.
    (
        "no-output-training",
        "You may not (i) resell access; (ii) scrape the site; (iii) use output from the API to develop models that compete with us.",
        True,
    ),
    (
        "no-output-training",
        "You may (i) publish output; (ii) use output from the API to develop models that compete with ours.",
        False,
    ),
    # A fixed notice, worded as an acknowledgement or in the passive.
    (
        "notice-file",
        'Every brochure about the dataset must display the following acknowledgement: "Contains data from Acme Labs."',
        True,
    ),
    (
        "notice-file",
        "The following notice shall be included in modified sample files: “Portions provided by Acme Labs.”",
        True,
    ),
    ("notice-file", "The above copyright notice and this permission notice shall be included in all copies.", False),
    # Countries excluded by export rules; use limited to supported regions.
    ("territorial", "You confirm that you are not located in any embargoed country or on a denied-party list.", True),
    ("territorial", "You may use the service only in geographies currently supported by the provider.", True),
    ("territorial", "This licence is not restricted to any particular country.", False),
    # The licensor may disable the work by remote or built-in means.
    (
        "remote-restriction",
        "On a breach the Licensor has the right to disable any copy of the Model by pre-installed disabling instructions.",
        True,
    ),
    ("remote-restriction", "You may not disable, bypass or circumvent any security mechanism of the Model.", False),
    # Forbidden acts that take modification in.
    (
        "no-derivatives",
        "You may not rent, lease, resell, translate, modify, or create derivative works of the SDK.",
        True,
    ),
    (
        "no-derivatives",
        "You may not copy, modify, sublicense, or distribute the Program except as expressly provided under this License.",
        False,
    ),
    (
        "no-derivatives",
        "You may not use, copy, modify, merge or sell copies of the Software in a military context.",
        False,
    ),
    (
        "no-derivatives",
        "You must not distort, mutilate, modify or take other derogatory action that harms the author's reputation.",
        False,
    ),
    # Source code owed to recipients, and to users of a network service.
    (
        "copyleft",
        "You may exercise these rights only if you provide the corresponding source code to every recipient.",
        True,
    ),
    ("copyleft", "You may share binaries; providing the source code is welcome but optional.", False),
    (
        "network-copyleft",
        "If the Work runs as a network service, you must provide its users a link to the source code.",
        True,
    ),
    (
        "network-copyleft",
        "If the Work runs as a network service, you are not required to provide the source code.",
        False,
    ),
]


@pytest.mark.parametrize(
    ("kind", "text", "expected"), CASES, ids=[f"{k}-{'yes' if e else 'no'}-{i}" for i, (k, _t, e) in enumerate(CASES)]
)
def test_phrasing_class(kind: str, text: str, expected: bool) -> None:
    assert (kind in _kinds(text)) is expected, text


def test_use_restriction_does_not_read_a_military_ban_as_no_derivatives() -> None:
    # The ban is on every act in one field: a use restriction (found by the military pattern), not a ban on derivatives.
    kinds = _kinds("You will not use, copy, modify or distribute the Model for military purposes.")
    assert "use-restrictions" in kinds
    assert "no-derivatives" not in kinds
