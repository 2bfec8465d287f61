"""A regression set (the rules were fixed against it, so it is not held out): variants of the shared
licence texts built at test time, renamed forks, version bumps, appended/removed clauses, one-line card
statements and synthetic texts (own words) carrying the identifying facts of catalogued families the
corpus lacks.

Texts are read from ../shared/data/licenses and transformed here; none is copied into the repo. One test
asserts every case (and prints per-group figures), so no case is counted twice. Expected outcomes follow
from the transformation (unchanged in substance -> same id; modified -> custom text classified from its
clauses), never from what the analyzer happens to answer.
"""

from __future__ import annotations

import csv
import html
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field

from unveil.licenses.catalog import BLOCKING_KINDS
from unveil.licenses.detect import identify

from conftest import SHARED_DATA

LICENSES = SHARED_DATA / "licenses"
ROWS = [r for r in csv.DictReader((LICENSES / "labels.csv").open(encoding="utf-8"))]
LABEL = {r["file"]: r for r in ROWS}
# Base texts: the real, unmodified corpus rows (the corpus' own variants are checked elsewhere).
BASES = [r for r in ROWS if not r["file"].startswith("variant-")]


def _text(name: str) -> str:
    return (LICENSES / name).read_text(encoding="utf-8")


def _blocking(row: dict) -> set[str]:
    return {k for k in row["restrictions"].split(";") if k in BLOCKING_KINDS}


@dataclass
class Case:
    name: str
    text: str
    category: str | set[str]
    blocking: set[str] = field(default_factory=set)  # blocking kinds that must be reported
    id: str | set[str] | None = None  # expected id (or accepted ids); None: not asserted
    not_id: set[str] = field(default_factory=set)  # ids that would be wrong
    based_on: str | None = None
    forbid: set[str] = field(default_factory=set)  # blocking kinds that must NOT be reported


def _as_set(v: str | set[str]) -> set[str]:
    return {v} if isinstance(v, str) else v


def _check(case: Case) -> list[str]:
    res = identify(case.text)
    got_blocking = set(res.blocking_kinds)
    errors = []
    if case.id is not None and res.id not in _as_set(case.id):
        errors.append(f"id {res.id!r} not in {sorted(_as_set(case.id))}")
    if res.id in case.not_id:
        errors.append(f"id {res.id!r} must not be given")
    if res.category not in _as_set(case.category):
        errors.append(f"category {res.category!r} not in {sorted(_as_set(case.category))}")
    if case.blocking - got_blocking:
        errors.append(f"missing kinds {sorted(case.blocking - got_blocking)}")
    if case.forbid & got_blocking:
        errors.append(f"spurious kinds {sorted(case.forbid & got_blocking)}")
    if case.based_on is not None and res.based_on != case.based_on:
        errors.append(f"based_on {res.based_on!r} != {case.based_on!r}")
    return errors


# ----------------------------------------------------------------------------------------------
# Transformations that keep the substance (the id, category and kinds must not change).
def _markdown(t: str) -> str:
    return "# License\n\nThe weights and code are released under the terms below.\n\n```text\n" + t + "\n```\n"


def _html(t: str) -> str:
    return (
        "<!DOCTYPE html><html><head><title>License</title><style>p{color:red}</style></head><body>"
        "<h2>License</h2>\n<pre>" + html.escape(t) + "</pre>\n</body></html>"
    )


def _crlf_smart(t: str) -> str:
    t = re.sub(r'"([^"\n]{1,80})"', "\u201c\\1\u201d", t)
    t = re.sub(r"(?<=\w)'(?=\w)", "\u2019", t)
    return t.replace("\n", "\r\n")


def _reflow(t: str) -> str:
    paras = re.split(r"\n\s*\n", t)
    return "\n\n".join(textwrap.fill(" ".join(p.split()), width=58) for p in paras if p.strip())


def _quote(t: str) -> str:
    return "\n".join("> " + line for line in t.splitlines())


def _indent(t: str) -> str:
    return "\n".join("\t" + line if line.strip() else line for line in t.splitlines())


