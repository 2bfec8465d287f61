"""The license catalogue: ids, Hub <-> SPDX mapping, names, categories, OSI flags and the facts that
identify each license (titles, version/date lines, fingerprint phrases). Never license texts.

Patterns are written against *flattened* text (lower case, straight quotes, ASCII dashes, runs of
whitespace collapsed to one space, markdown/HTML markup removed) — see `detect.flatten`.
A versioned family (Llama, Creative Commons, ...) is one entry whose title pattern captures the
version; `resolve` turns the captured version into a concrete id, so a version not listed here
(say "Llama 5") is still recognised as a member of its family.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from unveil.licenses.prefilter import Guarded, guard

# Blocking kinds make a license not open source / open data (README vocabulary); the rest inform.
BLOCKING_KINDS: frozenset[str] = frozenset(
    {
        "aup-incorporated",
        "use-restrictions",
        "flow-down",
        "mau-threshold",
        "revenue-threshold",
        "non-commercial",
        "research-only",
        "no-production-use",
        "no-output-training",
        "territorial",
        "remote-restriction",
        "terms-update",
        "guardrail-clause",
        "no-derivatives",
        "no-patent-grant",
        "computational-use-only",
    }
)
INFORMATIONAL_KINDS: frozenset[str] = frozenset(
    {"attribution-naming", "notice-file", "copyleft", "network-copyleft", "share-alike"}
)

OPEN_CATEGORIES = frozenset({"open-source", "open-data", "open-content"})


@dataclass(frozen=True)
class LicenseInfo:
    id: str  # Hub `license:` id, or the `license_name` used with `license: other`
    name: str
    category: str
    spdx: str | None = None  # SPDX id, or a LicenseRef- for licenses SPDX does not list
    osi: bool = False
    kinds: tuple[str, ...] = ()  # restriction kinds the license is known to carry
    version: str | None = None
    hub: bool = False  # True when the Hub has this id in its `license:` list
    family: str | None = None
    # Flattened-text regexes of the title/heading (strong evidence).
    titles: tuple[str, ...] = ()
    # Fingerprint phrases: all must appear (for texts that carry no title, e.g. MIT, ISC).
    phrases: tuple[str, ...] = ()
    # Phrases that rule this entry out (e.g. the GPL-3.0 text is not the LGPL).
    excludes: tuple[str, ...] = ()
    # Name references as found in README sections, notices and SPDX headers (weaker evidence).
    mentions: tuple[str, ...] = ()
    # Versioned family: title regex group 'v' -> concrete id.
    resolve: Callable[[re.Match[str]], str | None] | None = field(default=None, compare=False)
    ai: bool = False  # an AI-specific licence or policy (catalogue facts, not SPDX)
    # Approximate length in words of the full text; a text far longer carries extra terms.
    words: int | None = None


def _e(**kw: object) -> LicenseInfo:
    for key in ("titles", "phrases", "excludes", "mentions", "kinds"):
        if key in kw and isinstance(kw[key], str):
            kw[key] = (kw[key],)
        elif key in kw:
            kw[key] = tuple(kw[key])  # type: ignore[arg-type]
    return LicenseInfo(**kw)  # type: ignore[arg-type]


_LLAMA_KINDS = ("aup-incorporated", "mau-threshold", "attribution-naming", "notice-file")

# ---------------------------------------------------------------------------------------------
# AI-specific licences and use policies. Kinds are facts about each licence's terms.
AI_LICENSES: list[LicenseInfo] = [
    _e(
        id="llama2",
        name="Llama 2 Community License Agreement",
        category="restricted",
        spdx="LicenseRef-llama2",
        version="2",
        hub=True,
        family="llama",
        ai=True,
        kinds=_LLAMA_KINDS[:2] + ("no-output-training", "notice-file"),
    ),
    _e(
        id="llama3",
        name="Meta Llama 3 Community License Agreement",
        category="restricted",
        spdx="LicenseRef-llama3",
        version="3",
        hub=True,
        family="llama",
        ai=True,
        kinds=(
            "aup-incorporated",
            "mau-threshold",
            "no-output-training",
            "attribution-naming",
            "notice-file",
        ),
    ),
    _e(
        id="llama3.1",
        name="Llama 3.1 Community License Agreement",
        category="restricted",
        spdx="LicenseRef-llama3.1",
        version="3.1",
        hub=True,
        family="llama",
        ai=True,
        kinds=_LLAMA_KINDS,
    ),
    _e(
        id="llama3.2",
        name="Llama 3.2 Community License Agreement",
        category="restricted",
        spdx="LicenseRef-llama3.2",
        version="3.2",
        hub=True,
        family="llama",
        ai=True,
        kinds=_LLAMA_KINDS + ("territorial",),
    ),
    _e(
        id="llama3.3",
        name="Llama 3.3 Community License Agreement",
        category="restricted",
        spdx="LicenseRef-llama3.3",
        version="3.3",
        hub=True,
        family="llama",
        ai=True,
        kinds=_LLAMA_KINDS,
    ),
    _e(
        id="llama4",
        name="Llama 4 Community License Agreement",
        category="restricted",
        spdx="LicenseRef-llama4",
        version="4",
        hub=True,
        family="llama",
        ai=True,
        kinds=_LLAMA_KINDS + ("territorial",),
    ),
    # The family entry: any "Llama N[.M] Community License Agreement" (title decides the version).
    _e(
        id="llama",
        name="Llama Community License Agreement",
        category="restricted",
        family="llama",
        ai=True,
        kinds=_LLAMA_KINDS,
        titles=(
            r"(?:meta )?llama (?P<v>\d+(?:\.\d+)?) community license(?: agreement)?",
            # The version line ("Llama 3.1 Version Release Date: ...") names the version as well.
            r"(?:meta )?llama (?P<v>\d+(?:\.\d+)?) version release date",
        ),
        mentions=(r"(?:meta )?llama (?P<v>\d+(?:\.\d+)?) community license",),
        resolve=lambda m: f"llama{m.group('v')}",
    ),
    _e(
        id="llama-use-policy",
        name="Llama Acceptable Use Policy",
        category="restricted",
        family="llama-aup",
        ai=True,
        kinds=("use-restrictions",),
        titles=(
            r"(?:meta )?llama (?P<v>\d+(?:\.\d+)?) acceptable use policy",
            r"if you access or use (?:meta )?llama (?P<v>\d+(?:\.\d+)?),? you agree to this acceptable use policy",
        ),
        resolve=lambda m: f"llama{m.group('v')}-use-policy",
    ),
    _e(
        id="gemma",
        name="Gemma Terms of Use",
        category="restricted",
        spdx="LicenseRef-gemma",
        hub=True,
        ai=True,
        kinds=("aup-incorporated", "flow-down", "remote-restriction", "terms-update"),
        titles=(r"gemma terms of use",),
        mentions=(r"gemma terms of use", r"gemma license"),
    ),
    _e(
        id="gemma-prohibited-use-policy",
        name="Gemma Prohibited Use Policy",
        category="restricted",
        ai=True,
        kinds=("use-restrictions", "terms-update"),
        titles=(r"gemma prohibited use policy",),
    ),
    _e(
        id="creativeml-openrail-m",
        name="CreativeML Open RAIL-M",
        category="restricted",
        spdx="CreativeML-OpenRAIL-M",
        hub=True,
        ai=True,
        version="2022-08-22",
        kinds=("use-restrictions", "flow-down", "remote-restriction"),
        titles=(r"creativeml open rail-m(?! ?\+)",),
        mentions=(r"creativeml[- ]open ?rail-m",),
    ),
    _e(
        id="openrail++",
        name="CreativeML Open RAIL++-M License",
        category="restricted",
        spdx="LicenseRef-openrail-plus-plus",
        hub=True,
        ai=True,
        kinds=("use-restrictions", "flow-down", "remote-restriction"),
        titles=(r"open rail\+\+-m license", r"openrail\+\+"),
        mentions=(r"openrail\+\+",),
    ),
    _e(
        id="bigscience-bloom-rail-1.0",
        name="BigScience RAIL License v1.0",
        category="restricted",
        spdx="LicenseRef-bigscience-bloom-rail-1.0",
        hub=True,
        ai=True,
        version="1.0",
        kinds=("use-restrictions", "flow-down", "remote-restriction"),
        titles=(r"bigscience (?:bloom )?rail license v ?1\.0",),
        phrases=(r"this license governs the use of the bigscience bloom models",),
        mentions=(r"bigscience[- ]bloom[- ]rail",),
    ),
    _e(
        id="bigscience-openrail-m",
        name="BigScience Open RAIL-M License",
        category="restricted",
        spdx="LicenseRef-bigscience-openrail-m",
        hub=True,
        ai=True,
        kinds=("use-restrictions", "flow-down", "remote-restriction"),
        titles=(r"bigscience open ?rail-m license",),
        phrases=(r"open ?rail-m license was created by bigscience",),
        mentions=(r"bigscience[- ]open ?rail-m",),
    ),
    _e(
        id="bigcode-openrail-m",
        name="BigCode Open RAIL-M v1 License Agreement",
        category="restricted",
        spdx="LicenseRef-bigcode-openrail-m",
        hub=True,
        ai=True,
        kinds=("use-restrictions", "flow-down", "remote-restriction"),
        titles=(r"bigcode open ?rail-m v\d", r"bigcode openrail-m"),
        phrases=(r"open ?rail-m license agreement was created under bigcode",),
        mentions=(r"bigcode[- ]open ?rail-m",),
    ),
    _e(
        id="openrail",
        name="Open RAIL License",
        category="restricted",
        spdx="LicenseRef-openrail",
        hub=True,
        ai=True,
        kinds=("use-restrictions", "flow-down"),
        mentions=(r"\bopen ?rail\b(?![-+])",),
    ),
    _e(
        id="deepseek",
        name="DeepSeek License Agreement",
        category="restricted",
        spdx="LicenseRef-deepseek",
        ai=True,
        kinds=("use-restrictions", "flow-down", "remote-restriction"),
        titles=(r"deepseek license agreement",),
        phrases=(r"\bdeepseek hereby grants to you\b",),
        mentions=(r"deepseek license",),
    ),
    _e(
        id="tongyi-qianwen",
        name="Tongyi Qianwen License Agreement",
        category="restricted",
        spdx="LicenseRef-tongyi-qianwen",
        ai=True,
        kinds=("mau-threshold", "no-output-training", "notice-file"),
        titles=(r"tongyi qianwen license agreement",),
        mentions=(r"tongyi[- ]qianwen",),
    ),
    _e(
        id="tongyi-qianwen-research",
        name="Tongyi Qianwen Research License Agreement",
        category="non-commercial",
        spdx="LicenseRef-tongyi-qianwen-research",
        ai=True,
        kinds=("non-commercial", "research-only"),
        titles=(r"tongyi qianwen research license agreement",),
    ),
    _e(
        id="qwen",
        name="Qwen License Agreement",
        category="restricted",
        spdx="LicenseRef-qwen",
        ai=True,
        kinds=("mau-threshold", "attribution-naming", "notice-file"),
        titles=(r"qwen license agreement",),
        mentions=(r"qwen license",),
    ),
    _e(
        id="qwen-research",
        name="Qwen Research License Agreement",
        category="non-commercial",
        spdx="LicenseRef-qwen-research",
        ai=True,
        kinds=("non-commercial", "research-only", "attribution-naming"),
        titles=(r"qwen research license agreement",),
        mentions=(r"qwen research license",),
    ),
    _e(
        id="falcon2-11b-license",
        name="Falcon 2 11B TII License",
        category="restricted",
        spdx="LicenseRef-falcon2-11b",
        ai=True,
        kinds=("aup-incorporated", "terms-update"),
        titles=(r"falcon 2 11b tii license",),
        phrases=(r"initial release of falcon 2 11b\b",),
    ),
    _e(
        id="falcon-llm-license",
        name="Falcon TII License",
        category="restricted",
        spdx="LicenseRef-falcon-llm",
        ai=True,
        kinds=("aup-incorporated", "terms-update"),
        titles=(r"falcon[- ]?(?:180b|3|mamba|h1|[\w.-]+)? tii license", r"tii falcon(?:[- ]\w+)? license"),
        mentions=(r"falcon[- ]llm license", r"tii falcon license"),
    ),
    _e(
        id="nvidia-open-model-license",
        name="NVIDIA Open Model License Agreement",
        category="restricted",
        spdx="LicenseRef-nvidia-open-model",
        ai=True,
        kinds=("guardrail-clause", "terms-update", "attribution-naming"),
        titles=(r"nvidia open model license(?: agreement)?",),
        mentions=(r"nvidia open model license",),
    ),
    _e(
        id="nvidia-one-way-noncommercial-license",
        name="NVIDIA One-Way Noncommercial License",
        ai=True,
        category="non-commercial",
        spdx="LicenseRef-nvidia-noncommercial",
        kinds=("non-commercial",),
        titles=(r"nvidia (?:one-way )?non-?commercial license",),
    ),
    _e(
        id="stabilityai-ai-community",
        name="Stability AI Community License Agreement",
        category="restricted",
        spdx="LicenseRef-stability-ai-community",
        ai=True,
        kinds=(
            "aup-incorporated",
            "revenue-threshold",
            "no-output-training",
            "attribution-naming",
            "terms-update",
        ),
        titles=(r"stability ai community license(?: agreement)?",),
        mentions=(r"stability ai community license",),
    ),
    _e(
        id="sai-nc-community",
        name="Stability AI Non-Commercial Research Community License",
        category="non-commercial",
        spdx="LicenseRef-sai-nc-community",
        ai=True,
        kinds=("non-commercial", "research-only", "aup-incorporated", "terms-update"),
        titles=(
            r"stability ai non-commercial research community license",
            r"stable non-commercial research community license",
        ),
    ),
    _e(
        id="apple-ascl",
        name="Apple Sample Code License",
        category="restricted",
        spdx="LicenseRef-apple-ascl",
        hub=True,
        ai=True,
        kinds=("no-patent-grant",),
        titles=(r"apple sample code license",),
        phrases=(r"this apple software is supplied to you by apple inc",),
    ),
    _e(
        id="apple-amlr",
        name="Apple Machine Learning Research Model License",
        category="non-commercial",
        spdx="LicenseRef-apple-amlr",
        hub=True,
        ai=True,
        kinds=("non-commercial", "research-only"),
        titles=(r"apple machine learning research model license",),
    ),
    _e(
        id="openmdw-1.0",
        name="OpenMDW License Agreement 1.0",
        category="open-data",
        spdx="LicenseRef-OpenMDW-1.0",
        hub=True,
        ai=True,
        version="1.0",
        titles=(r"openmdw license agreement,? version 1\.0",),
        phrases=(r"permission is hereby granted, free of charge, to deal in the model materials",),
        mentions=(r"openmdw(?:-1\.0)?",),
    ),
    _e(
        id="tencent-hunyuan-community",
        name="Tencent Hunyuan Community License Agreement",
        category="restricted",
        spdx="LicenseRef-tencent-hunyuan-community",
        ai=True,
        kinds=(
            "territorial",
            "mau-threshold",
            "aup-incorporated",
            "no-output-training",
            "attribution-naming",
        ),
        titles=(r"tencent hunyuan(?: [\w.-]+){0,3} community license agreement",),
        mentions=(r"tencent hunyuan(?: [\w.-]+){0,3} community license",),
    ),
    _e(
        id="exaone",
        name="EXAONE AI Model License Agreement",
        category="non-commercial",
        spdx="LicenseRef-exaone",
        ai=True,
        kinds=("non-commercial", "research-only", "no-output-training", "terms-update"),
        titles=(r"exaone ai model license agreement",),
        phrases=(r"governing the use of the exaone ai model",),
        mentions=(r"exaone ai model license",),
    ),
    _e(
        id="chameleon-research-license",
        name="Chameleon Research License",
        category="non-commercial",
        spdx="LicenseRef-chameleon-research",
        ai=True,
        kinds=("non-commercial", "research-only", "aup-incorporated", "terms-update"),
        titles=(r"chameleon research license",),
    ),
    _e(
        id="fair-noncommercial-research-license",
        name="FAIR Noncommercial Research License",
        category="non-commercial",
        spdx="LicenseRef-fair-noncommercial-research",
        hub=True,
        ai=True,
        kinds=("non-commercial", "research-only", "aup-incorporated"),
        titles=(r"fair noncommercial research license",),
    ),
    _e(
        id="playground-v2-community",
        name="Playground v2 Community License",
        category="restricted",
        spdx="LicenseRef-playground-v2-community",
        ai=True,
        kinds=("use-restrictions", "no-output-training"),
        titles=(r"playground v[\d.]+ community license",),
    ),
    _e(
        id="deepfloyd-if-license",
        name="DeepFloyd IF License Agreement",
        category="non-commercial",
        spdx="LicenseRef-deepfloyd-if",
        hub=True,
        ai=True,
        kinds=("non-commercial", "research-only"),
        titles=(r"deepfloyd if license agreement",),
    ),
    _e(
        id="flux-1-dev-non-commercial-license",
        name="FLUX.1 [dev] Non-Commercial License",
        ai=True,
        category="non-commercial",
        spdx="LicenseRef-flux-1-dev-nc",
        kinds=("non-commercial",),
        titles=(r"flux\.1 \[dev\] non-commercial license",),
    ),
    _e(
        id="mistral-research-license",
        name="Mistral AI Research License",
        category="non-commercial",
        spdx="LicenseRef-mrl",
        ai=True,
        kinds=("non-commercial", "research-only"),
        titles=(r"mistral ai research license",),
    ),
    _e(
        id="mistral-non-production-license",
        name="Mistral AI Non-Production License",
        category="restricted",
        spdx="LicenseRef-mnpl",
        ai=True,
        kinds=("no-production-use",),
        titles=(r"mistral ai non-production license",),
    ),
    _e(
        id="grok2-community",
        name="Grok 2 Community License Agreement",
        category="restricted",
        hub=True,
        ai=True,
        spdx="LicenseRef-grok2-community",
        kinds=("aup-incorporated", "no-output-training", "revenue-threshold"),
        titles=(r"grok 2 community license agreement",),
    ),
    _e(
        id="ai2-impact-license",
        name="AI2 ImpACT License",
        category="restricted",
        spdx="LicenseRef-ai2-impact",
        ai=True,
        kinds=("use-restrictions",),
        titles=(r"ai2 impact license",),
    ),
    _e(
        id="jamba-open-model-license",
        name="Jamba Open Model License Agreement",
        category="restricted",
        spdx="LicenseRef-jamba-open-model",
        ai=True,
        kinds=("aup-incorporated", "revenue-threshold"),
        titles=(r"jamba open model license(?: agreement)?",),
    ),
    _e(
        id="baichuan2-community",
        name="Baichuan 2 Model Community License Agreement",
        category="restricted",
        spdx="LicenseRef-baichuan2-community",
        ai=True,
        # Commercial use needs an application above 1M daily active users; harmful uses are excluded.
        kinds=("mau-threshold", "use-restrictions"),
        titles=(
            r"baichuan ?2? (?:model )?community license(?: agreement)?",
            r"community license for (?:the )?baichuan ?2? model",
        ),
        mentions=(r"baichuan ?2? (?:model )?community license", r"baichuan[- ]?2?[- ]community[- ]license"),
    ),
    _e(
        id="yi-license",
        name="Yi Series Models Community License Agreement",
        category="restricted",
        spdx="LicenseRef-yi",
        ai=True,
        kinds=("use-restrictions",),
        titles=(r"yi series models? (?:community )?license agreement",),
        mentions=(r"\byi[- ]license\b", r"yi series models? (?:community )?license"),
    ),
    _e(
        id="internlm-license",
        name="InternLM Model License Agreement",
        category="restricted",
        spdx="LicenseRef-internlm",
        ai=True,
        kinds=("use-restrictions",),
        titles=(r"internlm[\w.-]* (?:model |open source )?license agreement",),
        mentions=(r"internlm[\w.-]* (?:model )?license",),
    ),
    _e(
        id="seallms",
        name="SeaLLMs Terms of Use",
        category="restricted",
        spdx="LicenseRef-seallms",
        ai=True,
        kinds=("use-restrictions",),
        titles=(r"seallms? terms of use", r"seallms? (?:community )?license agreement"),
        mentions=(r"seallms? (?:terms of use|license)",),
    ),
    _e(
        id="cohere-c4ai-aup",
        name="Cohere For AI Acceptable Use Policy",
        category="restricted",
        ai=True,
        kinds=("use-restrictions",),
        titles=(r"c4ai acceptable use policy",),
    ),
]

# ---------------------------------------------------------------------------------------------
# Common open source, data and content licences (SPDX list facts: id, OSI flag).
_GPL_EXCL = (r"gnu lesser general public license version \d", r"gnu affero general public license version \d")
STANDARD_LICENSES: list[LicenseInfo] = [
    _e(
        id="apache-2.0",
        spdx="Apache-2.0",
        name="Apache License 2.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=(),
        words=1600,
        titles=(r"apache license,? version 2\.0",),
        phrases=(r"licensed under the apache license,? version 2\.0",),
        mentions=(r"apache(?: license)?[ -]?(?:v(?:ersion)? ?)?2(?:\.0)?\b", r"\bapache-2\.0\b"),
    ),
    _e(
        id="apache-1.1",
        spdx="Apache-1.1",
        name="Apache License 1.1",
        category="open-source",
        osi=True,
        titles=(r"apache (?:software )?license,? version 1\.1",),
    ),
    _e(
        id="mit",
        spdx="MIT",
        name="MIT License",
        category="open-source",
        osi=True,
        hub=True,
        words=170,
        titles=(r"\bmit license",),
        phrases=(
            r"permission is hereby granted, free of charge, to any person obtaining a copy",
            r"the above copyright notice and this permission notice shall be included",
        ),
        mentions=(r"\bmit(?: license)?\b",),
    ),
    _e(
        id="mit-0",
        spdx="MIT-0",
        name="MIT No Attribution",
        category="open-source",
        osi=True,
        titles=(r"mit no attribution",),
        phrases=(
            r"permission is hereby granted, free of charge, to any person obtaining a copy",
            r"to whom the software is furnished to do so\. the software is provided",
        ),
    ),
    _e(
        id="bsd-3-clause",
        spdx="BSD-3-Clause",
        name="BSD 3-Clause License",
        category="open-source",
        osi=True,
        hub=True,
        words=220,
        phrases=(r"redistribution and use in source and binary forms", r"neither the name of"),
        excludes=(r"advertising materials",),
        mentions=(r"bsd[- ]3[- ]clause", r"3-clause bsd", r"new bsd"),
    ),
    _e(
        id="bsd-2-clause",
        spdx="BSD-2-Clause",
        name="BSD 2-Clause License",
        category="open-source",
        osi=True,
        hub=True,
        words=180,
        phrases=(r"redistribution and use in source and binary forms",),
        excludes=(r"neither the name of", r"advertising materials"),
        mentions=(r"bsd[- ]2[- ]clause", r"2-clause bsd", r"simplified bsd"),
    ),
    _e(
        id="bsd-4-clause",
        spdx="BSD-4-Clause",
        name="BSD 4-Clause License",
        category="open-source",
        osi=False,
        phrases=(r"redistribution and use in source and binary forms", r"advertising materials"),
    ),
    _e(
        id="gpl-2.0",
        spdx="GPL-2.0-only",
        name="GNU General Public License v2.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"gnu general public license,? version 2, june 1991",),
        phrases=(r"this general public license applies to most of the free software foundation's software",),
        excludes=_GPL_EXCL,
        mentions=(r"\bgpl[- ]?v?2(?:\.0)?\b", r"gnu general public license,? v(?:ersion)? ?2"),
    ),
    _e(
        id="gpl-3.0",
        spdx="GPL-3.0-only",
        name="GNU General Public License v3.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"gnu general public license,? version 3, 29 june 2007",),
        phrases=(r"\"?this license\"? refers to version 3 of the gnu general public license",),
        excludes=_GPL_EXCL,
        mentions=(r"\bgpl[- ]?v?3(?:\.0)?\b", r"gnu general public license,? v(?:ersion)? ?3"),
    ),
    _e(
        id="lgpl-2.1",
        spdx="LGPL-2.1-only",
        name="GNU Lesser General Public License v2.1",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"gnu lesser general public license,? version 2\.1",),
        phrases=(r"this license, the lesser general public license, applies to some specially designated",),
        mentions=(r"\blgpl[- ]?v?2\.1\b",),
    ),
    _e(
        id="lgpl-3.0",
        spdx="LGPL-3.0-only",
        name="GNU Lesser General Public License v3.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"gnu lesser general public license,? version 3",),
        phrases=(r"\"?this license\"? refers to version 3 of the gnu lesser general public license",),
        mentions=(r"\blgpl[- ]?v?3(?:\.0)?\b",),
    ),
    _e(
        id="agpl-3.0",
        spdx="AGPL-3.0-only",
        name="GNU Affero General Public License v3.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft", "network-copyleft"),
        titles=(r"gnu affero general public license,? version 3",),
        phrases=(r"\"?this license\"? refers to version 3 of the gnu affero general public license",),
        mentions=(r"\bagpl[- ]?v?3(?:\.0)?\b",),
    ),
    _e(
        id="mpl-2.0",
        spdx="MPL-2.0",
        name="Mozilla Public License 2.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"mozilla public license,? version 2\.0",),
        phrases=(r"this source code form is subject to the terms of the mozilla public license,? v\. 2\.0",),
        mentions=(r"\bmpl[- ]?2\.0\b",),
    ),
    _e(
        id="isc",
        spdx="ISC",
        name="ISC License",
        category="open-source",
        osi=True,
        hub=True,
        phrases=(
            r"permission to use, copy, modify, and(?:/or)? distribute this software for any purpose with or "
            r"without fee is hereby granted",
        ),
        mentions=(r"\bisc license\b",),
    ),
    _e(
        id="unlicense",
        spdx="Unlicense",
        name="The Unlicense",
        category="open-source",
        osi=True,
        hub=True,
        phrases=(r"this is free and unencumbered software released into the public domain",),
        mentions=(r"\bthe unlicense\b",),
    ),
    _e(
        id="bsl-1.0",
        spdx="BSL-1.0",
        name="Boost Software License 1.0",
        category="open-source",
        osi=True,
        hub=True,
        titles=(r"boost software license,? -? ?version 1\.0",),
        phrases=(
            r"to any person or organization obtaining a copy of the software and accompanying documentation "
            r"covered by this license",
        ),
    ),
    _e(
        id="epl-2.0",
        spdx="EPL-2.0",
        name="Eclipse Public License 2.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"eclipse public license -? ?v(?:ersion)? ?2\.0",),
        phrases=(r"provided under the terms of this eclipse public license", r"eclipse public license,? v\. 2\.0"),
    ),
    _e(
        id="epl-1.0",
        spdx="EPL-1.0",
        name="Eclipse Public License 1.0",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"eclipse public license -? ?v(?:ersion)? ?1\.0",),
    ),
    _e(
        id="zlib",
        spdx="Zlib",
        name="zlib License",
        category="open-source",
        osi=True,
        hub=True,
        phrases=(
            r"this software is provided 'as-is', without any express or implied warranty",
            r"including commercial applications, and to alter it and redistribute it freely",
        ),
    ),
    _e(
        id="artistic-2.0",
        spdx="Artistic-2.0",
        name="Artistic License 2.0",
        category="open-source",
        osi=True,
        hub=True,
        titles=(r"the artistic license 2\.0",),
        phrases=(r"this license establishes the terms under which a given free software package may be copied",),
    ),
    _e(
        id="eupl-1.2",
        spdx="EUPL-1.2",
        name="European Union Public Licence 1.2",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"european union public licen[cs]e v\. ?1\.2",),
        phrases=(r"this european union public licen[cs]e \(the '?eupl'?\) applies to the work",),
    ),
    _e(
        id="eupl-1.1",
        spdx="EUPL-1.1",
        name="European Union Public Licence 1.1",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"european union public licen[cs]e v\. ?1\.1",),
    ),
    _e(
        id="ofl-1.1",
        spdx="OFL-1.1",
        name="SIL Open Font License 1.1",
        category="open-source",
        osi=True,
        hub=True,
        kinds=("copyleft",),
        titles=(r"sil open font license,? version 1\.1",),
    ),
    _e(
        id="ms-pl",
        spdx="MS-PL",
        name="Microsoft Public License",
        category="open-source",
        osi=True,
        hub=True,
        titles=(r"microsoft public license \(ms-pl\)",),
    ),
    _e(
        id="postgresql",
        spdx="PostgreSQL",
        name="PostgreSQL License",
        category="open-source",
        osi=True,
        hub=True,
        titles=(r"postgresql (?:database management system|license)",),
    ),
    _e(
        id="0bsd",
        spdx="0BSD",
        name="BSD Zero Clause License",
        category="open-source",
        osi=True,
        titles=(r"zero-clause bsd", r"bsd zero clause license"),
    ),
    _e(
        id="wtfpl",
        spdx="WTFPL",
        name="Do What The F*ck You Want To Public License",
        category="open-content",
        osi=False,
        hub=True,
        titles=(r"do what the fuck you want to public license",),
    ),
    _e(
        id="cc0-1.0",
        spdx="CC0-1.0",
        name="Creative Commons Zero v1.0 Universal",
        category="open-content",
        osi=False,
        hub=True,
        titles=(r"\bcc0 1\.0 universal",),
        mentions=(r"\bcc0(?:[- ]1\.0)?\b",),
    ),
    # Creative Commons family: the title names the elements and the version.
    _e(
        id="cc",
        name="Creative Commons licence",
        category="open-content",
        family="cc",
        titles=(
            r"(?:creative commons )?(?:legal code )?attribution(?P<el>(?:[- ](?:noncommercial|sharealike|"
            r"noderivatives|noderivs|no derivatives|non-commercial|share alike))*) (?P<v>[1-4]\.[05])"
            r"(?: (?:international|unported|generic))?",
        ),
        mentions=(r"\bcc[- ]by(?P<el>(?:-(?:nc|sa|nd))*)[- ](?P<v>[1-4]\.[05])\b",),
        resolve=lambda m: cc_id(m.group("el") or "", m.group("v")),
    ),
    _e(
        id="odbl",
        spdx="ODbL-1.0",
        name="Open Database License v1.0",
        category="open-data",
        hub=True,
        kinds=("share-alike",),
        titles=(r"open database license \(odbl\)",),
        mentions=(r"\bodbl\b",),
    ),
    _e(
        id="odc-by",
        spdx="ODC-By-1.0",
        name="Open Data Commons Attribution License v1.0",
        category="open-data",
        hub=True,
        titles=(r"open data commons attribution license",),
        mentions=(r"\bodc-by\b",),
    ),
    _e(
        id="pddl",
        spdx="PDDL-1.0",
        name="Open Data Commons Public Domain Dedication & License 1.0",
        category="open-data",
        hub=True,
        titles=(r"open data commons -? ?public domain dedication (?:&|and) licen[cs]e",),
        mentions=(r"\bpddl\b",),
    ),
    _e(
        id="cdla-permissive-1.0",
        spdx="CDLA-Permissive-1.0",
        name="Community Data License Agreement Permissive 1.0",
        category="open-data",
        hub=True,
        titles=(r"community data license agreement -? ?permissive,? -? ?version 1\.0",),
    ),
    _e(
        id="cdla-permissive-2.0",
        spdx="CDLA-Permissive-2.0",
        name="Community Data License Agreement Permissive 2.0",
        category="open-data",
        hub=True,
        titles=(r"community data license agreement -? ?permissive,? -? ?version 2\.0",),
    ),
    _e(
        id="cdla-sharing-1.0",
        spdx="CDLA-Sharing-1.0",
        name="Community Data License Agreement Sharing 1.0",
        category="open-data",
        hub=True,
        kinds=("share-alike",),
        titles=(r"community data license agreement -? ?sharing,? -? ?version 1\.0",),
    ),
    _e(
        id="c-uda",
        spdx="C-UDA-1.0",
        name="Computational Use of Data Agreement v1.0",
        category="restricted",
        hub=True,
        kinds=("computational-use-only",),
        titles=(r"computational use of data agreement",),
    ),
]

_CC_ELEMENTS = {
    "noncommercial": "nc",
    "non-commercial": "nc",
    "sharealike": "sa",
    "share alike": "sa",
    "noderivatives": "nd",
    "noderivs": "nd",
    "no derivatives": "nd",
    "nc": "nc",
    "sa": "sa",
    "nd": "nd",
}


def cc_id(elements: str, version: str) -> str:
    """'-NonCommercial-ShareAlike', '4.0' -> 'cc-by-nc-sa-4.0' (element order normalised)."""
    found = {
        _CC_ELEMENTS[p.strip()]
        for p in re.split(r"[- ](?=non|share|no|nc|sa|nd)", elements.strip(" -"))
        if p.strip() in _CC_ELEMENTS
    }
    parts = [p for p in ("nc", "nd", "sa") if p in found]
    if "nd" in parts and "sa" in parts:
        parts.remove("sa")
    order = {"nc": 0, "sa": 1, "nd": 1}
    parts.sort(key=order.__getitem__)
    return "-".join(["cc-by", *parts, version])


def cc_info(license_id: str) -> LicenseInfo | None:
    m = re.fullmatch(r"cc-by((?:-(?:nc|sa|nd))*)-([1-4]\.[05])", license_id)
    if not m:
        return None
    els, version = m.group(1), m.group(2)
    kinds = tuple(
        k for k, tag in (("non-commercial", "-nc"), ("no-derivatives", "-nd"), ("share-alike", "-sa")) if tag in els
    )
    category = "non-commercial" if "-nc" in els else "restricted" if "-nd" in els else "open-content"
    spdx = "CC-BY" + els.upper() + "-" + version
    words = {"nc": "NonCommercial", "sa": "ShareAlike", "nd": "NoDerivatives"}
    name = "Creative Commons Attribution" + "".join("-" + words[e] for e in els.split("-") if e) + " " + version
    return LicenseInfo(
        id=license_id,
        name=name,
        category=category,
        spdx=spdx,
        osi=False,
        kinds=kinds,
        version=version,
        hub=True,
        family="cc",
    )


ALL: list[LicenseInfo] = AI_LICENSES + STANDARD_LICENSES
BY_ID: dict[str, LicenseInfo] = {e.id: e for e in ALL}
BY_SPDX: dict[str, LicenseInfo] = {e.spdx.lower(): e for e in ALL if e.spdx}
# Hub / SPDX / common aliases -> catalogue id.
ALIASES: dict[str, str] = {
    "apache 2.0": "apache-2.0",
    "apache2": "apache-2.0",
    "apache license 2.0": "apache-2.0",
    "gpl-2.0-only": "gpl-2.0",
    "gpl-2.0-or-later": "gpl-2.0",
    "gpl-3.0-only": "gpl-3.0",
    "gpl-3.0-or-later": "gpl-3.0",
    "lgpl-2.1-only": "lgpl-2.1",
    "lgpl-2.1-or-later": "lgpl-2.1",
    "lgpl-3.0-only": "lgpl-3.0",
    "lgpl-3.0-or-later": "lgpl-3.0",
    "agpl-3.0-only": "agpl-3.0",
    "agpl-3.0-or-later": "agpl-3.0",
    "odbl-1.0": "odbl",
    "odc-by-1.0": "odc-by",
    "pddl-1.0": "pddl",
    "c-uda-1.0": "c-uda",
    "llama-2": "llama2",
    "llama-3": "llama3",
    "llama-3.1": "llama3.1",
    "deepseek-license": "deepseek",
    "falcon2-11b": "falcon2-11b-license",
    "stability-ai-community": "stabilityai-ai-community",
    "bigscience-rail-1.0": "bigscience-bloom-rail-1.0",
    "aml": "apple-ascl",
    "openmdw": "openmdw-1.0",
    "tencent-hunyuan-3d-2.0": "tencent-hunyuan-community",
    "exaone-1.1-nc": "exaone",
    "chameleon-research": "chameleon-research-license",
    "codellama": "llama2",
    "mnpl": "mistral-non-production-license",
    "mrl": "mistral-research-license",
    "code-llama": "llama2",
    "baichuan2-community-license": "baichuan2-community",
    "baichuan": "baichuan2-community",
    "yi": "yi-license",
    "internlm": "internlm-license",
    "seallm": "seallms",
    "apache 2": "apache-2.0",
    "apache-2": "apache-2.0",
}


def lookup(license_id: str | None) -> LicenseInfo | None:
    """Catalogue entry for a Hub id, SPDX id, license_name or alias (case-insensitive)."""
    if not license_id:
        return None
    key = license_id.strip().lower()
    key = ALIASES.get(key, key)
    if key in BY_ID and BY_ID[key].resolve is None:
        return BY_ID[key]
    if key in BY_SPDX:
        return BY_SPDX[key]
    if key.startswith("cc-by"):
        return cc_info(key)
    m = re.fullmatch(r"(?:meta[- ]?)?llama[- ]?(\d+(?:\.\d+)?)(-use-policy)?", key)
    if m:
        base = BY_ID["llama-use-policy" if m.group(2) else "llama"]
        key = f"llama{m.group(1)}{m.group(2) or ''}"
        return family_member(base, key, m.group(1))
    return None


def family_member(base: LicenseInfo, license_id: str, version: str | None) -> LicenseInfo:
    """A concrete member of a versioned family not listed individually (e.g. 'llama5')."""
    if license_id in BY_ID and BY_ID[license_id].resolve is None:
        return BY_ID[license_id]
    if license_id.startswith("cc-by"):
        return cc_info(license_id) or base
    name = base.name.replace("Llama", f"Llama {version}", 1) if version else base.name
    return LicenseInfo(
        id=license_id,
        name=name,
        category=base.category,
        spdx=f"LicenseRef-{license_id}",
        kinds=base.kinds,
        version=version,
        family=base.family,
        ai=base.ai,
    )


@lru_cache(maxsize=1)
def compiled() -> list[tuple[LicenseInfo, list[Guarded], list[Guarded], list[Guarded], list[Guarded]]]:
    """(entry, titles, phrases, excludes, mentions) with regexes compiled once, on first use."""
    out = []
    for e in ALL:
        out.append(
            (
                e,
                [guard(p) for p in e.titles],
                [guard(p) for p in e.phrases],
                [guard(p) for p in e.excludes],
                [guard(p) for p in e.mentions],
            )
        )
    return out
