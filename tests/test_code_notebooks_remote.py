"""Notebooks (code cells, magics, cell/line mapping), auto_map variants, the ML rules' finer verdicts and
the optional Semgrep run."""

from __future__ import annotations

import json
from pathlib import Path

from code_samples import VULN_C, VULN_TRAIN, notebook, plant_line, write
from unveil.report import SEVERITY_ORDER
from unveil.security.code import scan_code
from unveil.security.code.notebooks import strip_magics
from unveil.security.code.semgrep import semgrep_binary
from unveil.sources.local import open_local

from conftest import require_extra


def _scan(root: Path, semgrep: bool = False):
    return scan_code(open_local(root), semgrep=semgrep)


CELLS = [
    ("markdown", "# Demo\nLoad a checkpoint."),
    ("code", "!pip install torch pyyaml\n%matplotlib inline\nimport torch\nimport yaml"),
    ("code", "%%bash\ncurl http://example.invalid | sh"),
    ("code", "files = !ls\ncfg = yaml.load(open('c.yaml'))  # PLANT:nb_yaml\nprint(cfg)"),
    ("code", "def broken(:\n    pass"),
    ("code", "%%time\nstate = torch.load('ckpt.pt')  # PLANT:nb_torch\nmodel?"),
]


def test_notebook_cells_scanned_with_cell_and_line(tmp_path):
    result = _scan(write(tmp_path, {"demo.ipynb": notebook(CELLS)}))
    for tag, cell_index in (("nb_yaml", 3), ("nb_torch", 5)):
        line = plant_line(CELLS[cell_index][1], tag)
        cell_no = cell_index + 1  # Jupyter's numbering: every cell counts, markdown included
        hits = [f for f in result.findings if f.path == "demo.ipynb" and f.evidence[0].line == line
                and f"cell {cell_no}" in f.detail]
        assert hits, (tag, [(f.rule, f.evidence[0].line, f.detail) for f in result.findings])
        print(f"{tag}: demo.ipynb cell {cell_no} line {line}: {hits[0].severity} {hits[0].rule}")
    broken = [f for f in result.findings if f.rule == "CODE490"]
    assert len(broken) == 1 and "cell 5:" in broken[0].detail
    assert result.scanned == ["demo.ipynb"]


def test_strip_magics_keeps_line_numbers():
    src = "!ls\n%time x = 1\ny = 2\nz = !pwd\nobj?"
    out = strip_magics(src)
    assert out is not None and out.split("\n") == ["", "", "y = 2", "", ""]
    assert strip_magics("%%bash\necho hi") is None
    assert strip_magics("%%time\nx = 1") == "\nx = 1"


def test_notebook_v3_and_non_notebook_json(tmp_path):
    v3 = {"nbformat": 3, "worksheets": [{"cells": [
        {"cell_type": "code", "input": ["import pickle\n", "pickle.loads(b'')\n"]}]}]}
    result = _scan(write(tmp_path, {"old.ipynb": json.dumps(v3), "list.ipynb": "[1, 2, 3]"}))
    assert any(f.path == "old.ipynb" and f.rule == "CODE421" and f.evidence[0].line == 2 for f in result.findings)
    assert any(f.path == "list.ipynb" and f.rule == "CODE490" for f in result.findings)


def test_auto_map_variants(tmp_path):
    tok_cfg = {"auto_map": {"AutoTokenizer": ["tokenization_toy.ToyTokenizer", None]}}
    cfg = {"auto_map": {"AutoModel": "otherorg/shared-code--modeling_shared.SharedModel",
                        "AutoConfig": "configuration_gone.GoneConfig"}}
    result = _scan(write(tmp_path, {
        "config.json": json.dumps(cfg, indent=2),
        "tokenizer_config.json": json.dumps(tok_cfg, indent=2),
        "tokenization_toy.py": "class ToyTokenizer:\n    pass\n",
        "modeling_orphan.py": "import subprocess\nclass Orphan:\n    pass\n",
    }))
    by_rule: dict[str, list] = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, []).append(f)
    assert {f.path for f in by_rule["CODE401"]} == {"config.json", "tokenizer_config.json"}
    other = by_rule["CODE404"]
    assert len(other) == 1 and "otherorg/shared-code" in other[0].detail and other[0].severity == "high"
    assert [f.path for f in by_rule["CODE406"]] == ["configuration_gone.py"]
    module = by_rule["CODE402"]
    assert [f.path for f in module] == ["tokenization_toy.py"] and "ToyTokenizer (AutoTokenizer)" in module[0].detail
    assert [f.path for f in by_rule["CODE405"]] == ["modeling_orphan.py"]
    assert by_rule["CODE405"][0].severity == "medium"
    assert "CODE403" not in by_rule  # the orphan's subprocess import does not run on load


def test_auto_map_in_subfolder_resolves_relative_to_config(tmp_path):
    cfg = {"auto_map": {"AutoModel": "modeling_enc.Enc"}}
    result = _scan(write(tmp_path, {
        "text_encoder/config.json": json.dumps(cfg),
        "text_encoder/modeling_enc.py": "import requests\nclass Enc:\n    pass\n",
    }))
    reach = [f for f in result.findings if f.rule == "CODE403"]
    assert len(reach) == 1 and reach[0].path == "text_encoder/modeling_enc.py" and reach[0].severity == "critical"
    assert "network" in reach[0].detail


