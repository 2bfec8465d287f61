"""Phrasing classes and category readings added after the held-out third-party licence run (issue 12, round
kinds3: benchmarks/bench_scancode_thirdparty.py). Clause sentences are written for this test (not copied from
any licence), each class with near-misses that share its words; the category tests read the installed
`licensedcode-data` texts at test time (never copied)."""

# Sentences stay on one line each so they can be read and grepped whole.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from scancode_texts import identify_key as _read
from scancode_texts import needs_data
from unveil.licenses import licensedb
from unveil.licenses.catalog import BLOCKING_KINDS
from unveil.licenses.clauses import find_clauses
from unveil.licenses.text import prepare


def _kinds(text: str) -> set[str]:
    return set(find_clauses(prepare(text)))


CASES: list[tuple[str, str, bool]] = [
    # Offering the work to others as a hosted service.
    ("no-hosted-service", "You shall not make the Toolkit available to other companies as a managed service.", True),
    ("no-hosted-service", "The Engine may not be offered as a hosted, paid service to the public.", True),
    ("no-hosted-service", "You may not lend the kit; publish it for others to copy; or use it for commercial hosting services.", True),
    ("no-hosted-service", "Forbidden Use means running a platform-as-a-service that competes with the Vendor.", True),
    ("no-hosted-service", "If you offer the Engine as a service, you must publish the source of the whole service.", False),
    ("no-hosted-service", "You may not act as a service provider for our competitors.", False),
    # No modification of the work (not of the licence's own text, not of notices, not with an exception).
    ("no-derivatives", "You must not modify the tool or its manuals in any manner.", True),
    ("no-derivatives", "Any header files shipped with the kit are for reference only and may not be modified.", True),
    ("no-derivatives", "Copying, modification or resale of these files is strictly prohibited.", True),
    ("no-derivatives", "Reproduction in binary form, without modification, is allowed for anyone.", True),
    ("no-derivatives", "You may share the archive provided that it is kept unmodified and complete.", True),
    ("no-derivatives", "No part of these files may be copied, translated, modified or shown to others without our consent.", True),
    ("no-derivatives", "This license may not be modified without the steward's written permission.", False),
    ("no-derivatives", "You may not modify or remove any copyright notices in the files.", False),
    ("no-derivatives", "You may share modified and unmodified copies of the font.", False),
    ("no-derivatives", "Redistribution, with or without modification, is permitted.", False),
    ("no-derivatives", "You may not copy or modify the program except as this License expressly provides.", False),
    ("no-derivatives", "Modified versions must be shared freely, and fees for them are prohibited.", False),
    # Redistribution only under terms protecting the licensor; recipients made to comply.
    ("flow-down", "You may ship the runtime only under an end-user agreement with terms no less protective than these.", True),
    ("flow-down", "Copies must be passed on under an agreement that protects the Vendor's interests consistent with this one.", True),
    ("flow-down", "When you pass the code on, you shall hand over this agreement and require the next developer to comply with it.", True),
    ("flow-down", "You must include this licence and ensure that everyone who receives the files agrees that these terms apply.", True),
    ("flow-down", "The Vendor may take steps to protect its interests in court.", False),
    ("flow-down", "You may require payment for support you offer to recipients.", False),
    # Bans on unlawful or malicious uses.
    ("use-restrictions", "You agree not to use the scripts for illegal or improper purposes.", True),
    ("use-restrictions", "You may not remove notices; rename the files; or include the code in deceptive or malicious programs.", True),
    ("use-restrictions", "The author is not liable for any illegal use others make of the work.", False),
    # Production use only with a subscription.
    ("no-production-use", "The server may only be used in production if you hold a paid subscription.", True),
    ("no-production-use", "Production deployment requires a separate commercial licence from the Vendor.", True),
    ("no-production-use", "The server is used in production by many companies.", False),
    # Non-commercial wordings: a grant that leaves commercial use out, "commercial intent ... prohibited".
    ("non-commercial", "This grant does not apply to any commercial use of the Platform.", True),
    ("non-commercial", "Sharing the kit for profit or other commercial intent without written consent of the author is prohibited.", True),
    ("non-commercial", "You may use the tools solely for non-commercial evaluation of the product.", True),
    ("non-commercial", "The warranty excludes commercial damages of any kind.", False),
    # Explicit statements that no patent right is granted.
    ("no-patent-grant", "No license under any patent or other right in the Materials is granted to you.", True),
    ("no-patent-grant", "Nothing in this notice shall be deemed to grant any right under the Vendor's patents.", True),
    ("no-patent-grant", "Each contributor grants you a licence under its patents to make and sell the work.", False),
    # Fixed notices introduced by a colon.
    ("notice-file", "Any advertising that mentions the library must display the following acknowledgement: Portions built on the ACME toolkit.", True),
    ("notice-file", "Licensee must provide the notice below with each copy it hands out.", True),
    ("notice-file", "Redistributions must retain the above copyright notice and the following disclaimer.", False),
    # Export bans by country.
    ("territorial", "You will not export the kit to countries prohibited by applicable law nor to their residents.", True),
    ("territorial", "Restricted destinations include, but are not necessarily limited to Cuba and Syria.", False),
    ("territorial", "Matters not covered here are governed by the laws of the Republic of China (Taiwan).", False),
    # Second round (after the seed-60221 run): no right to modify granted, conditions "you do not modify", "modifying
    # ... is prohibited"; non-production environments; embargo wordings; competing products; service bureaus.
    ("no-derivatives", "No right to make modifications of this guide is granted here.", True),
    ("no-derivatives", "These rights hold provided that: 1. the notice stays intact; 2. You do not modify the package in any way.", True),
    ("no-derivatives", "Modifying the typeface is prohibited, even for your own designs.", True),
    ("no-derivatives", "The licensee declares not to modify or translate the encoding of the fonts.", True),
    ("no-derivatives", "If you do not modify the files, no change notice is needed.", False),
    ("no-production-use", "The modules may be used only in a non-production environment.", True),
    ("territorial", "None of the files may be shipped into any country to which the U.S. has embargoed goods.", True),
    ("territorial", "Neither the data nor the code may be exported into any country subject to U.S. trade sanctions.", True),
    ("use-restrictions", "You agree not to: (i) resell the kit; or (ii) use the kit to build a competing product.", True),
    ("use-restrictions", "The Vendor may use your feedback to build competing products.", False),
    ("no-hosted-service", "You may not offer the program to others through a service bureau or time-sharing arrangement.", True),
    ("notice-file", "Copying is allowed provided that you include the following notice on every copy you make: Copyright ACME.", True),
    # Third round (after the seed-777 run): more wordings of the same classes.
    ("no-derivatives", "You may not alter or modify the runtime, nor let anyone else do so.", True),
    ("no-derivatives", "Redistribution of the player is only allowed where its installer has not been modified.", True),
    ("no-derivatives", "You may distribute only the unmodified binaries without the obligations of the other licence.", False),
    ("notice-file", "You may ship it so long as you include the following notice on any copy: This kit is under the ACME terms.", True),
    ("notice-file", "The following sentence, with a link to the full terms, must appear whenever a copy is shown.", True),
    ("notice-file", "Unless noted otherwise, the credit line should be \"Courtesy of the ACME Archive.\"", True),
    ("share-alike", "The codes are placed under Creative Commons_Attribution-ShareAlike_4.0_International.", True),
    ("flow-down", "You must have an agreement with your sublicensees that passes on the requirements of Sections 2 and 4.", True),
    ("use-restrictions", "The licenses granted above extend only to software that runs on the ACME operating system.", True),
    ("use-restrictions", "The licenses granted above extend to all works based on the Software.", False),
    # Fourth round (after the seed-4242 run).
    ("use-restrictions", "The tool may not be used by anyone for systems that knowingly endanger or harm people.", True),
    ("use-restrictions", "Any usage related to military applications is expressly forbidden.", True),
    ("use-restrictions", "A Permitted Purpose is any purpose other than a Competing Use.", True),
    ("use-restrictions", "The licensee shall not, directly or through agents, hold any person in slavery or forced labour.", True),
    ("use-restrictions", "The tool may not be used as a substitute for professional advice.", False),
    ("notice-file", "All advertising materials mentioning the tool display the following acknowledgement: Made with ACME.", True),
    ("territorial", "You shall not export the kit to any countries that are subject to US export restrictions.", True),
    ("terms-update", "This Agreement, as may be renewed, modified and/or amended from time to time, governs your use.", True),
    ("mau-threshold", "The licence allows use by up to 10 users per entity.", True),
    ("no-derivatives", "You may not modify the kit except as the user guide expressly permits.", True),
    ("no-derivatives", "You may not copy or modify the program except as this License expressly provides.", False),
    # A revenue cap stated with the currency after the amount.
    ("revenue-threshold", "Use is permitted for firms with less than 500,000 EUR total revenue last year.", True),
    ("revenue-threshold", "The fee is 500 EUR per seat.", False),
]


