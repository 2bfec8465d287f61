"""Fail closed: the artifact scanner parses like the loader, never drops a file, and stays bounded.

Every sample is assembled here byte by byte (the stdlib pickle *writer* only for benign data); nothing
is ever loaded or unpickled.
"""

from __future__ import annotations

import io
import pickle
import struct
import zipfile
from pathlib import Path

import pytest

from unveil.security import scan_release
from unveil.sources.local import open_local

# os.system("echo x") in protocol 0, with no header: what pickle.loads runs before anything after it.
OS_SYSTEM_P0 = b"cos\nsystem\n(S'echo x'\ntR"
OS_SYSTEM_P2 = b"\x80\x02" + OS_SYSTEM_P0 + b"."


def _scan(path: Path):  # type: ignore[no-untyped-def]
    section = scan_release(open_local(path))
    return section


def _severities(section, name: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.severity for f in section.findings if f.path.split("!", 1)[0] == name}


def _state(section, name: str) -> str:  # type: ignore[no-untyped-def]
    cov = section.coverage
    if name in cov.scanned:
        return "scanned"
    if any(e.path == name for e in cov.unscannable):
        return "unscannable"
    if any(e.path == name for e in cov.not_applicable):
        return "not_applicable"
    raise AssertionError(f"{name} missing from the ledger")


# -- pickles that break: judged up to the break, the rest unscannable ------------------------------------

@pytest.mark.parametrize("name", ["payload.pkl", "weights.dat", "noext", "notes.txt", "model.bin"])
def test_headerless_pickle_that_breaks_is_critical_whatever_its_name(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(OS_SYSTEM_P0 + b"\xff")
    section = _scan(tmp_path)
    assert "critical" in _severities(section, name)
    assert _state(section, name) == "unscannable"
    reason = next(e.reason for e in section.coverage.unscannable if e.path == name)
    assert "breaks at offset 24" in reason


def test_truncated_pickle_with_a_header_is_critical_and_unscannable(tmp_path: Path) -> None:
    (tmp_path / "cut.pt").write_bytes(b"\x80\x02" + OS_SYSTEM_P0)  # no STOP
    section = _scan(tmp_path)
    assert "critical" in _severities(section, "cut.pt")
    assert _state(section, "cut.pt") == "unscannable"


def test_trailing_garbage_after_a_pickle_is_still_judged(tmp_path: Path) -> None:
    (tmp_path / "tail.pkl").write_bytes(OS_SYSTEM_P2 + b"\x00garbage\xff" * 10)
    assert "critical" in _severities(_scan(tmp_path), "tail.pkl")


def test_text_that_is_not_a_pickle_is_not_applicable(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("cat\ndog\nmouse is not a pickle\n")
    (tmp_path / "model.py").write_text("import torch\n\nclass Net(torch.nn.Module):\n    pass\n")
    (tmp_path / "weights.yaml").write_text("lr: 0.1\n")
    (tmp_path / "README.md").write_text("# A model\n\nIt predicts things.\n")
    section = _scan(tmp_path)
    assert not section.findings or all(f.severity not in ("critical", "high") for f in section.findings)
    assert _state(section, "notes.txt") == "not_applicable"
    assert _state(section, "README.md") == "not_applicable"
    assert _state(section, "model.py") == "scanned"  # by the code scanner; a .py is never a model file
    assert _state(section, "weights.yaml") == "not_applicable"


# -- files that look like models but no format reads: unscannable, never dropped -------------------------

def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))


