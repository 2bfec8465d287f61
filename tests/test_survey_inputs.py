"""Survey inputs and shards: list files, folders, hub: enumeration (paged, pinned), stable shard assignment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from unveil import budgets
from unveil.errors import SourceNotFound, UsageError
from unveil.survey.inputs import parse_hub_query, read_inputs, source_key
from unveil.survey.shard import parse_shard, shard_of, split

from conftest import EXAMPLES, RELEASES


def test_text_list_skips_comments_blanks_and_duplicates_and_resolves_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "rel").mkdir()
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# a census\n\n{EXAMPLES / 'tiny-open-model'}\nrel\nopenai/gpt2@abc\n"
                       f"{EXAMPLES / 'tiny-open-model'}\nopenai/gpt2@def\n", encoding="utf-8")
    specs = read_inputs(str(listing))
    assert [s.spec for s in specs] == [str(EXAMPLES / "tiny-open-model"), str(tmp_path / "rel"), "openai/gpt2@abc"]
    assert specs[2].key == "openai/gpt2"  # the revision is not part of the identity


def test_csv_and_json_lists(tmp_path: Path) -> None:
    csv = tmp_path / "s.csv"
    csv.write_text("name,source\nx,org/a\ny,org/b\n", encoding="utf-8")
    assert [s.spec for s in read_inputs(str(csv))] == ["org/a", "org/b"]
    js = tmp_path / "s.json"
    js.write_text(json.dumps(["org/a", {"id": "org/c", "revision": "main"}, {"other": 1}]), encoding="utf-8")
    assert [s.spec for s in read_inputs(str(js))] == ["org/a", "org/c@main"]
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(UsageError):
        read_inputs(str(bad))


def test_folder_of_release_folders() -> None:
    specs = read_inputs(str(RELEASES))
    folders = sorted(p for p in RELEASES.iterdir() if p.is_dir())
    print(f"release folders: {len(specs)}")
    assert [s.spec for s in specs] == [str(p) for p in folders]
    assert len(specs) >= 20


def test_folder_listing_matches_sorted_iterdir(tmp_path: Path) -> None:
    # The folder is read with one scandir; the releases and their order must be what sorted(iterdir()) gives.
    root = tmp_path / "in"
    root.mkdir()
    for name in ("b-2", "B-1", "a_10", "a_9", "\u00e9t\u00e9", ".hidden", "z z", "10", "9"):
        (root / name).mkdir()
    (root / "file.md").write_text("x", encoding="utf-8")
    (root / "link-to-dir").symlink_to(root / "a_9", target_is_directory=True)
    (root / "broken-link").symlink_to(root / "nowhere")
    expected = [str(p) for p in sorted(root.iterdir()) if p.is_dir() and not p.name.startswith(".")]
    assert [s.spec for s in read_inputs(str(root))] == expected
    assert "file.md" not in " ".join(expected) and str(root / "link-to-dir") in expected
    # A relative or dotted INPUT gives the same strings as Path joins do.
    cwd = os.getcwd()
    try:
        os.chdir(root)
        assert [s.spec for s in read_inputs(".")] == [str(Path(".") / Path(e).name) for e in expected]
        os.chdir(tmp_path)
        assert [s.spec for s in read_inputs("in/")] == [str(Path("in") / Path(e).name) for e in expected]
    finally:
        os.chdir(cwd)


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SourceNotFound):
        read_inputs(str(tmp_path / "nope.txt"))


def test_source_key_keeps_local_paths_whole(tmp_path: Path) -> None:
    odd = tmp_path / "model@v2"
    odd.mkdir()
    assert source_key(str(odd)) == str(odd)
    assert source_key("org/name@sha") == "org/name"


def test_parse_shard() -> None:
    assert parse_shard("0/1") == (0, 1) and parse_shard("3/8") == (3, 8) and parse_shard(None) is None
    for bad in ("2/2", "-1/3", "a/b", "3", "1/0"):
        with pytest.raises(UsageError):
            parse_shard(bad)


def test_shard_assignment_is_stable_across_processes_and_balanced() -> None:
    keys = [f"org{i % 37}/model-{i}" for i in range(2000)]
    here = [shard_of(k, 7) for k in keys]
    code = ("import json,sys; from unveil.survey.shard import shard_of; "
            "print(json.dumps([shard_of(k, 7) for k in json.load(sys.stdin)]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345"}  # hash() randomisation must not matter
    proc = subprocess.run([sys.executable, "-c", code], input=json.dumps(keys), capture_output=True, text=True,
                          env=env, check=True, timeout=120)
    assert json.loads(proc.stdout) == here
    counts = Counter(here)
    print(f"shard sizes for 2000 keys / 7 shards: {sorted(counts.values())}")
    assert min(counts.values()) > 2000 / 7 * 0.8 and max(counts.values()) < 2000 / 7 * 1.2
    # every source lands in exactly one shard, in input order
    specs = read_inputs(str(RELEASES))
    parts = split(specs, 3)
    assert sorted(s.key for p in parts.values() for s in p) == sorted(s.key for s in specs)


class _Hub(BaseHTTPRequestHandler):
    pages: list[list[dict]] = []
    seen: list[dict] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        if url.path != "/api/models":
            self.send_error(404)
            return
        query = parse_qs(url.query)
        type(self).seen.append(query)
        page = int(query.get("cursor", ["0"])[0])
        body = json.dumps(self.pages[page]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if page + 1 < len(self.pages):
            host = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            self.send_header("Link", f'<{host}/api/models?cursor={page + 1}&author=org>; rel="next"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_hub_enumeration_pages_and_pins_revisions(monkeypatch: pytest.MonkeyPatch) -> None:
    _Hub.pages = [[{"id": "org/a", "_id": "1", "sha": "a" * 40}, {"id": "org/b", "_id": "2", "sha": "b" * 40}],
                  [{"id": "org/c", "_id": "3", "sha": "c" * 40}]]
    _Hub.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
        monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
        specs = read_inputs("hub:author=org&limit=10")
    finally:
        server.shutdown()
    assert [s.spec for s in specs] == [f"org/a@{'a' * 40}", f"org/b@{'b' * 40}", f"org/c@{'c' * 40}"]
    assert [s.key for s in specs] == ["org/a", "org/b", "org/c"]
    first = _Hub.seen[0]
    assert first["author"] == ["org"] and "sha" in first.get("expand", [])
    assert len(_Hub.seen) == 2  # followed the Link: next page


class _LoopingHub(_Hub):
    """A hostile listing: every page links to itself as `next`."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).seen.append(self.path)
        body = json.dumps([{"id": "org/a", "_id": "1", "sha": "a" * 40}]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        host = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
        self.send_header("Link", f'<{host}/api/models?cursor=0&author=org>; rel="next"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(handler: type, monkeypatch: pytest.MonkeyPatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{server.server_address[1]}")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    return server


def _enumeration_error(handler: type, monkeypatch: pytest.MonkeyPatch, **limits: float) -> pytest.ExceptionInfo:
    server = _serve(handler, monkeypatch)
    try:
        with budgets.override(**limits), pytest.raises(UsageError) as err:
            read_inputs("hub:author=org")
    finally:
        server.shutdown()
    return err


def test_hub_enumeration_that_loops_stops_on_a_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    _LoopingHub.seen = []
    err = _enumeration_error(_LoopingHub, monkeypatch, hub_listing_repeats=25)
    assert "budget: hub_listing_repeats" in str(err.value) and "UNVEIL_BUDGET_HUB_LISTING_REPEATS" in str(err.value)
    assert 25 <= len(_LoopingHub.seen) <= 30  # stopped after the budget, one request per repeated page


def test_hub_enumeration_past_the_repo_budget_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    _Hub.pages = [[{"id": f"org/m{i}", "_id": str(i), "sha": "a" * 40} for i in range(k, k + 3)] for k in (0, 3, 6)]
    _Hub.seen = []
    err = _enumeration_error(_Hub, monkeypatch, hub_listing_repos=5)
    assert "budget: hub_listing_repos" in str(err.value) and len(_Hub.seen) == 2


def test_hub_query_parsing() -> None:
    assert parse_hub_query("meta-llama") == {"author": "meta-llama"}
    assert parse_hub_query("search=bert&filter=text-generation&limit=5") == {
        "search": "bert", "filter": ["text-generation"], "limit": 5}
    with pytest.raises(UsageError):
        parse_hub_query("colour=blue")
