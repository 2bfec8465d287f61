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

from unveil.licenses import deontic
from unveil.licenses.catalog import BLOCKING_KINDS
from unveil.licenses.prefilter import Guarded, guard
from unveil.licenses.text import Prepared, evidence_for

_N = r"[^.;。；]"  # within one sentence/clause (numbers' dots are masked: `Prepared.clause_text`)
# Chinese model licences: clause words (商业 commercial, 非商业 non-commercial, 禁止/不得 prohibited, 研究 research).
_ZH = r"[^。；;\n]"

PATTERNS: dict[str, tuple[str, ...]] = {
    "aup-incorporated": (
        rf"(?:acceptable|prohibited) use policy{_N}{{0,300}}?incorporated (?:herein )?by reference",
        rf"(?#kw:use guidelines,responsible use,usage policy)(?:comply|compliance|adher|abide|subject to|in accordance)\w*{_N}{{0,100}}?"
        rf"(?:(?:acceptable|responsible|prohibited|permitted) use|usage policy|use guidelines)",
        # "You must follow any policies made available to you within the Services" (the provider's policies, whatever their name).
        r"(?#kw:polic)\b(?:must|shall|agree to|will)\s(?:\w+\s)?(?:follow|obey|observe|respect)\s(?:any|all|our|the)\s(?:\w+\s){0,2}?polic(?:y|ies)\b",
        rf"(?#kw:use policy,aup)(?:comply(?:ing)? with|compliance with|adher(?:e|ing) to|subject to|in accordance with|abide by|"
        rf"conform(?:s|ing)? to){_N}{{0,100}}?(?:(?:acceptable|prohibited) use policy|\baup\b|use policy)",
        rf"(?:acceptable|prohibited) use policy{_N}{{0,80}}?(?:shall mean|means|available at|set forth in)",
        # Terms that list a usage policy among their parts, or forbid violating one ("usage policies" too).
        rf"(?#kw:use polic,usage polic)\b(?:terms|agreement)\b(?: of (?:use|service))? (?:include|incorporate)s?\b{_N}{{0,80}}?\b(?:usage|acceptable use|use) polic",
        rf"(?#kw:violate )(?:not|never)\b{_N}{{0,60}}?\bviolate (?:our|the|its|any|these) (?:usage|acceptable use|content|use) polic",
        # Use "in compliance with ... all of our policies" (the provider's policies, whatever their name).
        rf"(?#kw:our policies,our other policies)(?:comply|compliance|accordance|adher\w*|abide)\b{_N}{{0,120}}?\b(?:all|any|each) (?:of )?our (?:other )?policies",
    ),
    "use-restrictions": (
        rf"(?:不得|禁止)(?:将|利用|使用|用于)?{_ZH}{{0,30}}?(?:军事|违法|非法|危害|侵犯|歧视)",
        r"you agree not to use the (?:model|complementary material|materials?)",
        # "You agree not to use X or its derivatives: 1. ...": an agreement not to use the work itself (not its marks).
        rf"\byou (?:agree|undertake|promise) not to use (?!{_N}{{0,40}}?\b(?:names?|trade ?marks?|marks|logos?|trade dress|product identity)\b)",
        # A prohibition whose listed items name banned fields ("you will not ... (ii) military purposes, (iii) surveillance").
        rf"(?#kw:military,surveillance)(?:will|shall|may|must) not\b{_N}{{0,500}}?\b(?:military (?:purposes|use|applications)|purposes of surveillance)",
        r"(?:will|shall|may|must) not use,? (?:nor|or) allow others to use",
        r"\battachment a\b:? use restrictions",
        rf"\buse restrictions\b{_N}{{0,80}}?(?:you agree not|shall not|may not)",
        r"\bprohibited uses\b",
        # A ban worded in the passive on whoever uses the work: "Any organization or individual is prohibited from
        # using any technology ... to generate someone's speech without consent".
        rf"(?#kw:prohibited from using,forbidden from using)\b(?:is|are|shall be|will be) (?:strictly |expressly )?"
        rf"(?:prohibited|forbidden) from using\b{_N}{{0,160}}?\b(?:to|for|in)\b",
        # "The Work ... will not be used by You or any third party ..., to: 1. ..." (passive ban with a list).
        rf"(?#kw:not be used)(?:will|shall|must|may) not be used\b{_N}{{0,120}}?\b(?:to|for)\W{{0,2}}:",
        # Conditions worded "You do not use the Work in an Act of War" (not "if you do not use ...").
        rf"(?#kw:do not use the)(?<!if )(?<!when )(?<!unless )\byou do not use the (?:work|software|model|materials?|licensed material)\b{_N}{{0,40}}?\b(?:for|in|to)\b",
        # A ban on life-critical uses: "may not use the SDK with any system ... personal injury, death".
        rf"(?#kw:injur,death,bodily harm)(?:may|shall|must|will) not use\b{_N}{{0,80}}?\b(?:systems?|applications?|environments?|devices?)\b{_N}{{0,160}}?\b(?:personal injury|bodily (?:injury|harm)|death)",
        # Every act barred in one field ("may not use, copy, modify, ... the Software in a military or law enforcement context").
        rf"(?#kw:military,law enforcement,weapon)(?:may|shall|must|will) not (?:use|\w+,)\b{_N}{{0,160}}?\bin (?:a|any) (?:military|law enforcement|weapons?)\b",
        # A grant that reaches only one platform or field ("the licenses ... extend only to the software ... that run on a
        # Microsoft Windows operating system product").
        rf"(?#kw:extend only)\b(?:licen[cs]es?|rights?|grants?)\b{_N}{{0,80}}?\bextends? only to\b",
        # Bans on harmful uses worded in the passive or as a list of human-rights harms ("may not be used by anyone for
        # systems or activities that ... endanger, harm ...", "shall not ...: infringe upon any person's right to life ...").
        rf"(?#kw:harm,endanger,threaten,injur,kill,weapon,military,surveillance)\b(?:may|shall|must|will|can) not be used\b{_N}{{0,80}}?\b(?:for|in|to)\b{_N}{{0,100}}?\b(?:harm|endanger|threaten|injur|kill|weapons?|military|surveillance)",
        r"(?#kw:human rights,slavery,torture,forced labo,extrajudicial)\b(?:shall|may|will|must) not\b[^.]{0,300}?\b(?:human rights|slavery|torture|forced labou?r|extrajudicial)",
        rf"(?#kw:military,weapon)\b(?:use|usage)\b{_N}{{0,40}}?\b(?:military|weapons?)\b{_N}{{0,60}}?\b(?:is|are) (?:expressly |strictly )?(?:forbidden|prohibited|not (?:permitted|allowed))",
        # A grant for any purpose other than a competing use (Functional Source-style terms).
        rf"(?#kw:competing use)\b(?:other than|except|excluding|not) (?:a |any )?competing use\b|\bcompeting use\b{_N}{{0,20}}?\bmeans\b",
        # A ban on using the work to build a competing product or service.
        rf"(?#kw:compet)\b(?:not|never)\b[^.]{{0,300}}?\buse\b{_N}{{0,60}}?\bto (?:create|build|develop|offer|make) (?:a |any )?(?:competing|competitive) (?:products?|services?|offerings?)\b",
        # A ban on unlawful, malicious or immoral uses ("not use the Work for illegal, immoral or improper purposes",
        # "may not ... include the code in malicious, deceptive or unlawful programs").
        rf"(?#kw:illegal,unlawful,malicious,immoral,deceptive,improper,harmful,fraudulent)\b(?:not|never)\b(?: to)? (?:use|include|incorporate)\b{_N}{{0,80}}?\b(?:for|in|into|with)\b(?: any)? (?:(?:illegal|unlawful|malicious|immoral|deceptive|improper|harmful|fraudulent)(?:,? (?:or |and )?)?){{1,4}}\s?(?:purposes?|programs?|applications?|activit(?:y|ies)|uses?|ways?|manner|software)\b",
        # ... also as an item of a "may not a; b; or include X in malicious ... programs" list.
        rf"(?#kw:illegal,unlawful,malicious,immoral,deceptive,improper,harmful,fraudulent)\b(?:may|shall|must|will) not\b[^.]{{0,400}}?[;:\u00b7]\W{{0,3}}(?:or )?(?:use|include|incorporate)\b{_N}{{0,80}}?\b(?:for|in|into|with)\b(?: any)? (?:(?:illegal|unlawful|malicious|immoral|deceptive|improper|harmful|fraudulent)(?:,? (?:or |and )?)?){{1,4}}\s?(?:purposes?|programs?|applications?|activit(?:y|ies)|uses?|software)\b",
        # A grant that reaches only products conforming to a standard ("free license ... for use in products claiming
        # conformance to MPEG-4", "copyright is not released for non MPEG-4 conforming products").
        rf"(?#kw:conformance,compliance)\blicen[cs]e\b{_N}{{0,80}}?\bfor use in\b{_N}{{0,60}}?\bproducts? claiming (?:conformance|compliance)\b",
        rf"(?#kw:conform,complian)\b(?:not released|no licen[cs]e|not granted|not licensed|is not given)\b{_N}{{0,40}}?\bfor (?:non[- ]?[\w-]+ ?(?:conforming|compliant) products|products? that (?:do|does) not (?:conform|comply))",
        rf"(?#kw:military,weapon,surveillance,discriminat,harass,defam,minors)(?:not|never) (?:to )?use{_N}{{0,80}}(?:model|materials?|software){_N}{{0,40}}(?:for|to)"
        rf"{_N}{{0,30}}(?:military|weapons?|surveillance|discriminat|harass|defam|exploit(?:ing)? minors)",
    ),
    "flow-down": (
        r"as an enforceable provision",
        rf"(?:license|agreement) of your choice that does not contradict the{_N}{{0,20}}restrictions",
        rf"(?:use-based restrictions|use restrictions){_N}{{0,200}}?(?:must be included|must include|"
        rf"flow down|impose|pass on)",
        r"(?#kw:restrictions)\b(?:pass|flow)\w* (?:these |the |such |all )?(?:use )?restrictions (?:on|down)\b",
        rf"(?#kw:impose,pass on,flow down)(?<!not )(?:impose|pass on|flow down){_N}{{0,80}}(?:restrictions|these terms){_N}{{0,60}}(?:downstream|recipients|"
        rf"third part)",
        # Whoever shares the work must pass these terms on and make its own users accept them.
        rf"(?#kw:require)(?:must|shall)(?! not)\b{_N}{{0,60}}?\brequire (?:all )?(?:of )?(?:your |its |any )?(?:users|recipients|licensees|sublicensees|end users|third parties)\b{_N}{{0,30}}?\b(?:to )?(?:agree|accept|comply|be bound)",
        # Redistribution only under an agreement that protects the licensor as much as this one ("subject to a
        # license agreement that protects Sun's interests consistent with ...", "terms no less protective than").
        rf"(?#kw:protect)\b(?:agreement|terms|licen[cs]e|eula)\b{_N}{{0,60}}?\b(?:protects? (?:the )?[\w'’ .-]{{1,30}}?(?:'s|’s|s') (?:interests|rights)|(?:no less|at least as) protective|that protects? it at least as much)",
        r"(?#kw:protect)\bprotects? (?:the )?[\w'’ .-]{1,30}?(?:'s|’s|s') (?:interests|rights) consistent(?:ly)? with (?:the|this)\b",
        # ... or obliges the next holder to comply ("require the said other Developer to comply with the terms",
        # "ensure that anyone receiving [the files] agrees that the terms of this License apply").
        rf"(?#kw:require)(?:must|shall|will|agree to)(?! not)\b{_N}{{0,120}}?\brequire (?:the |each |every |any |such |said |other |an |a )+{_N}{{0,30}}?\bto (?:comply|agree|accept|be bound)\b",
        rf"(?#kw:ensure)(?:must|shall)(?! not)\b{_N}{{0,200}}?\bensure that (?:anyone|everyone|all|any|each)\b{_N}{{0,80}}?\b(?:agrees?|accepts?|is bound)\b{_N}{{0,40}}?\bterms\b",
        # "an agreement with your sublicensees that passes on the requirements and obligations of Sections 2 and 4".
        rf"(?#kw:pass)\b(?:agreement|terms|licen[cs]e)\b{_N}{{0,60}}?\bpass(?:es)? on (?:the |all |these )?(?:requirements|obligations|restrictions|conditions)\b",
        # Duties passed on to whoever receives the work ("you will impose upon the third party the same or substantially
        # similar contractual duties").
        rf"(?#kw:impose)(?:must|shall|will|agrees? to|are required to|is required to)(?! not)\b{_N}{{0,40}}?\bimpose\b{_N}{{0,60}}?\b(?:the same|similar|substantially similar|equivalent|identical|comparable|no less (?:restrictive|protective))\b{_N}{{0,40}}?\b(?:terms|duties|obligations|restrictions|conditions|limitations)\b",
        # Onward licensing kept under the same restriction ("is for Non-Commercial purposes only").
        rf"(?#kw:onward licens)\bonward licens\w*{_N}{{0,100}}?\b(?:non-?commercial|use restrictions|these restrictions)",
    ),
    "mau-threshold": (
        rf"(?#kw:users)\b(?:up to|no more than|a maximum of|limited to)\b{_N}{{0,30}}?\busers? (?:per|for each|in each) (?:entity|organi[sz]ation|company|customer|licensee)\b",
        r"\d[\d,\x01]{0,24} ?(?:million|thousand|[km]\b)? ?(?:monthly |daily )?(?:visits|visitors|active users|users) (?:per|a|each) (?:month|day)\b",
        r"monthly (?:visits|visitors)\b",
        r"(?:月|日)活跃用户",
        r"(?:monthly|daily|weekly) active users",
        r"\d[\d,\x01]{0,24} ?(?:million|billion|thousand|[km]\b)? ?(?:registered |active |end |monthly |daily |total )+users\b",
        rf"(?#kw: mau, dau)\b(?:mau|dau)\b{_N}{{0,40}}(?:exceed|above|over|greater|more than|\d)",
    ),
    "revenue-threshold": (
        # An amount of money next to revenue ("less than 1,000,000 USD (2019) total revenue in the prior tax year").
        rf"(?#kw:revenue)\d[\d,\x01]{{0,24}} ?(?:million |billion |[mk] ?)?(?:usd|eur|euros?|dollars)\b{_N}{{0,30}}?\b(?:total |gross |annual )?revenues?\b",
        rf"annual (?:gross )?revenues?{_N}{{0,120}}?(?:\$|usd|us\$|eur|dollars|\d{{3}})",
        rf"(?#kw:revenue,turnover)(?:revenues?|turnover) (?:of|exceeding|in excess of|greater than|above|more than|over){_N}{{0,30}}"
        rf"(?:\$|usd|us\$|eur|\d)",
    ),
    "non-commercial": (
        r"(?#kw:other than)(?:purposes?|uses?|activities) other than (?:\w+ ){0,2}?commercial\b",
        rf"非商业{_ZH}{{0,6}}?(?:用途|目的|使用|研究|性质)",
        rf"(?:不得|禁止|不可|不允许|不能){_ZH}{{0,20}}?商业(?:用途|目的|使用|化)?",
        rf"(?#kw:commercial)(?:only|solely|exclusively|strictly) (?:for|to) (?:your )?{_N}{{0,40}}?non-?commercial "
        rf"(?:purposes?|use|uses|research)",
        r"non-?commercial (?:purposes|use|uses) only",
        rf"(?#kw:commercial)(?:may not|shall not|must not|cannot|will not|not be|prohibited from) (?:be )?(?:used?|using|"
        rf"exploit\w*|deploy\w*){_N}{{0,160}}?for (?:any )?commercial (?:(?:or|and|and/or) \w+ )?(?:purposes?|use|advantage)",
        # A grant that leaves commercial use out ("The grant explicitly does not apply to Commercial Use", "expressly
        # excludes ... use for direct or indirect commercial or strategic gain").
        rf"(?#kw:commercial)\b(?:does not (?:apply|extend) to|excludes?|excluding)\b{_N}{{0,80}}?\bcommercial (?:(?:or|and|and/or) \w+ )?(?:use|usage|purposes?|gain|advantage|exploitation)\b",
        r"\bnoncommercial\b[^.]{0,40}\bmeans\b",
        # Reworded conditions: "may only be used for non-commercial purposes", "not for commercial use",
        # "commercial use ... is prohibited".
        rf"(?#kw:commercial)(?:only|solely|exclusively|strictly)\b{_N}{{0,60}}?\bnon-?commercial (?:purposes?|use|uses|usage|"
        r"research|applications?|activities|basis|settings?|projects?|evaluation|testing|development)\b",
        r"(?#kw:commercial)\bnot (?:for|to be used for|intended for|licensed for) (?:any )?commercial (?:use|usage|purposes?)",
        rf"commercial (?:use|usage|purposes?|exploitation|intent|gain)\b(?<!non-commercial use)(?<!noncommercial use){_N}{{0,120}}?\b(?:is|are) "
        rf"(?:strictly |expressly |not )?(?:prohibited|forbidden|not (?:permitted|allowed))",
        r"no commercial (?:use|usage|purposes?)\b",
        r"(?#kw:commercial)\b(?:not|never)\b (?:\w+ ){0,3}?(?:permit|allow|authori[sz]e|grant|license)\w* (?:for )?(?:any )?"
        r"commercial(?:ly)? (?:use|usage|purposes?|exploitation)",
        r"not commercially\b",
        rf"(?#kw:commerciali)\b(?:not(?! limited)|never)\b{_N}{{0,40}}?\bcommerciali[sz]e\b",
        r"(?#kw:commercial)\bfor non-?commercial (?:research |academic )?(?:purposes|use|uses)\b(?! and commercial)",
        # ... also a formal grant "permission is hereby granted to use X for any non-commercial purpose" (not "for any
        # purpose, commercial or non-commercial"; not "you can use it for any noncommercial purpose" followed by a
        # commercial grant of its own).
        rf"(?#kw:commercial)\b(?:permission is|(?:is|are) hereby|hereby) grant(?:ed|s)\b{_N}{{0,80}}?\bfor any non-?commercial (?:purpose|use)\b(?! (?:or|and) (?:for )?commercial)",
        r"primarily intended for or directed towards? commercial advantage",
        # A grant made for a non-commercial use ("License to copy and use this software is granted for non-commercial X").
        rf"(?#kw:commercial)\b(?:licen[cs]e|permission|rights?)\b{_N}{{0,60}}?\b(?:is|are) (?:hereby )?granted (?:only |solely )?for (?:any )?non-?commercial\b(?! (?:or|and) commercial)",
        # The same limit in other languages' licences ("zu nicht kommerziellen Zwecken", "à des fins non commerciales").
        r"(?#kw:kommerz,commerci,comerci)\b(?:zu|für|fuer) nicht[- ]?kommerziellen (?:zwecken|nutzungen|anwendungen)\b|\bà des fins non commerciales\b|\b(?:a|con|para) fines no comerciales\b|\bper (?:scopi|fini) non commerciali\b|\bvoor niet-commerci\w+ doeleinden\b",
    ),
    "research-only": (
        rf"(?:仅|只)(?:限|能|可)?(?:用于)?{_ZH}{{0,8}}?(?:学术研究|科研|研究)(?:目的|用途)?",
        rf"(?#kw:research,academic)(?:only|solely|exclusively|strictly) (?:for|to) (?:your )?{_N}{{0,30}}?(?:research|academic)"
        rf"(?: (?:and|or) \w+)? (?:purposes?|use)",
        # Not the origin of the work ("was developed for research purposes only and ... does not warrant").
        r"(?<!developed for )(?<!written for )(?<!created for )(?<!designed for )research purposes? only",
        r"research-only",
        r"(?<!developed for )(?<!written for )(?<!created for )(?<!designed for )research (?:use |purposes )?only\b",
        r"(?#kw:research,academic,evaluation,educational)(?:research|academic|evaluation|educational)(?:(?:,| and| or|, and) (?:research|academic|evaluation|educational|"
        r"non-commercial|personal|testing))+ (?:purposes? |use |uses )?only\b",
        r"(?#kw:limited to,restricted to)(?:limited|restricted) to (?:non-commercial |academic |scientific )*(?:research|academic)\b",
        # "non-commercial research" as a limit ("for non-commercial research purposes only", "the licence is a
        # non-commercial research licence"), not as one item of a list of permitted purposes or a document title.
        rf"(?#kw:non-commercial research)\bnon-commercial research\b{_N}{{0,30}}?\bonly\b",
    ),
    "no-production-use": (
        r"(?#kw:other than)(?:purposes?|uses?) other than (?:commercial (?:or|and) )?production\b",
        r"(?#kw:production)(?:not|never) (?:be )?(?:used|deploy\w*|use)(?: it)? (?:in|for|into) (?:a |any )?production",
        rf"(?#kw:production)(?:not|never) (?:be )?(?:used|deploy\w*|use|put)\b{_N}{{0,40}}?\b(?:in|for|into) (?:a |any )?production",
        r"(?#kw:production)not (?:be )?(?:licensed|permitted|allowed|intended|authori[sz]ed) for (?:any )?production",
        # Not one alternative of a grant that also gives production use earlier in the clause ("for internal production use on
        # two servers or for internal non-production use for evaluation").
        rf"(?#kw:non-production)(?:^|(?<=[.;:]))(?:(?!\bproduction (?:use|purposes|deployment)\b){_N}){{0,400}}?\bnon-production (?:use|purposes|license|environments?|settings?|systems?)",
        # A definition of permitted use that leaves production out; a prohibition listing production purposes.
        r"(?#kw:production)\bdoes not include (?:any )?(?:commercial (?:or|and) )?production use",
        rf"(?#kw:production)(?:will|shall|may|must) not\b{_N}{{0,400}}?\b(?:any )?(?:commercial (?:or|and) )?production (?:purposes?|use)",
        # Production use conditioned on a subscription or a separate licence ("may only be used in production, if you
        # ... have a valid subscription").
        rf"(?#kw:production)\b(?:only|solely) (?:be )?used in production\b{_N}{{0,20}}?\b(?:if|when|with|provided|subject to)\b",
        rf"(?#kw:production)\bproduction (?:use|purposes?|deployment)\b{_N}{{0,40}}?\brequires? (?:a |an )?(?:separate|commercial|paid|valid|additional)\b{_N}{{0,20}}?\b(?:licen[cs]e|subscription|agreement)",
    ),
    "no-output-training": (
        rf"(?:output|results){_N}{{0,100}}to improve any other",
        rf"(?#kw:output,results,generations)(?:outputs?|results|generations)\b{_N}{{0,80}}?(?:shall|may|must|will|can) not (?:be )?"
        rf"{_N}{{0,40}}?(?:train|develop|improve|create|build|distil)\w*{_N}{{0,60}}?models?",
        rf"(?#kw:output,results)(?:not|never|prohibited){_N}{{0,120}}(?:outputs?|results){_N}{{0,100}}(?:train|develop|improve|create)"
        rf"{_N}{{0,60}}(?:any other|other|competing|any){_N}{{0,60}}models?",
        rf"(?#kw:output,generat,results)(?:not(?! limited)|never|prohibited|forbidden)\b{_N}{{0,80}}?(?:outputs?|generated (?:content|data|text)|"
        rf"generations?|results)\b{_N}{{0,60}}?(?:train|develop|improve|create|build|distil)\w*{_N}{{0,60}}?(?:models?|ai systems?|systems)",
        rf"(?#kw:models)(?:not|never|prohibited){_N}{{0,60}}(?:train|develop|improve){_N}{{0,60}}(?:other|competing) "
        rf"{_N}{{0,40}}models?",
        # An item of a "(i) ...; (ii) ..." prohibition list (items end with ';'): "(iii) use output ... to develop models that compete".
        rf"(?#kw:compet)(?:may|shall|must|will) not \((?:i|a|1)\)[^.]{{0,400}}?\(\w{{1,4}}\) use (?:any )?(?:outputs?|results)\b{_N}{{0,60}}?\b(?:train|develop|improve|build|create)\w*{_N}{{0,40}}?\b(?:models?|products?|services?) that compete",
        rf"(?#kw:compet)(?:not|never|prohibited)\b{_N}{{0,80}}?\b(?:outputs?|results)\b{_N}{{0,60}}?\b(?:train|develop|improve|build|create)\w*{_N}{{0,40}}?\b(?:models?|products?|services?) that compete",
    ),
    "attribution-naming": (
        r"\"?built with [\w .-]{1,40}\"?",
        r"\"?improved using [\w .-]{1,40}\"?",
        r"\"?powered by [\w .-]{1,40}\"? (?:on|in) (?:a |the )?related",
        rf"at the beginning of{_N}{{0,40}}model name",
        rf"(?:include|prefix){_N}{{0,60}}(?:in|to) the name of{_N}{{0,40}}model",
        rf"following attribution{_N}{{0,80}}licensed by {_N}{{0,60}}under",
    ),
    "notice-file": (
        rf"following (?:attribution )?notices?{_N}{{0,120}}\"?notice\"? text file",
        rf"\"?notice\"? text file{_N}{{0,60}}?following (?:attribution )?notices?",
        # "you must provide ... the following attribution notice: "X is licensed under ..."".
        rf"(?#kw:following)(?:must|shall) (?:provide|include|retain|display|reproduce|prominently display)\b{_N}{{0,100}}?"
        rf"\bfollowing (?:attribution )?notice\W{{0,3}}\"",
        # The same notice worded as an acknowledgement, or in the passive ("the following notice shall be included ...: "...").
        rf"(?#kw:acknowledg)(?:must|shall) (?:provide|include|retain|display|reproduce|prominently display)\b{_N}{{0,100}}?\bfollowing acknowledge?ments?\W{{0,3}}[\"“]",
        rf"(?#kw:following )\bfollowing (?:attribution )?(?:notice|acknowledge?ment) (?:shall|must) be (?:included|displayed|retained|reproduced)\b{_N}{{0,120}}?:\W{{0,3}}[\"“]",
        rf"(?#kw:following )\bthe following (?:sentence|statement|text|legend|credit(?: line)?)\b{_N}{{0,160}}?\b(?:must|shall) (?:appear|be (?:included|displayed|shown|reproduced))\b",
        rf"(?#kw:credit line)\bcredit line\b{_N}{{0,60}}?\b(?:should|must|shall) (?:be|read)\W{{0,3}}[\"“]",
        # BSD's advertising clause and its kin, the notice given after a colon ("must display the following acknowledgement:
        # This product includes ..."), "must provide the notice below with each copy", "a copyright notice stating the following:".
        rf"(?#kw:acknowledg)(?:must|shall)\b{_N}{{0,40}}?\b(?:display|include|provide|retain|reproduce|carry|contain|bear)\b{_N}{{0,60}}?\bthe following (?:attribution )?acknowledge?ments?\s?:",
        rf"(?#kw:acknowledg)\badvertising materials\b{_N}{{0,120}}?\bdisplay the following (?:attribution )?acknowledge?ments?\b",
        rf"(?#kw:notice)(?:must|shall|provided (?:that )?you|so long as you|as long as you)\b{_N}{{0,40}}?\b(?:display|include|provide|retain|reproduce|carry|contain|bear)\b{_N}{{0,160}}?\b(?:the notice below|notice stating the following|the following (?:attribution |copyright )?notice\b(?=[^.]{{0,120}}:))",
    ),
    "territorial": (
        # Export-control bans by country list and use "only in supported geographies".
        rf"(?#kw:embargo,sanction,restricted countr)(?:not|never|prohibited)\b{_N}{{0,160}}?\b(?:embargoed|sanctioned|restricted) (?:countr|jurisdiction|region)",
        # "You will not ... export ... to countries prohibited by applicable laws nor to citizens ... of those countries".
        rf"(?#kw:countr)(?:\bnot\b|\bnever\b|\bneither\b|\bnone of\b)(?! (?:necessarily )?limited){_N}{{0,250}}?\bcountr(?:y|ies) (?:(?:that|which) (?:are|is) )?(?:prohibited|subject to (?:an? )?(?:[\w\x01]+ ){{0,3}}?(?:embargo|sanctions|export restrictions)|to which\b{_N}{{0,40}}?\bembargo)",
        r"(?#kw:ly in )(?:only|solely) in (?:the )?(?:geographies|countries|regions|territories) (?:currently )?(?:supported|approved|permitted|designated)",
        rf"(?#kw:european union,united kingdom,south korea,mainland china)(?:does not apply|do not apply|not available|not granted|"
        rf"no (?:license|licen[cs]e|rights?) (?:is |are )?granted|shall not apply|excluding|prohibited|not permitted|may not be used){_N}{{0,80}}"
        rf"(?:european union|united kingdom|south korea|mainland china)",
        rf"(?:domiciled|principal place of business) in{_N}{{0,30}}(?:european union|\beu\b)",
        rf"(?#kw:european union,european economic area,kingdom,korea,china,russia,iran,cuba,syria,crimea, eu , eu., eu,, eea, uk , uk.)(?:\bnot\b(?! (?:necessarily )?limited)|prohibited|excluded?|excluding|except|unavailable){_N}{{0,80}}?\b(?:in|to|from|within|of|for)\b "
        rf"(?:the )?(?:(?:residents|persons|entities|users|individuals|companies|citizens) (?:in|of|from) )?(?:the )?(?:european union|\beu\b|\beea\b|european economic area|united kingdom|\buk\b|south korea|north korea|mainland china|people's republic of china|(?<!republic of )\bchina\b|russia|\biran\b|\bcuba\b|\bsyria\b|crimea)",
    ),
    "remote-restriction": (
        r"restrict \(?remotely",
        rf"remotely{_N}{{0,40}}restrict",
        # The licensor's right to disable the work by remote or built-in means.
        rf"(?#kw:disabl)\b(?:right to|may|can)\b{_N}{{0,80}}?\bdisable (?:any|the|all|your)\b{_N}{{0,80}}?\b(?:disabling instructions|remotely|by remote|kill switch)",
    ),
    "terms-update": (
        rf"(?#kw:update,modify,amend,change,revise)(?<!you )(?<!licensee )(?:may|reserves? the right to|can|will) (?:from time to time )?(?:update|modify|amend|change|revise)"
        rf"(?! or publish){_N}{{0,40}}(?:this agreement|these terms|the terms|the agreement|this policy|the policy|"
        rf"\baup\b|acceptable use policy|this license)",
        # Not said of laws or regulations ("export control laws and regulations, as amended from time to time").
        r"(?<!laws, )(?<!laws )(?<!regulations, )(?<!regulations )(?<!statutes, )(?<!acts, )(?<!act, )(?<!treaties, )as (?:may be |it may be )?(?:updated|amended|modified) from time to time",
        r"(?#kw:from time to time)\bas (?:may be |it may be )?(?:(?:renewed|updated|amended|modified|revised|changed)(?:,| and/or| or| and)? ){2,4}from time to time",
        r"latest version from time to time",
        # Not an amendment by the agreement's own procedure ("as may be amended in accordance with this agreement", "only
        # by a writing signed by both parties").
        rf"(?:these terms|this agreement|this licen[cs]e|the terms|this policy|the agreement)\b{_N}{{0,40}}?\b(?:may|can|will) be "
        rf"(?:changed|updated|amended|modified|revised)\b(?! (?:in accordance with|pursuant to|only\b|solely\b|by (?:a |an )?(?:written|mutual|signed|writing)|in (?:a )?writing|by both))",
        rf"(?:terms|agreement|licen[cs]e|policy)\b{_N}{{0,30}}?\bsubject to change",
        rf"reserves the right to update this{_N}{{0,40}}policy",
        # "We reserve (the) rights to change this license or remove it at any time" (any wording of the reservation).
        rf"(?#kw:reserve)\breserves? (?:the |all |its |our )?rights? to (?:\w+ ){{0,2}}?(?:change|modify|amend|update|revise|alter|replace|remove|withdraw)\w*\b{_N}{{0,40}}?\b(?:this|the|these|its|our) (?:licen[cs]e|agreement|terms|eula|polic(?:y|ies))\b",
    ),
    "guardrail-clause": (
        rf"(?#kw:guardrail,safety,safeguard)(?:bypass|circumvent|disable|reduce the efficacy of){_N}{{0,120}}(?:guardrail|safety|safeguard)"
        rf"{_N}{{0,250}}(?:terminat|will end|cease)",
    ),
    "no-derivatives": (
        r"\bnoderivatives\b",
        r"do not have permission under this public license to share adapted material",
        rf"(?#kw:derivative works,modifications)(?:may not|shall not|must not) (?:create|make|distribute){_N}{{0,20}}(?:derivative works|modifications)",
        rf"(?#kw:derivative work)(?:may|shall|must|will) not\b{_N}{{0,40}}?\b(?:create|make|prepare|produce)\w*{_N}{{0,30}}?derivative works?"
        rf"(?!{_N}{{0,60}}except)",
        # A list of forbidden acts that takes modification in ("may not copy, sell, ..., modify, or create derivative works");
        # not "may not use, copy, modify ... in a military context" (a use ban: every act, in one field), nor the moral-rights clause ("must not distort, mutilate, modify ... prejudicial to the author's honour"),
        # nor every act barred only in one way or place ("shall not reproduce, modify ... the Product in any way that violates
        # applicable law", "must not use, modify ... the Works outside the Territory": a use or territorial limit).
        # "You may not modify the program ...", "may not modify, decompile, or reverse engineer Software" (the work,
        # not this licence's own text: "this license may not be modified"); not when an exception follows.
        rf"(?#kw: modify)\b(?:(?:may|shall|must|will) not|(?:agrees?|undertakes?|declares?) not to) (?:\w+(?:,| or| and)? ){{0,8}}?modify\b(?!{_N}{{0,100}}?\b(?:notices?|legends?|markings?|licen[cs]e|agreement|terms)\b)(?!{_N}{{0,80}}\b(?:except|unless|other than|beyond)\b{_N}{{0,40}}?\b(?:this|the|these) (?:licen[cs]e|agreement|terms)\b)(?!{_N}{{0,160}}(?:derogatory|honou?r|reputation|military|law enforcement|weapon|context\b|in any (?:way|manner) that (?:violates|infringes|is (?:unlawful|illegal))|in violation of|outside (?:of )?the territory))",
        rf"(?#kw:modified,altered,changed)\b(?<!licen[cs]e )(?<!agreement )(?<!notice )(?<!terms )(?<!eula )(?:may|shall|must|will|can) not be (?:modified|altered|changed)\b(?!{_N}{{0,40}}\b(?:except|unless)\b)",
        # Modification or modified distribution forbidden outright ("All other use, reproduction, modification ... is strictly
        # prohibited", "Distribution ... in a modified form ... is prohibited").
        rf"(?#kw:prohibited,forbidden,not permitted,not allowed)(?<!document, but )(?<!fees for )(?<!charges for )(?<!charging for )\b(?:modification|modified (?:form|versions?|copies))\b(?:(?!\bfees?\b|\bcharg){_N}){{0,120}}?\b(?:is|are) (?:strictly |expressly )?(?:prohibited|forbidden|not (?:permitted|allowed))",
        # Redistribution allowed only unmodified: binary copies "without modification", or on condition that the copy
        # stays unmodified ("provided that the distribution is retained unmodified in its entirety"); not BSD's "with
        # or without modification", not "modified and unmodified copies", not "this License without modification".
        r"(?#kw:without modification,without any modification)\b(?:redistribut|reproduc|distribut)\w* in (?:binary|object code|executable) (?:form|format),? without (?:any )?modifications?\b",
        # A grant to use and redistribute the work "without modification" (not BSD's "with or without modification").
        rf"(?#kw:without modification)\b(?:may|can|are permitted to|is permitted to) use and (?:re)?distribute\b{_N}{{0,60}}?(?<!with or )\bwithout (?:any )?modifications?\b",
        rf"(?#kw:unmodified,without modification,without any modification)\bprovided (?:that )?{_N}{{0,80}}?\b(?:is|are|be|remains?) (?:\w+ )?(?:unmodified|without (?:any )?modifications?)\b",
        # No right to modify granted ("No right to create modifications or derivatives of this document is granted"); a
        # condition worded "you do not modify the Package"; "modifying the Font Software is prohibited".
        rf"(?#kw:granted)\bno (?:rights?|licen[cs]es?|permission)\b{_N}{{0,20}}?\bto (?:create|make|prepare|produce) (?:any )?(?:modifications|derivatives?|derivative works|adaptations)\b{_N}{{0,80}}?\b(?:is|are) (?:hereby )?granted",
        rf"(?#kw:modify)(?<!if )(?<!when )(?<!unless )\byou do not (?:alter or |change or )?modify (?:the|this|these|any)\b(?!{_N}{{0,100}}?\b(?:notices?|legends?|markings?|licen[cs]e)\b)",
        rf"(?#kw:modifying)\bmodifying (?:the|this|these|any)\b{_N}{{0,60}}?\b(?:is|are) (?:strictly |expressly )?(?:prohibited|forbidden|not (?:permitted|allowed))|\bprohibited: modifying\b",
        # Redistribution allowed only while the work stays unmodified ("redistribution is only allowed in cases where the
        # original installer ... have not been modified").
        rf"(?#kw:modified)\b(?:redistribut|distribut)\w*\b{_N}{{0,40}}?\b(?:is|are) (?:only|solely) (?:allowed|permitted)\b{_N}{{0,80}}?\b(?:have|has|are|is) not been (?:modified|altered)\b",
        # "No part of the Material may be used, copied, reproduced, modified, ... without ... permission".
        rf"(?#kw:modified)\bno part of\b{_N}{{0,60}}?\bmay be\b{_N}{{0,80}}?\bmodified\b",
        # An item of a lettered list of bans introduced by a colon ("Licensee will not: (a) copy ...; (f) alter, modify or
        # prepare any derivative work of the Software; (g) ..."); not an item about notices or this licence's text. No keyword
        # guard (nor a leading alternation, which is windowed too): a list runs longer than the prefilter's window.
        r"(?<![a-z])(?:may|shall|must|will) not\W{0,3}:[^.]{0,900}?;\W{0,3}(?:\(\w{1,3}\)\s?)?(?:or )?(?!you\b|licensee\b|the\b)(?:[a-z]+(?:,| or| and)? ){0,4}?(?:modify|prepare (?:any )?derivative works?|create (?:any )?derivative works?)\b(?![^.;]{0,100}?\b(?:notices?|legends?|markings?|licen[cs]e|agreement|terms)\b)(?![^.;]{0,80}\b(?:except|unless|so that)\b)",
        rf"(?#kw:modify,derivative works)not(?:(?<=may not)|(?<=shall not)|(?<=must not)|(?<=will not))\b(?: \([^)]{{0,60}}\))? (?:\(\w{{1,3}}\) )?(?:[a-z]+(?: or [a-z]+)?, ){{2,14}}(?:or |and )?(?:modify|create derivative works|prepare derivative works)\b(?!{_N}{{0,80}}except)(?!{_N}{{0,160}}(?:derogatory|honou?r|reputation|context\b|military|law enforcement|weapon|in any (?:way|manner) that (?:violates|infringes|is (?:unlawful|illegal))|in violation of|outside (?:of )?the territory))",
    ),
    "no-patent-grant": (
        r"including but not limited to any patent rights",
        rf"no (?:other )?(?:rights or licenses|licenses?|rights){_N}{{0,60}}granted{_N}{{0,80}}including{_N}{{0,40}}"
        rf"patent",
        # "No license under any patent, copyright or other ... rights ... is granted", "nothing herein shall be deemed to
        # grant any right to You under any of X's patents".
        rf"(?#kw:patent)\bno (?:licen[cs]es?|rights?)\b(?: or (?:licen[cs]es?|rights?))? under any (?:\w+'?s? )?patents?\b{_N}{{0,120}}?\b(?:is|are) (?:hereby )?(?:granted|conferred)",
        rf"(?#kw:patent)\bnothing\b{_N}{{0,60}}?\b(?:grant|confer)s? (?:to you )?any (?:licen[cs]e|rights?)\b{_N}{{0,30}}?\bunder (?:any )?(?:of )?[\w'’ ]{{0,40}}?patents?\b",
    ),
    "computational-use-only": (
        rf"(?:solely|only) for{_N}{{0,30}}computational (?:use|analysis)",
        r"computational use of data agreement",
    ),
    # The work (or its functionality) may not be offered to third parties as a hosted / managed / paid service.
    "no-hosted-service": (
        rf"(?#kw:service)(?:may|shall|must|will) not\b{_N}{{0,300}}?\bas an? (?:(?:hosted|managed|paid|commercial|network|online|web|cloud|subscription|and|or)\W{{1,2}}){{0,5}}service\b(?! provider)",
        r"(?#kw:hosting service)\b(?:not|no)\b[^.]{0,450}?\bcommercial (?:software )?hosting services?\b",
        # ... also as an item of a list of bans ("...; rent, lease or lend the software; or use the software for commercial
        # software hosting services").
        rf"(?#kw:hosting service)(?:[;:\u00b7]|\bnot\b)\W{{0,3}}(?:or )?(?:use|provide|offer|rent|lease)\b{_N}{{0,80}}?\bcommercial (?:software )?hosting services?\b",
        rf"(?#kw:service bureau,application service provider,time-sharing,timesharing)(?:may|shall|must|will) not\b{_N}{{0,160}}?\b(?:service bureau|application service provider|time-?sharing)\b",
        # ... also as an item of a lettered list of bans ("Licensee will not: (a) ...; (d) use the Software for time-sharing
        # or service bureau services, or as part of an application services provider").
        r"(?#kw:service bureau,application service,time-sharing,timesharing)(?:may|shall|must|will) not\W{0,3}:[^.]{0,600}?[;:]\W{0,3}(?:\(\w{1,3}\)\s?)?(?:or )?(?:use|provide|offer|operate|make)\b[^.;]{0,80}?\b(?:service bureau|application services? provider|time-?sharing)\b",
        rf"(?#kw:service)\b(?:excluded|prohibited|restricted|forbidden) (?:purpose|use)s?\b{_N}{{0,40}}?\bmeans?\b{_N}{{0,80}}?\b(?:software|platform|infrastructure)[- ]as[- ]a[- ]service\b",
    ),
    "share-alike": (r"(?<![a-z])sharealike(?![a-z])", r"\bshare-alike\b"),
    "network-copyleft": (
        r"interacting with it remotely through a computer network",
        # Source owed to users of a network service ("If the Work is used as or for a Network Service, you ... provide ... Source Code").
        rf"(?#kw:network service,hosted service,over a network)(?:network service|hosted service|over a network)\b{_N}{{0,160}}?(?<!not required to )(?<!no obligation to )\b(?:provide|make available|offer)\b{_N}{{0,60}}?\bsource code",
    ),
    # Rights conditioned on giving recipients the source ("only if You provide a copy of the corresponding Source Code").
    "copyleft": (
        # Source owed with every binary distributed ("when distributing binary files, the user must provide means to obtain
        # its entire set of sources").
        rf"(?#kw:source)\b(?:when|if|upon|whenever) (?:\w+ ){{0,3}}?(?:distribut|redistribut|convey|publish)\w*\b{_N}{{0,60}}?\b(?:must|shall|has to|have to|is required to|are required to)\b(?! not){_N}{{0,40}}?\b(?:provide|make available|offer|give|include|supply|publish)\b{_N}{{0,60}}?\bsources?\b",
        rf"(?#kw:source code)(?:only if|provided that|on condition that) you (?:also )?(?:provide|make available|distribute|offer)\b{_N}{{0,60}}?\b(?:corresponding )?source code",
    ),
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
    # The general reader (a ban or "only" frame over a concept of the kind) adds the kinds no phrasing found.
    for kind, spans in deontic.read(low).items():
        if kind in found:
            continue
        found[kind] = []
        for a, b in spans[:max_per_kind]:
            quote, line, line_end = evidence_for(p, a, b)
            found[kind].append(Clause(kind, kind in BLOCKING_KINDS, quote, line, line_end, a))
    return found