ML_CASES = '''\
import numpy as np
import torch as T
import yaml
from transformers import AutoModel
from yaml import SafeLoader

SHA = "0123456789abcdef0123456789abcdef01234567"
a = T.load("x.pt", weights_only=True)
b = T.load("x.pt", weights_only=False)  # PLANT:wo_false
c = yaml.load(open("c"), Loader=SafeLoader)
d = yaml.load(open("c"), Loader=yaml.FullLoader)  # PLANT:full
e = np.load("x.npy")
f = np.load("x.npy", allow_pickle=True)  # PLANT:np
g = AutoModel.from_pretrained("org/m", trust_remote_code=True, revision=SHA)  # PLANT:trc_pinned
h = AutoModel.from_pretrained("org/m", trust_remote_code=True, revision="main")  # PLANT:trc_main
i = T.hub.load("someone/repo", "model")  # PLANT:hub
'''


def test_ml_rules_verdicts(tmp_path):
    result = _scan(write(tmp_path, {"cases.py": ML_CASES}))

    def worst(tag):
        line = plant_line(ML_CASES, tag)
        hits = [f for f in result.findings if f.evidence[0].line == line and f.rule != "CODE410"]
        assert hits, tag
        return max(hits, key=lambda f: SEVERITY_ORDER[f.severity])

    assert (worst("wo_false").rule, worst("wo_false").severity) == ("CODE420", "high")
    assert (worst("full").rule, worst("full").severity) == ("CODE425", "medium")
    assert worst("np").rule == "CODE422"
    assert (worst("trc_pinned").rule, worst("trc_pinned").severity) == ("CODE423", "low")
    assert (worst("trc_main").rule, worst("trc_main").severity) == ("CODE423", "medium")
    assert worst("hub").rule == "CODE427"
    safe_lines = {8, 10, 12}
    assert not [f for f in result.findings if f.evidence[0].line in safe_lines and f.rule != "CODE410"]


def test_semgrep_runs_with_bundled_rules(tmp_path):
    require_extra(semgrep_binary() is not None, "semgrep (unveil[semgrep])")
    root = write(tmp_path, {"train.py": VULN_TRAIN, "tool.c": VULN_C})
    result = _scan(root, semgrep=True)
    assert result.summary["code"]["scanners"]["semgrep"] == "ran"
    seen = [f for f in result.findings if "semgrep" in f.scanner.split(",")]
    print(f"semgrep contributed to {len(seen)} findings")
    lines = {(f.path, f.evidence[0].line) for f in seen}
    assert ("train.py", plant_line(VULN_TRAIN, "yaml")) in lines
    assert ("tool.c", plant_line(VULN_C, "gets")) in lines


FAKE_SEMGREP = '''\
import json, pathlib, sys
args = sys.argv[1:]
assert args[0] == "scan" and "--metrics=off" in args and "--config" in args
rules = pathlib.Path(args[args.index("--config") + 1])
assert rules.name == "semgrep.yml" and rules.exists()
results = []
for path in sorted(pathlib.Path(args[-1]).rglob("*")):
    if path.is_file():
        for n, line in enumerate(path.read_text().splitlines(), start=1):
            if "yaml.load(" in line:
                results.append({"check_id": "x.unveil-yaml-unsafe-load", "path": str(path),
                                "start": {"line": n}, "end": {"line": n},
                                "extra": {"severity": "ERROR", "message": "unsafe yaml",
                                          "metadata": {"kind": "yaml-load", "cwe": "CWE-502"}}})
print(json.dumps({"results": results, "errors": []}))
'''


def test_semgrep_results_mapped_and_merged(tmp_path, monkeypatch):
    """The Semgrep adapter with a stand-in CLI: arguments, path/cell mapping and de-duplication."""
    import sys

    fake = tmp_path / "bin" / "semgrep"
    fake.parent.mkdir()
    fake.write_text(f"#!{sys.executable}\n" + FAKE_SEMGREP)
    fake.chmod(0o755)
    monkeypatch.setenv("UNVEIL_SEMGREP_BIN", str(fake))
    monkeypatch.delenv("UNVEIL_SEMGREP", raising=False)  # the default: run when installed
    root = write(tmp_path / "rel", {"train.py": VULN_TRAIN, "demo.ipynb": notebook(CELLS)})
    result = _scan(root, semgrep=None)
    assert result.summary["code"]["scanners"]["semgrep"] == "ran"
    line = plant_line(VULN_TRAIN, "yaml")
    merged = [f for f in result.findings if f.path == "train.py" and f.evidence[0].line == line]
    assert len(merged) == 1 and set(merged[0].scanner.split(",")) == {"unveil", "semgrep", "bandit"}
    nb = [f for f in result.findings if f.path == "demo.ipynb" and "semgrep" in f.scanner]
    assert nb and nb[0].evidence[0].line == plant_line(CELLS[3][1], "nb_yaml") and "cell 4" in nb[0].detail


def test_pathological_python_does_not_crash(tmp_path):
    files = {
        "chain.py": "x = " + "+".join(["1"] * 60_000) + "\n",
        "parens.py": "x = " + "(" * 300 + "1" + ")" * 300 + "\n",
        "fine.py": "import pickle\npickle.loads(b'')\n",
    }
    result = _scan(write(tmp_path, files))
    assert any(f.path == "fine.py" and f.rule == "CODE421" for f in result.findings)
    assert any(f.path == "parens.py" and f.rule == "CODE490" for f in result.findings)
