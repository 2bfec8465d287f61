"""Where a release's licences come from, and which components each one governs (with the reason).

Sources, in order of authority for the weights: a model-specific licence file (LICENSE-MODEL,
MODEL_LICENSE), the card's `license`/`license_name` metadata, an AI licence file at the root, the
README's "License" section, then generic licence files (these govern code unless a statement
extends them to the weights: a plain MIT file in a research repo does not license its checkpoints).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from unveil.card import ModelCard
from unveil.licenses import catalog, modified
from unveil.licenses.detect import GNU_ANY_VERSION, Identification, identify, same_gnu
from unveil.licenses.text import MAX_BYTES
from unveil.release import Release
from unveil.report import Evidence

ALL_COMPONENTS = ["weights", "code", "data", "documentation"]
_LICENSE_NAME = re.compile(
    r"^(?:licen[cs]e|copying|notice|use[_ -]?policy|terms[_ -]of[_ -]use|"
    r"acceptable[_ -]use[_ -]policy)|licen[cs]e",
    re.I,
)
_TEXT_SUFFIXES = {"", ".txt", ".md", ".markdown", ".rst", ".html", ".htm"}
_CODE_SUFFIXES = {".py", ".js", ".ts", ".c", ".cc", ".cpp", ".h", ".hpp", ".cu", ".rs", ".go", ".java", ".sh"}
_MAX_LICENSE_FILES = 40
_MAX_CODE_HEADERS = 200
_HEADER_BYTES = 2048
# A mark or emoji may stand before the word ("## *License*", "## ⚖️ Licence:", "### 📜 License"); Japanese
# cards title it ライセンス.
_SECTION_HEADING = re.compile(
    r"^(#{1,6})\s*(?:\d+[.)]?\s*)?(?:[^\w\s]{1,4}\s*)?"
    r"(?:(?:licen[cs]es?|licensing)\b|(?:模型)?(?:许可|协议|授权|开源协议|使用协议)|ライセンス).*$",
    re.I | re.M,
)
_WEIGHTS_WORDS = re.compile(r"\b(?:weights?|models?|checkpoints?|parameters)\b", re.I)
# "this repository" on the Hub holds the weights too: it names no one component.
_CODE_WORDS = re.compile(r"\b(?:code|source files?|software|scripts?)\b", re.I)
_DATA_WORDS = re.compile(r"\b(?:data ?sets?|data|corpus)\b", re.I)
_SPDX_HEADER = re.compile(r"SPDX-License-Identifier:\s*([A-Za-z0-9.+-]+)")


@dataclass
class Found:
    """One licence statement or text found in the release."""

    ident: Identification
    applies_to: list[str]
    reason: str
    source: str  # metadata | file | readme-section | spdx-header
    priority: int  # lower = more authoritative for the weights
    evidence: list[Evidence] = field(default_factory=list)


def _from_id(raw_id: str) -> Identification:
    info = catalog.lookup(raw_id)
    if info is None and len(raw_id) <= 120 and not re.search(r"\s(?:or|and|with)\s|[()]", raw_id, re.I):
        # A `license_name` slug of a licence's title ("llama-3.1-community-license", "gemma-terms-of-use").
        named = identify(re.sub(r"[-_]+", " ", raw_id.strip()) + " license")
        covered = len(named.title or "") >= 0.6 * len(raw_id.strip())  # the slug is that name, not more
        if named.id not in {"unknown", "other"} and named.method in {"title", "mention"} and covered:
            return Identification.from_info(catalog.lookup(named.id) or _named_info(named), 0.8, "metadata")
    if info is None:
        return Identification(id=raw_id.strip().lower(), category="unknown", confidence=0.6, method="metadata")
    return Identification.from_info(info, 0.9, "metadata")


def _named_info(ident: Identification) -> catalog.LicenseInfo:
    return catalog.LicenseInfo(id=ident.id, name=ident.name or ident.id, category=ident.category, spdx=ident.spdx,
                               osi=ident.osi_approved, kinds=tuple(ident.kinds))


def _components_for_name(name: str) -> list[str] | None:
    n = name.lower()
    hits = []
    if re.search(r"model|weight|checkpoint", n):
        hits.append("weights")
    if re.search(r"code|software|source", n):
        hits.append("code")
    if re.search(r"data", n):
        hits.append("data")
    if re.search(r"doc", n):
        hits.append("documentation")
    return hits or None


def from_metadata(card: ModelCard) -> list[Found]:
    out: list[Found] = []
    ids = card.meta_list("license")
    names = card.meta_list("license_name")
    links = card.meta_list("license_link")
    for value in ids:
        raw = value
        if value.strip().lower() == "other" and names:
            raw = names[0]
        text = f"license: {value}" + (f" (license_name: {names[0]})" if raw != value else "")
        if links:
            text += f" (license_link: {links[0]})"
        ev = [Evidence(path=card.path, line=_meta_line(card, "license"), text=text, rule="LIC201")]
        reason = "the card's license metadata covers the whole repository"
        for ident, why in _metadata_idents(raw):
            if ident.id == "other" and ident.category == "unknown":
                ident, why = _gate_terms(card, ident, why)
            out.append(Found(ident, list(ALL_COMPONENTS), reason + why, "metadata", 1, list(ev)))
    return out


_MAX_GATE_PROMPT = 20_000  # characters of the access form's text read for its terms


def _gate_terms(card: ModelCard, ident: Identification, why: str) -> tuple[Identification, str]:
    """`license: other` with the terms shown at the repo's access form (`extra_gated_prompt`): the custom licence
    is classified from the clauses of those terms ("is prohibited from using ... without consent"), as a custom
    licence text is. A prompt that only asks for contact details leaves it unknown."""
    prompt = card.metadata.get("extra_gated_prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        return ident, why
    read = identify(prompt[:_MAX_GATE_PROMPT])
    if read.id != "other" or read.category == "unknown":
        return ident, why
    return read, why + f" (custom terms classified {read.category} from the clauses of the access form's text)"


def _metadata_idents(raw: str) -> list[tuple[Identification, str]]:
    """One id, or each licence of an SPDX expression ("apache-2.0 OR mit": a choice, listed in order)."""
    ident = _from_id(raw)
    if ident.category != "unknown":
        return [(ident, "")]
    # lazy: start-up (the SPDX/ScanCode index loads on first need)
    from unveil.licenses import licensedb

    expr = licensedb.expression_keys(raw)
    if expr is None or not expr[1]:
        return [(ident, "")]
    op, keys = expr
    if len(keys) == 1:
        return [(_from_id(keys[0]), f" (SPDX expression {raw.strip()!r}: the base licence governs)")]
    why = f" (SPDX expression: {'one of' if op == 'OR' else 'all of'} {', '.join(keys)})"
    return [(_from_id(k), why) for k in keys]


def _meta_line(card: ModelCard, key: str) -> int | None:
    for i, line in enumerate(card.text.split("\n")[:400], start=1):
        if line.startswith(f"{key}:"):
            return i
    return None


def _is_license_file(path: str) -> bool:
    # Plain string operations (as PurePosixPath would split it): this runs once per listed file.
    if path.count("/") > 2:
        return False
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    stem, suffix = (name[:dot], name[dot:]) if 0 < dot < len(name) - 1 else (name, "")
    # "LICENSE-SDXL1.0": a version after the dot is part of the name, not a file type.
    if suffix.lower() not in _TEXT_SUFFIXES and not suffix[1:].isdigit():
        return False
    if name.lower() in {"readme.md", "readme", "readme.txt"}:
        return False
    return bool(_LICENSE_NAME.search(stem)) or stem.upper().startswith(("NOTICE", "COPYING"))


_MAX_LICENSE_FILE_BYTES = 4 * 1024 * 1024  # larger: not read at all


def _license_candidates(release: Release) -> list:
    candidates = [f for f in release.files if _is_license_file(f.path)]
    candidates.sort(key=lambda f: (f.path.count("/"), f.path))
    return candidates


def license_files_unread(release: Release) -> list[tuple[str, str]]:
    """(path, why) of licence files read in part or not at all: a restriction past the cut was not checked, so the
    audit must say so rather than report the licence read from the first part as the whole."""
    out: list[tuple[str, str]] = []
    candidates = _license_candidates(release)
    for entry in candidates[:_MAX_LICENSE_FILES]:
        if entry.size is None:
            continue
        if entry.size > _MAX_LICENSE_FILE_BYTES:
            out.append((entry.path, f"budget: license_bytes exceeded ({entry.size:,} bytes > "
                                    f"{_MAX_LICENSE_FILE_BYTES:,}); licence text not read"))
        elif entry.size > MAX_BYTES:
            out.append((entry.path, f"budget: license_bytes exceeded ({entry.size:,} bytes > {MAX_BYTES:,}); only "
                                    "the first part was read, clauses after it were not checked"))
    out += [(e.path, f"budget: license_files exceeded (more than {_MAX_LICENSE_FILES} licence files); not read")
            for e in candidates[_MAX_LICENSE_FILES:][:20]]
    return out


def from_files(release: Release) -> list[Found]:
    out: list[Found] = []
    for entry in _license_candidates(release)[:_MAX_LICENSE_FILES]:
        if entry.size is not None and entry.size > _MAX_LICENSE_FILE_BYTES:
            continue
        try:
            raw = release.read(entry.path, 0, 1024 * 1024)
        except Exception:  # noqa: BLE001 - unreadable licence files are recorded by the release
            continue
        ident = identify(raw)
        if ident.id == "unknown" and not ident.kinds:
            continue
        name = PurePosixPath(entry.path).name
        named = _components_for_name(PurePosixPath(entry.path).stem.replace("LICENSE", "").replace("License", ""))
        is_policy = ident.id.endswith("use-policy") or bool(re.search(r"use[_ -]?policy", name, re.I))
        if named:
            applies, reason, prio = named, f"file name {name} names what it covers", 0
        elif is_policy:
            applies, reason, prio = ["weights"], "a use policy governs use of the model", 5
        elif ident.id != "unknown" and (_ai(ident) or ident.category not in catalog.OPEN_CATEGORIES):
            applies, reason, prio = ["weights", "code", "documentation"], "an AI model licence at the root", 2
        elif ident.category == "open-data":
            applies, reason, prio = ["data", "weights"], "a data/model licence file", 3
        else:
            applies, reason, prio = (
                ["code"],
                "a software licence file; no statement extends it to the weights",
                6,
            )
        if entry.path.count("/"):
            reason += f" (in {PurePosixPath(entry.path).parent})"
        ev = Evidence(path=entry.path, line=ident.title_line, text=ident.title or ident.name or ident.id, rule="LIC202")
        out.append(Found(ident, applies, reason, "file", prio, [ev]))
    return out


def _ai(ident: Identification) -> bool:
    info = catalog.lookup(ident.id)
    return bool(info and info.ai) or ident.id.startswith("llama")


def readme_section(card: ModelCard) -> list[Found]:
    """The card's "License" section, identified by the licence it names."""
    text = card.text
    out: list[Found] = []
    for m in _SECTION_HEADING.finditer(text):
        level = len(m.group(1))
        rest = text[m.end() :]
        nxt = re.search(rf"^#{{1,{level}}}\s", rest, re.M)
        body = rest[: nxt.start() if nxt else 4000][:4000]
        if not body.strip():
            continue
        line = text[: m.start()].count("\n") + 1
        found = _section_statements(card, body, line)
        if found:
            out.extend(found)
            break
    if not out:
        out.extend(_license_key_line(card))
    return out


