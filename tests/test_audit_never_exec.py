"""Whole audits of hostile releases run under an audit hook (tests/never_exec_hook.py): no audited code is
compiled to bytecode or executed, no audited module imported, no process started but the allowed tools
(exact argv[0]), no connection off the loopback. Local folders, a Hub repo (the real huggingface_hub client
against tests/hub_replay.py through HF_ENDPOINT) and a `--follow-links` audit that fetches hostile linked
cards. The audits run in a subprocess because audit hooks cannot be removed.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from conftest import SHARED_DATA
from never_exec_hook import MARKER

TESTS = Path(__file__).resolve().parent
TOUCH = "/tmp/unveil-never-exec-marker"  # the payloads create it if they ever run

SCRIPT = textwrap.dedent(
    r"""
    import json, os, sys, tempfile
    sys.path.insert(0, sys.argv[1])
    import never_exec_hook
    from unveil.service import audit
    from unveil.security.dispatch import load_formats

    plan, warm_up = json.loads(sys.argv[2]), json.loads(sys.argv[3])
    load_formats()
    # Import what the libraries load lazily (analyzers; the Hub client's HTTP stack) on harmless input first.
    for target in warm_up:
        audit(target)
    with tempfile.TemporaryDirectory() as warm:
        open(os.path.join(warm, "README.md"), "w").write("# warm\n")
        open(os.path.join(warm, "x.py"), "w").write("x = 1\n")
        audit(warm)
    never_exec_hook.install()
    results = []
    for step in plan:
        report = audit(step["target"], follow_links=step.get("follow_links", False))
        sev = [f.severity for f in report.security.findings]
        results.append({"target": step["target"], "kind": report.source.kind, "critical": sev.count("critical"),
                        "high": sev.count("high"), "scanned": len(report.security.scanned),
                        "data_cards": len(report.documentation.data_cards)})
    print(json.dumps({"violations": never_exec_hook.violations, "results": results}))
    """
)

EVIL_MODULE = f"""import os
os.system("touch {TOUCH}")  # {MARKER}
from .evil_helper import x
class EvilModel:
    pass
"""


def hostile_files() -> dict[str, bytes]:
    """A release whose every code path, template, notebook and pickle would run a payload if loaded."""
    pickle_bytes = b"\x80\x02cos\nsystem\nX\x1f\x00\x00\x00touch " + TOUCH.encode()[:25].ljust(25) + b"\x85R."
    torch_zip = io.BytesIO()
    with zipfile.ZipFile(torch_zip, "w") as zf:
        zf.writestr("archive/data.pkl", pickle_bytes)
        zf.writestr("archive/version", "3\n")
    template = "{{ cycler.__init__.__globals__.os.popen('touch " + TOUCH + "').read() }}{# " + MARKER + " #}"
    notebook = {"cells": [{"cell_type": "code", "source": [f"import os\nos.system('touch {TOUCH}')  # {MARKER}\n"]}],
                "nbformat": 4, "nbformat_minor": 5}
    card = ("---\nlicense: apache-2.0\ndatasets:\n- hostile-org/evil-data\n---\n# evil\n\nA fully open source model. "
            f"{MARKER}\n\n```python\nmodel = AutoModel.from_pretrained(\"hostile-org/evil-model\")\n```\n")
    return {
        "README.md": card.encode(),
        "config.json": json.dumps({"auto_map": {"AutoModel": "modeling_evil.EvilModel"}}).encode(),
        "modeling_evil.py": EVIL_MODULE.encode(),
        "evil_helper.py": f"import subprocess\nsubprocess.run(['touch', '{TOUCH}'])  # {MARKER}\nx = 1\n".encode(),
        "setup.py": f"import os; os.system('touch {TOUCH}')  # {MARKER}\n".encode(),
        "pytorch_model.bin": pickle_bytes,
        "model.pt": torch_zip.getvalue(),
        "tokenizer_config.json": json.dumps({"chat_template": template}).encode(),
        "train.ipynb": json.dumps(notebook).encode(),
    }


def write_release(root: Path, files: dict[str, bytes]) -> Path:
    root.mkdir(parents=True)
    for name, data in files.items():
        (root / name).write_bytes(data)
    return root


def write_hub_repo(folder: Path, files: dict[str, bytes]) -> None:
    """The replay server's layout: the files plus files.json (the listing the Hub API returns)."""
    write_release(folder, files)
    listing = [{"path": n, "size": len(d), "lfs": False, "sha256": hashlib.sha256(d).hexdigest()}
               for n, d in sorted(files.items())]
    (folder / "files.json").write_text(json.dumps(listing))


