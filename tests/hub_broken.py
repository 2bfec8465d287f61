"""A misbehaving Hub on 127.0.0.1, for the bounded-network tests (standard library only).

Repo `broken/<scenario>` behaves as the scenario says; the model-info, refs and resolve routes have
the real Hub's shapes, so the real client code path is exercised. Scenarios:

- listing: `dribble-listing` (one byte every 2 s), `silent-listing` (headers never sent),
  `million-files` (10^6 siblings, streamed), `many-files` (150,000 in a few MB), `huge-listing`
  (200 MB), `invalid-json`, `wrong-shape`, `bad-sha`, `gzip-listing` (a compressed body although
  identity was asked), `traversal`
  (absolute, `..`, backslash, NUL and control-character paths beside a good card),
  `redirect-offhost-listing`, `error-500` and `rate-429` (forever), `rate-429-long` (Retry-After a day).
- files (listing fine): `dribble-file`, `lying-length` (Content-Length 10^12 and an endless body),
  `short-length` (fewer bytes than listed), `redirect-offhost`, `redirect-escape` (same host, out of
  `/resolve/<sha>/`), `redirect-loop`, `files-500`, `files-429`.

`OffHost` is a second server that only counts the requests it gets: no redirect may reach it.
Every request is recorded in `requests` (path as sent, undecoded).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

TRAVERSAL = ["../../etc/passwd", "/etc/shadow", "a/../../x", "dir\\..\\..\\win.ini", "nul\x00byte.bin",
             "\x1b[2Jclear.bin", "./dot.bin", "a//b.bin", "\u202egnp.exe"]
CARD = b"---\nlicense: apache-2.0\n---\n# A model\n\nTrained on public data.\n" + b"x" * 4000
SCENARIOS = ["dribble-listing", "silent-listing", "million-files", "many-files", "huge-listing", "invalid-json",
             "wrong-shape", "bad-sha", "gzip-listing", "traversal", "redirect-offhost-listing", "error-500", "rate-429",
             "rate-429-long", "dribble-file", "lying-length", "short-length", "redirect-offhost",
             "redirect-escape", "redirect-loop", "files-500", "files-429"]
FILE_SCENARIOS = {"dribble-file", "lying-length", "short-length", "redirect-offhost", "redirect-escape",
                  "redirect-loop", "files-500", "files-429", "traversal"}


def sha_of(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()


def siblings(name: str) -> list[dict[str, Any]]:
    files = [{"rfilename": "README.md", "size": len(CARD)},
             {"rfilename": "model.safetensors", "size": 1_000_000,
              "lfs": {"sha256": "ab" * 32, "size": 1_000_000, "pointerSize": 134}}]
    if name == "traversal":
        files += [{"rfilename": p, "size": 10} for p in TRAVERSAL]
    return files


def info(name: str, files: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"id": f"broken/{name}", "modelId": f"broken/{name}", "sha": sha_of(name), "private": False,
            "gated": False, "siblings": siblings(name) if files is None else files}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # clients hang up: expected
        pass


class BrokenHub:
    def __init__(self, offhost: str = "") -> None:
        self.requests: list[str] = []
        self.offhost = offhost  # base URL of the counting server redirects point at
        self.stopping = threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.hub = self  # type: ignore[attr-defined]

    @property
    def endpoint(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> BrokenHub:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    @property
    def hub(self) -> BrokenHub:
        return self.server.hub  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self.hub.requests.append(self.path)
        parts = [unquote(p) for p in urlsplit(self.path).path.split("/")]
        try:
            if parts[1:3] == ["api", "models"] and len(parts) >= 6 and parts[3] == "broken":
                name = parts[4]
                if parts[5] == "refs":
                    self._json({"branches": [], "tags": [], "converts": []})
                else:
                    self._listing(name)
            elif parts[1:3] == ["api", "models"] and len(parts) == 5 and parts[3] == "broken":
                self._listing(parts[4])
            elif len(parts) >= 6 and parts[1] == "broken" and parts[3] == "resolve":
                self._file(parts[2], "/".join(parts[5:]))
            else:
                self._send(404, b'{"error":"not found"}', {"X-Error-Code": "RepoNotFound"})
        except (BrokenPipeError, ConnectionResetError):
            pass

    # -- helpers -------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None,
              length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, data: Any) -> None:
        self._send(200, json.dumps(data).encode())

    def _stream(self, status: int, chunks: Iterator[bytes], headers: dict[str, str] | None = None,
                length: int | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if length is not None:
            self.send_header("Content-Length", str(length))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        for chunk in chunks:
            if self.hub.stopping.is_set():
                return
            self.wfile.write(chunk)
            self.wfile.flush()

    def _dribble(self, body: bytes) -> Iterator[bytes]:
        for i in range(len(body)):
            yield body[i:i + 1]
            if self.hub.stopping.wait(2.0):
                return

    def _redirect(self, location: str) -> None:
        self._send(302, b"", {"Location": location})

    # -- listing -------------------------------------------------------------------------
    def _listing(self, name: str) -> None:
        body = json.dumps(info(name)).encode()
        if name == "dribble-listing":
            self._stream(200, self._dribble(body), {"Content-Type": "application/json"}, len(body))
        elif name == "silent-listing":
            self.hub.stopping.wait(3600)
        elif name == "million-files":
            self._stream(200, _million(name, 1_000_000), {"Content-Type": "application/json"})
        elif name == "many-files":  # small enough in bytes: the entry cap must trip
            self._stream(200, _million(name, 150_000), {"Content-Type": "application/json"})
        elif name == "huge-listing":
            self._stream(200, _huge(name), {"Content-Type": "application/json"})
        elif name == "invalid-json":
            self._send(200, b'{"id": "broken/invalid-json", "siblings": [{"rfilename": "README.md"')
        elif name == "wrong-shape":
            self._json({"id": "broken/wrong-shape", "sha": sha_of(name), "siblings": "README.md"})
        elif name == "bad-sha":
            self._json({**info(name), "sha": "../../../../etc"})
        elif name == "gzip-listing":
            import gzip

            self._send(200, gzip.compress(body), {"Content-Encoding": "gzip"})
        elif name == "redirect-offhost-listing":
            self._redirect(f"{self.hub.offhost}/api/models/broken/{name}")
        elif name in ("error-500",):
            self._send(500, b'{"error":"boom"}')
        elif name == "rate-429":
            self._send(429, b'{"error":"slow down"}', {"Retry-After": "1"})
        elif name == "rate-429-long":
            self._send(429, b'{"error":"slow down"}', {"Retry-After": "86400"})
        else:
            self._send(200, body)

    # -- files ---------------------------------------------------------------------------
    def _file(self, name: str, path: str) -> None:
        if path != "README.md" and path != "model.safetensors":
            self._send(404, b'{"error":"entry not found"}', {"X-Error-Code": "EntryNotFound"})
            return
        content = CARD if path == "README.md" else b"\x00" * 1_000_000
        if name == "dribble-file":
            self._stream(200, self._dribble(content[:200]), None, len(content))
        elif name == "lying-length":
            self._stream(200, _endless(), None, 10**12)
        elif name == "short-length":
            self._stream(200, iter([content[:10]]), None, 10)
        elif name == "redirect-offhost":
            self._redirect(f"{self.hub.offhost}/files/{path}")
        elif name == "redirect-escape":
            self._redirect(f"/broken/other/resolve/main/{path}")
        elif name == "redirect-loop":
            self._redirect(self.path)
        elif name == "files-500":
            self._send(500, b'{"error":"boom"}')
        elif name == "files-429":
            self._send(429, b'{"error":"slow down"}', {"Retry-After": "1"})
        else:
            self._send(200, content)


def _million(name: str, count: int) -> Iterator[bytes]:
    yield json.dumps({"id": f"broken/{name}", "sha": sha_of(name)}).encode()[:-1] + b', "siblings": ['
    batch = 10_000
    for start in range(0, count, batch):
        items = (json.dumps({"rfilename": f"shard/{i:07d}.bin", "size": 1}) for i in range(start, start + batch))
        yield (b"," if start else b"") + ",".join(items).encode()
    yield b"]}"


def _huge(name: str) -> Iterator[bytes]:
    yield json.dumps({"id": f"broken/{name}", "sha": sha_of(name)}).encode()[:-1] + b', "pad": "'
    block = b"x" * (1 << 20)
    for _ in range(200):
        yield block
    yield b'", "siblings": [{"rfilename": "README.md"}]}'


def _endless() -> Iterator[bytes]:
    block = b"A" * (1 << 16)
    for _ in range(16_000):  # ~1 GB at most, far more than any read may take
        yield block


class OffHost:
    """Counts requests; any request here is a redirect followed off the endpoint."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                outer.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

        self.httpd = _Server(("127.0.0.1", 0), Handler)

    @property
    def endpoint(self) -> str:
        host, port = self.httpd.server_address[:2]
        # Another host name for the same loopback address: a different origin to the client.
        return f"http://localhost:{port}"

    def start(self) -> OffHost:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    off = OffHost().start()
    hub = BrokenHub(off.endpoint).start()
    print(f"HF_ENDPOINT={hub.endpoint}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        hub.stop()
        off.stop()
