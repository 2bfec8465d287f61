"""Semgrep, the optional extra `unveil[semgrep]`, with the rules file shipped in this package.

One `semgrep scan` process for the whole release (it is the tool's own CLI, not audited code): the
sources read through `release.read` are written to a private temp dir (Semgrep wants paths), scanned with
`rules/semgrep.yml` only — `--metrics=off`, no registry rules, no version check, so nothing is fetched —
and results are mapped back to release paths (and notebook cells). Not installed: one `info` note.
Severity: ERROR -> high, WARNING -> medium, INFO -> low.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from unveil.security.code.common import CodeHit, PythonUnit

RULES_FILE = Path(__file__).with_name("rules") / "semgrep.yml"
SEVERITIES = {"ERROR": "high", "WARNING": "medium", "INFO": "low"}
TIMEOUT_S = 600
# Semgrep picks the language by extension; C-family files are scanned as C (CUDA and C++ included:
# its parser recovers from what it does not know, and Flawfinder covers them fully anyway).
_C_AS = ".c"


def semgrep_binary() -> str | None:
    explicit = os.environ.get("UNVEIL_SEMGREP_BIN")
    if explicit:
        return explicit if Path(explicit).exists() else None
    found = shutil.which("semgrep")
    if found:
        return found
    beside = Path(sys.executable).with_name("semgrep")  # installed in this venv but venv not on PATH
    return str(beside) if beside.exists() else None


def not_run(reason: str) -> CodeHit:
    return CodeHit(path=".", line=None, rule="CODE450", severity="info", kind="semgrep-not-run",
                   message=f"Semgrep not run: {reason}", scanner="semgrep")


def scan(units: list[PythonUnit], c_sources: dict[str, str]) -> tuple[list[CodeHit], str | None]:
    """(hits, None) after a run, or ([info note], reason) when Semgrep is unavailable or failed."""
    binary = semgrep_binary()
    if binary is None:
        return [not_run("not installed (pip install 'unveil[semgrep]')")], "not installed"
    with tempfile.TemporaryDirectory(prefix="unveil-semgrep-") as tmp:
        back: dict[str, tuple[str, PythonUnit | None]] = {}
        for i, unit in enumerate(units):
            name = f"{i}/{Path(unit.path).stem}.py"
            back[name] = (unit.path, unit)
            _write(Path(tmp, name), unit.text)
        for j, (path, text) in enumerate(c_sources.items()):
            name = f"c{j}/{Path(path).name}{'' if Path(path).suffix in ('.c', '.h') else _C_AS}"
            back[name] = (path, None)
            _write(Path(tmp, name), text)
        try:
            proc = subprocess.run(  # noqa: S603 - the scanner's own CLI with fixed arguments
                [binary, "scan", "--config", str(RULES_FILE), "--json", "--metrics=off",
                 "--disable-version-check", "--quiet", "--no-git-ignore", "--timeout", "30", tmp],
                capture_output=True, timeout=TIMEOUT_S, cwd=tmp, check=False,
                env={**os.environ, "SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            return [not_run(f"failed to run ({exc.__class__.__name__})")], "failed"
        try:
            out = json.loads(proc.stdout or b"{}")
        except ValueError:
            return [not_run(f"unreadable output (exit {proc.returncode})")], "failed"
        return [h for r in out.get("results", []) if (h := _to_hit(r, tmp, back))], None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", errors="replace")


def _to_hit(result: dict, tmp: str, back: dict[str, tuple[str, PythonUnit | None]]) -> CodeHit | None:
    raw = str(result.get("path", ""))
    rel = os.path.relpath(raw, tmp) if os.path.isabs(raw) else raw
    rel = Path(rel).as_posix()
    if rel not in back:
        return None
    path, unit = back[rel]
    start = int(result.get("start", {}).get("line") or 1)
    end = int(result.get("end", {}).get("line") or start)
    line, cell = unit.locate(start) if unit else (start, None)
    line_end = unit.locate(end)[0] if unit else end
    extra = result.get("extra", {}) or {}
    meta = extra.get("metadata", {}) or {}
    check = str(result.get("check_id", "")).rsplit(".", 1)[-1]
    cwe = str(meta.get("cwe", ""))
    return CodeHit(
        path=path, line=line, line_end=line_end if line_end != line else None, rule="CODE440",
        severity=SEVERITIES.get(str(extra.get("severity", "")).upper(), "medium"),
        kind=str(meta.get("kind") or check), message=f"Semgrep {check}: {extra.get('message', '')}",
        scanner="semgrep", scanner_rule=check, cwe=int(cwe[4:]) if cwe[4:].isdigit() else None, cell=cell,
    )
