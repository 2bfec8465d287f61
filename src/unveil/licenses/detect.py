"""Identify a license text: text -> catalogue id, SPDX id, category, restrictions, confidence.

Order of evidence, strongest first:
1. a title/heading of a catalogued licence (titles and version/date lines decide versions);
2. fingerprint phrases of texts that carry no title (MIT, BSD, ISC, zlib, Apple sample code);
3. an `SPDX-License-Identifier:` line or a name mention ("licensed under the Apache License 2.0");
4. optionally the askalono matcher (SPDX texts) when installed, for the long tail;
5. otherwise the clauses alone decide the category of a custom ("other") text.
Leftover text matters: a text matching an open licence but carrying blocking clauses is a custom
licence classified from its clauses, never the open licence it resembles.
Results are cached by the hash of the normalised text, so unmodified texts are identified once.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from unveil.licenses import catalog, gnu, grantless, licensedb
from unveil.licenses.catalog import OPEN_CATEGORIES, LicenseInfo
from unveil.licenses.clauses import Clause, find_clauses
from unveil.licenses.prefilter import Guarded
from unveil.licenses.text import MAX_BYTES, Prepared, evidence_for, prepare

_SPDX_LINE = re.compile(r"spdx-license-identifier:\s*([a-z0-9.+-]+(?:\s+(?:or|and|with)\s+[a-z0-9.+-]+)*)")
# "Modified MIT License" as a heading: the text says itself it is not the standard licence.
_MODIFIED_TITLE = re.compile(
    r"^(?:the )?(?:modified|amended|custom|adapted) (?:version of (?:the )?)?"
    r"[\w .+-]{2,30}? licen[cs]e\b"
)
_LICENSE_WORD = re.compile(
    r"\blicen[cs]e|\bagreement\b|\bterms\b|\bcopyright\b|\bpermission\b|\buse policy\b|\bpermitted\b|"
    r"许可|协议|授权|条款"
)
# A name after a negation in its clause is what the licence is not ("the model license is NOT CC0",
# "rather than Apache-2.0"): the dangerous direction is reading it as the licence.
_NEGATION = re.compile(
    r"(?:\bnot\b|n't\b|\bno longer\b|\bnever\b|\bneither\b|\bnor\b|\binstead of\b|\brather than\b|\bunlike\b|"
    r"\bother than\b|\bexcept\b|\bno\b)[^.;:!?,]{0,40}$"
)


def _negated(low: str, start: int) -> bool:
    # A negation just before the name, or a negated verb earlier in the same clause ("does not distribute the
    # parts licensed under X", "is not covered by X or Y"), unless the clause is a condition ("if you do not
    # accept the X licence, ..." names the licence that applies).
    m = _NEGATION.search(low[max(0, start - 70) : start]) or _CLAUSE_NEGATED.search(low[max(0, start - 110) : start])
    return bool(m) and not _CONDITION.search(low[max(0, start - 150) : start - len(m.group(0)) + 1])


# A negated verb earlier in the clause; parentheses do not end it ("not covered by the LGPL (LGPL) or the GPL").
_CLAUSE_NEGATED = re.compile(r"(?:\bnot\b|n't\b|\bnever\b|\bno longer\b|\bwithout\b)[^.;:!?]{0,100}$")
_CONDITION = re.compile(r"\b(?:if|unless|whether)\b[^.;:!?,]{0,40}$")
# A card's one-line licence statement ("License: MIT", "research only, not for commercial use").
_SHORT = 300
_SHORT_LEAD = re.compile(r"^(?:#+ )?(?:licen[cs]e|licensing)\s*[:=-]?\s*")
# Before a title, a heading line may carry only a copyright notice (reflowed first lines) or a short
# label ("1.", "Exhibit A -", "License:"); a title after a sentence start is a mere mention.
_HEADING_PREFIX = re.compile(r"^(?:.{0,16}|.{0,120}?(?:copyright|\(c\)).{0,120})$")
# A line that goes on with the sentence of the line before ("... licensed under the terms of\nthe Apache License,
# version 2.0"): a name at its start is inside that sentence, not a heading.
_CONTINUED = re.compile(r"\b(?:of|the|under|to|by|with|in|an?|as|for|from|than)\s*$")
# Restrictive kinds that decide category for a custom text.
_NC_KINDS = {"non-commercial", "research-only"}
# Past this offset an inline (non-heading) title is checked against the full text (see _identify_text).
_LATE_TITLE = 1500
# A text this long is a licence text, not a notice: a name it mentions defers to a full-text match.
_LONG_TEXT = 2000
# An end-user licence, not an open grant: the copy is "licensed, not sold", or the work may be passed on in
# binary form only ("distribute ... in binary form ... only", "may not be distributed in source code format").
_EULA = re.compile(
    r"\blicensed,? (?:and )?not sold\b|"
    r"\b(?:distribut|redistribut|reproduc)\w*\b[^.;]{0,80}?\bin (?:binary|object code|executable) "
    r"(?:form|format|code)s?\b[^.;]{0,60}?\bonly\b|"
    r"\bonly (?:be )?(?:distributed|redistributed) in (?:binary|object code|executable) (?:form|format)|"
    r"\bmay not be (?:distributed|redistributed) in source (?:code )?(?:form|format)|"
    r"\b(?:not|no)\b[^.;]{0,30}?\breverse[- ]engineer"
)
# What an open licence of data licenses ("the Information", "this database", "the data and meta-data") against
# what one of code or documents licenses: the data licences of governments and institutions are open-data.
_DATA_OBJECT = re.compile(
    r"\b(?:the|this|these|such|any) \"?(?:data(?:base|bases| ?sets?)?|information|meta-?data|compilation of data)\b"
)
_CODE_OBJECT = re.compile(
    r"\b(?:the|this|these|such|any) \"?"
    r"(?:software|programs?|source code|code|library|fonts?|documentation|documents?|works?)\b"
)
# A text that grants nothing: it reserves the copyright ("copyright protection ... has been secured", "all rights
# reserved") and carries no permission word at all (fragments such as a bare disclaimer reserve nothing: left alone).
_RESERVED = re.compile(
    r"\ball rights reserved\b|\bcopyright protection\b|\bprotected by copyright\b|\bcopyright\b[^.]{0,80}\bsecured\b"
)
_GRANT = re.compile(
    r"\bpermi(?:ssion|t|ts|tted|ssible)\b|\bgrant|\blicen[cs]|\bfree(?:ly)?\b|\bmay\b|\ballow|\bauthori[sz]|"
    r"\bright to\b|\bpublic domain\b|\bwaive|\bdedicat"
)


@dataclass
class Identification:
    id: str
    spdx: str | None = None
    name: str | None = None
    category: str = "unknown"
    osi_approved: bool = False
    confidence: float = 0.0
    method: str = "none"  # title | fingerprint | spdx-header | mention | askalono | clauses | none
    based_on: str | None = None  # for custom texts: the licence they resemble
    clauses: dict[str, list[Clause]] = field(default_factory=dict)
    kinds: list[str] = field(default_factory=list)  # restriction kinds (catalogue facts + found clauses)
    title: str | None = None
    title_line: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def blocking_kinds(self) -> list[str]:
        return [k for k in self.kinds if k in catalog.BLOCKING_KINDS]

    @classmethod
    def from_info(cls, info: LicenseInfo, confidence: float, method: str, **extra: object) -> Identification:
        """The licence's facts (id, SPDX id, name, category, OSI flag, known kinds): the one place
        that copies them from a catalogue / licence-data entry."""
        extra.setdefault("kinds", list(info.kinds))
        return cls(
            id=info.id,
            spdx=info.spdx,
            name=info.name,
            category=info.category,
            osi_approved=info.osi,
            confidence=confidence,
            method=method,
            **extra,  # type: ignore[arg-type]
        )

    def entry_fields(self) -> dict[str, object]:
        """The fields a report's LicenseEntry takes from an identification."""
        return {
            "id": self.id,
            "spdx": self.spdx,
            "name": self.name,
            "category": self.category,
            "osi_approved": self.osi_approved,
        }


