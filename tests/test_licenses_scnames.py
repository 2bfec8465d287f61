"""Licence notices read through the licence data's own names and the GNU notices' context (branch sclnames):
GNU names and versions written apart or in code, Debian's shared licence paths, ScanCode names, Creative Commons
ports, the data's generic proprietary / commercial / public-domain licences. Each class has a case that must be
read and a near-miss that must not.

Sentences are written for these tests (no third-party text is copied). The ScanCode names need the `licenses`
extra (licensedcode-data); with UNVEIL_REQUIRE_EXTRAS=1 those tests must run.
"""

from __future__ import annotations

import os

import pytest

from unveil.card import parse_card
from unveil.licenses import gnu, licensedb
from unveil.licenses.detect import identify
from unveil.licenses.discover import readme_section
from unveil.licenses.text import prepare

needs_data = pytest.mark.skipif(
    not licensedb.TEXT_MATCHING and not os.environ.get("UNVEIL_REQUIRE_EXTRAS"), reason="needs the licenses extra"
)


def _gnu(text: str) -> list[str]:
    return [n.spdx for n in gnu.notices(prepare(text).lower)]


def _section(text: str) -> list[str]:
    card = parse_card(f"---\nlicense: other\n---\n# Tool\n\n## License\n\n{text}\n", path="README.md")
    return [f.ident.spdx or f.ident.id for f in readme_section(card)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the widgets are provided under the provisions of the Lesser GNU Public License (LGPL).", "LGPL-2.1-or-later"),
        ("it may be shared under the GNU Affero GPL, version 3 or later", "AGPL-3.0-or-later"),
        ("the parser is distributed under the terms of General Public Licence v3 (or later).", "GPL-3.0-or-later"),
        ("under the terms of the GNU General Public License as published by the\n"
         "Free Software Foundation, using version 2 of the License.", "GPL-2.0-only"),
        ('puts("you may pass it on under the terms of the GNU General Public License; either "\n'
         '     "version 3, or (at your option) any later version.");', "GPL-3.0-or-later"),
        ("/* under the GNU Lesser General Public License as published by   */\n"
         "/* the Free Software Foundation; either version 2.1 of the License */", "LGPL-2.1-only"),
    ],
)
def test_gnu_names_and_versions_written_apart(text: str, want: str) -> None:
    assert _gnu(text)[0] == want


def test_general_public_license_after_another_word_is_not_the_gnu_one() -> None:
    # "Acme General Public License" is Acme's licence, not the GNU GPL.
    assert _gnu("released under the Acme General Public License 2") == []


def test_versioned_notice_after_an_unversioned_label() -> None:
    ident = identify("GPL:\n\nThis tool is free software; you can pass it on under the terms of the GNU General Public "
                     "License as published by the Free Software Foundation; either version 3 of the License, or (at "
                     "your option) any later version.")
    assert ident.spdx == "GPL-3.0-or-later"


def test_fsf_pointer_sentence_is_the_licence_but_other_see_sentences_are_not() -> None:
    assert identify("See the GNU Lesser General Public License for more details.").spdx == "LGPL-2.1-or-later"
    assert identify("This is free software; see the GNU General Public Licence version 3 or later for copying "
                    "conditions.").spdx == "GPL-3.0-or-later"
    # "see" without the pointer's ending names the licence of nothing.
    assert identify("We also see the GNU General Public License as a good model.").id == "unknown"


def test_license_section_drops_the_unversioned_gnu_sentence_beside_the_versioned_one() -> None:
    got = _section("This tool is distributed under the GNU General Public License, version 2 or later. See the GNU "
                   "General Public License for more details.")
    assert got == ["GPL-2.0-or-later"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("On Debian machines the text of the licence is found in /usr/share/common-licenses/GPL-3.", "GPL-3.0-only"),
        ("see `/usr/share/common-licenses/LGPL-2.1' for the whole licence", "LGPL-2.1-only"),
        ("the complete text is in /usr/share/common-licenses/Apache-2.0.", "Apache-2.0"),
    ],
)
def test_debian_shared_licence_paths(text: str, want: str) -> None:
    assert identify(text).spdx == want


