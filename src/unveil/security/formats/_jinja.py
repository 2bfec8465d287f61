"""Static analysis of Jinja chat templates: parse to an AST, never render.

Chat templates are rendered by transformers (sandboxed), llama-cpp-python (CVE-2024-34359, not
sandboxed at the time) and other engines. Sandbox escapes all need attribute access to dunder or
private names (`__class__`, `__globals__`, `_module`), usually obfuscated (`|attr("\\x5f\\x5f...")`,
string concatenation, `format`), or dangerous globals. Benign templates need none of that.
"""

from __future__ import annotations

import encodings.unicode_escape  # noqa: F401  (Jinja's lexer decodes literals with it: import now, not mid-scan)
import re
from dataclasses import dataclass

from jinja2 import Environment, nodes
from jinja2.exceptions import TemplateError

from unveil import budgets
from unveil.rules import rule

SEC370 = rule(
    "SEC370",
    "critical",
    "Chat template reaches Python internals (template injection)",
    "Access to dunder/private attributes or Python globals from a Jinja template escapes the sandbox "
    "and runs code when the template is rendered for a chat (CVE-2024-34359).",
    "CVE-2024-34359",
    "Do not use this chat template; replace it with a plain message-formatting template.",
)
SEC371 = rule(
    "SEC371",
    "high",
    "Chat template builds attribute names dynamically or loads other templates",
    "Computed attribute names (`|attr(x)`, `obj[a ~ b]`), dunder names in strings and "
    "include/import tags are the building blocks of sandbox escapes; benign templates need none.",
    "CVE-2024-34359",
    "Review the template; a chat template only needs messages, roles and special tokens.",
)
SEC372 = rule(
    "SEC372",
    "medium",
    "Chat template does not parse",
    "A template that does not parse as Jinja cannot be analysed; other engines may still accept it.",
    "",
    "Fix the template syntax.",
)

# Attribute/item names that only matter for escaping the sandbox.
DANGEROUS_ATTRS = {
    "mro",
    "func_globals",
    "f_globals",
    "f_locals",
    "f_back",
    "gi_frame",
    "gi_code",
    "cr_frame",
    "tb_frame",
    "co_code",
    "func_code",
    "im_func",
    "popen",
    "system",
    "spawn",
    "exec_module",
    "load_module",
    "import_module",
    "getattribute",
    "environ",
    "_TemplateReference__context",
    "_module",
    "_load_template",
}
DANGEROUS_NAMES = {
    "os",
    "sys",
    "subprocess",
    "builtins",
    "__builtins__",
    "__import__",
    "eval",
    "exec",
    "compile",
    "open",
    "getattr",
    "setattr",
    "globals",
    "locals",
    "vars",
    "importlib",
    "self",
    "config",
    "request",
    "__loader__",
    "__spec__",
    "imp",
    "popen",
    "system",
}
# Jinja's own globals are legitimate (`namespace` is common in chat templates) but are classic
# entry points when their attributes are touched (`lipsum.__globals__`, `cycler.__init__`).
JINJA_GLOBALS = {"lipsum", "cycler", "joiner", "namespace", "range", "dict", "raise_exception"}
CALLS = {"popen", "system", "spawn", "exec", "eval", "import_module", "__import__"}
_DUNDER_RE = re.compile(r"__[A-Za-z0-9_]+__")
_GEN_TAG = re.compile(r"\{%-?\s*(?:end)?generation\s*-?%\}")


@dataclass
class TemplateIssue:
    severity: str  # critical | high | medium
    rule: str
    detail: str
    line: int | None
    text: str


def _env() -> Environment:
    # loopcontrols/do are enabled by transformers; parse() builds an AST and compiles nothing.
    return Environment(extensions=["jinja2.ext.loopcontrols", "jinja2.ext.do"])


# printf-style conversions with a width or precision: `'%0999999999d'|format(1)` builds a gigabyte.
_FORMAT_SPEC = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")
_MAX_FOLD_DEPTH = 20


