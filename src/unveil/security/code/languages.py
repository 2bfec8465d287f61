"""Which release files the code scanners read, by name: sources, notebooks, and configs naming remote code.

A module of its own so that deciding "this release has no code" costs nothing: the analyzers (and what
they share, `common`) are imported only when it has some.
"""

from __future__ import annotations

from unveil.release import FileEntry

PY_SUFFIXES = frozenset({".py", ".pyw"})
NOTEBOOK_SUFFIXES = frozenset({".ipynb"})
C_SUFFIXES = frozenset({".c", ".cc", ".cpp", ".cxx", ".h", ".hpp", ".hh", ".hxx", ".cu", ".cuh"})


def language_of(entry: FileEntry) -> str | None:
    suffix = entry.suffix
    if suffix in PY_SUFFIXES:
        return "python"
    if suffix in NOTEBOOK_SUFFIXES:
        return "notebook"
    if suffix in C_SUFFIXES:
        return "c"
    return None


def is_config(entry: FileEntry) -> bool:
    """A `config.json` (any prefix): its `auto_map` may name remote code that runs on load."""
    return entry.name.lower().endswith("config.json")


def is_code_input(entry: FileEntry) -> bool:
    """Something a code scanner reads: a source file, a notebook, or a config that may name remote code."""
    return language_of(entry) is not None or is_config(entry)
