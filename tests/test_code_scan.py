"""Bundled-code scanner: planted weaknesses found on their file and line, clean code stays quiet, bad input
gives `info` findings, scanners are de-duplicated and summarised, and nothing audited is ever run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from code_samples import (
    CLEAN_TRAIN,
    CONFIG_AUTO_MAP,
    CONFIGURATION_TOY,
    MODELING_TOY,
    TOY_UTILS,
    VULN_C,
    VULN_CUDA,
    VULN_TRAIN,
    plant_line,
    write,
)
from unveil.registry import rules_by_id
from unveil.report import SEVERITY_ORDER, Finding
from unveil.security.code import scan_code
from unveil.sources.local import open_local


def _scan(root: Path, **kw):
    return scan_code(open_local(root), semgrep=kw.pop("semgrep", False))


def _at(findings: list[Finding], path: str, line: int) -> list[Finding]:
    return [f for f in findings if f.path == path and any(e.line == line for e in f.evidence)]


@pytest.fixture(scope="module")
def vulnerable(tmp_path_factory):
    root = write(tmp_path_factory.mktemp("vuln"), {
        "scripts/train.py": VULN_TRAIN,
        "csrc/tool.c": VULN_C,
        "kernels/scale.cu": VULN_CUDA,
        "config.json": json.dumps(CONFIG_AUTO_MAP, indent=2),
        "configuration_toy.py": CONFIGURATION_TOY,
        "modeling_toy.py": MODELING_TOY,
        "toy_utils.py": TOY_UTILS,
    })
    return root, _scan(root)


PLANTED = [
    ("scripts/train.py", VULN_TRAIN, "yaml", "high"),
    ("scripts/train.py", VULN_TRAIN, "torch", "medium"),
    ("scripts/train.py", VULN_TRAIN, "pickle", "medium"),
    ("scripts/train.py", VULN_TRAIN, "pickle_download", "high"),
    ("scripts/train.py", VULN_TRAIN, "verify", "high"),
    ("scripts/train.py", VULN_TRAIN, "shell", "high"),
    ("scripts/train.py", VULN_TRAIN, "eval", "medium"),
    ("csrc/tool.c", VULN_C, "strcpy", "high"),
    ("csrc/tool.c", VULN_C, "gets", "high"),
    ("csrc/tool.c", VULN_C, "system", "high"),
    ("kernels/scale.cu", VULN_CUDA, "cuda_strcpy", "low"),
    ("modeling_toy.py", MODELING_TOY, "remote_shell", "critical"),
    ("toy_utils.py", TOY_UTILS, "remote_net", "critical"),
]


@pytest.mark.parametrize(("path", "text", "tag", "at_least"), PLANTED, ids=[p[2] for p in PLANTED])
def test_planted_weakness_found_on_its_file_and_line(vulnerable, path, text, tag, at_least):
    _, result = vulnerable
    line = plant_line(text, tag)
    hits = _at(result.findings, path, line)
    assert hits, f"{tag}: nothing reported at {path}:{line}"
    worst = max(hits, key=lambda f: SEVERITY_ORDER[f.severity])
    print(f"{tag}: {path}:{line} {worst.severity} {worst.rule} via {worst.scanner}")
    assert SEVERITY_ORDER[worst.severity] >= SEVERITY_ORDER[at_least]


def test_planted_recall_figure(vulnerable):
    _, result = vulnerable
    found = sum(bool(_at(result.findings, p, plant_line(t, tag))) for p, t, tag, _ in PLANTED)
    print(f"planted weaknesses found on file and line: {found}/{len(PLANTED)}")
    assert found == len(PLANTED)


def test_auto_map_reported_on_config_and_modules(vulnerable):
    _, result = vulnerable
    config = [f for f in result.findings if f.path == "config.json" and f.rule == "CODE401"]
    assert len(config) == 1 and config[0].severity == "high"
    assert "modeling_toy.ToyForCausalLM" in config[0].detail and "AutoModelForCausalLM" in config[0].detail
    text = json.dumps(CONFIG_AUTO_MAP, indent=2)
    assert config[0].evidence[0].line == text.splitlines().index('  "auto_map": {') + 1
    modules = {f.path: f for f in result.findings if f.rule == "CODE402"}
    assert set(modules) == {"configuration_toy.py", "modeling_toy.py", "toy_utils.py"}
    assert "ToyConfig" in modules["configuration_toy.py"].detail
    assert modules["modeling_toy.py"].evidence[0].line == plant_line(MODELING_TOY, "model_class")
    assert "imported by remote-code module modeling_toy.py" in modules["toy_utils.py"].detail
    # The configuration module only subclasses PretrainedConfig: high, not raised.
    assert not any(f.rule == "CODE403" and f.path == "configuration_toy.py" for f in result.findings)


def test_dedup_merges_scanners_on_same_line(vulnerable):
    _, result = vulnerable
    line = plant_line(VULN_TRAIN, "yaml")
    hits = _at(result.findings, "scripts/train.py", line)
    yaml_hits = [f for f in hits if "yaml" in f.detail.lower()]
    assert len(yaml_hits) == 1, [f.detail for f in hits]
    merged = yaml_hits[0]
    assert set(merged.scanner.split(",")) >= {"unveil", "bandit"}
    ids = {e.rule for e in merged.evidence}
    assert {"CODE425", "B506"} <= ids
    keys = [(f.path, f.evidence[0].line, f.rule, f.detail) for f in result.findings]
    assert len(keys) == len(set(keys))


def test_rules_registered_and_ids_stable(vulnerable):
    _, result = vulnerable
    for f in result.findings:
        assert f.rule.startswith("CODE4") and f.rule in rules_by_id(), f.rule
        assert f.evidence and all(e.path == f.path for e in f.evidence)
    bandit = [f for f in result.findings if f.rule == "CODE410"]
    assert bandit and all(e.rule.startswith("B") for f in bandit for e in f.evidence)
    assert any(e.rule.startswith("FF") for f in result.findings if f.rule == "CODE430" for e in f.evidence)


def test_summary_counts(vulnerable):
    _, result = vulnerable
    summary = result.summary["code"]
    print(json.dumps({k: summary[k] for k in ("files", "by_severity", "by_scanner")}))
    assert summary["findings"] == len(result.findings)
    assert sum(summary["by_severity"].values()) == len(result.findings)
    assert summary["by_scanner"]["bandit"] > 0 and summary["by_scanner"]["flawfinder"] > 0
    assert summary["has_high"] and summary["remote_code"] and summary["worst"] == "critical"
    assert summary["files"] == {"python": 4, "c": 2}


def test_clean_training_script_nothing_above_low(tmp_path):
    root = write(tmp_path, {"train.py": CLEAN_TRAIN, "config.json": json.dumps({"model_type": "bert"})})
    result = _scan(root)
    above = [f for f in result.findings if SEVERITY_ORDER[f.severity] > SEVERITY_ORDER["low"]]
    print(f"clean script: {len(result.findings)} findings, worst {result.summary['code']['worst']}")
    assert not above, [(f.rule, f.severity, f.evidence[0].line, f.detail) for f in above]
    assert result.scanned == ["train.py"]


BAD_INPUT = {
    "py2.py": "print 'hello'\nexec 'x = 1'\n",
    "broken.py": "def f(:\n    pass\n",
    "binary.py": b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 8,
    "notjson.ipynb": "{this is not json",
    "generated.py": "DATA = [\n" + "    1234567890,\n" * 400_000 + "]\n",
    "ok.py": "import yaml\nyaml.load(open('x'))\n",
}


def test_bad_input_gives_info_and_scan_goes_on(tmp_path):
    result = _scan(write(tmp_path, BAD_INPUT))
    info = {f.path: f for f in result.findings if f.rule == "CODE490"}
    for path in ("py2.py", "broken.py", "binary.py", "notjson.ipynb", "generated.py"):
        assert path in info, path
        assert info[path].severity == "info" and "could not parse" in info[path].detail
    assert "Python 2" in info["py2.py"].detail
    assert any(f.path == "ok.py" and f.rule == "CODE425" for f in result.findings)
    assert result.scanned == ["ok.py"]


def test_lfs_pointer_source_is_unscannable(tmp_path):
    pointer = ("version https://git-lfs.github.com/spec/v1\noid sha256:" + "a" * 64 + "\nsize 12345\n")
    result = _scan(write(tmp_path, {"big_module.py": pointer}))
    assert [u.path for u in result.unscannable] == ["big_module.py"]


def test_semgrep_missing_is_an_info_note(tmp_path, monkeypatch):
    monkeypatch.setenv("UNVEIL_SEMGREP_BIN", str(tmp_path / "no-such-semgrep"))
    monkeypatch.delenv("UNVEIL_SEMGREP", raising=False)  # the default: run when installed
    result = _scan(write(tmp_path, {"a.py": "x = 1\n"}), semgrep=None)
    notes = [f for f in result.findings if f.rule == "CODE450"]
    assert len(notes) == 1 and notes[0].severity == "info"
    assert result.summary["code"]["scanners"]["semgrep"].startswith("skipped")


def test_never_executes_audited_code(tmp_path):
    """An audit hook fails on import/exec of audited modules or on starting any process."""
    root = write(tmp_path, {
        "train.py": VULN_TRAIN, "modeling_toy.py": MODELING_TOY, "toy_utils.py": TOY_UTILS,
        "configuration_toy.py": CONFIGURATION_TOY, "config.json": json.dumps(CONFIG_AUTO_MAP),
        "tool.c": VULN_C,
    })
    audited = {"train", "modeling_toy", "toy_utils", "configuration_toy"}
    events: list[str] = []
    armed = [True]

    def hook(event: str, args: tuple) -> None:
        if not armed[0]:
            return
        if event == "import" and args and str(args[0]).split(".")[-1] in audited:
            events.append(f"import {args[0]}")
        elif event in {"os.system", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn"}:
            events.append(event)
        elif event == "exec" and args and getattr(args[0], "co_filename", "") in {
                str(root / n) for n in ("train.py", "modeling_toy.py", "toy_utils.py")}:
            events.append("exec audited code")

    sys.addaudithook(hook)
    try:
        result = _scan(root)
    finally:
        armed[0] = False
    assert result.findings
    assert events == []
