"""ONNX ModelProto: external-data locations, custom operator domains, nested graphs.

Walked with the schema-less wire reader over lazily read pages, so inline weights are skipped,
not read. No `onnx` import.
"""

from __future__ import annotations

import re

from unveil import budgets
from unveil.rules import rule
from unveil.security.formats import ScanContext, register_format
from unveil.security.formats._protobuf import (
    LEN,
    VARINT,
    LazyBuffer,
    WireError,
    fields,
    iter_fields,
    read_varint,
    text,
)

SEC365 = rule(
    "SEC365",
    "high",
    "ONNX external data path is absolute or escapes the model folder",
    "Loaders read external tensor data from the named path; an absolute or `..` path reads any file "
    "on the host into the model (CVE-2022-25882 and later variants).",
    "CVE-2022-25882",
    "Keep external data files next to the model with plain relative names.",
)
SEC366 = rule(
    "SEC366",
    "medium",
    "ONNX model uses a custom operator domain",
    "Operators from an unknown domain need a native custom-op library supplied at load time; unverified.",
    "",
    "Check which library implements the domain and where it comes from.",
)
SEC367 = rule(
    "SEC367",
    "high",
    "ONNX model calls back into Python",
    "onnxruntime-extensions `PyOp`-style operators run a Python function registered by the host.",
    "",
    "Replace Python operators with standard ONNX operators.",
)
SEC368 = rule(
    "SEC368",
    "medium",
    "ONNX model could not be parsed",
    "A ModelProto that does not parse cannot be checked for external paths or custom operators.",
    "",
    "Re-export the model.",
)
SEC369 = rule(
    "SEC369",
    "info",
    "ONNX model uses a well-known non-standard operator domain",
    "Domains such as com.microsoft are implemented by the runtime itself.",
    "",
    "",
)

STANDARD_DOMAINS = {"", "ai.onnx", "ai.onnx.ml", "ai.onnx.training", "ai.onnx.preview.training"}
RUNTIME_DOMAINS = {
    "com.microsoft",
    "com.microsoft.nchwc",
    "com.microsoft.experimental",
    "com.microsoft.dml",
    "com.ms.internal.nhwc",
    "org.pytorch.aten",
    "pkg.onnxscript.torch_lib",
    "pkg.onnxscript.torch_lib.common",
    "com.microsoft.mlfeaturizers",
    "ai.onnx.contrib",
    "trt.plugins",
    "pkg.torch.onnx",
}
MODEL_FIELDS = {
    1: VARINT,
    2: LEN,
    3: LEN,
    4: LEN,
    5: VARINT,
    6: LEN,
    7: LEN,
    8: LEN,
    14: LEN,
    20: LEN,
    25: LEN,
}
_WIN_ABS = re.compile(r"^(?:[A-Za-z]:|[\\/]{2})")


def looks_like_onnx(head: bytes) -> bool:
    """ModelProto starts with ir_version (field 1, small varint), then only ModelProto fields."""
    if len(head) < 4 or head[0] != 0x08:
        return False
    pos, count = 0, 0
    try:
        while pos < len(head):
            key, pos = read_varint(head, pos, len(head))
            number, wtype = key >> 3, key & 7
            if MODEL_FIELDS.get(number) != wtype:
                return False
            value, pos = read_varint(head, pos, len(head))
            if number == 1 and not 1 <= value <= 30:
                return False
            if number in (2, 3, 4) and not _printable(head[pos : pos + min(value, 64)]):
                return False  # producer/version/domain are text (a SavedModel's field 2 is not)
            if wtype == LEN:
                pos += value
            count += 1
    except WireError:
        pass  # the head ends inside a field: fine
    return count >= 2


def _printable(data: bytes) -> bool:
    return all(32 <= b < 127 or b >= 128 for b in data)


def location_problem(location: str) -> str | None:
    """Why an external-data location is unsafe (None when it stays inside the model folder)."""
    if "\x00" in location:
        return "contains a NUL byte"
    if location.startswith(("/", "\\", "~")) or _WIN_ABS.match(location):
        return "is an absolute path"
    depth = 0
    for part in re.split(r"[\\/]+", location):
        if part == "..":
            depth -= 1
            if depth < 0:
                return "escapes the model folder"
        elif part not in ("", "."):
            depth += 1
    return None


