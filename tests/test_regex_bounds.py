"""Number runs in the readers' patterns are bounded: an unbounded `\\d[\\d,.]*` is quadratic on a hostile line of
digits and separators ("1.1.1...", hundreds of KB), which made a LICENSE of that shape take minutes."""

import re
import types

from unveil.documentation.topic_rules import data, practice
from unveil.licenses import clauses
from unveil.openness import eosai_card

_UNBOUNDED_DIGIT_RUN = re.compile(r"\\d\[[^\]]*\][*+]")


def _patterns_in(value, depth=0):
    if isinstance(value, re.Pattern):
        if isinstance(value.pattern, str):
            yield value.pattern
    elif isinstance(value, str) and "\\d" in value:
        yield value
    elif depth < 4 and isinstance(value, (list, tuple, dict)):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _patterns_in(item, depth + 1)
    elif (depth < 4 and hasattr(value, "__dict__") and not isinstance(value, (type, types.ModuleType))
          and not callable(value)):  # modules left out: `re` would bring its cache of other callers' patterns
        yield from _patterns_in(vars(value), depth + 1)


def _sources():
    for module in (clauses, eosai_card, data, practice):
        for name, value in vars(module).items():
            if not name.startswith("__"):
                yield from _patterns_in(value)


def test_no_unbounded_digit_run_in_reader_patterns():
    offenders = [src[:80] for src in _sources() if _UNBOUNDED_DIGIT_RUN.search(src)]
    assert not offenders, offenders


def test_bounds_survive_f_string_sources():
    """`{0,24}` written in an rf-string without doubled braces becomes the text `(0, 24)`: a pattern that never
    matches what it was written for."""
    assert not [src[:80] for src in _sources() if "(0, 24)" in src]


def test_the_check_sees_an_unbounded_run():
    assert _UNBOUNDED_DIGIT_RUN.search(r"\d[\d,\x01]* users")
    assert not _UNBOUNDED_DIGIT_RUN.search(r"\d[\d,\x01]{0,24} users")


def test_thresholds_still_read_after_bounding():
    from unveil.licenses.text import prepare

    found = clauses.find_clauses(prepare("You may not use it if you have more than 700,000,000 monthly active users "
                                         "in the preceding calendar month."))
    assert "mau-threshold" in found


# -- lazy scans to a terminator -----------------------------------------------------------------------------
# `<h1>(.*?)</h1>` with re.S, searched, rescans the rest of the text from every opener when no terminator follows:
# "<h1>" or "<!--" repeated over 100 KB took a minute (quadratic). Such a pattern must be anchored (\A, or ^ without
# MULTILINE), end at the text's end too (`|\Z`), or bound its span.
_LAZY_ANY = re.compile(r"(?<!\\)\.[*+]\?")


def _all_module_patterns():
    import importlib
    import pkgutil

    import unveil

    seen = set()
    for info in pkgutil.walk_packages(unveil.__path__, "unveil."):
        if info.name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # an optional extra not installed: its patterns are not reachable either
            continue
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str) and id(value) not in seen:
                seen.add(id(value))
                yield f"{info.name}.{name}", value


def _unbounded_lazy_scan(pat: re.Pattern) -> bool:
    src = pat.pattern
    if not (pat.flags & re.S or src.startswith("(?s)")) or not _LAZY_ANY.search(src):
        return False
    anchored = src.startswith(r"\A") or (src.startswith("^") and not pat.flags & re.M)
    return not anchored and r"|\Z" not in src


def test_no_unbounded_lazy_scan_to_a_terminator():
    offenders = [name for name, pat in _all_module_patterns() if _unbounded_lazy_scan(pat)]
    assert not offenders, offenders


def test_the_lazy_scan_check_sees_the_shape():
    assert _unbounded_lazy_scan(re.compile(r"<h([1-6])>(.*?)</h\1>", re.S))
    assert _unbounded_lazy_scan(re.compile(r"<!--.*?-->", re.S))
    assert not _unbounded_lazy_scan(re.compile(r"<!--.*?(?:-->|\Z)", re.S))
    assert not _unbounded_lazy_scan(re.compile(r"\A---\n.*?\n---\n", re.S))
    assert not _unbounded_lazy_scan(re.compile(r"<h1>(.{0,500}?)</h1>", re.S))
    assert not _unbounded_lazy_scan(re.compile(r"<h1>(.*?)</h1>"))  # a line at most: MAX line budgets hold it


def test_script_and_style_dropped_in_one_pass(monkeypatch):
    from unveil.licenses import text

    assert text._drop_scripts("a<script>x\ny</script>b<STYLE a=1>z</style >c") == "a\nbc"
    assert text._drop_scripts("a <script> never closed </style>") == "a <script> never closed </style>"
    calls = []

    class Counting:
        def __init__(self, pat):
            self.pat = pat

        def search(self, s, pos=0):
            calls.append(pos)
            return self.pat.search(s, pos)

    monkeypatch.setattr(text, "_DROP_CLOSE", {k: Counting(v) for k, v in text._DROP_CLOSE.items()})
    hostile = "<script>" * 20000 + "<style>" * 20000
    assert text._drop_scripts(hostile) == hostile
    assert len(calls) == 2  # one search per tag, not one per opener


def test_unclosed_html_headings_are_not_headings():
    from unveil.documentation.sections import _HTML_HEADING

    found = [m.group(2) for m in _HTML_HEADING.finditer("<h2 class='x'>Bias</h2> <h1>" * 3 + "<h3>open")]
    assert found == ["Bias"] * 3


def test_links_around_addresses_found_by_bisection():
    from unveil.inventory import _MD_LINK, _link_finder

    line = "see [data](https://a.org/x) and https://b.org/y then [code](https://c.org/z)"
    links = list(_MD_LINK.finditer(line))
    at = _link_finder(links)
    assert at(line.index("https://a.org")).group(1) == "data"
    assert at(line.index("https://b.org")) is None
    assert at(line.index("https://c.org")).group(1) == "code"
    assert at(0) is None


def test_repeated_cues_do_not_exhaust_the_notice_search():
    """'under' repeated (the same words after each cue) is matched against the catalogue once, not once per cue:
    a licence named after a hostile run of them is still found."""
    from unveil.licenses import detect

    text = "This is provided under " * 20_000 + "and is licensed under the Apache License, Version 2.0."
    assert detect.identify(text).id == "apache-2.0"


def test_notice_search_has_a_budget_of_distinct_nameless_cues(monkeypatch):
    from unveil.licenses import detect

    monkeypatch.setattr(detect, "MAX_NAMELESS_CUES", 50)
    named_late = "".join(f"kept under seal {i}; " for i in range(200)) + "licensed under the Apache License 2.0"
    named_early = "licensed under the Apache License 2.0; " + "".join(f"kept under seal {i}; " for i in range(200))
    assert detect._cue_mention(named_late.lower()) is None  # the budget stopped the notice search
    assert detect._cue_mention(named_early.lower())[0].id == "apache-2.0"


def test_deontic_reader_has_a_frame_budget(monkeypatch):
    from unveil.licenses import deontic
    from unveil.licenses.text import prepare

    filler = "You shall not sing. " * 30
    late = prepare(filler + "You may not use the Software for any commercial purpose.").clause_text
    early = prepare("You may not use the Software for any commercial purpose. " + filler).clause_text
    assert "non-commercial" in deontic.read(late)  # within the default budget
    monkeypatch.setattr(deontic, "MAX_FRAMES", 10)
    assert "non-commercial" not in deontic.read(late)  # the budget stopped the reading before the clause
    assert "non-commercial" in deontic.read(early)
