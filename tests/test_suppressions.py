"""Suppressions hide nothing: findings stay in the report, marked, and stop tripping gates."""

from __future__ import annotations

from pathlib import Path

import pytest

from unveil.errors import UsageError
from unveil.report import Finding
from unveil.suppressions import load_config


def _finding(rule: str, path: str, severity: str = "critical") -> Finding:
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
    assert out[3].annotation == "reviewed" and out[3].severity == "high"


def test_pyproject_table_and_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.unveil]\nignore = [{rule = "DOC5*", path = "*"}]\n')
    assert load_config(search_dir=tmp_path).apply([_finding("DOC501", "README.md", "low")])[0].suppressed
    with pytest.raises(UsageError):
        load_config(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("ignore = 3\n")
    with pytest.raises(UsageError):
        load_config(bad)
