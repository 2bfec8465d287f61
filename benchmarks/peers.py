"""Side-by-side benchmark: unveil vs picklescan, modelscan, modelaudit and fickling, in one run.

    /work/venv/bin/python benchmarks/peers.py [--peers picklescan,modelscan] [--skip-large] [--no-install]

- Each peer is installed into its own venv under benchmarks/.envs/ (gitignored) with pip.
- Every tool runs in a subprocess (peers are scanners and should not load files, but the dev corpus
  holds live samples, so nothing runs in this process). unveil runs through its own entry points
  (`open_local` + `scan_artifacts`) in a subprocess too.
- Accuracy: each file of ../shared/data/security/dev/ is scanned on its own; "flagged" means a
  critical/high finding for unveil, and the tool's own "issues found" exit code (1) for peers.
  A peer that crashes on a file (traceback / exit code >1) counts as an error, not a detection.
- Speed: one invocation per tool on the whole dev folder, then on generated benign files:
  a ~60 MB pickle of 1.5 M small objects and a 1 GB PyTorch zip checkpoint.
Results: a table on stdout and benchmarks/results/peers.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ENVS = HERE / ".envs"
RESULTS = HERE / "results"
DEV = REPO.parent / "shared" / "data" / "security" / "dev"
TIMEOUT = 600

# name -> (pip packages, command builder(bin_dir, path) -> argv)
PEERS = {
    "picklescan": (["picklescan"], lambda b, p: [str(b / "picklescan"), "-p", p]),
    "modelscan": (["modelscan"], lambda b, p: [str(b / "modelscan"), "-p", p]),
    "modelaudit": (["modelaudit"], lambda b, p: [str(b / "modelaudit"), "scan", p, "--format", "json"]),
    "fickling": (["fickling", "typing_extensions"], lambda b, p: [str(b / "fickling"), "--check-safety", p]),
}

UNVEIL_RUNNER = r"""
import json, sys, time
t0 = time.perf_counter()
from unveil.sources.local import open_local
from unveil.security.artifacts import scan_artifacts
release = open_local(sys.argv[1])
result = scan_artifacts(release)
print(json.dumps({
    "seconds_in_process": time.perf_counter() - t0,
    "bytes_read": release.bytes_read,
    "total_bytes": release.total_bytes,
    "findings": [[f.path, f.severity, f.rule] for f in result.findings],
    "unscannable": [[u.path, u.reason] for u in result.unscannable],
}))
"""


def install(name: str, packages: list[str]) -> Path:
    env = ENVS / name
    bin_dir = env / "bin"
    if not (bin_dir / name).exists():
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        subprocess.run([str(bin_dir / "pip"), "install", "-q", *packages], check=True)
    return bin_dir


def version(bin_dir: Path, package: str) -> str:
    out = subprocess.run([str(bin_dir / "pip"), "show", package], capture_output=True, text=True).stdout
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Version")), "?")


def run(argv: list[str], timeout: int = TIMEOUT) -> tuple[int, float, str, str]:
    start = time.perf_counter()
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return -9, time.perf_counter() - start, "", "timeout"
    return proc.returncode, time.perf_counter() - start, proc.stdout, proc.stderr


def peer_verdict(rc: int, stderr: str) -> str:
    if rc == 1 and "Traceback" not in stderr:
        return "flagged"
    return "clean" if rc == 0 else "error"


def unveil_scan(path: str) -> tuple[float, dict]:
    rc, seconds, out, err = run([sys.executable, "-c", UNVEIL_RUNNER, path])
    if rc != 0:
        return seconds, {"error": err[-2000:], "findings": [], "unscannable": []}
    return seconds, json.loads(out)


def unveil_verdict(data: dict) -> str:
    if data.get("error"):
        return "error"
    return "flagged" if any(sev in ("critical", "high") for _, sev, _ in data["findings"]) else "clean"


def corpus_rows() -> list[dict]:
    with (DEV / "manifest.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def accuracy(verdicts: dict[str, str], rows: list[dict]) -> dict:
    mal = [r["file"] for r in rows if r["expected"] == "malicious"]
    ben = [r["file"] for r in rows if r["expected"] == "benign"]
    return {
        "recall": sum(verdicts[f] == "flagged" for f in mal) / len(mal),
        "false_positive_rate": sum(verdicts[f] == "flagged" for f in ben) / len(ben),
        "missed": sorted(f for f in mal if verdicts[f] != "flagged"),
        "false_positives": sorted(f for f in ben if verdicts[f] == "flagged"),
        "errors": sorted(f for f in verdicts if verdicts[f] == "error"),
    }


# ---------------------------------------------------------------- generated benign files
def make_big_pickle(path: Path, n: int = 1_500_000) -> None:
    # Plain values only: our own benign data, pickled here with the standard library.
    data = [(i, f"token-{i:08d}", f"v{i % 997}", i * 0.5) for i in range(n)]
    path.write_bytes(pickle.dumps(data, protocol=4))


def _torch_state_dict_pickle(numel: int) -> bytes:
    """A torch.save state_dict pickle built opcode by opcode (no torch needed)."""
    p = b"\x80\x02}q\x00X\x06\x00\x00\x00weightq\x01"
    p += b"ctorch._utils\n_rebuild_tensor_v2\nq\x02("
    # persistent id: ('storage', torch.FloatStorage, '0', 'cpu', numel)
    p += b"(X\x07\x00\x00\x00storageq\x03ctorch\nFloatStorage\nq\x04X\x01\x00\x00\x000q\x05X\x03\x00\x00\x00cpuq\x06"
    p += b"\x8a\x05" + numel.to_bytes(5, "little") + b"tq\x07Qq\x08"
    p += b"K\x00\x8a\x05" + numel.to_bytes(5, "little") + b"\x85q\t" + b"K\x01\x85q\n" + b"\x89"
    p += b"ccollections\nOrderedDict\nq\x0b)Rq\x0ctq\rRq\x0es."
    return p


def make_torch_zip(path: Path, size: int = 1 << 30) -> None:
    chunk = b"\0" * (8 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as zf:
        zf.writestr("checkpoint/data.pkl", _torch_state_dict_pickle(size // 4))
        zf.writestr("checkpoint/byteorder", "little")
        with zf.open("checkpoint/data/0", "w", force_zip64=True) as fh:
            for _ in range(size // len(chunk)):
                fh.write(chunk)
        zf.writestr("checkpoint/version", "3\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--skip-large", action="store_true", help="skip the generated 60 MB / 1 GB files")
    ap.add_argument("--no-install", action="store_true", help="use existing venvs only")
    args = ap.parse_args()
    names = [n for n in args.peers.split(",") if n]
    bins: dict[str, Path] = {}
    for name in names:
        try:
            bins[name] = (ENVS / name / "bin") if args.no_install else install(name, PEERS[name][0])
        except (subprocess.CalledProcessError, OSError) as exc:
            print(f"skipping {name}: install failed ({exc})", file=sys.stderr)
    rows = corpus_rows()
    results: dict = {"tools": {}, "corpus_files": len(rows)}

    # unveil: one file per run for attribution, then the whole folder once for speed.
    per_file = {}
    for r in rows:
        _, data = unveil_scan(str(DEV / r["file"]))
        per_file[r["file"]] = unveil_verdict(data)
    seconds, data = unveil_scan(str(DEV))
    results["tools"]["unveil"] = {"version": "local", "corpus_seconds": round(seconds, 3), **accuracy(per_file, rows)}
    for name, bin_dir in bins.items():
        per_file = {}
        for r in rows:
            rc, _, _, err = run(PEERS[name][1](bin_dir, str(DEV / r["file"])), timeout=120)
            per_file[r["file"]] = peer_verdict(rc, err)
        rc, seconds, _, _ = run(PEERS[name][1](bin_dir, str(DEV)))
        results["tools"][name] = {
            "version": version(bin_dir, name),
            "corpus_seconds": round(seconds, 3),
            **accuracy(per_file, rows),
        }

    if not args.skip_large:
        tmp = Path(tempfile.mkdtemp(prefix="unveil-bench-"))
        try:
            big_pickle, big_zip = tmp / "objects.pkl", tmp / "checkpoint.pt"
            make_big_pickle(big_pickle)
            make_torch_zip(big_zip)
            results["large_files"] = {
                "pickle_bytes": big_pickle.stat().st_size,
                "torch_zip_bytes": big_zip.stat().st_size,
            }
            for label, target in (("pickle_60mb", big_pickle), ("torch_zip_1gb", big_zip)):
                seconds, data = unveil_scan(str(target))
                results["tools"]["unveil"][label] = {
                    "seconds": round(seconds, 3),
                    "seconds_in_process": round(data.get("seconds_in_process", 0), 3),
                    "bytes_read": data.get("bytes_read"),
                    "verdict": unveil_verdict(data),
                }
                for name, bin_dir in bins.items():
                    rc, seconds, _, err = run(PEERS[name][1](bin_dir, str(target)))
                    results["tools"][name][label] = {"seconds": round(seconds, 3), "verdict": peer_verdict(rc, err)}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        base = results["tools"].get("picklescan", {}).get("pickle_60mb", {}).get("seconds")
        ours = results["tools"]["unveil"]["pickle_60mb"]["seconds"]
        if base:
            results["unveil_speedup_vs_picklescan_pickle"] = round(base / ours, 2)

    print_table(results)
    RESULTS.mkdir(exist_ok=True)
    results["python"] = sys.version.split()[0]
    results["cpus"] = os.cpu_count()
    (RESULTS / "peers.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nwritten {RESULTS / 'peers.json'}")
    return 0


def print_table(results: dict) -> None:
    cols = ["tool", "version", "recall", "FP rate", "errors", "corpus s", "60MB pickle s", "1GB zip s"]
    print(" | ".join(f"{c:>13}" for c in cols))
    for name, r in results["tools"].items():
        cells = [
            name,
            r["version"],
            f"{r['recall']:.0%}",
            f"{r['false_positive_rate']:.0%}",
            str(len(r["errors"])),
            f"{r['corpus_seconds']:.2f}",
            _cell(r.get("pickle_60mb")),
            _cell(r.get("torch_zip_1gb")),
        ]
        print(" | ".join(f"{c:>13}" for c in cells))
    if "unveil_speedup_vs_picklescan_pickle" in results:
        print(f"unveil vs picklescan on the 60 MB pickle: {results['unveil_speedup_vs_picklescan_pickle']}x")


def _cell(entry: dict | None) -> str:
    if not entry:
        return "-"
    return f"{entry['seconds']:.2f}" + ("" if entry["verdict"] == "clean" else f" ({entry['verdict']})")


if __name__ == "__main__":
    raise SystemExit(main())
