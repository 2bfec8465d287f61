"""Model card parsing: YAML front matter (safe, size-bounded) and the markdown body.

Cards without front matter are normal; invalid YAML is recorded and the body is still read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from unveil import budgets
from unveil.shape import shape_problem

MAX_FRONT_MATTER_BYTES = budgets.DEFAULTS.front_matter_bytes  # the default; budgets.current() decides
# libyaml's safe loader when installed: the same safe schema, ~10x faster (survey mode reads many cards).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ModelCard:
    path: str | None
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    body: str = ""
    body_start_line: int = 1  # 1-based line number of the body's first line in the file
    front_matter_error: str | None = None

    def meta_list(self, key: str) -> list[str]:
        """A metadata field as a list of strings (the Hub allows a scalar or a list)."""
        value = self.metadata.get(key)
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value if v is not None]
        return [str(value)]


def _split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (yaml_text or None, body, body_start_line)."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return None, text, 1
    lines = stripped.split("\n")
    if lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2
    return None, text, 1


# The last card parsed, by (text, path, budgets): the service, the link follower and the EOSAI grader each
# read the same card in one audit, and its YAML was ~6% of a card's audit in a survey. Cards are never
# changed after parsing, so sharing the object is safe.
_last: tuple[tuple[str, str | None, budgets.Budgets], ModelCard] | None = None


def parse_card(text: str | None, path: str | None = "README.md") -> ModelCard:
    global _last
    if text is None:
        return ModelCard(path=None, text="")
    key = (text, path, budgets.current())
    if _last is not None and _last[0] == key:
        return _last[1]
    card = _parse(text, path)
    _last = (key, card)
    return card


def _parse(text: str, path: str | None) -> ModelCard:
    yaml_text, body, start = _split_front_matter(text)
    card = ModelCard(path=path, text=text, body=body, body_start_line=start)
    if yaml_text is None:
        return card
    limits = budgets.current()
    size = len(yaml_text.encode("utf-8", errors="replace"))
    if size > limits.front_matter_bytes:
        card.front_matter_error = (f"budget: front_matter_bytes exceeded ({size:,} bytes > "
                                   f"{limits.front_matter_bytes:,}); front matter not parsed")
        return card
    try:
        data = yaml.load(yaml_text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError) as exc:  # deep nesting is hostile input, not a crash
        card.front_matter_error = f"front matter is not valid YAML: {str(exc).splitlines()[0]}"
        return card
    problem = shape_problem(data, max_nodes=limits.front_matter_nodes)
    if problem is not None:
        card.front_matter_error = f"budget: front_matter_nodes: front matter {problem}; not parsed"
        return card
    if isinstance(data, dict):
        card.metadata = {str(k): v for k, v in data.items()}
    elif data is not None:
        card.front_matter_error = "front matter is not a mapping"
    return card
