"""The release model: a file listing plus a ranged byte reader that counts what it reads.

Sources build a `Release`; analyzers only ever read bytes through it, so `bytes_read` is honest
whatever the source (local folder, Hub over HTTP range requests, git clone, declared facts).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from unveil import budgets
from unveil.errors import UnreadableFile

# Small text files (configs, licenses) are read whole up to this size (cards: budget `card_bytes`).
MAX_TEXT_BYTES = 2 * 1024 * 1024
# Files up to this size are fetched whole on first read and cached (the Hub reader does the same),
# up to SMALL_CACHE_BYTES in all: memory stays bounded on a release of 100,000 small files.
SMALL_FILE_BYTES = 256 * 1024
SMALL_CACHE_BYTES = 128 * 1024 * 1024


@dataclass(frozen=True)
class FileEntry:
    """One file of a release. `path` is POSIX-style and relative to the release root."""

    path: str
    size: int | None
    sha256: str | None = None
    lfs: bool = False
    # A Git LFS pointer stands in for the content: size and sha256 come from the pointer,
    # and the content itself is not available.
    pointer: bool = False
    # False when the bytes cannot be fetched (gated, not recorded, pointer only).
    available: bool = True
    unavailable_reason: str | None = None
    symlink_target: str | None = None

    # Computed once per entry with string methods (a 200,000-file release asks for each many times;
    # a PurePosixPath per access was a fifth of a local audit). Same results as pathlib's.
    name: str = field(init=False, repr=False, compare=False)
    suffix: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        name = self.path.rstrip("/").rsplit("/", 1)[-1]
        dot = name.rfind(".")
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "suffix", name[dot:].lower() if 0 < dot < len(name) - 1 else "")


class ByteReader(Protocol):
    """Reads a byte range of one file. Raises `UnreadableFile` when it cannot."""

    def read_range(self, path: str, start: int, length: int) -> bytes: ...


@dataclass
class SourceInfo:
    kind: str  # local | hub | git | declared
    id: str
    revision: str | None = None  # a commit sha when the source has one
    requested_revision: str | None = None  # what the user asked for (branch, tag, sha)
    url: str | None = None
    refs: dict[str, list[str]] = field(default_factory=dict)  # branches/tags -> names


class _NoReader:
    def read_range(self, path: str, start: int, length: int) -> bytes:
        raise UnreadableFile(path, "missing", "this source has no file contents")


@dataclass
class Release:
    source: SourceInfo
    files: list[FileEntry]
    reader: ByteReader = field(default_factory=_NoReader)
    # Facts declared without files (a MOT model YAML); None for file-based sources.
    declared: dict[str, Any] | None = None
    # path -> (kind, reason) for every read that failed; feeds "inconclusive" verdicts.
    unreadable: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Local folder the files live in, when there is one (lets tools that need real paths run).
    local_root: str | None = None
    bytes_read: int = 0
    # Called with the path after every successful read (the service turns it into progress events).
    observer: Callable[[str], None] | None = field(default=None, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _by_path: dict[str, FileEntry] = field(default_factory=dict, repr=False)
    _text_cache: dict[str, str | None] = field(default_factory=dict, repr=False)
    # Whole small files, so several analyzers reading the same card or script cost one read.
    _small_cache: dict[str, bytes] = field(default_factory=dict, repr=False)
    _small_cached: int = field(default=0, repr=False)
    # SHA-256 of files read whole, front to back (bills of materials hash everything that was read):
    # path -> (next offset, running hash); None once a read skipped ahead (the hash cannot be completed).
    _hashing: dict[str, tuple[int, Any] | None] = field(default_factory=dict, repr=False)
    _read_sha256: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_path = {f.path: f for f in self.files}

    # -- listing ---------------------------------------------------------------
    @property
    def total_bytes(self) -> int:
        return sum(f.size or 0 for f in self.files)

    def get(self, path: str) -> FileEntry | None:
        return self._by_path.get(path)

    def find(self, *names: str) -> FileEntry | None:
        """First file whose path equals one of `names` case-insensitively (root first)."""
        lowered = {n.lower() for n in names}
        for f in self.files:
            if f.path.lower() in lowered:
                return f
        return None

    def iter_files(self) -> Iterator[FileEntry]:
        return iter(self.files)

    # -- reading ---------------------------------------------------------------
    def read(self, path: str, start: int = 0, length: int | None = None) -> bytes:
        """Read `length` bytes at `start` (the rest of the file when None). Counts bytes_read."""
        entry = self._by_path.get(path)
        if entry is None:
            raise UnreadableFile(path, "missing", "not in the release listing")
        if not entry.available:
            reason = entry.unavailable_reason or "content not available"
            kind = "pointer" if entry.pointer else "access-denied" if "gated" in reason else "missing"
            self._mark_unreadable(path, kind, reason)
            raise UnreadableFile(path, kind, reason)
        if length is None:
            length = max((entry.size or 0) - start, 0) if entry.size is not None else 1 << 62
        if length <= 0:
            return b""
        cached = self._small_cache.get(path)
        if cached is not None:
            return cached[start : start + length]
        # Small files are read whole once and served from memory: several analyzers sniff, parse and
        # re-read the same card, config or script, and each byte should count once in bytes_read.
        whole_small = entry.size is not None and entry.size <= SMALL_FILE_BYTES
        try:
            data = self.reader.read_range(path, 0 if whole_small else start,
                                          (entry.size or 0) if whole_small else length)
        except UnreadableFile as exc:
            self._mark_unreadable(path, exc.kind, exc.reason)
            raise
        with self._lock:
            self.bytes_read += len(data)
            self._hash_read(entry, 0 if whole_small else start, data)
            if whole_small and self._small_cached + len(data) <= SMALL_CACHE_BYTES:
                self._small_cache[path] = data
                self._small_cached += len(data)
        if self.observer is not None:
            self.observer(path)
        return data[start : start + length] if whole_small else data

    def _hash_read(self, entry: FileEntry, start: int, data: bytes) -> None:
        """Extend the file's running SHA-256 with the bytes that continue it (caller holds the lock)."""
        path = entry.path
        if path in self._read_sha256 or entry.size is None:
            return
        state = self._hashing.get(path)
        if state is None:  # not started, or broken by a gap: a read from the first byte (re)starts it
            state = (0, None) if start == 0 else None
        if state is None:
            self._hashing[path] = None
            return
        offset, digest = state
        end = start + len(data)
        if start > offset:  # a gap: this file is not read front to back
            self._hashing[path] = None
            return
        if end > offset:
            digest = digest or hashlib.sha256()
            digest.update(data[offset - start:])
            offset = end
        if offset >= entry.size and digest is not None:
            self._read_sha256[path] = digest.hexdigest()
            self._hashing.pop(path, None)
        else:
            self._hashing[path] = (offset, digest)

    def read_sha256(self, path: str) -> str | None:
        """SHA-256 of a file whose every byte was read (front to back), else None."""
        return self._read_sha256.get(path)

    def read_text(self, path: str, max_bytes: int = MAX_TEXT_BYTES) -> str | None:
        """Whole small text file decoded as UTF-8 (replacing bad bytes); None if unreadable."""
        if path in self._text_cache:
            return self._text_cache[path]
        entry = self._by_path.get(path)
        text: str | None = None
        if entry is not None:
            try:
                text = self.read(path, 0, max_bytes).decode("utf-8", errors="replace")
            except UnreadableFile:
                text = None
        self._text_cache[path] = text
        return text

    def read_json(self, path: str) -> Any:
        text = self.read_text(path)
        if text is None:
            return None
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # malformed or nested too deeply: hostile input, not a crash
            return None

    def _mark_unreadable(self, path: str, kind: str, reason: str) -> None:
        with self._lock:
            self.unreadable.setdefault(path, (kind, reason))

    # -- well-known files ------------------------------------------------------
    @property
    def card_path(self) -> str | None:
        entry = self.find("README.md", "README.markdown", "README", "MODEL_CARD.md", "model_card.md")
        return entry.path if entry else None

    @property
    def card_text(self) -> str | None:
        path = self.card_path
        if path is None:
            return None
        limit = budgets.current().card_bytes
        size = self._by_path[path].size
        if size is not None and size > limit:  # read in part, and said so (audit's "inconclusive")
            self._mark_unreadable(path, "partial", f"budget: card_bytes exceeded ({size:,} bytes > {limit:,}); "
                                                   f"only the first {limit:,} bytes of the card are read")
        return self.read_text(path, limit)

    @property
    def config(self) -> dict[str, Any] | None:
        data = self.read_json("config.json") if self.get("config.json") else None
        return data if isinstance(data, dict) else None