@dataclass
class _Candidate:
    info: LicenseInfo
    start: int
    end: int
    heading: bool
    method: str
    confidence: float


def _title_candidates(p: Prepared) -> list[_Candidate]:
    out: list[_Candidate] = []
    low = p.lower
    for info, titles, phrases, excludes, _mentions in catalog.compiled():
        if excludes and any(x.search(low) for x in excludes):
            continue
        best: _Candidate | None = None
        for pat in titles:
            # The first heading occurrence of any title pattern wins; else the first inline one.
            for n, m in enumerate(pat.finditer(low)):
                if n >= 4:
                    break
                concrete = info
                if info.resolve is not None:
                    new_id = info.resolve(m)
                    if not new_id:
                        continue
                    concrete = catalog.family_member(info, new_id, m.groupdict().get("v"))
                line_start = p.starts[max(0, _line_index(p, m.start()))] if p.starts else 0
                heading = bool(_HEADING_PREFIX.match(low[line_start : m.start()])) and \
                    not _CONTINUED.search(low[max(0, line_start - 40) : line_start])
                if not heading and (_negated(low, m.start()) or _likened(low, m.start())
                                    or grantless.grants_nothing(low, m.start(), m.end())):
                    continue
                c = _Candidate(concrete, m.start(), m.end(), heading, "title", 0.97 if heading else 0.85)
                if best is None or (heading and not best.heading) or (heading == best.heading and c.start < best.start):
                    best = c
                if heading:
                    break
            if best is not None and best.heading:
                break
        if best is not None:
            out.append(best)
        if not titles and phrases and all((h := ph.search(low)) and not _DENIED_AFTER.match(low, h.end())
                                          for ph in phrases):
            first = min(ph.search(low).start() for ph in phrases)  # type: ignore[union-attr]
            out.append(_Candidate(info, first, first, False, "fingerprint", 0.95))
    return out


def _line_index(p: Prepared, offset: int) -> int:
    return bisect.bisect_right(p.starts, offset) - 1


def _fingerprint_candidates(p: Prepared) -> list[_Candidate]:
    """Entries with both titles and phrases: phrases alone also identify (untitled copies)."""
    out = []
    low = p.lower
    for info, titles, phrases, excludes, _m in catalog.compiled():
        if not titles or not phrases:
            continue
        if excludes and any(x.search(low) for x in excludes):
            continue
        hits = [ph.search(low) for ph in phrases]
        if all(hits) and not any(_DENIED_AFTER.match(low, h.end()) for h in hits if h):
            first = min(h.start() for h in hits if h)
            out.append(_Candidate(info, first, first, False, "fingerprint", 0.93))
    return out


# "Redistribution and use in source and binary forms is not permitted ...": the phrase, denied.
_DENIED_AFTER = re.compile(r"[^.;]{0,40}?\b(?:is|are) not (?:permitted|allowed)\b")


def _rank(c: _Candidate) -> int:
    # A heading title is the strongest fact, then a fingerprint of the operative text; a title named
    # inside a sentence (a definitions section citing another licence) is the weakest.
    return 0 if c.heading else 1 if c.method == "fingerprint" else 2


def _pick(cands: list[_Candidate]) -> _Candidate | None:
    if not cands:
        return None
    # Then the earliest; then the longest (most specific) match.
    return min(cands, key=lambda c: (_rank(c), c.start, -(c.end - c.start), c.info.resolve is not None))


_CUE = re.compile(
    r"(?:licen[cs]ed under|released under|available under|distributed under|subject to|\bunder\b|governed by|"
    r"<licen[cs]e>\s*<name>|"
    r"\blicen[cs]e\b\W{0,4}(?:is )?|under the terms of)\W{0,3}(?:the )?"
)


# A text that opens with a licence's name followed by "license is/applies/governs ..." is about that
# licence ("The CreativeML OpenRAIL M license is an Open RAIL M license ...": CreativeML, not the generic
# family it goes on to name). Only at the very start, and only as the subject of such a verb: "CC0 images
# were used, but ..." or "Apache 2.0 does not apply here" name nothing.
_LEAD = re.compile(r"^\W{0,3}(?:the )?")
_SUBJECT_VERB = re.compile(r"\W{0,3}(?:licen[cs]e\W{0,3})?(?:is|applies|governs|covers)\b(?! not\b)")


def _subject_name(low: str) -> tuple[LicenseInfo, int, int, str] | None:
    at = _LEAD.match(low).end()  # type: ignore[union-attr]  (the pattern always matches)
    window = low[at : at + 120]
    for info, _t, _p, _x, mentions in catalog.compiled():
        for pat in mentions:
            mm = pat.match(window)
            if mm is None or info.resolve is not None or not _SUBJECT_VERB.match(low, at + mm.end()):
                continue
            return info, at + mm.start(), at + mm.end(), "mention"
    return None


def _near_cue(pat: Guarded, window: str) -> re.Match[str] | None:
    """A name within the first 50 characters after a cue. It must also match where it starts in the whole
    window: a look-ahead ("no version follows") is not fooled by the cut."""
    mm = pat.search(window[:50])
    if mm is not None and len(window) > 50 and pat.match(window[mm.start() :]) is None:
        return None
    return mm


def _mention(p: Prepared) -> tuple[LicenseInfo, int, int, str] | None:
    """An SPDX header or a short 'licensed under X' notice naming a licence."""
    low = p.lower
    m = _SPDX_LINE.search(low)
    if m:
        first = re.split(r"\s+(?:or|and|with)\s+", m.group(1))[0]
        info = catalog.lookup(first)
        if info is not None:
            return info, m.start(), m.end(), "spdx-header"
    lead = _subject_name(low)
    if lead is not None:
        return lead
    best = _cue_mention(low)
    notice = _gnu_mention(p)
    if notice is not None and (best is None or notice[1] <= best[1] + 8 or same_gnu(best[0], notice[0])):
        # The GNU notice names the version and "or later" apart from the name: more precise than the name.
        best = notice
    token = _spdx_token(p)
    if token is not None and (best is None or (token[1] <= best[1] and token[2] >= best[2])):
        # An exact SPDX id that contains the name found ("CC-BY-NC-SA-3.0-DE" over "cc-by-nc-sa-3.0", "MIT-0"
        # over "mit"): the id is the more specific.
        return token
    return best


