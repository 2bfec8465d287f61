"""Restriction clauses: find the sentences of a license that restrict use, as kinds with evidence.

Patterns run over the lower-case flattened text (`text.Prepared.lower`). They are written to be
precise on standard open licences (the GPL's "new versions", Apache's NOTICE file, CC's patent
sentence are deliberately not restrictions) so that a restriction found in an OSI-like text is a
real sign of a custom licence.
"""

# Patterns stay on one line each so they can be read and grepped whole.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass

from unveil.licenses.catalog import BLOCKING_KINDS
from unveil.licenses.prefilter import Guarded, guard
from unveil.licenses.text import Prepared, evidence_for

_N = r"[^.;]"  # within one sentence/clause (numbers' dots are masked: `Prepared.clause_text`)

PATTERNS: dict[str, tuple[str, ...]] = {
    "aup-incorporated": (
        rf"(?:acceptable|prohibited) use policy{_N}{{0,300}}?incorporated (?:herein )?by reference",
        rf"(?#kw:use policy,aup)(?:comply(?:ing)? with|compliance with|adhere to|subject to|in accordance with|abide by|"
        rf"conform(?:s|ing)? to){_N}{{0,100}}?(?:(?:acceptable|prohibited) use policy|\baup\b|use policy)",
        rf"(?:acceptable|prohibited) use policy{_N}{{0,80}}?(?:shall mean|means|available at|set forth in)",
    ),
    "use-restrictions": (
        r"you agree not to use the (?:model|complementary material|materials?)",
        r"(?:will|shall|may|must) not use,? (?:nor|or) allow others to use",
        r"\battachment a\b:? use restrictions",
        rf"\buse restrictions\b{_N}{{0,80}}?(?:you agree not|shall not|may not)",
        r"\bprohibited uses\b",
        rf"(?#kw:military,weapon,surveillance,discriminat,harass,defam,minors)(?:not|never) (?:to )?use{_N}{{0,80}}(?:model|materials?|software){_N}{{0,40}}(?:for|to)"
        rf"{_N}{{0,30}}(?:military|weapons?|surveillance|discriminat|harass|defam|exploit(?:ing)? minors)",
    ),
    "flow-down": (
        r"as an enforceable provision",
        rf"(?:license|agreement) of your choice that does not contradict the{_N}{{0,20}}restrictions",
        rf"(?:use-based restrictions|use restrictions){_N}{{0,200}}?(?:must be included|must include|"
        rf"flow down|impose|pass on)",
        rf"(?#kw:impose,pass on,flow down)(?<!not )(?:impose|pass on|flow down){_N}{{0,80}}(?:restrictions|these terms){_N}{{0,60}}(?:downstream|recipients|"
        rf"third part)",
    ),
    "mau-threshold": (r"monthly active users",),
    "revenue-threshold": (
        rf"annual (?:gross )?revenues?{_N}{{0,120}}?(?:\$|usd|us\$|eur|dollars|\d{{3}})",
        rf"(?#kw:revenue,turnover)(?:revenues?|turnover) (?:of|exceeding|in excess of|greater than|above|more than|over){_N}{{0,30}}"
        rf"(?:\$|usd|us\$|eur|\d)",
    ),
    "non-commercial": (
        rf"(?#kw:commercial)(?:only|solely|exclusively|strictly) (?:for|to) (?:your )?{_N}{{0,40}}?non-?commercial "
        rf"(?:purposes?|use|uses|research)",
        r"non-?commercial (?:purposes|use|uses) only",
        rf"(?#kw:commercial)(?:may not|shall not|must not|cannot|will not|not be|prohibited from) (?:be )?(?:used?|using|"
        rf"exploit\w*|deploy\w*){_N}{{0,60}}?for (?:any )?commercial (?:purposes?|use|advantage)",
        r"\bnoncommercial\b[^.]{0,40}\bmeans\b",
        r"primarily intended for or directed towards commercial advantage",
    ),
    "research-only": (
        rf"(?#kw:research,academic)(?:only|solely|exclusively|strictly) (?:for|to) (?:your )?{_N}{{0,30}}?(?:research|academic)"
        rf"(?: (?:and|or) \w+)? (?:purposes?|use)",
        r"research purposes? only",
        r"research-only",
        r"non-commercial research",
    ),
    "no-production-use": (
        r"(?#kw:production)(?:not|never) (?:be )?(?:used|deploy\w*|use)(?: it)? (?:in|for|into) (?:a |any )?production",
        r"non-production (?:use|purposes|license)",
    ),
    "no-output-training": (
        rf"(?:output|results){_N}{{0,100}}to improve any other",
        rf"(?#kw:output,results)(?:not|never|prohibited){_N}{{0,120}}(?:outputs?|results){_N}{{0,100}}(?:train|develop|improve|create)"
        rf"{_N}{{0,60}}(?:any other|other|competing|any){_N}{{0,60}}models?",
        rf"(?#kw:models)(?:not|never|prohibited){_N}{{0,60}}(?:train|develop|improve){_N}{{0,60}}(?:other|competing) "
        rf"{_N}{{0,40}}models?",
    ),
    "attribution-naming": (
        r"\"?built with [\w .-]{1,40}\"?",
        r"\"?improved using [\w .-]{1,40}\"?",
        r"\"?powered by [\w .-]{1,40}\"? (?:on|in) (?:a |the )?related",
        rf"at the beginning of{_N}{{0,40}}model name",
        rf"(?:include|prefix){_N}{{0,60}}(?:in|to) the name of{_N}{{0,40}}model",
        rf"following attribution{_N}{{0,80}}licensed by {_N}{{0,60}}under",
    ),
    "notice-file": (rf"following (?:attribution )?notices?{_N}{{0,80}}\"?notice\"? text file",),
    "territorial": (
        rf"(?#kw:european union,united kingdom,south korea,mainland china)(?:does not apply|not available|not granted|shall not apply|excluding){_N}{{0,80}}"
        rf"(?:european union|united kingdom|south korea|mainland china)",
        rf"(?:domiciled|principal place of business) in{_N}{{0,30}}(?:european union|\beu\b)",
    ),
    "remote-restriction": (
        r"restrict \(?remotely",
        rf"remotely{_N}{{0,40}}restrict",
    ),
    "terms-update": (
        rf"(?#kw:update,modify,amend,change,revise)(?:may|reserves? the right to|can|will) (?:from time to time )?(?:update|modify|amend|change|revise)"
        rf"(?! or publish){_N}{{0,40}}(?:this agreement|these terms|the terms|the agreement|this policy|the policy|"
        rf"\baup\b|acceptable use policy|this license)",
        r"as (?:may be |it may be )?(?:updated|amended|modified) from time to time",
        r"latest version from time to time",
        rf"reserves the right to update this{_N}{{0,40}}policy",
    ),
    "guardrail-clause": (
        rf"(?#kw:guardrail,safety,safeguard)(?:bypass|circumvent|disable|reduce the efficacy of){_N}{{0,120}}(?:guardrail|safety|safeguard)"
        rf"{_N}{{0,250}}(?:terminat|will end|cease)",
    ),
    "no-derivatives": (
        r"\bnoderivatives\b",
        r"do not have permission under this public license to share adapted material",
        rf"(?#kw:derivative works,modifications)(?:may not|shall not|must not) (?:create|make|distribute){_N}{{0,20}}(?:derivative works|modifications)",
    ),
    "no-patent-grant": (
        r"including but not limited to any patent rights",
        rf"no (?:other )?(?:rights or licenses|licenses?|rights){_N}{{0,60}}granted{_N}{{0,80}}including{_N}{{0,40}}"
        rf"patent",
    ),
    "computational-use-only": (
        rf"(?:solely|only) for{_N}{{0,30}}computational (?:use|analysis)",
        r"computational use of data agreement",
    ),
    "share-alike": (r"\bsharealike\b", r"\bshare-alike\b"),
    "network-copyleft": (r"interacting with it remotely through a computer network",),
}