class _Walker:
    def __init__(self, ctx: ScanContext, buf) -> None:
        self.ctx = ctx
        self.buf = buf
        self.domains: dict[str, int] = {}
        self.py_ops: list[tuple[str, int]] = []
        self.bad_locations: list[tuple[str, str, str, int]] = []

    def tensor(self, span: tuple[int, int]) -> None:
        t = fields(self.buf, *span)
        name = text(self.buf, t[8][0]) if t.get(8) else "?"
        for entry_span in t.get(13, []):
            entry = fields(self.buf, *entry_span)
            key = text(self.buf, entry[1][0]) if entry.get(1) else ""
            if key == "location" and entry.get(2):
                location = text(self.buf, entry[2][0])
                problem = location_problem(location)
                if problem:
                    self.bad_locations.append((name, location, problem, entry_span[0]))

    def sparse(self, span: tuple[int, int]) -> None:
        s = fields(self.buf, *span)
        for sub in s.get(1, []) + s.get(2, []):
            self.tensor(sub)

    def node(self, span: tuple[int, int], depth: int) -> None:
        n = fields(self.buf, *span)
        op = text(self.buf, n[4][0]) if n.get(4) else ""
        domain = text(self.buf, n[7][0]) if n.get(7) else ""
        self.domains.setdefault(domain, span[0])
        if op.startswith("Py") and domain not in STANDARD_DOMAINS:
            self.py_ops.append((f"{domain}::{op}", span[0]))
        for attr_span in n.get(5, []):
            a = fields(self.buf, *attr_span)
            for t in a.get(5, []) + a.get(10, []):
                self.tensor(t)
            for s in a.get(22, []) + a.get(23, []):
                self.sparse(s)
            for g in a.get(6, []) + a.get(11, []):
                self.graph(g, depth + 1)

    def graph(self, span: tuple[int, int], depth: int) -> None:
        budgets.check("protobuf_nesting", depth, "ONNX subgraphs nested")
        g = fields(self.buf, *span)
        for n in g.get(1, []):
            self.node(n, depth)
        for t in g.get(5, []):
            self.tensor(t)
        for s in g.get(15, []):
            self.sparse(s)

    def model(self) -> None:
        for number, wtype, value in iter_fields(self.buf):
            if number == 7 and wtype == LEN:
                self.graph(value, 0)
            elif number == 8 and wtype == LEN:
                opset = fields(self.buf, *value)
                domain = text(self.buf, opset[1][0]) if opset.get(1) else ""
                self.domains.setdefault(domain, value[0])
            elif number == 20 and wtype == LEN:  # FunctionProto: nodes in field 7
                fn = fields(self.buf, *value)
                for n in fn.get(7, []):
                    self.node(n, 1)

    def judge(self) -> None:
        ctx = self.ctx
        for name, location, problem, offset in self.bad_locations:
            ctx.report(
                SEC365.id,
                "high",
                f"external data of tensor {name!r}: location {location!r} {problem}",
                offset=offset,
                text=location,
            )
        for op, offset in self.py_ops[:5]:
            ctx.report(SEC367.id, "high", f"operator {op} runs a Python callback", offset=offset, text=op)
        for domain, offset in sorted(self.domains.items()):
            if domain in STANDARD_DOMAINS:
                continue
            if domain in RUNTIME_DOMAINS:
                ctx.report(
                    SEC369.id,
                    "info",
                    f"operator domain {domain!r} (runtime-provided)",
                    offset=offset,
                    text=domain,
                )
            else:
                ctx.report(
                    SEC366.id, "medium", f"custom operator domain {domain!r}", offset=offset, text=domain
                )


class OnnxFormat:
    name = "onnx"

    def sniff(self, head: bytes, path: str) -> bool:
        return looks_like_onnx(head)

    def scan(self, ctx: ScanContext) -> None:
        walker = _Walker(ctx, LazyBuffer(ctx.source))
        try:
            walker.model()
        except (WireError, IndexError, TypeError) as exc:
            ctx.report(SEC368.id, "medium", f"ONNX model is malformed: {exc}")
            ctx.cannot_scan(f"malformed ONNX protobuf: {exc}")
            walker.judge()
            return
        walker.judge()
        ctx.scanned.append(ctx.path)


register_format(OnnxFormat())
