"""Local folder (or single file) source. Git LFS pointer files stand in for their content."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from unveil.errors import SourceNotFound, UnreadableFile
from unveil.release import FileEntry, Release, SourceInfo

_LFS_HEADER = b"version https://git-lfs.github.com/spec/v1"
_LFS_OID = re.compile(rb"^oid sha256:([0-9a-f]{64})$", re.M)
_LFS_SIZE = re.compile(rb"^size (\d+)$", re.M)
# Pointer files are tiny (the spec caps them at 1024 bytes).
_MAX_POINTER_BYTES = 1024
# Directories that are tooling state, not release content.
_SKIP_DIRS = {".git", ".hg", ".svn", "__pycache__", ".ipynb_checkpoints"}


def parse_lfs_pointer(head: bytes) -> tuple[str, int] | None:
    """(sha256, size) when `head` is a whole Git LFS pointer file, else None."""
    if not head.startswith(_LFS_HEADER) or len(head) > _MAX_POINTER_BYTES:
        return None
    oid, size = _LFS_OID.search(head), _LFS_SIZE.search(head)
    if not oid or not size:
        return None
    return oid.group(1).decode(), int(size.group(1))


class LocalReader:
    """Ranged reads from files under one root; refuses anything that resolves outside it."""

    def __init__(self, root: Path, aliases: dict[str, str] | None = None) -> None:
        self.root = root.resolve()
        # Display path -> on-disk name, for names that are not valid UTF-8 (see `_display_name`).
        self.aliases = aliases or {}
        # Scanners make many small ranged reads of one file (a zip's headers): resolve each path once.
        self._resolved: dict[str, Path] = {}

    def resolve(self, path: str) -> Path:
        cached = self._resolved.get(path)
        if cached is not None:
            return cached
        full = _resolve(self.root / self.aliases.get(path, path))
        if full is None:
            raise UnreadableFile(path, "error", "symlink loop")
        if full != self.root and self.root not in full.parents:
            raise UnreadableFile(path, "error", "resolves outside the release folder")
        self._resolved[path] = full
        return full

    def read_range(self, path: str, start: int, length: int) -> bytes:
        full = self.resolve(path)
        if not full.is_file():
            raise UnreadableFile(path, "error", "not a regular file")
        try:
            with open(full, "rb") as fh:
                fh.seek(start)
                return fh.read(length)
        except OSError as exc:
            raise UnreadableFile(path, "error", exc.strerror or str(exc)) from exc


def _resolve(path: Path) -> Path | None:
    """`path.resolve()`, or None on a symlink loop (RuntimeError before Python 3.13, OSError after)."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):
        return None


def _entry_for(root: Path, full: Path, rel: str) -> FileEntry:
    if full.is_symlink():
        target = os.readlink(full)
        resolved = _resolve(full)
        if resolved is None:
            return FileEntry(path=rel, size=None, available=False,
                             unavailable_reason=f"symlink loop (-> {target})", symlink_target=target)
        if resolved != root and root not in resolved.parents:
            return FileEntry(
                path=rel,
                size=None,
                available=False,
                unavailable_reason=f"symlink leaves the release folder (-> {target})",
                symlink_target=target,
            )
        if not resolved.is_file():
            return FileEntry(path=rel, size=None, available=False,
                             unavailable_reason=f"dangling symlink (-> {target})", symlink_target=target)
    try:
        info = full.stat()
    except OSError as exc:
        return FileEntry(path=rel, size=None, available=False, unavailable_reason=str(exc))
    if not stat.S_ISREG(info.st_mode):
        # A FIFO, socket or device would block or never end: list it, never read it.
        return FileEntry(path=rel, size=None, available=False, unavailable_reason="not a regular file")
    size = info.st_size
    if size <= _MAX_POINTER_BYTES:
        try:
            head = full.read_bytes()
        except OSError as exc:
            return FileEntry(path=rel, size=size, available=False, unavailable_reason=str(exc))
        pointer = parse_lfs_pointer(head)
        if pointer:
            sha, real_size = pointer
            return FileEntry(
                path=rel, size=real_size, sha256=sha, lfs=True, pointer=True, available=False,
                unavailable_reason="Git LFS pointer: content not downloaded",
            )
        return FileEntry(path=rel, size=size, sha256=hashlib.sha256(head).hexdigest())
    return FileEntry(path=rel, size=size)


def _display_name(rel: str) -> str:
    """A file name that is not valid UTF-8 decodes with surrogates, which no report can encode:
    show its bad bytes as backslash escapes (the reader maps the shown name back to the real one)."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


def list_folder(root: Path, aliases: dict[str, str] | None = None) -> list[FileEntry]:
    entries: list[FileEntry] = []
    root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
        base = Path(dirpath)
        for name in sorted(filenames):
            full = base / name
            rel = full.relative_to(root).as_posix()
            shown = _display_name(rel)
            if shown != rel and aliases is not None:
                aliases[shown] = rel
            entries.append(_entry_for(root, full, shown))
    return entries


def open_local(path: str | os.PathLike[str]) -> Release:
    """A Release from a folder, or from a single file (the folder is its parent, listing just it)."""
    target = Path(path)
    if not target.exists() and not target.is_symlink():
        raise SourceNotFound(f"no such file or folder: {path}")
    aliases: dict[str, str] = {}
    if target.is_dir():
        root = target.resolve()
        files = list_folder(root, aliases)
    else:
        root = (_resolve(target) or target.absolute()).parent
        shown = _display_name(target.name)
        if shown != target.name:
            aliases[shown] = target.name
        files = [_entry_for(root, target.absolute(), shown)]
    source = SourceInfo(kind="local", id=_display_name(str(target)), revision=_git_head(root))
    return Release(source=source, files=files, reader=LocalReader(root, aliases), local_root=str(root))


def _git_head(root: Path) -> str | None:
    """The commit sha when the folder is a git checkout (read from .git, no subprocess)."""
    head = root / ".git" / "HEAD"
    try:
        ref = head.read_text().strip()
    except OSError:
        return None
    if ref.startswith("ref: "):
        ref_path = root / ".git" / ref[5:]
        try:
            return ref_path.read_text().strip()
        except OSError:
            packed = root / ".git" / "packed-refs"
            try:
                for line in packed.read_text().splitlines():
                    if line.endswith(" " + ref[5:]):
                        return line.split(" ", 1)[0]
            except OSError:
                return None
            return None
    return ref if re.fullmatch(r"[0-9a-f]{40,64}", ref) else None
