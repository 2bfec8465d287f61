"""Mentions of a licence that grant nothing: the name is there, but not as this text's licence.

A reader that finds "under the GPL" must still ask what the sentence does with the name. Classes read
here (each seen in licence mentions other projects flag as false positives, never tuned on one text):
- a string literal in code: the name between quotes that code punctuation opens or closes
  (`strcmp(license, "GPL")`, `{license: 'MIT'}`, `'Apache V2': 'Apache-2.0',`, `parse('BSD-2-Clause')`);
- a question ("doesn't that mean all of zlib falls under the GPL?");
- a requirement put on others ("contributions must be released under the GPL", "you must make the
  source available under the terms of the GPL"): what someone else must do, not what this text grants;
- a comparison ("incompatible with code licensed under the GPL", "a less restrictive license than GPL");
- a list of licences (four or more distinct names close together: options a tool supports or suggests).

Input is prepared lower-case text and the span of the name; every window is bounded.
"""

from __future__ import annotations

import re

_OPEN_CODE = re.compile(r"[(\[{,=:]\s*[\"'`](?:the |an? )?$")
_CLOSE_CODE = re.compile(r"^[\"'`]\s*[,:)\]}]")
# A metadata field that declares the licence (`"License": "BSD-3-Clause"`) is a statement, not a literal.
_LICENSE_FIELD = re.compile(r"\blicen[cs]e(?:[ _-]?(?:id|name|type|expression))?[\"'`]?\s*[:=]\s*[\"'`](?:the |an? )?$")
_QUOTE = re.compile(r"[\"'`](?:the |an? )?$")
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_REQUIREMENT = re.compile(
    r"\b(?:must|should|shall|(?:is|are) required to|ha(?:ve|s) to|needs? to)\s+"
    r"(?:(?:also|only|still|then|therefore)\s+)?(?:be\s+)?"
    r"(?:released|distributed|licen[cs]ed|relicen[cs]ed|contributed|made available|make\b[^.;:!?]{0,60}available)"
    r"[^.;:!?]{0,60}$"
)
_COMPARISON = re.compile(
    r"(?:\bincompatible with\b[^.;:!?]{0,60}|\b(?:less|more) (?:restrictive|permissive|liberal|free)\b[^.;:!?]{0,30}"
    r"\bthan\b[^.;:!?]{0,12})$"
)
# Licence names and ids a list is made of (cheap tokens; distinct ones are counted).
_LIST_TOKEN = re.compile(
    r"\b(?:(?:a|l)?gpl|mit|apache|bsd|mpl|isc|cc-by|cc0|artistic|fdl|gfdl|epl|cddl|zlib|wtfpl|unlicense|"
    r"mozilla|boost|bsl)\b"
)
_LIST_SPAN = 160
_LIST_MIN = 4


def grants_nothing(low: str, start: int, end: int) -> bool:
    """True when the name at low[start:end] is mentioned in a way that grants nothing."""
    before = low[max(0, start - 160) : start]
    after = low[end : end + 200]
    if _QUOTE.search(before) and (_OPEN_CODE.search(before) or _CLOSE_CODE.match(_after_quote(after))) \
            and not _LICENSE_FIELD.search(before):
        return True
    end_m = _SENTENCE_END.search(after)
    if end_m is not None and end_m.group(0)[0] == "?":
        return True
    if _REQUIREMENT.search(before[-130:]) or _COMPARISON.search(before[-100:]):
        return True
    window = low[max(0, start - _LIST_SPAN) : end + _LIST_SPAN]
    return len({t.group(0) for t in _LIST_TOKEN.finditer(window)}) >= _LIST_MIN


def _after_quote(after: str) -> str:
    # The closing quote may follow a version or suffix of the name ("'GPL v2'", "'Apache-2.0'").
    m = re.match(r"[\w .+-]{0,12}?(?=[\"'`])", after)
    return after[m.end() :] if m else after


_LITERAL_ITEM = re.compile(r"[\"'`][^\"'`\n]{1,40}[\"'`]\s*[,:)\]}]")


def code_line(line: str) -> bool:
    """A line holding a quoted item that code punctuation closes (`'Apache 2': 'Apache-2.0',`): a licence
    name heading it is a literal, not a title (unless the line is a licence field)."""
    return bool(_LITERAL_ITEM.search(line[:400])) and not re.search(r"\blicen[cs]e", line[:400])
