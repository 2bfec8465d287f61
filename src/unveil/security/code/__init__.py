"""Bundled-code scanner: trust_remote_code modules, Python (Bandit + unveil's ML rules, notebooks included),
C/C++/CUDA (Flawfinder), and Semgrep when the optional extra is installed.

`scan_code(release) -> ScanResult`. Every byte is read through `release.read`; scanned code is only parsed
(`ast.parse`, Bandit, Flawfinder's tokenizer, Semgrep), never imported or executed. Files that cannot be
parsed give an `info` CODE490 finding and the scan goes on. Hits from all scanners are de-duplicated per
(file, cell, line, kind) and counted in `ScanResult.summary["code"]`.

The analyzers live in `scanner` and are imported only when the release has something for them (a code
file, a notebook, a config that may name remote code): a release of model files alone never pays for
Bandit, Flawfinder, Semgrep or their tables (the start-up of `unveil scan x.pkl`).
"""

from __future__ import annotations

import importlib

from unveil.release import Release
from unveil.security.code.languages import is_code_input
from unveil.security.code.summary import summarize
from unveil.security.result import ScanResult

__all__ = ["scan_code"]

_SCANNER = "unveil.security.code.scanner"
_NO_CODE = "skipped: no code file"
NOTHING_RAN: dict[str, str | None] = {"unveil": "1", "bandit": _NO_CODE, "flawfinder": _NO_CODE, "semgrep": _NO_CODE}


def scan_code(release: Release, *, semgrep: bool | None = None) -> ScanResult:
    """Scan the release's bundled code. `semgrep`: None = run if installed (env UNVEIL_SEMGREP=off skips)."""
    if any(is_code_input(entry) for entry in release.files):
        return importlib.import_module(_SCANNER).scan_code(release, semgrep=semgrep)  # type: ignore[no-any-return]
    # Nothing any code scanner reads: no findings, empty counts, and no scanner ran (so no version is
    # looked up: reading package metadata alone costs a scan of one pickle ~5 ms).
    return ScanResult(summary={"code": summarize([], {}, dict(NOTHING_RAN))})
