"""The licence catalogue: the AI-licence heart and the common open licences, loaded from
`data/catalog.toml` (one entry per licence; facts and identifying phrases, never licence texts).

Beneath it, `licensedb` answers for every other licence of the SPDX License List and the ScanCode
LicenseDB (ids, names, categories, OSI flags from those data packages); `lookup` falls through to it.
A versioned family (Llama, Creative Commons, ...) is one entry whose title pattern captures the
version; its `resolve` template turns the captured version into a concrete id, so a version not
listed (say "Llama 5") is still recognised as a member of its family.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

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
        # The work (or its functionality) may not be offered to third parties as a hosted, managed or
        # commercial hosting service (Elastic / RSAL / HFOIL-style terms, EULAs' "no commercial hosting").
        "no-hosted-service",
    }
)
INFORMATIONAL_KINDS: frozenset[str] = frozenset(
    {"attribution-naming", "notice-file", "copyleft", "network-copyleft", "share-alike"}
)
KINDS = BLOCKING_KINDS | INFORMATIONAL_KINDS
OPEN_CATEGORIES = frozenset({"open-source", "open-data", "open-content"})
CATEGORIES = OPEN_CATEGORIES | {"restricted", "non-commercial", "proprietary", "unknown"}


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
    # Addresses of the licence text ("see https://.../LICENSE-2.0"): a pointer by link.
    urls: tuple[str, ...] = ()
    # Versioned family: title regex group 'v' -> concrete id.
    resolve: Callable[[re.Match[str]], str | None] | None = field(default=None, compare=False)
    ai: bool = False  # an AI-specific licence or policy (catalogue facts, not SPDX)
    # Approximate length in words of the full text; a text far longer carries extra terms.
    words: int | None = None
    source: str = "catalogue"  # catalogue | spdx | scancode (where the facts come from)


_LIST_FIELDS = ("kinds", "titles", "phrases", "excludes", "mentions", "urls")
_FIELDS = {"id", "name", "category", "spdx", "osi", "version", "hub", "family", "ai", "words", *_LIST_FIELDS}


def _resolver(template: str) -> Callable[[re.Match[str]], str | None]:
    if template == "creative-commons":
        # "CC-BY-4" names version 4.0; a name without a version gives the unversioned id ("cc-by-nc").
        def cc(m: re.Match[str]) -> str:
            v = m.groupdict().get("v")
            return cc_id(m.group("el") or "", None if v is None else v if "." in v else v + ".0")

        return cc
    return lambda m: template.format(v=m.group("v"))


def _entry(raw: dict) -> tuple[LicenseInfo, list[str]]:
    unknown = set(raw) - _FIELDS - {"aliases", "resolve"}
    if unknown:
        raise ValueError(f"catalogue entry {raw.get('id')!r}: unknown fields {sorted(unknown)}")
    kw = {k: (tuple(v) if k in _LIST_FIELDS else v) for k, v in raw.items() if k in _FIELDS}
    info = LicenseInfo(**kw, resolve=_resolver(raw["resolve"]) if "resolve" in raw else None)
    if info.category not in CATEGORIES or set(info.kinds) - KINDS:
        raise ValueError(f"catalogue entry {info.id!r}: bad category or kinds")
    return info, list(raw.get("aliases", ()))


def _load() -> tuple[list[LicenseInfo], dict[str, str]]:
    data = tomllib.loads(resources.files("unveil.licenses").joinpath("data/catalog.toml").read_text("utf-8"))
    entries: list[LicenseInfo] = []
    aliases: dict[str, str] = {}
    for raw in data["license"]:
        info, names = _entry(raw)
        entries.append(info)
        aliases.update({a.lower(): info.id for a in names})
    return entries, aliases


ALL, ALIASES = _load()
BY_ID: dict[str, LicenseInfo] = {e.id: e for e in ALL}
BY_SPDX: dict[str, LicenseInfo] = {e.spdx.lower(): e for e in ALL if e.spdx}

_CC_ELEMENTS = {
    "noncommercial": "nc",
    "non-commercial": "nc",
    "non commercial": "nc",
    "share-alike": "sa",
    "sharealike": "sa",
    "share alike": "sa",
    "noderivatives": "nd",
    "noderivs": "nd",
    "no derivatives": "nd",
    "nc": "nc",
    "sa": "sa",
    "nd": "nd",
}


def cc_id(elements: str, version: str | None) -> str:
    """'-NonCommercial-ShareAlike', '4.0' -> 'cc-by-nc-sa-4.0' (element order normalised); no version:
    'cc-by-nc-sa'."""
    found = {
        _CC_ELEMENTS[p.strip()]
        for p in re.split(r"[- ](?=non|share|no|nc|sa|nd)(?!n[- ]commercial|e[- ]alike)", elements.strip(" -"))
        if p.strip() in _CC_ELEMENTS
    }
    parts = [p for p in ("nc", "nd", "sa") if p in found]
    if "nd" in parts and "sa" in parts:
        parts.remove("sa")
    order = {"nc": 0, "sa": 1, "nd": 1}
    parts.sort(key=order.__getitem__)
    return "-".join(["cc-by", *parts, *([version] if version else [])])


def cc_info(license_id: str) -> LicenseInfo | None:
    m = re.fullmatch(r"cc-by((?:-(?:nc|sa|nd))*)(?:-([1-4]\.[05]))?", license_id)
    if not m:
        return None
    els, version = m.group(1), m.group(2)
    kinds = tuple(
        k for k, tag in (("non-commercial", "-nc"), ("no-derivatives", "-nd"), ("share-alike", "-sa")) if tag in els
    )
    category = "non-commercial" if "-nc" in els else "restricted" if "-nd" in els else "open-content"
    words = {"nc": "NonCommercial", "sa": "ShareAlike", "nd": "NoDerivatives"}
    name = "Creative Commons Attribution" + "".join("-" + words[e] for e in els.split("-") if e)
    if version is None:
        # The family and elements are named, the version is not: evidence of the category, not an SPDX id.
        return LicenseInfo(
            id=license_id, name=name + " (version not stated)", category=category, kinds=kinds, family="cc"
        )
    return LicenseInfo(
        id=license_id,
        name=name + " " + version,
        category=category,
        spdx="CC-BY" + els.upper() + "-" + version,
        osi=False,
        kinds=kinds,
        version=version,
        hub=True,
        family="cc",
    )


def lookup(license_id: str | None, fallback: bool = True) -> LicenseInfo | None:
    """Entry for a Hub id, SPDX id, license_name or alias (case-insensitive). Ids the catalogue does
    not hold come from the SPDX / ScanCode data (`licensedb`) unless `fallback` is False."""
    if not license_id:
        return None
    key = license_id.strip().lower()
    key = ALIASES.get(key, key)
    if key in BY_ID and BY_ID[key].resolve is None:
        return BY_ID[key]
    if key in BY_SPDX:
        return BY_SPDX[key]
    if key.startswith("cc-by") and (cc := cc_info(key)) is not None:
        return cc
    m = re.fullmatch(r"(?:meta[- ]?)?llama[- ]?(\d+(?:\.\d+)?)(-use-policy)?", key)
    if m:
        base = BY_ID["llama-use-policy" if m.group(2) else "llama"]
        key = f"llama{m.group(1)}{m.group(2) or ''}"
        return family_member(base, key, m.group(1))
    if not fallback:
        return None
    # lazy: start-up (the SPDX/ScanCode index loads on first need)
    from unveil.licenses import licensedb  # the data packages load on first need (start-up stays fast)

    info = licensedb.lookup(key)
    if info is not None and info.spdx and key != info.spdx.lower():
        # A ScanCode key of a catalogued licence ("gpl-2.0-plus" is GPL-2.0-or-later, "bsd-new" BSD-3-Clause):
        # the catalogue's entry, with its facts.
        return lookup(info.spdx, fallback=False) or info
    return info


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