# An SPDX id written in the text: hyphenated, with a version digit ("Apache-2.0", "CC-BY-ND-3.0-DE").
_ID_TOKEN = re.compile(r"(?<![\w.+/-])[a-z][a-z0-9.+]*(?:-[a-z0-9.+]+)+(?![\w+-])")


def _spdx_token(p: Prepared) -> tuple[LicenseInfo, int, int, str] | None:
    low = p.lower
    for n, m in enumerate(_ID_TOKEN.finditer(low)):
        if n >= 40:
            break
        tok = m.group(0).rstrip(".")
        if not any(c.isdigit() for c in tok) or not licensedb.is_spdx_id(tok):
            continue
        before = low[max(0, m.start() - 90) : m.start()]
        if _negated(low, m.start()) or _COMPARED.search(before):
            continue
        if not _GRANT_BEFORE.search(before) and not _STATEMENT_LEAD.fullmatch(low[: m.start()]):
            continue
        if grantless.grants_nothing(low, m.start(), m.start() + len(tok)):
            continue
        info = catalog.lookup(tok)
        if info is not None:
            return info, m.start(), m.start() + len(tok), "mention"
    return None


# A grant cue before a GNU name ("under the terms of", "released under", "covered by", "License:"), within
# the same sentence; a short statement needs none (it is the name).
_GRANT_BEFORE = re.compile(
    r"(?:\bunder\b|\blicen[cs]ed\b|\breleased\b|\bdistributed\b|\bcovered by\b|\bpublished\b|\bavailable\b|"
    r"\bterms of\b|\bsubject to\b|\btext of\b|\blicen[cs]e\s*:|\blicensing\s*:|<licen[cs]e>\s*<name>)[^.;!?]{0,60}$"
)
# A statement that is the name ("GPL-3.0+", "License: GPLv2", "Weights: GPL-3.0"): nothing but a label before it.
_STATEMENT_LEAD = re.compile(r"\W{0,4}(?:(?:the )?licen[cs]e[ds]?|licensing|[a-z][\w ]{0,30}?\s*:)?\W{0,4}")
_COMPARED = re.compile(
    r"(?:compatible|compatibility|incompatible|comply|complies|similar to|the same as|equivalent to|comparable to) "
    r"(?:with )?(?:the )?[^.;]{0,12}$"
)


# A licence a text is likened to ("similar to the BSD licence", "effectively the same as the 0BSD"): for a title
# or a bare name, where "comply with X" is the licence itself.
_LIKENED = re.compile(r"(?:similar to|the same as|equivalent to|comparable to|compatible with) (?:the )?[^.;]{0,12}$")


def _likened(low: str, start: int) -> bool:
    return bool(_LIKENED.search(low[max(0, start - 60) : start]))


def _compared(low: str, start: int) -> bool:
    """A name a comparison points at ("compatible with the GPL"): not the licence of this text."""
    return bool(_COMPARED.search(low[max(0, start - 90) : start]))


def _gnu_mention(p: Prepared) -> tuple[LicenseInfo, int, int, str] | None:
    """The first GNU licence notice that grants (a cue before it, or a short statement), not negated,
    not a comparison ("compatible with the GPL")."""
    low = p.lower
    found = gnu.notices(low)
    for i, n in enumerate(found):
        before = low[max(0, n.start - 90) : n.start]
        if _negated(low, n.start) or _COMPARED.search(before):
            continue
        pointer = _SEE_FOR.match(low, n.end) and _SEE_BEFORE.search(before)
        if not pointer and not _GRANT_BEFORE.search(before) and not _STATEMENT_LEAD.fullmatch(low[: n.start]):
            continue
        if grantless.grants_nothing(low, n.start, n.end):
            continue
        if not n.versioned:
            # A label or a first mention without a version ("GPL:", "covered by the GNU Lesser General Public
            # License:"), then the notice with it: the notice's version.
            n = next((m for m in found[i + 1 :] if m.versioned and m.spdx.split("-")[0] == n.spdx.split("-")[0]
                      and not _negated(low, m.start) and not _compared(low, m.start)), n)
        info = catalog.lookup(n.spdx)
        if info is None:
            continue
        if info.spdx != n.spdx:  # the catalogue's entry for the version; SPDX says whether later ones count
            info = replace(info, spdx=n.spdx)
        return info, n.start, n.end, "mention"
    return None


# The FSF's pointer: "See the GNU General Public License for more details", "see the GNU GPL version 2 or later
# for copying conditions" (a notice's own sentence, so the licence of the text).
_SEE_BEFORE = re.compile(r"\bsee\W{0,3}$")
_SEE_FOR = re.compile(r"\W{0,3}for (?:more |further )?(?:details|copying conditions|information)\b")


GNU_ANY_VERSION = "a GNU licence named without its version (any version)"


def same_gnu(a: LicenseInfo | Identification, b: LicenseInfo | Identification) -> bool:
    """True when `a` and `b` are licences of one GNU family (GPL, LGPL, AGPL, GFDL), whatever the version."""
    fam = re.compile(r"^(a|l)?gpl|^gfdl")
    ma, mb = fam.match(a.id), fam.match(b.id)
    return bool(ma and mb and ma.group(0) == mb.group(0))


# A budget on the notice search: real licence texts hold at most ~160 cues ("under", "subject to", "License:";
# GPL-3.0 150, ODbL 155); a text of thousands of distinct cues naming nothing (hostile, or no notice at all) stops
# being searched for a notice there. The text matcher and the clause readers still read all of it.
MAX_NAMELESS_CUES = 1000


def _cue_mention(low: str) -> tuple[LicenseInfo, int, int, str] | None:
    best: tuple[LicenseInfo, int, int, str] | None = None
    # Windows in which no name matched: the same words after another cue ("under" repeated over a hostile
    # megabyte, or a licence's own boilerplate) need not be matched against every catalogue pattern again.
    nameless: set[str] = set()
    for cm in _CUE.finditer(low):
        window = low[cm.end() : cm.end() + 80]
        if window in nameless:
            continue
        named = False
        for info, _t, _p, _x, mentions in catalog.compiled():
            for pat in mentions:
                mm = pat.match(window) or _near_cue(pat, window)
                named = named or mm is not None
                if not mm or _negated(low, cm.end() + mm.start()) or _compared(low, cm.end() + mm.start()):
                    continue
                if grantless.grants_nothing(low, cm.end() + mm.start(), cm.end() + mm.end()):
                    continue
                concrete = info
                if info.resolve is not None:
                    new_id = info.resolve(mm)
                    if not new_id:
                        continue
                    concrete = catalog.family_member(info, new_id, mm.groupdict().get("v"))
                start = cm.end() + mm.start()
                if best is None or start < best[1] or (start == best[1] and mm.end() - mm.start() > best[2] - start):
                    best = (concrete, start, cm.end() + mm.end(), "mention")
        if best is not None:
            return best
        if not named:
            nameless.add(window)
            if len(nameless) > MAX_NAMELESS_CUES:
                break
    return best