class _Folder:
    """Constant-folds string expressions an attacker uses to hide names ('__cl' ~ 'ass__', '%c'|format).

    Bounded (budgets `fold_chars` and `fold_steps`): no folded string grows past `fold_chars` (a name
    longer than that is no attribute name anyone types) and a template gets `fold_steps` folding
    steps in all; past either the expression is treated as not constant.
    """

    def __init__(self) -> None:
        limits = budgets.current()
        self.max_chars = limits.fold_chars
        self.steps = limits.fold_steps

    def __call__(self, node: nodes.Node, depth: int = 0) -> str | None:
        if depth > _MAX_FOLD_DEPTH:
            return None
        self.steps -= 1
        if self.steps < 0:
            raise budgets.BudgetExceeded("fold_steps", f"constant folding of one template: more than "
                                         f"{budgets.current().fold_steps:,} steps")
        value = self._fold(node, depth)
        return value if value is None or len(value) <= self.max_chars else None

    def _fold(self, node: nodes.Node, depth: int) -> str | None:
        if isinstance(node, nodes.Const):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, nodes.Add | nodes.Concat):
            parts = [node.left, node.right] if isinstance(node, nodes.Add) else node.nodes
            values = []
            for part in parts:
                value = self(part, depth + 1)
                if value is None:
                    return None
                values.append(value)
            return "".join(values) if sum(map(len, values)) <= self.max_chars else None
        if isinstance(node, nodes.Mul):
            left, right = self(node.left, depth + 1), node.right
            if left is not None and isinstance(right, nodes.Const) and isinstance(right.value, int):
                times = max(0, min(right.value, 64))
                return left * times if len(left) * times <= self.max_chars else None
            return None
        if isinstance(node, nodes.Filter) and node.node is not None:
            return self._filter(node, depth)
        return None

    def _filter(self, node: nodes.Filter, depth: int) -> str | None:
        base = self(node.node, depth + 1)
        if base is None:
            if node.name == "join" and isinstance(node.node, nodes.List | nodes.Tuple):
                items = [self(i, depth + 1) for i in node.node.items]
                if all(i is not None for i in items) and sum(map(len, items)) <= self.max_chars:  # type: ignore[arg-type]
                    return "".join(items)  # type: ignore[arg-type]
            return None
        args = [a.value for a in node.args if isinstance(a, nodes.Const)]
        if len(args) != len(node.args):
            return None
        try:
            if node.name == "format":
                return self._format(base, args)
            if node.name == "reverse":
                return base[::-1]
            if node.name == "replace" and len(args) >= 2:
                old, new = str(args[0]), str(args[1])
                if old and base.count(old) * max(len(new) - len(old), 0) + len(base) > self.max_chars:
                    return None
                return base.replace(old, new) if old else None
            if node.name in ("lower", "upper", "trim", "string"):
                return {"lower": base.lower, "upper": base.upper, "trim": base.strip}.get(
                    node.name, lambda: base
                )()
        except (TypeError, ValueError, OverflowError, KeyError):
            return None
        return None

    def _format(self, base: str, args: list[object]) -> str | None:
        """`base % tuple(args)` only when the result is provably small: no `*` widths, no width or
        precision over `fold_chars`, every argument a short string or a number."""
        for spec in _FORMAT_SPEC.finditer(base):
            for part in spec.groups():
                if part == "*" or (part is not None and int(part) > self.max_chars):
                    return None
        if any(not isinstance(a, str | int | float) or (isinstance(a, str) and len(a) > self.max_chars)
               or (isinstance(a, int) and abs(a) > 1 << 64) for a in args):
            return None
        return base % tuple(args)  # plain str formatting of constants: no rendering


def _fold(node: nodes.Node, depth: int = 0) -> str | None:
    """Fold one expression with a fresh budget (callers that fold many share one `_Folder`)."""
    return _Folder()(node, depth)


def _is_bad_name(name: str) -> bool:
    return name.startswith("_") or name in DANGEROUS_ATTRS


class _Analyzer:
    def __init__(self) -> None:
        self.issues: list[TemplateIssue] = []
        self._seen: set[tuple[str, str]] = set()
        self.fold = _Folder()  # one folding budget for the whole template

    def add(self, severity: str, rule_id: str, detail: str, node: nodes.Node, text: str) -> None:
        if (rule_id, text) in self._seen:
            return
        self._seen.add((rule_id, text))
        self.issues.append(TemplateIssue(severity, rule_id, detail, getattr(node, "lineno", None), text))

    def attr_name(self, name: str, node: nodes.Node, how: str) -> None:
        if _is_bad_name(name):
            self.add("critical", SEC370.id, f"template accesses {name!r} ({how})", node, name)

    def visit(self, root: nodes.Node) -> None:
        for n, node in enumerate(root.find_all(nodes.Node)):
            if not n & 0x3FF:
                budgets.check_time("chat template analysis")
            if isinstance(node, nodes.Getattr):
                self.attr_name(node.attr, node, "attribute")
                if (
                    isinstance(node.node, nodes.Name)
                    and node.node.name in JINJA_GLOBALS
                    and _is_bad_name(node.attr)
                ):
                    self.add(
                        "critical",
                        SEC370.id,
                        f"template reaches {node.node.name}.{node.attr}",
                        node,
                        f"{node.node.name}.{node.attr}",
                    )
            elif isinstance(node, nodes.Getitem):
                key = self.fold(node.arg)
                if key is not None:
                    self.attr_name(key, node, "item")
                elif isinstance(node.arg, nodes.Concat | nodes.Add | nodes.Filter | nodes.Mul | nodes.Mod):
                    # message[0], message['role'], ns.x are normal; computed strings are not.
                    self.add("high", SEC371.id, "template indexes with a computed name", node, "[computed]")
            elif isinstance(node, nodes.Filter) and node.name == "attr":
                arg = self.fold(node.args[0]) if node.args else None
                if arg is None:
                    self.add("high", SEC371.id, "template uses |attr with a computed name", node, "|attr(?)")
                else:
                    self.attr_name(arg, node, "|attr filter")
            elif isinstance(node, nodes.Filter) and node.name in ("map", "selectattr", "rejectattr"):
                for arg in node.args + [kw.value for kw in node.kwargs]:
                    value = self.fold(arg)
                    if value and _is_bad_name(value.split(".")[0]):
                        self.add("critical", SEC370.id, f"template maps attribute {value!r}", node, value)
            elif isinstance(node, nodes.Name):
                if node.name in DANGEROUS_NAMES or node.name.startswith("__"):
                    self.add("high", SEC371.id, f"template uses the global {node.name!r}", node, node.name)
            elif isinstance(node, nodes.Const) and isinstance(node.value, str):
                found = _DUNDER_RE.search(node.value)
                if found:
                    self.add(
                        "high",
                        SEC371.id,
                        f"template string holds the dunder name {found.group()!r}",
                        node,
                        found.group(),
                    )
            elif isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
                self.add("high", SEC371.id, "template loads another template", node, type(node).__name__)
            elif (
                isinstance(node, nodes.Call)
                and isinstance(node.node, nodes.Getattr)
                and node.node.attr in CALLS
            ):
                self.add("critical", SEC370.id, f"template calls .{node.node.attr}()", node, node.node.attr)


