"""End-to-end fuzz: hostile, malformed, huge, nested and bomb-shaped releases never crash or hang unveil.

Every case is built in a tmp folder (deterministic: fixed seeds) and passed, in-process, to
`service.audit`, `commands.scan.run` and `commands.license.run` under a per-case time budget
(`signal.setitimer`) with a coarse max-RSS check; a few go through the CLI in a subprocess.
The security corpus files are live samples: they (and their mutations) are only handed to unveil's
scanners, which parse bytes; nothing here loads, unpickles or imports them.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import resource
import signal
import struct
import subprocess
import sys
import tarfile
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, SHARED_DATA

SECURITY = SHARED_DATA / "security"
BUDGET_S = 20.0  # per case and entry point; real runs take well under a second or two
MAX_RSS_DELTA_KB = 1_500_000  # ~1.5 GB: a coarse check that no bomb was expanded in memory


class _Timeout(BaseException):  # BaseException: code under test must not swallow it with `except Exception`
    pass


def _alarm(_signum, _frame):  # type: ignore[no-untyped-def]
    raise _Timeout()


def _guarded(label: str, fn: Callable[[], object]) -> float:
    """Run fn under a wall-clock budget; only UnveilError may escape. Returns the seconds taken."""
    from unveil.errors import UnveilError

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, BUDGET_S)
    start = time.monotonic()
    try:
        fn()
    except UnveilError:
        pass
    except _Timeout:
        pytest.fail(f"{label}: still running after {BUDGET_S}s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    took = time.monotonic() - start
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert took < BUDGET_S, f"{label}: took {took:.1f}s (budget {BUDGET_S}s)"
    assert grown < MAX_RSS_DELTA_KB, f"{label}: max RSS grew by {grown / 1024:.0f} MB"
    return took


def _no_crash_reasons(case: str, reasons: list[str]) -> None:
    """A parser that raised something unexpected is a bug hidden as "could not check": never acceptable."""
    crashes = [r for r in reasons if "parser error (" in r or "internal error" in r]
    assert not crashes, f"{case}: {crashes[:3]}"


def _run_all(case: str, path: Path) -> dict:
    """Audit, scan and license-check PATH; returns the scan's JSON section (empty on UnveilError)."""
    from unveil import service
    from unveil.commands import license as license_command
    from unveil.commands import scan as scan_command

    def _audit() -> None:
        report = service.audit(str(path))
        report.model_dump_json()  # the JSON contract must serialise whatever was found
        _no_crash_reasons(case, [u.reason for u in report.security.unscannable])

    scanned: dict = {}

    def _scan() -> None:
        text, code = scan_command.run([str(path)], "json", "high")
        scanned.update(json.loads(text))
        assert code in (0, 1, 3, 4)  # 3: something could not be checked; 4: nothing to scan
        if scanned.get("unscannable"):  # fail closed: what could not be checked never exits 0
            assert code in (1, 3), (case, code)
        _no_crash_reasons(case, [u["reason"] for u in scanned.get("unscannable", [])])
        _check_ledger(path, scanned)

    def _license() -> None:
        text, code = license_command.run([str(path)], "json")
        if code == 0:
            json.loads(text)

    times = [_guarded(f"{case} {name}", fn) for name, fn in (("audit", _audit), ("scan", _scan),
                                                             ("license", _license))]
    print(f"{case}: audit {times[0]:.2f}s scan {times[1]:.2f}s license {times[2]:.2f}s")
    return scanned


def _check_ledger(path: Path, scanned: dict) -> None:
    """The coverage ledger holds on hostile input too: every listed file in exactly one state."""
    from ledger import assert_ledger
    from unveil import sanitize
    from unveil.commands.scan import _display
    from unveil.sources.local import open_local

    # The scan's JSON shows names through the sanitiser (controls and bidi marks as escapes): compare alike.
    files = [sanitize.name(_display(str(path), f.path, path.is_dir())) for f in open_local(path).files]
    assert_ledger(files, scanned["coverage"], scanned["findings"])


# -- mutations of the live corpus and the examples --------------------------------------------------------


