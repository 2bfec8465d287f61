"""The documentation analyzer's shortcuts (census pace, issue 15.5) give the same answers as the full search.

Each shortcut is checked against what it stands for, on real cards (the recorded releases, the EOSAI cards and a
fixed sample of cards-2023) and on texts written to hit its edges:
- the stems present in a card, worked out once per card (`WordIndex.present_stems`), equal a prefix lookup of
  every registered stem (`WordIndex.starts_word`);
- a rule the topic judge skips (`_live_rules`, `may_hold`) has no window to search, and every topic's verdict is
  the one the judge gives when it tries every rule;
- a key without spaces is only located when its inner words start words of the text (`inner_stems`);
- a rule searched behind `regex_source.fast_start` finds the same matches as the rule as written;
- the title check that skips the topic substitutions when no topic heading matches gives the full answer.
"""

from __future__ import annotations

import pytest

from cards2023 import sample_texts
from unveil.card import parse_card
from unveil.documentation import topics as topics_module
from unveil.documentation.placeholders import _BOILER_KEYS, _MARKER_KEYS, blank_placeholders
from unveil.documentation.sections import CardText, split_sections
from unveil.documentation.topics import _TITLE_FILLER, TOPICS, _names_a_model, _searcher, judge_topic
from unveil.documentation.word_index import _TABLE, WordIndex, inner_stems, may_hold, windows

from conftest import SHARED_DATA

CARDS_2023 = SHARED_DATA / "cards-2023" / "model_cards.tar.gz"
SAMPLE, SEED = 300, 1515
# Texts at the shortcuts' edges: keys glued to other words, inner words inside longer ones or after non-ASCII,
# stems that are prefixes of other stems, a key whose inner word is missing.
EDGE_CARDS = [
    "Fill in [optional] and [your name] here. [insertion sort] is fine. x[yourself] too.",
    "Data: huggingface.co/datasets/foo and huggingface.co/dataset/bar. n/a, {{ x }}, [ optional ].",
    "é[optionalé] ü[insertü]. Trained on 10,000 images. The model may produce wrong answers.",
    "[optiona] [you] [inser] huggingface.co/datas/ — nothing whole here.",
    "Mirrored at myhuggingface.co/datasets/x (a key glued to the word before it); none/all.",
    "The training data consists of books. Pretrained and fine-tuned; it can't be trusted. Contact me@x.org.",
    "| Metric | Score |\n|---|---|\n| MMLU | 45.1 |\n| learning_rate | 2e-5 |\n\ntrain train-test trainer",
]


def _texts() -> list[str]:
    paths = sorted(SHARED_DATA.glob("releases/*/README.md")) + sorted(SHARED_DATA.glob("eosai-cards/*/README.md"))
    assert len(paths) >= 25
    texts = [p.read_text(errors="replace") for p in paths]
    if CARDS_2023.is_file():
        texts += sample_texts(SAMPLE, SEED, max_size=1 << 20)
    return texts + EDGE_CARDS


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def _parsed(text: str) -> CardText:
    card = parse_card(text, "README.md")
    return split_sections(card.body or "", card.body_start_line)


def test_present_stems_equal_a_lookup_of_every_stem(texts: list[str]) -> None:
    # Both ways of working them out: a bisect per word (small cards) and per stem (large ones).
    words = [w.encode() for w in ("a", "da", "dat", "data", "datab", "database", "dataz", "db", "zzz", "trai")]
    checked = 0
    for text in texts + [" ".join(w.decode() for w in words), ""]:
        ct = _parsed(text)
        for source in (ct.orig_prose_lower, ct.orig_tables_lower, text.lower()):
            index = WordIndex.build(source)
            want = frozenset(s for s in _TABLE.stems if index.starts_word(s))
            assert index.present_stems() == want, source[:80]
            # Same words and as many more as to take the other branch.
            big = WordIndex(index.words + [f"zz{i:05d}".encode() for i in range(2 * len(_TABLE.stems))], index.wide)
            assert big.present_stems() == frozenset(s for s in _TABLE.stems if big.starts_word(s))
            checked += 1
    for word in words:  # the stems a word starts with, nested ones included
        assert set(_TABLE.starting(word)) == {s for s in _TABLE.stems if word.startswith(s.encode())}
    print(f"\npresent stems identical on {checked} texts")


