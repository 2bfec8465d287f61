"""Hugging Face Hub source: `org/name[@rev]` through the `huggingface_hub` client's session.

The listing (path, size, LFS sha256) and the commit sha come from one model-info API call; refs
(branches such as Pythia's `step1000` checkpoints, and tags) from the refs API. In a census the
listing comes instead from the paged `list_models(expand=...)` enumeration (`HubOptions.listing`),
so a repo costs no API call of its own: only resolver reads (card, license, config, one ranged head
per possible artifact, which also gives its size and LFS digest). File bytes are read lazily: a
small file is fetched once whole through its resolver URL and kept in memory; any other read is an
HTTP range request for exactly the bytes asked, so a 20 GB safetensors costs only its header.

The server is untrusted (`hub_http`): every request is bounded by the audit's deadline and a
per-file deadline, reads never exceed what was asked, the listing is capped in bytes and entries,
listed paths are validated (an unsafe one is reported, never requested), and every file URL is
pinned under `/resolve/<sha>/`. The endpoint comes from `HF_ENDPOINT`; `HF_TOKEN` is sent when
set; with `HF_HUB_OFFLINE=1` only a snapshot already in the local Hugging Face cache is used.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import OrderedDict
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from huggingface_hub import constants
from huggingface_hub.utils import HFValidationError, build_hf_headers, validate_repo_id

from unveil.errors import EXIT_INCOMPLETE, SourceNotFound, UnreadableFile, UnveilError, UsageError
from unveil.release import FileEntry, Release, SourceInfo
from unveil.sources.hub_http import (
    LIMITER,
    BodyRefused,
    BodyTooLarge,
    HTTPError,
    RedirectRefused,
    open_response,
    read_capped,
    retry_after,
    show,
    unsafe_path_reason,
)
from unveil.sources.hub_options import (  # noqa: F401 - HubListing is re-exported for callers
    DEFAULT_DEADLINE,
    DEFAULT_FILE_DEADLINE,
    Deadline,
    DeadlineExceeded,
    HubListing,
    HubOptions,
)

DEFAULT_ENDPOINT = "https://huggingface.co"
# Files up to this size are fetched whole once (cards, configs, licenses, small tokenizers); a
# bigger file is fetched whole only when the caller asks for all of it.
SMALL_FILE_BYTES = 256 * 1024
MAX_RETRIES = int(os.environ.get("UNVEIL_HUB_MAX_RETRIES", "4"))
# Longest single wait we accept from a Retry-After header before giving up on that read.
MAX_RETRY_WAIT = float(os.environ.get("UNVEIL_HUB_MAX_RETRY_WAIT", "60"))
# Longest silence on one socket (connect, or between two chunks); the deadlines bound the total.
TIMEOUT = float(os.environ.get("UNVEIL_HUB_TIMEOUT", "60"))
# One read never pulls more than this over the network (a whole-file read of weights would).
MAX_FETCH_BYTES = int(os.environ.get("UNVEIL_HUB_MAX_FETCH_BYTES", str(512 * 1024 * 1024)))
# The listing is parsed whole, so it is capped in bytes before parsing and in entries after.
MAX_LISTING_BYTES = int(os.environ.get("UNVEIL_HUB_MAX_LISTING_BYTES", str(32 * 1024 * 1024)))
MAX_LISTING_FILES = int(os.environ.get("UNVEIL_HUB_MAX_LISTING_FILES", "100000"))
# Error bodies are only read for their message.
MAX_ERROR_BYTES = 64 * 1024
# Without sizes in a paged listing, files that may be artifacts are probed by one ranged read of
# their head (kept, so the scanner's first reads cost nothing more); these suffixes are read as text.
PROBE_BYTES = 64 * 1024
TEXT_SUFFIXES = {".md", ".txt", ".json", ".py", ".yaml", ".yml", ".cfg", ".toml", ".ini", ".jinja", ".csv",
                 ".rst", ".sh", ".ipynb", ".js", ".html", ".c", ".cc", ".cpp", ".h", ".cu", ".gitattributes",
                 ".gitignore", ".tsv", ".jsonl", ".in", ".lock"}
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
LISTING_KEY = "<listing>"  # where rejected listing paths are reported (never a path of their own)


class HubUnavailable(UnveilError):
    """The Hub could not be reached or kept refusing (rate limits): the audit cannot be done."""
    exit_code = EXIT_INCOMPLETE


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def is_offline() -> bool:
    """Read at call time: `huggingface_hub.constants` freezes the variable at import."""
    return bool(constants.HF_HUB_OFFLINE) or _truthy(os.environ.get("HF_HUB_OFFLINE")) or _truthy(
        os.environ.get("TRANSFORMERS_OFFLINE"))


def hub_endpoint(endpoint: str | None = None) -> str:
    return (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def _headers(token: str | None) -> dict[str, str]:
    headers = build_hf_headers(token=token, library_name="unveil")
    headers["Accept-Encoding"] = "identity"  # byte offsets must be offsets in the file; no bombs
    return headers


def _backoff(status: int, wait: float, attempt: int, deadline: Deadline) -> bool:
    """Wait before retrying a 429/5xx/network failure; False when retrying cannot help any more."""
    if attempt >= MAX_RETRIES or wait > MAX_RETRY_WAIT:
        return False
    if status == 429:
        LIMITER.pause(wait)  # every worker waits: the quota is the token's, not this thread's
    else:
        wait = min(wait, 2**attempt)
        if wait >= deadline.remaining():
            return False
        time.sleep(wait)
    try:
        LIMITER.wait(deadline)
    except DeadlineExceeded:
        return False
    return True


class HubReader:
    """ByteReader over `{endpoint}/{repo}/resolve/{sha}/{path}` with range requests and retries.

    Every read is bounded by the audit's deadline and by one deadline per file (summed over its reads).
    """
    def __init__(self, endpoint: str, repo_id: str, revision: str, sizes: dict[str, int | None],
                 token: str | None, deadline: Deadline | None = None,
                 file_deadline: float = DEFAULT_FILE_DEADLINE) -> None:
        self.endpoint = endpoint
        self.repo_id = repo_id
        self.revision = revision
        self.sizes = sizes
        self.token = token
        self.deadline = deadline or Deadline(DEFAULT_DEADLINE, "the audit's deadline")
        self.file_deadline = file_deadline
        self.requests = 0
        self.transferred = 0  # bytes received over the network (>= what callers asked for)
        self.learned: dict[str, dict[str, Any]] = {}  # size / sha256 / lfs seen in response headers
        self._whole: dict[str, bytes] = {}
        self._heads: dict[str, bytes] = {}
        self._file_deadlines: dict[str, Deadline] = {}
        self._ranges: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def pin(self) -> str:
        return f"/{self.repo_id}/resolve/{quote(self.revision, safe='')}/"

    @property
    def pins(self) -> tuple[str, str]:
        """Where a same-origin redirect may lead: this revision's resolver, or the Hub's resolve cache
        (`/api/resolve-cache/models/ORG/NAME/SHA/...`, where the Hub sends small files)."""
        dataset = self.repo_id.startswith("datasets/")
        kind, repo = ("datasets", self.repo_id[len("datasets/"):]) if dataset else ("models", self.repo_id)
        return self.pin, f"/api/resolve-cache/{kind}/{repo}/{self.revision}/"

    def url(self, path: str) -> str:
        if unsafe_path_reason(path) is not None:  # validated at listing time; never build an escaping URL
            raise UnreadableFile(path, "error", "path rejected: it would leave the pinned revision")
        return f"{self.endpoint}{self.pin}{quote(path)}"

    def _deadline_for(self, path: str) -> Deadline:
        with self._lock:
            mine = self._file_deadlines.get(path)
            if mine is None:
                mine = self._file_deadlines[path] = Deadline(self.file_deadline, "the per-file deadline")
        return mine.earliest(self.deadline)

    def read_range(self, path: str, start: int, length: int) -> bytes:
        size = self.sizes.get(path)
        with self._lock:
            if path in self._whole:
                return self._whole[path][start:start + length]
            head = self._heads.get(path)
            if head is not None and (start + length <= len(head) or (size is not None and len(head) >= size)):
                return head[start:start + length]
            cached = self._ranges.get((path, start, length))
        if cached is not None:
            return cached
        whole = size is not None and (size <= SMALL_FILE_BYTES or (start == 0 and length >= size))
        want = size if whole and size is not None else length
        if want > MAX_FETCH_BYTES:
            raise UnreadableFile(path, "too-large",
                                 f"refusing to fetch {want:,} bytes in one read (limit {MAX_FETCH_BYTES:,})")
        if whole:
            data = self._short(path, self._fetch(path, None, size), size)
            with self._lock:
                self._whole[path] = data
            return data[start:start + length]
        if size is not None:
            if start >= size:
                return b""
            length = min(length, size - start)
        data = self._fetch(path, (start, start + length - 1), length)
        if size is not None:
            self._short(path, data, length)
        learned = self.learned.get(path, {}).get("size")
        if size is None and start == 0 and learned is not None and len(data) >= learned:
            with self._lock:  # the whole file came back (size unknown until now): serve every later read
                self._whole[path] = data[:learned]
            return data[:learned]
        with self._lock:
            self._ranges[(path, start, length)] = data
            while len(self._ranges) > 64:
                self._ranges.popitem(last=False)
        return data

    @staticmethod
    def _short(path: str, data: bytes, expected: int | None) -> bytes:
        """The listing gave the size: fewer bytes than that is a broken transfer, not a short file."""
        if expected is not None and len(data) < expected:
            raise UnreadableFile(path, "error", f"short read: the server sent {len(data):,} of {expected:,} bytes")
        return data

    def probe(self, path: str) -> dict[str, Any]:
        """One ranged read of a file's head: its size and LFS digest from the headers, its head kept."""
        data = self._fetch(path, (0, PROBE_BYTES - 1), PROBE_BYTES)
        with self._lock:
            self._heads[path] = data
        return self.learned.get(path, {})

    def _fetch(self, path: str, byte_range: tuple[int, int] | None, limit: int | None) -> bytes:
        """GET the file (or a byte range), retrying 429/5xx as the server asks, within the deadlines."""
        headers = _headers(self.token)
        if byte_range is not None:
            headers["Range"] = f"bytes={byte_range[0]}-{byte_range[1]}"
        url = self.url(path)
        deadline = self._deadline_for(path)
        for attempt in range(MAX_RETRIES + 1):
            try:
                LIMITER.wait(deadline)
                with open_response(url, endpoint=self.endpoint, pin=self.pins, headers=headers,
                                   deadline=deadline, idle_timeout=TIMEOUT) as response:
                    status = response.status_code
                    LIMITER.observe(response.headers)
                    if status in (200, 206):
                        data, got = self._read_body(response, path, limit, byte_range, status, deadline)
                        with self._lock:
                            self.requests += 1
                            self.transferred += got
                        return data
                    wait = retry_after(response.headers)
                    code = response.headers.get("X-Error-Code") or ""
            except DeadlineExceeded as exc:
                with self._lock:
                    self.requests += 1
                raise UnreadableFile(path, "error", str(exc)) from exc
            except RedirectRefused as exc:
                raise UnreadableFile(path, "error", f"not followed: {exc}") from exc
            except HTTPError as exc:  # connection refused, timeout, broken transfer
                if _backoff(0, 2**attempt, attempt, deadline):
                    continue
                if deadline.remaining() <= 0:
                    raise UnreadableFile(path, "error", f"deadline: {deadline.what} ({deadline.seconds:g} s) "
                                                        f"passed ({type(exc).__name__})") from exc
                raise UnreadableFile(path, "error", f"network error: {show(exc, 200)}") from exc
            except (BodyTooLarge, BodyRefused) as exc:
                raise UnreadableFile(path, "error", str(exc)) from exc
            except UnreadableFile:
                raise
            except Exception as exc:  # a malformed URL or answer must not crash an analyzer
                raise UnreadableFile(path, "error", f"{type(exc).__name__}: {show(exc, 200)}") from exc
            with self._lock:
                self.requests += 1
            if status in (401, 403):
                gated = "gated: " if code == "GatedRepo" or status == 401 else ""
                raise UnreadableFile(path, "access-denied",
                                     f"{gated}HTTP {status} from the Hub (no access to this file)")
            if status == 404:
                raise UnreadableFile(path, "missing", f"HTTP 404 {show(code) or 'not found'}")
            if status == 429 or status >= 500:
                if _backoff(status, wait, attempt, deadline):
                    continue
                kind = "rate-limited" if status == 429 else "error"
                raise UnreadableFile(path, kind, f"HTTP {status} after {attempt + 1} attempts")
            raise UnreadableFile(path, "error", f"HTTP {status} from the Hub")
        raise UnreadableFile(path, "error", "retries exhausted")  # pragma: no cover

    def _read_body(self, response: Any, path: str, limit: int | None, byte_range: tuple[int, int] | None,
                   status: int, deadline: Deadline) -> tuple[bytes, int]:
        """At most `limit` bytes whatever Content-Length says; a 200 to a range is sliced, a bad 206 refused."""
        self._learn(path, response.headers)
        skip = byte_range[0] if byte_range and status == 200 else 0
        if status == 200 and byte_range and byte_range[1] + 1 > MAX_FETCH_BYTES:
            raise UnreadableFile(path, "error", "the server ignored the HTTP range request")
        if status == 206 and byte_range:
            first = _content_range(response.headers)[0]
            if first != byte_range[0]:
                raise UnreadableFile(path, "error", "the server answered another range than the one asked")
        declared = (response.headers.get("Content-Length") or "").strip()
        if declared.isdigit():
            expect = (byte_range[1] - byte_range[0] + 1) if status == 206 and byte_range else self.sizes.get(path)
            if expect is not None and int(declared) > expect:  # shorter is checked after the read
                raise UnreadableFile(path, "error", f"the server's Content-Length ({int(declared):,}) disagrees "
                                                    f"with the {expect:,} bytes expected")
        cap = (limit if limit is not None else MAX_FETCH_BYTES) + skip
        data = read_capped(response, cap, deadline)
        return data[skip:], len(data)

    def _learn(self, path: str, headers: Any) -> None:
        facts: dict[str, Any] = {}
        total = _content_range(headers)[1]
        linked = headers.get("X-Linked-Size") or ""
        if linked.isdigit():
            facts["size"], facts["lfs"] = int(linked), True
        elif total is not None:
            facts["size"] = total
        etag = (headers.get("X-Linked-Etag") or "").strip().strip('"').removeprefix("W/").strip('"')
        if re.fullmatch(r"[0-9a-f]{64}", etag):
            facts["sha256"], facts["lfs"] = etag, True
        if facts:
            with self._lock:
                self.learned.setdefault(path, {}).update(facts)


