"""One rule set per documentation topic, judged on what the text says rather than on its headings.

A topic is covered when
1. a *strong* rule matches a non-boilerplate sentence anywhere in the card's prose (for example
   "trained on ... LAION-2B", "the Pile was not deduplicated", "may produce factually inaccurate
   text"), or
2. a *section* rule matches inside a section whose heading announces the topic (for example a
   number beside a metric under "Evaluation", a harm word under "Bias, Risks, and Limitations"), or
3. for topics where a plain statement is the disclosure (intended use, out-of-scope use, citation,
   ...), the announcing section holds a substantive sentence (placeholders and template text are
   blanked before, so "[More Information Needed]" never counts).

Rules are compiled regexes run on the lower-cased prose. Each rule names `keys` (word stems it cannot
match without); only the sentences holding a key are searched, so most rules cost a set lookup.
Languages: English is covered by the full rule set; German, French, Spanish and Chinese headings
announce topics too, and a few strong terms per topic are listed for German and Chinese (a German
"Einschränkungen" section with a real sentence covers `limitations`). Other languages fall back to
metadata only and get a DOC507 note.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from unveil.documentation.bounded import bounded_search
from unveil.documentation.disclosure import SHARED_HEADING_REQUIRE, in_url, not_disclosure
from unveil.documentation.placeholders import is_substantive
from unveil.documentation.sections import CardText, Section, line_of, sentence_at
from unveil.documentation.topic_rules import TOPICS, Hit, Rule, Topic
from unveil.documentation.word_index import key_stem, may_hold, register_keys, wide_key, windows, word_index
from unveil.regex_source import fast_start, source

TOPIC_NAMES: tuple[str, ...] = tuple(t.name for t in TOPICS)
BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}


class _KeyedRules:
    """The keyed "anywhere" rules of TOPICS by the stems (and non-ASCII keys) of their keys, so that one pass
    over the stems present in a card tells which rules can match at all (`_live_rules`); a rule outside
    this index, or with a key that is located by str.find alone ("@", "n't"), is asked with `may_hold`."""

    def __init__(self, topics: tuple[Topic, ...]) -> None:
        self.rules: dict[int, Rule] = {}  # id -> rule (held here, so no id is reused)
        self.by_stem: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})  # [tables][stem] -> ids
        self.by_wide: tuple[dict[str, set[int]], dict[str, set[int]]] = ({}, {})  # [tables][key] -> ids
        self.ask: set[int] = set()  # ids of rules with a key found by str.find alone
        for topic in topics:
            for rule in topic.rules:
                register_keys(rule.keys)
                if rule.scope != "anywhere" or not rule.keys:
                    continue
                rid = id(rule)
                self.rules[rid] = rule
                for key in rule.keys:
                    if stem := key_stem(key):
                        self.by_stem[rule.tables].setdefault(stem, set()).add(rid)
                    elif wide_key(key):
                        self.by_wide[rule.tables].setdefault(key, set()).add(rid)
                    else:
                        self.ask.add(rid)
        self.topics: dict[int, tuple[Topic, tuple[tuple[Rule, int, bool], ...]]] = {}
        for topic in topics:
            self.sort(topic)

    def sort(self, topic: Topic) -> tuple[Topic, tuple[tuple[Rule, int, bool], ...]]:
        """A topic's rules as (rule, id when indexed else 0, whether `may_hold` must be asked); a topic outside
        TOPICS gets its keyed rules asked one by one."""
        rules = []
        for rule in topic.rules:
            rid = id(rule)
            if self.rules.get(rid) is rule:
                rules.append((rule, rid, rid in self.ask))
            else:
                rules.append((rule, -1 if rule.keys and rule.scope == "anywhere" else 0, True))
        got = (topic, tuple(rules))
        if len(self.topics) < 1000:
            self.topics[id(topic)] = got
        return got


_KEYED = _KeyedRules(TOPICS)


def _live_rules(card: CardText) -> frozenset[int]:
    """Ids of the indexed rules that may hold a key in the card: some key's stem starts a word of its text,
    or a non-ASCII key is among its non-ASCII tokens (exactly what `window_ids` checks first)."""
    if card.live_rules is None:
        live: set[int] = set()
        for tables in (False, True):
            if not (card.tables_lower if tables else card.prose_lower):
                continue
            index = word_index(card, tables)
            by_stem = _KEYED.by_stem[tables]
            for stem in index.present_stems():
                got = by_stem.get(stem)
                if got:
                    live |= got
            if index.wide:
                for key, ids in _KEYED.by_wide[tables].items():
                    if key in index.wide:
                        live |= ids
        card.live_rules = frozenset(live)
    return card.live_rules

# Under a heading such as "Intended uses & limitations" the first topic needs more than a plain sentence.
_SHARED_HEADING = {"limitations": "intended_use", "bias": "limitations"}
# References and citations are about other work: "[Pre-training Data Quality and ...](aclanthology...)" under
# "Citation" is a paper's title, not a disclosure about this model.
_NOT_IN_CITATIONS = frozenset({"data_quality", "data_preprocessing", "limitations", "bias"})
_PAPER_LINK = re.compile(r"\]\((?:https?://)?(?:www\.)?(?:arxiv\.org|aclanthology\.org|aclweb\.org|doi\.org|dx\.doi\.org"
                         r"|openreview\.net|semanticscholar\.org|dl\.acm\.org|ieeexplore\.ieee\.org|link\.springer\.com"
                         r"|proceedings\.|papers\.nips\.cc|[^)\s]{0,200}\.pdf\b)")
# A rule that itself matches URLs is not vetoed for matching inside one.
_URL_RULE = re.compile(r"huggingface|://|www")
_MATCHES_URLS: dict[str, bool] = {}  # pattern source -> whether _URL_RULE finds it (asked per candidate match)


def _matches_urls(pattern: re.Pattern[str]) -> bool:
    got = _MATCHES_URLS.get(pattern.pattern)
    if got is None:
        got = _MATCHES_URLS[pattern.pattern] = _URL_RULE.search(pattern.pattern) is not None
    return got
_BIBTEX = re.compile(
    r"@(?:article|inproceedings|misc|book|techreport|online|software|incollection|phdthesis|unpublished)\s*\{", re.I
)


# -- the judge ------------------------------------------------------------------------------------


_HEADING_CACHE: dict[str, frozenset[str]] = {}


def announced(heading: str) -> frozenset[str]:
    """Topics a heading (or bold label) announces; cached, since cards repeat the same few headings."""
    got = _HEADING_CACHE.get(heading)
    if got is None:
        low = heading.lower()
        got = frozenset(t.name for t in TOPICS if t.heading.search(low))
        if len(_HEADING_CACHE) < 50_000:
            _HEADING_CACHE[heading] = got
    return got


_TITLE_FILLER = re.compile(r"\b(?:and|or|the|of|a|an|model|card|for|&|/|-|:)\b|[^\w\s]")


def _title(card: CardText) -> str | None:
    """The card's first heading (its title, whatever its level) when it names the model rather than a topic."""
    first = next((sec for sec in card.sections if sec.heading), None)
    if first is None or first.level > 6:
        return None
    return first.heading if _names_a_model(first.heading) else None


