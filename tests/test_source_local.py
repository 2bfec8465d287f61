"""Local source: LFS pointers, symlinks leaving the folder, ranged reads and bytes_read."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from unveil.errors import SourceNotFound, UnreadableFile
from unveil.sources.local import open_local, parse_lfs_pointer

POINTER = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:{sha}\n"
    "size 20000000000\n"
)


def test_lfs_pointer_gives_size_and_sha_and_is_never_content(tmp_path: Path) -> None:
    sha = hashlib.sha256(b"x").hexdigest()
    (tmp_path / "model.safetensors").write_text(POINTER.format(sha=sha))
    release = open_local(tmp_path)
    entry = release.get("model.safetensors")
    assert entry is not None and entry.pointer and entry.lfs and not entry.available
    assert entry.size == 20_000_000_000 and entry.sha256 == sha
    with pytest.raises(UnreadableFile) as info:
        release.read("model.safetensors", 0, 8)
    assert info.value.kind == "pointer"
    assert release.bytes_read == 0


def test_not_a_pointer_when_malformed() -> None:
    assert parse_lfs_pointer(b"version https://git-lfs.github.com/spec/v1\nsize 12\n") is None
    assert parse_lfs_pointer(b"hello") is None


def test_symlink_leaving_the_folder_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    root = tmp_path / "release"
    root.mkdir()
    os.symlink(outside, root / "weights.bin")
    release = open_local(root)
    entry = release.get("weights.bin")
    assert entry is not None and not entry.available
    assert "leaves the release folder" in (entry.unavailable_reason or "")
    with pytest.raises(UnreadableFile):
        release.read("weights.bin")
    assert release.bytes_read == 0


def test_ranged_reads_count_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.bin").write_bytes(bytes(range(256)) * 4096)
    release = open_local(tmp_path)
    assert release.read("big.bin", 10, 5) == bytes(range(10, 15))
    assert release.bytes_read == 5
    assert release.total_bytes == 256 * 4096


def test_single_file_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "LICENSE").write_text("MIT License")
    release = open_local(tmp_path / "LICENSE")
    assert [f.path for f in release.files] == ["LICENSE"]
    with pytest.raises(SourceNotFound):
        open_local(tmp_path / "missing")


def test_git_metadata_skipped_and_head_read(tmp_path: Path) -> None:
    git = tmp_path / ".git"
    (git / "refs" / "heads").mkdir(parents=True)
    (git / "HEAD").write_text("ref: refs/heads/main\n")
    (git / "refs" / "heads" / "main").write_text("a" * 40 + "\n")
    (tmp_path / "README.md").write_text("# card")
    release = open_local(tmp_path)
    assert [f.path for f in release.files] == ["README.md"]
    assert release.source.revision == "a" * 40


def test_special_files_are_listed_never_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "evil.py")  # reading a FIFO would block forever
    (tmp_path / "README.md").write_text("# card\n")
    release = open_local(tmp_path)
    entry = release.get("evil.py")
    assert entry is not None and not entry.available and entry.unavailable_reason == "not a regular file"
    with pytest.raises(UnreadableFile):
        release.read("evil.py")