def _content_range(headers: Any) -> tuple[int | None, int | None]:
    m = re.fullmatch(r"\s*bytes\s+(\d+)-(\d+)/(\d+|\*)\s*", headers.get("Content-Range") or "")
    if not m:
        return None, None
    return int(m[1]), (int(m[3]) if m[3] != "*" else None)


def _get_listing(url: str, endpoint: str, pin: str, token: str | None, deadline: Deadline,
                 what: str, params: dict[str, Any] | None = None) -> Any:
    """GET one API document: capped in bytes and time, retried as the server asks, parsed as JSON."""
    headers = _headers(token)
    for attempt in range(MAX_RETRIES + 1):
        try:
            LIMITER.wait(deadline)
            with open_response(url, endpoint=endpoint, pin=pin, headers=headers, deadline=deadline,
                               idle_timeout=TIMEOUT, params=params) as response:
                status = response.status_code
                LIMITER.observe(response.headers)
                if status == 200:
                    body = read_capped(response, MAX_LISTING_BYTES, deadline, overflow=True)
                    try:
                        return json.loads(body)
                    except (ValueError, RecursionError) as exc:
                        raise HubUnavailable(f"the Hub at {endpoint} sent a listing for {what} that is not "
                                             f"valid JSON ({show(exc, 100)})") from exc
                wait = retry_after(response.headers)
                code = response.headers.get("X-Error-Code") or ""
        except DeadlineExceeded as exc:
            raise HubUnavailable(f"{exc} while listing {what} at {endpoint}") from exc
        except BodyTooLarge as exc:
            raise HubUnavailable(f"the listing of {what} is too large: {exc} (limit "
                                 f"UNVEIL_HUB_MAX_LISTING_BYTES={MAX_LISTING_BYTES:,})") from exc
        except BodyRefused as exc:
            raise HubUnavailable(f"the listing of {what} was refused: {exc}") from exc
        except RedirectRefused as exc:
            raise HubUnavailable(f"the Hub at {endpoint} redirected the listing of {what}; not followed: "
                                 f"{exc}") from exc
        except HTTPError as exc:
            if _backoff(0, 2**attempt, attempt, deadline):
                continue
            if deadline.remaining() <= 0:
                raise HubUnavailable(f"deadline: {deadline.what} ({deadline.seconds:g} s) passed while listing "
                                     f"{what} at {endpoint} ({type(exc).__name__})") from exc
            raise HubUnavailable(f"cannot reach the Hub at {endpoint}: {type(exc).__name__}: "
                                 f"{show(exc, 200)}") from exc
        if status in (401, 403, 404):
            if code == "GatedRepo":
                raise HubUnavailable(f"Hub repo {what} is gated and this token has no access (set HF_TOKEN)")
            if code == "RevisionNotFound":
                raise SourceNotFound(f"revision not found on the Hub: {what}")
            raise SourceNotFound(f"Hub repo not found: {what} (at {endpoint}; private repos need HF_TOKEN)")
        if (status == 429 or status >= 500) and _backoff(status, wait, attempt, deadline):
            continue
        if status == 429:
            raise HubUnavailable(f"the Hub kept rate limiting (HTTP 429) listing {what}; retry later")
        raise HubUnavailable(f"the Hub at {endpoint} answered HTTP {status} for {what}")
    raise AssertionError("unreachable")  # pragma: no cover


