"""Chat templates outside GGUF: `tokenizer_config.json` / `chat_template.json` / `processor_config.json`
(`chat_template` string or list of named templates) and standalone `chat_template.jinja` files.

Each template is parsed as a Jinja AST and never rendered (see `_jinja`).
"""

from __future__ import annotations

import json
import re

from unveil import budgets
from unveil.rules import rule
from unveil.security.formats import ScanContext, register_format, report_template

SEC373 = rule(
    "SEC373",
    "medium",
    "Tokenizer config with a chat template is not valid JSON",
    "transformers cannot load it either, but the template inside cannot be checked.",
    "",
    "Fix the JSON.",
)

_TOKENIZER_KEYS = (
    b'"chat_template"',
    b'"tokenizer_class"',
    b'"added_tokens_decoder"',
    b'"model_max_length"',
    b'"bos_token"',
    b'"eos_token"',
    b'"processor_class"',
)
_CONFIG_NAMES = ("tokenizer_config.json", "chat_template.json", "processor_config.json")
_CHAT_WORDS = re.compile(rb"message|add_generation_prompt|bos_token|eos_token|\brole\b|tools")
_JINJA = re.compile(rb"\{%|\{\{")
# Documents (cards, papers, BibTeX) are prose: `{{` in them is LaTeX or BibTeX, never a chat template.
_DOC_SUFFIXES = (".md", ".markdown", ".rst", ".bib", ".tex", ".html", ".htm")


def _basename(path: str) -> str:
    return path.rsplit("!", 1)[-1].replace("\\", "/").rsplit("/", 1)[-1].lower()


def _strip(head: bytes) -> bytes:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


def _is_json_object(head: bytes) -> bool:
    body = _strip(head)
    return body[:1] == b"{" and body[1:].lstrip(b" \t\r\n")[:1] in (b'"', b"}")


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # a multi-byte char cut at the end of the head
    return True


def sniff_config(head: bytes, path: str) -> bool:
    if not _is_json_object(head) or not _is_text(head):
        return False
    return _basename(path).endswith(_CONFIG_NAMES) or any(k in head for k in _TOKENIZER_KEYS)


def sniff_template(head: bytes, path: str) -> bool:
    if _is_json_object(head) or not _is_text(head) or not _JINJA.search(head):
        return False
    name = _basename(path)
    if name.endswith(_DOC_SUFFIXES) or (name.endswith(".txt") and "template" not in name):
        return False  # a model card's BibTeX `title={{...}}` or a code sample is not a template
    return name.endswith((".jinja", ".jinja2", ".j2")) or "template" in name or bool(_CHAT_WORDS.search(head))


def _templates(data: object) -> list[tuple[str, str]]:
    """(name, template) pairs from a config's `chat_template` (string, list of {name, template}, dict)."""
    if not isinstance(data, dict):
        return []
    value = data.get("chat_template")
    out: list[tuple[str, str]] = []
    if isinstance(value, str):
        out.append(("chat_template", value))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict) and isinstance(item.get("template"), str):
                out.append((f"chat_template[{item.get('name', i)!s}]", item["template"]))
            elif isinstance(item, str):
                out.append((f"chat_template[{i}]", item))
    elif isinstance(value, dict):
        out.extend((f"chat_template[{k}]", v) for k, v in value.items() if isinstance(v, str))
    return out


def _read_text(ctx: ScanContext) -> str | None:
    budgets.check("json_bytes", ctx.source.size, "tokenizer config / template file bytes")
    return ctx.source.read(0, ctx.source.size).decode("utf-8", errors="replace").lstrip("\ufeff")


class TokenizerConfigFormat:
    name = "tokenizer-config"

    def sniff(self, head: bytes, path: str) -> bool:
        return sniff_config(head, path)

    def scan(self, ctx: ScanContext) -> None:
        text = _read_text(ctx)
        if text is None:
            return
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            if "chat_template" in text:
                ctx.report(SEC373.id, "medium", f"invalid JSON holding a chat template: {exc}")
                ctx.cannot_scan(f"invalid JSON: {exc}")
            return
        for name, template in _templates(data):
            report_template(ctx, template, name)
        ctx.scanned.append(ctx.path)


class ChatTemplateFormat:
    name = "chat-template"

    def sniff(self, head: bytes, path: str) -> bool:
        return sniff_template(head, path)

    def scan(self, ctx: ScanContext) -> None:
        text = _read_text(ctx)
        if text is None:
            return
        report_template(ctx, text, "template")
        ctx.scanned.append(ctx.path)


register_format(TokenizerConfigFormat())
register_format(ChatTemplateFormat())
