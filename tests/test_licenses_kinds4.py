"""False restriction kinds removed after listing every kind unveil read beyond the labels (issue 12, round
kinds4: benchmarks/audit_kinds.py). Each class has sentences written for this test (not copied from any
licence) that must stay a restriction, beside the near-misses that share its words and are not one."""

# Sentences stay on one line each so they can be read and grepped whole.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from unveil.licenses.clauses import find_clauses
from unveil.licenses.text import prepare


def _kinds(text: str) -> set[str]:
    return set(find_clauses(prepare(text)))


CASES: list[tuple[str, str, bool]] = [
    # A list of acts barred only in one way or one place is a use or territorial limit, not a ban on modifying.
    ("no-derivatives", "You shall not copy, show, run, modify, share or otherwise use the Kit in any way that violates the law of your country.", False),
    ("no-derivatives", "Licensee must not use, copy, modify, share, or show the Engine or its results outside the Territory.", False),
    ("no-derivatives", "You shall not copy, show, run, modify or share the Kit.", True),
    ("no-derivatives", "You must not copy, rent, modify, share, or show the Engine without our written consent.", True),
    # "As amended from time to time" said of laws is not the licensor changing its terms.
    ("terms-update", "Each user shall obey the trade and customs statutes and regulations, as amended from time to time, of every country concerned.", False),
    ("terms-update", "Your use is subject to our usage guidelines, as amended from time to time.", True),
    # An agreement amended only by its own procedure (a writing both sides sign) is not a unilateral change.
    ("terms-update", "This agreement may be changed only by a writing signed by both of us.", False),
    ("terms-update", "This Licence Agreement (as may be amended in accordance with this Licence Agreement) binds you.", False),
    ("terms-update", "This agreement may be changed by the Vendor at any moment by posting a new version.", True),
    # "Non-commercial research" as one item of a list of permitted purposes, or in a title, is not research-only.
    ("research-only", "Allowed purposes include: 1. your internal use; 2. for non-commercial teaching; 3. for non-commercial research; and 4. consulting.", False),
    ("research-only", "ACME NON-COMMERCIAL RESEARCH COMMUNITY AGREEMENT. By using the Model you accept these terms.", False),
    ("research-only", "The Dataset is provided for non-commercial research purposes only.", True),
    ("research-only", "You may use the Model for non-commercial research only.", True),
    # Non-production use as one alternative of a grant that gives production use too is not a ban on production.
    ("no-production-use", "You may run the Server for your own production use on one machine, or for your own non-production use for testing on any number of machines.", False),
    ("no-production-use", "The Server is licensed for non-production use only; a production use needs a paid plan.", True),
    ("no-production-use", "Licence: for non-production environments.", True),
    # An item of a lettered list of bans after a colon, however long the list before it.
    ("no-derivatives", "The user shall not: (a) rent the Tool to others, lend it, or lease it for money in any territory or market whatsoever; (b) remove the Tool from the machine it was installed on, except to replace the machine after a failure that the vendor has confirmed in writing; (c) publish results of speed tests of the Tool without the written consent of the vendor; (d) run the Tool on more machines than the order form lists, whatever the size of those machines; (e) decompile or disassemble the Tool (except where the law forbids this restriction); (f) alter, adapt or modify the Tool in any way; (g) remove labels.", True),
    ("no-derivatives", "The user shall not: (a) rent the Tool; (b) alter or modify any copyright notices in the Tool.", False),
    ("no-derivatives", "The user shall not: (a) rent the Tool; (b) modify the Tool except as the manual describes.", False),
    ("no-hosted-service", "The user must not: (1) rent the Tool; (2) lease it; (3) use the Tool as part of an application services provider offering.", True),
    ("no-hosted-service", "The user must not: (1) rent the Tool; (2) lease it. The vendor runs its own service bureau.", False),
    # A formal grant for any non-commercial purpose limits the grant; "commercial or non-commercial" does not.
    ("non-commercial", "Permission is hereby granted to run the Tool free of charge for any non-commercial purpose, such as teaching.", True),
    ("non-commercial", "Permission is hereby granted to run the Tool for any non-commercial or commercial purpose.", False),
]


@pytest.mark.parametrize(("kind", "text", "expected"), CASES)
def test_phrasing_class(kind: str, text: str, expected: bool) -> None:
    assert (kind in _kinds(text)) is expected, text
