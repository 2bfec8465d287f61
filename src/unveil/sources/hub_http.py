"""Bounded HTTP for the Hub source: deadlines, capped reads, pinned redirects, a shared rate limiter.

A Hub endpoint is a server like any other: it may dribble a byte every few seconds, lie in its
Content-Length, redirect elsewhere, answer 429 or 500 forever, or list hostile paths. Everything
here is built so that a misbehaving server costs at most the deadline it was given:

- `Deadline`: an end time on the monotonic clock; every socket wait is cut to what is left of it.
- `open_response`: one GET through the `huggingface_hub` session, redirects followed by hand and
  only when they stay on the endpoint (pinned under a path prefix) or go to the Hub's own CDN.
- `read_capped`: the body, never more than the caller asked whatever Content-Length says, undecoded.
- `LIMITER`: one per process, shared by every worker thread: a 429's Retry-After or a `RateLimit`
  header saying the quota is spent pauses every request until the window resets.
- `unsafe_path_reason`: the listing path validator (no absolute paths, dot segments, backslashes,
  control characters), so no request leaves `/resolve/<sha>/`.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

try:  # huggingface_hub >= 1.0 speaks httpx (vendored as httpx2 in recent releases)
    import httpx2 as _httpx
except ImportError:  # pragma: no cover - depends on the installed client
    import httpx as _httpx  # type: ignore[no-redef]

from huggingface_hub.utils import get_session

from unveil import sanitize
from unveil.sources.hub_options import Deadline, DeadlineExceeded

HTTPError = _httpx.HTTPError
MAX_REDIRECTS = 5
# Hosts the real Hub sends file downloads to (LFS / Xet CDNs); followed only for a huggingface.co endpoint.
HUB_CDN_SUFFIXES = (".huggingface.co", ".hf.co")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_RATELIMIT_R = re.compile(r"(?:^|;)\s*r=(\d+)")
_RATELIMIT_T = re.compile(r"(?:^|;)\s*t=(\d+)")


def show(text: object, limit: int = 80) -> str:
    """Server-sent text for a one-line message: escaped as a name (`unveil.sanitize`), length capped."""
    out = sanitize.name(str(text))
    return out if len(out) <= limit else out[: limit - 1] + "…"


def unsafe_path_reason(path: Any) -> str | None:
    """Why a listed path cannot be a file of the repository, or None when it can."""
    if not isinstance(path, str):
        return "not a string"
    if not path:
        return "empty path"
    if len(path) > 4096:
        return "path longer than 4096 characters"
    if "\x00" in path:
        return "NUL byte"
    if _CONTROL.search(path):
        return "control character"
    if path.startswith("/"):
        return "absolute path"
    if "\\" in path:
        return "backslash"
    for segment in path.split("/"):
        if segment == "..":
            return "'..' segment"
        if segment in ("", "."):
            return "empty or '.' segment"
    return None


def retry_after(headers: Any) -> float:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date); 1 s if absent."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return 1.0
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(when.timestamp() - time.time(), 0.0)
    except (TypeError, ValueError, OverflowError):
        return 1.0


class RateLimiter:
    """Process-wide pause shared by every thread talking to the Hub (one quota per token)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.resume_at = 0.0
        self.pauses = 0

    def reset(self) -> None:
        with self._lock:
            self.resume_at, self.pauses = 0.0, 0

    def pause(self, seconds: float) -> None:
        with self._lock:
            until = time.monotonic() + max(seconds, 0.0)
            if until > self.resume_at:
                self.resume_at = until
                self.pauses += 1

    def wait(self, deadline: Deadline) -> None:
        """Sleep until the quota window reopens; a wait longer than the deadline raises at once."""
        left = self.resume_at - time.monotonic()
        if left <= 0:
            return
        if left > deadline.remaining():
            raise DeadlineExceeded(f"deadline: {deadline.what} ({deadline.seconds:g} s) would pass while "
                                   f"waiting {left:.0f} s for the Hub's rate limit")
        time.sleep(left)

    def observe(self, headers: Any) -> None:
        """`RateLimit: "api";r=0;t=42` (the Hub's IETF-draft header): quota spent, pause until reset."""
        value = headers.get("RateLimit") or ""
        remaining, reset = _RATELIMIT_R.search(value), _RATELIMIT_T.search(value)
        if remaining and reset and int(remaining[1]) == 0:
            self.pause(min(float(reset[1]), 3600.0))


