"""A misbehaving Hub (tests/hub_broken.py on 127.0.0.1): every audit ends by its deadline, bounded.

Each scenario is audited by the real CLI in a subprocess with small deadlines (10 s per audit, 2 s per
file) so the suite stays fast; the claims are the issue's: exit 2 or 3, one clear line and no
traceback, < 1 GiB peak memory, no request and no reported path leaving `/resolve/<sha>/`, and no
redirect followed off the endpoint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from unveil.sources.hub_http import unsafe_path_reason

from hub_broken import FILE_SCENARIOS, SCENARIOS, TRAVERSAL, BrokenHub, OffHost, sha_of

DEADLINE, FILE_DEADLINE = 10, 2
# Scenarios where the server fails at once (no dribbling): a roomier deadline, so that on a loaded
# machine the check that must trip (a cap, a refused redirect) is what ends the audit, not the clock.
PROMPT = {"many-files", "huge-listing", "invalid-json", "wrong-shape", "bad-sha", "gzip-listing",
          "redirect-offhost-listing", "redirect-offhost", "redirect-escape", "redirect-loop", "traversal",
          "short-length", "lying-length"}
PROMPT_DEADLINE = 40
LIMIT_S = 60  # the bound; with these deadlines each audit takes well under half of it
GiB = 1 << 30


# Runs argv[2:], writes its peak RSS (KiB) to argv[1], exits with its exit code.
_MEASURE = ("import os, subprocess, sys; p = subprocess.Popen(sys.argv[2:]); _, s, u = os.wait4(p.pid, 0); "
            "open(sys.argv[1], 'w').write(str(u.ru_maxrss)); sys.exit(os.waitstatus_to_exitcode(s))")


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict:
    off = OffHost().start()
    hub = BrokenHub(off.endpoint).start()
    out_dir = tmp_path_factory.mktemp("broken-hub")
    env = {**os.environ, "HF_ENDPOINT": hub.endpoint, "HF_HUB_DISABLE_TELEMETRY": "1",
           "HF_HUB_CACHE": str(out_dir / "cache")}
    for var in ("HF_TOKEN", "HF_HUB_OFFLINE", "UNVEIL_DEADLINE", "UNVEIL_FILE_DEADLINE"):
        env.pop(var, None)

    def run(name: str) -> dict:
        report = out_dir / f"{name}.json"
        deadline = PROMPT_DEADLINE if name in PROMPT else DEADLINE
        cmd = [sys.executable, "-m", "unveil.cli", "audit", f"broken/{name}", "--deadline", str(deadline),
               "--file-deadline", str(FILE_DEADLINE), "-f", "json", "-o", str(report)]
        rss_file = out_dir / f"{name}.rss"
        started = time.monotonic()
        # Through a small launcher: a child forked straight from this (large) test process would count the
        # test process's pages in its own peak RSS until it execs.
        proc = subprocess.run([sys.executable, "-c", _MEASURE, str(rss_file), *cmd], env=env, capture_output=True,
                              text=True, timeout=LIMIT_S * 4)
        elapsed = time.monotonic() - started
        return {"code": proc.returncode, "seconds": elapsed, "rss": int(rss_file.read_text()) * 1024,
                "stderr": proc.stderr, "report": json.loads(report.read_text()) if report.is_file() else None}

    try:
        with ThreadPoolExecutor(3) as pool:
            results = dict(zip(SCENARIOS, pool.map(run, SCENARIOS), strict=True))
    finally:
        hub.stop()
        off.stop()
    results["_requests"] = list(hub.requests)
    results["_offhost"] = list(off.requests)
    return results


@pytest.mark.parametrize("name", SCENARIOS)
def test_broken_hub_audit_ends_in_time_with_a_clear_outcome(outcomes: dict, name: str) -> None:
    got = outcomes[name]
    print(f"{name}: exit {got['code']} in {got['seconds']:.1f} s, {got['rss'] / 2**20:.0f} MiB; "
          f"{got['stderr'].strip()[:160]}")
    assert got["code"] in (2, 3), got
    assert got["seconds"] < LIMIT_S
    assert got["rss"] < GiB
    assert "Traceback" not in got["stderr"] and "internal error" not in got["stderr"]
    errors = [ln for ln in got["stderr"].splitlines() if ln.startswith("unveil: error:")]
    if got["report"] is None:  # the listing failed: exactly one clear line says why
        assert len(errors) == 1 and len(errors[0]) < 400, got["stderr"]
        assert not any(ch in errors[0] for ch in "\x1b\x00\r")
    else:  # the listing worked but files did not: a report that says it is incomplete
        assert name in FILE_SCENARIOS
        assert got["report"]["inconclusive"], got["report"]


@pytest.mark.parametrize("name", sorted(FILE_SCENARIOS))
def test_no_reported_path_leaves_the_repository(outcomes: dict, name: str) -> None:
    report = outcomes[name]["report"]
    assert report is not None
    paths = [f["path"] for f in report["source"]["listing"]]
    assert paths == ["README.md", "model.safetensors"]
    for section in (report["security"]["findings"], report["security"]["unscannable"]):
        assert all(unsafe_path_reason(item["path"].split("!")[0]) is None for item in section)


def test_traversal_paths_are_named_never_requested(outcomes: dict) -> None:
    report = outcomes["traversal"]["report"]
    (listing_problem,) = [i for i in report["inconclusive"] if i["path"] == "<listing>"]
    for bad in ("../../etc/passwd", "/etc/shadow", "a/../../x"):
        assert f"'{bad}'" in listing_problem["reason"]
    assert "\x00" not in listing_problem["reason"] and "\x1b" not in listing_problem["reason"]
    resolves = [r for r in outcomes["_requests"] if "/resolve/" in r]
    assert resolves
    for name in FILE_SCENARIOS:
        pin = f"/broken/{name}/resolve/{sha_of(name)}/"
        mine = [r for r in resolves if r.startswith(f"/broken/{name}/")]
        assert all(r.startswith(pin) for r in mine), mine
    assert not [r for r in resolves if any(t.split("/")[-1] in r for t in TRAVERSAL[:3])]
    assert not any("etc" in r or "%2E%2E" in r.upper() or ".." in r for r in resolves)


def test_no_redirect_is_followed_off_the_endpoint(outcomes: dict) -> None:
    assert outcomes["_offhost"] == []
    assert "redirect off the endpoint" in outcomes["redirect-offhost-listing"]["stderr"]
    reasons = [i["reason"] for i in outcomes["redirect-escape"]["report"]["inconclusive"]]
    assert reasons and all("leaves" in r for r in reasons)


def test_deadlines_are_what_stops_dribbling_servers(outcomes: dict) -> None:
    assert "deadline" in outcomes["dribble-listing"]["stderr"]
    assert "deadline" in outcomes["silent-listing"]["stderr"]
    reasons = " ".join(i["reason"] for i in outcomes["dribble-file"]["report"]["inconclusive"])
    assert "deadline" in reasons


def test_listing_caps_bound_memory(outcomes: dict) -> None:
    for name in ("million-files", "huge-listing", "many-files"):
        got = outcomes[name]
        assert got["report"] is None and got["code"] == 3
        assert got["rss"] < 256 * 2**20, f"{name}: {got['rss'] / 2**20:.0f} MiB"
    assert "too large" in outcomes["huge-listing"]["stderr"]
    assert "150,000 files, more than the limit" in outcomes["many-files"]["stderr"]


def test_path_validator() -> None:
    for bad in TRAVERSAL + ["", "a/", "/", "..", "x/./y", "a\ud800b"]:
        assert unsafe_path_reason(bad) is not None, bad
    good_paths = ("README.md", "a/b/c.safetensors", "onnx/model.onnx_data", "日本語/モデル.bin", "a..b",
                  ".gitattributes")
    for good in good_paths:
        assert unsafe_path_reason(good) is None, good


def test_cli_deadline_flags_are_documented_in_help() -> None:
    out = subprocess.run([sys.executable, "-m", "unveil.cli", "audit", "--help"], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "200"})
    assert "--deadline" in out.stdout and "--file-deadline" in out.stdout


def test_redirect_policy() -> None:
    from unveil.sources.hub_http import redirect_allowed

    hub, pins = "https://huggingface.co", ("/org/m/resolve/abc/", "/api/resolve-cache/models/org/m/abc/")
    assert redirect_allowed(hub, "https://huggingface.co/api/resolve-cache/models/org/m/abc/README.md", pins) is None
    assert redirect_allowed(hub, "https://cas-bridge.xethub.hf.co/xet/abc?sig=1", pins) is None  # the Hub's CDN
    for refused in ("https://huggingface.co/org/m/resolve/abc/%2e%2e/%2e%2e/x", "https://huggingface.co/other/x",
                    "http://cas-bridge.xethub.hf.co/x", "https://evil.example/x", "file:///etc/passwd"):
        assert redirect_allowed(hub, refused, pins) is not None, refused
    # Another endpoint (a mirror, the replay server): its own origin only, never the Hub's CDN.
    assert redirect_allowed("http://127.0.0.1:5", "https://cas-bridge.xethub.hf.co/x", pins) is not None
