"""My formats (keras, tf, onnx, gguf, chat templates, safetensors) on the dev security corpus.

The corpus holds live malicious samples: files are only read as bytes here and handed to the
scanners, which parse bytes. Nothing is loaded, imported or rendered.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from security_format_helpers import flagged, scan_bytes  # noqa: E402

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "security" / "dev"
MY_FORMATS = {
    "keras-h5",
    "keras-v3",
    "onnx",
    "gguf",
    "tf-savedmodel",
    "json-template",
    "json-config",
    "safetensors",
}


def _rows() -> list[dict]:
    with (DEV / "manifest.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


def test_my_formats_on_dev_corpus() -> None:
    rows = [r for r in _rows() if r["format"] in MY_FORMATS]
    assert rows, "no rows for these formats in the manifest"
    mal = [r for r in rows if r["expected"] == "malicious"]
    ben = [r for r in rows if r["expected"] == "benign"]
    caught = [r["file"] for r in mal if flagged(scan_bytes((DEV / r["file"]).read_bytes(), r["file"])[0])]
    false_pos = [r["file"] for r in ben if flagged(scan_bytes((DEV / r["file"]).read_bytes(), r["file"])[0])]
    recognised = [r["file"] for r in rows if scan_bytes((DEV / r["file"]).read_bytes(), r["file"])[1]]
    print(
        f"\nmy formats: recall {len(caught)}/{len(mal)}, false positives {len(false_pos)}/{len(ben)}, "
        f"recognised {len(recognised)}/{len(rows)}"
    )
    assert len(caught) == len(mal), sorted({r["file"] for r in mal} - set(caught))
    assert false_pos == []


def test_no_benign_file_flagged_by_my_formats() -> None:
    """Sniffers must not misfire on other formats' benign files (pickles, numpy, torch zips ...)."""
    ben = [r for r in _rows() if r["expected"] == "benign"]
    false_pos = [r["file"] for r in ben if flagged(scan_bytes((DEV / r["file"]).read_bytes(), r["file"])[0])]
    print(f"\nbenign files flagged by these formats: {len(false_pos)}/{len(ben)}")
    assert false_pos == []


@pytest.mark.parametrize("name", [r["file"] for r in _rows() if r["format"] in MY_FORMATS])
def test_damaged_copies_never_crash(name: str) -> None:
    data = (DEV / name).read_bytes()
    rng = random.Random(name)
    variants = [data[:n] for n in {0, 1, 7, 8, 9, 16, 24, len(data) // 3, len(data) // 2, len(data) - 1}]
    for _ in range(25):
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        variants.append(bytes(buf))
    variants.append(data[:64] + b"\xff" * 4096)
    for blob in variants:
        scan_bytes(blob, name)  # must not raise


_EVENTS: list[tuple[str, str]] = []
_ACTIVE: list[bool] = []
_ARTIFACT_MODULES = {
    "os",
    "posix",
    "nt",
    "subprocess",
    "builtins",
    "runpy",
    "webbrowser",
    "socket",
    "pty",
    "shutil",
    "__builtin__",
    "marshal",
    "pickle",
    "importlib",
}


def _hook(event: str, args: tuple) -> None:
    if not _ACTIVE:
        return
    if event in ("exec", "compile", "os.system", "subprocess.Popen", "marshal.loads", "pickle.find_class"):
        _EVENTS.append((event, repr(args)[:80]))
    elif event == "import" and args and str(args[0]).split(".")[0] in _ARTIFACT_MODULES:
        _EVENTS.append((event, str(args[0])))


def test_nothing_executes_while_scanning() -> None:
    rows = [r for r in _rows() if r["format"] in MY_FORMATS]
    blobs = [((DEV / r["file"]).read_bytes(), r["file"]) for r in rows]
    for data, name in blobs:  # warm-up: lazy stdlib imports of the scanners themselves
        scan_bytes(data, name)
    sys.addaudithook(_hook)
    _ACTIVE.append(True)
    try:
        for data, name in blobs:
            scan_bytes(data, name)
    finally:
        _ACTIVE.clear()
    print(f"\naudit events while scanning {len(blobs)} files: {_EVENTS}")
    assert _EVENTS == []