def _bare_name(p: Prepared) -> tuple[LicenseInfo, int, int, str] | None:
    """A short statement that is only a name or id ("MIT", "Apache 2", "OpenRAIL++", "cc-by-nc-4.0")."""
    low = _SHORT_LEAD.sub("", p.lower.strip()).strip(" .;:'\"()[]")
    info = catalog.lookup(low)
    if info is not None:
        start = p.lower.find(low)
        return info, max(start, 0), max(start, 0) + len(low), "mention"
    for cinfo, _t, _p, _x, mentions in catalog.compiled():
        for pat in mentions:
            mm = next((x for x in pat.finditer(low)
                       if not _negated(low, x.start()) and not _likened(low, x.start())
                       and not grantless.grants_nothing(low, x.start(), x.end())), None)
            if mm is None:
                continue
            if cinfo.resolve is not None:
                new_id = cinfo.resolve(mm)
                if not new_id:
                    continue
                cinfo = catalog.family_member(cinfo, new_id, mm.groupdict().get("v"))
            return cinfo, mm.start(), mm.end(), "mention"
    return None


_PERL_TERMS = re.compile(r"\b(?:under|on) the same terms as perl(?: itself| 5)?\b")
# Addresses of licence texts: Creative Commons deeds, the OSI, SPDX and choosealicense pages.
_CC_URL = re.compile(r"creativecommons\.org/licenses/(by(?:-nc)?(?:-sa|-nd)?)/([1-4]\.[05])")
_CC0_URL = re.compile(r"creativecommons\.org/publicdomain/zero/1\.0")
_ID_URL = re.compile(
    r"(?:opensource\.org/licenses?|spdx\.org/licenses|choosealicense\.com/licenses)/([\w.+-]+?)(?:\.html|\.php|/|\)|\s|$)"
)


def _url_pointer(p: Prepared) -> tuple[LicenseInfo, str, int] | None:
    """A licence named only by the address of its text (the first negation-free link)."""
    low = p.lower
    if "http" not in low and "www." not in low and ".org/" not in low and ".com/" not in low and \
            "common-licenses" not in low:
        return None
    found: list[tuple[int, LicenseInfo, str]] = []
    for m in _CC_URL.finditer(low):
        info = catalog.lookup(f"cc-{m.group(1)}-{m.group(2)}")
        if info is not None and not _negated(low, m.start()):
            found.append((m.start(), info, m.group(0)))
            break
    for m in _CC0_URL.finditer(low):
        if not _negated(low, m.start()):
            found.append((m.start(), catalog.BY_ID["cc0-1.0"], m.group(0)))
            break
    for m in _ID_URL.finditer(low):
        info = catalog.lookup(m.group(1))
        if info is not None and not _negated(low, m.start()):
            found.append((m.start(), info, m.group(0)))
            break
    for info, *_rest in catalog.compiled():
        for u in info.urls:
            m = re.search(u, low)
            if m and not _negated(low, m.start()):
                found.append((m.start(), info, m.group(0)))
    for m in _DEBIAN_PATH.finditer(low):
        info = _debian_licence(m.group(1))
        if info is not None and not _negated(low, m.start()):
            found.append((m.start(), info, m.group(0)))
            break
    # The data's addresses only for a pointer (a short statement): a licence text cites other addresses.
    for n, m in enumerate(_ANY_URL.finditer(low) if len(low) <= 2 * _SHORT else ()):
        if n >= 20:
            break
        rec = licensedb.record_for_url(m.group(0).rstrip(".,;"))
        if rec is not None and not _negated(low, m.start()):
            found.append((m.start(), _listed(rec), m.group(0)))
            break
    if not found:
        return None
    start, info, text = min(found, key=lambda f: f[0])
    return info, text, start


# Debian's shared licence texts ("the full text of the GPL is in /usr/share/common-licenses/GPL-2"): the file name
# is the licence (GNU names carry a bare major version; "Artistic" is Perl's, "BSD" the Regents' 3-clause text).
_DEBIAN_PATH = re.compile(r"/usr/share/common-licenses/([a-z0-9][a-z0-9.+-]{0,30}?)(?=\.?(?:[^a-z0-9.+-]|$))")
_DEBIAN_NAMES = {"artistic": "artistic-1.0-perl", "bsd": "bsd-3-clause"}


def _debian_licence(name: str) -> LicenseInfo | None:
    gm = re.fullmatch(r"((?:a|l)?gpl|gfdl)-(\d)(\.\d)?", name)
    if gm:
        name = f"{gm.group(1)}-{gm.group(2)}{gm.group(3) or '.0'}-only"
    info = catalog.lookup(_DEBIAN_NAMES.get(name, name))
    return info if info is not None and info.id not in {"unknown", "other"} else None


# Any web address: compared with the addresses of licence texts in the licence data.
_ANY_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]\"'`]{4,200}")


def _licensedb(p: Prepared, use_matcher: bool) -> tuple[LicenseInfo, float, str, str | None, int | None] | None:
    """Any licence of the SPDX list / ScanCode LicenseDB: its name heading the text or named in a
    notice, else (with the `licenses` extra) its full text. (info, confidence, method, title, line)."""
    for i, start in enumerate(p.starts[:6]):
        end = p.starts[i + 2] if i + 2 < len(p.starts) else len(p.flat)  # a name may wrap onto the next line
        hit = licensedb.name_at_start(p.flat[start : min(end, start + 200)])
        # A line may go on with a sentence of the line before ("One may not breach the\nX license"): negated.
        if hit is not None and not grantless.code_line(p.lower[start : min(end, start + 200)]) and \
                not _negated(p.lower, start):
            rec, _n = hit
            info = _listed(rec)
            if use_matcher and len(p.lower) > 300 and rec.osi:
                # The whole text confirms the title: the licence's own wording adds no restriction.
                whole = _db_text(p)
                if whole is not None and whole[0].id == info.id:
                    info = whole[0]
            elif use_matcher and len(p.lower) > 300 and rec.spdx.lower().startswith("licenseref-"):
                # A name of the ScanCode data heading a licence text: its full text, where the data holds it, is the
                # better evidence (one maker's licences share the first words of their names); a long text that
                # matches none is read from its clauses, as before these names were read.
                whole = _db_text(p)
                if whole is not None:
                    info = whole[0]
                elif len(p.lower) > _LONG_TEXT:
                    continue
            elif use_matcher and len(p.lower) > 300:
                # A translation names the licence of its original language ("Data licence Germany - attribution -
                # version 2.0" heads the English text of the German licence): the text's own version is the answer.
                whole = _db_text(p)
                if whole is not None and licensedb.same_licence_other_language(whole[2].record, rec):
                    info = whole[0]
            return info, 0.9, "title", rec.name, p.line_at(start)
    ment = _db_mention(p)
    if ment is not None and use_matcher and len(p.lower) > _SHORT:
        # A licence text naming another licence inside it is that text (as for the catalogue's names).
        whole = _db_text(p)
        if whole is not None and whole[0].id != ment[0].id and _explains(p, whole[2]):
            return whole[0], whole[1], "licensedb-text", None, None
    if ment is not None:
        return ment
    if not use_matcher or len(p.lower) <= 300:
        return None
    hit = _db_text(p)
    return (hit[0], hit[1], "licensedb-text", None, None) if hit else None


