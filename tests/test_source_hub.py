"""The Hub source driven through the real huggingface_hub client against the local replay server."""

from __future__ import annotations

import io
import json
import pickletools
import re
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from unveil.errors import SourceNotFound, UnreadableFile, UnveilError
from unveil.release import Release
from unveil.sources import hub as hub_source
from unveil.sources.hub import open_hub

from conftest import RELEASES

FOLDERS = sorted(p for p in RELEASES.iterdir() if (p / "files.json").is_file())
GATED = [p for p in FOLDERS if (p / "gated").exists()]
WEIGHT_SUFFIXES = {".safetensors", ".bin", ".pth", ".pt", ".ckpt", ".gguf", ".h5", ".msgpack", ".onnx"}
SHA = re.compile(r"^[0-9a-f]{40}$")


def repo_id(folder: Path) -> str:
    org, _, name = folder.name.partition("__")
    return f"{org}/{name}"


def listing(folder: Path) -> dict[str, dict]:
    return {e["path"]: e for e in json.loads((folder / "files.json").read_text())}


def present(folder: Path, path: str) -> bool:
    return (folder / path).is_file() and path not in {"source.json", "files.json", "expected.json", "gated"}


class RangeFile(io.RawIOBase):
    """A seekable file over `release.read`, so stdlib zipfile parses a remote zip by ranges."""

    def __init__(self, release: Release, path: str) -> None:
        self.release, self.path, self.pos = release, path, 0
        self.size = release.get(path).size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.pos

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = [offset, self.pos + offset, self.size + offset][whence]
        return self.pos

    def readinto(self, buf) -> int:
        data = self.release.read(self.path, self.pos, len(buf))
        buf[: len(data)] = data
        self.pos += len(data)
        return len(data)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_listing_matches_files_json(replay_hub, folder):
    release = open_hub(repo_id(folder))
    expected = listing(folder)
    got = {f.path: f for f in release.files}
    assert set(got) == set(expected)
    for path, entry in expected.items():
        f = got[path]
        assert f.lfs == bool(entry.get("lfs")), path
        size = (folder / path).stat().st_size if present(folder, path) else entry["size"]
        assert f.size == size, path
        if entry.get("lfs") and entry.get("sha256"):
            assert f.sha256 == entry["sha256"], path
    weights = [p for p in expected if Path(p).suffix.lower() in WEIGHT_SUFFIXES]
    assert all(release.get(p) is not None for p in weights)
    assert release.source.kind == "hub" and release.source.id == repo_id(folder)
    assert SHA.match(release.source.revision or "")
    assert release.source.requested_revision is None
    assert "main" in release.source.refs.get("branches", [])
    if (folder / "README.md").is_file():
        assert release.card_text == (folder / "README.md").read_text(errors="replace")
    print(f"{folder.name}: {len(release.files)} files, {len(weights)} weights, "
          f"bytes_read={release.bytes_read}/{release.total_bytes}")


@pytest.mark.parametrize("folder", GATED, ids=lambda p: p.name)
def test_gated_files_are_access_denied_not_absent(replay_hub, folder):
    release = open_hub(repo_id(folder))
    denied = 0
    for f in release.files:
        if present(folder, f.path):
            assert release.read(f.path, 0, 16)
            continue
        with pytest.raises(UnreadableFile) as info:
            release.read(f.path, 0, 16)
        assert info.value.kind == "access-denied", (f.path, info.value.reason)
        assert release.unreadable[f.path][0] == "access-denied"
        denied += 1
    assert denied and getattr(release, "gated", False)
    print(f"{folder.name}: {denied} files access-denied")


def test_unrecorded_file_in_open_repo_is_missing(replay_hub):
    release = open_hub("EleutherAI/gpt-j-6B")
    absent = [f.path for f in release.files if not present(RELEASES / "EleutherAI__gpt-j-6B", f.path)
              and not listing(RELEASES / "EleutherAI__gpt-j-6B")[f.path].get("synthetic")]
    assert absent
    with pytest.raises(UnreadableFile) as info:
        release.read(absent[0], 0, 8)
    assert info.value.kind == "missing"


