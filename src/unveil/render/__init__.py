"""Renderers: Report -> text. Each output format is one module registered here."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

from unveil.errors import UsageError

if TYPE_CHECKING:  # the registry is read at start-up (CLI choices): no report models built for that
    from unveil.report import Report

# format name -> module path; each module has `render(report: Report) -> str`.
RENDERERS: dict[str, str] = {
    "text": "unveil.render.text",
    "json": "unveil.render.json",
    "mot": "unveil.render.mot",
    "sarif": "unveil.render.sarif",
    "html": "unveil.render.html",
    "cyclonedx": "unveil.render.cyclonedx",
    "badge": "unveil.render.badge",
}


def renderer(fmt: str) -> Callable[[Report], str]:
    module_path = RENDERERS.get(fmt)
    if module_path is None:
        raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(sorted(RENDERERS))}")
    try:
        module = import_module(module_path)
    except ImportError as exc:
        raise UsageError(f"format {fmt!r} is not available: {exc}") from exc
    return module.render  # type: ignore[no-any-return]