_TITLE_CACHE: dict[str, bool] = {}


def _names_a_model(heading: str) -> bool:
    """Whether a title heading says more than topic words and filler; cached (cards share titles: "Model Card")."""
    got = _TITLE_CACHE.get(heading)
    if got is None:
        low = heading.lower()
        rest = low
        if announced(heading):  # otherwise no topic's heading pattern matches: each sub would leave it as is
            for t in TOPICS:
                rest = t.heading.sub(" ", rest)
        rest = _TITLE_FILLER.sub(" ", rest)
        got = rest != low and len(rest.split()) >= 2
        if len(_TITLE_CACHE) < 50_000:
            _TITLE_CACHE[heading] = got
    return got


def topic_sections(card: CardText, topic: Topic) -> list[Section]:
    if card.section_topics is None:
        # Each section inherits the topics its ancestors' headings announce; the card's title does not
        # announce a topic by naming the model ("# English PII in Flair" is a PII tagger, not a PII section).
        title = _title(card)
        card.section_topics = [
            frozenset().union(*(announced(p) for i, p in enumerate(sec.path) if p and not (i == 0 and p == title)))
            for sec in card.sections
        ]
    name = topic.name
    return [sec for sec, names in zip(card.sections, card.section_topics, strict=True) if name in names]


def _first_section(card: CardText, topic: Topic) -> Section | None:
    """`topic_sections(card, topic)[0]` or None, without listing them (noted by `_topic_blocks`' pass)."""
    _topic_blocks(card, topic)
    i = (card.topic_first or {}).get(topic.name)
    return None if i is None else card.sections[i]


def _topic_blocks(card: CardText, topic: Topic) -> list[int]:
    """Blocks under a heading that announces the topic, or led by a bold label that does, in order.

    Computed for all topics in one pass over the card and kept on it (each topic asks once).
    """
    if card.topic_blocks is None:
        topic_sections(card, topic)  # fills card.section_topics
        by_topic: dict[str, set[int]] = {}
        first: dict[str, int] = {}
        for i, (sec, names) in enumerate(zip(card.sections, card.section_topics or (), strict=True)):
            for name in names:
                by_topic.setdefault(name, set()).update(sec.blocks)
                first.setdefault(name, i)
        card.topic_first = first
        for k, b in enumerate(card.blocks):
            if b.label:
                for name in announced(b.label):
                    by_topic.setdefault(name, set()).add(k)
        card.topic_blocks = {name: sorted(ids) for name, ids in by_topic.items()}
    return card.topic_blocks.get(topic.name, [])