def _mutate(data: bytes, rng: random.Random, kind: str) -> bytes:
    if not data:
        return bytes(rng.randrange(256) for _ in range(16))
    buf = bytearray(data)
    if kind == "flip":
        for _ in range(max(1, len(buf) // 200)):
            i = rng.randrange(len(buf))
            buf[i] ^= 1 << rng.randrange(8)
    elif kind == "truncate":
        buf = buf[: rng.randrange(len(buf))]
    elif kind == "duplicate":
        i = rng.randrange(len(buf))
        j = min(len(buf), i + rng.randrange(1, 4096))
        buf[j:j] = buf[i:j] * rng.randrange(1, 4)
    elif kind == "insert":
        i = rng.randrange(len(buf) + 1)
        buf[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 512)))
    elif kind == "head":  # keep the magic, replace the rest with noise
        n = min(len(buf), 16)
        buf = buf[:n] + bytes(rng.randrange(256) for _ in range(rng.randrange(0, 2048)))
    return bytes(buf)


MUTATIONS = ("flip", "truncate", "duplicate", "insert", "head")


def _mutated_tree(src: Path, dest: Path, kind: str, seed: int) -> Path:
    rng = random.Random(f"{seed}:{kind}")
    for f in sorted(p for p in src.rglob("*") if p.is_file()):
        if f.name in ("manifest.csv", "README.md") and f.parent == src:
            continue
        out = dest / f.relative_to(src)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(_mutate(f.read_bytes(), rng, kind))
    return dest


@pytest.mark.parametrize("kind", MUTATIONS)
def test_mutated_security_corpus(tmp_path: Path, kind: str) -> None:
    corpus = SECURITY / "dev"
    assert corpus.is_dir(), corpus
    tree = _mutated_tree(corpus, tmp_path / "corpus", kind, seed=1)
    print(f"{sum(1 for p in tree.rglob('*') if p.is_file())} mutated corpus files")
    _run_all(f"corpus-{kind}", tree)


@pytest.mark.parametrize("kind", MUTATIONS)
@pytest.mark.parametrize("example", ["tiny-open-model", "open-weights-only"])
def test_mutated_examples(tmp_path: Path, kind: str, example: str) -> None:
    tree = _mutated_tree(EXAMPLES / example, tmp_path / example, kind, seed=2)
    _run_all(f"{example}-{kind}", tree)


# -- pathological releases --------------------------------------------------------------------------------

CARD_HEAD = "---\nlicense: apache-2.0\n---\n# Model\n"


def _many_files(root: Path) -> None:
    for i in range(3000):
        d = root / f"a{i % 10}" / f"b{i % 7}" / f"c{i % 13}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i}.bin").write_bytes(b"")
    (root / "README.md").write_text(CARD_HEAD, encoding="utf-8")


