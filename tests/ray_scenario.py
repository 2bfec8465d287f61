"""The Ray scenario, run inside a network namespace that has only loopback (see test_survey_ray.py):

    unshare -n sh -c 'ip link set lo up && python tests/ray_scenario.py OUT_DIR SOURCE...'

It starts a local Ray cluster (`ray start --head`, every address 127.0.0.1, token auth off for this
throwaway cluster), surveys SOURCES with the local engine and with `--engine ray` through
RAY_ADDRESS, kills a Ray-engine driver with SIGKILL mid-run and reruns it, stops the cluster, and
writes what it saw to OUT_DIR/result.json for the test to judge (processes are scanned in /proc).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def processes(needle: str) -> list[str]:
    """Command lines of live processes containing `needle`."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in cmd and state not in (b"Z", b"X"):
            out.append(f"{entry.name}: {cmd[:160]}")
    return out


def wait_until(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.5)
    return bool(predicate())


def main() -> None:
    out, sources = Path(sys.argv[1]), sys.argv[2:]
    out.mkdir(parents=True, exist_ok=True)
    listing = out / "sources.txt"
    listing.write_text("\n".join(sources) + "\n", encoding="utf-8")
    temp = Path(f"/tmp/ray-{uuid.uuid4().hex[:8]}")  # short: Ray's unix socket paths must fit 107 bytes
    port = free_port()
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0",
           "PYTHONPATH": os.pathsep.join([str(SRC), str(TESTS)]), "RAY_ADDRESS": f"127.0.0.1:{port}",
           "UNVEIL_SEMGREP": "off", "UNVEIL_PROGRESS_SECONDS": "2",
           # Ray's workers get `ray start`'s environment: the driver passes its test settings through this file.
           "UNVEIL_TEST_CONFIG": str(out / "driver-settings.json")}
    result: dict = {"port": port, "temp": str(temp)}
    cli = [sys.executable, "-m", "unveil.cli", "survey", str(listing), "--workers", "2"]

    def step(name: str, cmd: list[str], extra: dict | None = None, timeout: float = 600) -> int:
        started = time.monotonic()
        try:
            proc = subprocess.run(cmd, env={**env, **(extra or {})}, capture_output=True, text=True,
                                  timeout=timeout)
            code, stderr, stdout = proc.returncode, proc.stderr, proc.stdout
        except subprocess.TimeoutExpired as exc:
            code, stderr, stdout = -9, f"timed out after {timeout} s: {exc.stderr!r}", ""
        result[name] = {"code": code, "seconds": round(time.monotonic() - started, 1), "stderr": stderr[-3000:],
                        "stdout": stdout[-3000:]}
        return code

    step("local", [*cli, "--out", str(out / "local")])
    try:
        step("ray_start", ["ray", "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
                           "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp}"],
             timeout=240)
        if result["ray_start"]["code"] != 0:
            return  # the test reports ray start's own error; nothing else can run
        step("ray", [*cli, "--out", str(out / "ray"), "--engine", "ray"], timeout=300)
        # A driver killed mid-run (audits sleep so it is caught working), then the same survey again.
        marks = out / "started"
        driver = [sys.executable, str(TESTS / "survey_driver.py"), str(out / "killed"), "2", *sources]
        proc = subprocess.Popen(driver, env={**env, "UNVEIL_ENGINE": "ray", "UNVEIL_TEST_AUDIT_SLEEP": "3",
                                             "UNVEIL_TEST_STARTED": str(marks)},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        busy = wait_until(lambda: marks.is_dir() and len(list(marks.iterdir())) >= 2, 180)
        result["killed_busy"] = busy
        result["actors_while_running"] = processes("PoolActor")
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        proc.communicate()
        result["killed_started"] = sorted(p.read_text() for p in marks.iterdir()) if marks.is_dir() else []
        wait_until(lambda: not processes("PoolActor"), 60)
        result["actors_after_kill"] = processes("PoolActor")
        step("rerun", driver, {"UNVEIL_ENGINE": "ray", "UNVEIL_TEST_AUDIT_SLEEP": "0",
                               "UNVEIL_TEST_STARTED": str(out / "rerun-started")}, timeout=300)
        again = out / "rerun-started"
        result["rerun_started"] = sorted(p.read_text() for p in again.iterdir()) if again.is_dir() else []
        wait_until(lambda: not processes("PoolActor"), 60)
        result["actors_after_rerun"] = processes("PoolActor")
    finally:
        step("ray_stop", ["ray", "stop", "--force"], timeout=120)
        wait_until(lambda: not processes(str(temp)) and not processes("raylet"), 30)
        result["left_after_stop"] = processes(str(temp)) + processes("raylet") + processes("gcs_server")
        (out / "result.json").write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
