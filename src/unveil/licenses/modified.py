"""A licence the card names only as the base of its own modified terms ("a modified CreativeML OpenRAIL-M
license", "the original licence X plus a ban on commercial use"): the weights are under a custom licence
derived from X, not under X. Reading X there would report terms the authors changed (often made stricter)."""

from __future__ import annotations

import re
from dataclasses import replace

from unveil.licenses.detect import Identification, identify

# "modified" must qualify the licence itself: "a **modified** X license", "an adapted version of the X licence".
# "a modified version of Stable Diffusion, released under X" qualifies the model, so the words between the
# adjective and "license" must name the licence (checked by reading them), and carry no verb of release.
_QUALIFIED = re.compile(
    r"\b(?:modified|amended|adapted|altered|customi[sz]ed|tweaked|derivative)\b[\s*_]+"
    r"(?:(?:version|variant|form)\s+of\s+)?(?:the\s+|an?\s+)?"
    r"((?:[\w.+()/-]+[\s*_]+){0,5}?)licen[cs]e\b",
    re.I,
)
# ... nor "adapted from the BigScience RAIL license" (the base of another licence, named after "from").
_RELEASE_VERB = re.compile(
    r"\b(?:released|licensed|distributed|available|under|from|by|model|weights|checkpoints?)\b", re.I
)
# "the original licence X, to which we only added a ban on commercial use" (Japanese: もとのライセンス X に ... を追加).
_ORIGINAL_PLUS = re.compile(
    r"(?:original\s+licen[cs]e|もとのライセンス|元のライセンス|オリジナルのライセンス|原始许可|原许可)"
    r"(?:[^.。\n]|\.(?=\d)){0,120}?(?:\badd(?:ed|s|ing)?\b|\bplus\b|\bwith\s+(?:the\s+)?(?:following\s+)?(?:changes|"
    r"modifications|additions|exceptions)\b|追加|変更|改変|增加|修改)",
    re.I,
)
# Non-commercial terms added in words the clause reader does not know (Japanese/Chinese cards).
_NC_ADDED = re.compile(r"商用利用(?:を)?禁止|商用利用不可|非商用|商用不可|禁止商用|不得用于商业", re.I)
_STRICTER = {"open-source": 0, "open-content": 0, "restricted": 1, "non-commercial": 2}


def as_modified(sentence: str, ident: Identification) -> Identification | None:
    """The custom licence based on `ident` when `sentence` presents `ident` as modified, else None."""
    if ident.id in {"unknown", "other"} or not _modifies(sentence, ident):
        return None
    category = ident.category
    if _NC_ADDED.search(sentence):
        category = "non-commercial"
    return replace(
        ident,
        id="other",
        spdx="LicenseRef-other",
        name=f"custom license based on {ident.name or ident.id}",
        category=category,
        osi_approved=False,
        confidence=min(ident.confidence, 0.6),
        based_on=ident.id,
        notes=[*ident.notes, f"the card modifies {ident.id}: its own terms govern"],
    )


def stricter(category: str, other: str) -> str:
    """The stricter of two categories (a modified licence keeps at least its base's restrictions)."""
    return other if _STRICTER.get(other, -1) > _STRICTER.get(category, -1) else category


def _modifies(sentence: str, ident: Identification) -> bool:
    for m in _QUALIFIED.finditer(sentence):
        between = m.group(1)
        if _RELEASE_VERB.search(between):
            continue
        if identify(m.group(0)).id in {ident.id, "other"}:  # "Modified MIT License" may read as custom already
            return True
    return bool(_ORIGINAL_PLUS.search(sentence))
