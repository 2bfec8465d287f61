"""A general reader of restriction clauses: a deontic frame (a ban or an "only" limit) whose scope holds a
concept of one restriction kind.

`clauses.PATTERNS` lists phrasings; licences word the same restriction in many more ways ("no code
modification is authorised", "you do not have permission to use this code to make a profit", "shall not
... export ... to any destination prohibited by the laws"). Here a clause is read in two steps:

1. frames: a ban ("may not", "shall not", "agree not to", "no right to", "nor are you allowed to", "is
   prohibited", "no X is permitted", "does not allow:", German "ist untersagt") or a limit to a purpose
   ("only", "solely", "exclusively", "limited to", "for the sole purpose of"). A ban's scope runs to the
   right up to the end of its clause (a list "(a) ...; (b) ..." or a colon list stays in scope); a passive
   ban's scope is the clause before it. Scopes stop at an exception ("except", "unless", "without prior
   permission", "provided that"), so "may not modify except as this licence allows" names no ban.
2. concepts: a lexicon per kind (commercial use, profit, revenue; modify, alter, adapt, translate,
   derivative; hosted service, time-sharing, service bureau; export to embargoed or prohibited countries;
   competing products, harmful or unlawful uses, uses to identify individuals; development of a standard).

A concept counts only in the polarity it has: a banned concept (commercial use, modification) inside a
ban; a permitted-only concept (non-commercial, research, the development of a standard) inside an "only"
limit or after "other than" / "except for" in a ban. Grants ("you may use commercially", "without
restriction") have no frame; disclaimers ("shall not be liable", "not limited to") are not frames; objects
that are not the work (notices, this licence's text, names and marks) do not count as modifying it.
"""

# Patterns stay on one line each so they can be read and grepped whole.
# ruff: noqa: E501

from __future__ import annotations

import re

# A sentence of the clause text (`Prepared.clause_text`: dots that end no sentence are masked).
_SENTENCE = re.compile(r"[^.!?\n]{8,2000}")  # clause_text has no newlines; '!' '?' end sentences too
_MAX_SCOPE = 320
_MAX_LIST_SCOPE = 1200
_MAX_BACK = 220

