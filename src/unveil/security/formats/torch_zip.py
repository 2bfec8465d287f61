"""PyTorch zip checkpoints (torch.save >= 1.6, TorchScript, Lightning .ckpt).

Only what can execute is read: every pickle member (data.pkl, constants.pkl, *.debug_pkl, any
member whose bytes sniff as a pickle outside data/) and TorchScript code under code/. Tensor
storages (`<archive>/data/<key>`) are never read. Reads: the central directory first, then the
members by range, located through their local headers with CRC and flag bits ignored, as PyTorch's
reader does; directory/local-header disagreements and hidden local members are reported."""

from __future__ import annotations

import re

from unveil.security.artifact_rules import TORCHSCRIPT_DANGER, ZIP_MISMATCH
from unveil.security.formats import BytesSource, ScanContext, register_format
from unveil.security.formats.archive import report_crc_lie, scan_zip_members
from unveil.security.formats.zipfile_reader import ZipError, ZipMember, is_zip, read_member, read_zip
from unveil.security.pickle import scan_pickle_stream

# TorchScript operators that touch files, load native code or reach Python.
_TS_DANGER = re.compile(
    r"\b(?:torch\.ops\.load_library|torch\.classes\.load_library|ops\.aten\.from_file|torch\.from_file|"
    r"aten::from_file|torch\.save|ops\.aten\.save|torch\.load|_load_for_mobile|__import__|exec\(|eval\(|"
    r"ops\.prim\.PythonOp|torch\.hub|subprocess|os\.system|open\()"
)


def _is_storage(name: str) -> bool:
    parts = name.split("/")
    return (
        len(parts) >= 3
        and parts[-2] in ("data", "constants")
        and parts[-1].isdigit()
        or (len(parts) >= 2 and parts[-2] == "data" and parts[-1].isdigit())
    )


def _is_torch(names: list[str]) -> bool:
    for n in names:
        base = n.rsplit("/", 1)[-1]
        if base in ("data.pkl", "constants.pkl", "version", ".format_version", "byteorder") or "/code/" in n:
            return True
    return False


class TorchZipFormat:
    name = "pytorch-zip"

    def sniff(self, head: bytes, path: str) -> bool:
        return is_zip(head)

    def claims(self, ctx: ScanContext) -> bool:
        try:
            return _is_torch(read_zip(ctx.source).names())
        except ZipError:
            return False

    def scan(self, ctx: ScanContext) -> None:
        try:
            names = read_zip(ctx.source).names()
        except ZipError:
            names = []
        prefixes = {n.split("/", 1)[0] for n in names if "/" in n}
        if len(prefixes) > 1:
            ctx.report(
                ZIP_MISMATCH.id,
                "high",
                f"torch archive with several top-level folders {sorted(prefixes)[:5]}: "
                "the loader picks one, scanners may pick another",
            )

        def skip(m: ZipMember) -> bool:
            if _is_storage(m.name):
                return True  # tensor bytes: never read
            if m.name.endswith(".py") and "/code/" in m.name:
                _scan_code(ctx, m)
                return True
            if m.name.endswith((".pkl", ".debug_pkl")) and not m.is_symlink:
                _scan_pickle_member(ctx, m)  # the loader unpickles it whatever its first bytes are
                return True
            return False

        scan_zip_members(ctx, skip=skip)


def _scan_code(ctx: ScanContext, m: ZipMember) -> None:

    try:
        text = read_member(ctx.source, m, 64 * 1024 * 1024).decode("utf-8", "replace")
    except ZipError as exc:
        ctx.cannot_scan(f"TorchScript code: {exc}", path=f"{ctx.path}!{m.name}")
        return
    ctx.scanned.append(f"{ctx.path}!{m.name}")
    for lineno, line in enumerate(text.splitlines(), 1):
        hit = _TS_DANGER.search(line)
        if hit:
            ctx.report(
                TORCHSCRIPT_DANGER.id,
                "high",
                f"TorchScript code line {lineno} uses {hit.group(0)!r}",
                path=f"{ctx.path}!{m.name}",
                text=line.strip()[:200],
            )


def _scan_pickle_member(ctx: ScanContext, m: ZipMember) -> None:

    path = f"{ctx.path}!{m.name}"
    if m.encrypted:
        # PyTorch's reader ignores the flag bits and unpickles the stored bytes anyway.
        ctx.report(ZIP_MISMATCH.id, "high", f"pickle member {m.name!r} is flagged encrypted; torch.load ignores "
                   "the flag and unpickles it, scanners that honour it skip it", path=path)
    try:
        data = read_member(ctx.source, m, 1024 * 1024 * 1024, ignore_flags=True)
    except ZipError as exc:
        ctx.cannot_scan(f"pickle member: {exc}", path=path)
        return

    report_crc_lie(ctx, m, data, path)
    child = ScanContext(
        path=path,
        source=BytesSource(data),
        depth=ctx.depth + 1,
        findings=ctx.findings,
        unscannable=ctx.unscannable,
        scanned=ctx.scanned,
        scan_member=ctx.scan_member,
    )
    child.scanned.append(path)
    scan_pickle_stream(child, data, member=True)


register_format(TorchZipFormat())