LIMITER = RateLimiter()


def _same_origin(a: str, b: str) -> bool:
    x, y = urlsplit(a), urlsplit(b)
    return (x.scheme, x.hostname, x.port) == (y.scheme, y.hostname, y.port)


def redirect_allowed(endpoint: str, target: str, pin: str | tuple[str, ...]) -> str | None:
    """None when `target` may be followed; else why not. Same origin: must stay under a `pin` prefix."""
    parts = urlsplit(target)
    pins = (pin,) if isinstance(pin, str) else pin
    if parts.scheme not in ("http", "https"):
        return f"redirect to a {show(parts.scheme or 'relative')} URL"
    if _same_origin(endpoint, target):
        path = unquote(parts.path)
        if not path.startswith(pins) or "/../" in path + "/" or "/./" in path + "/":
            return f"redirect to {show(parts.path)} leaves {show(pins[0])}"
        return None
    base = (urlsplit(endpoint).hostname or "").lower()
    host = (parts.hostname or "").lower()
    hub = base == "huggingface.co" or base.endswith(HUB_CDN_SUFFIXES)
    if hub and parts.scheme == "https" and host.endswith(HUB_CDN_SUFFIXES):
        return None
    return f"redirect off the endpoint to {show(host or target)}"


@contextmanager
def open_response(url: str, *, endpoint: str, pin: str | tuple[str, ...], headers: dict[str, str], deadline: Deadline,
                  idle_timeout: float, params: dict[str, Any] | None = None) -> Iterator[Any]:
    """A streamed GET, redirects followed by hand within the endpoint (`pin` prefix) or the Hub CDN.

    Raises `RedirectRefused` for a redirect that leaves, `DeadlineExceeded`, or the client's HTTPError.
    """

    session = get_session()
    for _ in range(MAX_REDIRECTS + 1):
        left = deadline.check()
        timeout = _httpx.Timeout(min(idle_timeout, left))
        request = session.build_request("GET", url, headers=headers, params=params, timeout=timeout)
        response = session.send(request, stream=True, follow_redirects=False)
        if response.status_code not in (301, 302, 303, 307, 308):
            try:
                yield response
            finally:
                response.close()
            return
        location = response.headers.get("Location") or ""
        response.close()
        target = urljoin(str(response.url), location)
        refused = redirect_allowed(endpoint, target, pin)
        if refused:
            raise RedirectRefused(refused)
        if not _same_origin(endpoint, target):
            headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}  # never leak a token
        url, params = target, None
    raise RedirectRefused(f"more than {MAX_REDIRECTS} redirects")


class RedirectRefused(Exception):
    pass


class BodyTooLarge(Exception):
    pass


class BodyRefused(Exception):
    """A body we will not decode (compressed although identity was asked: it could be a bomb)."""


def read_capped(response: Any, limit: int, deadline: Deadline, *, overflow: bool = False) -> bytes:
    """At most `limit` bytes of the body, undecoded, before the deadline.

    `overflow=True` raises BodyTooLarge when the body holds more than `limit` (a listing: cut JSON is
    useless); otherwise the read just stops at `limit` (a range: the rest is not ours to read).
    """
    encoding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding not in ("identity", ""):  # we asked for identity: a compressed body could be a bomb
        raise BodyRefused(f"the server compressed the body ({show(encoding)}) although identity was asked")
    chunks: list[bytes] = []
    got = 0
    for chunk in response.iter_raw():
        deadline.check()
        chunks.append(chunk)
        got += len(chunk)
        if got > limit:
            if overflow:
                raise BodyTooLarge(f"more than {limit:,} bytes")
            break
        if got == limit and not overflow:
            break
    return b"".join(chunks)[:limit]
