"""Artifact scanner entry point: every file of a release, sniffed by content, never loaded.

Besides findings, it decides the ledger state of every file no format scanned (`ScanResult.states`):
not applicable only for text and media files that no model loader reads; anything that looks like a
model by name, extension or content and that no format could read is unscannable.
"""

from __future__ import annotations

import time

import unveil.security.artifact_rules  # noqa: F401, E402  (registers SEC30x-SEC32x)
from unveil.errors import UnreadableFile
from unveil.records import Unscannable
from unveil.release import FileEntry, Release
from unveil.security.coverage import NOT_APPLICABLE, UNSCANNABLE
from unveil.security.dispatch import ReleaseSource, scan_source
from unveil.security.formats import ScanContext
from unveil.security.result import ScanResult

_PLAIN_TEXT_SUFFIXES = (".md", ".txt", ".py", ".json", ".yaml", ".yml", ".cfg", ".toml", ".gitattributes",
                        ".gitignore", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".csv", ".ipynb", ".rst", ".html")
# Extensions model loaders read (or archives that carry models): never "not applicable".
_ARTIFACT_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".p", ".joblib", ".npy", ".npz", ".h5",
                      ".hdf5", ".keras", ".onnx", ".gguf", ".ggml", ".safetensors", ".pb", ".pbtxt", ".zip", ".tar",
                      ".gz", ".tgz", ".bz2", ".xz", ".lzma", ".zst", ".7z", ".msgpack", ".tflite", ".model", ".dill",
                      ".mar", ".nemo", ".ot", ".pdparams", ".pdmodel", ".params", ".caffemodel", ".mlmodel",
                      ".llamafile", ".sav", ".pkl.gz", ".jbl", ".torchscript", ".ptl", ".engine", ".plan", ".mlpackage",
                      ".index", ".weights", ".chk", ".tar.gz")
# Extensions of code and text: a model-like stem (model.py, weights.yaml) does not make them models.
_TEXT_EXTENSIONS = frozenset({"py", "pyi", "md", "txt", "json", "jsonl", "yaml", "yml", "toml", "cfg", "ini", "rst",
                              "html", "css", "js", "ts", "sh", "ipynb", "csv", "tsv", "c", "h", "cc", "cpp", "hpp",
                              "cu", "cuh", "rs", "go", "java", "jinja", "j2", "xml", "svg", "tex", "log", "lock"})
# Base names (without extension) that loaders read whatever the extension says.
_MODEL_STEMS = ("pytorch_model", "model", "saved_model", "keras_metadata", "tf_model", "flax_model", "weights",
                "optimizer", "scheduler", "checkpoint", "training_args", "rng_state", "consolidated", "adapter_model",
                "diffusion_pytorch_model", "variables", "fingerprint")
