"""Keras models: legacy HDF5 (`.h5`, `model_config` attribute JSON) and Keras 3 `.keras` zips
(`config.json` + `metadata.json` + weights). Nothing is deserialised: the config JSON is read as
data and walked for code-bearing constructs.

What makes a Keras config dangerous:
- Lambda layers carrying marshalled bytecode (`__lambda__`, legacy `function_type: lambda`):
  the bytecode runs when the model is loaded/called (CVE-2024-3660).
- References to callables by module+name: Keras imports the module and fetches the name, so a
  module outside `keras.*` (CVE-2025-1550) or a dangerous keras-internal function
  (`keras.utils.get_file`, `load_model`, `enable_unsafe_deserialization`) is a safe_mode bypass.
- TFOpLambda layers calling file-system/Python-callback TF functions; lookup layers whose
  vocabulary is a file path or URL read at load time; TFSMLayer loading an outside SavedModel.

The HDF5 reader is a dependency-free byte scan: attribute strings are stored uncompressed (object
header, global heap or fractal heap), so every JSON config in the file is found by scanning for
`{"` and decoding JSON from there — a superset of what the loader reads.

This module is the format (sniffers, the `.keras` zip); the config judge is `keras_config` and the HDF5
byte scan `keras_h5`.
"""

from __future__ import annotations

import re

from unveil import budgets
from unveil.security.formats import BytesSource, ScanContext, register_format
from unveil.security.formats.keras_config import SEC355, SEC356, judge_config_text
from unveil.security.formats.keras_h5 import hdf5_offset, scan_h5
from unveil.security.formats.zipfile_reader import ZipError, is_zip, read_member, read_zip


# ---------------------------------------------------------------- Keras 3 (.keras zip)
def _bad_member_name(name: str) -> str | None:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "absolute path"
    if ".." in re.split(r"[\\/]", name):
        return "parent-directory traversal"
    return None


def scan_keras_zip(ctx: ScanContext) -> None:

    try:
        listing = read_zip(ctx.source)
    except ZipError as exc:
        ctx.report(SEC355.id, "high", f".keras archive unreadable: {exc}")
        ctx.cannot_scan(f"unreadable .keras zip: {exc}")
        return
    for member in listing.members:
        problem = _bad_member_name(member.name)
        if problem or member.is_symlink:
            what = problem or "symbolic link"
            ctx.report(SEC356.id, "high", f"member {member.name!r}: {what}", text=member.name)
    for name in ("config.json", "metadata.json"):
        member = listing.get(name)
        if member is None:
            continue
        budgets.check("json_bytes", member.size, f"Keras {name}")
        try:
            data = read_member(ctx.source, member, max_size=budgets.current().json_bytes)
        except ZipError as exc:
            ctx.report(SEC355.id, "high", f"{name} unreadable: {exc}")
            ctx.cannot_scan(f"{name}: {exc}")
            continue
        judge_config_text(ctx, data.decode("utf-8", errors="replace"), name, path=f"{ctx.path}!{name}")
    # Every other member (weights .h5, assets, anything smuggled in) goes to the other formats.
    if ctx.scan_member is not None:
        for member in listing.members:
            if member.name in ("config.json", "metadata.json") or member.is_dir:
                continue
            try:
                data = read_member(ctx.source, member)
            except ZipError as exc:
                ctx.cannot_scan(f"member unreadable: {exc}", path=f"{ctx.path}!{member.name}")
                continue
            ctx.scan_member(ctx, member.name, BytesSource(data))
    ctx.scanned.append(ctx.path)


class KerasH5Format:
    name = "keras-h5"

    def sniff(self, head: bytes, path: str) -> bool:
        return hdf5_offset(head) is not None

    def scan(self, ctx: ScanContext) -> None:
        scan_h5(ctx)


class KerasV3Format:
    name = "keras-v3"

    def sniff(self, head: bytes, path: str) -> bool:

        return is_zip(head)

    def claims(self, ctx: ScanContext) -> bool:

        try:
            names = set(read_zip(ctx.source).names())
        except ZipError:
            return False
        return "config.json" in names and ("metadata.json" in names or "model.weights.h5" in names)

    def scan(self, ctx: ScanContext) -> None:
        scan_keras_zip(ctx)


class KerasConfigFormat:
    """A bare Keras config JSON (an extracted `config.json`, or one handed over from a container)."""

    name = "keras-config"

    def sniff(self, head: bytes, path: str) -> bool:
        body = head.lstrip(b" \t\r\n\xef\xbb\xbf")
        if body[:1] != b"{":
            return False
        window = body[:1024]
        return b'"class_name"' in window and (
            b'"module": "keras' in window
            or b'"keras_version"' in head
            or b'"config"' in window
            and b'"layers"' in head
        )

    def scan(self, ctx: ScanContext) -> None:
        budgets.check("json_bytes", ctx.source.size, "Keras config")
        text = ctx.source.read(0, ctx.source.size).decode("utf-8", errors="replace")
        if judge_config_text(ctx, text, "keras config"):
            ctx.scanned.append(ctx.path)


register_format(KerasV3Format())
register_format(KerasH5Format())
register_format(KerasConfigFormat())