# Sentences, and the clauses of one sentence that give each component its own licence
# ("the code is MIT; the weights are ..."); Chinese full stops and semicolons too.
# A semicolon before "either version 2 ..." / "or (at your option) any later version" continues the statement
# (the FSF's notices put the version there).
# A notice quoted as a code comment (" * ... under the terms of\n * the GNU ..."): a line ending with a word that
# cannot end a statement goes on after the next line's comment marker, which is no list item.
_COMMENT_WRAP = re.compile(r"\b(of|the|under|to|by|with|in|an|as|for|from|than)[ \t]*\n[ \t]*(?:[-*#]+|//)[ \t]+")
_SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?])\s+|(?<=;)\s+(?!(?:either|version|or)\b)|(?<=[。；！？])|\n\s*\n|\n(?=\s*[-*] )"
)
# Clauses of one sentence that can give a component another licence: "apache-2.0 (code) / cc-by-nc-4.0
# (weights)", "..., except for the weights, which are ...", "..., while the weights are ...".
# Not at "but": "... were CC0, but the model is released under X" is one statement about the model.
_CLAUSE_SPLIT = re.compile(r"\s+/\s+|,\s*(?=(?:except|while|whereas)\b)|\s+(?=except\b)", re.I)
# ... unless the sentence also says the model itself is released under the licence it names.
_MODEL_LICENSED = re.compile(r"\b(?:model|weights|checkpoints?)\b[^.;]{0,40}?\b(?:is|are)\s+(?:released|licensed|"
                             r"available|distributed|provided|published|made available)\b", re.I)