def _check_repo_id(repo_id: str) -> None:
    try:
        validate_repo_id(repo_id)
    except HFValidationError as exc:
        raise UsageError(f"not a valid Hub repo id: {show(repo_id)} ({show(exc, 160)})") from exc
    if repo_id.count("/") != 1 or unsafe_path_reason(repo_id):
        raise UsageError(f"not a valid Hub repo id: {show(repo_id)} (expected org/name)")


def _entries(raw: Any, what: str) -> tuple[list[FileEntry], dict[str, tuple[str, str]]]:
    """Validated file entries from the listing's siblings, and the rejected ones (path -> why)."""
    if not isinstance(raw, list):
        raise HubUnavailable(f"the listing of {what} has no file list")
    if len(raw) > MAX_LISTING_FILES:
        raise HubUnavailable(f"the listing of {what} holds {len(raw):,} files, more than the limit "
                             f"(UNVEIL_HUB_MAX_LISTING_FILES={MAX_LISTING_FILES:,})")
    files: dict[str, FileEntry] = {}
    rejected: dict[str, str] = {}
    for sib in raw:
        path = sib.get("rfilename") if isinstance(sib, dict) else sib
        why = unsafe_path_reason(path)
        if why is not None:
            rejected.setdefault(show(path if isinstance(path, str) else repr(path)), why)
            continue
        lfs = sib.get("lfs") if isinstance(sib, dict) else None
        lfs = lfs if isinstance(lfs, dict) else None
        size = _int(lfs.get("size")) if lfs else None
        size = size if size is not None else _int(sib.get("size")) if isinstance(sib, dict) else None
        sha256 = lfs.get("sha256") if lfs and isinstance(lfs.get("sha256"), str) else None
        if sha256 is not None and not re.fullmatch(r"[0-9a-f]{64}", sha256):
            sha256 = None
        files.setdefault(path, FileEntry(path=path, size=size, sha256=sha256, lfs=lfs is not None))
    return sorted(files.values(), key=lambda f: f.path), _rejections(rejected)