def test_synthetic_safetensors_header_by_range(replay_hub):
    release = open_hub("EleutherAI/pythia-160m")
    path = "model.safetensors"
    (n,) = struct.unpack("<Q", release.read(path, 0, 8))
    header = json.loads(release.read(path, 8, n))
    end = max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
    assert 8 + n + end == release.get(path).size
    assert release.bytes_read == 8 + n
    ranged = [r for r in replay_hub.requests if r.path.endswith(path) and r.method == "GET"]
    assert ranged and all(r.range and r.status == 206 for r in ranged)
    assert replay_hub.bytes_sent(path) == 8 + n


def test_synthetic_torch_zip_by_range_without_unpickling(replay_hub):
    release = open_hub("EleutherAI/pythia-160m")
    path = "pytorch_model.bin"
    with zipfile.ZipFile(io.BufferedReader(RangeFile(release, path), buffer_size=4096)) as zf:
        names = zf.namelist()
        pkl_name = next(n for n in names if n.endswith("data.pkl"))
        pkl = zf.read(pkl_name)
    globals_seen = {arg for op, arg, _ in pickletools.genops(pkl) if op.name == "GLOBAL"}
    assert "torch._utils _rebuild_tensor_v2" in globals_seen
    assert any(n.endswith("/data/0") for n in names)
    ratio = release.bytes_read / release.get(path).size
    print(f"torch zip central directory + data.pkl: {release.bytes_read} bytes read ({ratio:.2e})")
    assert ratio < 0.001


@pytest.fixture(autouse=True)
def _fresh_rate_limiter():
    hub_source.LIMITER.reset()  # one per process: a test's 429 pause must not slow the next test
    yield
    hub_source.LIMITER.reset()


def fake_clock(monkeypatch) -> list[float]:
    """time.sleep records its argument and advances time.monotonic by it (no real waiting)."""
    waits: list[float] = []
    real = hub_source.time.monotonic

    def sleep(seconds: float) -> None:
        waits.append(round(seconds, 2))

    monkeypatch.setattr(hub_source.time, "monotonic", lambda: real() + sum(waits))
    monkeypatch.setattr(hub_source.time, "sleep", sleep)
    return waits


def test_429_is_retried_after_retry_after(replay_hub, monkeypatch):
    waits = fake_clock(monkeypatch)
    replay_hub.fail_next("/api/models/EleutherAI/pythia-160m", 1, retry_after=3)
    release = open_hub("EleutherAI/pythia-160m")
    replay_hub.fail_next("/resolve/", 2, retry_after=2)
    assert release.read_text("README.md")
    assert waits == [3.0, 2.0, 2.0]
    statuses = [r.status for r in replay_hub.requests if r.path.endswith("README.md")]
    assert statuses == [429, 429, 200]


def test_persistent_429_is_rate_limited_not_absent(replay_hub, monkeypatch):
    fake_clock(monkeypatch)
    release = open_hub("EleutherAI/pythia-160m")
    replay_hub.fail_next("config.json", 100, retry_after=1)
    with pytest.raises(UnreadableFile) as info:
        release.read("config.json")
    assert info.value.kind == "rate-limited"
    assert release.unreadable["config.json"][0] == "rate-limited"
    attempts = sum(1 for r in replay_hub.requests if r.path.endswith("config.json"))
    assert attempts == hub_source.MAX_RETRIES + 1


def test_listing_rate_limited_for_good_is_clear_error(replay_hub, monkeypatch):
    fake_clock(monkeypatch)
    replay_hub.fail_next("/api/models/", 100, retry_after=1)
    with pytest.raises(UnveilError) as info:
        open_hub("EleutherAI/pythia-160m")
    assert "429" in info.value.message and info.value.exit_code == 3


def test_unknown_repo_and_revision_are_source_not_found(replay_hub):
    with pytest.raises(SourceNotFound) as info:
        open_hub("no-such-org/no-such-model")
    assert info.value.exit_code == 2 and "\n" not in info.value.message
    with pytest.raises(SourceNotFound):
        open_hub("EleutherAI/pythia-160m", "no-such-branch")


