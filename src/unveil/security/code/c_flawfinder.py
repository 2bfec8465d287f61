"""Flawfinder (the PyPI package) on C, C++ and CUDA sources, in process.

Flawfinder is a single module driven by globals: `process_c_file(name)` opens the file with `open()` and
appends `Hit`s to the module's `hitlist`. To feed it the bytes read through `release.read` (no temp
files, no subprocess), a module-level `open` is injected for the duration of the run, under a lock
since the module state is global. Flawfinder only tokenises text; nothing is compiled or run.

Risk levels (0 = no risk .. 5 = very risky) map to unveil severities, `LEVELS`:
5, 4 -> high; 3 -> medium; 2, 1 -> low; 0 is dropped (Flawfinder's own default minimum is 1).
"""

from __future__ import annotations

import io
import re
import threading
from functools import lru_cache

from unveil.security.code.common import CodeHit, package_version

LEVELS = {5: "high", 4: "high", 3: "medium", 2: "low", 1: "low"}
_LOCK = threading.Lock()
_CWE = re.compile(r"CWE-(\d+)")


@lru_cache(maxsize=1)
def flawfinder_version() -> str | None:
    """From the package metadata: no import unless there is C code to scan."""
    return package_version("flawfinder")


@lru_cache(maxsize=1)
def _module():
    # lazy: start-up (Flawfinder loads only when a release ships C/C++ code)
    import flawfinder

    flawfinder.showheading = 0  # else it prints the rule count to stdout
    flawfinder.initialize_ruleset()  # expands "a|b" rule keys; idempotent once expanded
    return flawfinder


def scan_sources(sources: dict[str, str]) -> list[CodeHit]:
    """Flawfinder over {release path: source text}."""
    if not sources or flawfinder_version() is None:
        return []
    ff = _module()
    with _LOCK:
        saved = {name: getattr(ff, name) for name in ("quiet", "showheading", "hitlist")}
        ff.quiet = 1
        ff.showheading = 0
        ff.hitlist = []
        ff.open = lambda name, *a, **k: io.StringIO(sources[name])
        try:
            for path in sources:
                try:
                    ff.process_c_file(path, None)
                except (SystemExit, RecursionError, IndexError, ValueError):
                    continue  # one malformed file must not end the scan
            hits = list(ff.hitlist)
        finally:
            del ff.open
            for name, value in saved.items():
                setattr(ff, name, value)
    # Level 0 means "no risk" (e.g. printf with a constant format); Flawfinder hides it by default too.
    return [_to_hit(h) for h in hits if h.filename in sources and int(h.level) >= 1]


def _to_hit(hit) -> CodeHit:  # hit: flawfinder.Hit
    level = int(hit.level)
    cwe = _CWE.search(hit.warning or "")
    name = hit.name
    message = (f"Flawfinder {hit.ruleid} {name} (risk level {level}/5, {hit.category}): {hit.warning}. "
               f"{hit.suggestion}".rstrip(". ") + ".")
    return CodeHit(
        path=hit.filename, line=int(hit.line) or None, rule="CODE430", severity=LEVELS.get(level, "medium"),
        kind=f"c-{name}", message=message, scanner="flawfinder", scanner_rule=hit.ruleid,
        cwe=int(cwe.group(1)) if cwe else None,
    )