@pytest.mark.parametrize(
    ("kind", "text", "expected"), CASES, ids=[f"{k}-{'yes' if e else 'no'}-{i}" for i, (k, _t, e) in enumerate(CASES)]
)
def test_phrasing_class(kind: str, text: str, expected: bool) -> None:
    assert (kind in _kinds(text)) is expected, text


def test_no_hosted_service_is_a_blocking_kind() -> None:
    assert "no-hosted-service" in BLOCKING_KINDS


def test_letter_abbreviations_do_not_end_a_clause() -> None:
    # "U.S." inside an export ban keeps the ban one clause; a full stop after a word still ends one.
    text = prepare("Do not ship it to any country subject to U.S. trade sanctions. Then stop.").clause_text
    assert text.count(".") == 2
    assert "u.s." not in text


# ------------------------------------------------------------------------------------------------
# Categories of licence-data texts (the installed ScanCode texts, read at test time).


@needs_data
def test_source_available_service_bans_are_read() -> None:
    # Elastic-, Redis- and Hugging Face-style terms: no hosted service; restricted, not open.
    for key in ("elastic-license-v2", "rsalv2", "hfoil-1.0"):
        got = _read(key)
        assert "no-hosted-service" in got.kinds, key
        assert got.category == "restricted", (key, got.category)