# Bans whose scope is to the right. Negative lookaheads drop disclaimers and other uses of "not".
_NOT_A_BAN = r"(?!\s(?:be\s)?(?:liable|responsible|obligated|obliged|required|limited|construed|deemed|interpreted|affect|apply|applicable|exceed|necessarily|only|waive|prevent|restrict\w* (?:your|any) (?:statutory )?rights|warrant|guarantee|represent|be held|have any obligation|be (?:used )?to (?:limit|restrict)|include|includes|mean|be considered|considered|constitute|cover|extend|be deemed|assert|enforce|sue|bring|claim|challenge|object|be able|be enforceable|operate|work|function|be available|be suitable|be error|contain|meet|be issued|be released|in any (?:manner|way) affect|render|be affected|be entitled|be bound|supersede|alter or restrict (?:the |your |any )?(?:recipients|rights)))"
_BAN_RIGHT = re.compile(
    r"(?<![a-z])(?:(?:may|shall|must|will|can|should|could) not|cannot|can't|won't|mustn't|shan't)" + _NOT_A_BAN + r"\b"
    r"|(?<![a-z])(?:agrees?|undertakes?|covenants?|promises?) not to\b(?!\s(?:assert|enforce|sue|bring|claim|challenge|object))"
    r"|(?<![a-z])(?:do|does) not have (?:the |any )?(?:rights?|permissions?|licen[cs]es?) to\b"
    r"|(?<![a-z])(?:has|have|is given|are given|acquires?|obtains?) no (?:rights?|permissions?|licen[cs]es?) (?:\([a-z0-9]{1,3}\) )?to\b"
    r"|(?<![a-z])nor (?:are|is|may|shall|will|can) (?:you|licensee|the licensee|the user|users)\b"
    r"|(?<![a-z])(?:not|never) (?:be )?(?:permitted|allowed|authori[sz]ed|entitled|licensed) to\b"
    r"|(?<![a-z])(?:prohibited|forbidden|barred|restricted) from\b"
    r"|(?<![a-z])(?:does|do|shall|will) not (?:allow|permit|authori[sz]e|grant|give|confer|license|include (?:the|any) right)\b"
    r"|(?<![a-z])(?:is|are) not (?:granted|given|licensed) (?:any )?(?:rights? |permission |licen[cs]es? )?(?:to|for)\b"
    # A condition in the subjunctive ("that the source ... not be modified in any way").
    r"|(?<![a-z])(?<!need )(?<!or )not be(?=\s(?:modified|altered|changed|translated|adapted|sold|resold|exported|re-?exported|hosted|offered|rented|leased|used for|used in|used to|used as|incorporated)\b)"
    # A grant that does not reach a field ("the licences granted are not applicable to implementation in hardware").
    r"|(?<![a-z])(?:licen[cs]es?|rights?|grants?|permissions?)\b[^.;:]{0,60}?\b(?:is|are|shall be|will be|does|do|shall|will) not (?:be )?(?:applicable|apply|extend|available|valid) (?:to|for)\b"
    # A condition that excludes ("provided that your program is not ... competitive with", "as long as the product does
    # not make the main functionality").
    r"|(?<![a-z])(?:provided|as long as|so long as|on (?:the )?condition) (?:that )?(?!you (?:do not|don't) (?:modify|alter|change))[^.:]{0,120}?\b(?:is|are|does|do|shall|will|remains?) not\b(?!\s(?:be )?(?:liable|responsible|required|obligated|limited))"
    # "Neither the binaries nor the sources may be used to ...": a ban on each thing it names.
    r"|(?<![a-z])neither\b[^.;:]{0,160}?\b(?:may|shall|can|will|must) (?=be used|be reverse|be modified|be altered|be sold|be exported)"
    # Imperatives at the start of a clause ("Do not use any template for ...", "Don't misuse our services") and "under no
    # circumstances may ...".
    r"|(?<![a-z])(?:(?<=^)|(?<=[.;:!]\s)|(?<=[.;:!]))\s?(?:please )?(?:do not|don't|never)\b"
    r"|(?<![a-z])(?:under no circumstances|in no (?:case|event)) (?:may|shall|can|will|is|are)\b(?!\s(?:\w+\s){0,3}?(?:be )?liable)"
    # A requirement that names a permitted-only purpose is read by the "only" limits below ("must be non-profit").
    # German: "darf nicht", "dürfen nicht", "ist nicht gestattet zu", "ist es untersagt".
    r"|(?<![a-z])(?:darf|dürfen|duerfen) (?:\w+ ){0,4}?nicht\b"
)
# Bans whose scope is the clause before them ("modification is prohibited", "no code modification is
# authorised", "kommerzielle Nutzung ist untersagt").
_BAN_LEFT = re.compile(
    r"(?<![a-z])(?:is|are|be|being) (?:strictly |expressly |explicitly |absolutely )?(?:prohibited|forbidden|disallowed|not (?:permitted|allowed|authori[sz]ed|licensed|granted))\b"
    r"|(?<![a-z])(?:ist|sind) (?:\w+ ){0,3}?(?:untersagt|verboten|nicht (?:gestattet|erlaubt|zulässig|zulaessig))"
    r"|(?<![a-z])(?:est|sont) (?:strictement )?(?:interdite?s?|prohibée?s?)"
    # Acts that need the licensor's approval first ("any translation ... must be approved by the author in writing").
    r"|(?<![a-z])(?:must|shall|will need to) (?:first )?be (?:approved|authori[sz]ed|cleared|agreed)\b"
    r"|(?<![a-z])(?:is|are) subject to (?:the )?(?:prior )?(?:express )?(?:written )?(?:approval|consent|permission)\b"
    r"|(?<![a-z])requires? (?:the )?(?:prior )?(?:express )?(?:written )?(?:approval|consent|permission)\b"
)
# "No X is permitted / granted": the negative subject makes the clause a ban.
_NO_SUBJECT = re.compile(r"(?<![a-z])no\s(?!(?:warrant|liabilit|obligation|event|way|case|respect|other right|implied|express)\w*\b)[^.;:]{0,90}?\b(?:is|are|shall be|will be) (?:hereby )?(?:allowed|permitted|authori[sz]ed|granted|given|conferred|licensed)\b")
# A limit to a purpose.
_ONLY = re.compile(
    r"(?<![a-z])(?:only|solely|exclusively|strictly|purely)\s(?:be\s)?(?:used\s|licensed\s|granted\s|permitted\s|available\s)?(?:for|to|in|as|with)\b"
    r"|(?<![a-z])(?:limited|restricted|confined) (?:solely |exclusively |only )?to\b"
    r"|(?<![a-z])for the (?:sole|exclusive|limited|only) purposes? of\b"
    r"|(?<![a-z])(?:nur|ausschließlich|ausschliesslich|lediglich) (?:zu|für|fuer|zum|zur|im rahmen)\b"
    r"|(?<![a-z])(?:must|shall) (?:be|remain) (?=non-?profit|not-for-profit|non-?commercial)"
)
_GRANT_WORDS = re.compile(r"\b(?:use|used|uses|using|usage|licen[cs]ed?|grant\w*|permi\w*|rights?|may|allowed|authori[sz]ed|distribut\w*|provided|available|nutzung|genutzt|verwendet|verwendung|gestattet)\b")
# Where a ban's scope ends: an exception or a condition that lifts it.
_SCOPE_END = re.compile(
    r"\b(?:except|excepting|unless|save as|other than|otherwise than|without (?:the |first )?(?:obtaining |having )?(?:the |a |an )?(?:prior |express |explicit |specific |separate )*(?:written )?(?:permission|consent|authori[sz]ation|approval|agreement|licen[cs]e)|provided (?:that|however)|as long as|so long as|however|but (?:you|licensee) (?:may|can)|but (?:may|can|shall|will)|you (?:may|can) (?!not))\b"
)
_EXCEPTION_FLIP = re.compile(r"\b(?:other than|otherwise than|except (?:for|in|as|to)?|excepting|but only|save for)\b")
_LIST_ITEM = re.compile(r";\W{0,3}(?:and |or )?(?:\(?[a-z0-9]{1,4}\)|[a-z0-9]{1,3}\x01|[ivx]{1,4}\x01)")


