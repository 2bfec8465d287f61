"""Walk the source text of a regex: which characters are escaped, inside a [...] class, or at which
parenthesis depth. Used to split top-level alternatives and to find required literals."""

from __future__ import annotations

from collections.abc import Iterator


def walk_regex(src: str) -> Iterator[tuple[int, str, str, int]]:
    """Yield (index, char, kind, depth) per element of `src`.

    kind: "escape" (a backslash pair; char is the escaped character), "class" (inside [...], the closing
    bracket included), or "top" (anything else). depth is the parenthesis depth after the element.
    """
    depth, i, in_class = 0, 0, False
    while i < len(src):
        c = src[i]
        if c == "\\":
            yield i, src[i + 1 : i + 2], "escape", depth
            i += 2
            continue
        if in_class:
            in_class = c != "]"
            yield i, c, "class", depth
        else:
            if c == "[":
                in_class = True
            elif c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
            yield i, c, "top", depth
        i += 1