_EXCEPTION = re.compile(r"^\W*except\b", re.I)
# A sentence about the training data's own terms (e.g. outputs of third-party models used in the data mix)
# governs the data, not the weights.
# Whole words only: a model named "...TACDataset..." is not a sentence about a dataset.
_DATA_TERMS = re.compile(r"\bdata ?sets?\b|\bdata mix|\btraining (?:data|sets?|images|corpus)\b|"
                         r"outputs? (generated )?(from|of|by) (third|other)|third[- ]party (models?|data)", re.I)


def _section_statements(card: ModelCard, body: str, line: int) -> list[Found]:
    """Identify a License section sentence by sentence, so each licence gets the components it names."""
    # Each sentence is read even when the whole section names no licence as a whole: a long section can
    # name its licence in one sentence of a paragraph that also quotes the licence's clauses.
    sentences = [x for x in _SENTENCE_SPLIT.split(_COMMENT_WRAP.sub(r"\1 ", body[:8000])) if x.strip()][:40]
    clauses = [c for s in sentences for c in _CLAUSE_SPLIT.split(s) if c.strip()][:80]
    found: list[Found] = []
    seen: set[str] = set()
    excepted: set[str] = set()  # components an "except for ..." clause gives a licence of its own
    exceptions: list[Found] = []
    for sentence in clauses:
        ident = identify(sentence)
        if ident.id in {"unknown", "other"} or ident.id in seen:
            continue
        seen.add(ident.id)  # a licence the section modifies: its later mentions are the modified terms too
        ident = modified.as_modified(sentence, ident) or ident
        # "weights: CC BY-NC-SA 4.0 (license of the dataset)": a labelled line names its component.
        label = sentence.split(":")[0] if ":" in sentence[:80] else ""
        about_data = _DATA_TERMS.search(sentence) and not _MODEL_LICENSED.search(sentence)
        if about_data and not _WEIGHTS_WORDS.search(label):
            applies = ["data"]
        else:
            # A licence's own text pasted in the section ("... this software and associated documentation
            # files (the "Software") ...") defines its terms: its words name no component of the release.
            own_text = ident.method in {"fingerprint", "licensedb-text"}
            applies = (None if own_text else _components_from_statement(sentence)) or list(ALL_COMPONENTS)
        quote = " ".join(sentence.split())[:300]
        reason = "the card's License section" + (
            " names " + "/".join(applies) if applies != ALL_COMPONENTS else " covers the release"
        )
        found.append(Found(ident, applies, reason, "readme-section", 4,
                           [Evidence(path=card.path, line=line, text=quote, rule="LIC203")]))
        if _EXCEPTION.match(sentence) and applies != list(ALL_COMPONENTS):
            excepted.update(applies)
            exceptions.append(found[-1])
    if any(f.ident.method == "fingerprint" for f in found):
        # A fingerprint read from one sentence ("Redistribution and use ... are permitted") is weaker than the
        # whole section's: the licence text's other clauses decide between BSD variants.
        whole = identify(body)
        if whole.method in {"fingerprint", "licensedb-text", "title"}:
            for f in found:
                if f.ident.method == "fingerprint":
                    f.ident = whole
    if excepted:
        # The exception wins for its components; the general clause keeps the rest.
        for f in found:
            if not any(f is e for e in exceptions):
                rest = [c for c in f.applies_to if c not in excepted]
                f.applies_to = rest or [c for c in ALL_COMPONENTS if c not in excepted]
    if found:
        # "CC BY-NC-SA 4.0 ... [cc-by-nc-sa]": a name without its version is the versioned licence the
        # section also names, not a second licence.
        ids = {f.ident.id for f in found}
        found = [f for f in found if not (_is_cc_unversioned(f) and any(_cc_version_of(f.ident.id, i) for i in ids))]
        # Likewise "See the GNU General Public License for more details" beside the notice naming its version.
        return [f for f in found if GNU_ANY_VERSION not in f.ident.notes
                or not any(same_gnu(f.ident, g.ident) and GNU_ANY_VERSION not in g.ident.notes for g in found)]
    # No single sentence names a licence: fall back to the whole section.
    whole = identify(body)
    if whole.id == "unknown":
        return []
    own_text = whole.method in {"fingerprint", "licensedb-text"}  # a licence text: its "Software" is a defined term
    applies = (None if own_text else _components_from_statement(body)) or list(ALL_COMPONENTS)
    reason = "the card's License section" + (
        " names " + "/".join(applies) if applies != ALL_COMPONENTS else " covers the release"
    )
    quote = " ".join(body.split())[:300]
    return [Found(whole, applies, reason, "readme-section", 4,
                  [Evidence(path=card.path, line=line, text=quote, rule="LIC203")])]