@pytest.mark.parametrize(
    "name,data",
    [
        ("pytorch_model.bin", bytes((i * 151 + 7) % 256 for i in range(3000))),
        ("model.onnx", bytes((i * 97 + 3) % 256 for i in range(3000))),
        ("model.safetensors", bytes((i * 31 + 1) % 256 for i in range(3000))),
        ("image.pt", _png()),
        ("saved_model.pb", bytes((i * 13 + 5) % 256 for i in range(35))),
        ("keras_metadata.pb", bytes((i * 17 + 9) % 256 for i in range(200))),
        ("empty.pt", b""),
    ],
)
def test_model_named_files_no_format_reads_are_unscannable(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    section = _scan(tmp_path)
    assert _state(section, name) == "unscannable"
    assert any(u.path == name for u in section.unscannable)  # the gate (exit 3) reads this list


def test_a_png_named_png_is_not_applicable_but_unknown_binary_is_unscannable(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(_png())
    (tmp_path / "blob").write_bytes(bytes((i * 151 + 7) % 256 for i in range(3000)))
    section = _scan(tmp_path)
    assert _state(section, "logo.png") == "not_applicable"
    assert _state(section, "blob") == "unscannable"


def test_python_file_with_a_brace_at_byte_nine_is_code_not_safetensors(tmp_path: Path) -> None:
    (tmp_path / "setup.py").write_text('# x = 1\n{"a": 1}\n')
    assert (tmp_path / "setup.py").read_bytes()[8:9] == b"{"
    section = _scan(tmp_path)
    assert _state(section, "setup.py") == "scanned"
    assert not [f for f in section.findings if "safetensors" in f.detail.lower()]


@pytest.mark.parametrize("name,data", [("empty.pt", b""), ("pytorch_model.bin", bytes(range(256)) * 8)])
def test_weights_that_do_not_parse_are_not_verified_weights(tmp_path: Path, name: str, data: bytes) -> None:
    from unveil.service import audit_release

    (tmp_path / name).write_bytes(data)
    (tmp_path / "README.md").write_text("# m\n")
    comps = {c.name: c for c in audit_release(open_local(tmp_path)).components}
    assert comps["model_parameters_final"].status != "verified"
    assert comps["model_parameters_final"].present is not True


def test_weights_that_parse_are_verified(tmp_path: Path) -> None:
    from unveil.service import audit_release

    (tmp_path / "pytorch_model.bin").write_bytes(_torch_zip(pickle.dumps({"w": [1.0, 2.0]}, protocol=2)))
    comps = {c.name: c for c in audit_release(open_local(tmp_path)).components}
    assert comps["model_parameters_final"].status == "verified"


def _spm(extra: bytes = b"") -> bytes:
    from unveil.security.formats._protobuf import field_bytes, field_varint

    def piece(text: str, score: float, kind: int = 1) -> bytes:
        return field_bytes(1, text) + b"\x15" + struct.pack("<f", score) + field_varint(3, kind)

    pieces = b"".join(field_bytes(1, piece(t, -float(i))) for i, t in enumerate(["<unk>", "<s>", "\u2581the", "ing"]))
    trainer = field_bytes(2, field_varint(3, 1) + field_varint(4, 32000))
    normalizer = field_bytes(3, field_bytes(1, "nmt_nfkc") + field_bytes(2, b"\x00\x01\x02"))
    return pieces + trainer + normalizer + extra


def test_sentencepiece_model_is_scanned_and_a_malformed_one_is_unscannable(tmp_path: Path) -> None:
    from unveil.security.formats._protobuf import field_bytes

    (tmp_path / "tokenizer.model").write_bytes(_spm())
    (tmp_path / "spiece.model").write_bytes(_spm(field_bytes(9, b"payload")))
    section = _scan(tmp_path)
    assert _state(section, "tokenizer.model") == "scanned"
    assert not section.findings or all(f.severity in ("info", "low") for f in section.findings)
    assert _state(section, "spiece.model") == "unscannable"


# -- the loader's leniency is followed --------------------------------------------------------------------

def _npy(header: str, body: bytes, version: int = 1) -> bytes:
    pad = 64 - (10 + len(header) + 1) % 64
    text = (header + " " * pad + "\n").encode("latin-1")
    return b"\x93NUMPY" + bytes([version, 0]) + struct.pack("<H", len(text)) + text + body


def test_python2_numpy_object_array_header_is_parsed_and_its_pickle_scanned(tmp_path: Path) -> None:
    header = "{'descr': '|O8', 'fortran_order': False, 'shape': (2L,), }"
    (tmp_path / "old.npy").write_bytes(_npy(header, OS_SYSTEM_P2))
    section = _scan(tmp_path)
    assert "critical" in _severities(section, "old.npy")
    assert _state(section, "old.npy") == "scanned"


def test_python2_numpy_plain_array_is_clean(tmp_path: Path) -> None:
    header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2L, 3L), }"
    (tmp_path / "plain.npy").write_bytes(_npy(header, b"\x00" * 48))
    section = _scan(tmp_path)
    assert not _severities(section, "plain.npy")
    assert _state(section, "plain.npy") == "scanned"