def _rejections(rejected: dict[str, str]) -> dict[str, tuple[str, str]]:
    if not rejected:
        return {}
    named = "; ".join(f"'{p}' ({why})" for p, why in list(rejected.items())[:10])
    more = f"; and {len(rejected) - 10} more" if len(rejected) > 10 else ""
    return {LISTING_KEY: ("error", f"listing paths rejected, not requested: {named}{more}")}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63 else None


def open_hub(repo_id: str, revision: str | None = None, *, endpoint: str | None = None,
             token: str | None = None, repo_type: str = "model", options: HubOptions | None = None) -> Release:
    """A Release for Hub model `repo_id` at `revision` (branch, tag or sha; default branch if None).

    `repo_type="dataset"` opens a dataset repo instead (the documentation analyzer reads data cards).
    `options` carries the deadlines and, in a census, the listing already paged in by enumeration.
    """
    endpoint = hub_endpoint(endpoint)
    token = token or os.environ.get("HF_TOKEN") or None
    options = options or HubOptions()
    if is_offline():
        return _open_cached(repo_id, revision, endpoint, repo_type=repo_type)
    _check_repo_id(repo_id)
    deadline = options.audit_deadline()
    at = f"@{revision}" if revision else ""
    what = show(f"{repo_id}{at}")
    url_path = f"datasets/{repo_id}" if repo_type == "dataset" else repo_id  # the Hub's URL layout
    known = options.listing if options.listing is not None and options.listing.repo_id == repo_id else None
    if known is not None:
        sha, gated, refs = known.sha, known.gated, {}
        files, rejected = _entries(list(known.files), what)
    else:
        api = "datasets" if repo_type == "dataset" else "models"
        rev = f"/revision/{quote(revision, safe='')}" if revision else ""
        info = _get_listing(f"{endpoint}/api/{api}/{repo_id}{rev}", endpoint, f"/api/{api}/", token, deadline,
                            what, params={"blobs": "true"})
        if not isinstance(info, dict):
            raise HubUnavailable(f"the listing of {what} is not a JSON object")
        sha, gated = info.get("sha") or None, info.get("gated") or False
        files, rejected = _entries(info.get("siblings"), what)
        refs = _refs(endpoint, repo_id, token, deadline) if repo_type == "model" else {}
    if not isinstance(sha, str) or not _SHA.match(sha):
        raise HubUnavailable(f"the Hub at {endpoint} gave no valid commit sha for {what} "
                             f"(got {show(str(sha), 60)}); cannot pin the audit to a revision")
    source = SourceInfo(kind="hub", id=repo_id, revision=sha, requested_revision=revision,
                        url=f"{endpoint}/{url_path}", refs=refs)
    reader = HubReader(endpoint, url_path, sha, {f.path: f.size for f in files}, token, deadline,
                       options.per_file())
    failed: dict[str, tuple[str, str]] = {}
    if known is not None:
        files, failed = _probe_sizes(reader, files)
    release = Release(source=source, files=files, reader=reader)
    release.unreadable.update(rejected)
    release.unreadable.update(failed)  # a head that could not be read is an unread file, as in a scan
    release.gated = gated not in (False, None, "false")  # type: ignore[attr-defined]  # extra fact for judges
    return release