def _is_cc_unversioned(f: Found) -> bool:
    return f.ident.id.startswith("cc-by") and not re.search(r"-\d\.\d$", f.ident.id)


def _cc_version_of(unversioned: str, other: str) -> bool:
    """'cc-by-nc-4.0' is a version of 'cc-by-nc'; 'cc-by-nc-sa-4.0' is not."""
    return re.fullmatch(re.escape(unversioned) + r"-\d\.\d", other) is not None


_KEY_LINE = re.compile(r"^\s*[-*]?\s*\**licen[cs]e\**\s*:?\**\s*:?", re.I)


def _license_key_line(card: ModelCard) -> list[Found]:
    """'- **License:** Apache 2.0' style lines in the card body."""
    if "licen" not in card.text.lower():  # every key line holds the word
        return []
    pointer_only = False
    for i, line in enumerate(card.text.split("\n"), start=1):
        if i < card.body_start_line:
            continue
        # Length first: `\s*[-*]?\s*` backtracks quadratically on a long run of spaces.
        if len(line) < 300 and _KEY_LINE.match(line):
            ident = identify(line)
            if ident.id not in {"unknown", "other"}:
                ident = modified.as_modified(line, ident) or ident
                return [
                    Found(
                        ident,
                        list(ALL_COMPONENTS),
                        "the card states the licence",
                        "readme-section",
                        4,
                        [Evidence(path=card.path, line=i, text=line.strip(), rule="LIC203")],
                    )
                ]
            pointer_only = pointer_only or bool(_UNNAMED_LICENSE.search(line))
    return _governing_license(card) if pointer_only else []