def _torch_zip(pkl: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", pkl)
        zf.writestr("archive/version", b"3\n")
    return buf.getvalue()


def _patch_crc(data: bytes, member: bytes, crc: int) -> bytes:
    out = bytearray(data)
    for sig, off in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        i = out.find(sig)
        while i >= 0:
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if out[name_at : name_at + len(member)] == member:
                out[i + off : i + off + 4] = struct.pack("<I", crc)
            i = out.find(sig, i + 1)
    return bytes(out)


def test_zip_crc_lie_is_followed_like_torch_and_reported(tmp_path: Path) -> None:
    (tmp_path / "lie.pt").write_bytes(_patch_crc(_torch_zip(OS_SYSTEM_P2), b"archive/data.pkl", 0x12345678))
    section = _scan(tmp_path)
    found = [f for f in section.findings if f.path.startswith("lie.pt")]
    assert any(f.severity == "critical" for f in found)
    assert any("CRC-32" in f.detail for f in found)


def test_generic_zip_member_flagged_encrypted_but_plain_is_scanned(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("inner/payload.pkl", OS_SYSTEM_P2)
    data = bytearray(buf.getvalue())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        data[i + off] |= 0x1
    (tmp_path / "bundle.zip").write_bytes(bytes(data))
    section = _scan(tmp_path)
    found = [f for f in section.findings if f.path.startswith("bundle.zip")]
    assert any(f.severity == "critical" for f in found)
    assert any("flagged encrypted" in f.detail for f in found)


# -- budgets ------------------------------------------------------------------------------------------------

def test_findings_are_capped_per_rule_and_file_with_one_aggregate(tmp_path: Path) -> None:
    body = b"".join(b"cmod%d\nfn%d\n0" % (i, i) for i in range(100_000))
    (tmp_path / "globals.pkl").write_bytes(b"\x80\x02" + body + b"cos\nsystem\n0N.")
    section = _scan(tmp_path)
    unverified = [f for f in section.findings if f.rule == "SEC303"]
    assert len(unverified) == 11
    assert any(f.detail.startswith("and 99,990 more of SEC303") for f in unverified)
    assert any(f.severity == "critical" for f in section.findings)  # a cap never hides the critical one


@pytest.mark.parametrize(
    "data",
    [
        b"\x80\x04\x8b\xff\xff\xff\x7f" + b"\x00" * 64 + b".",  # LONG4 claiming 2 GB
        b"\x80\x04\x8d" + struct.pack("<Q", 2**63) + b"abc.",  # BINUNICODE8 claiming 2^63 bytes
        b"\x80\x04\x8e" + struct.pack("<Q", 2**64 - 1) + b".",  # BINBYTES8 length lie
        b"\x80\x02X\xff\xff\xff\xffabc.",  # BINUNICODE length lie
    ],
)
def test_length_lies_are_unscannable_not_a_crash(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "lie.pkl").write_bytes(data)
    section = _scan(tmp_path)
    assert _state(section, "lie.pkl") == "unscannable"
    assert all("parser error" not in u.reason for u in section.unscannable)


def test_memo_flood_keeps_callables_beyond_the_budget(tmp_path: Path) -> None:
    from unveil.security.pickle import engine

    n = engine.MEMO_BUDGET + 1000
    flood = b"".join(b"K\x01r" + struct.pack("<I", i) + b"0" for i in range(n))
    # os.system memoised past the budget, fetched back and called.
    tail = b"cos\nsystem\nr" + struct.pack("<I", n + 5) + b"0j" + struct.pack("<I", n + 5) + b"(S'x'\ntR."
    (tmp_path / "flood.pkl").write_bytes(b"\x80\x02" + flood + tail)
    section = _scan(tmp_path)
    assert "critical" in _severities(section, "flood.pkl")
    assert all("parser error" not in u.reason for u in section.unscannable)


def test_memo_flood_cannot_hide_the_names_of_a_stack_global(tmp_path: Path) -> None:
    from unveil.security.pickle import engine

    n = engine.MEMO_BUDGET + 10
    flood = b"K\x01\x94" * n  # MEMOIZE past the budget: plain values are no longer kept
    # Module and name strings memoised past the budget, read back and imported (protocol 4 style).
    names = b"\x8c\x02os\x94\x8c\x06system\x94"
    use = b"j" + struct.pack("<I", n) + b"j" + struct.pack("<I", n + 1) + b"\x93"
    (tmp_path / "hide.pkl").write_bytes(b"\x80\x04" + flood + names + use + b"\x8c\x01x\x85R.")
    section = _scan(tmp_path)
    assert _severities(section, "hide.pkl") & {"critical", "high"}
    assert all("parser error" not in u.reason for u in section.unscannable)


def test_pure_data_fast_path_crosses_its_window(tmp_path: Path) -> None:
    from unveil.security.pickle.data_run import DATA_RUN_WINDOW, data_only_end

    data = pickle.dumps([(f"{i:0200d}", i) for i in range(3 * DATA_RUN_WINDOW // 200)], protocol=4)
    assert len(data) > 2 * DATA_RUN_WINDOW
    assert data_only_end(data, 0) == len(data)
    evil = data[:-1] + b"cos\nsystem\n."  # a GLOBAL after megabytes of data: never pure data
    assert data_only_end(evil, 0) is None


# -- the format registry fails closed ------------------------------------------------------------------------

def test_a_format_module_that_fails_to_import_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from unveil.security import dispatch

    monkeypatch.setattr(dispatch, "_loaded", False)
    monkeypatch.setattr(dispatch, "FORMAT_MODULES", [*dispatch.FORMAT_MODULES, "no_such_format"])
    with pytest.raises(dispatch.FormatRegistryError, match="no_such_format"):
        dispatch.load_formats()
    monkeypatch.undo()
    dispatch.load_formats()
    assert dispatch._loaded


# -- the ledger invariant over every shared corpus --------------------------------------------------------

def _corpora() -> list[Path]:
    from conftest import SHARED_DATA

    return sorted(p for p in SHARED_DATA.iterdir() if p.is_dir())


@pytest.mark.parametrize("corpus", _corpora(), ids=lambda p: p.name)
def test_every_file_of_every_shared_corpus_is_in_exactly_one_state(corpus: Path) -> None:
    from ledger import assert_ledger

    release = open_local(corpus)
    section = scan_release(release)
    data = section.model_dump(mode="json")
    assert_ledger([f.path for f in release.files], data["coverage"], data["findings"])
    if corpus.name == "security":
        # Every labelled malicious sample is flagged and never called not applicable.
        import csv

        rows = list(csv.DictReader((corpus / "dev" / "manifest.csv").open()))
        flagged = {f.path.split("!", 1)[0] for f in section.findings if f.severity in ("critical", "high")}
        na = {e.path for e in section.coverage.not_applicable}
        for row in rows:
            path = f"dev/{row['file']}"
            if row["expected"] == "malicious":
                assert path in flagged and path not in na, path
