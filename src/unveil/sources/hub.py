"""Hugging Face Hub source: `org/name[@rev]` through the real `huggingface_hub` client.

The listing (path, size, LFS sha256) and the commit sha come from one `model_info` call; refs
(branches such as Pythia's `step1000` checkpoints, and tags) from `list_repo_refs`. File bytes are
read lazily: a small file is fetched once whole through its resolver URL and kept in memory; any
other read is an HTTP range request for exactly the bytes asked, so a 20 GB safetensors costs only
its header. The endpoint comes from `HF_ENDPOINT` and is passed explicitly; `HF_TOKEN` is sent when
set; with `HF_HUB_OFFLINE=1` only a snapshot already in the local Hugging Face cache is used.
"""

from __future__ import annotations

import email.utils
import os
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from unveil.errors import EXIT_INCOMPLETE, SourceNotFound, UnreadableFile, UnveilError, UsageError
from unveil.release import FileEntry, Release, SourceInfo

try:  # huggingface_hub >= 1.0 speaks httpx (vendored as httpx2 in recent releases)
    import httpx2 as _httpx
except ImportError:  # pragma: no cover - depends on the installed client
    import httpx as _httpx  # type: ignore[no-redef]

DEFAULT_ENDPOINT = "https://huggingface.co"
# Files up to this size are fetched whole once (cards, configs, licenses, small tokenizers); a
# bigger file is fetched whole only when the caller asks for all of it.
SMALL_FILE_BYTES = 256 * 1024
MAX_RETRIES = int(os.environ.get("UNVEIL_HUB_MAX_RETRIES", "4"))
# Longest single wait we accept from a Retry-After header before giving up on that read.
MAX_RETRY_WAIT = float(os.environ.get("UNVEIL_HUB_MAX_RETRY_WAIT", "60"))
TIMEOUT = float(os.environ.get("UNVEIL_HUB_TIMEOUT", "60"))
# One read never pulls more than this over the network (a whole-file read of weights would).
MAX_FETCH_BYTES = int(os.environ.get("UNVEIL_HUB_MAX_FETCH_BYTES", str(512 * 1024 * 1024)))


class HubUnavailable(UnveilError):
    """The Hub could not be reached or kept refusing (rate limits): the audit cannot be done."""

    exit_code = EXIT_INCOMPLETE


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def is_offline() -> bool:
    """Read at call time: `huggingface_hub.constants` freezes the variable at import."""
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE) or _truthy(os.environ.get("HF_HUB_OFFLINE")) or _truthy(
        os.environ.get("TRANSFORMERS_OFFLINE"))


