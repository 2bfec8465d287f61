"""Hostile inputs against the named budgets (unveil.budgets): each case is built in a tmp folder and
handed to `audit` and `scan` (in process, and a few through the CLI). The observable is the budget,
never a stopwatch: a case either trips a named budget (the file is unscannable with a reason that
starts with `budget:`) or is scanned properly, with no traceback, no "internal error", no
"parser error (", the input unchanged. Most cases are moderate inputs with a budget lowered through
`budgets.override`; a few are real-size (a 60 MB safetensors header, GGUF counts of 2^64-1, a
200 MB card, a 10^6-key front matter, a 5 MB chat template, a 5 MB `.py`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from unveil import budgets
from unveil.documentation.bounded import bounded_search, long_lines
from unveil.outcome import audit_exit_code

from conftest import REPO

# -- helpers ------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_semgrep(monkeypatch):
    """Semgrep (an optional subprocess, tested in test_code_scan) is not what these cases exercise."""
    monkeypatch.setenv("UNVEIL_SEMGREP", "off")


def _tree_digest(root: Path) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h = hashlib.sha256()
            with open(p, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    h.update(block)
            out[str(p.relative_to(root))] = h.hexdigest()
    return out


def _names(paths: list[str]) -> list[str]:
    """`scan` reports paths as given on its command line: compare by file name."""
    return [p.rsplit("/", 1)[-1] for p in paths]


def _scan(path: Path) -> dict:
    from unveil.commands import scan as scan_command

    text, code = scan_command.run([str(path)], "json", "high")
    section = json.loads(text)
    nothing = not (section["findings"] or section["scanned"] or section["unscannable"])
    assert code in (0, 1, 3) or (code == 4 and nothing), code  # 4: nothing to scan (a card-only release)
    return section


def _audit(path: Path):  # -> Report
    from unveil import service

    report = service.audit(str(path))
    json.loads(report.model_dump_json())  # the JSON contract serialises whatever was found
    return report


def _no_crash_reasons(reasons: list[str]) -> None:
    for reason in reasons:
        assert "internal error" not in reason and "parser error (" not in reason, reason
        assert "out of memory" not in reason, reason


def _check(root: Path, *, budget: str | None = None, **overrides: float) -> tuple[dict, object]:
    """Scan and audit `root` with `overrides`; when `budget` is named, some file must be unscannable
    with a `budget: <budget>` reason in both. Returns (scan JSON, audit report)."""
    before = _tree_digest(root)
    with budgets.override(**overrides):
        scanned = _scan(root)
        report = _audit(root)
    reasons = [u["reason"] for u in scanned["unscannable"]]
    audit_reasons = [u.reason for u in report.security.unscannable]
    _no_crash_reasons(reasons + audit_reasons)
    if budget is not None:
        want = f"budget: {budget} exceeded"
        assert any(r.startswith(want) for r in reasons), (want, reasons)
        assert any(r.startswith(want) for r in audit_reasons), (want, audit_reasons)
    assert _tree_digest(root) == before, "the audited release was modified"
    return scanned, report


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# -- GGUF ---------------------------------------------------------------------------------------------------


def _gguf(kvs: bytes, n_kv: int, n_tensors: int = 0, version: int = 3) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, n_tensors, n_kv) + kvs


def _gguf_str(s: bytes) -> bytes:
    return struct.pack("<Q", len(s)) + s


def _gguf_u32_pairs(n: int) -> bytes:
    return b"".join(_gguf_str(f"k{i}".encode()) + struct.pack("<II", 4, i) for i in range(n))


def test_gguf_metadata_pairs_budget(tmp_path):
    _write(tmp_path, "m.gguf", _gguf(_gguf_u32_pairs(3000), 3000))
    _check(tmp_path, budget="gguf_metadata_pairs", gguf_metadata_pairs=1000)
    scanned, _ = _check(tmp_path)  # the default budget takes it: scanned, nothing to say
    assert _names(scanned["scanned"]) == ["m.gguf"] and not scanned["unscannable"]


def test_gguf_500k_pairs_real_size(tmp_path):
    _write(tmp_path, "m.gguf", _gguf(_gguf_u32_pairs(500_000), 500_000))
    _check(tmp_path, budget="gguf_metadata_pairs")


@pytest.mark.parametrize("field", ["kv", "tensors", "array", "string"])
def test_gguf_counts_of_2_64_minus_1(tmp_path, field):
    huge = 2**64 - 1
    if field == "kv":
        data = _gguf(b"\0" * 64, huge)
    elif field == "tensors":
        data = _gguf(_gguf_u32_pairs(2), 2, n_tensors=huge)
    elif field == "array":
        data = _gguf(_gguf_str(b"a") + struct.pack("<IIQ", 9, 8, huge) + b"\0" * 64, 1)
    else:
        data = _gguf(struct.pack("<Q", huge) + b"abc" + b"\0" * 64, 1)
    _write(tmp_path, "m.gguf", data)
    scanned, _ = _check(tmp_path)
    if field == "tensors":  # the tensor count is not walked: the metadata is still read
        assert _names(scanned["scanned"]) == ["m.gguf"]
    else:  # a count the file cannot hold is malformed, said as such, and unscannable
        assert any(f["rule"] == "SEC385" for f in scanned["findings"])
        assert scanned["unscannable"] and "malformed GGUF" in scanned["unscannable"][0]["reason"]


def test_gguf_string_array_budget(tmp_path):
    items = b"".join(_gguf_str(f"tok{i}".encode()) for i in range(5000))
    _write(tmp_path, "m.gguf", _gguf(_gguf_str(b"tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 5000) + items, 1))
    _check(tmp_path, budget="gguf_array_items", gguf_array_items=1000)


def test_gguf_string_bytes_budget(tmp_path):
    value = b"x" * 200_000
    _write(tmp_path, "m.gguf", _gguf(_gguf_str(b"general.name") + struct.pack("<I", 8) + _gguf_str(value), 1))
    _check(tmp_path, budget="string_bytes", string_bytes=100_000)


def test_gguf_chat_template_over_template_budget(tmp_path):
    template = "{% for m in messages %}{{ m.role }}{% endfor %}" * 2000
    kv = _gguf_str(b"tokenizer.chat_template") + struct.pack("<I", 8) + _gguf_str(template.encode())
    _write(tmp_path, "m.gguf", _gguf(kv, 1))
    _check(tmp_path, budget="template_bytes", template_bytes=10_000)


def test_file_time_budget_trips_as_a_budget(tmp_path):
    _write(tmp_path, "m.gguf", _gguf(_gguf_u32_pairs(10), 10))
    _check(tmp_path, budget="file_seconds", file_seconds=1e-9)


# -- safetensors --------------------------------------------------------------------------------------------


def _safetensors(header: bytes, data: bytes = b"") -> bytes:
    return struct.pack("<Q", len(header)) + header + data


def _tensors_header(n: int) -> bytes:
    return json.dumps({f"t{i}": {"dtype": "U8", "shape": [1], "data_offsets": [i, i + 1]} for i in range(n)}).encode()


def test_safetensors_60mb_header_real_size(tmp_path):
    meta = b'{"__metadata__": {"x": "' + b"a" * (60 * 1024 * 1024) + b'"}}'
    _write(tmp_path, "m.safetensors", _safetensors(meta))
    _check(tmp_path, budget="json_bytes")


def test_safetensors_header_bytes_budget(tmp_path):
    _write(tmp_path, "m.safetensors", _safetensors(_tensors_header(20_000), b"\0" * 20_000))
    _check(tmp_path, budget="json_bytes", json_bytes=100_000)
    scanned, _ = _check(tmp_path)
    assert _names(scanned["scanned"]) == ["m.safetensors"] and not scanned["unscannable"]


def test_safetensors_tensor_count_budget(tmp_path):
    _write(tmp_path, "m.safetensors", _safetensors(_tensors_header(5000), b"\0" * 5000))
    _check(tmp_path, budget="collection_items", collection_items=1000)


def test_safetensors_length_of_2_64_minus_1(tmp_path):
    _write(tmp_path, "m.safetensors", struct.pack("<Q", 2**64 - 1) + b'{"a": 1}')
    scanned, _ = _check(tmp_path)
    assert scanned["unscannable"]  # never "clean": a header or an unrecognised model file, said so


def test_safetensors_deep_header(tmp_path):
    header = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    _write(tmp_path, "m.safetensors", _safetensors(header))
    scanned, _ = _check(tmp_path)
    assert scanned["unscannable"]  # not valid as a header, said so


# -- Keras --------------------------------------------------------------------------------------------------


def _keras_zip(path: Path, config: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", config)
        z.writestr("metadata.json", "{}")


def _layers(n: int) -> str:
    return json.dumps({"class_name": "Sequential", "config": {"layers": [
        {"class_name": "Dense", "config": {"name": f"d{i}", "units": 3}} for i in range(n)]}})


def test_keras_config_bytes_budget(tmp_path):
    _keras_zip(tmp_path / "m.keras", _layers(5000))
    _check(tmp_path, budget="json_bytes", json_bytes=50_000)


def test_keras_config_nodes_budget(tmp_path):
    _keras_zip(tmp_path / "m.keras", _layers(5000))
    _check(tmp_path, budget="collection_items", collection_items=2000)


def test_keras_50mb_config_real_size(tmp_path):
    _keras_zip(tmp_path / "m.keras", '{"class_name": "Sequential", "config": {"name": "' + "a" * (50 << 20) + '"}}')
    _check(tmp_path, budget="json_bytes")


def test_bare_keras_config_budget(tmp_path):
    _write(tmp_path, "config.json", _layers(3000))
    _check(tmp_path, budget="json_bytes", json_bytes=10_000)


# -- chat templates -----------------------------------------------------------------------------------------

_LOOP = "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}{% endfor %}\n"


def test_chat_template_5mb_real_size(tmp_path):
    _write(tmp_path, "chat_template.jinja", _LOOP * (5 * 1024 * 1024 // len(_LOOP)))
    _check(tmp_path, budget="template_bytes")


def test_tokenizer_config_template_budget(tmp_path):
    config = {"tokenizer_class": "X", "chat_template": _LOOP * 500}
    _write(tmp_path, "tokenizer_config.json", json.dumps(config))
    _check(tmp_path, budget="template_bytes", template_bytes=5_000)


@pytest.mark.parametrize("expr", [
    "('%0999999999d'|format(1))",  # printf width: a gigabyte from 130 bytes
    "('%.999999999f'|format(1.5))",
    "('%*d'|format(999999999, 1))",
    "(" * 20 + "'ab'" + "*64)" * 20,  # 64^20 characters by repetition
    "(('ab'*64)*64)|replace('a', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')",
])
def test_constant_folding_is_bounded(tmp_path, expr):
    from unveil.security.formats._jinja import analyze_template

    template = "{{ messages[" + expr + "] }}{% for m in messages %}{{ m.role }}{% endfor %}"
    issues, error = analyze_template(template)
    assert error is None
    # Not folded (too big to be a name), so the computed index is flagged, never evaluated.
    assert any(i.rule == "SEC371" for i in issues)
    _write(tmp_path, "chat_template.jinja", template)
    scanned, _ = _check(tmp_path)
    assert any(f["rule"] == "SEC371" for f in scanned["findings"])


def test_constant_folding_still_finds_small_hidden_names():
    from unveil.security.formats._jinja import analyze_template

    issues, _ = analyze_template("{{ x[('__cla' ~ 'ss__')] }}{{ y|attr(('%c%c' ~ 'globals__')|format(95, 95)) }}")
    assert {i.text for i in issues if i.rule == "SEC370"} >= {"__class__", "__globals__"}


def test_constant_folding_steps_budget(tmp_path):
    template = "".join(f"{{{{ m[('a' ~ 'b{i}')] }}}}" for i in range(300))
    _write(tmp_path, "chat_template.jinja", template)
    _check(tmp_path, budget="fold_steps", fold_steps=100)


# -- cards and front matter ---------------------------------------------------------------------------------


def test_front_matter_of_a_million_keys(tmp_path):
    _write(tmp_path, "README.md", "---\n" + "".join(f"k{i}: {i}\n" for i in range(1_000_000)) + "---\n# M\n")
    _, report = _check(tmp_path)
    # Larger than the card budget: read in part, and the audit says so.
    assert any("budget: card_bytes exceeded" in i.reason for i in report.inconclusive)


def test_front_matter_bytes_budget(tmp_path):
    _write(tmp_path, "README.md", "---\n" + "".join(f"k{i}: {i}\n" for i in range(20_000)) + "---\n# M\n")
    _, report = _check(tmp_path, front_matter_bytes=100_000)
    details = [f.detail for f in report.documentation.findings if f.rule == "DOC501"]
    assert any(d.startswith("budget: front_matter_bytes exceeded") for d in details), details


def test_front_matter_nodes_budget(tmp_path):
    tags = ", ".join(f"t{i}" for i in range(5000))
    _write(tmp_path, "README.md", "---\nlicense: mit\ntags: [" + tags + "]\n---\n# M\n")
    _, report = _check(tmp_path, front_matter_nodes=1000)
    details = [f.detail for f in report.documentation.findings if f.rule == "DOC501"]
    assert any(d.startswith("budget: front_matter_nodes") for d in details), details
    # The licence the metadata declares could not be read: the audit is incomplete, not "no licence".
    assert [i.check for i in report.inconclusive] == ["card-metadata"]


def test_alias_bomb_front_matter_is_incomplete_not_clean(tmp_path):
    rows = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    rows += [f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]" for i in range(8)]
    _write(tmp_path, "README.md", "---\n" + "\n".join(rows) + "\nlicense: mit\ntags: *i\n---\n# M\n")
    _write(tmp_path, "config.json", "{}")
    _, report = _check(tmp_path)
    unread = [i for i in report.inconclusive if i.check == "card-metadata"]
    assert unread and "alias" in unread[0].reason and unread[0].path == "README.md"
    assert audit_exit_code(report, None, []) == 3


def test_invalid_yaml_front_matter_is_read_as_no_metadata(tmp_path):
    _write(tmp_path, "README.md", "---\nlicense: [mit\n---\n# M\n")
    _, report = _check(tmp_path)
    assert any(f.rule == "DOC501" for f in report.documentation.findings)
    assert not [i for i in report.inconclusive if i.check == "card-metadata"]


def test_200mb_card_real_size(tmp_path):
    card = tmp_path / "README.md"
    with open(card, "wb") as fh:  # sparse: 200 MB on paper, a few KB on disk
        fh.write(b"---\nlicense: apache-2.0\n---\n# Model\n\n## Training data\n\nWe trained on Wikipedia.\n")
        fh.seek(200 * 1024 * 1024)
        fh.write(b"\n")
    _, report = _check(tmp_path)
    assert any(i.path == "README.md" and "card_bytes" in i.reason for i in report.inconclusive)
    assert report.documentation.sections["training_data"].covered  # the part read is analysed


def test_card_with_a_33000_character_table_row(tmp_path):
    row = "| " + "accuracy | " * 3000 + "\n"
    card = "---\nlicense: mit\n---\n# M\n\n## Evaluation\n\n| Component | Labels |\n| --- | --- |\n" + row
    _write(tmp_path, "README.md", card)
    # A clock tripped here would mean the card took its whole long-line budget: it must not.
    from unveil.card import parse_card
    from unveil.documentation.sections import split_sections

    assert split_sections is not None
    _check(tmp_path)
    parsed = parse_card(card)
    from unveil.documentation import analyze_card

    result = analyze_card(parsed)
    assert result is not None


def test_spent_card_clock_is_reported(tmp_path):
    row = "| " + "accuracy on the test set | " * 1000 + "\n"
    _write(tmp_path, "README.md", "---\nlicense: mit\n---\n# M\n\n## Evaluation\n\n| a | b |\n| --- | --- |\n" + row)
    _, report = _check(tmp_path, regex_card_seconds=0.0)
    details = [f.detail for f in report.documentation.findings if f.rule == "DOC508"]
    assert details and details[0].startswith("budget: regex_card_seconds exceeded")
    _, report = _check(tmp_path)  # with the default clock the same card is read to the end
    assert not [f for f in report.documentation.findings if f.rule == "DOC508"]


def test_long_line_clock_is_a_budget():
    from unveil.documentation.bounded import RegexClock

    pattern = re.compile(r"(?m)^[^\n]*\baccuracy\b[^\n]*\|[^\n]*\d")
    text = "| " + "accuracy | " * 3000
    clock = RegexClock(seconds=0.0)
    assert bounded_search(pattern, text, clock=clock) is None and clock.tripped
    # With time left, a match in a long line is found at its place.
    hit = bounded_search(pattern, text + "7", clock=RegexClock(seconds=30))
    assert hit is not None and hit.end() > len(text) - 4096


@pytest.mark.parametrize("seed", range(6))
def test_bounded_search_equals_re_on_ordinary_lines(seed):
    import random

    rng = random.Random(seed)
    words = ["data", "train", "eval", "accuracy", "|", "1", "mmlu", "the", "bias", "\n", " "]
    text = "".join(rng.choice(words) + " " for _ in range(3000))
    assert not long_lines(text, budgets.current().regex_line_chars)
    for src in (r"\btrain\w*\b.{0,40}\bdata\b", r"(?m)^[^\n]*\bmmlu\b[^\n]*\|[^\n]*\d", r"bias\s+eval"):
        pattern = re.compile(src)
        pos = 0
        while True:
            want = pattern.search(text, pos)
            got = bounded_search(pattern, text, pos)
            assert (want and want.span()) == (got and got.span())
            if want is None:
                break
            pos = want.end() + 1


def test_bounded_search_finds_matches_deep_in_a_long_line():
    text = "x " * 20_000 + "trained on wikipedia" + " y" * 20_000
    got = bounded_search(re.compile(r"trained on (\w+)"), text)
    assert got is not None and got.start() == 40_000 and got.group(1) == "wikipedia"


# -- listings -----------------------------------------------------------------------------------------------


def _many_files(root: Path, n: int) -> None:
    for i in range(n):
        sub = root / f"d{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{i}").touch()


def test_release_files_budget(tmp_path):
    _many_files(tmp_path, 3000)
    scanned, report = _check(tmp_path, budget="release_files", release_files=1000)
    assert report.source.files == 1000
    assert any("budget: release_files exceeded" in i.reason for i in report.inconclusive)


def test_5k_empty_files_listed_whole(tmp_path):
    _many_files(tmp_path, 5000)
    _, report = _check(tmp_path)
    assert report.source.files == 5000 and not report.inconclusive
    assert all(f.sha256 == hashlib.sha256(b"").hexdigest() for f in report.source.listing)


def test_local_listing_order_and_entries_match_os_walk(tmp_path):
    from unveil.sources.local import open_local

    for rel in ("b/2.txt", "a/z.bin", "a/b/c.py", "README.md", "a.txt", ".git/HEAD", "__pycache__/x.pyc"):
        _write(tmp_path, rel, f"content of {rel}\n")
    (tmp_path / "pointer.bin").write_text("version https://git-lfs.github.com/spec/v1\noid sha256:"
                                          + "a" * 64 + "\nsize 123\n")
    os.mkfifo(tmp_path / "fifo")
    expected = []
    for dirpath, dirnames, filenames in os.walk(tmp_path):
        dirnames[:] = sorted(d for d in dirnames if d not in {".git", "__pycache__"})
        expected += [os.path.relpath(os.path.join(dirpath, f), tmp_path) for f in sorted(filenames)]
    release = open_local(tmp_path)
    assert [f.path for f in release.files] == expected
    by = {f.path: f for f in release.files}
    assert by["pointer.bin"].pointer and by["pointer.bin"].size == 123
    assert not by["fifo"].available
    assert by["a.txt"].sha256 == hashlib.sha256(b"content of a.txt\n").hexdigest()
    assert release.read("a/b/c.py") == b"content of a/b/c.py\n"
    assert release.read("a/b/c.py", 3, 4) == b"tent"


# -- bundled code -------------------------------------------------------------------------------------------


def test_five_mb_python_file_real_size(tmp_path):
    fn = "def f{i}(x):\n    return eval(x)\n"
    _write(tmp_path, "m.py", "".join(fn.format(i=i) for i in range(5 * 1024 * 1024 // 32)))
    scanned, _ = _check(tmp_path, budget="code_file_bytes")
    assert "m.py" not in _names(scanned["scanned"])


def test_findings_capped_per_rule_and_file(tmp_path):
    _write(tmp_path, "m.py", "".join(f"def f{i}(x):\n    return eval(x)\n" for i in range(400)))
    scanned, report = _check(tmp_path, findings_per_rule_file=25)
    by_rule: dict[str, list[dict]] = {}
    for f in scanned["findings"]:
        if f["path"].endswith("/m.py"):
            by_rule.setdefault(f["rule"], []).append(f)
    capped = [r for r, fs in by_rule.items() if len(fs) == 26]
    assert capped, {r: len(fs) for r, fs in by_rule.items()}
    for rule_id in capped:
        aggregate = [f for f in by_rule[rule_id] if f["detail"].startswith("and ")]
        assert len(aggregate) == 1
        want = rf"and 375 more of {rule_id} \(findings capped at 25 per rule and file\)"
        assert re.match(want, aggregate[0]["detail"]), aggregate[0]["detail"]
    assert all(len(fs) <= 26 for fs in by_rule.values())
    # The aggregate keeps the severity of what it stands for: the gate sees the same worst severity.
    for rule_id in capped:
        severities = {f["severity"] for f in by_rule[rule_id]}
        assert len(severities) == 1, severities


def test_code_scanner_holds_one_tree_at_a_time(tmp_path, monkeypatch):
    import weakref

    from unveil.security import code
    from unveil.security.code import common, scanner

    for i in range(30):
        _write(tmp_path, f"m{i}.py", "import os\n" + "".join(f"def f{j}():\n    return {j}\n" for j in range(50)))
    alive: list[weakref.ref] = []
    peak = [0]
    real_parse = common.parse_python

    def tracking_parse(text, path):
        tree, reason, line = real_parse(text, path)
        peak[0] = max(peak[0], sum(r() is not None for r in alive))
        if tree is not None:
            alive.append(weakref.ref(tree))
        return tree, reason, line

    monkeypatch.setattr(scanner, "parse_python", tracking_parse)
    from unveil.sources.local import open_local

    result = code.scan_code(open_local(tmp_path), semgrep=False)
    assert len(result.scanned) == 30
    assert peak[0] <= 1, f"{peak[0]} parsed trees alive at once"


# -- protobuf containers ------------------------------------------------------------------------------------


def test_onnx_field_flood_budget(tmp_path):
    from unveil.security.formats._protobuf import field_bytes, field_varint

    graph = b"".join(field_bytes(1, field_bytes(4, "Relu")) for _ in range(5000))  # 5000 nodes
    model = field_varint(1, 8) + field_bytes(7, graph) + field_bytes(8, field_bytes(1, "") + field_varint(2, 17))
    _write(tmp_path, "model.onnx", model)
    _check(tmp_path, budget="protobuf_fields", protobuf_fields=2000)
    scanned, _ = _check(tmp_path)
    assert "model.onnx" in _names(scanned["scanned"]) and not scanned["unscannable"]


def test_onnx_deep_subgraphs_budget(tmp_path):
    from unveil.security.formats._protobuf import field_bytes, field_varint

    graph = field_bytes(1, "g")
    for _ in range(200):  # GraphProto.node -> NodeProto.attribute -> AttributeProto.g -> GraphProto ...
        graph = field_bytes(1, field_bytes(5, field_bytes(1, "g") + field_bytes(6, graph)))
    _write(tmp_path, "model.onnx", field_varint(1, 7) + field_bytes(7, graph))
    _check(tmp_path, budget="protobuf_nesting")


# -- the CLI end to end -------------------------------------------------------------------------------------

CLI_CASES: dict[str, Callable[[Path], None]] = {
    "gguf-2^64": lambda root: _write(root, "m.gguf", _gguf(b"\0" * 64, 2**64 - 1)) and None,
    "chat-5mb": lambda root: _write(root, "chat_template.jinja", _LOOP * (5 * 1024 * 1024 // len(_LOOP))) and None,
    "fold-bomb": lambda root: _write(root, "chat_template.jinja",
                                     "{{ messages[('%0999999999d'|format(1))] }}{% for m in messages %}x{% endfor %}")
    and None,
}


@pytest.mark.parametrize("case", sorted(CLI_CASES))
def test_cli_audit_and_scan(tmp_path, case):
    root = tmp_path / "release"
    CLI_CASES[case](root)
    before = _tree_digest(root)
    work = tmp_path / "cwd"
    work.mkdir()
    for command in ("audit", "scan"):
        proc = subprocess.run([sys.executable, "-m", "unveil.cli", command, str(root), "--format", "json"],
                              capture_output=True, text=True, cwd=work, timeout=120,
                              env={**os.environ, "PYTHONPATH": str(REPO / "src")})
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr[-2000:]
        assert proc.returncode in (0, 1, 3), (command, proc.returncode, proc.stderr[-2000:])
        out = json.loads(proc.stdout)
        section = out["security"] if command == "audit" else out
        _no_crash_reasons([u["reason"] for u in section["unscannable"]])
    assert _tree_digest(root) == before
    assert not any(work.iterdir()), "nothing is written outside"


def test_budgets_from_the_environment(tmp_path):
    _write(tmp_path, "m.gguf", _gguf(_gguf_u32_pairs(50), 50))
    proc = subprocess.run([sys.executable, "-m", "unveil.cli", "scan", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src"),
                               "UNVEIL_BUDGET_GGUF_METADATA_PAIRS": "10"})
    assert proc.returncode in (0, 1, 3), proc.stderr[-2000:]
    reasons = [u["reason"] for u in json.loads(proc.stdout)["unscannable"]]
    assert any(r.startswith("budget: gguf_metadata_pairs exceeded") for r in reasons), reasons


def test_every_budget_is_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, default in budgets.describe():
        assert f"`{name}`" in readme, name
        assert default in readme, (name, default)


def test_licence_file_read_in_part_is_could_not_check(tmp_path):
    """A restriction past the licence reader's cut was not checked: the audit says so (exit 3), it does not report
    the licence of the first part as the whole; a licence file within the budget is read whole."""
    from unveil.licenses.text import MAX_BYTES

    mit = "MIT License\n\nPermission is hereby granted, free of charge, to any person obtaining a copy.\n"
    tail = "\nYou may not use the Software for any commercial purpose.\n"
    _write(tmp_path, "README.md", "---\nlicense: mit\n---\n# M\nA model.\n")
    _write(tmp_path, "config.json", "{}")
    _write(tmp_path, "LICENSE", mit + "Appendix. " * (MAX_BYTES // 10 + 100) + tail)
    _, report = _check(tmp_path)
    unread = [i for i in report.inconclusive if i.check == "license-text"]
    assert [i.path for i in unread] == ["LICENSE"] and "budget: license_bytes" in unread[0].reason
    assert audit_exit_code(report, None, []) == 3
    _write(tmp_path, "LICENSE", mit + "Appendix. " * 100 + tail)
    _, report = _check(tmp_path)
    assert not [i for i in report.inconclusive if i.check == "license-text"]
