"""Bounds on parsed documents: YAML aliases can make a few KiB expand to billions of nodes (or a cycle),
and deep nesting breaks every recursive consumer. Check the shape once, right after parsing."""

from __future__ import annotations

from typing import Any

MAX_NODES = 262_144  # one node per byte of a 256 KiB document: only aliases can exceed it
MAX_DEPTH = 100  # Hub metadata and MOT files nest a handful of levels


def shape_problem(data: Any, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> str | None:
    """Why `data` is too big or too deep once aliases are expanded, or None. Iterative and bounded:
    it stops after `max_nodes` nodes, so a cycle or an alias bomb costs at most that much."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if nodes > max_nodes:
            return f"expands to more than {max_nodes} nodes (YAML alias bomb or cycle)"
        if depth > max_depth:
            return f"nested deeper than {max_depth} levels"
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
            stack.extend((k, depth + 1) for k in value if isinstance(k, tuple))
        elif isinstance(value, list | tuple | set):
            stack.extend((v, depth + 1) for v in value)
    return None
