"""TensorFlow SavedModel (`saved_model.pb`) and frozen GraphDef (`.pb`): list ops, flag dangerous ones.

Parsed with the schema-less wire reader; no TensorFlow import. Ops are collected from the main
graph and from every function in the function library (TF2 keeps most ops there).
"""

from __future__ import annotations

import re

from unveil.rules import rule
from unveil.security.formats import ScanContext, register_format
from unveil.security.formats._protobuf import LEN, VARINT, LazyBuffer, WireError, fields, iter_fields, read_varint, text

SEC360 = rule(
    "SEC360",
    "high",
    "TensorFlow graph uses a file-system or Python-callback op",
    "Ops such as WriteFile, ReadFile, MatchingFiles or PyFunc read/write arbitrary files or call back "
    "into Python when the graph runs, which a model has no reason to do.",
    "modelscan unsafe TF operators",
    "Do not serve this graph; re-export it without file-system ops.",
)
SEC361 = rule(
    "SEC361",
    "high",
    "TensorFlow checkpoint/file op targets a fixed path",
    "Save/Restore and other file ops normally take their path from a placeholder at run time; a "
    "constant path means the graph reads or writes a location chosen by the author.",
    "modelscan unsafe TF operators",
    "Inspect the constant path; re-export the model with the standard saver.",
)
SEC362 = rule(
    "SEC362",
    "medium",
    "TensorFlow graph reads data files or uses an op unknown to the scanner's list",
    "Dataset readers and lookup-table initialisers open files by name; unverified.",
    "",
    "Check that the named files are the model's own assets.",
)
SEC363 = rule(
    "SEC363",
    "medium",
    "TensorFlow graph could not be parsed",
    "A protobuf that does not parse cannot be checked for dangerous ops.",
    "",
    "Re-export the SavedModel.",
)

# Ops that run Python callbacks or touch arbitrary files/network whenever the graph executes.
DANGEROUS_OPS = {
    "ReadFile": "reads an arbitrary file",
    "WriteFile": "writes an arbitrary file",
    "MatchingFiles": "lists files matching a glob",
    "PyFunc": "calls a Python function",
    "PyFuncStateless": "calls a Python function",
    "EagerPyFunc": "calls a Python function",
    "ImmutableConst": "memory-maps a file by path",
    "DebugIdentityV2": "sends tensors to a debug server",
    "DebugIdentityV3": "sends tensors to a debug server",
    "DebugIdentity": "sends tensors to a debug url",
    "DebugNanCount": "sends tensors to a debug url",
    "DebugNumericSummary": "sends tensors to a debug url",
    "CreateSummaryFileWriter": "writes event files to a directory",
    "CreateSummaryDbWriter": "writes to a database file",
    "WriteRawProtoSummary": "writes summaries",
    "SystemCall": "runs a system command",
    "ShellExecute": "runs a shell command",
}
# Ops that are normal in a saver/serving graph unless their path is a baked-in constant.
PATH_OPS = {
    "Save",
    "SaveV2",
    "SaveSlices",
    "Restore",
    "RestoreV2",
    "RestoreSlice",
    "MergeV2Checkpoints",
    "InitializeTableFromTextFile",
    "InitializeTableFromTextFileV2",
    "TFRecordDataset",
    "TFRecordDatasetV2",
    "TextLineDataset",
    "FixedLengthRecordDataset",
    "FixedLengthRecordDatasetV2",
    "LoadAndRemapMatrix",
    "Print",
    "PrintV2",
}
DATA_OPS = {
    "TFRecordDataset",
    "TFRecordDatasetV2",
    "TextLineDataset",
    "FixedLengthRecordDataset",
    "FixedLengthRecordDatasetV2",
    "InitializeTableFromTextFile",
    "InitializeTableFromTextFileV2",
}
MAX_BYTES = 2 * 1024**3
_OP_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_>.\-]*$")


def _sniff_nodedef(buf: bytes, start: int, end: int) -> bool:
    """A NodeDef has a string name (1) and an op name (2)."""
    try:
        f = fields(buf, start, end)
    except WireError:
        return False
    ops = f.get(2, [])
    return bool(ops) and isinstance(ops[0], tuple) and bool(_OP_RE.match(text(buf, ops[0]) or "-"))


def _first_fields(head: bytes, limit: int = 4) -> list[tuple[int, int, object]]:
    out: list[tuple[int, int, object]] = []
    try:
        for item in iter_fields(head):
            out.append(item)
            if len(out) >= limit:
                break
    except WireError:
        pass
    return out


def looks_like_savedmodel(head: bytes) -> bool:
    """SavedModel: 1=schema version (always 1), 2=MetaGraphDef whose fields are 1..7 and LEN."""
    if len(head) < 4 or head[0] != 0x08 or head[1] != 1 or head[2] != 0x12:
        return False
    # Walk the MetaGraphDef keys that fit in the head (the message itself may be truncated).
    try:
        length, pos = _varint_at(head, 3)
    except WireError:
        return False
    end = min(len(head), pos + length)
    seen = 0
    while pos < end:
        try:
            key, pos = _varint_at(head, pos)
            number, wtype = key >> 3, key & 7
            if not (1 <= number <= 9 and wtype == LEN):
                return False
            sub, pos = _varint_at(head, pos)
        except WireError:
            break
        seen += 1
        pos += sub
    return seen > 0


def looks_like_graphdef(head: bytes) -> bool:
    if len(head) < 6 or head[0] != 0x0A:
        return False
    try:
        length, pos = _varint_at(head, 1)
    except WireError:
        return False
    if pos + length > len(head):
        return False
    return _sniff_nodedef(head, pos, pos + length)


