"""Local folder (or single file) source. Git LFS pointer files stand in for their content."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from unveil import budgets
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
    """Ranged reads from files under one root; refuses anything that resolves outside it.

    Files the listing walked (regular files reached without following a link) are known to be inside
    the root: their on-disk path is registered up front instead of being resolved again, and the
    bytes of tiny files read while listing (to hash them and spot LFS pointers) are served from memory,
    so a folder of 50,000 small files is read once, not twice.
    """

    def __init__(self, root: Path, aliases: dict[str, str] | None = None,
                 known: dict[str, str] | None = None, prefetched: dict[str, bytes] | None = None) -> None:
        self.root = root.resolve()
        # Display path -> on-disk name, for names that are not valid UTF-8 (see `_display_name`).
        self.aliases = aliases or {}
        # Display path -> on-disk path of a walked regular file (checked while listing).
        self._known: dict[str, str] = known or {}
        self._prefetched: dict[str, bytes] = prefetched or {}
        # Scanners make many small ranged reads of one file (a zip's headers): resolve each path once.
        self._resolved: dict[str, Path] = {}

    def resolve(self, path: str) -> Path:
        cached = self._resolved.get(path)
        if cached is not None:
            return cached
        known = self._known.get(path)
        if known is not None:
            full = Path(known)
        else:
            full = _resolve(self.root / self.aliases.get(path, path))
            if full is None:
                raise UnreadableFile(path, "error", "symlink loop")
            if full != self.root and self.root not in full.parents:
                raise UnreadableFile(path, "error", "resolves outside the release folder")
        self._resolved[path] = full
        return full

    def read_range(self, path: str, start: int, length: int) -> bytes:
        data = self._prefetched.get(path)
        if data is not None:
            return data[start : start + length]
        known = self._known.get(path)
        if known is None:
            full = self.resolve(path)
            if not full.is_file():
                raise UnreadableFile(path, "error", "not a regular file")
            known = str(full)
        try:
            with open(known, "rb") as fh:
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


def _symlink_entry(root: Path, full: Path, rel: str) -> FileEntry | None:
    """The entry of a symlink that cannot be read (loop, leaves the folder, dangling), else None."""
    target = os.readlink(full)
    resolved = _resolve(full)
    if resolved is None:
        return FileEntry(path=rel, size=None, available=False,
                         unavailable_reason=f"symlink loop (-> {target})", symlink_target=target)
    if resolved != root and root not in resolved.parents:
        return FileEntry(path=rel, size=None, available=False,
                         unavailable_reason=f"symlink leaves the release folder (-> {target})", symlink_target=target)
    if not resolved.is_file():
        return FileEntry(path=rel, size=None, available=False,
                         unavailable_reason=f"dangling symlink (-> {target})", symlink_target=target)
    return None


def _entry_for(root: Path, full: Path, rel: str) -> FileEntry:
    if full.is_symlink():
        problem = _symlink_entry(root, full, rel)
        if problem is not None:
            return problem
        full = _resolve(full) or full  # a link to a file inside the release: read its target
    try:
        info = full.stat()
    except OSError as exc:
        return FileEntry(path=rel, size=None, available=False, unavailable_reason=str(exc))
    entry, _head = _regular_entry(str(full), rel, info)
    return entry


def _regular_entry(full: str, rel: str, info: os.stat_result) -> tuple[FileEntry, bytes | None]:
    """The entry of a file from its stat; tiny files are read (hash, LFS pointer) and their bytes returned."""
    if not stat.S_ISREG(info.st_mode):
        # A FIFO, socket or device would block or never end: list it, never read it.
        return FileEntry(path=rel, size=None, available=False, unavailable_reason="not a regular file"), None
    size = info.st_size
    if size > _MAX_POINTER_BYTES:
        return FileEntry(path=rel, size=size), None
    if size == 0:  # nothing to read (a folder of 200,000 empty files is a listing, not 200,000 opens)
        return FileEntry(path=rel, size=0, sha256=_EMPTY_SHA256), b""
    try:  # a raw descriptor: no buffered file object per tiny file; never follow a swapped-in link
        fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        try:
            head = os.read(fd, _MAX_POINTER_BYTES + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        return FileEntry(path=rel, size=size, available=False, unavailable_reason=str(exc)), None
    pointer = parse_lfs_pointer(head)
    if pointer:
        sha, real_size = pointer
        return FileEntry(
            path=rel, size=real_size, sha256=sha, lfs=True, pointer=True, available=False,
            unavailable_reason="Git LFS pointer: content not downloaded",
        ), None
    return FileEntry(path=rel, size=size, sha256=hashlib.sha256(head).hexdigest()), head


def _display_name(rel: str) -> str:
    """A file name that is not valid UTF-8 decodes with surrogates, which no report can encode:
    show its bad bytes as backslash escapes (the reader maps the shown name back to the real one)."""
    if rel.isascii():
        return rel
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return rel


_EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
# Bytes of tiny files kept from the listing for the scanners (beyond it they are read again).
_PREFETCH_BYTES = 32 * 1024 * 1024


@dataclass
class Listing:
    entries: list[FileEntry] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    known: dict[str, str] = field(default_factory=dict)
    prefetched: dict[str, bytes] = field(default_factory=dict)
    truncated: str | None = None  # why the listing stopped early (a budget), else None


def walk_folder(root: Path) -> Listing:
    """Every file under `root` (links not followed, tooling folders skipped), in `os.walk` order with
    sorted names: a folder's files, then each sub-folder. One `scandir` per folder, no Path objects."""
    out = Listing()
    root = root.resolve()
    root_str = str(root)
    limit = budgets.current().release_files
    prefetched_bytes = 0
    stack: list[tuple[str, str]] = [(root_str, "")]
    while stack:
        dirpath, prefix = stack.pop()
        files: list[os.DirEntry[str]] = []
        subdirs: list[os.DirEntry[str]] = []
        try:
            with os.scandir(dirpath) as it:
                for item in it:
                    try:
                        is_dir = item.is_dir()  # follows links, as os.walk does: a linked folder is not a file
                    except OSError:
                        is_dir = False
                    if is_dir:
                        if not item.is_symlink() and item.name not in _SKIP_DIRS:
                            subdirs.append(item)
                    else:
                        files.append(item)
        except OSError:
            continue
        files.sort(key=lambda e: e.name)
        for item in files:
            if len(out.entries) >= limit:
                out.truncated = (f"budget: release_files exceeded (more than {limit:,} files); "
                                 f"the files after the first {limit:,} are not listed, read or scanned")
                return out
            rel = prefix + item.name
            shown = _display_name(rel)
            if shown != rel:
                out.aliases[shown] = rel
            if item.is_symlink():
                out.entries.append(_entry_for(root, Path(item.path), shown))
                continue
            try:
                info = item.stat(follow_symlinks=False)
            except OSError as exc:
                out.entries.append(FileEntry(path=shown, size=None, available=False, unavailable_reason=str(exc)))
                continue
            entry, head = _regular_entry(item.path, shown, info)
            out.entries.append(entry)
            if entry.available:
                out.known[shown] = item.path
                if head is not None and prefetched_bytes + len(head) <= _PREFETCH_BYTES:
                    out.prefetched[shown] = head
                    prefetched_bytes += len(head)
        subdirs.sort(key=lambda e: e.name, reverse=True)
        stack.extend((d.path, prefix + d.name + "/") for d in subdirs)
    return out


def list_folder(root: Path, aliases: dict[str, str] | None = None) -> list[FileEntry]:
    listing = walk_folder(root)
    if aliases is not None:
        aliases.update(listing.aliases)
    return listing.entries


def open_local(path: str | os.PathLike[str]) -> Release:
    """A Release from a folder, or from a single file (the folder is its parent, listing just it)."""
    target = Path(path)
    if not target.exists() and not target.is_symlink():
        raise SourceNotFound(f"no such file or folder: {path}")
    if target.is_dir():
        root = target.resolve()
        listing = walk_folder(root)
    else:
        root = (_resolve(target) or target.absolute()).parent
        listing = Listing()
        shown = _display_name(target.name)
        if shown != target.name:
            listing.aliases[shown] = target.name
        listing.entries = [_entry_for(root, target.absolute(), shown)]
    source = SourceInfo(kind="local", id=_display_name(str(target)), revision=_git_head(root))
    reader = LocalReader(root, listing.aliases, listing.known, listing.prefetched)
    release = Release(source=source, files=listing.entries, reader=reader, local_root=str(root))
    if listing.truncated:
        release.unreadable["."] = ("listing", listing.truncated)
    return release


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
