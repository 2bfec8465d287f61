"""Suppressions hide nothing: findings stay in the report, marked with the file that suppressed them, and
stop tripping gates. They come only from the person running unveil, never from the audited release."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from unveil.errors import UsageError
from unveil.report import Finding
from unveil.suppressions import is_inside, load_config

OS_SYSTEM_PICKLE = b"cos\nsystem\n(S'echo unveil-test'\ntR."  # bytes only: scanned, never loaded


def _finding(rule: str, path: str, severity: str = "high") -> Finding:
    return Finding(rule=rule, severity=severity, path=path, detail="x")  # type: ignore[arg-type]


def test_ignore_and_annotate_by_glob(tmp_path: Path) -> None:
    (tmp_path / ".unveil.toml").write_text(
        '[[ignore]]\nrule = "SEC3*"\npath = "fixtures/**"\nreason = "test fixtures"\n'
        '[[annotate]]\nrule = "CODE4*"\npath = "*"\nnote = "reviewed"\n'
    )
    config = load_config(search_dir=tmp_path)
    out = config.apply([
        _finding("SEC301", "fixtures/a/evil.pkl"),
        _finding("SEC301", "fixtures/b.zip!inner/data.pkl"),
        _finding("SEC301", "model.bin"),
        _finding("CODE401", "train.py", "high"),
    ])
    assert [f.suppressed for f in out] == [True, True, False, False]
    assert out[0].annotation == "suppressed: test fixtures"
    assert out[0].suppressed_by == str(tmp_path / ".unveil.toml") and out[2].suppressed_by is None
    assert out[3].annotation == "reviewed" and out[3].severity == "high"


def test_critical_needs_exact_rule_and_exact_path(tmp_path: Path) -> None:
    config = tmp_path / "ci.toml"
    config.write_text(
        '[[ignore]]\nrule = "*"\npath = "*"\n'
        '[[ignore]]\nrule = "SEC30?"\npath = "fixtures/evil.pkl"\n'
        '[[ignore]]\nrule = "SEC301"\npath = "fixtures/*.pkl"\n'
        '[[ignore]]\nrule = "SEC301"\npath = "fixtures/known.pkl"\nreason = "our own fixture"\n'
    )
    out = load_config(config).apply([
        _finding("SEC301", "fixtures/evil.pkl", "critical"),
        _finding("SEC301", "fixtures/known.pkl", "critical"),
        _finding("SEC301", "fixtures/known.pkl!inner.pkl", "critical"),  # a member is its own path
        _finding("SEC301", "fixtures/evil.pkl", "high"),  # non-critical: globs apply
    ])
    assert [f.suppressed for f in out] == [False, True, False, True]
    assert out[1].annotation == "suppressed: our own fixture" and out[1].suppressed_by == str(config)


def test_pyproject_table_and_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.unveil]\nignore = [{rule = "DOC5*", path = "*"}]\n')
    assert load_config(search_dir=tmp_path).apply([_finding("DOC501", "README.md", "low")])[0].suppressed
    with pytest.raises(UsageError):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("ignore = 3\n")
    with pytest.raises(UsageError):
        load_config(bad)


def test_configuration_inside_the_audited_tree_is_never_read(tmp_path: Path) -> None:
    release = tmp_path / "release"
    (release / "sub").mkdir(parents=True)
    (release / ".unveil.toml").write_text('[[ignore]]\nrule = "*"\n')
    (release / "pyproject.toml").write_text('[tool.unveil]\nignore = [{rule = "*"}]\n')
    for cwd in (release, release / "sub"):
        config = load_config(search_dir=cwd, audited=release)
        assert config.ignore == [] and config.origin is None
    assert load_config(search_dir=release, audited=release).refused == [
        str(release / ".unveil.toml"), str(release / "pyproject.toml")]
    (release / "link").symlink_to(release)
    assert is_inside(release / "link", release)
    # Outside the tree (a project auditing a vendored release), the working directory's file applies.
    assert load_config(search_dir=release, audited=release / "sub").ignore
    # An explicit file is the runner's choice, wherever it lives.
    assert load_config(release / ".unveil.toml", search_dir=release, audited=release).ignore


def _unveil(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", "unveil.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=300)


def test_a_release_cannot_switch_off_its_own_gate(tmp_path: Path) -> None:
    release = tmp_path / "release"
    release.mkdir()
    (release / "README.md").write_text("# a model\n")
    (release / "model.pkl").write_bytes(OS_SYSTEM_PICKLE)
    (release / ".unveil.toml").write_text('[[ignore]]\nrule = "*"\npath = "*"\nreason = "trust me"\n')
    (release / "pyproject.toml").write_text('[tool.unveil]\nignore = [{rule = "*", path = "*"}]\n')
    proc = _unveil("audit", ".", "--fail-on", "high", cwd=release)
    assert proc.returncode == 1, proc.stderr
    assert "critical" in proc.stdout and "model.pkl" in proc.stdout and "suppressed" not in proc.stdout
    assert "not reading" in proc.stderr and ".unveil.toml" in proc.stderr
    # The runner's own file, naming the exact rule and path, does suppress, and the report says by what.
    data = json.loads(_unveil("audit", str(release), "-f", "json", cwd=tmp_path).stdout)
    rule = next(f["rule"] for f in data["security"]["findings"] if f["severity"] == "critical")
    mine = tmp_path / "mine.toml"
    mine.write_text(f'[[ignore]]\nrule = "{rule}"\npath = "model.pkl"\nreason = "reviewed"\n')
    proc = _unveil("audit", str(release), "--fail-on", "high", "--config", str(mine), cwd=tmp_path)
    assert f"1 suppressed (by {mine})" in proc.stdout
    assert proc.returncode in (0, 3), proc.stderr  # gate not tripped (3 only if something else was unchecked)
    data = json.loads(_unveil("audit", str(release), "-f", "json", "--config", str(mine), cwd=tmp_path).stdout)
    suppressed = [f for f in data["security"]["findings"] if f["suppressed"]]
    assert suppressed and all(f["suppressed_by"] == str(mine) for f in suppressed)
    assert data["security"]["summary"]["suppressed"] == {"count": len(suppressed), "by": [str(mine)]}
