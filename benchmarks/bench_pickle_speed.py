"""Pickle engine speed and memory: a ~60 MB benign pickle of 1.5M small objects, and a 1 GB sparse torch zip.

Run: /work/venv/bin/python benchmarks/bench_pickle_speed.py [--objects 1500000] [--picklescan]
Prints MB/s, bytes read, and the peak memory of scanning the pickle in a fresh process (goal: at most
3x the file's size above the interpreter's baseline). The inputs are written with the stdlib pickle
*writer* (never loaded). With --picklescan (installed in its own environment, `PICKLESCAN` = its python
or its `picklescan` script), times it on the same file.
"""

from __future__ import annotations

import argparse
import os
import pickle
import struct
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from unveil.security.artifacts import scan_artifacts
from unveil.sources.local import open_local


def make_pickle(path: Path, objects: int) -> None:
    # Small mixed records (dicts, tuples, floats, short strings): the shape of pickled metadata/vocabularies.
    data = [{"id": i, "name": f"tok{i % 5000}", "w": i * 0.5, "t": (i, i % 7)} for i in range(objects)]
    path.write_bytes(pickle.dumps(data, protocol=4))


def make_sparse_torch_zip(path: Path, size: int) -> None:
    """A torch-like zip: a real data.pkl (rebuild helpers, persistent ids) + one huge sparse storage."""
    pkl = (
        b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02ctorch._utils\n"
        b"_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04ctorch\nFloatStorage\nq\x05X\x01\x00\x00"
        b"\x000q\x06X\x03\x00\x00\x00cpuq\x07J\x00\x00\x00\x10tq\x08QK\x00J\x00\x00\x00\x10\x85q\tK\x01\x85q\n"
        b"\x89ccollections\nOrderedDict\nq\x0b)Rq\x0ctq\rRq\x0es."
    )
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", pkl)
        zf.writestr("archive/version", b"3\n")
    # Append a sparse stored member by hand: local header, a hole, then a rebuilt directory.
    with open(path, "r+b") as fh:
        zf = zipfile.ZipFile(fh)
        infos = zf.infolist()
        cd_start = zf.start_dir
        fh.seek(cd_start)
        name = b"archive/data/0"
        storage = size
        hdr_off = cd_start
        fh.write(
            struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(name), 20)
            + name
            + struct.pack("<HHQQ", 1, 16, storage, storage)
        )
        data_start = fh.tell()
        fh.seek(data_start + storage)
        cd = bytearray()
        for info in infos:
            cd += (
                struct.pack(
                    "<4sHHHHHHIIIHHHHHII",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    0,
                    0,
                    0,
                    info.CRC,
                    info.compress_size,
                    info.file_size,
                    len(info.filename),
                    0,
                    0,
                    0,
                    0,
                    0,
                    info.header_offset,
                )
                + info.filename.encode()
            )
        cd += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                45,
                45,
                0,
                0,
                0,
                0,
                0,
                0xFFFFFFFF,
                0xFFFFFFFF,
                len(name),
                28,
                0,
                0,
                0,
                0,
                0xFFFFFFFF,
            )
            + name
            + struct.pack("<HHQQQ", 1, 24, storage, storage, hdr_off)
        )
        cd_off = fh.tell()
        fh.write(cd)
        eocd64 = fh.tell()
        n = len(infos) + 1
        fh.write(struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, n, n, len(cd), cd_off))
        fh.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, eocd64, 1))
        fh.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
        fh.truncate()


def bench(path: Path) -> tuple[float, int, int]:
    release = open_local(path)
    t0 = time.perf_counter()
    result = scan_artifacts(release)
    dt = time.perf_counter() - t0
    bad = [f for f in result.findings if f.severity in ("critical", "high")]
    return dt, release.bytes_read, len(bad)


# VmHWM (the process's own peak RSS; unlike ru_maxrss it is not inherited from the forking parent).
_PEAK = (
    "import re, sys\n"
    "from unveil.security.artifacts import scan_artifacts\n"
    "from unveil.security.dispatch import load_formats\n"
    "from unveil.sources.local import open_local\n"
    "def hwm():\n"
    "    return int(re.search(r'VmHWM:\\s*(\\d+)', open('/proc/self/status').read()).group(1))\n"
    "load_formats()\n"
    "base = hwm()\n"
    "scan_artifacts(open_local(sys.argv[1]))\n"
    "print(base, hwm())\n"
)


def peak_memory(path: Path) -> tuple[int, int]:
    """(baseline, peak) max RSS in bytes of a fresh process that scans `path`."""
    import sys

    out = subprocess.run([sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True)
    base, peak = (int(x) * 1024 for x in out.stdout.split())
    return base, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--objects", type=int, default=1_500_000)
    ap.add_argument("--torch-bytes", type=int, default=1 << 30)
    ap.add_argument("--picklescan", action="store_true", help="also time picklescan (PICKLESCAN=python path)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pk = Path(tmp) / "objects.pkl"
        make_pickle(pk, args.objects)
        size = pk.stat().st_size
        dt, read, bad = bench(pk)
        print(
            f"pickle {size / 1e6:.1f} MB, {args.objects} objects: {dt:.2f} s = {size / 1e6 / dt:.1f} MB/s, "
            f"read {read / 1e6:.1f} MB, flagged={bad}"
        )
        base, peak = peak_memory(pk)
        print(f"peak memory scanning it: {(peak - base) / 1e6:.0f} MB above a {base / 1e6:.0f} MB baseline "
              f"= {(peak - base) / size:.2f}x the file (goal <= 3x)")
        if args.picklescan:
            py = os.environ.get("PICKLESCAN", "picklescan")
            t0 = time.perf_counter()
            cmd = [py, "-m", "picklescan", "-p", str(pk)] if py.endswith("python") else [py, "-p", str(pk)]
            subprocess.run(cmd, capture_output=True)
            ps = time.perf_counter() - t0
            print(f"picklescan: {ps:.2f} s = {size / 1e6 / ps:.1f} MB/s; unveil is {ps / dt:.1f}x faster")
        tz = Path(tmp) / "big.pt"
        make_sparse_torch_zip(tz, args.torch_bytes)
        tsize = tz.stat().st_size
        dt, read, bad = bench(tz)
        print(f"torch zip {tsize / 1e9:.2f} GB (sparse): {dt * 1000:.0f} ms, read {read} bytes, flagged={bad}")


if __name__ == "__main__":
    main()
