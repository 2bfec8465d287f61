"""The general clause reader (issue 12, round kinds5: `licenses/deontic.py`): a ban or an "only" limit whose scope
holds a concept of one restriction kind. Each class has sentences written for this test (not copied from any
licence) that must be read, beside near-misses that share their words and are not a restriction: grants,
disclaimers, exceptions that lift the ban, and bans whose object is not the work."""

# Sentences stay on one line each so they can be read and grepped whole.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from unveil.licenses import deontic
from unveil.licenses.clauses import find_clauses
from unveil.licenses.text import prepare


def _kinds(text: str) -> set[str]:
    return set(find_clauses(prepare(text)))


CASES: list[tuple[str, str, bool]] = [
    # Non-commercial: a ban over commercial use, profit or revenue, in any wording of the ban.
    ("non-commercial", "You have no permission to run this tool to earn money in any form.", True),
    ("non-commercial", "You do not have the right to use these files to make a profit of any kind.", True),
    ("non-commercial", "Nor are you allowed to exploit the package commercially.", True),
    ("non-commercial", "The grant shall be valid provided that your use does not involve commercialization of the tool.", True),
    ("non-commercial", "Copies may not be handed on for profit.", True),
    ("non-commercial", "You may use the tool for commercial and non-commercial work alike.", False),
    ("non-commercial", "You may not use the tool for any purpose, commercial, or non-commercial, without our consent.", False),
    ("non-commercial", "The vendor shall not be liable for lost profits or any commercial damages.", False),
    ("non-commercial", "Each copy may be used only for not-for-profit teaching.", True),
    ("non-commercial", "Die Nutzung der Daten ist nur zu nicht kommerziellen Zwecken gestattet.", True),
    ("non-commercial", "Les fichiers peuvent être copiés à des fins non commerciales.", True),
    ("non-commercial", "The tool must not be used for purposes other than non-commercial study.", True),
    ("non-commercial", "A licence to copy this program is granted for non-commercial mail tools.", True),
    ("non-commercial", "A licence to copy this program is granted for non-commercial or commercial tools.", False),
    # Modification: an act the ban lists, said of the work.
    ("no-derivatives", "No change or code modification of the viewer is authorised.", True),
    ("no-derivatives", "The licensee shall not, nor let any other person: (i) rent or adapt the viewer; (ii) decompile it.", True),
    ("no-derivatives", "The licensee shall not: (i) reverse compile, decompile or translate the viewer; (ii) rent it.", False),
    ("no-derivatives", "Any adaptation of the manual must first be approved by the author in writing.", True),
    ("no-derivatives", "On condition that the archive files are not altered in any way, you may hand them on.", True),
    ("no-derivatives", "This notice may not be removed or altered from any copy of the viewer.", False),
    ("no-derivatives", "Markings on the viewer shall be kept on all copies and not be altered or obliterated.", False),
    ("no-derivatives", "You may not copy, modify or hand on the viewer except as expressly provided under this licence.", False),
    ("no-derivatives", "This agreement may not be modified except in a writing signed by both parties.", False),
    ("no-derivatives", "The author agrees not to assert any right to forbid you from making technical modifications.", False),
    ("no-derivatives", "You may not attempt to alter or restrict the recipients' rights in the viewer.", False),
    ("no-derivatives", "Derivative works shall not include works that merely link to the viewer.", False),
    ("no-derivatives", "Fees for modified versions are prohibited, but you may charge for support.", False),
    # Hosted service: time-sharing, service bureaus, hosted services as barred uses.
    ("no-hosted-service", "The customer has no right (a) to lend the tool; (b) to use the tool for commercial timesharing or bureau use.", True),
    ("no-hosted-service", "You may not let third parties reach the tool through a hosted service of yours.", True),
    ("no-hosted-service", "You may not use the logo as a trademark or service mark of yours.", False),
    ("no-hosted-service", "The vendor may offer the tool as a hosted service.", False),
    # Export bans: an export verb toward embargoed or prohibited destinations.
    ("territorial", "The kit may not be shipped or re-exported to persons in any country under an economic embargo.", True),
    ("territorial", "You shall not, directly or indirectly, resell or export the data to any destination prohibited by the laws of the United States.", True),
    ("territorial", "Export of encryption code may require a licence from your government.", False),
    ("territorial", "You must comply with all export laws that apply to you.", False),
    # Use restrictions: competing products, harmful or unlawful uses, identifying people, a field of use.
    ("use-restrictions", "You will not use the feed to decide whether a consumer is given insurance or credit, nor to identify or locate specific individuals.", True),
    ("use-restrictions", "You may ship programs built with the kit provided that your program is not a product that is competitive with the kit.", True),
    ("use-restrictions", "The grant holds as long as the component does not form the main functionality of your application.", True),
    ("use-restrictions", "You may copy and change the code solely for the purpose of implementing the Example Protocol specification.", True),
    ("use-restrictions", "The rights granted above are not applicable to hardware implementations of the method.", True),
    ("use-restrictions", "The library may not be used to re-create the vendor's compression algorithm.", True),
    ("use-restrictions", "Redistribution and use of the images solely for education, training, development and benchmarking is permitted.", True),
    ("use-restrictions", "A free licence to this module is given for use in products claiming conformance to the Example standard.", True),
    ("use-restrictions", "You may run the driver only in conjunction with Example brand sensor products.", True),
    ("use-restrictions", "The runtime may be used only as part of the Example Analysis Suite.", True),
    ("use-restrictions", "The runtime may be shipped only in conjunction with and as part of your own software product.", False),
    ("use-restrictions", "The runtime may be shipped only as part of a software application you build.", False),
    ("use-restrictions", "Neither the binaries nor the sources may be used to re-create the vendor's storage engine.", True),
    ("use-restrictions", "Each licence must not restrict the field of use of the software.", False),
    ("use-restrictions", "If any provision is held invalid, illegal or unenforceable, that shall not render any other provision invalid.", False),
    ("use-restrictions", "Posts must not be misleading or unlawful.", False),
    ("use-restrictions", "The part serves only to enable use of the work with a major component or to implement a standard interface.", False),
    ("use-restrictions", "You will not export the kit to anyone involved in the design or production of nuclear weapons.", False),
    # Research-only: an "only" limit to research, not a wider list nor commercial research.
    ("research-only", "Access is restricted to consulting, product design and joint research.", False),
    ("research-only", "The grant is restricted to commercial research.", False),
    # Other phrasing classes of the round.
    ("terms-update", "We reserve all rights to change this licence or withdraw it at any time.", True),
    # Round 3 (after the seed-24680 draw): item-local exceptions in lists, imperatives, "under no circumstances".
    ("no-hosted-service", "The user may not: (i) resell the tool, except as set forth herein; (ii) use the tool in a timesharing arrangement.", True),
    ("use-restrictions", "Do not use any template from this site for anything that contains gambling content.", True),
    ("no-derivatives", "Do not use, change or adapt the package if you do not accept this licence.", False),
    ("use-restrictions", "Under no circumstances may the code be used as the basis of a product that provides substantially the same functionality.", True),
    ("use-restrictions", "Under no circumstances shall the author be liable for unlawful uses by others.", False),
    ("use-restrictions", "The licence lets you use the kit solely to develop applications to run on the Example platform.", True),
    ("non-commercial", "Sites that use the menu must be non-profit.", True),
    ("aup-incorporated", "You must follow all policies made available to you in the app.", True),
    ("aup-incorporated", "We follow our own privacy policies.", False),
    ("no-derivatives", "Copies may be handed on provided the notice stays intact and that the contents of the file are not altered in any way.", True),
    ("use-restrictions", "The grant holds provided that i) the notice stays on all copies; and ii) you do not use the code in a manner disparaging to the author.", True),
    ("use-restrictions", "The licensee represents and warrants that it will not use the code for any illegal purpose.", True),
    ("use-restrictions", "The vendor does not warrant that the code will not be used by others for illegal purposes.", False),
    ("terms-update", "The licensee reserves the right to change its own products.", False),
    ("flow-down", "You will impose upon every recipient the same or substantially similar duties as this agreement imposes on you.", True),
    ("flow-down", "You may not impose any further restrictions on the recipients' exercise of these rights.", False),
    ("copyleft", "When distributing binary builds, the distributor must provide the means to obtain the complete sources.", True),
    ("copyleft", "When distributing binary builds, the distributor is not required to provide sources.", False),
]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES)
def test_general_reader(kind: str, text: str, expected: bool) -> None:
    assert (kind in _kinds(text)) is expected, text


def test_grant_wording_is_no_ban() -> None:
    # Plain open grants: no frame, so no kind, whatever concepts they name.
    for text in (
        "You are free to use, modify and sell this code in commercial and non-commercial programs without restriction.",
        "Permission is granted to use, copy, modify and distribute this data for any purpose, including commercial use.",
        "The software was developed for research purposes only and is provided as is, free of charge for any use.",
    ):
        assert not _kinds(text) & {"non-commercial", "no-derivatives", "use-restrictions", "research-only"}, text


def test_reader_offsets_point_at_the_clause() -> None:
    text = "Intro words here. You shall not alter the viewer. Other words follow here."
    low = prepare(text).clause_text
    spans = deontic.read(low)["no-derivatives"]
    a, b = spans[0]
    assert "shall not alter" in low[a:b]