def test_branch_refs_and_revision_pinning(replay_hub):
    main = open_hub("EleutherAI/pythia-160m")
    branches = main.source.refs["branches"]
    assert "step1000" in branches and "step143000" in branches
    print(f"pythia-160m: {len(branches)} branches")
    step = open_hub("EleutherAI/pythia-160m", "step1000")
    assert step.source.requested_revision == "step1000"
    assert SHA.match(step.source.revision) and step.source.revision != main.source.revision
    assert step.read_text("README.md")
    readme_gets = [r.path for r in replay_hub.requests if r.path.endswith("/README.md")]
    assert readme_gets and all(f"/resolve/{step.source.revision}/" in p for p in readme_gets)


def _big_release(root: Path, size: int) -> str:
    folder = root / "unveil-test__big-safetensors"
    folder.mkdir(parents=True)
    (folder / "README.md").write_text("---\nlicense: apache-2.0\n---\n# Big\n\nA synthetic 20 GB model.\n")
    (folder / "config.json").write_text(json.dumps({"model_type": "llama", "hidden_size": 8192}))
    entries = [
        {"path": "README.md", "size": (folder / "README.md").stat().st_size, "lfs": False},
        {"path": "config.json", "size": (folder / "config.json").stat().st_size, "lfs": False},
        {"path": "model.safetensors", "size": size, "lfs": True, "synthetic": "safetensors"},
    ]
    (folder / "files.json").write_text(json.dumps(entries))
    return "unveil-test/big-safetensors"


def test_20gb_safetensors_reads_under_a_thousandth(replay_hub, tmp_path):
    replay_hub.add_root(tmp_path)
    rid = _big_release(tmp_path, 20_000_000_000)
    release = open_hub(rid)
    assert release.card_text and release.config
    (n,) = struct.unpack("<Q", release.read("model.safetensors", 0, 8))
    assert json.loads(release.read("model.safetensors", 8, n))["model.weight"]["dtype"] == "BF16"
    ratio = release.bytes_read / release.total_bytes
    wire = replay_hub.bytes_sent() / release.total_bytes
    print(f"20 GB safetensors: bytes_read/total_bytes={ratio:.2e}, on the wire {wire:.2e}")
    assert ratio < 0.001 and wire < 0.001


def test_20gb_safetensors_full_audit(replay_hub, tmp_path):
    from unveil.service import audit

    replay_hub.add_root(tmp_path)
    rid = _big_release(tmp_path, 20_000_000_000)
    report = audit(rid)
    ratio = report.source.bytes_read / report.source.total_bytes
    wire = replay_hub.bytes_sent() / report.source.total_bytes
    print(f"audit of a 20 GB safetensors repo: bytes_read/total_bytes={ratio:.2e}, on the wire {wire:.2e}")
    assert report.source.kind == "hub" and SHA.match(report.source.revision)
    assert ratio < 0.001 and wire < 0.001


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_audit_through_replayed_hub(replay_hub, folder):
    from unveil.service import audit

    report = audit(repo_id(folder))
    assert report.source.kind == "hub" and SHA.match(report.source.revision)
    assert report.source.files == len(listing(folder))
    ratio = report.source.bytes_read / max(report.source.total_bytes, 1)
    print(f"{folder.name}: bytes_read/total_bytes={ratio:.2e}")
    weights = [p for p in listing(folder) if Path(p).suffix.lower() in WEIGHT_SUFFIXES]
    if weights:
        comp = {c.name: c for c in report.components}.get("model_parameters_final")
        assert comp is not None and comp.present is True, comp