def test_debian_path_negated_or_unknown_is_not_read() -> None:
    assert identify("This package is not covered by /usr/share/common-licenses/GPL-2 at all.").id == "unknown"
    assert identify("see /usr/share/common-licenses/Nonesuch-9 for details").id == "unknown"


@needs_data
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("PCRE LICENCE\nThe terms are in the file LICENCE of the distribution.", "pcre"),
        ("These helpers are published under the FreeMarker license.", "freemarker"),
    ],
)
def test_scancode_names_of_licences_spdx_does_not_name(text: str, want: str) -> None:
    assert identify(text).id == want


@needs_data
def test_scancode_names_in_code_or_generic_names_are_not_read() -> None:
    # A one-word name needs the word "license" after it; a generic ScanCode licence has no name to read.
    assert identify("These helpers were tested with FreeMarker templates.").id == "unknown"
    generic = licensedb._scancode_name_index()
    assert not any(name == ("commercial", "license") or rec.key in {"commercial-license", "proprietary-license"}
                   for entries in generic.values() for name, rec in entries)
    # The generic licence is read from what the notice says, not from its name.
    ident = identify("This is released under a commercial license.")
    assert (ident.id, ident.category, ident.method) == ("commercial-license", "proprietary", "clauses")
    assert identify("Commercial licenses are sold separately; this package is under the MIT License.").id == "mit"
    # A name deep in a line of code is a literal.
    assert identify('cfg.name = "x"; lic = lookup("PCRE License")').id != "pcre"


@needs_data
@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Creative Commons Attribution Non Commercial 3.0 Germany", "CC-BY-NC-3.0-DE"),
        ("Licensed under the Creative Commons Attribution-ShareAlike 3.0 IGO licence.", "CC-BY-SA-3.0-IGO"),
        ("Creative Commons Attribution-NonCommercial-NoDerivs 3.0 IGO", "CC-BY-NC-ND-3.0-IGO"),
        ("CC-BY-NC-SA-2.0-FR: Creative Commons Attribution-NonCommercial-ShareAlike 2.0", "CC-BY-NC-SA-2.0-FR"),
        ("The tables are shared under the Creative Commons Attribution-ShareAlike License "
         "(https://creativecommons.org/licenses/by-sa/2.5/).", "CC-BY-SA-2.5"),
    ],
)
def test_creative_commons_ports_and_versions_from_the_address(text: str, want: str) -> None:
    assert identify(text).spdx == want


def test_creative_commons_without_port_stays_the_unported_licence() -> None:
    assert identify("Creative Commons Attribution 3.0, see the deed for details.").spdx == "CC-BY-3.0"
    # An address of other elements gives no version to this name.
    ident = identify("Shared under the Creative Commons Attribution-ShareAlike License; compare "
                     "https://creativecommons.org/licenses/by-nc/2.0/")
    assert ident.spdx != "CC-BY-SA-2.0"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("This is commercial software: a licence from the vendor is needed to run it.", "commercial-license"),
        ("Copying this manual in whole or in part is prohibited without the prior written consent of the author.",
         "proprietary-license"),
        ("The lookup tables in this folder are hereby placed in the public domain.", "public-domain"),
        ("Tabulator was released into the public domain.", "public-domain"),
    ],
)
def test_generic_notices_read_as_the_data_generic_licence(text: str, want: str) -> None:
    assert identify(text).id == want


@pytest.mark.parametrize(
    "text",
    [
        "The lookup tables in this folder are not in the public domain.",
        "If the tables are in the public domain, no notice is needed.",
        "Many old maps are in the public domain, and anyone may print them.",
        "These tables are placed in the public domain for research purposes only.",
        "This is commercial software, but a free open-source edition is also offered.",
    ],
)
def test_generic_near_misses_are_not_open(text: str) -> None:
    ident = identify(text)
    assert ident.id != "public-domain"
    assert ident.category not in {"open-content", "open-source", "open-data"}


