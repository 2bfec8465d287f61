"""Errors that map to the command contract's exit codes."""

from __future__ import annotations

from unveil.sanitize import text

EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EXIT_NOTHING = 4
EXIT_INTERNAL = 70  # a bug: an exception unveil did not expect (EX_SOFTWARE)


class UnveilError(Exception):
    """A user-facing failure: one clear line, no traceback, a contract exit code."""
    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        # The message often names an input or quotes a server: shown, never interpreted by the terminal.
        message = text(message)
        super().__init__(message)
        self.message = message


class UsageError(UnveilError):
    """Bad arguments or an input that does not exist (exit 2)."""


class SourceNotFound(UsageError):
    """The path, repo or URL does not exist (exit 2)."""


class NothingAuditable(UnveilError):
    exit_code = EXIT_NOTHING


class UnreadableFile(Exception):
    """A file in a release could not be read; the checks depending on it become inconclusive.

    `kind` is one of: access-denied, rate-limited, missing, pointer, too-large, error.
    """
    def __init__(self, path: str, kind: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.kind = kind
        self.reason = reason