def test_offline_without_cache_is_clear_error(replay_hub, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(UnveilError) as info:
        open_hub("EleutherAI/pythia-160m")
    assert "offline" in info.value.message.lower() and "\n" not in info.value.message
    assert not replay_hub.requests


def test_offline_uses_cached_snapshot(replay_hub, monkeypatch, tmp_path):
    from huggingface_hub import hf_hub_download

    cache = tmp_path / "hf-cache"
    for name in ("README.md", "LICENSE"):
        hf_hub_download("EleutherAI/pythia-160m", name, cache_dir=cache, endpoint=replay_hub.endpoint)
    online = open_hub("EleutherAI/pythia-160m")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    replay_hub.reset()
    release = open_hub("EleutherAI/pythia-160m")
    assert not replay_hub.requests
    assert release.source.revision == online.source.revision
    assert {f.path for f in release.files} == {"README.md", "LICENSE"}
    assert release.card_text == (RELEASES / "EleutherAI__pythia-160m" / "README.md").read_text()


def test_unreachable_endpoint_is_clear_error(monkeypatch):
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    monkeypatch.setattr(hub_source, "MAX_RETRIES", 0)
    with pytest.raises(UnveilError) as info:
        open_hub("EleutherAI/pythia-160m", endpoint=f"http://127.0.0.1:{port}")
    assert "cannot reach" in info.value.message


def test_copy_of_release_served_from_extra_root(replay_hub, tmp_path):
    # A clean copy of a folder under a new name is served like the original.
    shutil.copytree(RELEASES / "openai__gpt-2", tmp_path / "someone__gpt-2-copy")
    replay_hub.add_root(tmp_path)
    release = open_hub("someone/gpt-2-copy")
    assert {f.path for f in release.files} == set(listing(RELEASES / "openai__gpt-2"))


def test_token_is_sent_and_opens_gated_weights(replay_hub, monkeypatch):
    folder = RELEASES / "meta-llama__Llama-3.1-8B"
    monkeypatch.setenv("HF_TOKEN", "hf_replay_test_token")
    release = open_hub(repo_id(folder))
    entries = listing(folder)
    synthetic = [p for p, e in entries.items() if e.get("synthetic") == "safetensors"]
    assert synthetic
    (n,) = struct.unpack("<Q", release.read(synthetic[0], 0, 8))
    assert json.loads(release.read(synthetic[0], 8, n))
    locked = next(p for p, e in entries.items() if not e.get("synthetic") and not present(folder, p))
    with pytest.raises(UnreadableFile) as info:
        release.read(locked, 0, 8)
    assert info.value.kind == "access-denied"
    assert replay_hub.requests and all(r.authorized for r in replay_hub.requests)


def test_whole_read_of_big_weights_is_refused_not_downloaded(replay_hub, monkeypatch):
    monkeypatch.setattr(hub_source, "MAX_FETCH_BYTES", 100_000_000)
    release = open_hub("EleutherAI/pythia-160m")
    assert release.get("model.safetensors").size > hub_source.MAX_FETCH_BYTES
    with pytest.raises(UnreadableFile) as info:
        release.read("model.safetensors")
    assert info.value.kind == "too-large" and replay_hub.bytes_sent("model.safetensors") == 0


def test_server_ignoring_ranges(replay_hub, monkeypatch):
    monkeypatch.setattr(hub_source, "MAX_FETCH_BYTES", 1_000_000)
    ranged = open_hub("EleutherAI/pythia-160m").read("model.safetensors", 4, 12)
    release = open_hub("EleutherAI/pythia-160m")
    replay_hub.ignore_ranges = True
    # Near the start of a file: the slice is cut out of the 200 answer.
    assert release.read("model.safetensors", 4, 12) == ranged
    # Far into a big file: refused rather than streaming the whole file.
    with pytest.raises(UnreadableFile) as info:
        release.read("model.safetensors", 200_000_000, 16)
    assert info.value.kind == "error" and "range" in info.value.reason


def test_ratelimit_header_with_no_quota_left_pauses_every_worker(monkeypatch):
    import time as real_time

    limiter = hub_source.LIMITER
    limiter.observe({"RateLimit": '"resolvers";r=12;t=40'})  # quota left: no pause
    assert limiter.resume_at <= real_time.monotonic()
    limiter.observe({"RateLimit": '"resolvers";r=0;t=7'})  # spent: every thread waits for the window
    assert 6 < limiter.resume_at - real_time.monotonic() <= 7
    waits = fake_clock(monkeypatch)
    limiter.wait(hub_source.Deadline(60, "test"))
    assert len(waits) == 1 and 6 < waits[0] <= 7
    with pytest.raises(hub_source.DeadlineExceeded):  # a wait longer than what is left is refused at once
        limiter.pause(30)
        limiter.wait(hub_source.Deadline(5, "test"))
