"""A threaded Hub survey scans every artifact: the format registry is loaded once, whole, under a lock.

Runs in a fresh interpreter (the registry must start unloaded, as in a real `unveil survey`): 8 worker
threads audit 8 replayed repos at once, each holding two torch-zip checkpoints served by
tests/hub_replay.py, and every checkpoint must end in `security.scanned` and in the ledger as scanned.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import REPO

pytest.importorskip("pyarrow.parquet")
pytest.importorskip("duckdb")

REPOS = 8
SCRIPT = textwrap.dedent(
    r"""
    import json, os, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from hub_replay import HubReplay

    root = Path(sys.argv[1])
    with HubReplay([root]) as hub:
        os.environ["HF_ENDPOINT"] = hub.endpoint
        os.environ["HF_HUB_CACHE"] = str(root / "cache")
        from unveil.security import dispatch
        assert not dispatch._loaded  # the race needs a registry nobody loaded yet
        from unveil.survey.command import run_survey
        from unveil.survey.store import Store
        store = root / "store"
        code = run_survey(str(root / "repos.txt"), store, int(sys.argv[3]), "local", None, keep_reports=True)
        reports = [json.loads(p.read_text()) for p in sorted(Store(store).reports_dir.rglob("*.json"))]
    print(json.dumps({"code": code, "reports": [r["security"] | {"id": r["source"]["id"]} for r in reports]}))
    """
)


def _repo(root: Path, i: int) -> str:
    folder = root / f"unveil-test__threaded-{i}"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n# Threaded\n\nA synthetic model.\n")
    entries = [{"path": "README.md", "size": (folder / "README.md").stat().st_size, "lfs": False}]
    for shard in ("pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin"):
        entries.append({"path": shard, "size": 2_000_000 + 4 * i, "lfs": True, "synthetic": "torch-zip"})
    (folder / "files.json").write_text(json.dumps(entries))
    return f"unveil-test/threaded-{i}"


def test_threaded_hub_survey_scans_every_torch_zip(tmp_path: Path) -> None:
    ids = [_repo(tmp_path, i) for i in range(REPOS)]
    (tmp_path / "repos.txt").write_text("\n".join(ids) + "\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    for var in ("HF_TOKEN", "HF_HUB_OFFLINE"):
        env.pop(var, None)
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(REPO / "tests"), "8"],
                          capture_output=True, text=True, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    reports = {r["id"]: r for r in out["reports"]}
    assert set(reports) == set(ids)
    for rid, sec in reports.items():
        bins = {p for p in sec["coverage"]["scanned"] if p.endswith(".bin")}
        assert len(bins) == 2, (rid, sec["coverage"], sec["unscannable"])
        assert {p for p in sec["scanned"] if p.endswith(".bin")} == bins, rid
        assert not [u for u in sec["unscannable"] if u["path"].endswith(".bin")], rid
        assert not [f for f in sec["findings"] if f["severity"] in ("critical", "high")], rid