def run_plan(plan: list[dict], env: dict[str, str] | None = None, warm_up: tuple[str, ...] = ()) -> dict:
    Path(TOUCH).unlink(missing_ok=True)
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(TESTS), json.dumps(plan), json.dumps(list(warm_up))],
                          capture_output=True, text=True, timeout=900, env=full_env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    if out["violations"]:
        print(proc.stderr[-8000:])  # with UNVEIL_HOOK_TRACE=1: the stack of each violation
    print(f"\naudits under the hook: {out['results']}; violations: {out['violations'][:5]}")
    return out


def test_local_audits_never_execute(tmp_path: Path) -> None:
    hostile = write_release(tmp_path / "hostile", hostile_files())
    out = run_plan([{"target": str(hostile)}, {"target": str(SHARED_DATA / "security" / "dev")}])
    assert out["violations"] == [], out["violations"][:10]
    assert not Path(TOUCH).exists(), "an audited payload ran"
    assert out["results"][0]["critical"] >= 3  # pickle, torch zip member, template or remote code
    assert out["results"][1]["scanned"] >= 50


def test_hub_and_follow_links_audits_never_execute(tmp_path: Path, replay_hub) -> None:
    models, datasets = tmp_path / "models", tmp_path / "datasets"
    write_hub_repo(models / "hostile-org__evil-model", hostile_files())
    data_card = (f"---\nlicense: cc-by-4.0\n---\n# evil data\n\n{MARKER} "
                 "{{ cycler.__init__.__globals__.os.popen('touch " + TOUCH + "') }}\n").encode()
    write_hub_repo(datasets / "hostile-org__evil-data", {"README.md": data_card})
    replay_hub.add_root(models)
    replay_hub.dataset_roots.append(datasets)
    local = write_release(tmp_path / "linker", hostile_files())
    out = run_plan([{"target": "hostile-org/evil-model"}, {"target": str(local), "follow_links": True}],
                   env={"HF_ENDPOINT": replay_hub.endpoint, "HF_HUB_CACHE": str(tmp_path / "cache")},
                   warm_up=("EleutherAI/pythia-160m",))  # a recorded, harmless release the replay serves
    assert out["violations"] == [], out["violations"][:10]
    assert not Path(TOUCH).exists(), "an audited payload ran"
    hub, linked = out["results"]
    assert hub["kind"] == "hub" and hub["critical"] >= 2  # the pickle and the torch zip were read over HTTP
    assert linked["data_cards"] >= 1  # the hostile dataset card was fetched and read


def test_the_hook_catches_what_it_claims(tmp_path: Path) -> None:
    """The proof is only as good as its hook: each forbidden thing, done on purpose, is recorded."""
    script = textwrap.dedent(
        f"""
        import ast, json, os, pickle, subprocess, sys
        sys.path.insert(0, {str(TESTS)!r})
        import never_exec_hook
        never_exec_hook.install()
        ast.parse("x = '{MARKER}'")                      # allowed: parsing
        exec("y = 1")                                     # generated by a file outside the trusted roots
        compile("z = '{MARKER}'", "<string>", "exec")     # foreign source
        try:
            subprocess.run(["gitx", "--version"], capture_output=True)   # a prefix of an allowed tool
        except OSError:
            pass
        try:
            pickle.loads(b"cos\\nsep\\n.")               # unpickling a global (os.sep: harmless)
        except Exception:
            pass
        print(json.dumps(never_exec_hook.violations))
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    kinds = [v[0] for v in json.loads(proc.stdout.strip().splitlines()[-1])]
    assert kinds.count("compile") >= 2 and "subprocess" in kinds and "pickle.find_class" in kinds, kinds
    assert "exec" in kinds