def _ranges(card: CardText, block_ids: list[int], tables: bool) -> list[tuple[int, int]]:
    out = []
    for k in block_ids:
        b = card.blocks[k]
        if b.start < 0 or (b.kind == "table") != tables:
            continue
        out.append((b.start, b.start + len(b.text)))
    return out


def _in_paper_title(text: str, start: int) -> bool:
    """Whether `start` lies in the text of a markdown link to a paper ("[Deduplicating ...](https://arxiv.org/..)")."""
    lo = text.rfind("[", max(0, start - 300), start)
    if lo < 0 or text.find("]", lo, start) >= 0:
        return False
    close = text.find("](", start, start + 300)
    return close >= 0 and _PAPER_LINK.match(text, close, close + 260) is not None


def _in_citations(card: CardText, section: int, topic: str | None) -> bool:
    """Whether the section's own heading announces citations ("### Disclaimer" under "## Citation" does not)."""
    return topic in _NOT_IN_CITATIONS and "citation" in announced(card.sections[section].heading)


_SEARCHERS: dict[int, tuple[re.Pattern[str], Callable[..., re.Match[str] | None]]] = {}


def _searcher(pattern: re.Pattern[str]) -> Callable[..., re.Match[str] | None]:
    """`pattern.search`, or that of `regex_source.fast_start(pattern)` (the same matches) when the pattern is not
    led by `\\b`: `re` then tries its leading alternation at every position ("(?:(?:pre-?|post-?)?train(?:ed|ing)
    |fine-?tuned|...)": ~1.5x faster behind the lookahead), while after a leading `\\b` the lookahead costs more
    than it saves on sentence-sized windows (measured on real cards)."""
    got = _SEARCHERS.get(id(pattern))  # by id: a pattern's hash reads its whole compiled code
    if got is None or got[0] is not pattern:
        fast = pattern if source(pattern).startswith("\\b") else fast_start(pattern)
        got = (pattern, fast.search)
        if len(_SEARCHERS) < 10_000:
            _SEARCHERS[id(pattern)] = got
    return got[1]


def _try(card: CardText, rule: Rule, ranges: list[tuple[int, int]] | None,
         topic: str | None = None) -> Hit | None:
    text = card.tables_lower if rule.tables else card.prose_lower
    if not text:
        return None
    if ranges is not None:
        spans = ranges
    elif rule.keys:
        spans = windows(card, rule.tables, rule.keys)
    else:
        spans = [(0, len(text))]
    if not spans:
        return None
    long = card.long_lines(text)  # long lines are matched in windows (bounded.bounded_search)
    search = _searcher(rule.pattern)  # what bounded_search does when the text has no long line
    for lo, hi in spans:
        pos = lo
        while pos < hi:
            m = bounded_search(rule.pattern, text, pos, hi, long, card.clock()) if long else search(text, pos, hi)
            if m is None:
                break
            pos = m.end() if m.end() > m.start() else m.start() + 1
            block = card.block_at(m.start(), rule.tables)
            b_lo, b_hi = block.start, block.start + len(block.text)
            if rule.tables:
                s_lo = text.rfind("\n", b_lo, m.start()) + 1 or b_lo
                s_lo = max(s_lo, b_lo)
                e = text.find("\n", m.start(), b_hi)
                s_hi = e if e >= 0 else b_hi
            else:
                s_lo, s_hi = sentence_at(card.sent_starts, m.start(), b_lo, b_hi)
            pos = max(pos, s_hi)  # a rejected sentence is not re-examined
            sentence = text[s_lo:s_hi]
            if rule.header is not None and not bounded_search(
                    rule.header, text[b_lo:text.find("\n", b_lo, b_hi) % (b_hi + 1)], clock=card.clock()):
                continue
            if rule.veto is not None and bounded_search(rule.veto, sentence, clock=card.clock()):
                continue
            if rule.require is not None and not bounded_search(rule.require, sentence, clock=card.clock()):
                continue
            if not rule.tables and not is_substantive(sentence, rule.min_words):
                continue
            if not_disclosure(topic, sentence, m.start() - s_lo) or (not _matches_urls(rule.pattern)
                                                    and in_url(text, m.start())):
                continue
            if _in_citations(card, block.section, topic) or ("[" in sentence and topic in _NOT_IN_CITATIONS
                                                             and _in_paper_title(text, m.start())):
                continue
            sec = card.sections[block.section]
            original = (card.tables if rule.tables else card.prose)[s_lo:s_hi]
            return Hit(True, rule.why, line_of(block, s_lo), line_of(block, max(s_hi - 1, s_lo)),
                       " ".join(original.split())[:400], sec.path_text)
    return None


