"""Every budget unveil keeps on untrusted input, named, as data, in one place.

A parser that would exceed a budget raises `BudgetExceeded`; the dispatcher (artifacts), the code
scanner (bundled code) and the card reader turn it into "unscannable" with a reason that starts with
`budget: `, never a hang, a crash or a silent partial result. The defaults are documented in the
README ("Budgets"); they are generous for real releases and small enough that every hostile input
ends in seconds and well under 1 GiB on a 2-core machine.

Budgets are process-wide: `UNVEIL_BUDGET_<NAME>=<value>` in the environment (the operator's
configuration, never the release's) or `override(name=value)` from the API change them. Nothing
inside an audited release can change a budget.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

KiB = 1024
MiB = 1024 * KiB


@dataclass(frozen=True)
class Budgets:
    # -- per file ------------------------------------------------------------------------------------
    file_seconds: float = 60.0  # wall time for one top-level artifact, every member included
    # -- per release ---------------------------------------------------------------------------------
    release_files: int = 250_000  # files listed; beyond it the listing stops and says so
    card_bytes: int = 512 * KiB  # a model card is read up to this size (real ones: < 250 KiB); larger: in part
    front_matter_bytes: int = 256 * KiB  # YAML front matter larger than this is not parsed
    front_matter_nodes: int = 262_144  # YAML nodes once aliases are expanded (alias bombs stop here)
    # -- survey inputs -------------------------------------------------------------------------------
    hub_listing_repos: int = 3_000_000  # repos one `hub:` enumeration may list (the whole Hub fits)
    hub_listing_seconds: float = 4 * 3600.0  # wall time one `hub:` enumeration may take
    hub_listing_repeats: int = 10_000  # repos in a row the listing already gave (a `next` link that loops)
    # -- containers a parser builds -------------------------------------------------------------------
    json_bytes: int = 16 * MiB  # one JSON document held in memory (safetensors header, Keras config)
    collection_items: int = 1_000_000  # entries one parser collects for one file (keys, tensors, layers)
    string_bytes: int = 16 * MiB  # one string a parser decodes (GGUF values, protobuf strings)
    gguf_metadata_pairs: int = 65_536  # GGUF key/value pairs (real files have under a hundred)
    gguf_array_items: int = 4_000_000  # items of one GGUF string array (vocabularies are ~256k)
    protobuf_nesting: int = 32  # ONNX subgraphs nested in node attributes (If/Loop/Scan bodies)
    protobuf_fields: int = 2_000_000  # protobuf fields walked per file
    # -- templates -----------------------------------------------------------------------------------
    template_bytes: int = 256 * KiB  # one chat template, in characters (real ones are a few KiB)
    fold_chars: int = 4096  # longest string the template constant folder builds
    fold_steps: int = 100_000  # constant-folding steps per template
    # -- bundled code --------------------------------------------------------------------------------
    code_file_bytes: int = 4 * MiB  # one Python / C file parsed (larger is unscannable)
    findings_per_rule_file: int = 10  # findings kept per (rule, file); the rest become one aggregate
    # -- untrusted text matched by regular expressions ------------------------------------------------
    regex_line_chars: int = 4096  # lines longer than this are matched as overlapping windows of this size
    regex_card_seconds: float = 1.5  # matching time one card's long lines may take in all


DEFAULTS = Budgets()


class BudgetExceeded(Exception):
    """A budget tripped. `reason` is what the report says (`budget: <name> ...`)."""

    def __init__(self, name: str, detail: str) -> None:
        super().__init__(f"budget: {name} exceeded ({detail})")
        self.name = name
        self.detail = detail

    @property
    def reason(self) -> str:
        return str(self)


def _from_env(base: Budgets) -> Budgets:
    changes: dict[str, object] = {}
    for f in fields(base):
        raw = os.environ.get(f"UNVEIL_BUDGET_{f.name.upper()}")
        if raw is None:
            continue
        try:
            value = float(raw) if f.type in ("float", float) else int(raw.replace("_", ""))
        except ValueError:
            continue  # a typo in the operator's environment keeps the default rather than crash
        if value > 0:
            changes[f.name] = value
    return replace(base, **changes) if changes else base


_active: Budgets = _from_env(DEFAULTS)


def current() -> Budgets:
    return _active


@contextmanager
def override(**changes: float) -> Iterator[Budgets]:
    """Run with some budgets changed (process-wide; for the API and tests)."""
    global _active
    previous = _active
    _active = replace(previous, **changes)
    try:
        yield _active
    finally:
        _active = previous


def trip(name: str, detail: str) -> BudgetExceeded:
    return BudgetExceeded(name, detail)


def check(name: str, value: float, what: str = "") -> None:
    """Raise when `value` is over the budget `name`."""
    limit = getattr(_active, name)
    if value > limit:
        raise BudgetExceeded(name, f"{what + ': ' if what else ''}{_fmt(value)} > {_fmt(limit)}")


def _fmt(n: float) -> str:
    if isinstance(n, float) and not n.is_integer():
        return f"{n:g}"
    return f"{int(n):,}"


# -- per-file deadline (thread-local: every file is scanned in one thread) --------------------------------
_local = threading.local()


@contextmanager
def file_deadline(seconds: float | None = None) -> Iterator[None]:
    """Open the time budget of one top-level file unless one is already open (members share it)."""
    if getattr(_local, "deadline", None) is not None:
        yield
        return
    _local.deadline = time.monotonic() + (seconds if seconds is not None else _active.file_seconds)
    _local.charged = {}
    try:
        yield
    finally:
        _local.deadline = None
        _local.charged = {}


def check_time(what: str) -> None:
    """Raise when the current file's time budget is spent (cheap: call it in parser loops)."""
    deadline = getattr(_local, "deadline", None)
    if deadline is not None and time.monotonic() > deadline:
        raise BudgetExceeded("file_seconds", f"{what} still running after {_fmt(_active.file_seconds)} s")


def charge(name: str, n: int, what: str) -> None:
    """Add `n` to the current file's running total for the budget `name` (e.g. protobuf fields walked
    across every message of one file); raise when it goes over. Outside a file scope it only checks `n`."""
    charged = getattr(_local, "charged", None)
    if charged is None:
        total = n
    else:
        total = charged[name] = charged.get(name, 0) + n
    limit = getattr(_active, name)
    if total > limit:
        raise BudgetExceeded(name, f"{what}: more than {_fmt(limit)}")
    check_time(what)


class Counter:
    """Counts entries one parser builds for one file against a budget (`collection_items` by default)."""

    __slots__ = ("name", "limit", "n", "what")

    def __init__(self, what: str, name: str = "collection_items") -> None:
        self.name = name
        self.limit = getattr(_active, name)
        self.n = 0
        self.what = what

    def add(self, k: int = 1) -> None:
        self.n += k
        if self.n > self.limit:
            raise BudgetExceeded(self.name, f"{self.what}: more than {_fmt(self.limit)}")
        if not self.n & 0xFFF:
            check_time(self.what)


def describe() -> list[tuple[str, str]]:
    """(name, default) for every budget: the README table and `--help` texts are built from this."""
    return [(f.name, _fmt(getattr(DEFAULTS, f.name))) for f in fields(DEFAULTS)]
