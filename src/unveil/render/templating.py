"""The project's one template system: Jinja2 over `unveil/render/templates`, autoescape always on.

The audit report and the survey site share this environment, its stylesheet (`_style.css`) and its
filters. Everything rendered can come from a hostile release, so autoescape is never turned off and
data placed in a script context goes through `script_json` (a JSON text with `<`, `>`, `&`, U+2028 and
U+2029 escaped, so it can neither close the script element nor break a JavaScript string).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

if TYPE_CHECKING:
    from jinja2 import Environment

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON safe inside <script> and in a .js file: no `</script>`, no HTML comment, no line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return "".join(_SCRIPT_ESCAPES.get(ch, ch) for ch in text) if any(c in text for c in _SCRIPT_ESCAPES) else text


@lru_cache(maxsize=1)
def environment() -> Environment:
    # Imported lazily: jinja2 costs import time that text/json renders do not need.

    env = Environment(loader=PackageLoader("unveil.render", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["script_json"] = lambda value: Markup(script_json(value))
    return env