def _substantive_sentence(card: CardText, block_ids: list[int], min_words: int, tables: bool,
                          topic: str | None = None) -> Hit | None:
    for k in block_ids:
        b = card.blocks[k]
        if b.start < 0:
            continue
        if b.kind == "table":
            if not tables:
                continue
            text = card.tables[b.start:b.start + len(b.text)]
            rows = [r for r in text.split("\n") if is_substantive(r, 1)]
            if len(rows) >= 3 and is_substantive(text, min_words):
                return Hit(True, "a table under the heading", b.line, b.line_end, rows[0].strip()[:400],
                           card.sections[b.section].path_text)
            continue
        lo, hi = b.start, b.start + len(b.text)
        pos = lo
        while pos < hi:
            s_lo, s_hi = sentence_at(card.sent_starts, pos, lo, hi)
            sentence = card.prose[s_lo:s_hi]
            if is_substantive(sentence, min_words) and not not_disclosure(topic, sentence.lower()):
                return Hit(True, "a substantive statement under the heading", line_of(b, s_lo),
                           line_of(b, max(s_hi - 1, s_lo)), " ".join(sentence.split())[:400],
                           card.sections[b.section].path_text)
            pos = s_hi + 1
    return None


def _under_shared_heading(card: CardText, k: int, name: str, other: str) -> bool:
    """Whether block k's nearest label or heading announcing `name` also announces `other`: "### Limitations
    and bias" under "## Intended uses & limitations" is a limitations section of its own."""
    b = card.blocks[k]
    if b.label and name in announced(b.label):
        return other in announced(b.label)
    for heading in reversed(card.sections[b.section].path):
        if heading and name in announced(heading):
            return other in announced(heading)
    return False


def _try_section(card: CardText, topic: Topic, rule: Rule, block_ids: list[int]) -> Hit | None:
    """A section rule; under a heading the topic shares ("Intended uses & limitations") the sentence must
    also say something limiting (`SHARED_HEADING_REQUIRE`), since modals alone write usage tips there."""
    need = SHARED_HEADING_REQUIRE.get(topic.name)
    if need is None or rule.require is not None:
        return _try(card, rule, _ranges(card, block_ids, rule.tables), topic.name)
    other = _SHARED_HEADING[topic.name]
    shared = [k for k in block_ids if _under_shared_heading(card, k, topic.name, other)]
    own = [k for k in block_ids if not _under_shared_heading(card, k, topic.name, other)]
    hits = [_try(card, rule, _ranges(card, own, rule.tables), topic.name) if own else None,
            _try(card, replace(rule, require=need), _ranges(card, shared, rule.tables), topic.name) if shared else None]
    found = [h for h in hits if h]
    return min(found, key=lambda h: h.line or 0) if found else None


def judge_topic(card: CardText, topic: Topic) -> Hit:
    """Decide one topic from the card's prose (placeholders already blanked)."""
    block_ids = _topic_blocks(card, topic)
    live = _live_rules(card)
    rules = _KEYED.topics.get(id(topic))
    if rules is None or rules[0] is not topic:
        rules = _KEYED.sort(topic)
    for rule, rid, ask in rules[1]:
        if rule.scope == "anywhere":
            # skipped when no sentence can hold a key (`windows` would be empty)
            if rid and rid not in live and (not ask or not may_hold(card, rule.tables, rule.keys)):
                continue
            hit = _try(card, rule, None, topic.name)
        elif block_ids:
            hit = _try_section(card, topic, rule, block_ids)
        else:
            hit = None
        if hit:
            return hit
    if topic.section_min_words is not None and block_ids:
        fallback = block_ids
        if topic.name in _SHARED_HEADING:
            # Under "Intended uses & limitations" a plain sentence is about use; a limitation there must be
            # stated as one (the rules above), not merely be present.
            other = _SHARED_HEADING[topic.name]
            fallback = [k for k in block_ids if not _under_shared_heading(card, k, topic.name, other)]
        hit = _substantive_sentence(card, fallback, topic.section_min_words, topic.section_tables, topic.name)
        if hit:
            return hit
    if topic.name == "citation":
        for b in card.code_blocks():
            m = _BIBTEX.search(b.text)
            if m:
                line = b.line + b.text.count("\n", 0, m.start())
                return Hit(True, "a BibTeX entry", line, b.line_end, b.text[m.start():m.start() + 200].split("\n")[0],
                           card.sections[b.section].path_text)
    first = _first_section(card, topic)
    if first is not None:
        return Hit(False, "announced by a heading, but the section holds no substantive statement",
                   first.line, first.line_end, "", first.path_text)
    return Hit(False, "nothing in the card discloses it")

