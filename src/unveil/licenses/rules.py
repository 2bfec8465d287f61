"""LIC2xx rule definitions (one place; ids are stable)."""

from __future__ import annotations

from unveil.rules import rule

_OSD = "OSI Open Source Definition; OSAID 1.0 (freedoms to use, study, modify, share)"


RULES = (
    rule(
        "LIC200",
        "info",
        "License identified",
        "Every licence text is identified with an id and a confidence.",
        _OSD,
        "",
    ),
    rule(
        "LIC201",
        "info",
        "License from card metadata",
        "The card's `license`/`license_name` metadata.",
        _OSD,
        "Keep the card metadata and the licence files in agreement.",
    ),
    rule("LIC202", "info", "License file", "A LICENSE/COPYING/NOTICE/USE_POLICY file in the release.", _OSD, ""),
    rule(
        "LIC203",
        "info",
        "License section of the card",
        "The card's License section names the licence.",
        _OSD,
        "",
    ),
    rule("LIC204", "info", "SPDX header", "An SPDX-License-Identifier header in source code.", _OSD, ""),
    rule(
        "LIC205",
        "medium",
        "Use-restricting clause",
        "A clause restricts use (field of use, thresholds, acceptable-use policies, non-commercial...), "
        "which the OSD and OSAID do not allow.",
        "OSD 5, 6; OSAID 1.0 'use for any purpose'",
        "Release under an OSI-approved licence, or do not call the release open source.",
    ),
    rule(
        "LIC206",
        "high",
        "Custom licence resembling an open licence",
        "The text matches an open licence but carries extra restricting clauses: it is a different licence.",
        _OSD,
        "Use the standard licence text unmodified, or name the licence for what it is.",
    ),
    rule(
        "LIC207",
        "medium",
        "No licence for the weights",
        "No licence statement covers the model weights; nobody may use them lawfully beyond fair use.",
        "OSAID 1.0 (parameters under OSI-approved terms); MOF model parameters",
        "State the weights' licence in the card metadata or a LICENSE file.",
    ),
    rule(
        "LIC208",
        "low",
        "Unidentified licence text",
        "A licence file could not be identified.",
        _OSD,
        "Use a standard licence text or give it an SPDX/Hub id in the card.",
    ),
    rule(
        "LIC210",
        "info",
        "Open-source claim",
        "The card presents the release as open source.",
        "OSAID 1.0; openwashing",
        "",
    ),
    rule(
        "LIC220",
        "high",
        "Licence lineage contradiction",
        "A fine-tune inherits its base model's licence obligations; an open label does not remove them.",
        "Base model licence terms (flow-down)",
        "Label the fine-tune with its base's licence.",
    ),
    rule(
        "LIC221",
        "medium",
        "Card metadata and licence text disagree",
        "The card's license metadata names a different licence than the text shipped for the weights.",
        _OSD,
        "Make the metadata match the licence text.",
    ),
)
