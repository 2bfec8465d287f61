"""The command contract: exit codes, clear errors without tracebacks, formats, -o, env vars."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

UNVEIL = [sys.executable, "-m", "unveil.cli"]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    full_env.pop("HF_ENDPOINT", None)
    return subprocess.run([*UNVEIL, *args], capture_output=True, text=True, env=full_env, cwd=cwd or REPO,
                          timeout=300)


def test_missing_path_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    proc = run("audit", str(tmp_path / "nope"))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith("unveil: error:")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_bad_severity_and_bad_format_are_usage_errors() -> None:
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "--fail-on", "extreme")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "--format", "pdf")
    assert proc.returncode == 2 and "'pdf' is not one of" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_audit_example_json_to_file_and_env_format(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "-o", str(out), env={"UNVEIL_FORMAT": "json"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    data = json.loads(out.read_text())
    assert data["schema_version"] == "1"
    assert data["tool"]["name"] == "unveil"
    assert data["source"]["kind"] == "local"
    assert data["source"]["files"] >= 8
    assert 0 < data["source"]["bytes_read"] <= data["source"]["total_bytes"]
    names = [c["name"] for c in data["components"]]
    assert len(names) == 17 and len(set(names)) == 17
    weights = next(c for c in data["components"] if c["name"] == "model_parameters_final")
    assert weights["present"] is True and weights["paths"] == ["model.safetensors"]


def test_text_output_is_a_short_summary_first() -> None:
    proc = run("audit", str(EXAMPLES / "open-weights-only"))
    assert proc.returncode == 0, proc.stderr
    head = proc.stdout.splitlines()[:8]
    assert any("Label:" in line for line in head)
    assert any("OSAID 1.0:" in line for line in head)
    assert "\x1b[" not in proc.stdout  # no colour when not a terminal


def test_nothing_auditable_is_exit_4(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = run("audit", str(tmp_path / "empty"))
    assert proc.returncode == 4, proc.stderr


def test_policy_gate(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yml"
    policy.write_text("forbidden_license_categories: [open-source]\nmin_mof_class: 1\n")
    proc = run("audit", str(EXAMPLES / "open-weights-only"), "--format", "json", "--policy", str(policy))
    assert proc.returncode == 1
    assert "policy:" in proc.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text("no_such_rule: 1\n")
    proc = run("audit", str(EXAMPLES / "open-weights-only"), "--policy", str(bad))
    assert proc.returncode == 2 and "unknown keys" in proc.stderr


def test_rules_lists_stable_ids() -> None:
    proc = run("rules", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    ids = [r["id"] for r in json.loads(proc.stdout)]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert any(i.startswith("SRC6") for i in ids)


@pytest.mark.parametrize("spec", ["not a source at all", "org/", "a b/c d"])
def test_garbage_source_is_exit_2(spec: str) -> None:
    proc = run("audit", spec)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


def test_rule_reference_is_in_sync() -> None:
    proc = run("rules", "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (REPO / "docs" / "rules.md").read_text(), \
        "run `unveil rules --format markdown > docs/rules.md` and commit it"


# -- conventions ------------------------------------------------------------------------------------------

OS_SYSTEM_PICKLE = b"cos\nsystem\n(S'echo unveil-test'\ntR."  # protocol-0 bytes; never loaded, only scanned


def test_version_short_and_long_and_help() -> None:
    from unveil import __version__

    for flag in ("--version", "-V"):
        proc = run(flag)
        assert proc.returncode == 0 and proc.stdout.strip() == f"unveil {__version__}", proc.stderr
    proc = run("-h")
    assert proc.returncode == 0 and "audit" in proc.stdout and "Usage: unveil" in proc.stdout
    for command in ("audit", "scan", "license", "rules", "schema", "survey", "report"):
        proc = run(command, "-h")
        assert proc.returncode == 0, proc.stderr
        # Conventional help: metavars and allowed values, never Typer's type tags.
        assert "<str>" not in proc.stdout and "{" not in proc.stdout and "<path>" not in proc.stdout, proc.stdout
    proc = run("audit", "-h")
    assert "[text|json|html|sarif|cyclonedx|mot|badge]" in proc.stdout
    assert "[critical|high|medium|low|info|none]" in proc.stdout


def test_audit_formats_are_the_renderer_registry() -> None:
    from typing import get_args

    from unveil.cli import AuditFormat
    from unveil.render import RENDERERS

    assert set(get_args(AuditFormat)) == set(RENDERERS)


def test_choices_are_case_insensitive_and_dash_is_stdout(tmp_path: Path) -> None:
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "-f", "JSON", "-o", "-", "--fail-on", "HIGH", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["schema_version"] == "1"
    assert not (tmp_path / "-").exists()
    proc = run("scan", str(EXAMPLES / "tiny-open-model"), "--format", "Sarif")
    assert proc.returncode == 0 and json.loads(proc.stdout)["version"] == "2.1.0"


def test_per_command_environment_variables_do_not_clash(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("precious")
    env = {"UNVEIL_FORMAT": "sarif", "UNVEIL_OUTPUT": str(report)}
    proc = run("rules", env=env)
    assert proc.returncode == 0 and proc.stdout.startswith("CODE"), proc.stderr
    proc = run("schema", env=env)
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == "Report"
    assert report.read_text() == "precious"  # schema never writes where the audit's variable points
    proc = run("license", str(EXAMPLES / "tiny-open-model" / "LICENSE"), env={"UNVEIL_LICENSE_FORMAT": "json"})
    assert proc.returncode == 0 and json.loads(proc.stdout)[0]["spdx"] == "Apache-2.0"
    proc = run("scan", str(EXAMPLES / "tiny-open-model"), env={"UNVEIL_SCAN_FORMAT": "json", **env})
    assert proc.returncode == 0 and "scanned" in json.loads(proc.stdout)
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), env={"UNVEIL_AUDIT_FORMAT": "badge", **env})
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(report.read_text())["schemaVersion"] == 1  # the generic variables still drive audit


def test_fail_on_none_for_audit_and_scan(tmp_path: Path) -> None:
    (tmp_path / "evil.pkl").write_bytes(OS_SYSTEM_PICKLE)
    (tmp_path / "README.md").write_text("# a model\n")
    assert run("audit", str(tmp_path), "--fail-on", "high").returncode == 1
    assert run("audit", str(tmp_path), "--fail-on", "none").returncode == 0
    assert run("scan", str(tmp_path)).returncode == 1
    assert run("scan", str(tmp_path), "--fail-on", "none").returncode == 0


def test_no_color_and_force_color() -> None:
    target = str(EXAMPLES / "open-weights-only")
    assert "\x1b[" in run("audit", target, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in run("audit", target, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert "\x1b[" not in run("audit", target).stdout


def test_quiet_and_verbose(tmp_path: Path) -> None:
    release = tmp_path / "release"
    release.mkdir()
    (release / ".unveil.toml").write_text('[[ignore]]\nrule = "*"\n')
    (release / "README.md").write_text("# a model\n")
    loud = run("audit", ".", cwd=release)
    assert "not reading" in loud.stderr  # the refused configuration is named
    quiet = run("audit", ".", "--quiet", cwd=release)
    assert quiet.stderr == "" and quiet.stdout == loud.stdout
    verbose = run("-v", "audit", ".", cwd=release)
    assert "unveil: stage: security scan" in verbose.stderr
    assert run("audit", ".", "-q", "-v", cwd=release).returncode == 2


def test_shell_completion_script() -> None:
    proc = run("--show-completion", "bash")
    assert proc.returncode == 0 and "_UNVEIL_COMPLETE" in proc.stdout, proc.stderr
    def complete(words: str, cword: int) -> list[str]:
        # click's bash protocol (the script above speaks it): one "type,value" line per completion.
        env = {**os.environ, "_UNVEIL_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        out = subprocess.run(UNVEIL, capture_output=True, text=True, timeout=60, env=env).stdout.split()
        return [line.split(",", 1)[1] for line in out]

    assert complete("unveil au", 1) == ["audit"]
    assert complete("unveil audit x --format ", 4) == ["text", "json", "html", "sarif", "cyclonedx", "mot", "badge"]


def test_install_completion_writes_the_script_once(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "SHELL": "/bin/bash"}
    for _ in range(2):
        proc = run("--install-completion", env=env)
        assert proc.returncode == 0, proc.stderr
    script = tmp_path / ".bash_completions" / "unveil.sh"
    assert "_UNVEIL_COMPLETE=bash_complete" in script.read_text()
    assert (tmp_path / ".bashrc").read_text().count(f"source {script}") == 1  # installed twice, loaded once
    proc = run("--install-completion", "tcsh", env=env)
    assert proc.returncode == 2 and "tcsh" in proc.stderr and "Traceback" not in proc.stderr


# -- errors: stderr, contract codes --------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["./nope", "../nope-dir", "/nonexistent/x", "~/unveil-nope", "a/b/c", "a\\b"])
def test_missing_local_looking_path_is_no_such_file(spec: str) -> None:
    proc = run("audit", spec, env={"HF_HUB_OFFLINE": "0", "HF_ENDPOINT": "http://127.0.0.1:9"})
    assert proc.returncode == 2, proc.stderr
    assert "no such file or directory" in proc.stderr and "Hub" not in proc.stderr
    assert proc.stdout == ""


def test_license_errors_go_to_stderr() -> None:
    proc = run("license", "/nonexistent")
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("unveil: error: no such file or directory")


def test_plain_text_file_is_nothing_auditable(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("hello\n")
    proc = run("audit", str(notes))
    assert proc.returncode == 4 and "nothing auditable" in proc.stderr
    proc = run("scan", str(notes))
    assert proc.returncode == 4 and "nothing scanned" in proc.stdout


def test_could_not_check_exits_3_unless_a_gate_tripped(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# a model\n")
    (tmp_path / "pytorch_model.bin").symlink_to("/etc/passwd")  # leaves the release: never read, unscannable
    proc = run("scan", str(tmp_path))
    assert proc.returncode == 3 and "could not be checked" in proc.stdout, proc.stdout
    proc = run("audit", str(tmp_path), "--format", "json")
    assert proc.returncode == 3, proc.stderr
    assert json.loads(proc.stdout)["security"]["unscannable"]
    (tmp_path / "evil.pkl").write_bytes(OS_SYSTEM_PICKLE)
    assert run("scan", str(tmp_path)).returncode == 1
    assert run("audit", str(tmp_path), "--fail-on", "critical").returncode == 1
    assert run("audit", str(tmp_path)).returncode == 3


def test_a_crash_is_exit_70_not_3(tmp_path: Path) -> None:
    code = ("import sys, unveil.service as s\n"
            "def boom(*a, **k): raise ZeroDivisionError('bug')\n"
            "s.audit = boom\n"
            "from unveil.cli import main\n"
            "sys.argv = ['unveil', 'audit', sys.argv[1]]\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code, str(EXAMPLES / "tiny-open-model")], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 70, proc.stderr
    assert "internal error: ZeroDivisionError: bug" in proc.stderr and "Traceback" not in proc.stderr


def test_git_unreachable_does_not_claim_the_repository_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    # A refused connection on the loopback (no network needed) goes through the CLI...
    proc = run("audit", "ssh://git@127.0.0.1:1/org/repo.git")
    assert proc.returncode == 3, proc.stderr
    assert "cannot reach the git server" in proc.stderr and "repository exists" not in proc.stderr
    # ...and git's own words for a DNS failure over ssh (as git 2.x prints them) give the same verdict.
    from unveil.sources import git

    stderr = ("Cloning into 'x'...\nssh: Could not resolve hostname nonexistent.invalid: Name or service not known\n"
              "fatal: Could not read from remote repository.\n\nPlease make sure you have the correct access "
              "rights\nand the repository exists.\n")
    monkeypatch.setattr(git, "_git", lambda *a, **k: subprocess.CompletedProcess([], 128, "", stderr))
    with pytest.raises(git.GitUnavailable) as info:
        git._clone("git@nonexistent.invalid:org/repo.git", None, Path("/nonexistent-dest"))
    assert "Could not resolve hostname" in info.value.message and "repository exists" not in info.value.message


def test_badge_is_shields_endpoint_json(tmp_path: Path) -> None:
    proc = run("audit", str(EXAMPLES / "tiny-open-model"), "--format", "badge")
    badge = json.loads(proc.stdout)
    assert set(badge) == {"schemaVersion", "label", "message", "color"} and badge["schemaVersion"] == 1
    assert badge["message"].startswith("open-source-ai") and badge["color"] == "brightgreen"
    (tmp_path / "evil.pkl").write_bytes(OS_SYSTEM_PICKLE)
    (tmp_path / "README.md").write_text("# a model\n")
    badge = json.loads(run("audit", str(tmp_path), "--format", "badge").stdout)
    assert badge["message"].endswith("1 critical") and badge["color"] == "red"


def test_progress_counts_files_and_bytes_of_the_total() -> None:
    """The service emits structured progress: stage, files and bytes read of the release's totals, the file."""
    from unveil.service import ProgressEvent, audit

    events: list[ProgressEvent] = []
    report = audit(str(EXAMPLES / "tiny-open-model"), progress=events.append)
    counted = [e for e in events if e.files_total]
    assert counted and {e.files_total for e in counted} == {report.source.files}
    assert {e.bytes_total for e in counted} == {report.source.total_bytes}
    assert counted[-1].bytes_done == report.source.bytes_read
    assert max(e.files_done for e in counted) <= report.source.files
    listed = {f.path for f in report.source.listing}
    assert {e.current for e in counted if e.current} <= listed and any(e.current for e in counted)
    done = [e.files_done for e in counted]
    assert done == sorted(done)  # counts only grow
    stages = [e.stage for e in counted]
    assert stages.index("security scan") < stages.index("openness judges")
    assert "security scan: " in str(next(e for e in counted if e.stage == "security scan"))


def test_error_messages_never_carry_raw_control_characters() -> None:
    proc = run("audit", "./x\x1b]0;retitled\x07")
    assert proc.returncode == 2
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr and "\\x1b" in proc.stderr


def test_progress_shows_counts_on_a_terminal_only() -> None:
    import pty
    import select

    master, slave = pty.openpty()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "120", "TERM": "xterm"}
    proc = subprocess.Popen([*UNVEIL, "audit", str(EXAMPLES / "tiny-open-model")], stdout=subprocess.PIPE,
                            stderr=slave, env=env, cwd=REPO)
    os.close(slave)
    seen = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    out, _ = proc.communicate(timeout=300)
    os.close(master)
    assert proc.returncode == 0
    assert b"/16 files" in seen and b" of " in seen, seen[-500:]  # files and bytes read of the totals
    assert b"/16 files" not in out  # progress never reaches the report
    quiet = run("audit", str(EXAMPLES / "tiny-open-model"))
    assert "files," not in quiet.stderr  # not a terminal: no progress at all