def _word_led(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same alternation with its shared "(?<![a-z])" lead written once: the engine then tests the lookbehind once
    per position instead of once per alternative (6x faster on licence texts, same matches)."""
    lead = "(?<![a-z])"
    alts = pattern.pattern.split("|" + lead)
    return re.compile(lead + "(?:" + "|".join(a.removeprefix(lead) for a in alts) + ")")


_BAN_RIGHT = _word_led(_BAN_RIGHT)
_BAN_LEFT = _word_led(_BAN_LEFT)
_ONLY = _word_led(_ONLY)


def _c(*alts: str) -> re.Pattern[str]:
    return re.compile("|".join(alts))


# Banned concepts: inside a ban they make the kind.
_BANNED: dict[str, re.Pattern[str]] = {
    "non-commercial": _c(
        r"(?<!non-)(?<!non)(?<!non )(?<!not-for-profit or )\bcommercial(?:ly)?\s(?:use|usage|uses|purposes?|exploitation|gain|advantage|benefit|applications?|activit(?:y|ies)|ventures?|settings?|environments?|enterprises?|distribution|redistribution|intent)\b",
        r"\b(?:use|using|used|exploit|deploy)\w*\b[^.;]{0,40}?\bcommercially\b",
        r"\bcommerciali[sz](?:e|ed|ing|ation)\b",
        r"\bfor[- ]profit\b(?![- ]?(?:or|and) (?:not|non))",
        r"\b(?:make|making|made|earn|earning|derive|deriving|generate|generating|gain|gaining|obtain|obtaining|receive|receiving|turn|turning)\s(?:a |any )?(?:(?:kind|form|sort) of |direct or indirect |financial )?(?:profit|revenue|income|money|monetary (?:gain|benefit|compensation))\b",
        r"\bmonetary (?:gain|benefit|compensation|consideration|advantage)\b",
        r"\b(?:kommerziell|gewerblich)\w*\s(?:zweck|nutzung|verwendung|einsatz|vertrieb)",
        r"\b(?:fins?|usage|utilisation|exploitation) commerciale?s?\b",
        r"\b(?:fines|uso|usos) comerciales?\b",
    ),
    "no-derivatives": _c(
        r"\b(?:modify|modifies|modified|modifying|modifications?|alter|alters|altered|altering|alterations?|adapt|adapts|adapted|adapting|adaptations?|(?<!reverse )(?<!otherwise )(?:translate|translates|translated|translating|translations?)|derivative works?|derivatives|derived works?)\b",
        r"\b(?:ver[aä]nder|bearbeit|abwandl|umgestalt)\w*",
    ),
    "no-hosted-service": _c(
        r"\btime[- ]?shar(?:e|es|ing)\b",
        r"\bservice[- ]bureaus?\b|\bbureau (?:use|basis|services?)\b",
        r"\bapplication services? providers?\b",
        r"\b(?:hosted|managed|hosting|cloud|online|network|web|subscription)\s(?:or (?:hosted|managed|cloud|online) )?services?\b(?! provider)",
        r"\bas an? (?:(?:hosted|managed|paid|commercial|network|online|web|cloud|subscription|software|and|or)\W{1,2}){0,4}service\b(?! (?:mark|provider))",
        r"\b(?:software|platform|infrastructure)[- ]as[- ]a[- ]service\b|\bsaas\b",
    ),
    "territorial": _c(
        r"\b(?:countr(?:y|ies)|destinations?|nations?|jurisdictions?|territor(?:y|ies))\b[^.;]{0,80}?\b(?:embargo\w*|sanction\w*|prohibited|restricted|denied|designated|terroris\w*|export (?:laws|control|regulations|restrictions))",
        r"\b(?:embargoed|sanctioned|restricted|prohibited) (?:countr(?:y|ies)|destinations?|nations?|jurisdictions?)\b",
        r"\b(?:cuba|iran|north korea|syria|sudan|crimea)\b",
    ),
    "use-restrictions": _c(
        r"\b(?:compet(?:ing|itive|itor's|itors')|rival)\s(?:purposes?|products?|uses?|services?|offerings?|software|solutions?|business(?:es)?)\b",
        r"\bcompetes? (?:with|against)\b|\bcompetitive with\b|\b(?:the same|substantially the same|similar) (?:or (?:substantially the same|similar) )?functionality\b",
        r"\b(?:adult|gambling|casino|pornograph\w*)\b",
        r"\b(?:offensive|pornographic|obscene|defamatory|libel(?:l)?ous|immoral|unlawful|illegal|harass\w*|(?<!non-)(?<!non)discriminat\w*|malicious|fraudulent|hateful|violent|abusive|disparag\w*|malware|against the law)\b",
        r"\b(?:eligibility|employment purposes|credit (?:scoring|decisions?|worthiness))\b",
        r"\b(?:identify|identifying|locate|locating|track|tracking)\s(?:or (?:locate|locating|identify|identifying|track|tracking) )?(?:a |any |the )?(?:specific |particular |individual )?(?:individuals?|persons?|households?|people|natural persons?)\b",
        r"\b(?:surveillance|military|weapons?|nuclear|facial recognition|biometric)\b",
        r"\b(?:hardware|silicon) implementations?\b|\bimplementations? in hardware\b",
        # Using the work to rebuild a given kind of thing ("cannot be used to re-create the compression algorithm", "not
        # allowed to build a commercial rewrite engine based on this code").
        r"\b(?:re-?create|replicate|clone|re-?implement|build|develop)\s(?:a |an |any |the )?(?:[\w'-]+ ){0,3}?(?:algorithms?|engines?|formats?)\b",
        # The work may not be the main part of what is built with it (a component licence's field of use).
        r"\b(?:the )?(?:main|major|primary|principal|essential|core)\s(?:(?:n?or|and) (?:the )?(?:main|major|primary|principal|essential|core) )?(?:functionality|functions?|value|features?)\b",
    ),
}
# Permitted-only concepts: inside an "only" limit, or after "other than" / "except for" in a ban.
_ONLY_FOR: dict[str, re.Pattern[str]] = {
    "non-commercial": _c(
        r"\bnon-?commercial\b|\bnon commercial\b|\bnot[- ]for[- ]profit\b|\bnon-?profit\b",
        r"\bnicht[- ]?kommerziell|\bnichtkommerziell|\bnicht[- ]?gewerblich",
        r"\bnon commerciale?s?\b|\bno comerciales?\b",
    ),
    "research-only": _c(r"\b(?:research|academic|scientific|scholarly)\b(?! (?:and|or|,) (?:commercial|production|development))", r"\b(?:forschung|wissenschaftlich)\w*"),
    "use-restrictions": _c(
        # The purpose itself is building to a standard ("only for implementing the X standard", "solely to develop
        # products compliant with the specification"), not a use that merely mentions one.
        r"^\W{0,2}(?:the )?(?:(?:sole |limited |express )?purposes? of |use in |use with |the development of )?(?:implement\w*|develop\w*|conform\w*|compl(?:y|iant|iance)|certif\w*|(?:build|creat|mak|produc)\w*(?: and distribut\w*)? (?:products?|implementations?))\b[^.;]{0,60}?\b(?:standards?|specifications?|recommendations?)\b",
        r"\b(?:development|benchmark\w*|demonstrat\w*)\b[^.;]{0,120}\b(?:education|training|research|benchmark\w*|demonstrat\w*|development)\b",
        # Tied to given products or platforms ("exclusively with Microchip products", "only with the vendor's development
        # tools, ... and successor products"), or usable only as a part of a named package (not of "your application").
    ),
}
# Tied to given products or platforms ("exclusively with Microchip products", "only with the vendor's development tools,
# ... and successor products"), or usable only as a part of a named package; not the licensee's own products or application.
_OWN = r"(?!your\b|licensee's\b|its\b|their\b|that\b|this\b|such\b|said\b|the licensee's\b)"
_TIED = re.compile(
    r"^\W{0,2}(?:with|on|in conjunction with|in connection with|together with|in combination with|for use with)\s" + _OWN + r"(?!(?:[\w'-]+[ ,/]+){0,12}?(?:your|licensee's|its own)\b)(?:the |a |an )?(?:[\w'-]+[ ,/]+){0,12}?(?:products?|hardware|devices?|chips?|chipsets?|processors?|platforms?|operating systems?|boards?|silicon|tools)\b"
    # ... or to one platform ("solely to develop applications to run on the Android platform").
    r"|^\W{0,2}(?:to )?(?:develop|build|create|write)\w* (?:[\w-]+ ){0,3}?(?:to run|running|that run|intended to run|for use) (?:on|with|in)\b"
    r"|^\W{0,2}(?:as |being )?(?:a |an )?(?:part|component|portion|module) of (?:the )?" + _OWN + r"(?!a\b|an\b|any\b)[\w'-]+"
)
# Objects that are not the work: modifying a notice or this licence's text is no ban on derivatives; a
# moral-rights clause, a use ban in one field, a lawful-use or territorial limit neither.
_NOT_THE_WORK = re.compile(r"[^.;]{0,60}?\b(?:notices?|legends?|markings?|labels?|licen[cs]e|agreement|terms|conditions|copyright|attributions?|trade ?marks?|names?|logos?|headers?|disclaimers?|rights|recipients)\b")
# The subject of a ban that is not the work ("this notice may not be removed or altered", "the licence may not be modified").
_SUBJECT_NOT_THE_WORK = re.compile(r"\b(?:notices?|legends?|markings?|licen[cs]e|agreement|terms|copyright|names?|trade ?marks?|logos?|headers?|disclaimers?)\b[^;:,]{0,25}$")
_WARRANTS = re.compile(r"\b(?:not|no|nor|never)\b[^.;]{0,20}?\b(?:warrant|represent|guarantee|assure)\w*\b[^.;]{0,60}?\bthat\b|\bno (?:warranty|guarantee)\b")
_PASSIVE_NOT_THE_WORK = re.compile(r"\b(?:notices?|legends?|markings?|licen[cs]e|agreement|terms|copyright|names?|trade ?marks?|logos?|headers?|disclaimers?|it)\b")
# A ban lifted by this licence ("may not copy, modify ... except as expressly provided under this License"): the
# licence's own scope statement (GPL-style), not a restriction of it.
_EXCEPT_THIS = re.compile(r"(?:except|unless|other than)\s(?:as\s|to the extent\s)?(?:is\s)?(?:expressly\s|explicitly\s|specifically\s|otherwise\s)?(?:provided|permitted|authori[sz]ed|allowed|set forth|stated|granted|specified|described|licensed)|(?:except|unless)\s(?:in|by)\s(?:a |an )?(?:writing|written|signed|mutual)|(?:except|unless|other than)\s(?:under|in accordance with|in compliance with|as|pursuant to|in|by)\s(?:\w+\s){0,3}?(?:this|the|these)\s(?:licen[cs]e|agreement|terms|eula|section)")
# The acts a ban lists first ("may not copy, sell, rent or modify"), as a verb list before its object.
_STOP = r"(?:the|a|an|any|this|that|these|those|such|your|its|their|his|her|our|of|to|for|in|on|with|by|from|as|which|who|it|them|all|some|part|parts|portion|copies|copy of|if|unless|when|where|you|we|licensee|have|has)"
_ACTS = re.compile(r"\W{0,3}(?:\([^)]{0,60}\)\s?)?(?:to\s)?(?:(?:directly or indirectly|in whole or in part|attempt to|try to|be|be used|yourself|either|otherwise|not|permit (?:others|anyone|any (?:third )?part(?:y|ies)) to|allow (?:others|anyone|any (?:third )?part(?:y|ies)) to|cause or permit (?:\w+ ){0,3}?to|make|create|prepare|produce|distribute|offer)\W{1,3})*(?:(?!" + _STOP + r"\b)[a-z-]+(?:,|\sor|\sand|\sand/or|\snor)?\s){0,10}")
_ND_NOT_A_BAN = re.compile(r"derogatory|honou?r|reputation|prejudic|military|law enforcement|weapon|in any (?:way|manner) that (?:violates|infringes|is (?:unlawful|illegal))|in violation of|outside (?:of )?the territory")
_DISCLAIMER = re.compile(r"\b(?:liab(?:le|ility)|damages|warrant(?:y|ies)|indemnif\w*|disclaim\w*)\b")
_OWN_SUBJECT = re.compile(r"(?:\bwe|\blicensor|\bauthors?|\bcopyright holders?)\s(?:\S+\s){0,2}$")
# "Commercial or non-commercial", "any purpose, commercial or not": both sides named is a grant's reach.
_BOTH_SIDES = re.compile(r"commercial,? (?:and|or|and/or) non-?\s?commercial|non-?\s?commercial (?:and|or|and/or) commercial|commercial or not\b|commercial(?:ly)? (?:or|and) (?:private(?:ly)?|non-?profit)|private(?:ly)? (?:or|and) commercial")
# Harmful or unlawful uses: said of a use of the work ("not use it for unlawful purposes"), not of a state ("must not
# be misleading or unlawful") nor of a severability clause ("shall not render any provision invalid, illegal").
_PREDICATE = re.compile(r"\W*be\s(?!used|employed|deployed|applied|exploited|utili[sz]ed|put)")
_NOT_A_USE_BAN = re.compile(r"\b(?:invalid|unenforceable|void|prohibited by [^.;]{0,30}?\b(?:laws?|regulations?|statutes?)|export\w*|re-?export\w*|export (?:laws|control|administration))\b")


def _ban_scopes(sent: str) -> list[tuple[int, int, int, int]]:
    """(ban start, scope start, scope end, exception start or -1) of each ban frame in one sentence."""
    out: list[tuple[int, int, int, int]] = []
    for m in _BAN_RIGHT.finditer(sent):
        if _OWN_SUBJECT.search(sent, max(0, m.start() - 30), m.start()):
            continue  # the licensor's own undertaking ("we will not use your data ...")
        if _WARRANTS.search(sent, max(0, m.start() - 200), m.start()):
            continue  # what a warranty says will not happen ("does not warrant that ... data will not be lost")
        a = m.end()
        # A list of barred acts after a colon ("shall not, nor permit any other person to: (i) ...").
        colon = re.match(r"[^.;:]{0,80}?:", sent[a : a + 84])
        limit = _MAX_LIST_SCOPE if colon else _MAX_SCOPE
        b = min(len(sent), a + limit)
        if not colon:
            # The clause ends at ';' or ':' unless the next part is an item of the same list ("(a) ...; (b) ...").
            pos = a
            while True:
                cut = re.compile(r"[;:]").search(sent, pos, b)
                if cut is None:
                    break
                if _LIST_ITEM.match(sent, cut.start()):
                    pos = cut.end()
                    continue
                b = cut.start()
                break
        exc = _SCOPE_END.search(sent, a, b)
        if colon or _LIST_ITEM.search(sent, a, b):
            exc = None  # a list of bans: an exception belongs to its own item ("(iv) ..., except as set forth herein")
        if exc is not None and _EXCEPT_THIS.match(sent, exc.start()):
            continue
        if _ACCEPTANCE.search(sent):
            continue  # "do not use the package if you do not accept this licence": acceptance, not a restriction
        if _NO_FURTHER.search(sent, a, b):
            continue  # a ban on restricting the licensee ("may not impose any further restrictions on ... commercial use")
        out.append((m.start(), a, b, exc.start() if exc else -1))
    return out


def _left_scopes(sent: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for m in _BAN_LEFT.finditer(sent):
        lo = max(0, m.start() - _MAX_BACK)
        cut = max(sent.rfind(";", lo, m.start()), sent.rfind(":", lo, m.start()))
        lo = cut + 1 if cut >= 0 else lo
        # Not "... is not permitted to [do something]" (a right-scoped ban, read above) nor a grant's
        # exception ("except as ... is prohibited by law").
        if re.match(r" to\b", sent[m.end() : m.end() + 4]):
            continue
        if re.search(r"\b(?:by|under) (?:applicable |any )?(?:law|laws|statute)\s*$", sent[lo : m.start()]) or re.match(r" by (?:applicable |any )?law", sent[m.end() : m.end() + 20]):
            continue
        out.append((lo, m.start()))
    for m in _NO_SUBJECT.finditer(sent):
        out.append((m.start(), m.end()))
    return out


_ACCEPTANCE = re.compile(r"\b(?:if|when) you do not (?:accept|agree)|\bunless you (?:accept|agree)|\bif you (?:do not|don't) (?:wish to )?(?:accept|agree)")
_NO_FURTHER = re.compile(r"\b(?:impos\w*|add\w*|apply\w*)\s(?:any\s)?(?:further|additional|other|different)\s(?:\w+\s)?(?:restrictions?|terms|conditions|limitations)\b")
_WORD = re.compile(r"[a-z][a-z-]*")
_DECOMPILE = re.compile(r"\b(?:reverse|decompil\w*|disassembl\w*)\b")
# An exception that allows the act in part; not one that only defers to the law ("except ... to the extent applicable law
# permits"), to other terms ("unless the code is under separate terms") or to a trivial act ("except for unzipping").
_EXCEPT_AFTER = re.compile(r"[^;:]{0,100}?\b(?:except|unless|other than|save as)\b(?![^;:]{0,120}?\b(?:law|laws|statute|separate terms|other terms|unzip\w*|decompress\w*)\b)")
_ITEM_START = re.compile(r"[;:]\W{0,3}(?:and |or )?(?:\(?[a-z0-9]{1,4}\)\s?|[a-z0-9]{1,3}\x01\s?)?")


def _acts_hit(pat: re.Pattern[str], banned: str) -> re.Match[str] | None:
    """The concept as one of the acts a ban lists (at its start or at the start of a list item)."""
    starts = [0, *(m.end() for m in _ITEM_START.finditer(banned))]
    for pos in starts:
        acts = _ACTS.match(banned, pos)
        if acts is None:
            continue
        # Each word of the verb list (and the word after it) may be the concept.
        for w in _WORD.finditer(banned, pos, min(len(banned), acts.end() + 40)):
            c = pat.match(banned, w.start())
            if c is not None and c.group(0).startswith("translat") and _DECOMPILE.search(banned, max(0, c.start() - 40), c.start()):
                c = None  # "reverse compile, decompile, translate": translating is decompiling here
            if c is not None:
                return c
            if w.start() >= acts.end():
                break
    return None


def _object_ok(kind: str, scope: str, at: int) -> bool:
    """Whether the concept found at `at` in `scope` names a restriction of the work."""
    if kind == "no-derivatives":
        return not _NOT_THE_WORK.match(scope, at) and not _ND_NOT_A_BAN.search(scope)
    if kind == "non-commercial":
        return not _BOTH_SIDES.search(scope)
    if kind == "use-restrictions":
        return not _PREDICATE.match(scope) and not _NOT_A_USE_BAN.search(scope)
    return True


# Ban and limit frames read per text: the 2,310 ScanCode licence texts hold at most 121 (ESRI's), EULAs 50-60;
# "You shall not " repeated over 100 KB held 7,000 and cost seconds per text.
MAX_FRAMES = 1000


def read(clause_text: str) -> dict[str, list[tuple[int, int]]]:
    """Kinds found, each with the (start, end) offsets of the clauses that carry them."""
    found: dict[str, list[tuple[int, int]]] = {}

    def add(kind: str, a: int, b: int) -> None:
        spans = found.setdefault(kind, [])
        if len(spans) < 3:
            spans.append((a, b))

    frames = 0
    for sm in _SENTENCE.finditer(clause_text):
        if frames > MAX_FRAMES:
            break  # the budget: a text of thousands of bans is hostile; the phrasings before this reader read it all
        sent = sm.group(0)
        base = sm.start()
        scopes = _ban_scopes(sent)
        frames += len(scopes)
        for start, a, b, exc in scopes:
            banned = sent[a : exc if exc >= 0 else b]
            if _DISCLAIMER.search(banned):
                continue  # warranty and liability clauses carry no restriction of use
            for kind, pat in _BANNED.items():
                if kind == "no-derivatives":
                    # Modifying must be one of the barred acts, said of the work (not of a notice or this licence).
                    subj = re.split(r"[;:,]", sent[max(0, start - 60) : start])[-1] + sent[start:a]
                    if re.search(r"\bnot be\s*$", sent[start:a]) or re.match(r"\s*be\b", banned):
                        # A passive ban names its subject earlier in the clause ("notices ... shall be duplicated ...
                        # and not be altered").
                        subj = re.split(r"[;:]", sent[max(0, start - 160) : a])[-1]
                        m = None if _PASSIVE_NOT_THE_WORK.search(subj) else _acts_hit(pat, banned)
                    else:
                        m = None if _SUBJECT_NOT_THE_WORK.search(subj) else _acts_hit(pat, banned)
                    if m is not None and _EXCEPT_AFTER.match(sent, a + m.end()):
                        m = None  # "modify the Tool except as the manual describes": the act is allowed in part
                else:
                    m = pat.search(banned)
                if m and _object_ok(kind, banned, m.start()):
                    add(kind, base + start, base + a + m.end())
            if exc >= 0:
                # "may not use it for purposes other than non-commercial research": the exception names what is left.
                flip = _EXCEPTION_FLIP.match(sent, exc)
                if flip:
                    rest = sent[flip.end() : min(b, flip.end() + 120)]
                    for kind, pat in _ONLY_FOR.items():
                        m = pat.search(rest)
                        if m:
                            add(kind, base + start, base + flip.end() + m.end())
        lefts = _left_scopes(sent)
        frames += len(lefts)
        for lo, hi in lefts:
            scope = sent[lo:hi]
            if _DISCLAIMER.search(scope):
                continue
            for kind, pat in _BANNED.items():
                if kind == "territorial":
                    continue  # an export ban names its act to the right ("may not be exported to ...")
                if kind == "no-derivatives":
                    # The act barred is the subject just before the marker ("modification ... is prohibited"); not
                    # fees or charges for modified versions, nor a notice or this licence's text.
                    near = scope[-100:]
                    if re.search(r"\b(?:fees?|charg\w*|royalt\w*|price)\b", near) or _SUBJECT_NOT_THE_WORK.search(near):
                        continue
                    # ... its head: "modification of X is prohibited", "no code modification is authorised", not
                    # "distribution ... as part of a derivative work ... is prohibited".
                    head = re.sub(r"^\W*(?:(?:all|any|other|the|no|and|or|such|further|its|unauthori[sz]ed|code|source|software|program)\W+){0,4}", "", scope)
                    m = pat.search(head, 0, 40)
                    if m and _object_ok(kind, head, m.start()):
                        add(kind, base + lo, base + hi)
                    continue
                m = pat.search(scope)
                if m and _object_ok(kind, scope, m.start()):
                    add(kind, base + lo, base + hi)
        for m in _ONLY.finditer(sent):
            frames += 1
            # A limit of the grant or of use ("may be used only for", "licensed solely for"), not of an option
            # ("this alternative is allowed only for ...") or of a description ("serves only to enable").
            lead = sent[max(0, m.start() - 80) : m.start()]
            if not _GRANT_WORDS.search(lead) or re.search(r"\b(?:alternative|option)\b", lead):
                continue
            rest = sent[m.end() : m.end() + 160]
            cut = re.compile(r"[;:]|\b(?:and|or) (?:you|licensee) (?:may|can)\b").search(rest)
            rest = rest[: cut.start()] if cut else rest
            if _DISCLAIMER.search(rest):
                continue
            # The frame's own preposition belongs to the limit ("exclusively with X products").
            probe = m.group(0).rsplit(" ", 1)[-1] + " " + rest.lstrip()
            for kind in ("use-restrictions", "non-commercial", "research-only"):
                c = _ONLY_FOR[kind].search(rest) or (_TIED.search(probe) if kind == "use-restrictions" else None)
                if c is None or (kind == "non-commercial" and _BOTH_SIDES.search(rest)):
                    continue
                if kind == "research-only" and (
                    _ONLY_FOR["use-restrictions"].search(rest) or c.start() > 40 or re.search(r"\b(?:commercial|consulting|design|production|development)\b", rest[: c.start()])
                ):
                    continue  # a list of purposes wider than research, "commercial research", or "non-commercial research" (non-commercial)
                add(kind, base + m.start(), base + m.end() + min(c.end(), len(rest)))
                break
    return found
