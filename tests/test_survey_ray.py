"""`--engine ray` for real: a local Ray cluster on loopback only, the same rows as the local engine,
and a killed driver that reruns without losing a row or leaving a process behind.

The whole scenario (tests/ray_scenario.py) runs inside a fresh network namespace holding only the
loopback interface (`unshare -n`, root, as in CI), so neither the cluster nor the drivers can reach
or listen on any other address. Installed Ray means this test runs: never a quiet skip.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, RELEASES, REPO, require_extra

pq = pytest.importorskip("pyarrow.parquet")

VOLATILE = {"seconds"}  # wall time differs between runs; every other column must match


def rows(store: Path) -> dict[str, dict]:
    from unveil.survey.store import Store

    out = {}
    for path in Store(store).parquet_files():
        for row in pq.read_table(path).to_pylist():
            out[row["id"]] = {k: v for k, v in row.items() if k not in VOLATILE}
    return out


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, list[str]]:
    require_extra(importlib.util.find_spec("ray") is not None and shutil.which("ray") is not None, "ray")
    if os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"):
        pytest.fail("the Ray test needs root, unshare and ip (iproute2) to keep Ray on a loopback-only namespace")
    out = tmp_path_factory.mktemp("ray")
    sources = [str(EXAMPLES / "tiny-open-model"), str(EXAMPLES / "open-weights-only"),
               *(str(RELEASES / n) for n in ("openai__gpt-2", "EleutherAI__pythia-160m", "meta-llama__Llama-3.2-1B",
                                             "Qwen__Qwen2.5-0.5B-Instruct"))]
    script = 'ip link set lo up && exec "$0" "$@"'
    proc = subprocess.run(["unshare", "-n", "sh", "-c", script, sys.executable, str(REPO / "tests" / "ray_scenario.py"),
                           str(out), *sources], capture_output=True, text=True, timeout=1200)
    result_file = out / "result.json"
    assert result_file.is_file(), proc.stderr[-3000:]
    result = json.loads(result_file.read_text())
    quiet = ("stderr", "stdout")
    print(json.dumps({k: (v if not isinstance(v, dict) else {x: y for x, y in v.items() if x not in quiet})
                      for k, v in result.items()}, indent=1))
    return result, out, sources


def test_ray_cluster_started_on_loopback(scenario) -> None:
    result, _, _ = scenario
    assert result["ray_start"]["code"] == 0, result["ray_start"]["stderr"]
    said = result["ray_start"]["stderr"] + result["ray_start"]["stdout"]
    assert "127.0.0.1" in said, said  # "Local node IP: 127.0.0.1": the only address in the namespace


def test_ray_rows_equal_local_rows(scenario) -> None:
    result, out, sources = scenario
    assert result["local"]["code"] in (0, 3), result["local"]["stderr"]
    assert result["ray"]["code"] == result["local"]["code"], result["ray"]["stderr"]
    local, ray = rows(out / "local"), rows(out / "ray")
    assert set(local) == set(sources) and local == ray


def test_killed_ray_driver_reruns_without_loss_or_leftovers(scenario) -> None:
    result, out, sources = scenario
    assert result["killed_busy"], "the Ray driver never started auditing"
    assert result["actors_while_running"], "no Ray pool actor seen while the driver ran"
    assert result["actors_after_kill"] == [], result["actors_after_kill"]
    assert result["rerun"]["code"] in (0, 3), result["rerun"]["stderr"]
    after = rows(out / "killed")
    assert set(after) == set(sources)
    assert {k: v for k, v in after.items()} == rows(out / "local")
    assert result["actors_after_rerun"] == [] and result["left_after_stop"] == [], result["left_after_stop"]
