"""Dispatcher: sniff each artifact by content, hand it to the first format that claims it, recurse
into members with depth and size limits. One list names every format module (`FORMAT_MODULES`), and
a format's module is imported when a file of its kind is first met (`HEAD_TESTS`), not at start-up."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from unveil import budgets
from unveil.errors import UnreadableFile
from unveil.release import Release
from unveil.security.artifact_rules import ARCHIVE_LIMIT
from unveil.security.formats import FORMATS, ByteSource, FormatScanner, ScanContext
from unveil.security.formats._expansion import budget_for, expansion_budget
from unveil.security.pickle import scan_embedded_pickles


def _log_bug(message: str, *args: object) -> None:
    """A sniffer or format that crashed, with its traceback, for `--verbose` (from an except block)."""
    import logging  # lazy: start-up (logging loads only when there is something to log)

    logging.getLogger(__name__).debug(message, *args, exc_info=True)


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

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a local header, or the end record of an empty archive
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"


def _zip(head: bytes) -> bool:
    return head[:4] in ZIP_MAGICS


def _lzma_alone(head: bytes) -> bool:
    """The first checks of joblib's raw-LZMA sniffer: a props byte, then a plausible dictionary size."""
    if len(head) < 13 or head[0] > 224:
        return False
    size = int.from_bytes(head[1:5], "little")
    return size >= 4096 and (size & (size - 1) == 0 or size % (1 << 16) == 0)


# A cheap look at the head that EVERY sniffer of a module needs to say yes: when it is false, no format
# of the module can claim the file, and the module is not imported for it (a scan of one pickle must not
# import, and compile, fourteen parsers). Each test is a necessary condition, never the sniff itself: a
# module not listed is always asked. tests/test_security_registry.py holds each test to its sniffers.
HEAD_TESTS: dict[str, Callable[[bytes], bool]] = {
    "safetensors": lambda head: head[8:9] == b"{",  # an 8-byte header length, then the JSON header
    "gguf": lambda head: head[:4] == b"GGUF",
    "zip_concat": _zip,
    "numpy": lambda head: head[:6] == b"\x93NUMPY" or _zip(head),
    # Keras v3 (zip), HDF5 after a user block of up to 2048 bytes, a bare config JSON.
    "keras": lambda head: _zip(head) or HDF5_MAGIC in head[:2056]
    or head.lstrip(b" \t\r\n\xef\xbb\xbf")[:1] == b"{",
    "torch_zip": _zip,
    "torch_legacy": lambda head: head[:2] == b"\x80\x02",  # the pickled magic number, protocol 2
    "onnx": lambda head: head[:1] == b"\x08",  # ModelProto.ir_version first
    "tf_savedmodel": lambda head: head[:1] in (b"\x08", b"\x0a"),  # SavedModel schema version, GraphDef node
    "sentencepiece": lambda head: head[:1] == b"\x0a",  # a piece message first
    "chat_template": lambda head: b"{" in head and b"\x00" not in head,  # JSON object or Jinja, as text
    "joblib": lambda head: head[:2] == b"ZF" or (len(head) >= 2 and head[0] & 0x0F == 8) or _lzma_alone(head),
    # zip, tar (a 512-byte header), gzip, bz2, xz.
    "archive": lambda head: _zip(head) or len(head) >= 512 or head[:2] == b"\x1f\x8b" or head[:3] == b"BZh"
    or head[:6] == b"\xfd7zXZ\x00",
}

MAX_DEPTH = 6
MAX_MEMBER_BYTES = 512 * 1024 * 1024
MAX_MEMBERS_PER_FILE = 10_000
FILE_TIME_BUDGET_S = 120.0
READ_WINDOW = 64 * 1024

_lock = threading.RLock()
_loaded = False  # every module imported (load_formats)
# A format module's formats, in registration order, once the module is imported.
_BY_MODULE: dict[str, list[FormatScanner]] = {}


class FormatRegistryError(RuntimeError):
    """A format module failed to import: scanning without it would silently drop its files."""


def formats_of(name: str) -> list[FormatScanner]:
    """The formats module `name` registers, importing it on first use under the lock (a threaded survey
    never sees a half-registered module). A module that fails to import raises `FormatRegistryError`:
    the caller makes the file unscannable with the reason, never "unrecognised"."""
    found = _BY_MODULE.get(name)
    if found is not None:
        return found
    with _lock:
        found = _BY_MODULE.get(name)
        if found is None:
            module = f"unveil.security.formats.{name}"
            try:
                importlib.import_module(module)
            except Exception as exc:
                raise FormatRegistryError(f"artifact format module {name!r} failed to import: {exc}") from exc
            found = [f for f in FORMATS if type(f).__module__ == module]
            _BY_MODULE[name] = found
    return found


def load_formats() -> None:
    """Import every format module once (the rule registry, tests, a warm-up) and check that no format
    registers from outside FORMAT_MODULES. A module that fails to import is an error."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if _loaded:
            return
        for name in FORMAT_MODULES:
            formats_of(name)
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
    """The first format (in FORMAT_MODULES order) whose sniffer and claim accept the file; a module whose
    head test fails is skipped without being imported."""
    head = ctx.head() if head is None else head
    for name in FORMAT_MODULES:
        test = HEAD_TESTS.get(name)
        if test is not None and not test(head):
            continue
        for fmt in formats_of(name):
            try:
                if not fmt.sniff(head, ctx.path):
                    continue
                claims = getattr(fmt, "claims", None)
                if claims is not None and not claims(ctx):
                    continue
            except UnreadableFile:
                raise
            except Exception:  # noqa: BLE001 - a sniffer bug must not hide the file from other formats
                _log_bug("sniffer %s failed on %s", getattr(fmt, "name", fmt), ctx.path)
                continue
            return fmt
    return None


def scan_source(ctx: ScanContext, budget: _Budget | None = None) -> bool:
    """Scan one artifact (file or member) in place; True when some format recognised it."""
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
    except FormatRegistryError as exc:  # a format that might read this file is missing: fail closed
        ctx.cannot_scan(str(exc))
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
        _log_bug("format %s crashed on %s", fmt.name, ctx.path)
        ctx.cannot_scan(f"{fmt.name}: parser error ({type(exc).__name__}: {exc})")
    return True


_ZIP_HEAD = b"PK\x03\x04"
FALLBACK_SEARCH_BYTES = 1024 * 1024  # bounded: unrecognised files may be huge or remote


def _fallback_format(ctx: ScanContext):  # type: ignore[no-untyped-def]
    """A zip with data prepended (self-extracting style, junk before PK): zipfile, numpy and Keras
    find it from the end-of-directory record, so hand it to the zip-family formats."""
    # lazy: start-up (only a file no format claimed needs the zip reader)
    from unveil.security.formats.zipfile_reader import ZipError, read_zip

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