def _db_text(p: Prepared) -> tuple[LicenseInfo, float, licensedb.TextMatch] | None:
    """The ScanCode licence whose full text this is (the `licenses` extra), as a catalogue entry when
    the catalogue holds it."""
    tm = licensedb.match_text(p.flat)
    if tm is None:
        return None
    confidence = round(0.6 + 0.35 * tm.coverage, 3)
    base = catalog.lookup(tm.record.key) or licensedb.info(tm.record, [])
    if base.ai and base.category not in OPEN_CATEGORIES and not licensedb.names_licensor(tm.record, p.lower):
        # The terms of a restrictive licence under another licensor's name: a fork, not that licence.
        fork = LicenseInfo(
            id="other",
            name=f"custom license based on {base.name}",
            category=base.category,
            spdx="LicenseRef-other",
            kinds=base.kinds,
            source=f"fork of {base.id}",
        )
        return fork, min(confidence, 0.75), tm
    if base.category in OPEN_CATEGORIES and tm.share >= 0.9 and tm.coverage >= 0.9:
        # The text is that open licence nearly whole: its own wording (a steward's "may revise this
        # license", say) is not an added restriction.
        base = replace(base, source="osi-text")
    return base, confidence, tm


def _listed(rec: licensedb.Record) -> LicenseInfo:
    """A licence of the data, with the catalogue's facts when the catalogue holds it (CC-BY-NC-3.0 found by its
    SPDX name is the catalogue's non-commercial licence)."""
    listed = catalog.lookup(rec.spdx, fallback=False) or catalog.lookup(rec.key, fallback=False)
    return listed or licensedb.info(rec, [])


def _db_mention(p: Prepared) -> tuple[LicenseInfo, float, str, str | None, int | None] | None:
    nameless: set[str] = set()  # windows that named nothing (as in _cue_mention)
    for cm in _CUE.finditer(p.lower):
        window = p.flat[cm.end() : cm.end() + 160]
        if window in nameless or _negated(p.lower, cm.end()) or grantless.grants_nothing(p.lower, cm.end(), cm.end()):
            continue
        hit = licensedb.name_at_start(window, max_start=0)
        if hit is not None:
            rec = hit[0]
            return _listed(rec), 0.8, "mention", rec.name, p.line_at(cm.end())
        fam = licensedb.family_at_start(window)
        info = _family_info(fam) if fam else None
        if info is not None:
            return info, 0.7, "mention", info.name, p.line_at(cm.end())
        nameless.add(window)
        if len(nameless) > MAX_NAMELESS_CUES:
            break
    return None


def _family_info(recs: tuple[licensedb.Record, ...]) -> LicenseInfo | None:
    """A licence named without its version: the one version the data holds, else the family when every
    version has the same category (the version stays unknown: no SPDX id)."""
    if len(recs) == 1:
        return _listed(recs[0])
    cats = {licensedb.category(r) for r in recs}
    if len(cats) != 1 and not cats <= OPEN_CATEGORIES:
        return None
    if len(cats) != 1:  # open in every version: the latest version's category
        latest = max(recs, key=lambda r: [int(x) for x in re.findall(r"\d+", r.spdx)] or [0])
        cats = {licensedb.category(latest)}
    ids = sorted(r.spdx.lower() for r in recs)
    stem = re.sub(r"[-.\d]+$", "", ids[0][: len(next(iter(ids)))])
    common = stem
    for i in ids:
        while common and not i.startswith(common):
            common = common[:-1]
    name = re.sub(r"\s*v?\d[\d.]*(?:\s.*)?$", "", recs[0].name).strip() or recs[0].name
    return LicenseInfo(
        id=common.rstrip("-.") or ids[0],
        name=f"{name} (version not stated)",
        category=cats.pop(),
        osi=all(r.osi for r in recs),
        kinds=tuple({k for r in recs for k in licensedb.info(r).kinds}),
        source="spdx",
    )


# A proprietary notice: the text keeps every right (confidential information, no copy or disclosure without
# written consent). Read only when no licence is named; a non-commercial grant is the better reading.
_PROPRIETARY = re.compile(
    r"\bconfidential and proprietary\b|\bproprietary and confidential\b|\bproprietary (?:and confidential )?"
    r"information of\b|\blicensed materials\W{0,3}property of\b|\bexclusive property of\b|"
    r"\brestricted rights\b[^.]{0,30}\b(?:use|duplication|disclosure)\b|"
    r"\b(?:important\W{0,4})?read (?:this |the following )?(?:agreement |terms )?(?:carefully )?before "
    r"(?:copying|installing|downloading|using)\b|"
    r"\b(?:contains?|constitutes?) (?:the )?(?:confidential information|trade secrets|intellectual property)"
    r"(?: and (?:confidential information|trade secrets|intellectual property))? (?:of|belonging to)\b|"
    r"\b(?:is|are) not permitted without\b[^.]{0,30}\bwritten\b|"
    r"\b(?:is|are) (?:strictly )?(?:prohibited|forbidden) without (?:the )?(?:prior )?(?:written|express)\b|"
    r"\bwithout (?:a )?(?:prior )?written (?:licen[cs]e )?(?:agreement|consent|permission)\b[^.]{0,60}?"
    r"\b(?:is|are) (?:strictly )?(?:prohibited|forbidden)\b|"
    r"\b(?:may|shall|must|can) not be (?:[a-z]+ed,? (?:or |and )?){1,4}[^.]{0,80}?\bwithout\b[^.]{0,40}?"
    r"\b(?:written|express|explicit)\b[^.]{0,30}?\b(?:consent|permission|authori[sz]ation)\b"
)


@dataclass
class _Notice:
    info: LicenseInfo
    start: int

    def with_clauses(self, clauses: dict[str, list[Clause]], kinds: list[str]) -> Identification:
        return Identification.from_info(self.info, 0.6, "clauses", clauses=clauses, kinds=[*self.info.kinds, *kinds])