def _probe_sizes(reader: HubReader, files: list[FileEntry]) -> tuple[list[FileEntry], dict[str, tuple[str, str]]]:
    """A paged listing has names only: learn each possible artifact's size and digest from its head."""
    out: list[FileEntry] = []
    failed: dict[str, tuple[str, str]] = {}
    for entry in files:
        if entry.size is not None or PurePosixPath(entry.path.lower()).suffix in TEXT_SUFFIXES \
                or entry.path.lower().endswith(("license", "licence", "readme", "notice", "copying")):
            out.append(entry)
            continue
        try:
            facts = reader.probe(entry.path)
        except UnreadableFile as exc:
            failed[entry.path] = (exc.kind, exc.reason)
            out.append(FileEntry(path=entry.path, size=None, available=False,
                                 unavailable_reason=f"{'gated: ' if exc.kind == 'access-denied' else ''}"
                                                    f"{exc.reason}"))
            continue
        size = facts.get("size")
        if size is None:
            size = len(reader._heads.get(entry.path, b""))
        reader.sizes[entry.path] = size
        out.append(FileEntry(path=entry.path, size=size, sha256=facts.get("sha256"), lfs=bool(facts.get("lfs"))))
    return out, failed


def _refs(endpoint: str, repo_id: str, token: str | None, deadline: Deadline) -> dict[str, list[str]]:
    """Branches and tags; best effort (the listing is what matters, refs are context)."""
    try:
        data = _get_listing(f"{endpoint}/api/models/{repo_id}/refs", endpoint, "/api/models/", token,
                            deadline, show(repo_id))
    except UnveilError:
        return {}
    if not isinstance(data, dict):
        return {}
    out: dict[str, list[str]] = {}
    for kind in ("branches", "tags"):
        items = data.get(kind)
        names = [i["name"] for i in items if isinstance(i, dict) and isinstance(i.get("name"), str)] \
            if isinstance(items, list) else []
        out[kind] = [n for n in names[:10_000] if unsafe_path_reason(n) is None or "/" in n]
    return out