def _fallback(source: str) -> list[TemplateIssue]:
    """For text Jinja refuses: other engines may still render it, so look for escape tokens."""
    issues: list[TemplateIssue] = []
    lowered = source.lower()
    for token in sorted({m.group() for m in _DUNDER_RE.finditer(source)}):
        issues.append(
            TemplateIssue("high", SEC371.id, f"unparsable template mentions {token!r}", None, token)
        )
    if "\\x5f" in lowered or "\\u005f" in lowered or "\\137" in source:
        issues.append(
            TemplateIssue("high", SEC371.id, "unparsable template holds an escaped underscore", None, "\\x5f")
        )
    return issues


def analyze_template(source: str) -> tuple[list[TemplateIssue], str | None]:
    """Return (issues, parse_error). Never renders; a syntax error yields a medium issue."""
    # HF's `{% generation %}` tag is not standard Jinja: blank it, keeping line numbers.
    if len(source) > budgets.current().template_bytes:
        return [], (f"budget: template_bytes exceeded ({len(source):,} characters > "
                    f"{budgets.current().template_bytes:,})")
    cleaned = _GEN_TAG.sub(lambda m: "{#" + " " * max(0, len(m.group()) - 4) + "#}", source)
    try:
        tree = _env().parse(cleaned)
    except TemplateError as exc:
        reason = f"template does not parse: {exc}"
        return [
            TemplateIssue("medium", SEC372.id, reason, getattr(exc, "lineno", None), str(exc)[:200]),
            *_fallback(source),
        ], reason
    except (RecursionError, MemoryError, ValueError) as exc:
        reason = f"template too complex to parse: {type(exc).__name__}"
        return [TemplateIssue("medium", SEC372.id, reason, None, ""), *_fallback(source)], reason
    analyzer = _Analyzer()
    try:
        analyzer.visit(tree)
    except budgets.BudgetExceeded as exc:
        return analyzer.issues, exc.reason
    except RecursionError:
        return [
            *analyzer.issues,
            TemplateIssue("medium", SEC372.id, "template nested too deeply", None, ""),
        ], ("template nested too deeply")
    return analyzer.issues, None


def report_template(ctx, source: str, where: str, offset: int | None = None) -> None:
    """Analyse one template and report into a ScanContext: one finding per rule, evidence listed."""
    issues, error = analyze_template(source)
    by_rule: dict[str, list[TemplateIssue]] = {}
    for issue in issues:
        by_rule.setdefault(issue.rule, []).append(issue)
    for rule_id, group in by_rule.items():
        severity = max((i.severity for i in group), key=lambda s: ("medium", "high", "critical").index(s))
        lines = sorted({i.line for i in group if i.line})
        at = f" (line {', '.join(map(str, lines[:5]))})" if lines else ""
        details = "; ".join(i.detail for i in group[:6]) + (
            f"; +{len(group) - 6} more" if len(group) > 6 else ""
        )
        ctx.report(
            rule_id,
            severity,
            f"{where}{at}: {details}",
            offset=offset,
            text=", ".join(i.text for i in group[:10]),
        )
    if error:
        # A tripped budget keeps its `budget:` prefix so every report names it the same way.
        ctx.cannot_scan(f"{error} ({where})" if error.startswith("budget:") else f"{where}: {error}")
