"""GNU licence notices: which GNU licence, which version, and whether later versions are allowed.

The FSF's notices name the licence, then the version apart from it ("under the terms of the GNU Lesser
General Public License as published by the Free Software Foundation; either version 2.1 of the License,
or (at your option) any later version"), so a name pattern alone misses the version or drops "or later".
Abbreviations carry both in one token ("GPLv2+", "LGPL-3.0-or-later", "GPL 3 or higher"). A GNU licence
named without a version is any version (the GPL says so itself: "you may choose any version ever
published"), which SPDX writes `-1.0-or-later` (`-2.0-or-later` for the Library/Lesser GPL).

Input is prepared (flattened, lower-case) text; every pattern is bounded, so the cost is linear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_NAME = (
    r"(?:the )?(?:gnu'?s? )?(?P<fam>(?:gnu )?(?:lesser|library) (?:\((?:library|lesser)\) )?(?:gnu )?"
    r"(?:general public licen[cs]e|gpl\b)|(?:lesser|library) gnu public licen[cs]e|"
    r"(?:gnu )?affero (?:gnu )?(?:general public licen[cs]e|gpl\b)|gnu (?:general )?public licen[cs]e|"
    # "General Public License" without "GNU" right after "the" / "of" / "under" ("terms of General Public
    # Licence v2"); after another word it may be another licensor's ("Elib General Public License").
    r"(?:(?<=\bthe\s)|(?<=\bof\s)|(?<=\bunder\s))general public licen[cs]e|"
    r"free documentation licen[cs]e)"
    r"|(?P<abbr>\b(?:a|l)?gpl|\bgfdl|\bfdl)"
)
# What may stand between a name and its version: "(GPL)", "as published by the Free Software Foundation",
# "either", "(at your option)", "of the License" ... a few short words, no sentence end.
# The FSF's postal address may follow its name ("..., Inc., 51 Franklin St, ... USA; either version 2").
_GAP = (
    r"(?:\s*\([^()]{1,30}\))?(?:,?\s*as published by the free software foundation(?:,?\s*inc\.?)?"
    r"(?:,[^;.]{0,80}(?=;))?)?[,;:]?\s*(?:(?:either|using)\s*)?"
)
_VERSION = r"\(?\s*(?:(?:versions?|ver\.?|v\.?)\s*|[- ]?v?)(?P<v>[1-3](?:\.[0-3])?)\b(?:\.0)?\)?"
_LATER = (
    r"(?P<later>\+|(?:-or-later)|\s*(?:of th(?:e|at) licen[cs]e)?(?:,[^,.;()]{1,70}(?=,))?,?\s*\(?(?:or|and/or)\s*"
    r"(?:\(at your option\)\s*|at your option\s*)?(?:any\s*)?(?:later|newer|higher|greater|subsequent)\b)?"
    r"(?P<only>-only|\s*(?:of th(?:e|at) licen[cs]e)?,?\s*\(?only\b)?"
)
def _spaced(pattern: str) -> str:
    # Comment markers are masked to spaces (offsets kept), so a space of a pattern is any run of them.
    return pattern.replace(" ", r"\s+")


_NOTICE = re.compile(_spaced(rf"(?:{_NAME})(?:{_GAP}{_VERSION}{_LATER})?"))
# "version 2 of the GNU General Public License", "version 3 or later of the GNU GPL".
_VERSION_FIRST = re.compile(_spaced(
    rf"\bversion (?P<v>[1-3](?:\.[0-3])?)(?:\.0)?(?P<later>,? or (?:\(at your option\) )?(?:any )?later(?: version)?)?"
    rf"(?P<only>) of the (?:{_NAME})"
))
# Comment markers (a lone "/" is what is left of "*/ ... /*" once the text is prepared) and the quotes of a notice
# kept as string literals, one per line ("the terms of the GNU " "General
# Public License; either " "version 2 ...").
_COMMENT = re.compile(r"/\*+|\*+/|#+|\*+|//+|--+(?!or-later|only)|\"|(?<=\s)/(?=\s)")


@dataclass(frozen=True)
class GnuNotice:
    spdx: str  # SPDX id, e.g. GPL-2.0-or-later
    start: int
    end: int
    versioned: bool = True  # False: the notice names no version (any version)


def _family(m: re.Match[str]) -> str | None:
    fam, abbr = m.group("fam"), m.group("abbr")
    if fam:
        if "affero" in fam:
            return "AGPL"
        if "lesser" in fam or "library" in fam:
            return "LGPL"
        if "documentation" in fam:
            return "GFDL"
        return "GPL"
    if abbr:
        return {"gpl": "GPL", "lgpl": "LGPL", "agpl": "AGPL", "gfdl": "GFDL", "fdl": "GFDL"}[abbr]
    return None


_VERSIONS = {
    "GPL": {"1": "1.0", "2": "2.0", "3": "3.0"},
    "LGPL": {"2": "2.0", "2.0": "2.0", "2.1": "2.1", "3": "3.0"},
    "AGPL": {"1": "1.0", "3": "3.0"},
    "GFDL": {"1.1": "1.1", "1.2": "1.2", "1.3": "1.3"},
}
# No version named: any version (the oldest, or later).
_ANY = {"GPL": "GPL-1.0-or-later", "LGPL": "LGPL-2.0-or-later", "AGPL": "AGPL-3.0-only", "GFDL": None}


def _spdx(fam: str, version: str | None, later: bool) -> str | None:
    if version is None:
        return _ANY[fam]
    v = _VERSIONS[fam].get(version) or _VERSIONS[fam].get(version.removesuffix(".0"))
    if v is None:
        return None
    return f"{fam}-{v}-{'or-later' if later else 'only'}"


def notices(low: str, limit: int = 8) -> list[GnuNotice]:
    """GNU licence notices in prepared lower-case text, in order of appearance."""
    if not any(w in low for w in ("gpl", "public licen", "fdl", "documentation licen")):
        return []
    return list(_notices(low, limit))


@lru_cache(maxsize=8)
def _notices(low: str, limit: int) -> tuple[GnuNotice, ...]:
    # Cached: one text is asked twice (the reading, then whether its notice named a version).
    low = _COMMENT.sub(lambda m: " " * len(m.group()), low)
    out: list[GnuNotice] = []
    taken: list[tuple[int, int]] = []
    for m in _VERSION_FIRST.finditer(low):
        fam = _family(m)
        sid = _spdx(fam, m.group("v"), bool(m.group("later"))) if fam else None
        if sid:
            out.append(GnuNotice(sid, m.start(), m.end()))
            taken.append((m.start(), m.end()))
        if len(out) >= limit:
            break
    for m in _NOTICE.finditer(low):
        if len(out) >= limit:
            break
        if any(a <= m.start() < b for a, b in taken):
            continue
        fam = _family(m)
        if fam is None:
            continue
        if m.group("abbr") and re.match(r"[\w-]", low[m.end() : m.end() + 1]) and m.group("v") is None:
            continue  # "gplcompatible", "gpl_license", "fdl-like": a token, not the name
        if re.match(r"[- ]?(?:compatible|incompatible|compliant)\b", low[m.end() : m.end() + 14]) or \
                low[max(0, m.start() - 4) : m.start()].endswith(("non-", "non ")):
            continue  # "GPL-compatible", "non-GPL code": a kind of licence, not a grant of this one
        version = m.group("v")
        name = m.group("fam") or ""
        if version is None and fam == "LGPL" and "lesser" in name and "library" not in name:
            version = "2.1"  # the Lesser GPL was first published as version 2.1; "or later" is implied below
        sid = _spdx(fam, version, (bool(m.group("later")) or m.group("v") is None) and not m.group("only"))
        if sid:
            out.append(GnuNotice(sid, m.start(), m.end(), m.group("v") is not None))
    out.sort(key=lambda n: n.start)
    return tuple(_merge(out, low))


def _merge(found: list[GnuNotice], low: str) -> list[GnuNotice]:
    """A name and the abbreviation in parentheses after it are one notice: "the GNU General Public License
    (GPL)" is the name; "the GNU General Public License (GPLv2 or higher)" is the abbreviation's version,
    over the span of both (a negation before the name still counts). An unversioned name restated with a
    version in the same clause is that version."""
    out: list[GnuNotice] = []
    for n in found:
        prev = out[-1] if out else None
        if prev is not None and prev.spdx.split("-")[0] == n.spdx.split("-")[0] and \
                re.fullmatch(r"\s*\(\s*", low[prev.end : n.start]):
            if n.versioned and not prev.versioned:
                out[-1] = GnuNotice(n.spdx, prev.start, n.end, True)
            continue
        out.append(n)
    return [n for i, n in enumerate(out) if not _restated(n, out[i + 1 :], low)]


def _restated(n: GnuNotice, after: list[GnuNotice], low: str) -> bool:
    if n.versioned:
        return False
    fam = n.spdx.split("-")[0]
    for m in after[:2]:
        gap = low[n.end : m.start]
        # (a semicolon may end "as published by the Free Software Foundation;" before "GPL v2")
        if m.versioned and m.spdx.split("-")[0] == fam and len(gap) <= 60 and not re.search(r"[.!?]\s", gap):
            return True
    return False
