"""Releases and reports for the renderer tests: the examples and a hostile release built in a tmp folder.

The hostile release holds pickles written opcode by opcode (GLOBAL os.system + REDUCE) — never loaded —
plainly and as the `data.pkl` member of a torch-style zip, and a model card full of markup.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from unveil.report import Report
from unveil.service import audit

from conftest import REPO

# PROTO 2, GLOBAL 'os system', BINUNICODE 'id', TUPLE1, REDUCE, STOP: reaches os.system if ever loaded.
EVIL_PICKLE = b"\x80\x02" + b"cos\nsystem\n" + b"X\x02\x00\x00\x00id" + b"\x85" + b"R" + b"."

HOSTILE_CARD = """---
license: apache-2.0
tags: ["<script>alert('tag')</script>"]
---
# <script>alert("title")</script> hostile model

This is a fully open source model <script>alert("claim")</script> <img src=x onerror=alert(1)>.

## Limitations
It cannot count <script>document.location='https://evil.example'</script> past ten.

## Intended use
Testing <b onmouseover="alert(2)">renderers</b>; see [docs](javascript:alert(3)).

## Evaluation
| split | accuracy | 0.5 |
"""


HOSTILE_NAME = "<img src=x onerror=alert(7)>.pkl"


def build_hostile(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(HOSTILE_CARD, encoding="utf-8")
    (root / "evil.pkl").write_bytes(EVIL_PICKLE)
    (root / HOSTILE_NAME).write_bytes(EVIL_PICKLE)  # markup in a file name reaches every finding on it
    with zipfile.ZipFile(root / "pytorch_model.bin", "w") as zf:
        zf.writestr("archive/data.pkl", EVIL_PICKLE)
        zf.writestr("archive/version", "3\n")
    (root / "config.json").write_text('{"model_type": "<script>x</script>"}', encoding="utf-8")
    return root


def audit_path(path: Path) -> Report:
    return audit(str(path))


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "unveil.cli", *args], capture_output=True, text=True,
                          cwd=REPO, timeout=300)
