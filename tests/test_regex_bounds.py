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
