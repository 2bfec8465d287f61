"""The format registry imports a format's module only when a file of its kind is met, and stays exact.

`dispatch.HEAD_TESTS` skips a module without importing it when its cheap test on the head fails. That is
only sound if the test is a necessary condition of every sniffer of the module: checked here on the
heads of every sample file the repository and ../shared/data hold (and their prefixes), and on random
and magic-prefixed bytes. A scan of one pickle must not import the other parsers, Jinja2, the code
analyzers or pydantic; a format module that fails to import leaves the files it might read unscannable.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unveil.security import dispatch
from unveil.security.formats import HEAD_BYTES, BytesSource, ScanContext

from conftest import REPO

SHARED = REPO.parent / "shared" / "data"
# Prefixes that some sniffer looks for, so that random tails exercise the sniffers, not only the tests.
MAGICS = [b"", b"PK\x03\x04", b"PK\x05\x06", b"GGUF", b"\x93NUMPY\x01\x00", b"\x89HDF\r\n\x1a\n", b"\x80\x02",
          b"\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", b"\x08\x07\x12", b"\x08\x01\x12", b"\x0a",
          b"\x0a\x10\x0a\x03abc\x15\x00\x00\x00\x00", b"{", b'{"chat_template": "{{ messages }}"}',
          b"{% for m in messages %}",
          b"ZF0x", b"x\x9c", b"\x5d\x00\x00\x80\x00", b"\x1f\x8b", b"BZh91AY&SY", b"\xfd7zXZ\x00",
          b"\x0b\x00\x00\x00\x00\x00\x00\x00{\"", b'  {"class_name": "Sequential", "config": {"layers": []}}']


def _sample_heads() -> list[tuple[str, bytes]]:
    roots = [REPO / "tests" / "fixtures", REPO / "examples", SHARED / "security", SHARED / "releases"]
    out: list[tuple[str, bytes]] = []
    for root in roots:
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                with path.open("rb") as fh:
                    out.append((path.name, fh.read(HEAD_BYTES)))
    return out


def _violations(head: bytes, path: str) -> list[str]:
    """Modules whose head test says no although one of their sniffers says yes."""
    bad = []
    for name, test in dispatch.HEAD_TESTS.items():
        if test(head):
            continue
        for fmt in dispatch.formats_of(name):
            try:
                claimed = fmt.sniff(head, path)
            except Exception:  # noqa: BLE001 - a sniffer that raises claims nothing (as in pick_format)
                claimed = False
            if claimed:
                bad.append(f"{name}: {fmt.name} sniffs {path!r} ({head[:16]!r}) but the head test refused")
    return bad


def test_head_tests_name_registered_modules() -> None:
    assert set(dispatch.HEAD_TESTS) <= set(dispatch.FORMAT_MODULES)
    assert "pickle_raw" not in dispatch.HEAD_TESTS  # opcode sniffing has no cheap necessary condition


def test_head_tests_never_refuse_a_sample_a_sniffer_claims() -> None:
    heads = _sample_heads()
    assert len(heads) > 50, "the sample corpora are missing"
    claimed = 0
    bad: list[str] = []
    for path, head in heads:
        for cut in (len(head), 4, 10, 13, 64, 511, 512, 2056):
            bad.extend(_violations(head[:cut], path))
        claimed += any(f.sniff(head, path) for n in dispatch.HEAD_TESTS for f in dispatch.formats_of(n))
    assert not bad, "\n".join(bad[:20])
    assert claimed > 20  # the samples do reach the sniffers the tests guard


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(MAGICS), st.binary(max_size=700), st.sampled_from(["x.bin", "tokenizer_config.json",
                                                                            "chat_template.jinja", "model.keras"]))
def test_head_tests_never_refuse_random_heads(magic: bytes, tail: bytes, path: str) -> None:
    assert not _violations(magic + tail, path)


def test_head_tests_hold_on_a_user_block_and_padding() -> None:
    rng = random.Random(14)
    for _ in range(200):
        pad = bytes(rng.randrange(256) for _ in range(rng.choice((0, 512, 1024, 2048))))
        head = (pad + b"\x89HDF\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(64)))[:HEAD_BYTES]
        assert not _violations(head, "model.h5")


SCAN_ONE_PICKLE = textwrap.dedent(
    """
    import json, pickle, sys
    from pathlib import Path
    path = Path(sys.argv[1]) / "tiny.pkl"
    path.write_bytes(pickle.dumps([1, 2], protocol=4))
    from unveil.commands.scan import run
    text, code = run([str(path)])
    print(json.dumps({"text": text, "code": code, "modules": sorted(sys.modules)}))
    """
)


def test_scanning_one_pickle_imports_only_what_it_needs(tmp_path: Path) -> None:
    import json

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, "-c", SCAN_ONE_PICKLE, str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["code"] == 0 and "scanned 1 file(s): no findings" in out["text"]
    modules = set(out["modules"])
    assert "unveil.security.formats.pickle_raw" in modules  # the one format that read it
    others = {f"unveil.security.formats.{m}" for m in dispatch.HEAD_TESTS} & modules
    assert not others, f"format modules imported for one pickle: {sorted(others)}"
    heavy = {"pydantic", "jinja2", "bandit", "flawfinder", "yaml", "rich", "unveil.report",
             "unveil.security.code.scanner", "unveil.security.formats._jinja"} & modules
    assert not heavy, f"imported for one pickle: {sorted(heavy)}"


def test_a_format_module_that_fails_to_import_leaves_its_files_unscannable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dispatch, "_BY_MODULE", {})
    monkeypatch.setattr(dispatch, "FORMAT_MODULES", ["no_such_format", *dispatch.FORMAT_MODULES])
    ctx = ScanContext(path="weights.bin", source=BytesSource(b"\x80\x04K\x01."))
    assert dispatch.scan_source(ctx) is False
    assert [u.reason for u in ctx.unscannable] == ["artifact format module 'no_such_format' failed to import: "
                                                    "No module named 'unveil.security.formats.no_such_format'"]
    # A module whose head test refuses the file is never imported, so its failure cannot matter there.
    monkeypatch.setattr(dispatch, "HEAD_TESTS", {**dispatch.HEAD_TESTS, "no_such_format": lambda head: False})
    ctx = ScanContext(path="weights.bin", source=BytesSource(b"\x80\x04K\x01."))
    assert dispatch.scan_source(ctx) is True and ctx.scanned == ["weights.bin"] and not ctx.unscannable


def test_a_release_without_code_says_no_code_scanner_ran(tmp_path: Path) -> None:
    from unveil.security.code import scan_code
    from unveil.sources.local import open_local

    (tmp_path / "weights.pkl").write_bytes(b"\x80\x04K\x01.")
    summary = scan_code(open_local(tmp_path)).summary["code"]
    assert summary["files"] == {} and summary["findings"] == 0
    assert {summary["scanners"][s] for s in ("bandit", "flawfinder", "semgrep")} == {"skipped: no code file"}
    (tmp_path / "config.json").write_text('{"auto_map": {"AutoModel": "modeling.Net"}}')  # remote code, no .py
    result = scan_code(open_local(tmp_path), semgrep=False)
    assert result.summary["code"]["scanners"]["bandit"] != "skipped: no code file"
    assert {f.rule for f in result.findings} & {"CODE401", "CODE402", "CODE403"}, result.findings


def test_a_crashing_sniffer_is_logged_and_the_next_format_asked(monkeypatch: pytest.MonkeyPatch,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        name = "broken"

        def sniff(self, head: bytes, path: str) -> bool:
            raise ValueError("sniffer bug")

    monkeypatch.setattr(dispatch, "_BY_MODULE", {**dispatch._BY_MODULE, "broken": [Broken()]})
    monkeypatch.setattr(dispatch, "FORMAT_MODULES", ["broken", *dispatch.FORMAT_MODULES])
    ctx = ScanContext(path="weights.bin", source=BytesSource(b"\x80\x04K\x01."))
    with caplog.at_level("DEBUG", logger="unveil.security.dispatch"):
        assert dispatch.scan_source(ctx) is True
    assert ctx.scanned == ["weights.bin"] and not ctx.unscannable  # the pickle format still read it
    assert any("sniffer broken failed on weights.bin" in r.getMessage() and r.exc_info for r in caplog.records)