_GRANTS_FREELY = re.compile(r"\bfree software\b|\bopen[- ]source\b|\bpermission is hereby granted\b|\bfreely\b")


# Software sold under a licence of its maker ("this is commercial software", "subject to a commercial license
# from ..."): the data's generic commercial licence, under the same conditions.
_COMMERCIAL = re.compile(
    r"\b(?:is|are) (?:a )?commercial (?:software|products?)\b|"
    r"\b(?:subject to|governed by|(?:licensed|released|distributed|available|sold) under) (?:the terms of )?"
    r"(?:a|the) commercial licen[cs]e(?: agreement)?\b|"
    r"\b(?:is|are) only licensed for use (?:with|on|in)\b"
)
# A work placed in the public domain ("the files are in the public domain", "is hereby placed into the public
# domain"): the data's generic public-domain dedication, when no licence is named and nothing restricts.
_PUBLIC_DOMAIN = re.compile(
    r"\b(?:is|are|been|was|were)\s+(?:hereby\s+|also\s+|thus\s+)?(?:(?:placed|released|dedicated|put|given|"
    r"contributed)\s+)?in(?:to)?\s+the\s+public\s+domain\b"
)


def _proprietary_notice(p: Prepared) -> _Notice | None:
    low = p.lower
    if _GRANTS_FREELY.search(low):
        return None
    for pattern, key in ((_PROPRIETARY, "proprietary-license"), (_COMMERCIAL, "commercial-license")):
        m = pattern.search(low)
        if m is not None and not _negated(low, m.start()):
            info = licensedb.lookup(key)
            return _Notice(info, m.start()) if info is not None else None
    return None


_QUALIFIED = re.compile(r"[^.;!?]{0,80}?\b(?:only|purposes?|except|provided|but)\b")


def _public_domain_notice(p: Prepared, kinds: list[str]) -> _Notice | None:
    low = p.lower
    m = _PUBLIC_DOMAIN.search(low)
    if m is None or kinds or _negated(low, m.start()) or _negated(low, m.end() - 6) or \
            grantless.grants_nothing(low, m.end() - 13, m.end()):
        return None
    before = low[max(0, m.start() - 60) : m.start()]
    subject = re.split(r"[.;:!?,]", before)[-1]
    named = len(re.findall(r"\w+", subject)) <= 1 or re.search(r"\b(?:this|these|the|all|its|our|my|such)\b", subject)
    if re.search(r"\b(?:if|whether|unless)\b[^.;:!?]{0,60}$", before) or not named:
        # A condition ("if the work is in the public domain, ..."), or things in general ("nonproprietary products
        # are in the public domain"): the subject must be this work, a name, or left out.
        return None
    if _QUALIFIED.match(low, m.end()):
        return None  # "placed in the public domain to be used for research purposes": a qualified grant
    info = licensedb.lookup("public-domain")
    return _Notice(info, m.start()) if info is not None else None


def _text_matching() -> bool:
    return licensedb.TEXT_MATCHING


def _askalono(text: str) -> tuple[LicenseInfo, float] | None:
    """Optional SPDX matcher (pyaskalono); imported lazily, absent is fine. Never asked about a text
    without words (it answers some licence with score 0 for empty input)."""
    if len(re.findall(r"[a-z]{2,}", text.lower()[:4000])) < 20:
        return None
    try:
        # lazy: optional extra (licenses: pyaskalono)
        import askalono  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - optional dependency
        return None
    try:
        res = askalono.identify(text)
    except Exception:  # noqa: BLE001 - a matcher failure must not break identification
        return None
    if res is None or res.score < 0.9:
        return None
    info = catalog.lookup(res.name)
    if info is None:
        info = LicenseInfo(id=res.name.lower(), name=res.name, category="unknown", spdx=res.name)
    return info, float(res.score)


_NAME_VERSION = re.compile(r"^(.*?) v?(\d+\.\d+)$")


def _other_version(info: LicenseInfo, p: Prepared) -> str | None:
    """The version a text's opening names for `info`'s licence when it differs ("Apache License,
    Version 2.1" read as Apache-2.0 by its body): a version SPDX does not list is not that licence."""
    if info.ai or info.family or not info.osi:
        return None
    m = _NAME_VERSION.match(info.name.lower())
    if not m:
        return None
    base, version = m.groups()
    head = p.lower[:400]
    vm = re.search(re.escape(base) + r"[\s,:-]*(?:version|v\.?)?\s*(\d+(?:\.\d+)?)\b", head)
    if not vm:
        return None
    found = vm.group(1)
    same = found.removesuffix(".0") == version.removesuffix(".0")
    return None if same else found


def _category_from_kinds(kinds: list[str], base: str) -> str:
    if _NC_KINDS & set(kinds):
        return "non-commercial"
    if set(kinds) & catalog.BLOCKING_KINDS:
        return "restricted"
    return base


_CACHE: OrderedDict[str, Identification] = OrderedDict()
_CACHE_MAX = 512


def _remember(key: str, result: Identification) -> None:
    _CACHE[key] = result
    if len(_CACHE) > _CACHE_MAX:
        _CACHE.popitem(last=False)


def identify(raw: bytes | str | None, use_matcher: bool = True) -> Identification:
    """Identify one license text (bytes or str). Never raises on bad input.

    Fast paths: the exact bytes seen before, then the same normalised text (whitespace, quotes,
    markup and line ends do not matter) seen before.
    """
    if raw is None:
        return Identification(id="unknown", notes=["empty text"])
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    raw_key = "raw:" + hashlib.sha256(data[: MAX_BYTES + 1]).hexdigest()
    hit = _CACHE.get(raw_key)
    if hit is not None:
        _CACHE.move_to_end(raw_key)
        return hit
    p = prepare(raw)
    key = "norm:" + hashlib.sha256(p.lower.encode("utf-8", "surrogatepass")).hexdigest()
    hit = _CACHE.get(key)
    if hit is None:
        hit = _identify(p, use_matcher)
        _remember(key, hit)
    else:
        _CACHE.move_to_end(key)
    _remember(raw_key, hit)
    return hit


def identify_prepared(p: Prepared, use_matcher: bool = True) -> Identification:
    return _identify(p, use_matcher)


# A rule line that opens another licence in the same file ("----- LICENSE FOR pix2pix -----"): a project's
# licence followed by the licences of code it vendors.
# Each run of rule characters is tried from its first character only (the look-behind), so a long run
# costs linear time, not quadratic.
_RULE = r"(?:-{3,}|={3,}|\*{3,}|#{3,})"
_PART_RULE = re.compile(rf"(?<![-=*#]){_RULE} ?(?:licen[cs]es?|copyright notices?) (?:for|of) [^\n]{{1,80}}? ?{_RULE}")
_MAX_PARTS = 8
_MIN_HEAD = 300  # the first part must be a licence text of its own, not a preamble


