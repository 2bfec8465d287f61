"""Keras (.keras zip, HDF5 byte scan, bare config) and safetensors header validation."""

from __future__ import annotations

import base64
import io
import json
import struct
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from security_format_helpers import flagged, safetensors_bytes, scan_bytes, severities  # noqa: E402

# Fake marshalled bytes: only the names matter to the scanner (it never unmarshals).
CODE = base64.b64encode(b"\xe3\x00\x00\x00\xda\x02os\xda\x06system\xfa\x08<lambda>").decode()


def layer(class_name: str, config: dict, module: str | None = "keras.layers", registered=None) -> dict:
    return {"module": module, "class_name": class_name, "config": config, "registered_name": registered}


def model(*layers: dict) -> dict:
    return {"module": "keras", "class_name": "Sequential", "config": {"name": "seq", "layers": list(layers)}}


DENSE = layer(
    "Dense",
    {
        "name": "d",
        "units": 2,
        "activation": "relu",
        "kernel_initializer": layer("GlorotUniform", {}, "keras.initializers"),
    },
)


def keras_zip(config: dict, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("metadata.json", json.dumps({"keras_version": "3.5.0"}))
        zf.writestr("config.json", json.dumps(config))
        zf.writestr("model.weights.h5", b"\x89HDF\r\n\x1a\n" + b"\0" * 100)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def h5_with(config: dict) -> bytes:
    """HDF5-shaped bytes: superblock magic, padding, then the config as a heap string would lie."""
    return b"\x89HDF\r\n\x1a\n" + b"\0" * 500 + b"GCOL" + json.dumps(config).encode() + b"\0" * 300


MALICIOUS = {
    "keras3 lambda": model(
        DENSE,
        layer("Lambda", {"name": "l", "function": {"class_name": "__lambda__", "config": {"code": CODE}}}),
    ),
    "get_file": model(DENSE, layer("function", "get_file", "keras.utils")),
    "load_model in activation": model(
        layer("Dense", {"name": "d", "activation": layer("function", "load_model", "keras.models")})
    ),
    "enable_unsafe": model(layer("enable_unsafe_deserialization", {}, "keras.config"), DENSE),
    "os.system module": model(layer("system", {"command": "id"}, "os")),
    "builtins exec function": model(layer("function", "exec", "builtins")),
    "subprocess registered": model(layer("Popen", {}, None, "subprocess>Popen")),
    "tfoplambda write_file": model(layer("TFOpLambda", {"name": "t", "function": "io.write_file"})),
    "stringlookup path": model(layer("StringLookup", {"name": "s", "vocabulary": "/etc/passwd"})),
    "tfsm": model(layer("TFSMLayer", {"name": "t", "filepath": "/tmp/evil_savedmodel"})),
}


@pytest.mark.parametrize("name", list(MALICIOUS))
def test_keras_zip_malicious(name: str) -> None:
    ctx, fmt = scan_bytes(keras_zip(MALICIOUS[name]), "m.keras")
    assert fmt == "keras-v3" and flagged(ctx), ctx.findings


@pytest.mark.parametrize("name", list(MALICIOUS))
def test_keras_h5_malicious(name: str) -> None:
    ctx, fmt = scan_bytes(h5_with(MALICIOUS[name]), "m.h5")
    assert fmt == "keras-h5" and flagged(ctx)


def test_keras_figures() -> None:
    n = len(MALICIOUS)
    caught = sum(flagged(scan_bytes(keras_zip(c), "m.keras")[0]) for c in MALICIOUS.values())
    caught_h5 = sum(flagged(scan_bytes(h5_with(c), "m.h5")[0]) for c in MALICIOUS.values())
    benign = [model(DENSE), model(layer("MyLayer", {"name": "x"}, "my_pkg.layers", "my_pkg>MyLayer"))]
    fp = sum(flagged(scan_bytes(keras_zip(c), "m.keras")[0]) for c in benign)
    print(
        f"\nkeras: .keras recall {caught}/{n}, h5 recall {caught_h5}/{n}, false positives {fp}/{len(benign)}"
    )
    assert caught == caught_h5 == n and fp == 0


def test_keras_legacy_h5_lambda_and_custom_module() -> None:
    legacy = {
        "class_name": "Sequential",
        "config": {
            "layers": [
                {
                    "class_name": "Lambda",
                    "config": {
                        "name": "l",
                        "function": [CODE, None, None],
                        "function_type": "lambda",
                        "module": "__main__",
                    },
                }
            ]
        },
    }
    ctx, _ = scan_bytes(h5_with(legacy), "m.h5")
    assert "critical" in severities(ctx) and "os" in ctx.findings[0].detail
    custom = model(layer("MyLayer", {"name": "x"}, "my_pkg.layers", "my_pkg>MyLayer"))
    ctx, _ = scan_bytes(keras_zip(custom), "m.keras")
    assert severities(ctx) == {"medium"}


def test_keras_zip_members_are_scanned_and_slip_flagged() -> None:
    ctx, _ = scan_bytes(keras_zip(model(DENSE), {"assets/../../evil.txt": b"x"}), "m.keras")
    assert flagged(ctx)
    tok = json.dumps({"chat_template": "{{ x.__class__ }}"}).encode()
    ctx, _ = scan_bytes(keras_zip(model(DENSE), {"assets/tokenizer_config.json": tok}), "m.keras")
    assert any(f.path == "m.keras!assets/tokenizer_config.json" for f in ctx.findings)


def test_keras_bad_configs_never_crash() -> None:
    ctx, _ = scan_bytes(keras_zip(model(DENSE))[:200], "m.keras")  # no central directory
    deep = "[" * 100000 + "]" * 100000
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("metadata.json", "{}")
        zf.writestr("config.json", deep)
    ctx, _ = scan_bytes(buf.getvalue(), "m.keras")
    assert ctx.unscannable
    scan_bytes(b"\x89HDF\r\n\x1a\n" + b'{"class_name": ' * 2000, "m.h5")


# ---------------------------------------------------------------- safetensors
def st(header: dict, data: bytes) -> tuple[set[str], list]:
    ctx, fmt = scan_bytes(safetensors_bytes(header, data), "m.safetensors")
    assert fmt == "safetensors"
    return severities(ctx), ctx.unscannable


GOOD = {
    "__metadata__": {"format": "pt"},
    "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
    "b": {"dtype": "BF16", "shape": [4], "data_offsets": [16, 24]},
}


def test_safetensors_valid() -> None:
    assert st(GOOD, b"\0" * 24) == (set(), [])


@pytest.mark.parametrize(
    "header,data",
    [
        ({"a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 12]}}, b"\0" * 12),  # shape mismatch
        (
            {
                "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]},
            },
            b"\0" * 12,
        ),  # overlap
        ({"a": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}, b"\0" * 8),  # hole
        ({"a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}, b"\0" * 8),  # past the end
        ({"a": {"dtype": "X99", "shape": [1], "data_offsets": [0, 4]}}, b"\0" * 4),  # dtype
        ({"__metadata__": {"k": 1}}, b""),  # metadata not strings
        ({"a": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}, b"\0" * 4),
    ],
)
def test_safetensors_invalid_headers_are_medium(header: dict, data: bytes) -> None:
    sev, _ = st(header, data)
    assert sev == {"medium"}


def test_safetensors_bad_lengths_unscannable() -> None:
    for blob in (
        struct.pack("<Q", 2**40) + b'{"a"',
        struct.pack("<Q", 500) + b'{"a": 1}',
        struct.pack("<Q", 6) + b'{"a":}',
    ):
        ctx, _ = scan_bytes(blob, "m.safetensors")
        assert ctx.unscannable and not flagged(ctx)


def test_safetensors_trailing_payload_goes_to_other_formats() -> None:
    hidden = json.dumps({"chat_template": "{{ x.__class__ }}"}).encode()
    ctx, _ = scan_bytes(safetensors_bytes(GOOD, b"\0" * 24 + hidden), "m.safetensors")
    assert flagged(ctx) and any(f.rule == "SEC381" for f in ctx.findings)