# Media magics: a file whose bytes are one of these and whose name does not say "model" is data no
# model loader reads.
_MEDIA_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"), (b"BM", "BMP image"), (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"), (b"fLaC", "FLAC audio"), (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"),
    (b"\x00\x00\x01\x00", "ICO image"), (b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"),
)


_NOT_FETCHED = "text or media file by name (not fetched): no model loader reads it"


_UNRECOGNISED = "named like a model file but no artifact format recognises its content"
_EMPTY_MODEL = "empty file (0 bytes) named like a model"
# Ledger reasons that mean "the bytes were read and are not a model" (the inventory reads them).
UNRECOGNISED_REASONS = (_UNRECOGNISED, _EMPTY_MODEL)


def _is_plain_text(path: str) -> bool:
    lower = path.lower()
    return lower.endswith(_PLAIN_TEXT_SUFFIXES) and not lower.endswith(("tokenizer_config.json",))


def looks_like_model_name(path: str) -> bool:
    """Named like something a model loader reads (extension, or a model file's base name)."""
    name = path.rsplit("/", 1)[-1].lower()  # the base name (string split: this runs once per listed file)
    if name.endswith(_ARTIFACT_SUFFIXES) or ".data-0" in name:
        return True
    if "." in name and name.rsplit(".", 1)[1] in _TEXT_EXTENSIONS:
        return False  # model.py, model.json, weights.md: code and text, whatever the stem says
    stem = name.split(".", 1)[0]
    return stem in _MODEL_STEMS or stem.startswith(("pytorch_model-", "model-", "checkpoint-", "model_"))


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a BOM
        return len(head) % 2 == 0
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # only a multi-byte character cut by the head's end is allowed
            return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control * 100 <= len(head)


def _media_kind(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] in (b"WAVE", b"WEBP", b"AVI "):
        return {b"WAVE": "WAV audio", b"WEBP": "WebP image", b"AVI ": "AVI video"}[head[8:12]]
    if head[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    for magic, kind in _MEDIA_MAGIC:
        if head.startswith(magic):
            return kind
    return None


def classify_unrecognised(path: str, head: bytes) -> tuple[str, str]:
    """Ledger state of a file no format recognised: (state, reason)."""
    if looks_like_model_name(path):
        is_text = _looks_like_text(head)
        if is_text and _is_plain_text(path) and not path.lower().endswith(_ARTIFACT_SUFFIXES):
            # `model.py`, `model.safetensors.index.json`: a model's base name, but a text extension and text
            # bytes (a header-less pickle would have been sniffed by its opcodes already).
            return NOT_APPLICABLE, "text file (by extension and content) that no model loader reads"
        what = "text" if is_text else (_media_kind(head) or "binary data")
        return UNSCANNABLE, f"{_UNRECOGNISED} ({what})"
    if _looks_like_text(head):
        return NOT_APPLICABLE, "text file that no model loader reads"
    kind = _media_kind(head)
    if kind is not None:
        return NOT_APPLICABLE, f"{kind}: no model loader reads it"
    return UNSCANNABLE, "binary file that no artifact format recognises"


def _entry_state(entry: FileEntry) -> tuple[str, str] | None:
    """Decisions taken from the listing alone (no bytes read); None: the file must be sniffed."""
    if entry.symlink_target is not None and entry.available:
        return NOT_APPLICABLE, f"symbolic link to {entry.symlink_target} inside the release (scanned at its target)"
    if not entry.available:
        reason = f"not scanned: {entry.unavailable_reason or 'content not available'}"
        if _is_plain_text(entry.path) and not looks_like_model_name(entry.path) and entry.symlink_target is None:
            return NOT_APPLICABLE, f"text or media file by name, content not available ({reason})"
        return UNSCANNABLE, reason
    if (entry.size or 0) <= 0:
        if looks_like_model_name(entry.path):
            return UNSCANNABLE, f"{_EMPTY_MODEL}: no loader reads weights from it"
        return NOT_APPLICABLE, "empty file"
    return None


def scan_artifacts(release: Release) -> ScanResult:
    result = ScanResult()
    started = time.monotonic()
    before = release.bytes_read
    remote = release.source.kind == "hub"
    for entry in release.files:
        decided = _entry_state(entry)
        if decided is not None:
            result.states[entry.path] = decided
            if decided[0] == UNSCANNABLE:
                result.unscannable.append(Unscannable(path=entry.path, reason=decided[1]))
            continue
        if remote and not entry.lfs and _is_plain_text(entry.path) and not looks_like_model_name(entry.path):
            # On the Hub every sniff is an HTTP request: small non-LFS text files (cards, configs, code —
            # the code scanner reads those) are not fetched; every LFS file and every other file is sniffed.
            result.states[entry.path] = (NOT_APPLICABLE, _NOT_FETCHED)
            continue
        ctx = ScanContext(path=entry.path, source=ReleaseSource(release, entry.path, entry.size or 0))
        recognised = scan_source(ctx)
        result.findings.extend(ctx.findings)
        result.scanned.extend(ctx.scanned)
        result.unscannable.extend(ctx.unscannable)
        if recognised or ctx.unscannable:
            continue
        try:
            head = ctx.head()
        except UnreadableFile as exc:
            result.unscannable.append(Unscannable(path=entry.path, reason=f"unreadable ({exc.kind}): {exc.reason}"))
            continue
        state, reason = classify_unrecognised(entry.path, head)
        result.states[entry.path] = (state, reason)
        if state == UNSCANNABLE:
            result.unscannable.append(Unscannable(path=entry.path, reason=reason))
    result.summary["artifacts"] = {
        "files": len(release.files),
        "scanned": len(result.scanned),
        "bytes_read": release.bytes_read - before,
        "seconds": round(time.monotonic() - started, 3),
    }
    return result

