"""The whole scanner runs over the live corpus under the audit hook of tests/never_exec_hook.py, which
records any compile or exec of code that is not the standard library's or a dependency's own, any
subprocess but the allowed tools (exact argv[0]), os.system / exec / spawn / fork, any unpickling
(`pickle.find_class`), ctypes loads and imports of the modules the artifacts name.

Audit hooks cannot be removed, so the scan runs in a subprocess.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import SHARED_DATA

CORPUS = SHARED_DATA / "security" / "dev"
TESTS = Path(__file__).resolve().parent
# Where the corpus payloads write when they run (the corpus README: they touch a marker under /tmp).
CANARIES = (Path("/tmp/unveil_canary"), Path("/tmp/unveil_canary.sh"), Path("/tmp/unveil_canary_dir"))

SCRIPT = textwrap.dedent(
    r"""
    import json, os, sys, tempfile
    sys.path.insert(0, sys.argv[2])
    import never_exec_hook
    import unveil.commands.scan
    from unveil.security.artifacts import scan_artifacts
    from unveil.security.dispatch import load_formats
    from unveil.sources.local import open_local

    load_formats()
    corpus = sys.argv[1]
    # Warm up the bundled-code scanners (Bandit builds dataclasses lazily) on our own clean file first.
    with tempfile.TemporaryDirectory() as warm:
        with open(os.path.join(warm, "clean.py"), "w") as fh:
            fh.write("x = 1\n")
        unveil.commands.scan.run([warm], "json", "high")
    # A scan needs none of these; the artifacts name them (the hook also flags the payloads' own modules).
    never_exec_hook.install(extra_modules={"shutil", "socket", "subprocess", "pickle", "_pickle", "numpy"})
    result = scan_artifacts(open_local(corpus))
    out, code = unveil.commands.scan.run([corpus], "json", "high")
    scan = json.loads(out)
    print(json.dumps({"violations": never_exec_hook.violations, "findings": len(result.findings),
                      "scanned": len(result.scanned), "cli_findings": len(scan["findings"]), "code": code}))
    """
)


def test_scanner_never_executes_artifacts() -> None:
    for canary in CANARIES:
        if canary.is_dir() and not canary.is_symlink():
            shutil.rmtree(canary, ignore_errors=True)
        else:
            canary.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(CORPUS), str(TESTS)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\nscanned {report['scanned']} artifacts, {report['findings']} findings, "
          f"{len(report['violations'])} audit violations")
    assert report["scanned"] >= 50
    assert report["violations"] == [], report["violations"][:10]
    assert report["code"] == 1 and report["cli_findings"] >= report["findings"]  # the malicious samples gate
    ran = [str(c) for c in CANARIES if c.exists()]
    assert ran == [], f"a live payload ran: {ran}"
