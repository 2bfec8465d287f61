"""Untrusted strings through every renderer and every command: no raw control byte, valid UTF-8 and JSON,
markup shown and never interpreted, no crash.

Strings come from hypothesis (any code point, lone surrogates included, plus an adversarial alphabet of
ESC/OSC sequences, C1 controls, bidi overrides and rich markup) and are planted where a release plants
them: file names, pickle global names, card text, licence clauses, finding details, server reasons.
The pickles are written opcode by opcode and never loaded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unveil import sanitize
from unveil.commands.license import run as license_run
from unveil.commands.scan import run as scan_run
from unveil.render import RENDERERS, renderer
from unveil.report import Evidence, Finding, Inconclusive, Report, Restriction, Unscannable
from unveil.service import audit

from conftest import EXAMPLES, REPO

# What must never reach an output raw: C0 but tab/newline, DEL, C1, bidi embeddings/overrides/isolates,
# surrogates (which no UTF-8 encoder accepts).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
ADVERSARIAL = [
    "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "\x1b]52;c;ZXZpbA==\x07", "\x9b31m", "\x85", "\x7f", "\r\roverwrite", "\u202eexe.pkl", "\u2066x\u2069",
    "[/]", "[bold red]x[/bold red]", "a[/b]c", "[open-source]", "[link=https://evil.example]x[/link]",
    "</code><script>alert(1)</script>", "{{ 7*7 }}", "%s%n", "\udcff\udc80", "\ud800", "\x00", "é漢字🙂",
]
adversarial_text = st.lists(st.one_of(st.sampled_from(ADVERSARIAL), st.text(max_size=12)),
                            min_size=1, max_size=5).map("".join)
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)


def assert_clean_output(out: str | bytes, fmt: str) -> str:
    data = out.encode("utf-8") if isinstance(out, str) else out
    text = data.decode("utf-8")  # strict: valid UTF-8 or this raises
    bad = RAW_CONTROL.findall(text)
    assert not bad, f"{fmt}: raw control characters {bad[:5]!r}"
    if fmt in ("json", "sarif", "cyclonedx"):
        json.loads(text)
    return text


# -- the sanitiser itself ----------------------------------------------------------------------------------
@given(st.text(), st.booleans())
@settings(max_examples=300, deadline=None, derandomize=True)
def test_sanitiser_leaves_nothing_raw_and_is_idempotent(value: str, as_name: bool) -> None:
    out = sanitize.name(value) if as_name else sanitize.text(value)
    assert not RAW_CONTROL.search(out)
    out.encode("utf-8")  # strict
    again = sanitize.name(out) if as_name else sanitize.text(out)
    assert again == out
    if not RAW_CONTROL.search(value) and (not as_name or not re.search("[\t\n\u200e\u200f\u061c]", value)):
        assert out == value  # clean text is never altered


def test_escapes_are_visible_and_bytes_recoverable() -> None:
    assert sanitize.text("a\x1b]0;t\x07b") == "a\\x1b]0;t\\x07b"
    assert sanitize.name("x\u202etxt.pkl") == "x\\u202etxt.pkl"
    assert sanitize.name("bad\udcffname") == "bad\\xffname"  # an undecodable byte, shown as that byte
    assert sanitize.text("two\nlines\tok") == "two\nlines\tok"
    assert sanitize.name("two\nlines") == "two\\x0alines"
    ev = sanitize.clean(Evidence(text="os\udcff.sys\x1b"))
    assert ev.text == "os\\xff.sys\\x1b"
    assert bytes.fromhex(ev.raw_hex or "") == b"os\xff.sys\x1b"


# -- every renderer ----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def base_report() -> Report:
    return audit(str(EXAMPLES / "tiny-open-model"))


def _poisoned(base: Report, s: str) -> Report:
    """The base report with `s` planted in every place a release can put text."""
    ev = Evidence(path=f"dir/{s}.pkl", text=s, line=3, url=f"https://x.example/{s}")
    findings = [
        Finding(rule="SEC301", severity="critical", path=f"{s}.pkl", detail=f"reaches {s}.system (GLOBAL)",
                evidence=[ev]),
        Finding(rule="SEC303", severity="medium", path=f"outer.zip!{s}", detail=s, evidence=[ev],
                suppressed=True, annotation=f"suppressed: {s}"),
    ]
    licenses = [lic.model_copy(update={"id": s or "x", "restrictions": [Restriction(kind=s, evidence=[ev])]})
                for lic in base.licenses]
    components = [c.model_copy(update={"paths": [*c.paths, s], "evidence": [ev, *c.evidence]})
                  for c in base.components]
    openness = base.openness.model_copy(update={
        "label_reason": s,
        "openwashing": base.openness.openwashing.model_copy(update={"flag": True, "claims": [ev]}),
    })
    docs = base.documentation.model_copy(update={
        "sections": {k: v.model_copy(update={"evidence": [ev, *v.evidence], "reason": s})
                     for k, v in base.documentation.sections.items()}})
    security = base.security.model_copy(update={
        "findings": findings, "scanned": [*base.security.scanned, f"{s}.pkl"],
        "unscannable": [Unscannable(path=f"w/{s}.bin", reason=f"server said: {s}")]})
    source = base.source.model_copy(update={
        "id": f"org/{s}", "listing": [*base.source.listing,
                                      base.source.listing[0].model_copy(update={"path": f"{s}.pkl"})]})
    return base.model_copy(update={
        "source": source, "components": components, "licenses": licenses, "openness": openness,
        "documentation": docs, "security": security,
        "inconclusive": [Inconclusive(check="read", path=s, reason=f"error: {s}")]})


@given(adversarial_text)
@SETTINGS
def test_every_renderer_survives_hostile_strings(base_report: Report, s: str) -> None:
    report = _poisoned(base_report, s)
    for fmt in sorted(RENDERERS):
        out = renderer(fmt)(report)
        text = assert_clean_output(out, fmt)
        if fmt == "text":
            visible = sanitize.text(s)
            # Markup is shown as written, never interpreted: the (escaped) string is on the page.
            assert sanitize.name(s).split("\\x0a")[0][:20] in text or visible[:20] in text


def test_text_shows_markup_literally(base_report: Report) -> None:
    out = renderer("text")(_poisoned(base_report, "[open-source] a[/b]c [bold]x[/]"))
    assert "[open-source] a[/b]c [bold]x[/]" in out


def test_json_keeps_raw_bytes_as_hex(base_report: Report) -> None:
    doc = json.loads(renderer("json")(_poisoned(base_report, "g\udcff\x1b[2J")))
    ev = doc["security"]["findings"][0]["evidence"][0]
    assert ev["text"] == "g\\xff\\x1b[2J"
    assert bytes.fromhex(ev["raw_hex"]) == b"g\xff\x1b[2J"


# -- every command, on real files with hostile names and contents -----------------------------------------
def _bytes(s: str) -> bytes:
    """What a hostile file holds: undecodable bytes as themselves, other lone surrogates as CESU-style bytes."""
    try:
        return s.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogatepass")


def _global(module: str, name: str) -> bytes:
    mod, attr = (_bytes(x).replace(b"\n", b" ") for x in (module, name))
    return b"\x80\x02c" + mod + b"\n" + attr + b"\n)R."


def _filename(s: str) -> bytes:
    raw = _bytes(s).replace(b"/", b"_").replace(b"\x00", b"_")[:150]
    return raw if raw not in (b"", b".", b"..") else b"x"


def build_release(root: Path, s: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    d = os.fsencode(root)
    with open(os.path.join(d, _filename(s) + b".pkl"), "wb") as fh:
        fh.write(_global("os", "system"))
    (root / "g.pkl").write_bytes(_global(s or "m", s + "x"))
    card = f"---\nlicense: apache-2.0\n---\n# {s}\n\nThis fully open source model {s} is open.\n\n## Limitations\n{s}\n"
    (root / "README.md").write_bytes(_bytes(card))
    clause = ("Licensed under the Apache License, Version 2.0. You may not use this model if you have more than "
              f"700 million monthly active users {s}. Acceptable use policy applies: {s}\n")
    (root / "LICENSE").write_bytes(_bytes(clause))
    return root


@given(adversarial_text)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture],
          derandomize=True)
def test_audit_scan_license_in_process(tmp_path: Path, s: str) -> None:
    import shutil

    root = tmp_path / "rel"
    shutil.rmtree(root, ignore_errors=True)
    build_release(root, s)
    report = audit(str(root))
    for fmt in sorted(RENDERERS):
        assert_clean_output(renderer(fmt)(report), fmt)
    for fmt in ("text", "json", "sarif"):
        out, code = scan_run([str(root)], fmt, "high")
        assert code == 1  # the os.system pickle is found whatever its name
        assert_clean_output(out, f"scan {fmt}")
    for fmt in ("text", "json"):
        out, code = license_run([str(root)], fmt)
        assert code == 0
        assert_clean_output(out, f"license {fmt}")


def test_cli_commands_on_adversarial_release(tmp_path: Path) -> None:
    """The CLI end to end (subprocess): stdout and stderr clean, contract exit codes, never an internal error."""
    root = build_release(tmp_path / "hostile", "".join(ADVERSARIAL))
    (root / "a[").mkdir()
    (root / "a[" / "b]c.pkl").write_bytes(_global("os", "system"))
    (root / "h.pkl").write_bytes(_global("[/]", "x\x1b]0;t\x07"))
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "80"}
    runs = [("audit", str(root), "-f", fmt) for fmt in sorted(RENDERERS)]
    runs += [("audit", str(root), "--fail-on", "high")]
    runs += [("scan", str(root), "-f", fmt) for fmt in ("text", "json", "sarif")]
    runs += [("license", str(root), "-f", fmt) for fmt in ("text", "json")]
    for args in runs:
        proc = subprocess.run([sys.executable, "-m", "unveil.cli", *args], capture_output=True, env=env,
                              timeout=120)
        err = assert_clean_output(proc.stderr, "stderr")
        assert "internal error" not in err and "Traceback" not in err, (args, err[-500:])
        out = assert_clean_output(proc.stdout, args[-1] if args[-1] in RENDERERS else "text")
        expected = 0 if args[0] == "license" or (args[0] == "audit" and "--fail-on" not in args) else 1
        assert proc.returncode in (expected, 3), (args, proc.returncode, err[-300:])
        if args[0] == "audit" and args[-1] == "text":
            lines = out.splitlines()
            assert "a[/b]c.pkl" in out  # markup-like names shown as they are, not swallowed
            assert max(len(line) for line in lines[1:]) <= 80  # line 1, the answer, is never broken
            assert lines[0].split(" · ")[0] in ("open-source-ai", "open-weights", "restricted-weights", "closed",
                                                "unknown")
            assert "do not load: " in lines[0]  # the answer first