def _varint_at(buf: bytes, pos: int) -> tuple[int, int]:

    return read_varint(buf, pos, len(buf))


class _Graph:
    """Nodes of one scope (main graph or one function): name -> (op, inputs, const strings)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.nodes: list[tuple[str, str, list[str], int]] = []
        self.consts: dict[str, list[str]] = {}


def _const_strings(buf, attr_spans: list) -> list[str]:
    """String values of a Const node's `value` tensor (TensorProto.string_val = 8)."""
    out: list[str] = []
    for span in attr_spans:
        entry = fields(buf, *span)
        key = text(buf, entry[1][0]) if entry.get(1) else ""
        if key != "value" or not entry.get(2):
            continue
        attr = fields(buf, *entry[2][0])
        for tensor_span in attr.get(8, []):
            tensor = fields(buf, *tensor_span)
            out.extend(text(buf, s)[:500] for s in tensor.get(8, [])[:16])
    return out


def _read_nodes(buf, spans: list, graph: _Graph) -> None:
    for span in spans:
        node = fields(buf, *span)
        name = text(buf, node[1][0]) if node.get(1) else ""
        op = text(buf, node[2][0]) if node.get(2) else ""
        inputs = [text(buf, s) for s in node.get(3, [])]
        graph.nodes.append((name, op, inputs, span[0]))
        if op == "Const":
            graph.consts[name] = _const_strings(buf, node.get(5, []))


def _graphdef(buf, span: tuple[int, int], graphs: list[_Graph]) -> None:
    gd = fields(buf, *span)
    main = _Graph("graph")
    _read_nodes(buf, gd.get(1, []), main)
    graphs.append(main)
    for lib_span in gd.get(2, []):
        lib = fields(buf, *lib_span)
        for fn_span in lib.get(1, []):
            fn = fields(buf, *fn_span)
            sig = fields(buf, *fn[1][0]) if fn.get(1) else {}
            name = text(buf, sig[1][0]) if sig.get(1) else "?"
            sub = _Graph(f"function {name}")
            _read_nodes(buf, fn.get(3, []), sub)
            graphs.append(sub)


def _path_input(graph: _Graph, inputs: list[str]) -> str | None:
    """The constant string feeding the op's first input, if any (`name`, `name:0`, `name:output:0`)."""
    if not inputs:
        return None
    ref = inputs[0].lstrip("^").split(":")[0]
    values = graph.consts.get(ref)
    return values[0] if values else None


def _judge(ctx: ScanContext, graphs: list[_Graph]) -> None:
    seen: set[tuple[str, str]] = set()
    for graph in graphs:
        for name, op, inputs, offset in graph.nodes:
            where = f"{graph.scope}, node {name!r}"
            if op in DANGEROUS_OPS:
                if (op, graph.scope) in seen:
                    continue
                seen.add((op, graph.scope))
                target = _path_input(graph, inputs)
                extra = f" (path {target!r})" if target else ""
                ctx.report(
                    SEC360.id,
                    "high",
                    f"op {op} {DANGEROUS_OPS[op]}{extra} in {where}",
                    offset=offset,
                    text=op,
                )
            elif op in PATH_OPS:
                target = _path_input(graph, inputs)
                if target:
                    ctx.report(
                        SEC361.id,
                        "high",
                        f"op {op} uses fixed path {target!r} in {where}",
                        offset=offset,
                        text=f"{op} {target}",
                    )
                elif op in DATA_OPS and (op, graph.scope) not in seen:
                    seen.add((op, graph.scope))
                    ctx.report(
                        SEC362.id,
                        "medium",
                        f"op {op} reads files named at run time in {where}",
                        offset=offset,
                        text=op,
                    )


def scan_protobuf_graph(ctx: ScanContext, saved_model: bool) -> None:
    if ctx.source.size > MAX_BYTES:
        ctx.cannot_scan(f"graph larger than {MAX_BYTES} bytes")
        return
    buf = LazyBuffer(ctx.source)
    graphs: list[_Graph] = []
    try:
        if saved_model:
            for number, wtype, value in iter_fields(buf):
                if number == 2 and wtype == LEN:
                    meta = fields(buf, *value)  # MetaGraphDef
                    for gd_span in meta.get(2, []):
                        _graphdef(buf, gd_span, graphs)
                elif number == 1 and wtype != VARINT:
                    raise WireError("schema version is not a varint")
        else:
            _graphdef(buf, (0, len(buf)), graphs)
    except (WireError, IndexError, TypeError) as exc:
        ctx.report(SEC363.id, "medium", f"TensorFlow graph is malformed: {exc}")
        ctx.cannot_scan(f"malformed TensorFlow protobuf: {exc}")
        _judge(ctx, graphs)  # still judge what was read
        return
    _judge(ctx, graphs)
    ctx.scanned.append(ctx.path)


class SavedModelFormat:
    name = "tf-savedmodel"

    def sniff(self, head: bytes, path: str) -> bool:
        return looks_like_savedmodel(head)

    def scan(self, ctx: ScanContext) -> None:
        scan_protobuf_graph(ctx, saved_model=True)


class GraphDefFormat:
    name = "tf-graphdef"

    def sniff(self, head: bytes, path: str) -> bool:
        return looks_like_graphdef(head)

    def scan(self, ctx: ScanContext) -> None:
        scan_protobuf_graph(ctx, saved_model=False)


register_format(SavedModelFormat())
register_format(GraphDefFormat())
