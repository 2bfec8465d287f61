"""Settings of one Hub audit, light enough to import anywhere (no HTTP client): deadlines and a
listing already known from a census's paged enumeration. Picklable, so surveys send them to workers."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

# Defaults of `--deadline` (the whole audit's network time) and `--file-deadline` (one file's).
DEFAULT_DEADLINE = 600.0
DEFAULT_FILE_DEADLINE = 120.0


def env_seconds(name: str, default: float) -> float:
    """A positive number of seconds from the environment (a bad value falls back to the default)."""
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


class DeadlineExceeded(Exception):
    """The time given to this read (or to the whole audit) is spent."""


class Deadline:
    """An end time on the monotonic clock."""

    def __init__(self, seconds: float, what: str) -> None:
        self.seconds = seconds
        self.what = what
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def check(self) -> float:
        left = self.remaining()
        if left <= 0:
            raise DeadlineExceeded(f"deadline: {self.what} ({self.seconds:g} s) passed")
        return left

    def earliest(self, other: Deadline) -> Deadline:
        return self if self.end <= other.end else other


@dataclass(frozen=True)
class HubListing:
    """What a paged `list_models(expand=...)` already told about a repo: no per-repo API call needed."""

    repo_id: str
    sha: str
    files: tuple[str, ...]
    gated: bool = False


@dataclass(frozen=True)
class HubOptions:
    """Per-audit network settings: deadlines in seconds (None: flag's env var, then the default)."""

    deadline: float | None = None
    file_deadline: float | None = None
    listing: HubListing | None = None

    def audit_deadline(self) -> Deadline:
        return Deadline(self.deadline or env_seconds("UNVEIL_DEADLINE", DEFAULT_DEADLINE), "the audit's deadline")

    def per_file(self) -> float:
        return self.file_deadline or env_seconds("UNVEIL_FILE_DEADLINE", DEFAULT_FILE_DEADLINE)
