"""Every recorded release, as a clean local copy and through the replayed Hub, gives a report valid
against the committed JSON Schema, with the contract's fields and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from unveil.report import MOF_COMPONENTS
from unveil.service import audit

from conftest import RELEASES, REPO
from recorded import NOT_REPO_FILES

SCHEMA = json.loads((REPO / "schema" / "report.schema.json").read_text())
FOLDERS = sorted(p for p in RELEASES.iterdir() if (p / "files.json").exists())
WEIGHT_SUFFIXES = {".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".msgpack", ".h5", ".gguf", ".onnx"}


def clean_copy(folder: Path, dest: Path) -> Path:
    shutil.copytree(folder, dest, ignore=lambda _d, names: [n for n in names if n in NOT_REPO_FILES])
    return dest


def check_contract(data: dict) -> None:
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == "1"
    assert [c["name"] for c in data["components"]] == list(MOF_COMPONENTS)
    assert data["openness"]["label"] in {"open-source-ai", "open-weights", "restricted-weights", "closed", "unknown"}
    assert data["openness"]["osaid"]["verdict"] in {"meets", "does-not-meet", "insufficient-evidence"}
    assert data["openness"]["mof"]["class"] in {1, 2, 3, None}
    for finding in data["security"]["findings"]:
        assert finding["severity"] in {"critical", "high", "medium", "low", "info"}
    for lic in data["licenses"]:
        assert lic["category"] in {"open-source", "open-data", "open-content", "restricted", "non-commercial",
                                   "proprietary", "unknown"}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_clean_local_copy(folder: Path, tmp_path: Path) -> None:
    report = audit(str(clean_copy(folder, tmp_path / folder.name)))
    check_contract(json.loads(report.to_json()))
    assert report.source.kind == "local"
    assert report.component("model_card").present is True


def test_every_hub_release_valid_and_weights_present(replay_hub) -> None:
    with_weights = 0
    for folder in FOLDERS:
        report = audit(folder.name.replace("__", "/", 1))
        check_contract(json.loads(report.to_json()))
        listing = json.loads((folder / "files.json").read_text())
        if any(Path(f["path"]).suffix.lower() in WEIGHT_SUFFIXES for f in listing):
            with_weights += 1
            assert report.component("model_parameters_final").present is True, folder.name
        if (folder / "gated").exists():
            assert any(i.reason.startswith("access-denied") for i in report.inconclusive), folder.name
    print(f"\n{len(FOLDERS)} Hub releases valid against the schema; {with_weights} list weights")


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unveil.cli", *args], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=300)


def test_cli_exit_codes_through_the_hub(replay_hub) -> None:
    env = {"HF_ENDPOINT": replay_hub.endpoint, "HF_HUB_CACHE": os.environ["HF_HUB_CACHE"]}
    gated = _cli("audit", "meta-llama/Llama-3.1-8B", "--format", "json", env=env)
    assert gated.returncode == 3, gated.stderr  # gated weights could not be checked
    check_contract(json.loads(gated.stdout))
    unknown = _cli("audit", "no-such-org/no-such-model", env=env)
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    open_repo = _cli("audit", "EleutherAI/pythia-160m", "--format", "json", env=env)
    data = json.loads(open_repo.stdout)
    assert data["source"]["revision"] and len(data["source"]["revision"]) == 40
    assert data["components"][2]["name"] == "model_parameters_intermediate"
    assert data["components"][2]["present"] is True  # step branches