@needs_data
def test_end_user_licence_of_the_free_families_is_proprietary() -> None:
    # "Licensed, not sold", binary-only firmware, a ban on reverse engineering: EULAs, not restricted open grants.
    for key in ("ms-asp-net-software", "microchip-linux-firmware", "google-ml-kit-tos-2022"):
        assert _read(key).category == "proprietary", key
    # A source-available licence with a production-use condition and no EULA wording stays restricted.
    assert _read("bsl-1.1").category == "restricted"


@needs_data
def test_open_licence_of_data_is_open_data() -> None:
    # Government / institutional data licences whose name does not say "data": what they license decides.
    for key in ("etalab-2.0-en", "dl-de-by-1-0-en"):
        assert _read(key).category == "open-data", key
    # An open licence of software stays open-content.
    assert _read("graphics-gems").category == "open-content"


@needs_data
def test_a_bare_copyright_reservation_is_proprietary() -> None:
    assert _read("nist-srd").category == "proprietary"
    # A bare warranty disclaimer (a fragment) reserves nothing: not made proprietary.
    assert _read("robert-hubley").category != "proprietary"


@needs_data
def test_translation_is_its_own_language_version() -> None:
    # The English text of a German / French licence names the original; the text decides the version.
    for key, other in (("dl-de-by-2-0-en", "dl-de-by-2.0"), ("cecill-b-en", "cecill-b")):
        got = _read(key)
        assert got.id == key, (key, got.id)
        assert got.id != other


def test_language_versions_are_told_apart_from_different_licences() -> None:
    recs = licensedb.records()
    assert licensedb.same_licence_other_language(recs["dl-de-by-2-0-en"], recs["dl-de-by-2-0-de"])
    assert not licensedb.same_licence_other_language(recs["dl-de-by-2-0-en"], recs["dl-de-by-1-0-en"])
    assert not licensedb.same_licence_other_language(recs["mit"], recs["mit"])
