"""Artifact scanner entry point: every file of a release, sniffed by content, never loaded."""

from __future__ import annotations

import time

import unveil.security.artifact_rules  # noqa: F401, E402  (registers SEC30x-SEC32x)
from unveil.release import Release
from unveil.report import Unscannable
from unveil.security import ScanResult
from unveil.security.dispatch import ReleaseSource, load_formats, scan_source
from unveil.security.formats import ScanContext

_PLAIN_TEXT_SUFFIXES = (".md", ".txt", ".py", ".json", ".yaml", ".yml", ".cfg", ".toml", ".gitattributes",
                        ".gitignore", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".csv", ".ipynb", ".rst", ".html")
_ARTIFACT_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".p", ".joblib", ".npy", ".npz", ".h5",
                      ".hdf5", ".keras", ".onnx", ".gguf", ".safetensors", ".pb", ".zip", ".tar", ".gz", ".msgpack",
                      ".tflite", ".model", ".dill", ".mar", ".nemo")


def _is_plain_text(path: str) -> bool:
    lower = path.lower()
    return lower.endswith(_PLAIN_TEXT_SUFFIXES) and not lower.endswith(("tokenizer_config.json",))


def _looks_like_artifact(path: str) -> bool:
    return path.lower().endswith(_ARTIFACT_SUFFIXES)


def scan_artifacts(release: Release) -> ScanResult:
    load_formats()
    result = ScanResult()
    started = time.monotonic()
    before = release.bytes_read
    remote = release.source.kind == "hub"
    for entry in release.files:
        if entry.symlink_target is not None and entry.available:
            continue
        if not entry.available:
            # Gated, LFS pointer, not recorded, or a symlink leaving the folder: say so for artifacts.
            if _looks_like_artifact(entry.path) or entry.symlink_target is not None:
                reason = f"not scanned: {entry.unavailable_reason}"
                result.unscannable.append(Unscannable(path=entry.path, reason=reason))
            continue
        size = entry.size or 0
        if size <= 0:
            continue
        if remote and not entry.lfs and _is_plain_text(entry.path):
            # On the Hub every sniff is an HTTP request: skip small non-LFS text files (cards, configs,
            # code — the code scanner reads those); every LFS file and every other file is sniffed.
            continue
        ctx = ScanContext(path=entry.path, source=ReleaseSource(release, entry.path, size))
        recognised = scan_source(ctx)
        result.findings.extend(ctx.findings)
        result.scanned.extend(ctx.scanned)
        if recognised or _looks_like_artifact(entry.path):
            result.unscannable.extend(ctx.unscannable)
    result.summary["artifacts"] = {
        "files": len(release.files),
        "scanned": len(result.scanned),
        "bytes_read": release.bytes_read - before,
        "seconds": round(time.monotonic() - started, 3),
    }
    return result