_COMPILED: dict[str, list[Guarded]] | None = None


def _compiled() -> dict[str, list[Guarded]]:
    global _COMPILED
    if _COMPILED is None:
        _COMPILED = {k: [guard(p) for p in ps] for k, ps in PATTERNS.items()}
    return _COMPILED


@dataclass
class Clause:
    kind: str
    blocking: bool
    text: str
    line: int | None
    line_end: int | None
    offset: int


def find_clauses(p: Prepared, max_per_kind: int = 3) -> dict[str, list[Clause]]:
    """Every restriction kind found in the text, each with up to `max_per_kind` sentences."""
    found: dict[str, list[Clause]] = {}
    low = p.clause_text
    if not low:
        return found
    for kind, patterns in _compiled().items():
        hits: list[Clause] = []
        seen: set[int] = set()
        for pat in patterns:
            for m in pat.finditer(low):
                quote, line, line_end = evidence_for(p, m.start(), m.end())
                if line in seen:
                    continue
                seen.add(line or -1)
                hits.append(Clause(kind, kind in BLOCKING_KINDS, quote, line, line_end, m.start()))
                if len(hits) >= max_per_kind:
                    break
            if len(hits) >= max_per_kind:
                break
        if hits:
            hits.sort(key=lambda c: c.offset)
            found[kind] = hits
    return found