# -- offline: a snapshot already in the Hugging Face cache --------------------------------------
class _CachedReader:
    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths

    def read_range(self, path: str, start: int, length: int) -> bytes:
        full = self.paths.get(path)
        if full is None:
            raise UnreadableFile(path, "missing", "not in the local cache")
        try:
            with open(full, "rb") as fh:
                fh.seek(start)
                return fh.read(length)
        except OSError as exc:
            raise UnreadableFile(path, "error", exc.strerror or str(exc)) from exc


def _hub_cache_dir() -> Path:
    env = os.environ.get("HF_HUB_CACHE")
    if env:
        return Path(env)
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]) / "hub"
    return Path(constants.HF_HUB_CACHE)


def _open_cached(repo_id: str, revision: str | None, endpoint: str, repo_type: str = "model") -> Release:
    """Offline mode: audit the cached snapshot (`models--org--name/snapshots/<sha>`), if any."""
    prefix = "datasets--" if repo_type == "dataset" else "models--"
    repo_dir = _hub_cache_dir() / (prefix + repo_id.replace("/", "--"))
    rev = revision or "main"
    sha: str | None = None
    ref_file = repo_dir / "refs" / rev
    if ref_file.is_file() and ".." not in rev:
        sha = ref_file.read_text().strip()
    elif (repo_dir / "snapshots" / rev).is_dir() and "/" not in rev:
        sha = rev
    snapshot = repo_dir / "snapshots" / sha if sha else None
    if snapshot is None or not snapshot.is_dir():
        raise HubUnavailable(
            f"offline mode is on (HF_HUB_OFFLINE) and {repo_id}@{rev} is not in the local Hugging Face cache"
        )
    root = repo_dir.resolve()
    files: list[FileEntry] = []
    paths: dict[str, Path] = {}
    for full in sorted(snapshot.rglob("*")):
        rel = full.relative_to(snapshot).as_posix()
        target = full.resolve()
        if not target.is_file():
            continue
        if root not in target.parents:  # the cache links into its own blobs/ only
            files.append(FileEntry(path=rel, size=None, available=False,
                                   unavailable_reason="cached link leaves the cache folder"))
            continue
        blob = target.name
        lfs = len(blob) == 64  # the cache names LFS blobs by sha256, git blobs by sha1
        paths[rel] = target
        files.append(FileEntry(path=rel, size=target.stat().st_size, sha256=blob if lfs else None, lfs=lfs))
    refs_dir = repo_dir / "refs"
    branches = sorted(p.relative_to(refs_dir).as_posix() for p in refs_dir.rglob("*") if p.is_file()) \
        if refs_dir.is_dir() else []
    source = SourceInfo(kind="hub", id=repo_id, revision=sha, requested_revision=revision,
                        url=f"{endpoint}/{repo_id}", refs={"branches": branches} if branches else {})
    return Release(source=source, files=files, reader=_CachedReader(paths), local_root=str(snapshot))
