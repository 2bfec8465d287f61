"""What a topic rule is, and what judging a topic yields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rule:
    why: str  # what the match shows, in a few words (goes into the reason)
    pattern: re.Pattern[str]
    scope: str = "anywhere"  # anywhere | section (only under a heading that announces the topic)
    veto: re.Pattern[str] | None = None  # the sentence must not match this
    require: re.Pattern[str] | None = None  # the sentence must also match this
    tables: bool = False  # search table rows instead of prose
    header: re.Pattern[str] | None = None  # tables only: the table's header row must match this
    min_words: int = 3  # the deciding sentence needs this many words (placeholders excluded)
    keys: tuple[str, ...] = ()  # cheap prefilter: the rule can only match if one of these is in the text


@dataclass(frozen=True)
class Topic:
    name: str
    heading: re.Pattern[str]
    rules: tuple[Rule, ...] = ()
    section_min_words: int | None = None  # a substantive sentence of this size under the heading covers
    section_tables: bool = False  # a table under the heading counts as a substantive sentence


@dataclass
class Hit:
    covered: bool
    why: str = ""
    line: int | None = None
    line_end: int | None = None
    text: str = ""
    heading: str = ""
    extra: list[tuple[int, int, str, str]] = field(default_factory=list)


def rx(p: str) -> re.Pattern[str]:
    # Patterns are lower-case and run on lower-cased text: case-insensitive matching costs ~10x.
    return re.compile(p)


def rule(why: str, p: str, **kw: object) -> Rule:
    for k in ("veto", "require", "header"):
        if isinstance(kw.get(k), str):
            kw[k] = rx(kw[k])  # type: ignore[arg-type]
    return Rule(why, rx(p), **kw)  # type: ignore[arg-type]


def in_prose_and_tables(why: str, p: str, **kw: object) -> tuple[Rule, Rule]:
    """The same rule on prose and on table rows: cards put caveats and data notes in tables too ("| Risks |
    Predictions ... may include harmful stereotypes |", "| Sources | ... clean and deduplicated text |")."""
    return rule(why, p, **kw), rule(why, p, tables=True, **kw)
