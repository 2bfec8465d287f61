"""Dispatcher: sniff each artifact by content, hand it to the first format that claims it, recurse
into members with depth and size limits. One list names every format module (`FORMAT_MODULES`)."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from dataclasses import dataclass, field

from unveil import budgets
from unveil.errors import UnreadableFile
from unveil.release import Release
from unveil.security.artifact_rules import ARCHIVE_LIMIT
from unveil.security.formats import FORMATS, ByteSource, ScanContext
from unveil.security.formats._expansion import budget_for, expansion_budget
from unveil.security.formats.zipfile_reader import ZipError, read_zip
from unveil.security.pickle import scan_embedded_pickles

log = logging.getLogger(__name__)

# Sniff priority = this order: specific containers before generic ones, opcode sniffing last.
FORMAT_MODULES = [
    "safetensors",
    "gguf",
    "zip_concat",
    "numpy",
    "keras",
    "torch_zip",
    "torch_legacy",
    "onnx",
    "tf_savedmodel",
    "sentencepiece",
    "chat_template",
    "joblib",
    "archive",
    "pickle_raw",
]

MAX_DEPTH = 6
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_MEMBERS_PER_FILE = 10_000
FILE_TIME_BUDGET_S = 120.0
READ_WINDOW = 64 * 1024

_lock = threading.Lock()
_loaded = False


class FormatRegistryError(RuntimeError):
    """A format module failed to import: scanning without it would silently drop its files."""


def load_formats() -> None:
    """Import every format module once, under a lock, and mark the registry loaded only after all of
    them are in (a threaded survey must never see a half-filled registry). A module that fails to
    import is an error: the scan would otherwise call its files unrecognised."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        for name in FORMAT_MODULES:
            try:
                importlib.import_module(f"unveil.security.formats.{name}")
            except Exception as exc:
                raise FormatRegistryError(f"artifact format module {name!r} failed to import: {exc}") from exc
        # Keep FORMATS in FORMAT_MODULES order whatever the import order was.
        rank = {f"unveil.security.formats.{m}": i for i, m in enumerate(FORMAT_MODULES)}
        FORMATS.sort(key=lambda f: rank.get(type(f).__module__, len(rank)))
        unknown = [type(f).__module__ for f in FORMATS if type(f).__module__ not in rank]
        if unknown:
            raise FormatRegistryError(f"formats registered outside FORMAT_MODULES: {sorted(set(unknown))}")
        _loaded = True


@dataclass
class ReleaseSource:
    """A release file as a `ByteSource` (ranged reads through the release, so bytes_read stays honest)."""

    release: Release
    path: str
    size: int
    # A small read-ahead window for local files: parsers walk headers in many tiny reads (a zip with
    # 100,000 members needs ~1M of them), each of which would otherwise open the file again.
    _win_start: int = field(default=-1, repr=False)
    _win: bytes = field(default=b"", repr=False)

    def read(self, start: int, length: int) -> bytes:
        if start >= self.size or length <= 0:
            return b""
        length = min(length, self.size - start)
        if self.remote or length > READ_WINDOW // 4:
            return self.release.read(self.path, start, length)
        if self._win_start < 0 or start < self._win_start or start + length > self._win_start + len(self._win):
            self._win = self.release.read(self.path, start, min(READ_WINDOW, self.size - start))
            self._win_start = start
        offset = start - self._win_start
        return self._win[offset : offset + length]

    @property
    def remote(self) -> bool:
        """Every read is a network request: formats that search whole files cap what they fetch."""
        return self.release.source.kind == "hub"


@dataclass
class _Budget:
    deadline: float
    members: int = 0
    exhausted: bool = False  # said once, not once per remaining member


def pick_format(ctx: ScanContext, head: bytes | None = None):  # type: ignore[no-untyped-def]
    """The first format (in FORMAT_MODULES order) whose sniffer and claim accept the file."""
    head = ctx.head() if head is None else head
    for fmt in FORMATS:
        try:
            if not fmt.sniff(head, ctx.path):
                continue
            claims = getattr(fmt, "claims", None)
            if claims is not None and not claims(ctx):
                continue
        except UnreadableFile:
            raise
        except Exception:  # noqa: BLE001 - a sniffer bug must not hide the file from other formats
            log.debug("sniffer %s failed on %s", getattr(fmt, "name", fmt), ctx.path, exc_info=True)
            continue
        return fmt
    return None