# A License line that names no licence, only where to find it ("A custom commercial license is available at:
# [url](url)"): the licence is the one the card names where it says what use must comply with.
_UNNAMED_LICENSE = re.compile(r"\b(?:custom|bespoke|proprietary|own)\b[^\n]{0,40}\blicen[cs]e\b|"
                              r"\blicen[cs]e\b[^\n]{0,30}\b(?:available|found|provided)\s+(?:at|here|in)\b", re.I)
_GOVERNS = re.compile(r"\b(?:compl(?:y|ies|iance) with|prohibited by|governed by|subject to|under the terms of|"
                      r"in accordance with)\b[^.\n]{0,80}\blicen[cs]e\b", re.I)


def _governing_license(card: ModelCard) -> list[Found]:
    """The licence named in a sentence that says what use of the model must comply with (first one found)."""
    for i, line in enumerate(card.text.split("\n"), start=1):
        if i < card.body_start_line or len(line) > 2000 or not _GOVERNS.search(line):
            continue
        for sentence in _SENTENCE_SPLIT.split(line):
            m = _GOVERNS.search(sentence)
            if not m or _DATA_TERMS.search(sentence):  # the data's own terms govern the data, not the model
                continue
            ident = identify(sentence[m.start():])
            if ident.id in {"unknown", "other"}:
                continue
            quote = " ".join(sentence.split())[:300]
            return [Found(ident, list(ALL_COMPONENTS), "the card's License line points elsewhere; the card names the "
                          "licence its use must comply with", "readme-section", 4,
                          [Evidence(path=card.path, line=i, text=quote, rule="LIC203")])]
    return []