def _slice(p: Prepared, start: int, end: int) -> Prepared:
    """The part [start, end) of a prepared text, keeping the original line numbers."""
    first = max(0, _line_index(p, start))
    keep = [(s, n) for s, n in zip(p.starts, p.line_nos, strict=True) if start <= s < end]
    if not keep or keep[0][0] != start:
        keep.insert(0, (start, p.line_nos[first] if p.line_nos else 1))
    return Prepared(
        flat=p.flat[start:end],
        lower=p.lower[start:end],
        starts=[s - start for s, _n in keep],
        line_nos=[n for _s, n in keep],
        truncated=p.truncated,
        encoding=p.encoding,
    )


def _parts(p: Prepared) -> list[Prepared] | None:
    cuts = [m.start() for m in _PART_RULE.finditer(p.lower)][:_MAX_PARTS]
    if not cuts or cuts[0] < _MIN_HEAD:
        return None
    bounds = [0, *cuts, len(p.lower)]
    return [_slice(p, a, b) for a, b in zip(bounds, bounds[1:], strict=False)]


def _identify(p: Prepared, use_matcher: bool) -> Identification:
    if p.binary:
        return Identification(id="unknown", notes=["binary content"])
    if len(p.lower) < 2:
        return Identification(id="unknown", notes=["empty text"])
    parts = _parts(p)
    if parts is not None:
        # Several licences in one file: the first is the file's own. It stands for the file only when
        # the others add no restriction; otherwise the whole text is read (its clauses all count).
        head = _identify_text(parts[0], use_matcher)
        others = [_identify_text(x, use_matcher) for x in parts[1:]]
        harmless = all(o.category in OPEN_CATEGORIES or (o.id == "unknown" and not o.blocking_kinds) for o in others)
        if head.id != "unknown" and harmless:
            head.notes.append("the file also holds " + ", ".join(o.id for o in others) + " (vendored code)")
            return head
    return _identify_text(p, use_matcher)


def _identify_text(p: Prepared, use_matcher: bool) -> Identification:
    clauses = find_clauses(p)
    found_kinds = list(clauses)

    cand = _pick(_title_candidates(p) + _fingerprint_candidates(p))
    info: LicenseInfo | None = None
    method, confidence = "none", 0.0
    title = title_line = None
    if cand is not None and _rank(cand) == 2:
        # Only an inline title: a "licensed under X" notice that comes first is the better evidence.
        ment = _mention(p)
        if ment is not None and ment[1] < cand.start:
            cand = None
    db_text = None
    if cand is not None and _rank(cand) == 2 and use_matcher and cand.start > _LATE_TITLE:
        # A licence named only inside a sentence, deep into a long text ("compatible with the Open Data
        # Commons Attribution License", a list of compatible licences) is a reference, not this text's
        # name: a full-text match with another licence is the better evidence.
        whole = _db_text(p)
        if whole is not None and whole[0].id not in {cand.info.id, "other"} and whole[2].coverage >= 0.9:
            db_text, cand = whole, None
    if cand is not None and cand.method == "fingerprint" and use_matcher and len(p.lower) > 300:
        # A fingerprint is a few phrases (BSD's "redistribution and use ..." opens many licences): a
        # full-text match with another listed licence is the better evidence.
        db_text = _db_text(p)
        listed = db_text is not None and db_text[0].source in {"spdx", "osi-text"}
        if listed and not cand.info.ai and db_text[0].id != cand.info.id and db_text[2].coverage >= 0.9:
            # ... unless the fingerprinted licence's own text is there too (a longer variant that
            # contains it, e.g. BSD-3-Clause-Attribution, is not evidence against it).
            own = licensedb.coverage_of(cand.info.spdx or cand.info.id, p.flat)
            if own is not None and own[0] >= 0.8 and own[1] >= db_text[2].share - 0.05:
                db_text = None
            else:
                cand = None
        else:
            db_text = None
    if db_text is not None:
        info, confidence, method = db_text[0], db_text[1], "licensedb-text"
    elif cand is not None:
        info, method, confidence = cand.info, cand.method, cand.confidence
        if cand.method == "title":
            title, _l, _e = evidence_for(p, cand.start, cand.end)
            title = p.flat[cand.start : cand.end]
            title_line = p.line_at(cand.start)
    else:
        ment = _mention(p)
        if ment is None and len(p.lower) <= _SHORT:
            ment = _bare_name(p)
        if ment is not None and ment[3] == "mention" and use_matcher and len(p.lower) > _SHORT:
            # A licence text that names another licence inside it (a change licence, a compatible licence, a
            # GPL clause of a custom text) is that text, not the licence it names: a full-text match that
            # explains most of a long text, or all of a shorter one, is the better evidence.
            whole = _db_text(p)
            if whole is not None and whole[0].id != ment[0].id and _explains(p, whole[2]):
                ment, db_text = None, whole
        if db_text is not None:
            info, confidence, method = db_text[0], db_text[1], "licensedb-text"
        elif ment is not None:
            info, s, e, method = ment
            confidence = 0.9 if method == "spdx-header" else 0.8
            title, title_line = p.flat[s:e], p.line_at(s)
        elif (perl := _PERL_TERMS.search(p.lower)) is not None and not _negated(p.lower, perl.start()) and \
                (perl_info := licensedb.lookup("Artistic-1.0-Perl")) is not None:
            # CPAN's wording: Perl 5's terms are the Artistic License (Perl's) or the GPL, any version.
            info, confidence, method = perl_info, 0.7, "mention"
            title, title_line = p.flat[perl.start() : perl.end()], p.line_at(perl.start())
        elif (link := _url_pointer(p)) is not None:
            info, confidence, method = link[0], 0.75, "link"
            title, title_line = link[1], p.line_at(link[2])
        else:
            dbm = _licensedb(p, use_matcher)
            if dbm is not None:
                info, confidence, method, title, title_line = dbm
            elif use_matcher and len(p.lower) > 300 and not _text_matching():
                # askalono reads lines and paragraphs: give it the cleaned text with its line breaks.
                ends = [*(x - 1 for x in p.starts[1:]), len(p.flat)]
                am = _askalono("\n".join(p.flat[a:b] for a, b in zip(p.starts, ends, strict=True)))
                if am is not None:
                    info, confidence = am
                    method = "askalono"

    if info is None:
        kinds = found_kinds
        category = _category_from_kinds(kinds, "unknown")
        if not _NC_KINDS & set(kinds) and (prop := _proprietary_notice(p)) is not None:
            return prop.with_clauses(clauses, kinds)
        if (pd := _public_domain_notice(p, kinds)) is not None:
            return pd.with_clauses(clauses, kinds)
        worded = len(p.lower) <= _SHORT or _LICENSE_WORD.search(p.lower)
        if kinds and worded and set(kinds) & catalog.BLOCKING_KINDS:
            return Identification(
                id="other",
                spdx="LicenseRef-other",
                name="custom license",
                category=category,
                confidence=0.5,
                method="clauses",
                clauses=clauses,
                kinds=kinds,
            )
        return Identification(
            id="unknown",
            clauses=clauses,
            kinds=kinds,
            category="unknown",
            notes=["no known license recognised"],
        )

    if info.family == "cc":
        # A Creative Commons licence ported to a jurisdiction, or the version its address names.
        info = _cc_port(info, p, p.lower.find(title.lower()) if title else -1) or info
    # Known facts of the licence, plus any restriction clause actually found in the text.
    kinds = list(info.kinds)
    is_policy = info.id.endswith("use-policy")
    for k in found_kinds:
        if k in kinds:
            continue
        if is_policy and k == "aup-incorporated":
            continue
        if info.category in OPEN_CATEGORIES | {"unknown"} and k in {"share-alike", "network-copyleft", "copyleft"}:
            continue  # informational wording of open licences: the catalogue facts decide
        kinds.append(k)
    result = Identification.from_info(
        info, confidence, method, clauses=clauses, kinds=kinds, title=title, title_line=title_line
    )

    if method == "mention" and same_gnu(info, info) and not any(n.versioned for n in gnu.notices(p.lower)):
        result.notes.append(GNU_ANY_VERSION)
    if info.family == "cc" and info.version is None and info.id.startswith("cc-by"):
        result.notes.append("Creative Commons licence named without its version: the category follows its elements")
    if info.source.startswith("fork of "):
        result.based_on = info.source.removeprefix("fork of ")
        result.notes.append(f"text of {result.based_on} under another licensor's name")

    # Leftover text: an open licence with blocking clauses (or titled as a modified one) is custom.
    extra_blocking = [k for k in found_kinds if k in catalog.BLOCKING_KINDS and k not in info.kinds]
    if info.source == "osi-text":
        result.kinds = [k for k in result.kinds if k not in extra_blocking]
        extra_blocking = []
    modified = _MODIFIED_TITLE.search(p.lower[:200])
    from_data = info.source in {"scancode", "spdx", "osi-text"}  # facts from the licence data, not the catalogue
    if info.category in OPEN_CATEGORIES and (extra_blocking or modified):
        result.based_on = info.id
        result.id, result.spdx = "other", "LicenseRef-other"
        result.name = f"custom license based on {info.name}"
        result.osi_approved = False
        result.category = _category_from_kinds(kinds, info.category)
        result.confidence = 0.75
        why = f"extra clauses: {', '.join(extra_blocking)}" if extra_blocking else "titled as a modified licence"
        result.notes.append(f"text resembles {info.id} but carries {why}")
    elif (other_version := _other_version(info, p)) is not None:
        result.based_on = info.id
        result.id, result.spdx, result.osi_approved = "other", "LicenseRef-other", False
        result.name = f"custom license based on {info.name} (names version {other_version})"
        result.confidence = 0.6
        result.notes.append(f"text resembles {info.id} but names version {other_version}")
    elif from_data and info.category in OPEN_CATEGORIES and not info.osi and _grants_nothing(p.lower):
        result.category = "proprietary"
        result.notes.append(f"the text grants no permission (a bare copyright notice), whatever {info.id}'s data say")
    elif info.ai or info.category not in OPEN_CATEGORIES:
        result.category = _category_from_kinds(kinds, info.category) if info.category == "unknown" else info.category
        # An added non-commercial/research-only condition narrows a restricted licence further.
        if result.category == "restricted" and _NC_KINDS & set(extra_blocking):
            result.category = "non-commercial"
            result.notes.append(f"text adds {', '.join(sorted(_NC_KINDS & set(extra_blocking)))} to {info.id}")
        # A free-of-charge licence from the licence data (ScanCode "Proprietary Free", "Free Restricted") whose
        # text forbids modification is a proprietary EULA, not a restricted-but-open grant.
        elif result.category == "restricted" and info.source in {"scancode", "spdx"} and "no-derivatives" in kinds:
            result.category = "proprietary"
            result.notes.append(f"{info.id} forbids derivative works: proprietary")
        elif result.category == "restricted" and info.source in {"scancode", "spdx"} and _EULA.search(p.lower):
            result.category = "proprietary"
            result.notes.append(f"{info.id} is an end-user licence (licensed, not sold; or binary-only): proprietary")
        # ... also when the text bars commercial use too: an end-user licence of a free family whose name says nothing
        # of non-commercial use stays proprietary (its non-commercial clause is one more restriction of it).
        if result.category == "non-commercial" and _free_family_eula(info, p.lower):
            result.category = "proprietary"
            result.notes.append(f"{info.id} is an end-user licence that also bars commercial use: proprietary")
    if result.category == "open-content" and from_data and _licenses_data(p.lower):
        result.category = "open-data"
        result.notes.append("an open licence of data (what it licenses is data or information): open-data")
    return result


