"""TF SavedModel/GraphDef and ONNX via the schema-less protobuf wire reader (samples built here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from security_format_helpers import flagged, scan_bytes, severities  # noqa: E402
from unveil.security.formats._protobuf import field_bytes as fb  # noqa: E402
from unveil.security.formats._protobuf import field_varint as fv  # noqa: E402
from unveil.security.formats.onnx import location_problem  # noqa: E402


def node(name: str, op: str, inputs: tuple[str, ...] = (), const: str | None = None) -> bytes:
    body = fb(1, name) + fb(2, op) + b"".join(fb(3, i) for i in inputs)
    if const is not None:
        tensor = fv(1, 7) + fb(8, const)
        body += fb(5, fb(1, "value") + fb(2, fb(8, tensor)))
    return body


def saved_model(nodes: list[bytes], functions: list[tuple[str, list[bytes]]] = ()) -> bytes:
    graph = b"".join(fb(1, n) for n in nodes)
    if functions:
        lib = b"".join(
            fb(1, fb(1, fb(1, name)) + b"".join(fb(3, n) for n in body)) for name, body in functions
        )
        graph += fb(2, lib)
    meta = fb(1, fb(4, "serve")) + fb(2, graph)
    return fv(1, 1) + fb(2, meta)


BENIGN_GRAPH = [
    node("x", "Placeholder"),
    node("w", "Const"),
    node("mm", "MatMul", ("x", "w")),
    node("prefix", "Placeholder"),
    node("save", "SaveV2", ("prefix", "names")),
]


def test_savedmodel_benign_and_dangerous_ops() -> None:
    ctx, fmt = scan_bytes(saved_model(BENIGN_GRAPH), "saved_model.pb")
    assert fmt == "tf-savedmodel" and not ctx.findings
    for op in ("ReadFile", "WriteFile", "MatchingFiles", "PyFunc", "EagerPyFunc", "PyFuncStateless"):
        ctx, _ = scan_bytes(saved_model([*BENIGN_GRAPH, node("evil", op, ("p",))]), "saved_model.pb")
        assert flagged(ctx), op


def test_savedmodel_ops_inside_function_library() -> None:
    data = saved_model(
        BENIGN_GRAPH, functions=[("__inference_serve_1", [node("w", "WriteFile", ("c", "d"))])]
    )
    ctx, _ = scan_bytes(data, "saved_model.pb")
    assert flagged(ctx) and "function __inference_serve_1" in ctx.findings[0].detail


def test_save_with_constant_path_is_high() -> None:
    data = saved_model([node("p", "Const", const="/etc/cron.d/x"), node("s", "SaveV2", ("p:0", "n"))])
    ctx, _ = scan_bytes(data, "saved_model.pb")
    assert "high" in severities(ctx) and "/etc/cron.d/x" in ctx.findings[0].detail


def test_frozen_graphdef() -> None:
    data = b"".join(fb(1, n) for n in [node("x", "Placeholder"), node("r", "ReadFile", ("x",))])
    ctx, fmt = scan_bytes(data, "frozen.pb")
    assert fmt == "tf-graphdef" and flagged(ctx)


def onnx_model(initializers: list[bytes], nodes: list[bytes] = (), opsets: tuple[str, ...] = ("",)) -> bytes:
    graph = b"".join(fb(1, n) for n in nodes) + fb(2, "g") + b"".join(fb(5, t) for t in initializers)
    return fv(1, 9) + fb(2, "pytorch") + fb(7, graph) + b"".join(fb(8, fb(1, d) + fv(2, 17)) for d in opsets)


def ext_tensor(name: str, location: str) -> bytes:
    return fb(8, name) + fb(13, fb(1, "location") + fb(2, location)) + fv(14, 1)


@pytest.mark.parametrize(
    "location,bad",
    [
        ("weights.bin", False),
        ("data/w.bin", False),
        ("a/../w.bin", False),
        ("../w.bin", True),
        ("/etc/passwd", True),
        ("C:\\Windows\\win.ini", True),
        ("a/../../w", True),
        ("..\\..\\x", True),
        ("\\\\server\\share", True),
        ("~/.ssh/id_rsa", True),
        ("w.bin\x00.txt", True),
    ],
)
def test_location_rules(location: str, bad: bool) -> None:
    assert (location_problem(location) is not None) == bad


def test_onnx_external_data_and_nested_graphs() -> None:
    ctx, fmt = scan_bytes(onnx_model([ext_tensor("W", "model.onnx_data")]), "m.onnx")
    assert fmt == "onnx" and not ctx.findings
    ctx, _ = scan_bytes(onnx_model([ext_tensor("W", "/etc/shadow")]), "m.onnx")
    assert flagged(ctx)
    # The bad tensor hides in an If node's then_branch subgraph.
    sub = fb(2, "then") + fb(5, ext_tensor("H", "../../secret"))
    if_node = fb(1, "cond") + fb(4, "If") + fb(5, fb(1, "then_branch") + fb(6, sub) + fv(20, 5))
    ctx, _ = scan_bytes(onnx_model([], nodes=[if_node]), "m.onnx")
    assert flagged(ctx)


def test_onnx_custom_domains() -> None:
    custom = fb(4, "Secret") + fb(7, "com.evil")
    ctx, _ = scan_bytes(onnx_model([], nodes=[custom], opsets=("", "com.evil")), "m.onnx")
    assert "medium" in severities(ctx) and not flagged(ctx)
    ms = fb(4, "FusedMatMul") + fb(7, "com.microsoft")
    ctx, _ = scan_bytes(onnx_model([], nodes=[ms]), "m.onnx")
    assert severities(ctx) <= {"info"}
    pyop = fb(4, "PyOp") + fb(7, "ai.onnx.contrib")
    assert flagged(scan_bytes(onnx_model([], nodes=[pyop]), "m.onnx")[0])


def test_malformed_protobufs_are_unscannable() -> None:
    good = onnx_model([ext_tensor("W", "w.bin")])
    for blob in (good[:-3], good[:10] + b"\xff" * 20):
        ctx, _ = scan_bytes(blob, "m.onnx")
        assert ctx.unscannable or not ctx.findings
    sm = saved_model(BENIGN_GRAPH)
    ctx, _ = scan_bytes(sm[: len(sm) // 2], "saved_model.pb")
    assert ctx.unscannable