def hub_endpoint(endpoint: str | None = None) -> str:
    return (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def _retry_after(headers: Any) -> float:
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
    except (TypeError, ValueError):
        return 1.0


class HubReader:
    """ByteReader over `{endpoint}/{repo}/resolve/{sha}/{path}` with range requests and retries."""

    def __init__(self, endpoint: str, repo_id: str, revision: str, sizes: dict[str, int | None],
                 token: str | None) -> None:
        self.endpoint = endpoint
        self.repo_id = repo_id
        self.revision = revision
        self.sizes = sizes
        self.token = token
        self.requests = 0
        self.transferred = 0  # bytes received over the network (>= what callers asked for)
        self._whole: dict[str, bytes] = {}
        self._ranges: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        return (f"{self.endpoint}/{self.repo_id}/resolve/{quote(self.revision, safe='')}/"
                f"{quote(path)}")

    def _headers(self) -> dict[str, str]:
        from huggingface_hub.utils import build_hf_headers

        headers = build_hf_headers(token=self.token, library_name="unveil")
        headers["Accept-Encoding"] = "identity"  # byte offsets must be offsets in the file
        return headers

    def read_range(self, path: str, start: int, length: int) -> bytes:
        size = self.sizes.get(path)
        with self._lock:
            if path in self._whole:
                return self._whole[path][start:start + length]
            cached = self._ranges.get((path, start, length))
        if cached is not None:
            return cached
        whole = size is not None and (size <= SMALL_FILE_BYTES or (start == 0 and length >= size))
        want = size if whole and size is not None else length
        if want > MAX_FETCH_BYTES:
            raise UnreadableFile(path, "too-large",
                                 f"refusing to fetch {want:,} bytes in one read (limit {MAX_FETCH_BYTES:,})")
        if whole:
            data = self._fetch(path, None, size)
            with self._lock:
                self._whole[path] = data
            return data[start:start + length]
        if size is not None:
            if start >= size:
                return b""
            length = min(length, size - start)
        data = self._fetch(path, (start, start + length - 1), length)
        with self._lock:
            self._ranges[(path, start, length)] = data
            while len(self._ranges) > 64:
                self._ranges.popitem(last=False)
        return data

    def _fetch(self, path: str, byte_range: tuple[int, int] | None, limit: int | None) -> bytes:
        """GET the file (or a byte range), retrying 429/5xx as the server asks, boundedly."""
        from huggingface_hub.utils import get_session

        headers = self._headers()
        if byte_range is not None:
            headers["Range"] = f"bytes={byte_range[0]}-{byte_range[1]}"
        url = self.url(path)
        for attempt in range(MAX_RETRIES + 1):
            try:
                with get_session().stream("GET", url, headers=headers, timeout=TIMEOUT,
                                          follow_redirects=True) as response:
                    status = response.status_code
                    if status in (200, 206):
                        ignored = byte_range if status == 200 else None
                        if ignored and ignored[1] + 1 > MAX_FETCH_BYTES:
                            raise UnreadableFile(path, "error", "the server ignored the HTTP range request")
                        data, got = self._read_body(response, limit, ignored)
                        with self._lock:
                            self.requests += 1
                            self.transferred += got
                        return data
                    wait = _retry_after(response.headers)
                    code = response.headers.get("X-Error-Code") or ""
            except _httpx.HTTPError as exc:  # connection refused, timeout, broken transfer
                if attempt < MAX_RETRIES:
                    time.sleep(min(2**attempt, 8))
                    continue
                raise UnreadableFile(path, "error", f"network error: {exc}") from exc
            except UnreadableFile:
                raise
            except Exception as exc:  # a malformed URL or answer must not crash an analyzer
                raise UnreadableFile(path, "error", f"{type(exc).__name__}: {exc}") from exc
            with self._lock:
                self.requests += 1
            if status in (401, 403):
                gated = "gated: " if code == "GatedRepo" or status == 401 else ""
                raise UnreadableFile(path, "access-denied",
                                     f"{gated}HTTP {status} from the Hub (no access to this file)")
            if status == 404:
                raise UnreadableFile(path, "missing", f"HTTP 404 {code or 'not found'}")
            if status == 429 or status >= 500:
                if attempt < MAX_RETRIES and wait <= MAX_RETRY_WAIT:
                    time.sleep(wait if status == 429 else min(wait, 2**attempt))
                    continue
                kind = "rate-limited" if status == 429 else "error"
                raise UnreadableFile(path, kind, f"HTTP {status} after {attempt + 1} attempts")
            raise UnreadableFile(path, "error", f"HTTP {status} from the Hub")
        raise UnreadableFile(path, "error", "retries exhausted")  # pragma: no cover

    @staticmethod
    def _read_body(response: Any, limit: int | None,
                   ignored_range: tuple[int, int] | None) -> tuple[bytes, int]:
        """Read at most `limit` bytes; if the server ignored our Range (200), cut the slice out."""
        skip = ignored_range[0] if ignored_range else 0
        want = (limit or 0) + skip if limit is not None else None
        chunks: list[bytes] = []
        got = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            got += len(chunk)
            if want is not None and got >= want:
                break
        data = b"".join(chunks)
        return (data[skip:skip + limit] if limit is not None else data), got


def _translate(exc: Exception, repo_id: str, revision: str | None, endpoint: str) -> UnveilError:
    """One clear line for each way the listing call can fail."""
    from huggingface_hub import errors as hf_errors

    at = f"@{revision}" if revision else ""
    if isinstance(exc, hf_errors.GatedRepoError):
        return HubUnavailable(f"Hub repo {repo_id} is gated and this token has no access (set HF_TOKEN)")
    if isinstance(exc, hf_errors.RevisionNotFoundError):
        return SourceNotFound(f"revision not found on the Hub: {repo_id}{at}")
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        return SourceNotFound(f"Hub repo not found: {repo_id} (at {endpoint}; private repos need HF_TOKEN)")
    if isinstance(exc, hf_errors.HFValidationError):
        return UsageError(f"not a valid Hub repo id: {repo_id}{at} ({exc})")
    if isinstance(exc, hf_errors.OfflineModeIsEnabled):
        return HubUnavailable(f"offline mode is on (HF_HUB_OFFLINE) and {repo_id}{at} is not cached")
    if isinstance(exc, hf_errors.HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else "?"
        if status == 429:
            return HubUnavailable(f"the Hub kept rate limiting (HTTP 429) listing {repo_id}{at}; retry later")
        return HubUnavailable(f"the Hub at {endpoint} answered HTTP {status} for {repo_id}{at}")
    if isinstance(exc, _httpx.HTTPError):
        return HubUnavailable(f"cannot reach the Hub at {endpoint}: {type(exc).__name__}: {exc}")
    return HubUnavailable(f"Hub error for {repo_id}{at}: {type(exc).__name__}: {exc}")


def _call_with_retries(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run an API call, waiting out 429/5xx answers (Retry-After) a bounded number of times."""
    from huggingface_hub import errors as hf_errors

    for attempt in range(MAX_RETRIES + 1):
        try:
            return fn(*args, **kwargs)
        except hf_errors.HfHubHTTPError as exc:
            response = exc.response
            status = response.status_code if response is not None else 0
            if (status == 429 or status >= 500) and attempt < MAX_RETRIES:
                wait = _retry_after(response.headers)
                if wait <= MAX_RETRY_WAIT:
                    time.sleep(wait if status == 429 else min(wait, 2**attempt))
                    continue
            raise
    raise AssertionError("unreachable")  # pragma: no cover


def open_hub(repo_id: str, revision: str | None = None, *, endpoint: str | None = None,
             token: str | None = None, repo_type: str = "model") -> Release:
    """A Release for Hub model `repo_id` at `revision` (branch, tag or sha; default branch if None).

    `repo_type="dataset"` opens a dataset repo instead (the documentation analyzer reads data cards).
    """
    endpoint = hub_endpoint(endpoint)
    token = token or os.environ.get("HF_TOKEN") or None
    if is_offline():
        return _open_cached(repo_id, revision, endpoint, repo_type=repo_type)

    from huggingface_hub import HfApi

    api = HfApi(endpoint=endpoint, token=token, library_name="unveil")
    try:
        info_fn = api.dataset_info if repo_type == "dataset" else api.model_info
        info = _call_with_retries(info_fn, repo_id, revision=revision, files_metadata=True)
    except Exception as exc:
        raise _translate(exc, repo_id, revision, endpoint) from exc
    sha = info.sha or revision
    if not sha:
        raise HubUnavailable(f"the Hub at {endpoint} gave no commit sha for {repo_id}")

    files: list[FileEntry] = []
    for sib in sorted(info.siblings or [], key=lambda s: s.rfilename):
        lfs = sib.lfs
        size = lfs.size if lfs is not None and lfs.size is not None else sib.size
        files.append(FileEntry(path=sib.rfilename, size=size, sha256=lfs.sha256 if lfs is not None else None,
                               lfs=lfs is not None))
    refs = _refs(api, repo_id) if repo_type == "model" else {}
    url_path = f"datasets/{repo_id}" if repo_type == "dataset" else repo_id  # the Hub's URL layout
    source = SourceInfo(kind="hub", id=repo_id, revision=sha, requested_revision=revision,
                        url=f"{endpoint}/{url_path}", refs=refs)
    reader = HubReader(endpoint, url_path, sha, {f.path: f.size for f in files}, token)
    release = Release(source=source, files=files, reader=reader)
    release.gated = info.gated or False  # type: ignore[attr-defined]  # extra fact for judges
    return release


def _refs(api: Any, repo_id: str) -> dict[str, list[str]]:
    """Branches and tags; best effort (the listing is what matters, refs are context)."""
    try:
        refs = _call_with_retries(api.list_repo_refs, repo_id)
    except Exception:
        return {}
    return {"branches": [b.name for b in refs.branches], "tags": [t.name for t in refs.tags]}


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
    from huggingface_hub import constants

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