def scan_source(ctx: ScanContext, budget: _Budget | None = None) -> bool:
    """Scan one artifact (file or member) in place; True when some format recognised it."""
    load_formats()
    if budget is None:  # a top-level artifact: its members share one time, member and expansion budget
        with expansion_budget(budget_for(ctx.source.size)), budgets.file_deadline():
            recognised = scan_source(ctx, _Budget(time.monotonic() + FILE_TIME_BUDGET_S))
        flush = getattr(ctx.findings, "flush", None)
        if flush is not None:
            flush()  # one aggregate finding per rule capped in this file
        return recognised
    ctx.scan_member = _member_scanner(budget)
    try:
        fmt = pick_format(ctx)
        if fmt is None:
            fmt = _fallback_format(ctx)
    except UnreadableFile as exc:
        # Not even the head could be read (gated, missing, network): the caller decides if it matters.
        ctx.cannot_scan(f"unreadable ({exc.kind}): {exc.reason}")
        return False
    if fmt is None:
        return _scan_unrecognised(ctx)
    ctx.scanned.append(ctx.path)
    try:
        fmt.scan(ctx)
    except UnreadableFile as exc:
        ctx.cannot_scan(f"unreadable: {exc.reason}")
    except budgets.BudgetExceeded as exc:  # a named budget tripped (see unveil.budgets)
        ctx.cannot_scan(exc.reason)
    except MemoryError:
        ctx.cannot_scan(f"budget: {fmt.name}: out of memory while scanning")
    except RecursionError:
        ctx.cannot_scan(f"budget: {fmt.name}: nesting too deep to parse")
    except Exception as exc:  # noqa: BLE001 - fail closed: never crash on hostile input
        log.debug("format %s crashed on %s", fmt.name, ctx.path, exc_info=True)
        ctx.cannot_scan(f"{fmt.name}: parser error ({type(exc).__name__}: {exc})")
    return True


_ZIP_HEAD = b"PK\x03\x04"
FALLBACK_SEARCH_BYTES = 1024 * 1024  # bounded: unrecognised files may be huge or remote


def _fallback_format(ctx: ScanContext):  # type: ignore[no-untyped-def]
    """A zip with data prepended (self-extracting style, junk before PK): zipfile, numpy and Keras
    find it from the end-of-directory record, so hand it to the zip-family formats."""

    try:
        read_zip(ctx.source)
    except (ZipError, UnreadableFile, ValueError, OverflowError):
        return None
    except Exception:  # noqa: BLE001 - a malformed tail must not stop the scan
        return None
    return pick_format(ctx, _ZIP_HEAD + ctx.head())


def _scan_unrecognised(ctx: ScanContext) -> bool:
    """No format claimed the bytes: fail closed by looking for pickles hidden behind junk bytes
    (a loader that seeks past a prefix, or a polyglot). Only clear danger is reported."""

    size = ctx.source.size
    if size < 8:
        return False
    try:
        data = ctx.source.read(0, min(size, FALLBACK_SEARCH_BYTES))
    except UnreadableFile:
        return False
    if b"\x80" not in data:
        return False
    before = len(ctx.findings)
    scan_embedded_pickles(ctx, data, 0, label="pickle")
    if len(ctx.findings) > before:
        ctx.scanned.append(ctx.path)
        return True
    return False


def _member_scanner(budget: _Budget):  # type: ignore[no-untyped-def]
    def scan_member(parent: ScanContext, name: str, source: ByteSource) -> bool:
        """Scan a member like a file; True when some format recognised it."""
        path = f"{parent.path}!{name}"
        budget.members += 1
        if parent.depth + 1 > MAX_DEPTH:
            parent.cannot_scan(f"nesting deeper than {MAX_DEPTH} levels", path=path)
            parent.report(ARCHIVE_LIMIT.id, "high", f"member nested deeper than {MAX_DEPTH} levels", path=path)
            return False
        if source.size > MAX_MEMBER_BYTES:
            parent.cannot_scan(f"budget: member larger than {MAX_MEMBER_BYTES} bytes", path=path)
            return False
        if budget.members > MAX_MEMBERS_PER_FILE or time.monotonic() > budget.deadline:
            if not budget.exhausted:
                budget.exhausted = True
                parent.cannot_scan("budget: members/time exhausted; further members not scanned", path=path)
            return False
        child = ScanContext(
            path=path,
            source=source,
            depth=parent.depth + 1,
            findings=parent.findings,
            unscannable=parent.unscannable,
            scanned=parent.scanned,
        )
        return scan_source(child, budget)

    return scan_member
