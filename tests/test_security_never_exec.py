"""The whole scanner runs over the live corpus under an audit hook that fails on any execution.

Audit hooks cannot be removed, so the scan runs in a subprocess. The hook records: exec of code
objects, compile() of foreign source (anything not a module file of Python, its packages or unveil),
os.system / subprocess.Popen / os.exec* / os.posix_spawn / os.fork, pickle find_class (any unpickling),
and imports of modules the artifacts name that were not loaded before the scan.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from conftest import SHARED_DATA

CORPUS = SHARED_DATA / "security" / "dev"

SCRIPT = textwrap.dedent(
    r"""
    import json, os, re, sys, sysconfig
    from unveil.security.artifacts import scan_artifacts
    from unveil.security.dispatch import load_formats
    from unveil.sources.local import open_local
    import unveil.commands.scan  # noqa: F401

    load_formats()
    corpus = sys.argv[1]
    # Warm up the bundled-code scanners (Bandit builds dataclasses lazily) on our own clean file first,
    # so the hook below sees only what scanning the corpus does.
    import tempfile
    with tempfile.TemporaryDirectory() as warm:
        with open(os.path.join(warm, "clean.py"), "w") as fh:
            fh.write("x = 1\n")
        unveil.commands.scan.run([warm], "json", "high")
    # Modules the artifacts name: they must never be imported by the scan.
    NAMED = {"pty", "webbrowser", "runpy", "shutil", "nt", "posix_spawn", "socket", "subprocess", "pickle",
             "_pickle", "torch", "numpy", "joblib", "sklearn", "pandas", "keras", "tensorflow", "dill",
             "marshal", "h5py", "onnx", "llama_cpp", "commands", "__builtin__"}
    preloaded = set(sys.modules)
    allowed_roots = tuple({os.path.dirname(os.__file__), sysconfig.get_paths()["purelib"],
                           sysconfig.get_paths()["platlib"], os.path.dirname(os.path.dirname(
                               __import__("unveil").__file__))})
    violations = []
    TYPE_EXPR = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\[\], |]*$")

    def hook(event, args):
        if event == "exec":
            # Importing a module from .pyc execs its code object: allowed for our own/stdlib files only.
            filename = getattr(args[0], "co_filename", "") if args else ""
            if not str(filename).startswith(allowed_roots):
                violations.append(("exec", repr(args)[:200]))
        elif event == "compile":
            filename = str(args[1]) if len(args) > 1 else ""
            source = args[0] if args else b""
            source = source.decode("latin-1") if isinstance(source, bytes) else str(source)
            # typing.ForwardRef compiles annotation strings like "Token": type expressions, not code.
            if not filename.startswith(allowed_roots) and not TYPE_EXPR.match(source):
                violations.append(("compile", filename + " " + repr(args[0])[:120]))
        elif event in ("os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                       "pickle.find_class", "ctypes.dlopen"):
            violations.append((event, repr(args)[:200]))
        elif event == "import":
            name = args[0]
            if name.split(".")[0] in NAMED and name not in preloaded:
                violations.append(("import", name))

    sys.addaudithook(hook)
    release = open_local(corpus)
    result = scan_artifacts(release)
    out, code = unveil.commands.scan.run([corpus], "json", "high")
    print(json.dumps({"violations": violations, "findings": len(result.findings), "scanned": len(result.scanned)}))
    """
)


def test_scanner_never_executes_artifacts():
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(CORPUS)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"\nscanned {report['scanned']} artifacts, {report['findings']} findings, "
        f"{len(report['violations'])} audit violations"
    )
    assert report["scanned"] >= 50
    assert report["violations"] == [], report["violations"][:10]
    # Live payloads write marker files under /tmp when they run; none may appear.
