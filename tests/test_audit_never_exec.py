"""A whole `unveil audit` of hostile releases runs under an audit hook: no audited code object is ever
executed, no audited module imported, no process started except the scanners' own tools.

Parsing is allowed (ast.parse of bundled code raises a `compile` audit event but runs nothing);
executing is not. The audit runs in a subprocess because audit hooks cannot be removed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from conftest import SHARED_DATA

MARKER = "/tmp/unveil-never-exec-marker"

SCRIPT = textwrap.dedent(
    r"""
    import json, os, sys, sysconfig
    import unveil
    from unveil.service import audit

    targets = sys.argv[1:]
    # Warm up lazily imported analyzers on a harmless folder first.
    import tempfile
    with tempfile.TemporaryDirectory() as warm:
        open(os.path.join(warm, "README.md"), "w").write("# warm\n")
        open(os.path.join(warm, "x.py"), "w").write("x = 1\n")
        audit(warm)

    roots = tuple({os.path.dirname(os.__file__), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
                   os.path.dirname(os.path.dirname(unveil.__file__))})
    AUDITED_MODULES = {"modeling_evil", "configuration_evil", "evil_helper", "pty", "webbrowser", "runpy",
                       "torch", "keras", "tensorflow", "dill", "joblib", "sklearn", "pandas", "onnx"}
    preloaded = set(sys.modules)
    TOOLS = ("flawfinder", "semgrep", "git")
    violations = []

    def hook(event, args):
        if event == "exec":
            filename = str(getattr(args[0], "co_filename", "")) if args else ""
            # "<string>" code objects come from the stdlib's own generated code (dataclasses, namedtuple);
            # the audited payloads above are also guarded by the marker file, which must never appear.
            if not filename.startswith(roots) and filename not in ("<string>",):
                violations.append(["exec", filename])
        elif event == "import":
            name = str(args[0])
            if name.split(".")[0] in AUDITED_MODULES and name not in preloaded:
                violations.append(["import", name])
        elif event == "subprocess.Popen":
            exe = os.path.basename(str(args[0]))
            if not exe.startswith(TOOLS):
                violations.append(["subprocess", exe])
        elif event in ("os.system", "os.exec", "os.posix_spawn", "os.spawn", "pickle.find_class", "ctypes.dlopen"):
            violations.append([event, repr(args)[:120]])

    sys.addaudithook(hook)
    results = []
    for target in targets:
        report = audit(target)
        results.append({"target": target, "critical": sum(f.severity == "critical" for f in report.security.findings),
                        "high": sum(f.severity == "high" for f in report.security.findings)})
    print(json.dumps({"violations": violations, "results": results}))
    """
)

EVIL_MODULE = f"""import os
os.system("touch {MARKER}")
from .evil_helper import x
class EvilModel:
    pass
"""


def build_hostile_release(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "README.md").write_text("---\nlicense: apache-2.0\n---\n# evil\n\nA fully open source model.\n")
    (root / "config.json").write_text(json.dumps({"auto_map": {"AutoModel": "modeling_evil.EvilModel"}}))
    (root / "modeling_evil.py").write_text(EVIL_MODULE)
    (root / "evil_helper.py").write_text(f"import subprocess\nsubprocess.run(['touch', '{MARKER}'])\nx = 1\n")
    pickle_bytes = b"\x80\x02cos\nsystem\nX\x1f\x00\x00\x00touch " + MARKER.encode()[:25].ljust(25) + b"\x85R."
    (root / "pytorch_model.bin").write_bytes(pickle_bytes)
    with zipfile.ZipFile(root / "model.pt", "w") as zf:
        zf.writestr("archive/data.pkl", pickle_bytes)
        zf.writestr("archive/version", "3\n")
    (root / "tokenizer_config.json").write_text(json.dumps({
        "chat_template": "{{ cycler.__init__.__globals__.os.popen('touch " + MARKER + "').read() }}"}))
    (root / "train.ipynb").write_text(json.dumps({"cells": [{"cell_type": "code", "source": [
        f"import os\nos.system('touch {MARKER}')\n"]}], "nbformat": 4, "nbformat_minor": 5}))
    return root


def test_full_audit_never_executes(tmp_path: Path) -> None:
    Path(MARKER).unlink(missing_ok=True)
    hostile = build_hostile_release(tmp_path / "hostile")
    corpus = SHARED_DATA / "security" / "dev"
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(hostile), str(corpus)], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\nfull audits under the hook: {out['results']}; violations: {len(out['violations'])}")
    assert out["violations"] == [], out["violations"][:10]
    assert not Path(MARKER).exists(), "an audited payload ran"
    hostile_result = out["results"][0]
    assert hostile_result["critical"] >= 3  # pickle, torch zip member, template or remote code
