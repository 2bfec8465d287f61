"""Licence notices and references as other projects write them: GNU notices, SPDX ids in a statement,
proprietary notices, pointers by address, negated and compared mentions.

Sentences are written for these tests (no third-party text is copied). The last tests read rule files of the
installed `licensedcode-data` package (the `licenses` extra) by name; with UNVEIL_REQUIRE_EXTRAS=1 they must run.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from unveil.card import parse_card
from unveil.licenses import catalog, gnu, licensedb
from unveil.licenses.detect import identify
from unveil.licenses.discover import readme_section
from unveil.licenses.text import prepare


def _gnu(text: str) -> list[str]:
    return [n.spdx for n in gnu.notices(prepare(text).lower)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("you may modify it under the terms of the GNU General Public License as published by the Free Software "
         "Foundation; either version 3 of the License, or (at your option) any later version.", "GPL-3.0-or-later"),
        ("redistribute under the GNU Lesser General Public License as published by the Free Software Foundation, "
         "version 2.1 of the License.", "LGPL-2.1-only"),
        ("covered by version 2 of the GNU General Public License as published by the FSF", "GPL-2.0-only"),
        ("Licensed GPLv2+ (see COPYING).", "GPL-2.0-or-later"),
        ("License: LGPL-3.0-or-later", "LGPL-3.0-or-later"),
        ("released under the GNU Affero General Public License, version 3 or later", "AGPL-3.0-or-later"),
        ("#  under the terms of the GNU General Public License as\n#  published by the Free Software Foundation;\n"
         "#  either version 2 of the License, or (at your option)\n#  any later version.", "GPL-2.0-or-later"),
        ("This tool is covered by the GNU General Public License (GPLv3 or newer).", "GPL-3.0-or-later"),
    ],
)
def test_gnu_notice_reads_version_and_later(text: str, want: str) -> None:
    assert _gnu(text)[0] == want


def test_gnu_name_without_version_is_any_version() -> None:
    # The GPL lets the recipient choose any published version when none is named.
    assert _gnu("This utility is distributed under the GNU General Public License.") == ["GPL-1.0-or-later"]
    # "Lesser" was first used for version 2.1; "Library" is version 2.
    assert _gnu("available under the GNU Lesser General Public License") == ["LGPL-2.1-or-later"]
    assert _gnu("available under the GNU Library General Public License") == ["LGPL-2.0-or-later"]


def test_gnu_tokens_inside_words_are_not_notices() -> None:
    assert _gnu("the gplcompatible flag and the gpl_only symbol table") == []


def test_gnu_notice_identification_keeps_the_catalogue_id_with_the_exact_spdx() -> None:
    ident = identify("This program is free software; you can redistribute it under the terms of the GNU General "
                     "Public License as published by the Free Software Foundation; either version 2 of the License, "
                     "or (at your option) any later version.")
    assert (ident.id, ident.spdx, ident.category) == ("gpl-2.0", "GPL-2.0-or-later", "open-source")


def test_or_later_of_a_non_osi_first_version_is_open_source() -> None:
    # GPL-1.0 is not OSI-approved, but "or later" lets the recipient take GPL-3.0.
    rec = licensedb.record("GPL-1.0-or-later")
    assert rec is not None and not rec.osi
    assert licensedb.category(rec) == "open-source"
    # Without a later OSI-approved version nothing changes.
    gfdl = licensedb.record("GFDL-1.1-or-later")
    assert gfdl is not None and licensedb.category(gfdl) != "open-source"


def test_scancode_key_resolves_to_the_catalogue_entry_of_its_spdx_id() -> None:
    assert catalog.lookup("gpl-3.0-plus").id == "gpl-3.0"  # ScanCode key -> GPL-3.0-or-later -> catalogue alias
    assert catalog.lookup("bsd-new").id == "bsd-3-clause"
    assert catalog.lookup("bsd-new").source == "catalogue"


def _section(body: str) -> list[tuple[str, str | None, str]]:
    card = parse_card(f"---\nlicense: other\n---\n# A model\n\n## License\n\n{body}\n", path="README.md")
    return [(f.ident.id, f.ident.spdx, f.ident.category) for f in readme_section(card)]


def test_license_section_keeps_the_version_after_a_semicolon() -> None:
    got = _section("The weights may be shared under the terms of the GNU Lesser General Public License as published "
                   "by the Free Software Foundation; either version 3 of the License, or (at your option) any later "
                   "version.")
    assert got[0][1] == "LGPL-3.0-or-later"


@pytest.mark.parametrize(
    ("text", "want_id"),
    [
        ("LICENSE CC-BY-NC-SA-3.0-DE", "cc-by-nc-sa-3.0-de"),  # the ported licence, not its international parent
        ("This sample is provided under the MIT-0 license.", "mit-0"),
        ("Our model: CDLA-Permissive-2.0 (see the data card)", "cdla-permissive-2.0"),
    ],
)
def test_exact_spdx_id_in_a_statement(text: str, want_id: str) -> None:
    assert identify(text).id == want_id


def test_spdx_id_in_a_negated_clause_is_not_the_licence() -> None:
    assert identify("The checkpoints are not distributed under Apache-2.0 anymore.").id != "apache-2.0"


def test_creative_commons_name_with_spaced_elements() -> None:
    ident = identify("Creative Commons Attribution-Non Commercial-Share Alike 4.0 License")
    assert (ident.id, ident.category) == ("cc-by-nc-sa-4.0", "non-commercial")


def test_data_name_with_non_commercial_spelled_apart_is_non_commercial() -> None:
    rec = licensedb.record("cc-by-nc-3.0-de")
    assert rec is not None and licensedb.category(rec) == "non-commercial"


def test_proprietary_notice_is_read_as_proprietary() -> None:
    ident = identify("This source file is the confidential and proprietary information of Example Corp. It may not "
                     "be copied or disclosed without the prior written consent of Example Corp.")
    assert (ident.id, ident.category) == ("proprietary-license", "proprietary")


def test_a_free_grant_with_an_artwork_reservation_is_not_proprietary() -> None:
    ident = identify("This tool is free software under the MIT license. The logo may not be reproduced without "
                     "written permission.")
    assert ident.id == "mit"
    plain = identify("This tool is free software. The logo may not be reproduced without written permission.")
    assert plain.id != "proprietary-license"


def test_bsd_fingerprint_that_is_denied_is_not_bsd() -> None:
    ident = identify("Redistribution and use in source and binary forms is not permitted without the written consent "
                     "of Example Corp.")
    assert not ident.id.startswith("bsd")
    assert ident.category == "proprietary"


@pytest.mark.parametrize(
    "text",
    [
        "The importer does not ship the plug-ins licensed under LGPL 3.0 with this model.",
        "These files are not covered by the GNU Lesser General Public License (LGPL) or the GNU General Public "
        "License (GPL).",
        "The tokenizer must stay compatible with the GNU General Public License.",
    ],
)
def test_negated_or_compared_mention_is_not_the_licence(text: str) -> None:
    ident = identify(text)
    assert not re.match(r"^(?:a|l)?gpl", ident.id), ident.id
    assert all(not re.match(r"^(?:a|l)?gpl", i) for i, _s, _c in _section(text))


def test_a_condition_is_not_a_negation() -> None:
    # "if you do not accept ..." states the licence that applies.
    ident = identify("If you do not accept the terms of the Apache License 2.0, you may not use these weights.")
    assert ident.id == "apache-2.0"


def test_unversioned_family_names_read_as_the_current_member() -> None:
    assert identify("The converter is distributed under a BSD license; see LICENSE.").id == "bsd-3-clause"
    assert identify("All files are licensed under the FreeBSD license.").id != "bsd-3-clause"
    assert identify("Model code is released under the Apache License, see the LICENSE file.").id == "apache-2.0"


# ------------------------------------------------------------------------------------------------
# With the `licenses` extra: pointers by address and the ScanCode data's own rule files.
_EXTRA = licensedb.TEXT_MATCHING
_needs_extra = pytest.mark.skipif(
    not _EXTRA and os.environ.get("UNVEIL_REQUIRE_EXTRAS") != "1", reason="needs the `licenses` extra"
)


@_needs_extra
def test_pointer_by_an_address_of_the_licence_in_the_data() -> None:
    assert _EXTRA, "UNVEIL_REQUIRE_EXTRAS=1 but licensedcode-data is not installed"
    ident = identify("Data: see https://opendatacommons.org/licenses/pddl/ for the terms.")
    assert (ident.id, ident.category) == ("pddl", "open-data")
    # A bare host names a project, not a licence.
    assert identify("More at https://opendatacommons.org").id == "unknown"


@_needs_extra
def test_deprecated_scancode_licences_are_never_a_text_match() -> None:
    assert _EXTRA
    text = ("This program is free software; you can redistribute it and/or modify it under the terms of the GNU "
            "General Public License as published by the Free Software Foundation; either version 2 of the License, "
            "or (at your option) any later version. This program is distributed in the hope that it will be "
            "useful, but WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS "
            "FOR A PARTICULAR PURPOSE. See the GNU General Public License for more details.")
    tm = licensedb.match_text(text, min_coverage=0.5)
    assert tm is None or not tm.record.deprecated
    assert identify(text).spdx == "GPL-2.0-or-later"


def _rule(name: str) -> tuple[str, str]:
    import licensedcode  # the `licenses` extra

    path = Path(next(iter(licensedcode.__path__))) / "data" / "rules" / name
    raw = path.read_text("utf-8")
    front, body = raw.split("\n---\n", 1)
    expr = re.search(r"^license_expression: (.+)$", front, re.M)
    return (expr.group(1).strip() if expr else ""), body.replace("{{", "").replace("}}", "")


@_needs_extra
@pytest.mark.parametrize(
    ("rule", "want_spdx"),
    [
        ("lgpl-2.1-plus_276.RULE", "LGPL-2.1-or-later"),  # the FSF notice, version apart from the name
        ("gpl-2.0-plus_714.RULE", "GPL-2.0-or-later"),  # "(GPLv2 or higher)" after the name
        ("cdla-permissive-2.0_3.RULE", "CDLA-Permissive-2.0"),  # SPDX id then SPDX name
    ],
)
def test_scancode_rules_read_as_their_expression(rule: str, want_spdx: str) -> None:
    assert _EXTRA
    _expr, text = _rule(rule)
    assert identify(text).spdx == want_spdx


@_needs_extra
def test_scancode_rule_denying_a_gnu_licence_is_not_read_as_it() -> None:
    assert _EXTRA
    expr, text = _rule("other-permissive_and_other-copyleft_3.RULE")
    assert "gpl" not in expr
    assert not re.match(r"^(?:a|l)?gpl", identify(text).id)


def test_listed_licence_named_without_its_version() -> None:
    # One version in the SPDX list: that licence.
    assert identify("Parts are taken from a C++ library and licensed under the Boost Software License (see the "
                    "accompanying file).").spdx == "BSL-1.0"
    # Several versions, all open: the family's category, no SPDX id claimed.
    fam = identify("The converter is distributed under the Mozilla Public License.")
    assert (fam.spdx, fam.category) == (None, "open-source")
    # A longer name that starts like a listed one is not it.
    other = identify("The tables are released under the Open Government Data License of a ministry.")
    assert not (other.spdx or "").startswith("OGL")


@_needs_extra
@pytest.mark.parametrize("key", ["odb-cpl", "colt"])
def test_a_licence_text_naming_a_gnu_licence_inside_is_that_text(key: str) -> None:
    # Short licence texts of the data that mention the GPL / LGPL in a clause: the whole text is the answer.
    assert _EXTRA
    import licensedcode  # the `licenses` extra

    path = Path(next(iter(licensedcode.__path__))) / "data" / "licenses" / f"{key}.LICENSE"
    body = path.read_text("utf-8").split("\n---\n", 1)[1]
    assert re.search(r"\b(?:l?gpl|general public license)\b", body, re.I)
    assert identify(body).id == key