def _free_family_eula(info: LicenseInfo, low: str) -> bool:
    if info.source != "scancode" or licensedb._NC_NAME.search(info.name) or not _EULA.search(low):
        return False
    rec = licensedb.record(info.id)
    return rec is not None and rec.family in {"Proprietary Free", "Free Restricted"}


def _cc_port(info: LicenseInfo, p: Prepared, at: int) -> LicenseInfo | None:
    """The ported licence a Creative Commons name goes on to name ("... 3.0 Germany" is CC-BY-NC-3.0-DE in the
    licence data; the id "CC-BY-SA-2.0-UK"), or the version of an unversioned name that its address gives
    ("Attribution-ShareAlike License [creativecommons.org/licenses/by-sa/2.5/]")."""
    low = p.lower
    if info.version is None:
        elements = info.id.removeprefix("cc-")
        for m in _CC_URL.finditer(low[:4000]):
            if m.group(1) == elements and not _negated(low, m.start()):
                return catalog.lookup(f"cc-{elements}-{m.group(2)}")
        return None
    for m in _ID_TOKEN.finditer(low[:600]):
        tok = m.group(0).rstrip(".")
        rec = licensedb.record(tok) if tok.startswith(info.id + "-") else None
        if rec is not None and not rec.deprecated and not _negated(low, m.start()):
            return _listed(rec)
    if at >= 0:
        hit = licensedb.name_at_start(p.flat[at : at + 200], max_start=0)
        if hit is not None and (hit[0].spdx.lower().startswith(info.id + "-") or hit[0].key.startswith(info.id + "-")):
            return _listed(hit[0])
    return None


def _explains(p: Prepared, tm: licensedb.TextMatch) -> bool:
    """A full-text match that explains most of a long text, or all of a shorter one."""
    cov, share = tm.coverage, tm.share
    return (len(p.lower) > _LONG_TEXT and cov >= 0.8 and share >= 0.6) or (cov >= 0.95 and share >= 0.9)


def _grants_nothing(low: str) -> bool:
    return bool(_RESERVED.search(low)) and not _GRANT.search(low)


def _licenses_data(low: str) -> bool:
    n_data = len(_DATA_OBJECT.findall(low))
    return n_data >= 3 and n_data >= 2 * len(_CODE_OBJECT.findall(low))