@needs_data
def test_a_name_opening_a_line_inside_a_negated_sentence_is_not_read() -> None:
    text = "Copies may be shared freely. One may not publish any part that breaks the\nPCRE license terms."
    assert identify(text).id != "pcre"
    assert identify("Copies may be shared freely.\nPCRE license terms apply to every part.").id == "pcre"


# Round 2 (tuned on the fourth sample only).
def test_a_line_continuing_a_sentence_holds_no_heading() -> None:
    text = ("The parser is free software under the terms of the GNU General Public License version 3 as published by "
            "the Free Software Foundation. You may also link it with any library licensed under the terms of\n"
            "the Apache License, version 2.0, without the combination being covered by the GPL.")
    assert identify(text).spdx == "GPL-3.0-only"
    # A real heading line is still a heading.
    assert identify("Intro line.\nApache License\nVersion 2.0, January 2004\n").id == "apache-2.0"


@pytest.mark.parametrize(
    "text",
    [
        "The fonts are free; the terms are effectively the same as the Zero-Clause BSD License.",
        "Distributed under the Acme Licence, which is similar to the BSD licence.",
    ],
)
def test_a_licence_named_for_comparison_is_not_the_licence(text: str) -> None:
    assert identify(text).id not in {"0bsd", "bsd-3-clause"}


def test_package_metadata_licence_name_declares() -> None:
    text = "<licenses>\n  <license>\n    <name>GNU Lesser General Public License</name>\n  </license>\n</licenses>"
    assert identify(text).spdx == "LGPL-2.1-or-later"
    assert identify("<developers>\n  <name>GNU Lesser General Public License fan club</name>\n</developers>").id == \
        "unknown"


def test_comment_wrapped_notice_in_a_license_section() -> None:
    text = (" * The tool is free software: you can pass it on under the terms of\n"
            " * the GNU General Public License as published by the Free Software Foundation, version 3.\n")
    assert _section(text) == ["GPL-3.0-only"]
    # List items that each end a statement stay separate statements.
    assert set(_section("- code: MIT\n- weights: Apache-2.0\n")) == {"MIT", "Apache-2.0"}


@needs_data
def test_addresses_compared_without_page_suffixes() -> None:
    assert identify("Terms: https://creativecommons.org/licenses/devnations/2.0/legalcode").id == "cc-devnations-2.0"
    assert identify("See https://example.org/licenses/devnations/2.0/legalcode").id == "unknown"


@pytest.mark.parametrize(("text", "want"), [("Released under the BSD-2 license.", "BSD-2-Clause"),
                                             ("Licensed under BSD-3 (see LICENSE).", "BSD-3-Clause")])
def test_bsd_with_a_clause_count_only(text: str, want: str) -> None:
    assert identify(text).spdx == want


def test_bsd_with_a_version_number_is_not_a_clause_count() -> None:
    assert identify("Released under the BSD 2.0 license.").spdx != "BSD-2-Clause"


def test_same_terms_as_perl() -> None:
    assert identify("This module is free software; you may pass it on under the same terms as Perl itself.").spdx == \
        "Artistic-1.0-Perl"
    assert identify("This module is not offered under the same terms as Perl itself.").id == "unknown"


def test_end_user_agreement_and_product_bound_licence_are_proprietary() -> None:
    eula = identify("ACME TOOLKIT LICENSE AGREEMENT\nIMPORTANT - READ CAREFULLY BEFORE INSTALLING OR USING.\n")
    assert (eula.id, eula.category) == ("proprietary-license", "proprietary")
    bound = identify("This plug-in is only licensed for use with the Acme Suite.")
    assert bound.category == "proprietary"
    assert identify("Read the notes before installing; the scripts are under the MIT License.").id == "mit"