def _deep_dir(root: Path) -> None:
    d = root
    for _ in range(200):
        d = d / "d"
    d.mkdir(parents=True)
    (d / "model.pkl").write_bytes(b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00id\x85R.")
    (d / "README.md").write_text(CARD_HEAD, encoding="utf-8")
    (d / "LICENSE").write_text("MIT License\n", encoding="utf-8")


def _weird_names(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    names = ["new\nline.md", "tab\tname.py", "ünïcødé-模型.safetensors", "back\\slash.bin", "-rf", "--help",
             "-", " lead space", "trailing.", "LICENSE\n", "README.md\r", "\u202eexe.txt", "a" * 250,
             "emoji-😀.json", "config.json", "%s%n.txt", "$(id).sh", "..dots", "x:y.gguf"]
    for i, name in enumerate(names):
        (root / name).write_bytes(f"content {i}\n".encode())
    # A name that is not valid UTF-8 (bytes on Linux).
    with open(os.path.join(os.fsencode(root), b"bad-\xff\xfe.pkl"), "wb") as fh:
        fh.write(b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00id\x85R.")
    (root / "README.md").write_text(CARD_HEAD + "\n[x](new\nline.md)\n", encoding="utf-8")


def _huge_readme(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_bytes(b"---\nlicense: mit\n---\n" + b"model " * (30 * 1024 * 1024 // 6))


def _card_redos(root: Path) -> None:
    """Long lines shaped to make backtracking regexes quadratic (each fixed once: keep them fixed)."""
    root.mkdir(parents=True, exist_ok=True)
    n = 50_000  # quadratic at this length is minutes; linear is milliseconds
    lines = [" " * n, "[" * n, "[x](" * (n // 4), "- **" + " " * n, "## " + "a " * n, "| " * n, "<" * n + ">",
             "`" * n, "http://" + "a." * n]
    (root / "README.md").write_text(CARD_HEAD + "\n".join(lines) + "\n", encoding="utf-8")


def _yaml_bomb(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    lines += ["license: *a9", "tags: *a9", "datasets: *a8", "---", "# Bomb", "## Training data", "text"]
    (root / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _yaml_deep(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    deep = "[" * 10_000 + "]" * 10_000
    deep_map = "".join("  " * 0 + "{a: " for _ in range(10_000)) + "1" + "}" * 10_000
    (root / "README.md").write_text(f"---\nlicense: mit\ntags: {deep}\nx: {deep_map}\n---\n# Deep\n",
                                    encoding="utf-8")
    sub = root / "block"
    sub.mkdir()
    block = "".join(" " * i + f"k{i}:\n" for i in range(3000)) + " " * 3000 + "v\n"
    (sub / "README.md").write_text("---\n" + block + "---\n# Block\n", encoding="utf-8")


def _config_nesting(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "README.md").write_text(CARD_HEAD, encoding="utf-8")
    (root / "config.json").write_text('{"a":' * 1000 + "1" + "}" * 1000, encoding="utf-8")
    (root / "generation_config.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    numbers = ('{"model_type": "llama", "hidden_size": NaN, "vocab_size": Infinity, "num_layers": -Infinity,'
               ' "n": 1e999999, "big": ' + "9" * 20000 + ', "license": ' + "1" * 5000 + "}")
    sub = root / "numbers"
    sub.mkdir()
    (sub / "config.json").write_text(numbers, encoding="utf-8")
    (sub / "adapter_config.json").write_text('"just a string"', encoding="utf-8")
    (sub / "tokenizer_config.json").write_text("[1, 2, 3]", encoding="utf-8")
    (sub / "model_index.json").write_text("null", encoding="utf-8")


def _big_template(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    template = "{% for m in messages %}{{ m.content }}" * (5 * 1024 * 1024 // 38) + "{% endfor %}" * 3
    (root / "tokenizer_config.json").write_text(json.dumps({"chat_template": template}), encoding="utf-8")
    nested = "{% if x %}" * 20_000 + "{% endif %}" * 20_000
    sub = root / "nested"
    sub.mkdir()
    (sub / "tokenizer_config.json").write_text(json.dumps({"chat_template": nested}), encoding="utf-8")
    (sub / "chat_template.jinja").write_text("{{" * 50_000 + "x" + "}}" * 50_000, encoding="utf-8")


def _big_notebook(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    cells = [{"cell_type": "code" if i % 3 else "markdown", "metadata": {}, "outputs": [], "execution_count": None,
              "source": [f"import os\nos.system('echo {i}')\n" if i % 1000 == 1 else f"x{i} = {i}\nprint(x{i})\n"]}
             for i in range(10_000)]
    (root / "train.ipynb").write_text(json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5,
                                                  "metadata": {}}), encoding="utf-8")
    (root / "broken.ipynb").write_text('{"cells": [{"cell_type": "code", "source": 5}, 3, null]}',
                                       encoding="utf-8")
    (root / "deep.ipynb").write_text('{"cells": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")


def _big_python(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    chunk = "def f{i}(x):\n    return {call}(x) + {i}\n\n"
    (root / "model.py").write_text("".join(chunk.format(i=i, call="eval" if i % 1000 == 0 else "abs")
                                           for i in range(5 * 1024 * 1024 // 40)), encoding="utf-8")
    (root / "deep.py").write_text("x = " + "(" * 5000 + "1" + ")" * 5000 + "\n", encoding="utf-8")
    (root / "binary.py").write_bytes(bytes(range(256)) * 100)
    (root / "long_line.py").write_text("s = '" + "a" * 3_000_000 + "'\n", encoding="utf-8")
    (root / "code.c").write_text("int main(){" + "{" * 10000 + "}" * 10000 + "}\n" + "strcpy(a, b);\n" * 20000,
                                 encoding="utf-8")


def _zip_bomb(root: Path) -> None:
    """42.zip-like: 16 copies per level, 4 levels, 16 MB of zeros at the bottom (about 1 TB expanded)."""
    root.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("data.pkl", b"\0" * (16 * 1024 * 1024))
    inner = buf.getvalue()
    for level in range(4):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
            for i in range(16):
                zf.writestr(f"lib{level}_{i}.zip", inner)
        inner = buf.getvalue()
    (root / "42.zip").write_bytes(inner)
    (root / "model.pth").write_bytes(inner)


def _many_members(root: Path) -> None:
    """100,000 stored members, packed by hand (zipfile takes seconds to write them)."""
    root.mkdir(parents=True, exist_ok=True)
    body, directory = bytearray(), bytearray()
    data = b"N."
    crc = zlib.crc32(data)
    for i in range(100_000):
        name = f"m/{i}.pkl".encode()
        offset = len(body)
        body += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, 2, 2, len(name), 0) + name + data
        directory += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, 2, 2, len(name),
                                 0, 0, 0, 0, 0, offset) + name
    eocd = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, len(directory), len(body), 0)
    (root / "members.zip").write_bytes(bytes(body + directory + eocd))


def _tar_links(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(root / "links.tar", "w") as tf:
        for name, kind, target in (("passwd", tarfile.SYMTYPE, "/etc/passwd"),
                                   ("hard", tarfile.LNKTYPE, "/etc/passwd"),
                                   ("hard2", tarfile.LNKTYPE, "passwd"),
                                   ("../../escape.pkl", tarfile.SYMTYPE, "../../../../etc/shadow"),
                                   ("dev", tarfile.CHRTYPE, ""), ("fifo", tarfile.FIFOTYPE, "")):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = target
            tf.addfile(info)
        data = b"\x80\x02cos\nsystem\nX\x02\x00\x00\x00id\x85R."
        info = tarfile.TarInfo("ok.pkl")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    (root / "passwd_link").symlink_to("/etc/passwd")
    (root / "loop_a").symlink_to("loop_b")
    (root / "loop_b").symlink_to("loop_a")
    os.link(root / "links.tar", root / "hardlinked.tar")
    # A tar.gz whose member claims a huge size.
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tf:
        info = tarfile.TarInfo("huge.bin")
        info.size = 1 << 40
        tf.addfile(info)
    (root / "liar.tar.gz").write_bytes(gzip.compress(raw.getvalue()[:4096]))


def _gzip_bomb(root: Path) -> None:
    """1 GB of zeros as gzip (multi-member: 16 x 64 MB, ~1 MB on disk)."""
    root.mkdir(parents=True, exist_ok=True)
    member = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    bomb = member * 16
    for name in ("model.pkl.gz",):
        (root / name).write_bytes(bomb)


def _gguf(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)

    def s(text: bytes) -> bytes:
        return struct.pack("<Q", len(text)) + text

    header = b"GGUF" + struct.pack("<I", 3) + struct.pack("<Q", 0) + struct.pack("<Q", 2)
    arr = s(b"tokenizer.ggml.tokens") + struct.pack("<I", 9) + struct.pack("<I", 8) + struct.pack("<Q", 2**62)
    (root / "array.gguf").write_bytes(header + arr + s(b"x") * 10)
    huge_str = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + s(b"tokenizer.chat_template") + struct.pack("<I", 8) \
        + struct.pack("<Q", 2**63 - 1) + b"{{"
    (root / "string.gguf").write_bytes(huge_str)
    counts = b"GGUF" + struct.pack("<IQQ", 3, 2**63, 2**63) + b"\0" * 64
    (root / "counts.gguf").write_bytes(counts)
    # Arrays of arrays, deeply nested.
    nested = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + s(b"deep") + struct.pack("<I", 9)
    for _ in range(5000):
        nested += struct.pack("<I", 9) + struct.pack("<Q", 1)
    (root / "nested.gguf").write_bytes(nested + struct.pack("<I", 4) + struct.pack("<Q", 1) + b"\0" * 4)


def _safetensors(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "model.safetensors").write_bytes(struct.pack("<Q", 2**63) + b'{"a": 1}')
    (root / "max.safetensors").write_bytes(struct.pack("<Q", 2**64 - 1) + b"{")
    hdr = json.dumps({"w": {"dtype": "F32", "shape": [2**62, 2**62], "data_offsets": [0, 2**64]},
                      "__metadata__": {"format": "pt" * 100}}).encode()
    (root / "shape.safetensors").write_bytes(struct.pack("<Q", len(hdr)) + hdr)
    deep = b'{"a":' * 5000 + b"1" + b"}" * 5000
    (root / "deep.safetensors").write_bytes(struct.pack("<Q", len(deep)) + deep)
    index = {"weight_map": {f"layer{i}": "../../../../etc/passwd" for i in range(10)}, "metadata": [1, 2]}
    (root / "model.safetensors.index.json").write_text(json.dumps(index), encoding="utf-8")


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _onnx(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    # ModelProto.graph(7) -> GraphProto.node(1) -> NodeProto.attribute(5) -> AttributeProto.g(6) -> ... repeated.
    graph = b"\x0a\x03abc"
    for _ in range(3000):
        attr = b"\x0a\x01g" + b"\x32" + _varint(len(graph)) + graph  # AttributeProto name=1, g=6
        node = b"\x2a" + _varint(len(attr)) + attr  # NodeProto attribute=5
        graph = b"\x0a" + _varint(len(node)) + node  # GraphProto node=1
    model = b"\x08\x07" + b"\x3a" + _varint(len(graph)) + graph  # ir_version=7, graph=7
    (root / "deep.onnx").write_bytes(model)
    # A length-delimited field that claims 2^62 bytes.
    (root / "liar.onnx").write_bytes(b"\x08\x07\x3a" + _varint(2**62) + b"\x0a\x01x")
    (root / "saved_model.pb").write_bytes(b"\x0a" + _varint(2**40) + b"\x00" * 10)
    # Many tiny groups (wire type 3) without ends.
    (root / "groups.onnx").write_bytes(b"\x08\x07" + b"\x0b" * 100_000)


def _hdf5(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    magic = b"\x89HDF\r\n\x1a\n"
    (root / "model.h5").write_bytes(magic + bytes(rng.randrange(256) for _ in range(100_000)))
    (root / "weights.hdf5").write_bytes(magic + b"\xff" * 4096)
    (root / "tiny.h5").write_bytes(magic)
    (root / "lambda.h5").write_bytes(magic + b"\0" * 512 + b'{"class_name": "Lambda", "config": ' * 2000)
    (root / "model.keras").write_bytes(b"PK\x03\x04" + b"\xff" * 100)


MOT_WRONG = """\
framework:
  name: Model Openness Framework
  version: '1.0'
  date: '2024-12-15'
release:
  name: Wrong
  version: [1, 2]
  license:
    distribution: {name: [a], path: {x: 1}}
    code: mit
    data: null
    weird: [1, 2, 3]
  producer: unknown
  components:
  - name: [Model architecture]
    license: {a: b}
  - name: Model parameters (Final)
    license: [apache-2.0]
    component_path: 12
  - 42
  - null
  - name: Training dataset
    license: null
"""


MOT_LENIENT = """\
framework: {name: Model Openness Framework, version: '1.0', date: '2024-12-15', extra: [1, {a: b}]}
release:
  name: Lenient
  license: {distribution: {name: null, path: null}, weird: [1, 2, 3], 7: x}
  producer: unknown
  components:
  - {name: Model architecture, license: '', extra: {deep: [[[[1]]]]}}
  - {name: '  MODEL PARAMETERS (FINAL)  ', license: "\\u0000\\n", component_path: ''}
  - {name: Datasets, description: ''}
"""


def _mot_yaml(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "lenient.yml").write_text(MOT_LENIENT, encoding="utf-8")
    (root / "wrong.yml").write_text(MOT_WRONG, encoding="utf-8")
    (root / "types.yml").write_text(
        "framework: {name: Model Openness Framework, version: 1, date: 2}\n"
        "release: {name: '', license: [], producer: 3, components: {a: b}, type: 7}\n", encoding="utf-8")
    (root / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
    (root / "bomb.yaml").write_text("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)),
        encoding="utf-8")
    (root / "deep.yaml").write_text("[" * 2_000 + "]" * 2_000, encoding="utf-8")
    (root / "binary.yml").write_bytes(b"\xff\xfe\x00framework")
    return root


PATHOLOGICAL: dict[str, Callable[[Path], object]] = {
    "many-files": _many_files,
    "deep-dir": _deep_dir,
    "weird-names": _weird_names,
    "huge-readme": _huge_readme,
    "card-redos": _card_redos,
    "yaml-bomb": _yaml_bomb,
    "yaml-deep": _yaml_deep,
    "config-nesting": _config_nesting,
    "big-template": _big_template,
    "big-notebook": _big_notebook,
    "big-python": _big_python,
    "zip-bomb": _zip_bomb,
    "zip-many-members": _many_members,
    "tar-links": _tar_links,
    "gzip-bomb": _gzip_bomb,
    "gguf": _gguf,
    "safetensors": _safetensors,
    "onnx-deep": _onnx,
    "hdf5-junk": _hdf5,
}


BOMBS = {"zip-bomb", "gzip-bomb"}


@pytest.mark.parametrize("case", sorted(PATHOLOGICAL))
def test_pathological_release(tmp_path: Path, case: str) -> None:
    from unveil.security.artifact_rules import ARCHIVE_LIMIT

    root = tmp_path / case
    PATHOLOGICAL[case](root)
    scanned = _run_all(case, root)
    if case in BOMBS:  # stopped at the limit, and said so
        limits = [f for f in scanned["findings"] if f["rule"] == ARCHIVE_LIMIT.id]
        print(f"{case}: {len(limits)} {ARCHIVE_LIMIT.id} finding(s), {len(scanned['unscannable'])} unscannable")
        assert limits and scanned["unscannable"]


def test_pathological_single_files(tmp_path: Path) -> None:
    """Each hostile file on its own (the single-file source path), not only inside a folder."""
    for case in ("gguf", "safetensors", "onnx-deep", "tar-links"):
        root = tmp_path / case
        PATHOLOGICAL[case](root)
        for f in sorted(root.iterdir()):
            if f.is_file() and not f.is_symlink():
                _run_all(f"{case}/{f.name}", f)


def test_mot_yaml_wrong_types(tmp_path: Path) -> None:
    root = _mot_yaml(tmp_path / "mot")
    for f in sorted(root.iterdir()):
        _run_all(f"mot/{f.name}", f)


# -- the CLI end to end -----------------------------------------------------------------------------------

CLI_CASES = ("weird-names", "zip-bomb")


def test_cli_audit_hostile(tmp_path: Path) -> None:
    paths = []
    for case in CLI_CASES:
        PATHOLOGICAL[case](tmp_path / case)
        paths.append(tmp_path / case)
    paths.append(_mot_yaml(tmp_path / "mot") / "lenient.yml")
    for path in paths:
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "unveil.cli", "audit", str(path), "--format", "json"],
                              capture_output=True, text=True, cwd=REPO, timeout=120)
        print(f"cli {path.name}: exit {proc.returncode} in {time.monotonic() - start:.1f}s")
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr[-3000:]
        assert proc.returncode in {0, 1, 3, 4}, (path, proc.returncode, proc.stderr[-2000:])
        json.loads(proc.stdout)
