"""A local stand-in for the Hugging Face Hub API, serving `../shared/data/releases/<org>__<name>/`.

Standard library only (ThreadingHTTPServer). It answers in the shapes the real `huggingface_hub`
client expects, so tests point `HF_ENDPOINT` at it and drive the real client:

- `GET /api/models?author=&search=&limit=&expand=&cursor=`  the paged listing `list_models` reads:
  `page_size` repos a page, a `Link: <...>; rel="next"` header as the Hub sends, and per repo only
  the `expand`ed properties (siblings as names only, as the Hub's paged listing gives them)
- `GET /api/models/{org}/{name}[/revision/{rev}]`  model info (siblings with size, blobId, lfs)
- `GET /api/models/{org}/{name}/refs`               branches and tags
- `HEAD|GET /{org}/{name}/resolve/{rev}/{path}`      file bytes, with `X-Repo-Commit`, `ETag`,
  `X-Linked-Etag`/`X-Linked-Size` (LFS), `Accept-Ranges` and HTTP range requests (206)

`files.json` is the listing (`source.json`, `files.json`, `expected.json` and `gated` are not repo
files). A listed file that is not in the folder answers 404 `EntryNotFound`, or 401 `GatedRepo`
(403 when a token is sent) when the folder holds a `gated` marker; in a gated repo synthetic
entries are served only to requests that carry a token (access granted). Entries marked
`"synthetic": "safetensors" | "torch-zip"` are generated on the fly: a valid safetensors header
followed by zeros, or a torch zip archive whose `data.pkl` is a small benign pickle written opcode
by opcode (never unpickled anywhere) and whose storage member is zeros.

Dataset repos (`/api/datasets/...`, `/datasets/{org}/{name}/resolve/...`) are served, in the same
folder layout, only from the folders listed in `HubReplay.dataset_roots` (empty by default).

Failures are injected with `HubReplay.fail_next(path_contains, times, status=429, retry_after=0)`.
Requests are recorded with their kind (`list`, `info`, `refs`, `resolve`, `other`) and counted by
`HubReplay.count(kind)`; `count("api")` sums the API kinds (what the Hub's quota counts).
Run it by hand: `python tests/hub_replay.py [PORT]` then `HF_ENDPOINT=http://127.0.0.1:PORT`.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

RELEASES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "releases"
META_FILES = {"source.json", "files.json", "expected.json", "gated"}
CHUNK = 1 << 20
_ZEROS = bytes(CHUNK)


# --------------------------------------------------------------------------------------------
# Synthetic content: a file is a list of segments, each either literal bytes or a run of zeros.
# --------------------------------------------------------------------------------------------
@dataclass
class Segments:
    parts: list[tuple[int, bytes | int]]  # (offset, literal bytes | length of a zero run)
    size: int

    def iter_range(self, start: int, end: int) -> Iterator[bytes]:
        """Bytes [start, end) in chunks."""
        for offset, part in self.parts:
            length = len(part) if isinstance(part, bytes) else part
            lo, hi = max(start, offset), min(end, offset + length)
            if lo >= hi:
                continue
            if isinstance(part, bytes):
                yield part[lo - offset:hi - offset]
            else:
                remaining = hi - lo
                while remaining > 0:
                    n = min(remaining, CHUNK)
                    yield _ZEROS[:n]
                    remaining -= n


def synthetic_safetensors(size: int) -> Segments | None:
    """A valid safetensors file of exactly `size` bytes: header, then zero-filled tensor data."""
    header_len = 0
    for _ in range(8):
        data_len = size - 8 - header_len
        if data_len < 0:
            return None
        n, rest = divmod(data_len, 2)
        tensors: dict[str, Any] = {"__metadata__": {"format": "pt"}}
        tensors["model.weight"] = {"dtype": "BF16", "shape": [n], "data_offsets": [0, 2 * n]}
        if rest:
            tensors["model.tail"] = {"dtype": "U8", "shape": [rest], "data_offsets": [2 * n, 2 * n + rest]}
        raw = json.dumps(tensors, separators=(",", ":")).encode()
        padded = raw + b" " * (-len(raw) % 8)
        if len(padded) == header_len:
            head = struct.pack("<Q", header_len) + padded
            return Segments([(0, head), (len(head), data_len)], size)
        header_len = len(padded)
    return None


def _binunicode(text: str) -> bytes:
    raw = text.encode()
    return b"X" + struct.pack("<I", len(raw)) + raw


def torch_data_pkl(numel: int) -> bytes:
    """The pickle torch writes for `{"model.weight": FloatTensor(numel)}`, written opcode by opcode.

    Only the globals torch itself uses (collections.OrderedDict, torch._utils._rebuild_tensor_v2,
    torch.FloatStorage) and a persistent id pointing at the storage member `data/0`.
    """
    ordered_dict = b"ccollections\nOrderedDict\n)R"
    out = b"\x80\x02" + ordered_dict + b"("
    out += _binunicode("model.weight")
    out += b"ctorch._utils\n_rebuild_tensor_v2\n("
    out += b"(" + _binunicode("storage") + b"ctorch\nFloatStorage\n" + _binunicode("0") + _binunicode("cpu")
    out += b"J" + struct.pack("<i", numel) + b"tQ"  # storage persistent id -> BINPERSID
    out += b"K\x00"  # storage offset
    out += b"J" + struct.pack("<i", numel) + b"\x85"  # shape (numel,)
    out += b"K\x01\x85"  # stride (1,)
    out += b"\x89" + ordered_dict  # requires_grad=False, backward hooks
    out += b"tRu."
    return out


_CRC_CACHE: dict[int, int] = {}


def _crc_zeros(length: int) -> int:
    if length not in _CRC_CACHE:
        crc, remaining = 0, length
        while remaining:
            n = min(remaining, CHUNK)
            crc = zlib.crc32(_ZEROS[:n], crc)
            remaining -= n
        _CRC_CACHE[length] = crc
    return _CRC_CACHE[length]


def synthetic_torch_zip(size: int) -> Segments | None:
    """A torch (zip, stored) checkpoint of exactly `size` bytes; the storage member is zeros."""
    pkl_probe = torch_data_pkl(1)  # its length does not depend on numel (fixed-width ints)
    head_members = [("archive/data.pkl", len(pkl_probe)), ("archive/byteorder", 6)]
    tail_members = [("archive/version", 2), ("archive/.data/serialization_id", 20)]
    big_name = "archive/data/0"
    pre = sum(30 + len(n) + s for n, s in head_members) + 30 + len(big_name)
    post = sum(30 + len(n) + s for n, s in tail_members)
    central = sum(46 + len(n) for n, _ in head_members + tail_members) + 46 + len(big_name) + 22
    for extra in range(4, 8):  # an extra field absorbs the remainder so the storage is whole floats
        data_len = size - pre - extra - post - central
        if data_len >= 0 and data_len % 4 == 0 and data_len // 4 < 2**31 and size < 2**32:
            break
    else:
        return None
    numel = data_len // 4
    contents: list[tuple[str, bytes | int, bytes]] = [
        ("archive/data.pkl", torch_data_pkl(numel), b""),
        ("archive/byteorder", b"little", b""),
        (big_name, data_len, struct.pack("<HH", 0x4246, extra - 4) + b"\0" * (extra - 4)),
        ("archive/version", b"3\n", b""),
        ("archive/.data/serialization_id", b"unveil-replay-000000", b""),
    ]
    parts: list[tuple[int, bytes | int]] = []
    central_dir = b""
    offset = 0
    for name, body, extra_field in contents:
        length = len(body) if isinstance(body, bytes) else body
        crc = zlib.crc32(body) if isinstance(body, bytes) else _crc_zeros(body)
        name_raw = name.encode()
        local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0x21, crc, length, length,
                            len(name_raw), len(extra_field)) + name_raw + extra_field
        central_dir += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0x21, crc, length, length,
                                   len(name_raw), 0, 0, 0, 0, 0, offset) + name_raw
        parts.append((offset, local))
        offset += len(local)
        parts.append((offset, body))
        offset += length
    eocd = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(contents), len(contents), len(central_dir),
                       offset, 0)
    parts.append((offset, central_dir + eocd))
    offset += len(central_dir) + len(eocd)
    assert offset == size, (offset, size)
    return Segments(parts, size)


SYNTHETIC = {"safetensors": synthetic_safetensors, "torch-zip": synthetic_torch_zip}


# --------------------------------------------------------------------------------------------
# Repositories
# --------------------------------------------------------------------------------------------
def _pythia_style_branches(notes: list[str]) -> list[str]:
    """Checkpoint branches described in source.json notes ("154 ... branches (step0 ... step143000)").

    Pythia's schedule: step0, log-spaced steps 1..512, then every 1000 steps. Used only when it
    reproduces the stated count, so other wordings fall back to the two named ends.
    """
    for note in notes:
        pattern = r"(\d+) intermediate checkpoints live on branches \((\w*?)(\d+) \.\.\. \w*?(\d+)\)"
        m = re.search(pattern, note)
        if not m:
            continue
        count, prefix, first, last = int(m[1]), m[2], int(m[3]), int(m[4])
        steps = [first] + [2**i for i in range(10)] + list(range(1000, last + 1, 1000))
        if len(steps) != count:
            steps = [first, last]
        return [f"{prefix}{s}" for s in steps]
    return []


@dataclass
class Repo:
    repo_id: str
    folder: Path
    entries: dict[str, dict[str, Any]]
    gated: bool
    sha: str
    branches: dict[str, str]  # name -> commit
    tags: dict[str, str] = field(default_factory=dict)
    _lfs_sha: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, repo_id: str, folder: Path) -> Repo:
        listing_raw = (folder / "files.json").read_bytes()
        entries = {e["path"]: e for e in json.loads(listing_raw)}
        for p in sorted(folder.rglob("*")):  # present but unlisted files are repo files too
            rel = p.relative_to(folder).as_posix()
            if p.is_file() and rel not in META_FILES and rel not in entries:
                entries[rel] = {"path": rel, "size": p.stat().st_size, "lfs": False}
        sha = hashlib.sha1(b"unveil-replay\0" + repo_id.encode() + b"\0" + listing_raw).hexdigest()
        source: dict[str, Any] = {}
        if (folder / "source.json").is_file():
            source = json.loads((folder / "source.json").read_text())
        branches = {"main": sha}
        refs = source.get("refs") or {}
        notes = (source.get("files_json") or {}).get("notes") or []
        for name in list(refs.get("branches") or []) + _pythia_style_branches(notes):
            branches.setdefault(name, hashlib.sha1(f"{sha}:{name}".encode()).hexdigest())
        tags = {name: hashlib.sha1(f"{sha}:tag:{name}".encode()).hexdigest()
                for name in refs.get("tags") or []}
        return cls(repo_id, folder, entries, (folder / "gated").exists(), sha, branches, tags)

    def commit_for(self, rev: str | None) -> str | None:
        rev = rev or "main"
        if rev in self.branches:
            return self.branches[rev]
        if rev in self.tags:
            return self.tags[rev]
        if rev.startswith("refs/heads/") and rev[11:] in self.branches:
            return self.branches[rev[11:]]
        commits = set(self.branches.values()) | set(self.tags.values())
        return rev if rev in commits else None

    def local_file(self, path: str) -> Path | None:
        full = (self.folder / path).resolve()
        if self.folder.resolve() not in full.parents or path in META_FILES or not full.is_file():
            return None
        return full

    def content(self, path: str) -> Segments | None:
        """The bytes of a repo file, or None when they are not available."""
        full = self.local_file(path)
        if full is not None:
            data = full.read_bytes()
            return Segments([(0, data)], len(data))
        entry = self.entries.get(path) or {}
        maker = SYNTHETIC.get(entry.get("synthetic") or "")
        return maker(int(entry["size"])) if maker else None

    def size(self, path: str) -> int:
        full = self.local_file(path)
        return full.stat().st_size if full is not None else int(self.entries[path]["size"])

    def lfs_sha256(self, path: str) -> str:
        entry = self.entries[path]
        if entry.get("sha256"):
            return entry["sha256"]
        if path not in self._lfs_sha:
            full = self.local_file(path)
            if full is not None:
                self._lfs_sha[path] = hashlib.sha256(full.read_bytes()).hexdigest()
            else:  # a stand-in digest: weights are never recorded
                seed = f"{self.repo_id}/{path}:{entry['size']}".encode()
                self._lfs_sha[path] = hashlib.sha256(seed).hexdigest()
        return self._lfs_sha[path]

    def blob_id(self, path: str) -> str:
        full = self.local_file(path)
        if full is not None and not self.entries[path].get("lfs"):
            data = full.read_bytes()
            return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
        return hashlib.sha1(f"{self.repo_id}/{path}:{self.size(path)}".encode()).hexdigest()

    def etag(self, path: str) -> str:
        return self.lfs_sha256(path) if self.entries[path].get("lfs") else self.blob_id(path)

    def model_info(self, commit: str) -> dict[str, Any]:
        siblings = []
        for path, entry in sorted(self.entries.items()):
            sib: dict[str, Any] = {"rfilename": path, "size": self.size(path), "blobId": self.blob_id(path)}
            if entry.get("lfs"):
                sib["lfs"] = {"sha256": self.lfs_sha256(path), "size": self.size(path), "pointerSize": 134}
            siblings.append(sib)
        org = self.repo_id.split("/")[0]
        return {
            "_id": hashlib.md5(self.repo_id.encode()).hexdigest()[:24],
            "id": self.repo_id,
            "modelId": self.repo_id,
            "author": org,
            "sha": commit,
            "lastModified": "2024-01-01T00:00:00.000Z",
            "createdAt": "2023-01-01T00:00:00.000Z",
            "private": False,
            "disabled": False,
            "gated": "manual" if self.gated else False,
            "downloads": 0,
            "likes": 0,
            "tags": [],
            "siblings": siblings,
        }

    def refs(self) -> dict[str, Any]:
        return {
            "branches": [{"name": n, "ref": f"refs/heads/{n}", "targetCommit": c}
                         for n, c in self.branches.items()],
            "tags": [{"name": n, "ref": f"refs/tags/{n}", "targetCommit": c} for n, c in self.tags.items()],
            "converts": [],
        }


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------
@dataclass
class _Failure:
    needle: str
    remaining: int
    status: int
    retry_after: float | None


@dataclass
class Request:
    method: str
    path: str
    range: str | None
    status: int = 0
    bytes_sent: int = 0
    authorized: bool = False
    kind: str = "other"  # list | info | refs | resolve | other


API_KINDS = ("list", "info", "refs")


_API = re.compile(r"^/api/models/([^/]+)/([^/]+)(?:/revision/([^/]+))?/?$")
_REFS = re.compile(r"^/api/models/([^/]+)/([^/]+)/refs/?$")
_RESOLVE = re.compile(r"^/([^/]+)/([^/]+)/resolve/([^/]+)/(.+)$")
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_LIST = re.compile(r"^/api/models/?$")
# Dataset repos (served only from `dataset_roots`, empty by default): same layout under /datasets/.
_DS_API = re.compile(r"^/api/datasets/([^/]+)/([^/]+)(?:/revision/([^/]+))?/?$")
_DS_RESOLVE = re.compile(r"^/datasets/([^/]+)/([^/]+)/resolve/([^/]+)/(.+)$")


class HubReplay:
    """The replay server. `start()` it, point `HF_ENDPOINT` at `.endpoint`, `stop()` it."""

    def __init__(self, roots: list[Path] | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.roots: list[Path] = list(roots or [RELEASES])
        self.requests: list[Request] = []
        self._failures: list[_Failure] = []
        self._repos: dict[str, Repo] = {}
        self.ignore_ranges = False  # behave like a server without range support (answers 200)
        self.dataset_roots: list[Path] = []  # `<org>__<name>` folders served as dataset repos
        self.page_size = 100  # repos per page of the paged listing
        self._lock = threading.Lock()
        self.httpd = _Server((host, port), _Handler)
        self.httpd.replay = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def endpoint(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> HubReplay:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="hub-replay", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> HubReplay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test controls --------------------------------------------------------------------
    def add_root(self, root: Path) -> None:
        """Serve `<org>__<name>` folders under `root` too (first match wins, newest root first)."""
        with self._lock:
            self.roots.insert(0, Path(root))
            self._repos.clear()

    def fail_next(self, path_contains: str, times: int, status: int = 429,
                  retry_after: float | None = 0) -> None:
        """The next `times` requests whose path contains `path_contains` answer `status`."""
        with self._lock:
            self._failures.append(_Failure(path_contains, times, status, retry_after))

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self.requests.clear()
            self.ignore_ranges = False
            self._repos.clear()
            self.dataset_roots.clear()
            self.page_size = 100

    def count(self, kind: str | None = None) -> int:
        """Requests of one kind (`api` = every API call), or all of them."""
        kinds = API_KINDS if kind == "api" else (kind,)
        return sum(1 for r in self.requests if kind is None or r.kind in kinds)

    def all_repos(self) -> list[Repo]:
        """Every repo of every root, by id (first root wins)."""
        seen: dict[str, Repo] = {}
        for root in list(self.roots):
            for folder in sorted(root.iterdir()) if root.is_dir() else []:
                org, sep, name = folder.name.partition("__")
                if sep and (folder / "files.json").is_file() and f"{org}/{name}" not in seen:
                    repo = self.repo(org, name)
                    if repo is not None:
                        seen[repo.repo_id] = repo
        return sorted(seen.values(), key=lambda r: r.repo_id)

    def bytes_sent(self, path_contains: str = "") -> int:
        return sum(r.bytes_sent for r in self.requests if path_contains in r.path)

    # -- internals ------------------------------------------------------------------------
    def repo(self, org: str, name: str, dataset: bool = False) -> Repo | None:
        repo_id = f"{org}/{name}"
        key = f"datasets/{repo_id}" if dataset else repo_id
        with self._lock:
            if key in self._repos:
                return self._repos[key]
            for root in self.dataset_roots if dataset else self.roots:
                folder = root / f"{org}__{name}"
                if "/" not in org + name and ".." not in org + name and (folder / "files.json").is_file():
                    self._repos[key] = Repo.load(repo_id, folder)
                    return self._repos[key]
        return None

    def take_failure(self, path: str) -> _Failure | None:
        with self._lock:
            for failure in self._failures:
                if failure.remaining > 0 and failure.needle in path:
                    failure.remaining -= 1
                    return failure
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):  # clients hang up mid-stream: normal
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "HubReplay/1"

    @property
    def replay(self) -> HubReplay:
        return self.server.replay  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle(head=False)

    def do_HEAD(self) -> None:
        self._handle(head=True)

    # -- responses ------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None,
              content_type: str = "application/json") -> None:
        self._record.status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if not self._head:
            # Count before writing: the client may act on the bytes before this thread runs again.
            self._record.bytes_sent += len(body)
            self.wfile.write(body)

    def _json(self, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(200, json.dumps(data).encode(), headers)

    def _error(self, status: int, code: str | None, message: str,
               headers: dict[str, str] | None = None) -> None:
        extra = dict(headers or {})
        if code:
            extra["X-Error-Code"] = code
        extra["X-Error-Message"] = message
        self._send(status, json.dumps({"error": message}).encode(), extra)

    # -- routing --------------------------------------------------------------------------
    def _handle(self, head: bool) -> None:
        self._head = head
        raw_path = urlsplit(self.path).path
        self._record = Request(self.command, unquote(raw_path), self.headers.get("Range"),
                               authorized=bool(self.headers.get("Authorization")))
        self.replay.requests.append(self._record)
        try:
            failure = self.replay.take_failure(self._record.path)
            if failure is not None:
                headers = {} if failure.retry_after is None else {"Retry-After": f"{failure.retry_after:g}"}
                self._error(failure.status, None, "injected failure (rate limited)" if failure.status == 429
                            else "injected failure", headers)
                return
            if _LIST.match(raw_path):
                self._record.kind = "list"
                self._list(parse_qs(urlsplit(self.path).query))
            elif m := _REFS.match(raw_path):
                self._record.kind = "refs"
                self._refs(*map(unquote, m.groups()))
            elif m := _API.match(raw_path):
                self._record.kind = "info"
                org, name, rev = m.groups()
                self._model_info(unquote(org), unquote(name), unquote(rev) if rev else None)
            elif m := _DS_API.match(raw_path):
                org, name, rev = m.groups()
                self._model_info(unquote(org), unquote(name), unquote(rev) if rev else None, dataset=True)
            elif m := _DS_RESOLVE.match(raw_path):
                self._resolve(*map(unquote, m.groups()), dataset=True)
            elif m := _RESOLVE.match(raw_path):
                self._record.kind = "resolve"
                self._resolve(*map(unquote, m.groups()))
            else:
                self._error(404, None, "Not Found")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _find(self, org: str, name: str, dataset: bool = False) -> Repo | None:
        repo = self.replay.repo(org, name, dataset)
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found")
        return repo

    def _model_info(self, org: str, name: str, rev: str | None, dataset: bool = False) -> None:
        repo = self._find(org, name, dataset)
        if repo is None:
            return
        commit = repo.commit_for(rev)
        if commit is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
            return
        self._json(repo.model_info(commit))

    def _list(self, query: dict[str, list[str]]) -> None:
        """One page of `GET /api/models`, filtered by author and search, with a `Link: next` header."""
        author = (query.get("author") or [""])[0]
        search = (query.get("search") or [""])[0].lower()
        expand = set(query.get("expand") or query.get("expand[]") or [])
        limit = int((query.get("limit") or ["0"])[0] or 0)
        cursor = int((query.get("cursor") or ["0"])[0] or 0)
        repos = [r for r in self.replay.all_repos()
                 if (not author or r.repo_id.split("/")[0] == author) and search in r.repo_id.lower()]
        if limit:
            repos = repos[:limit]
        size = max(1, self.replay.page_size if not limit else min(limit, self.replay.page_size))
        page = repos[cursor:cursor + size]
        items = []
        for repo in page:
            item: dict[str, Any] = {"_id": hashlib.md5(repo.repo_id.encode()).hexdigest()[:24], "id": repo.repo_id}
            if "sha" in expand:
                item["sha"] = repo.sha
            if "siblings" in expand:
                item["siblings"] = [{"rfilename": path} for path in sorted(repo.entries)]
            if "gated" in expand:
                item["gated"] = "manual" if repo.gated else False
            if "private" in expand:
                item["private"] = False
            if "lastModified" in expand:
                item["lastModified"] = "2024-01-01T00:00:00.000Z"
            items.append(item)
        headers = {}
        if cursor + size < len(repos):
            rest = {k: v for k, v in query.items() if k != "cursor"}
            rest["cursor"] = [str(cursor + size)]
            headers["Link"] = f'<{self.replay.endpoint}/api/models?{urlencode(rest, doseq=True)}>; rel="next"'
        self._json(items, headers)

    def _refs(self, org: str, name: str) -> None:
        repo = self._find(org, name)
        if repo is not None:
            self._json(repo.refs())

    def _resolve(self, org: str, name: str, rev: str, path: str, dataset: bool = False) -> None:
        repo = self._find(org, name, dataset)
        if repo is None:
            return
        commit = repo.commit_for(rev)
        if commit is None:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {rev}")
            return
        base = {"X-Repo-Commit": commit}
        if path not in repo.entries:
            self._error(404, "EntryNotFound", f"{path} does not exist on {rev}", base)
            return
        # A gated repo serves its recorded files to anyone (card, license); the rest, synthetic
        # weights included, only to a request that carries a token (access granted).
        locked = repo.gated and repo.local_file(path) is None and not self._record.authorized
        content = None if locked else repo.content(path)
        if content is None:
            if repo.gated:
                status = 403 if self._record.authorized else 401
                self._error(status, "GatedRepo", f"Access to model {repo.repo_id} is restricted.", base)
            else:
                self._error(404, "EntryNotFound", f"{path} was not recorded", base)
            return
        size = content.size
        headers = {**base, "ETag": f'"{repo.etag(path)}"', "Accept-Ranges": "bytes"}
        if repo.entries[path].get("lfs"):
            headers["X-Linked-Etag"] = f'"{repo.lfs_sha256(path)}"'
            headers["X-Linked-Size"] = str(size)
        start, end, status = 0, size, 200
        rng = self.headers.get("Range")
        if rng and not self._head and not self.replay.ignore_ranges:
            m = _RANGE.match(rng.strip())
            if not m or not (m[1] or m[2]):
                self._error(416, None, "Range Not Satisfiable", {"Content-Range": f"bytes */{size}"})
                return
            if m[1]:
                start = int(m[1])
                end = min(int(m[2]) + 1, size) if m[2] else size
            else:
                start, end = max(size - int(m[2]), 0), size
            if start >= size or end <= start:
                self._error(416, None, "Range Not Satisfiable", {"Content-Range": f"bytes */{size}"})
                return
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{size}"
        self._record.status = status
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(end - start))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self._head:
            return
        for chunk in content.iter_range(start, end):
            self._record.bytes_sent += len(chunk)  # counted first, as in _send
            self.wfile.write(chunk)


if __name__ == "__main__":
    import sys

    server = HubReplay(port=int(sys.argv[1]) if len(sys.argv) > 1 else 0).start()
    print(f"HF_ENDPOINT={server.endpoint}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()
