"""OPN1xx: openness rule definitions (one place; docs and SARIF help are generated from them)."""

from __future__ import annotations

from unveil.rules import rule

OPN100 = rule(
    "OPN100",
    "info",
    "MOF class",
    "The Model Openness Framework class (III/II/I) from the components present and their licenses, "
    "computed as the MOF tool does.",
    clause="MOF 1.0, classes and components",
    remediation="Release the missing components under an open license "
    "(OSI-approved, FSF-libre or open-data).",
)
OPN110 = rule(
    "OPN110",
    "medium",
    "OSAID 1.0 element missing or unverifiable",
    "OSAID 1.0 requires data information, complete code and the parameters, each under OSI-approved terms.",
    clause="OSI Open Source AI Definition 1.0, 'preferred form to make modifications'",
    remediation="Publish training and data-processing code, data information with pointers, and the weights "
    "under OSI-approved terms.",
)
OPN120 = rule(
    "OPN120",
    "info",
    "EOSAI parameter",
    "Grades on the European Open Source AI Index's twelve parameters; inconclusive when the evidence lies "
    "behind a link that was not followed.",
    clause="EOSAI (osai-index.eu) parameters",
)
OPN130 = rule(
    "OPN130",
    "info",
    "Openness label",
    "One plain label: open-source-ai, open-weights, restricted-weights, closed or unknown.",
    clause="OSAID 1.0 and the weights license",
)
OPN140 = rule(
    "OPN140",
    "high",
    "Openwashing: open-source claim contradicted",
    "The release presents itself as open source while an established fact says otherwise: its license "
    "restricts use, or an OSAID element was verified absent (an element that could not be checked defeats "
    "no claim).",
    clause="OSAID 1.0; license terms",
    remediation="Drop the open-source claim or release under OSI-approved terms with the missing elements.",
)
OPN150 = rule(
    "OPN150",
    "medium",
    "License lineage conflict",
    "A fine-tune inherits its base model's license obligations; a more permissive label is a contradiction.",
    clause="base_model license inheritance",
    remediation="License the fine-tune compatibly with its base model.",
)
