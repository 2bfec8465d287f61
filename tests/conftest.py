"""Shared test fixtures. Shared data lives beside the repo at ../shared/data (read-only)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
RELEASES = SHARED_DATA / "releases"
EXAMPLES = REPO / "examples"


def require_extra(available: bool, what: str) -> None:
    """Skip a test of an optional extra that is not installed, saying so; in CI (`UNVEIL_REQUIRE_EXTRAS=1`,
    set by `.ci/run`, which installs every extra) a missing extra fails the test instead of skipping it."""
    if available:
        return
    if os.environ.get("UNVEIL_REQUIRE_EXTRAS") == "1":
        pytest.fail(f"{what} is required here (UNVEIL_REQUIRE_EXTRAS=1) but not installed")
    pytest.skip(f"{what} not installed")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


# -- Hub replay server (tests/hub_replay.py): the real huggingface_hub client against releases/ --
@pytest.fixture(scope="session")
def hub_replay_server():
    from hub_replay import HubReplay

    server = HubReplay([RELEASES]).start()
    yield server
    server.stop()


@pytest.fixture
def replay_hub(hub_replay_server, monkeypatch, tmp_path):
    """The replay server, reset, with HF_ENDPOINT pointing at it and no token, cache or offline mode."""
    hub_replay_server.reset()
    hub_replay_server.roots[:] = [RELEASES]
    monkeypatch.setenv("HF_ENDPOINT", hub_replay_server.endpoint)
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    for var in ("HF_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    yield hub_replay_server
    hub_replay_server.reset()
    hub_replay_server.roots[:] = [RELEASES]


@pytest.fixture(scope="session")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Audits of both examples and of a hostile release, shared by the renderer tests."""
    from render_helpers import audit_path, build_hostile

    hostile = build_hostile(tmp_path_factory.mktemp("hostile") / "release")
    return {
        "tiny": audit_path(EXAMPLES / "tiny-open-model"),
        "open-weights": audit_path(EXAMPLES / "open-weights-only"),
        "hostile": audit_path(hostile),
    }