def _strip_title(t: str) -> str:
    """Drop the title line (and a copyright line above it); a text without a title stays as is."""
    lines = t.splitlines()
    idx = [i for i, line in enumerate(lines) if line.strip()]
    if lines[idx[0]].lower().lstrip().startswith("copyright"):
        idx = idx[1:]
    i = idx[0]
    line = lines[i].strip()
    after_blank = i + 1 < len(lines) and not lines[i + 1].strip()
    is_title = len(line) < 100 and not line.endswith((".", ",", ";", ":")) and (after_blank or line.isupper())
    return "\n".join(lines[:i] + lines[i + 1 :]) if is_title else t


_COPYRIGHT = re.compile(r"(?im)^(\W*)copyright\s+(?:\(c\)|\u00a9)?\s*[\[\d][^\n]*$")


def _copyright(t: str) -> str:
    t = _COPYRIGHT.sub(r"\1Copyright (c) 2019-2031 Example Research Labs GmbH and contributors", t)
    return "Copyright 2031 Northwind Modelworks, Inc.\n\n" + t


def _half(t: str) -> str:
    return t[: len(t) // 2]


SUBSTANCE_KEEPING: dict[str, Callable[[str], str]] = {
    "markdown": _markdown,
    "html": _html,
    "crlf-smartquotes": _crlf_smart,
    "reflow": _reflow,
    "blockquote": _quote,
    "tab-indent": _indent,
    "no-title": _strip_title,
    "copyright": _copyright,
}


def _substance_cases() -> list[Case]:
    out = []
    for row in BASES:
        base = _text(row["file"])
        for name, fn in SUBSTANCE_KEEPING.items():
            out.append(
                Case(
                    f"{name}:{row['file']}",
                    fn(base),
                    category=row["category"],
                    blocking=_blocking(row),
                    id=row["expected_id"],
                )
            )
    return out


def _truncated_cases() -> list[Case]:
    # The first half still carries the title/fingerprint; the category and the catalogue facts stay.
    return [
        Case(
            f"half:{r['file']}",
            _half(_text(r["file"])),
            category=r["category"],
            blocking=_blocking(r),
            id=r["expected_id"],
        )
        for r in BASES
    ]


# ----------------------------------------------------------------------------------------------
# Appended clauses: an open licence with an extra restriction is a custom licence.
APPENDED: list[tuple[str, str, str]] = [
    ("non-commercial", "non-commercial", "The Software may only be used for non-commercial purposes."),
    ("non-commercial", "non-commercial", "Commercial use of the Model or its outputs is strictly prohibited."),
    (
        "non-commercial",
        "non-commercial",
        "You may not use the Work, or any portion of it, for any commercial purpose without our prior consent.",
    ),
    (
        "no-output-training",
        "restricted",
        "You may not use the outputs of the Model to train, improve or develop any other AI model.",
    ),
    (
        "no-output-training",
        "restricted",
        "Outputs generated by the Software shall not be used to create competing language models.",
    ),
    (
        "mau-threshold",
        "restricted",
        "If your products or services have more than 100 million monthly active users, you must request "
        "a separate license from the Licensor.",
    ),
    (
        "mau-threshold",
        "restricted",
        "Any deployment serving over 5,000,000 daily active users requires a commercial license from us.",
    ),
    (
        "territorial",
        "restricted",
        "The rights granted herein do not apply to individuals or entities domiciled in the European Union.",
    ),
    (
        "territorial",
        "restricted",
        "No license is granted for use of the Model in the United Kingdom or South Korea.",
    ),
    (
        "terms-update",
        "restricted",
        "We may update these terms from time to time, and your continued use constitutes acceptance.",
    ),
    (
        "terms-update",
        "restricted",
        "The Licensor reserves the right to modify this License at any time without notice.",
    ),
    # Further rewordings (one per kind family) so clause finding is not tied to one phrasing.
    (
        "non-commercial",
        "non-commercial",
        "You may use the model for personal and academic purposes, but not commercially.",
    ),
    ("non-commercial", "non-commercial", "This license does not permit commercial use."),
    ("research-only", "non-commercial", "The Model is provided for research and evaluation purposes only."),
    ("no-output-training", "restricted", "Do not use generated content to train other AI systems."),
    (
        "mau-threshold",
        "restricted",
        "Licensees with over 10 million registered users must obtain a commercial license.",
    ),
    ("territorial", "restricted", "This License is not available to residents of the EU."),
    ("territorial", "restricted", "Use of the Model is prohibited in the People's Republic of China and Russia."),
    ("terms-update", "restricted", "These terms may be changed by the Licensor at any time."),
    ("no-production-use", "restricted", "You may not deploy the Model in production environments."),
    ("no-derivatives", "restricted", "You may not modify, adapt or create derivative works of the Model."),
    (
        "aup-incorporated",
        "restricted",
        "You agree to abide by the Responsible Use Guidelines, which form part of this license.",
    ),
    ("flow-down", "restricted", "You must pass these restrictions on to anyone who receives the Model from you."),
    (
        "guardrail-clause",
        "restricted",
        "If you circumvent the safety filters of the Model, this license terminates automatically.",
    ),
]
OPEN_BASES = [
    "apache-2.0.txt",
    "mit.txt",
    "bsd-3-clause.txt",
    "isc.txt",
    "cc-by-4.0.txt",
    "odc-by-1.0.txt",
    "cdla-permissive-2.0.txt",
    "unlicense.txt",
]


def _appended_cases() -> list[Case]:
    out = []
    for i, (kind, category, sentence) in enumerate(APPENDED):
        for j, file in enumerate(OPEN_BASES):
            if (i + j) % 2:  # every clause on half of the bases keeps the run short
                continue
            row = LABEL[file]
            text = _text(file).rstrip() + "\n\nADDITIONAL TERMS\n\n" + sentence + "\n"
            out.append(
                Case(
                    f"append-{kind}-{i}:{file}",
                    text,
                    category=category,
                    blocking={kind},
                    id="other",
                    based_on=row["expected_id"],
                )
            )
    # Restricted AI licences with an extra clause: the clause must be reported, category follows it.
    for file, sentence, kind, category in (
        ("openrail++.txt", APPENDED[0][2], "non-commercial", "non-commercial"),
        ("llama3.1.txt", APPENDED[7][2], "territorial", "restricted"),
        ("deepseek-license.txt", APPENDED[5][2], "mau-threshold", "restricted"),
        ("qwen.txt", APPENDED[3][2], "no-output-training", "restricted"),
    ):
        row = LABEL[file]
        out.append(
            Case(
                f"append-ai-{kind}:{file}",
                _text(file).rstrip() + "\n\nAdditional condition: " + sentence + "\n",
                category=category,
                blocking=_blocking(row) | {kind},
                id={"other", row["expected_id"]},
            )
        )
    return out


def _removed_cases() -> list[Case]:
    mit = _text("mit.txt")
    llama = _text("llama3.1.txt")
    apache = _text("apache-2.0.txt")
    cc_nc = _text("cc-by-nc-4.0.txt")
    llama_no_mau = re.sub(r"(?s)2\. Additional Commercial Terms\..*?(?=\n\s*3\.)", "", llama)
    assert llama_no_mau != llama
    apache_no_6 = re.sub(r"(?s)\n\s*6\. Trademarks\..*?(?=\n\s*7\.)", "\n", apache)
    assert apache_no_6 != apache
    mit_no_notice = re.sub(r"(?s)The above copyright notice.*?Software\.\n", "", mit)
    assert mit_no_notice != mit
    return [
        Case("remove-notice:mit", mit_no_notice, "open-source", id={"mit", "other"}),
        Case("remove-trademarks:apache", apache_no_6, "open-source", id={"apache-2.0", "other"}),
        Case(
            "remove-mau:llama3.1",
            llama_no_mau,
            "restricted",
            blocking={"aup-incorporated"},
            id={"llama3.1", "other"},
        ),
        Case(
            "remove-section-heading:cc-by-nc",
            cc_nc.replace("Section 8 -- Interpretation.", ""),
            "non-commercial",
            blocking={"non-commercial"},
            id="cc-by-nc-4.0",
        ),
    ]


# ----------------------------------------------------------------------------------------------
# Renamed forks and version bumps.
def _fork_cases() -> list[Case]:
    out = []
    bs = _text("bigscience-openrail-m.txt")
    fork = re.sub(r"bigscience", "Acme Research", bs, flags=re.I)
    fork = re.sub(r"\bbloom\b", "Acme-7B", fork, flags=re.I)
    out.append(
        Case(
            "fork-openrail-m:acme",
            fork,
            "restricted",
            {"use-restrictions", "flow-down", "remote-restriction"},
            id={"openrail", "other"},
            not_id={"bigscience-openrail-m"},
        )
    )
    cml = re.sub(r"creativeml", "PixelForge", _text("creativeml-openrail-m.txt"), flags=re.I)
    cml = re.sub(r"stable diffusion", "PixelForge Diffusion", cml, flags=re.I)
    out.append(
        Case(
            "fork-openrail-m:pixelforge",
            cml,
            "restricted",
            {"use-restrictions", "flow-down"},
            id={"openrail", "other"},
            not_id={"creativeml-openrail-m"},
        )
    )
    for src, mau in (("llama3.1.txt", "50 million"), ("llama2.txt", "1 billion"), ("llama4.txt", "250 million")):
        t = _text(src)
        t = re.sub(r"Meta Platforms,? Inc\.?", "Northwind Labs Ltd.", t)
        t = re.sub(r"\bMeta\b", "Northwind", t)
        t = re.sub(r"\bllama\b", "Orca", t, flags=re.I)
        t = re.sub(r"700 million", mau, t)
        out.append(
            Case(
                f"fork-llama:{src}",
                t,
                "restricted",
                {"aup-incorporated", "mau-threshold"},
                id="other",
                not_id={r["expected_id"] for r in ROWS},
            )
        )
    for src in ("deepseek-license.txt", "qwen.txt", "tongyi-qianwen.txt", "gemma-2024-04-01.txt"):
        row = LABEL[src]
        t = re.sub(r"deepseek|tongyi qianwen|qwen|gemma|alibaba cloud|google", "Contoso", _text(src), flags=re.I)
        out.append(
            Case(
                f"fork-renamed:{src}",
                t,
                row["category"],
                _blocking(row) - {"terms-update", "remote-restriction"},
                id="other",
            )
        )
    for version in ("3.0", "2.0"):
        t = _text("cc-by-nc-sa-4.0.txt").replace("4.0", version)
        out.append(Case(f"cc-version:{version}", t, "non-commercial", {"non-commercial"}, id=f"cc-by-nc-sa-{version}"))
    t = _text("cc-by-4.0.txt").replace("4.0", "2.5")
    out.append(Case("cc-version:by-2.5", t, "open-content", id="cc-by-2.5"))
    return out


def _version_cases() -> list[Case]:
    llama31 = _text("llama3.1.txt")
    llama32 = _text("llama3.2.txt")
    gemma = _text("gemma-2024-04-01.txt")
    apache = _text("apache-2.0.txt")
    mpl = _text("mpl-2.0.txt")
    kinds = {"aup-incorporated", "mau-threshold"}
    return [
        Case("bump:llama3.3", llama31.replace("3.1", "3.3"), "restricted", kinds, id="llama3.3"),
        Case(
            "bump:llama3.3-date",
            llama31.replace("3.1", "3.3").replace("July 23, 2024", "December 6, 2024"),
            "restricted",
            kinds,
            id="llama3.3",
        ),
        Case("bump:llama4", re.sub(r"(?i)llama 3\.2", "Llama 4", llama32), "restricted", kinds, id="llama4"),
        Case("bump:llama5", re.sub(r"(?i)llama 3\.1", "Llama 5", llama31), "restricted", kinds, id="llama5"),
        Case(
            "bump:gemma-date",
            gemma.replace("April 1, 2024", "March 24, 2026"),
            "restricted",
            _blocking(LABEL["gemma-2024-04-01.txt"]),
            id="gemma",
        ),
        Case(
            "bump:apache-2.1",
            apache.replace("Version 2.0", "Version 2.1").replace("LICENSE-2.0", "LICENSE-2.1"),
            {"open-source", "unknown"},
            not_id={"apache-2.0"},
        ),
        Case(
            "bump:mpl-2.1",
            mpl.replace("Version 2.0", "Version 2.1"),
            {"open-source", "unknown"},
            not_id={"mpl-2.0"},
        ),
    ]


# ----------------------------------------------------------------------------------------------
# Short notices, SPDX headers and one-line card statements.
def _notice_cases() -> list[Case]:
    apache_notice = (
        "# Copyright 2031 Northwind Modelworks. All rights reserved.\n#\n"
        '# Licensed under the Apache License, Version 2.0 (the "License");\n'
        "# you may not use this file except in compliance with the License.\n"
        "# You may obtain a copy of the License at\n#\n#     http://www.apache.org/licenses/LICENSE-2.0\n#\n"
        "# Unless required by applicable law or agreed to in writing, software\n"
        '# distributed under the License is distributed on an "AS IS" BASIS.\n\nimport os\n'
    )
    out = [
        Case("notice:apache-header", apache_notice, "open-source", id="apache-2.0"),
        Case(
            "notice:apache-short",
            "Licensed under the Apache License, Version 2.0. See LICENSE for details.",
            "open-source",
            id="apache-2.0",
        ),
    ]
    for spdx, want, cat in (
        ("Apache-2.0", "apache-2.0", "open-source"),
        ("MIT", "mit", "open-source"),
        ("BSD-3-Clause", "bsd-3-clause", "open-source"),
        ("GPL-3.0-or-later", "gpl-3.0", "open-source"),
        ("CC-BY-NC-4.0", "cc-by-nc-4.0", "non-commercial"),
        ("MPL-2.0", "mpl-2.0", "open-source"),
    ):
        for lead in ("# ", "// ", "/* "):
            text = f"{lead}SPDX-License-Identifier: {spdx}\n{lead}Copyright 2031 Example\n\ndef main():\n    pass\n"
            out.append(Case(f"spdx{lead.strip()}:{spdx}", text, cat, id=want))
    one_liners: list[tuple[str, str | set[str], str, set[str]]] = [
        ("License: CC-BY-NC 4.0", "cc-by-nc-4.0", "non-commercial", {"non-commercial"}),
        ("Llama 3.2 Community License", "llama3.2", "restricted", {"aup-incorporated", "mau-threshold"}),
        ("MIT", "mit", "open-source", set()),
        ("Apache 2", "apache-2.0", "open-source", set()),
        ("Apache-2.0", "apache-2.0", "open-source", set()),
        ("OpenRAIL++", "openrail++", "restricted", {"use-restrictions"}),
        ("research only, not for commercial use", "other", "non-commercial", {"non-commercial", "research-only"}),
        ("Not for commercial use.", "other", "non-commercial", {"non-commercial"}),
        (
            "The weights are released for non-commercial research purposes only.",
            "other",
            "non-commercial",
            {"non-commercial"},
        ),
        ("license: apache-2.0", "apache-2.0", "open-source", set()),
        ("Licensed under CC BY-SA 4.0", "cc-by-sa-4.0", "open-content", set()),
        ("This model is released under the Llama 3.3 Community License Agreement.", "llama3.3", "restricted", set()),
        ("Use of this model is governed by the Gemma Terms of Use.", "gemma", "restricted", {"aup-incorporated"}),
        ("## License\n\nThe model is licensed under the MIT License.", "mit", "open-source", set()),
        ("License: BSD-3-Clause", "bsd-3-clause", "open-source", set()),
        ("License: GPLv3", "gpl-3.0", "open-source", set()),
        ("License: CC0", "cc0-1.0", "open-content", set()),
        ("License: CC BY 4.0", "cc-by-4.0", "open-content", set()),
        ("License: CreativeML OpenRAIL-M", "creativeml-openrail-m", "restricted", {"use-restrictions"}),
        ("This model is under the DeepSeek License.", "deepseek", "restricted", {"use-restrictions"}),
        ("License: Qwen License Agreement", "qwen", "restricted", {"mau-threshold"}),
        ("Llama 3.1", "llama3.1", "restricted", {"aup-incorporated", "mau-threshold"}),
        ("license: llama-3.3", "llama3.3", "restricted", {"aup-incorporated"}),
        ("MNPL", "mistral-non-production-license", "restricted", {"no-production-use"}),
        ("cc-by-nc-nd-4.0", "cc-by-nc-nd-4.0", "non-commercial", {"non-commercial", "no-derivatives"}),
    ]
    for text, want, cat, kinds in one_liners:
        out.append(Case(f"oneliner:{text[:40]}", text, cat, kinds, id=want))
    return out


# ----------------------------------------------------------------------------------------------
# Families the catalogue lists but the corpus lacks: short synthetic texts in our own words that
# carry the identifying facts (title, version line, key clauses). Not the real texts.
FAMILIES: list[Case] = [
    Case(
        "family:mistral-research",
        "Mistral AI Research License\n\nIf You want to use a Mistral Model for any purpose other than research, "
        "You need a separate agreement with Mistral AI. You may use the Model for Research Purposes only. "
        "Research Purposes means non-commercial scientific work, personal use and testing.",
        "non-commercial",
        {"research-only"},
        id="mistral-research-license",
    ),
    Case(
        "family:mnpl",
        "Mistral AI Non-Production License\n\n1. Scope. You may use the Mistral Models for testing, research, "
        "personal or evaluation purposes in Non-Production Environments. You shall not use the Mistral Models "
        "in a production environment or for any commercial activity.",
        {"restricted", "non-commercial"},
        {"no-production-use"},
        id="mistral-non-production-license",
    ),
    Case(
        "family:flux-dev",
        "FLUX.1 [dev] Non-Commercial License\n\nBlack Forest Labs grants you a license to use the model and "
        "its derivatives for Non-Commercial Purposes only. Any commercial use requires a separate license. "
        "You may not use outputs to train a model that competes with FLUX.1 [dev].",
        "non-commercial",
        {"non-commercial"},
        id="flux-1-dev-non-commercial-license",
    ),
    Case(
        "family:ai2-impact",
        "AI2 ImpACT License - Low Risk Artifacts (LR Agreement)\n\nYou agree not to use the Artifacts for "
        "the use restrictions listed in this agreement, including military applications or surveillance of "
        "individuals. Any Derivative you distribute must be released under these same terms, including "
        "the use-based restrictions, which must be included as enforceable provisions.",
        "restricted",
        {"use-restrictions"},
        id="ai2-impact-license",
    ),
    Case(
        "family:jamba",
        "Jamba Open Model License Agreement\n\nAI21 grants you a license to use the Model, subject to the "
        "AI21 Acceptable Use Policy, which is incorporated herein by reference. If your organisation's "
        "annual revenue exceeds US$50 million, you must obtain a commercial license from AI21.",
        "restricted",
        {"aup-incorporated", "revenue-threshold"},
        id="jamba-open-model-license",
    ),
    Case(
        "family:grok2",
        "Grok 2 Community License Agreement\n\nYour use is subject to the xAI Acceptable Use Policy. You may "
        "not use the Materials or outputs to train, create or improve any other large language model. "
        "Commercial use is permitted only if your annual revenue is below $1 million.",
        "restricted",
        {"aup-incorporated", "no-output-training", "revenue-threshold"},
        id="grok2-community",
    ),
    Case(
        "family:falcon-180b",
        "Falcon 180B TII License Version 1.0\n\nYour use must comply with the Acceptable Use Policy, which "
        "TII may update from time to time. Hosting Use of the Work requires a separate license.",
        "restricted",
        {"aup-incorporated", "terms-update"},
        id="falcon-llm-license",
    ),
    Case(
        "family:nvidia-open-model",
        "NVIDIA Open Model License Agreement\n\nLast modified: June 1, 2031\n\nIf You bypass, disable or "
        "circumvent any technical safety guardrail contained in the Model, your rights under this "
        "Agreement will automatically terminate. NVIDIA may update this Agreement from time to time.",
        "restricted",
        {"guardrail-clause", "terms-update"},
        id="nvidia-open-model-license",
    ),
    Case(
        "family:tongyi-research",
        "Tongyi Qianwen RESEARCH LICENSE AGREEMENT\n\nYou may use the Materials solely for non-commercial "
        "research purposes. Commercial use requires a separate license from Alibaba Cloud.",
        "non-commercial",
        {"non-commercial"},
        id="tongyi-qianwen-research",
    ),
    Case(
        "family:qwen-research",
        "Qwen RESEARCH LICENSE AGREEMENT\n\nRelease Date: September 19, 2031\n\nYou may use the Materials "
        "only for non-commercial purposes, such as academic research.",
        "non-commercial",
        {"non-commercial"},
        id="qwen-research",
    ),
    Case(
        "family:baichuan",
        "Baichuan 2 Model Community License Agreement\n\nIf your or your affiliates' daily active users "
        "exceed 1 million, you must apply to Baichuan for a commercial license. You shall not use the "
        "model for any purpose that harms national security or for military purposes.",
        "restricted",
        {"mau-threshold"},
        id="baichuan2-community",
    ),
    Case(
        "family:yi",
        "Yi Series Models Community License Agreement\nVersion: 2.1\n\nCommercial use requires registering "
        "with 01.AI for a free commercial license. You shall not use the Yi Series Models for any military "
        "or illegal purpose.",
        "restricted",
        {"use-restrictions"},
        id="yi-license",
    ),
    Case(
        "family:internlm",
        "InternLM Model License Agreement\n\nThe code is open; the weights are fully open for academic "
        "research. Free commercial use requires filling in an application form. You may not use the "
        "model for any purpose that violates applicable laws, or for military purposes.",
        "restricted",
        {"use-restrictions"},
        id="internlm-license",
    ),
    Case(
        "family:codellama",
        "LLAMA 2 COMMUNITY LICENSE AGREEMENT\nLlama 2 Version Release Date: July 18, 2023\n\nThis license also "
        "governs Code Llama. If the monthly active users of your products exceed 700 million, you must "
        "request a license from Meta. Your use must comply with the Acceptable Use Policy, incorporated "
        "herein by reference.",
        "restricted",
        {"aup-incorporated", "mau-threshold"},
        id="llama2",
    ),
    Case(
        "family:stability-community",
        "STABILITY AI COMMUNITY LICENSE AGREEMENT\nLast Updated: July 5, 2031\n\nCommercial use is free for "
        "organisations with annual revenue of less than US $1,000,000. Use must follow the Stability AI "
        "Acceptable Use Policy, which is incorporated by reference.",
        "restricted",
        {"revenue-threshold", "aup-incorporated"},
        id="stabilityai-ai-community",
    ),
    Case(
        "family:stability-nc-research",
        "STABILITY AI NON-COMMERCIAL RESEARCH COMMUNITY LICENSE AGREEMENT\n\nYou may use the Software "
        "Products for non-commercial research purposes only.",
        "non-commercial",
        {"non-commercial", "research-only"},
        id="sai-nc-community",
    ),
    Case(
        "family:seallm",
        "SeaLLMs Terms of Use\n\nBy using the SeaLLM models you agree to the Llama 2 Community License and "
        "to these additional terms. You shall not use the model to generate harmful, illegal or misleading "
        "content, or for military purposes.",
        "restricted",
        {"use-restrictions"},
        id="seallms",
    ),
    Case(
        "family:cohere-nc-aup",
        "This model is licensed under CC-BY-NC 4.0 and also requires adhering to the C4AI Acceptable Use Policy.",
        "non-commercial",
        {"non-commercial", "aup-incorporated"},
        id={"cc-by-nc-4.0", "other"},
    ),
]


ALL_CASES: list[Case] = (
    _substance_cases()
    + _truncated_cases()
    + _appended_cases()
    + _removed_cases()
    + _fork_cases()
    + _version_cases()
    + _notice_cases()
    + FAMILIES
)


def _group(name: str) -> str:
    return name.split(":", 1)[0].split("-")[0]


def test_heldout_figures() -> None:
    """Per-group pass rates (printed); every group must stay at 100%."""
    groups: dict[str, list[int]] = {}
    failures = []
    for case in ALL_CASES:
        errs = _check(case)
        g = groups.setdefault(_group(case.name), [0, 0])
        g[1] += 1
        if not errs:
            g[0] += 1
        else:
            failures.append(f"{case.name}: {'; '.join(errs)}")
    total = sum(g[1] for g in groups.values())
    ok = sum(g[0] for g in groups.values())
    print(f"\nheld-out variants: {ok}/{total} = {ok / total:.1%}")
    for name, (good, n) in sorted(groups.items()):
        print(f"  {name:14} {good}/{n}")
    for f in failures[:80]:
        print("  FAIL", f)
    assert not failures, f"{len(failures)} held-out variant(s) fail"
