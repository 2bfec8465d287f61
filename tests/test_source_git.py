"""The git source against local bare repositories (file:// URLs); no network."""

from __future__ import annotations

import gc
import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest

from unveil.errors import SourceNotFound, UnreadableFile
from unveil.sources.git import open_git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

WEIGHTS_SHA = hashlib.sha256(b"pretend weights").hexdigest()
POINTER = f"version https://git-lfs.github.com/spec/v1\noid sha256:{WEIGHTS_SHA}\nsize 7000000000\n"


def git(*args: str, cwd: Path) -> str:
    cmd = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main",
           "-c", "commit.gpgsign=false", *args]
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


@pytest.fixture
def remote(tmp_path, monkeypatch):
    """A bare repo with two commits on main, a branch `step1000`, a tag `v1` and an LFS pointer."""
    # Isolate from the machine's git config while building the remote.
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    work = tmp_path / "work"
    work.mkdir()
    git("init", "--quiet", cwd=work)
    (work / "README.md").write_text("# Tiny\n\nA test model card.\n")
    (work / ".gitattributes").write_text("*.safetensors filter=lfs diff=lfs merge=lfs -text\n")
    (work / "model.safetensors").write_text(POINTER)
    (work / "src").mkdir()
    (work / "src" / "train.py").write_text("print('train')\n")
    git("add", "-A", cwd=work)
    git("commit", "--quiet", "-m", "first", cwd=work)
    first = git("rev-parse", "HEAD", cwd=work)
    git("tag", "v1", cwd=work)
    git("branch", "step1000", cwd=work)
    (work / "config.json").write_text('{"model_type": "tiny"}\n')
    git("add", "-A", cwd=work)
    git("commit", "--quiet", "-m", "second", cwd=work)
    head = git("rev-parse", "HEAD", cwd=work)
    bare = tmp_path / "remote.git"
    subprocess.run(["git", "clone", "--quiet", "--bare", str(work), str(bare)], check=True,
                   capture_output=True)
    # From here on, an LFS smudge (a download) would fail the clone if it were attempted.
    gitconfig.write_text('[filter "lfs"]\n\tsmudge = false\n\tprocess = false\n\trequired = true\n')
    return {"url": bare.as_uri(), "head": head, "first": first, "work": work}


def test_clone_lists_files_and_pins_head(remote):
    release = open_git(remote["url"])
    paths = {f.path for f in release.files}
    assert paths == {".gitattributes", "README.md", "model.safetensors", "src/train.py", "config.json"}
    assert release.source.kind == "git" and release.source.id == remote["url"]
    assert release.source.revision == remote["head"] and release.source.requested_revision is None
    assert release.card_text.startswith("# Tiny")
    assert set(release.source.refs["branches"]) == {"main", "step1000"}
    assert release.source.refs["tags"] == ["v1"]
    # Shallow: only the tip commit was fetched.
    depth = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=release.local_root,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert depth == "1"


def test_lfs_pointer_gives_size_and_sha_without_content(remote):
    release = open_git(remote["url"])
    weights = release.get("model.safetensors")
    assert weights.pointer and weights.lfs and not weights.available
    assert weights.size == 7_000_000_000 and weights.sha256 == WEIGHTS_SHA
    with pytest.raises(UnreadableFile) as info:
        release.read("model.safetensors", 0, 8)
    assert info.value.kind == "pointer"


@pytest.mark.parametrize("rev", ["step1000", "v1", "first-sha"])
def test_revision_branch_tag_or_sha(remote, rev):
    requested = remote["first"] if rev == "first-sha" else rev
    release = open_git(remote["url"], requested)
    assert release.source.revision == remote["first"]
    assert release.source.requested_revision == requested
    assert release.get("config.json") is None  # added only in the second commit


def test_missing_repo_and_revision_are_source_not_found(remote, tmp_path):
    with pytest.raises(SourceNotFound) as info:
        open_git((tmp_path / "nope.git").as_uri())
    assert info.value.exit_code == 2 and "\n" not in info.value.message
    with pytest.raises(SourceNotFound):
        open_git(remote["url"], "no-such-branch")


def test_checkout_removed_with_release(remote):
    release = open_git(remote["url"])
    root = Path(release.local_root)
    assert root.is_dir()
    del release
    gc.collect()
    assert not root.exists()


def test_audit_git_url(remote):
    from unveil.service import audit

    report = audit(remote["url"])
    assert report.source.kind == "git" and report.source.revision == remote["head"]
    assert report.source.total_bytes >= 7_000_000_000
    print(f"git audit: bytes_read/total_bytes={report.source.bytes_read / report.source.total_bytes:.2e}")
