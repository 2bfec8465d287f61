"""Chat templates (GGUF metadata, tokenizer_config.json, .jinja): AST analysis, never rendered."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from security_format_helpers import flagged, gguf_bytes, scan_bytes, severities  # noqa: E402
from unveil.security.formats._jinja import analyze_template  # noqa: E402

CHATML = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
    "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
    "{% endif %}"
)
BENIGN = [
    CHATML,
    "{% set ns = namespace(system='') %}{% for m in messages %}{% if m.role == 'system' %}"
    "{% set ns.system = m.content %}{% continue %}{% endif %}{{ bos_token + m['content'] | trim }}"
    "{% endfor %}{% if not messages %}{{ raise_exception('empty') }}{% endif %}",
    "{% for m in messages %}{% generation %}{{ m.content }}{% endgeneration %}{% endfor %}"
    "{{ messages[0]['content'] }}{{ tools | tojson(indent=2) }}"
    "{% for i in range(3) %}{{ loop.index }}{% endfor %}",
]
MALICIOUS = [
    "{{ ().__class__.__base__.__subclasses__() }}",
    r"{{ ()|attr('\x5f\x5fclass\x5f\x5f') }}",
    r"{{ ()|attr('\u005f\u005fclass\u005f\u005f') }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner['__init__'] }}",
    "{{ namespace.__init__ }}",
    "{{ self._TemplateReference__context.cycler }}",
    "{{ x[('__cl' ~ 'ass__')] }}",
    "{{ x|attr(['__', 'class', '__']|join) }}",
    "{{ x|attr('%c%cclass%c%c'|format(95,95,95,95)) }}",
    "{{ x|attr(name) }}",
    "{{ '{0.__class__}'.format(x) }}",
    "{% include '/etc/passwd' %}",
    "{{ request.application }}",
    "{{ __import__('os') }}",
]


@pytest.mark.parametrize("template", BENIGN)
def test_benign_templates_clean(template: str) -> None:
    issues, error = analyze_template(template)
    assert error is None and issues == [], issues


@pytest.mark.parametrize("template", MALICIOUS)
def test_malicious_templates_flagged(template: str) -> None:
    issues, _ = analyze_template(template)
    assert {i.severity for i in issues} & {"critical", "high"}, template


def test_template_figures() -> None:
    caught = sum(1 for t in MALICIOUS if {i.severity for i in analyze_template(t)[0]} & {"critical", "high"})
    fp = sum(1 for t in BENIGN if analyze_template(t)[0])
    print(f"\ntemplates: recall {caught}/{len(MALICIOUS)}, false positives {fp}/{len(BENIGN)}")
    assert caught == len(MALICIOUS) and fp == 0


def test_malformed_template_is_medium_not_crash() -> None:
    issues, error = analyze_template("{% for x in %}{{ x.__class__ }}")
    assert error and {i.severity for i in issues} >= {"medium", "high"}  # fallback still sees the dunder
    assert analyze_template("{{" * 5000)[1]  # deep/garbage input: reported, no crash


def test_gguf_chat_template_and_named_templates() -> None:
    bad = gguf_bytes(
        [
            ("general.architecture", 8, "llama"),
            ("tokenizer.chat_template", 8, CHATML),
            ("tokenizer.chat_template.tool_use", 8, "{{ lipsum.__globals__ }}"),
        ]
    )
    ctx, fmt = scan_bytes(bad, "m.gguf")
    assert fmt == "gguf" and "critical" in severities(ctx)
    good = gguf_bytes(
        [
            ("general.architecture", 8, "llama"),
            ("tokenizer.chat_template", 8, CHATML),
            ("tokenizer.ggml.tokens", 9, (8, ["a", "b", "__class__"])),
            ("llama.block_count", 4, 2),
        ]
    )
    ctx, _ = scan_bytes(good, "m.gguf")
    assert not ctx.findings and not ctx.unscannable
    v2 = gguf_bytes([("tokenizer.chat_template", 8, "{{ ().__class__ }}")], version=2)
    assert flagged(scan_bytes(v2, "x")[0])


@pytest.mark.parametrize("cut", [5, 12, 23, 30, 50])
def test_gguf_truncated_is_unscannable(cut: int) -> None:
    data = gguf_bytes([("tokenizer.chat_template", 8, CHATML)])
    ctx, _ = scan_bytes(data[:cut], "m.gguf")
    assert ctx.unscannable and not flagged(ctx)


def test_gguf_huge_counts_bounded() -> None:
    import struct

    data = b"GGUF" + struct.pack("<IQQ", 3, 0, 2**40)
    ctx, _ = scan_bytes(data, "m.gguf")
    assert ctx.unscannable
    data = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 2**50)
    assert scan_bytes(data, "m.gguf")[0].unscannable


def test_tokenizer_config_forms() -> None:
    single = json.dumps({"tokenizer_class": "X", "chat_template": "{{ x.__class__.__mro__ }}"}).encode()
    ctx, fmt = scan_bytes(single, "tokenizer_config.json")
    assert fmt == "tokenizer-config" and "critical" in severities(ctx)
    named = json.dumps(
        {
            "chat_template": [
                {"name": "default", "template": CHATML},
                {"name": "rag", "template": "{{ joiner.__init__ }}"},
            ]
        }
    ).encode()
    ctx, _ = scan_bytes(named, "tokenizer_config.json")
    assert flagged(ctx) and any("rag" in f.detail for f in ctx.findings)
    clean = json.dumps({"bos_token": "<s>", "chat_template": CHATML}).encode()
    assert not scan_bytes(clean, "any/name.json")[0].findings  # detected by content, not name
    broken = b'{"chat_template": "{{ x.__class__ }}", '
    ctx, _ = scan_bytes(broken, "tokenizer_config.json")
    assert ctx.unscannable


def test_standalone_jinja() -> None:
    ctx, fmt = scan_bytes(b"{% for m in messages %}{{ m.__class__ }}{% endfor %}", "chat_template.jinja")
    assert fmt == "chat-template" and flagged(ctx)
    ctx, fmt = scan_bytes(CHATML.encode(), "chat_template.jinja")
    assert fmt == "chat-template" and not ctx.findings
    # A README that merely mentions {{ }} is not claimed as a chat template.
    assert scan_bytes(b"# Title\nUse {{ config }} in your app.\n", "README.md")[1] is None


def test_a_model_card_with_bibtex_and_chat_words_is_not_a_template() -> None:
    # Real cards cite papers with BibTeX `title={{...}}` and talk about messages, roles and tools.
    card = (b"# Model\nSend messages with a role; tools are supported.\n\n```bibtex\n@inproceedings{x,\n"
            b"  title={{Espnet-TTS}: Unified, reproducible, and integratable toolkit},\n}\n```\n")
    for name in ("README.md", "docs/model_card.markdown", "paper.bib"):
        assert scan_bytes(card, name)[1] is None
    assert scan_bytes(card, "chat_template.jinja")[1] == "chat-template"  # the same bytes as a template still are