def _components_from_statement(body: str) -> list[str] | None:
    head = " ".join(body.split())[:600]
    comps = []
    if _WEIGHTS_WORDS.search(head):
        comps.append("weights")
    if _CODE_WORDS.search(head):
        comps.append("code")
    if _DATA_WORDS.search(head) and not comps:
        comps.append("data")
    return comps or None


def spdx_headers(release: Release) -> list[Found]:
    out: dict[str, Found] = {}
    code = [f for f in release.files if f.suffix in _CODE_SUFFIXES]
    for entry in code[:_MAX_CODE_HEADERS]:
        if not entry.available:
            continue
        try:
            head = release.read(entry.path, 0, _HEADER_BYTES)
        except Exception:  # noqa: BLE001 - unreadable files are recorded by the release
            continue
        m = _SPDX_HEADER.search(head.decode("utf-8", "replace"))
        if not m:
            continue
        spdx_id = m.group(1)
        if spdx_id in out:
            continue
        info = catalog.lookup(spdx_id)
        ident = (
            Identification.from_info(info, 0.9, "spdx-header")
            if info
            else Identification(
                id=spdx_id.lower(), spdx=spdx_id, category="unknown", confidence=0.7, method="spdx-header"
            )
        )
        line = head[: m.start()].count(b"\n") + 1 if m else None
        out[spdx_id] = Found(
            ident,
            ["code"],
            "SPDX-License-Identifier header in source code",
            "spdx-header",
            7,
            [Evidence(path=entry.path, line=line, text=m.group(0), rule="LIC204")],
        )
    return list(out.values())


def discover(release: Release, card: ModelCard) -> list[Found]:
    found = from_files(release) + from_metadata(card)
    if card.text:
        found += readme_section(card)
    found += spdx_headers(release)
    # Weights covered by a model-specific file: the generic statements no longer cover the weights.
    if any(f.priority == 0 and "weights" in f.applies_to for f in found):
        for f in found:
            if (
                f.priority > 0
                and f.source != "file"
                and "weights" in f.applies_to
                and f.ident.id in {x.ident.id for x in found if x.priority == 0 and "weights" not in x.applies_to}
            ):
                f.applies_to.remove("weights")
    return found