def test_inner_stems_of_keys() -> None:
    assert inner_stems("[optional") == {"optional"}
    assert inner_stems("huggingface.co/datasets/") == {"datasets"}  # "co" is too short to tell anything
    assert inner_stems("[ optional") == frozenset()  # a space: blanking may have written it
    assert inner_stems("[ optional", spaces=True) == {"optional"}  # a text not blanked
    assert inner_stems("this section", spaces=True) == {"section"}
    assert inner_stems("n/a") == frozenset()
    assert inner_stems("{{") == frozenset()


def test_skipped_rules_have_no_window_and_verdicts_equal_trying_every_rule(texts: list[str], monkeypatch) -> None:
    key_sets = [(False, _BOILER_KEYS), (True, _BOILER_KEYS), (False, _MARKER_KEYS), (True, _MARKER_KEYS)]
    key_sets += [(r.tables, r.keys) for t in TOPICS for r in t.rules if r.keys]
    cards = []
    for text in texts:
        ct = _parsed(text)
        blank_placeholders(ct)
        for tables, keys in key_sets:
            if not may_hold(ct, tables, keys):
                assert windows(ct, tables, keys) == [], (text[:80], keys)
        cards.append((text, ct, [judge_topic(ct, topic) for topic in TOPICS]))
    # The same cards judged with no rule skipped: every keyed rule goes to its windows.
    monkeypatch.setattr(topics_module, "_live_rules", lambda card: frozenset(topics_module._KEYED.rules))
    monkeypatch.setattr(topics_module, "may_hold", lambda card, tables, keys: True)
    covered = 0
    for text, _, hits in cards:
        ct = _parsed(text)
        blank_placeholders(ct)
        for topic, hit in zip(TOPICS, hits, strict=True):
            assert judge_topic(ct, topic) == hit, (text[:80], topic.name)
            covered += hit.covered
    assert covered > len(cards)  # real verdicts were compared, not only "nothing discloses it"
    print(f"\n{len(cards)} cards x {len(TOPICS)} topics: same verdicts, {covered} covered")


def test_fast_start_searches_find_the_same_matches(texts: list[str]) -> None:
    rules = [r for t in TOPICS for r in t.rules]
    sped = [r for r in rules if _searcher(r.pattern) != r.pattern.search]
    assert sped  # some rule is searched behind the lookahead
    for text in texts:
        ct = _parsed(text)
        for rule in sped:
            hay = ct.tables_lower if rule.tables else ct.prose_lower
            fast = _searcher(rule.pattern).__self__
            assert [m.span() for m in fast.finditer(hay)] == [m.span() for m in rule.pattern.finditer(hay)], rule.why

def test_title_check_equals_every_substitution(texts: list[str]) -> None:
    headings = {sec.heading for text in texts for sec in _parsed(text).sections if sec.heading}
    headings |= {"Model Card", "Training data of XLM", "bert-base", "Intended uses & limitations", "Bias"}
    for heading in headings:
        low = rest = heading.lower()
        for t in TOPICS:
            rest = t.heading.sub(" ", rest)
        rest = _TITLE_FILLER.sub(" ", rest)
        assert _names_a_model(heading) == (rest != low and len(rest.split()) >= 2), heading



def test_windows_equal_the_reference_on_edge_and_sampled_cards(texts: list[str]) -> None:
    """`windows` (stems present per card, inner words of loose keys) against the plain definition."""
    from test_documentation_fastpath import _reference_windows

    key_sets = [(False, _BOILER_KEYS), (True, _BOILER_KEYS), (False, _MARKER_KEYS), (True, _MARKER_KEYS)]
    key_sets += [(r.tables, r.keys) for t in TOPICS for r in t.rules if r.keys]
    key_sets += [(False, ("[optional", "[your", "[insert", "huggingface.co/datasets/", "n/a", "{{"))]
    found = 0
    for text in texts:
        ct = _parsed(text)
        orig = {False: ct.prose_lower, True: ct.tables_lower}
        for phase in ("parsed", "blanked"):
            if phase == "blanked":
                blank_placeholders(ct)
            for tables, keys in key_sets:
                got = windows(ct, tables, keys)
                assert got == _reference_windows(ct, orig[tables], tables, keys), (text[:80], phase, keys)
                found += bool(got)
    assert found
