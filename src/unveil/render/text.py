"""Text renderer: the answer on the first line, a summary a person reads in ten seconds, then the details.

Every string from the release is cleaned by `unveil.sanitize` and printed without markup (the console
never interprets `[...]`), so a file named `a[/b]c.pkl` or a pickle global `[/]` is shown as it is.
Width: `width` if given, else COLUMNS, else the terminal's width; output that is not a terminal is never
hard-wrapped (CI logs stay greppable).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from unveil import sanitize
from unveil.render._format import (
    blocking_clauses,
    ledger_unscannable,
    mof_requirement,
    not_checked_phrase,
    security_verdict,
    shorten,
    suppressed_phrase,
    verdict_line,
)
from unveil.render._format import human_size as _size
from unveil.render._format import roman as _roman
from unveil.report import Report

_LABEL_STYLE = {
    "open-source-ai": "bold green",
    "open-weights": "bold yellow",
    "restricted-weights": "bold red",
    "closed": "bold red",
    "unknown": "bold",
}
_SEV_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_LEVEL_STYLE = {"block": "bold red", "review": "bold yellow", "clean": "bold green", "unknown": "bold yellow"}
_STATUS_MARK = {"verified": "✔ verified", "declared": "~ declared", "absent": "✘ absent",
                "inconclusive": "? inconclusive"}
_STATUS_STYLE = {"verified": "green", "declared": "yellow", "absent": "red", "inconclusive": "dim"}
UNBOUNDED = 1 << 20  # "never wrap": wider than any line a report holds
MIN_WIDTH = 40


def output_width(width: int | None = None, stream: object | None = None) -> int:
    """`width`, else COLUMNS, else the terminal's width when writing to one, else unbounded."""
    if width:
        return max(width, MIN_WIDTH)
    cols = os.environ.get("COLUMNS", "").strip()
    if cols.isdigit() and int(cols) > 0:
        return max(int(cols), MIN_WIDTH)
    out = stream if stream is not None else sys.stdout
    isatty = getattr(out, "isatty", None)
    if callable(isatty) and isatty():
        return max(shutil.get_terminal_size((100, 24)).columns, MIN_WIDTH)
    return UNBOUNDED


def render(report: Report, color: bool = False, width: int | None = None) -> str:
    report = sanitize.clean(report)
    buf = io.StringIO()
    console = Console(file=buf, width=output_width(width), force_terminal=color, no_color=not color,
                      highlight=False, emoji=False, markup=False, soft_wrap=False, legacy_windows=False)
    _verdict(console, report)
    _summary(console, report)
    _components(console, report)
    _licenses(console, report)
    _findings(console, report)
    _inconclusive(console, report)
    _policy(console, report)
    return "\n".join(line.rstrip() for line in buf.getvalue().split("\n"))


_LABEL_COLUMN = re.compile(r"^( *\S[^\n]*?: {2,}| +)")


def _line(console: Console, *parts: str | tuple[str, str]) -> None:
    """One fact per line. A line longer than the width continues under its value's column (a hanging
    indent), so "  OSAID 1.0:    does-not-meet (...)" never runs back under its label."""
    text = Text.assemble(*parts)
    plain = text.plain
    m = _LABEL_COLUMN.match(plain)
    hang = len(m.group(1)) if m else 0
    if len(plain) <= console.width or hang == 0 or console.width - hang < 20:
        console.print(text, overflow="fold")
        return
    first = text.wrap(console, console.width, overflow="fold")[0]
    cut = len(first.plain.rstrip())
    while cut < len(plain) and plain[cut] == " ":
        cut += 1
    console.print(first, overflow="fold", no_wrap=True)
    for piece in text[cut:].wrap(console, console.width - hang, overflow="fold"):
        console.print(Text(" " * hang) + piece, overflow="fold", no_wrap=True)


def _verdict_line(console: Console, *parts: str | tuple[str, str]) -> None:
    """The answer is one line whatever the width: a terminal wraps it, a log or a script sees one line."""
    console.print(Text.assemble(*parts), soft_wrap=True)


def _verdict(console: Console, r: Report) -> None:
    sv = security_verdict(r)
    style = _LEVEL_STYLE[sv.level]
    line = verdict_line(r)
    label, _, rest = line.partition(" · ")
    head, _, tail = rest.partition(" · ")
    _verdict_line(console, (label, _LABEL_STYLE.get(r.openness.label, "bold")), " · ", (head, style),
                  (" · " + tail) if tail else "")


def _summary(console: Console, r: Report) -> None:
    o = r.openness
    src = r.source
    rev = f"@{src.revision[:12]}" if src.revision else ""
    _line(console, f"unveil {r.tool.version} audit of ", (f"{src.id}{rev}", "bold"),
          f" ({src.kind}, {src.files} files, {_size(src.total_bytes)}, read {_size(src.bytes_read)})")
    _line(console, "  Label:        ", (o.label, _LABEL_STYLE.get(o.label, "bold")),
          f"  — {o.label_reason}" if o.label_reason else "")
    missing = f" (missing: {', '.join(o.osaid.missing)})" if o.osaid.missing else ""
    unsure = f" (could not check: {', '.join(o.osaid.inconclusive)})" if o.osaid.inconclusive else ""
    _line(console, f"  OSAID 1.0:    {o.osaid.verdict}{missing}{unsure}")
    mof = f"Class {_roman(o.mof.mof_class)}" if o.mof.mof_class else "unclassified"
    _line(console, f"  MOF 1.0:      {mof}{_mof_progress(r)}")
    for why, names in _excluded_blocking(r).items():
        _line(console, f"                present but not counted ({why}): {', '.join(names)}")
    for note in o.mof.warnings:
        _line(console, ("                note: " + note, "dim"))
    if o.eosai.score is not None:
        rests = f" (rests on {o.eosai.graded} of {len(o.eosai.parameters)} parameters)" if o.eosai.graded else ""
        _line(console, f"  EOSAI score:  {o.eosai.score:.2f}{rests}")
    if o.openwashing.flag:
        claims = [f'"{shorten(c.text, 80)}"' + (f" ({c.path}{':' + str(c.line) if c.line else ''})" if c.path else "")
                  for c in o.openwashing.claims[:2] if c.text]
        said = f"claims {'; '.join(claims)}; but " if claims else ""
        _line(console, ("  Openwashing:  yes", "bold red"),
              " — " + said + "; ".join(c.reason for c in o.openwashing.contradictions[:2]))
    weights = [lic for lic in r.licenses if "weights" in lic.applies_to]
    if weights:
        _line(console, "  Weights:      " + ", ".join(f"{w.id} ({w.category})" for w in weights))
    clauses = blocking_clauses(r)
    for i, clause in enumerate(clauses[:5]):
        _line(console, ("  Restrictions: " if i == 0 else "                "), (clause, "red"))
    if len(clauses) > 5:
        _line(console, f"                ... and {len(clauses) - 5} more (see Licenses)")
    _security_line(console, r)
    if r.documentation.score is not None:
        core = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")
        gaps = [t for t in core if t in r.documentation.sections and not r.documentation.sections[t].covered]
        note = f" (not covered: {', '.join(gaps)})" if gaps else ""
        _line(console, f"  Docs score:   {r.documentation.score:.0f}/100{note}")
    if r.policy is not None:
        verdict = ("passed", "green") if r.policy.passed else (
            f"violated: {len(r.policy.violations)} requirement(s) (see below)", "bold red")
        _line(console, f"  Policy:       {r.policy.file or 'policy'} ", verdict)
    console.print()


def _security_line(console: Console, r: Report) -> None:
    """Findings, what could not be checked and what was suppressed: same line, same weight."""
    sv = security_verdict(r)
    parts: list[str | tuple[str, str]] = ["  Security:     "]
    if sv.counts:
        for i, (sev, n) in enumerate(sv.counts):
            parts += [", " if i else "", (f"{n} {sev}", _SEV_STYLE[sev])]
        parts.append(f" in {sv.scanned} scanned file{'s' if sv.scanned != 1 else ''}")
    else:
        parts.append((sv.headline, _LEVEL_STYLE[sv.level]))
    if sv.not_checked:
        parts += ["; ", (not_checked_phrase(sv), "bold yellow")]
    if sv.not_applicable is not None:
        parts.append(f"; {sv.not_applicable} not applicable")
    if sv.suppressed:
        parts += ["; ", (suppressed_phrase(sv), "bold")]
    _line(console, *parts)


def _excluded_blocking(r: Report) -> dict[str, list[str]]:
    """Present components that keep the release from the next class up, grouped by the reason."""
    mof = r.openness.mof
    target = (mof.mof_class - 1) if mof.mof_class else 3
    todo = mof.missing.get(f"class_{target}") or []
    out: dict[str, list[str]] = {}
    for name in todo:
        if name in mof.excluded:
            out.setdefault(mof.excluded[name], []).append(name)
    return out


def _components(console: Console, r: Report) -> None:
    table = Table(title="MOF components", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("component", overflow="fold")
    table.add_column("class", overflow="fold")
    table.add_column("status", overflow="fold")
    table.add_column("evidence", overflow="fold")
    excluded = r.openness.mof.excluded
    for c in r.components:
        ev = c.evidence[0] if c.evidence else None
        where = ""
        if ev:
            where = ev.path or ev.url or ""
            if ev.line:
                where += f":{ev.line}"
            if ev.text:
                where += f" {ev.text}"
        need = mof_requirement(c.name)
        mark = _STATUS_MARK.get(c.status, c.status)
        style = _STATUS_STYLE.get(c.status, "")
        if c.status == "absent" and need == "optional":
            mark, style = "– absent (optional)", "dim"
        status = Text(mark, style=style)
        if c.name in excluded:
            status.append(f"; not counted: {excluded[c.name]}", style="yellow")
        table.add_row(c.name, need, status, Text(shorten(where, 120)))
    console.print(table)
    _line(console, ("class: the MOF class that first requires the component (II also needs III's, I needs all);"
                    " optional components never block a class", "dim"))
    console.print()


def _licenses(console: Console, r: Report) -> None:
    if not r.licenses:
        return
    _line(console, ("Licenses", "bold"))
    for lic in r.licenses:
        blocking = [x.kind for x in lic.restrictions if x.blocking]
        extra = f" restrictions: {', '.join(blocking)}" if blocking else ""
        _line(console, f"  {lic.id} [{lic.category}] for {', '.join(lic.applies_to) or '?'}{extra}")
    console.print()


def _findings(console: Console, r: Report) -> None:
    findings = [f for f in r.security.findings if not f.suppressed]
    if not findings:
        return
    _line(console, ("Security findings", "bold"), f" (top {min(len(findings), 15)} of {len(findings)})")
    for f in findings[:15]:
        line = f":{f.evidence[0].line}" if f.evidence and f.evidence[0].line else ""
        _line(console, "  ", (f"{f.severity:8}", _SEV_STYLE[f.severity]), f" {f.rule} {f.path}{line}: {f.detail}")
    console.print()


def _inconclusive(console: Console, r: Report) -> None:
    items = [(i.path or i.check, i.reason) for i in r.inconclusive]
    seen = {path for path, _ in items}
    # A file that could not be read is also unscannable: name it once.
    items += [(u.path, u.reason) for u in r.security.unscannable if u.path not in seen]
    seen = {path for path, _ in items}
    items += [(path, reason) for path, reason in ledger_unscannable(r) if path not in seen]
    if not items:
        return
    _line(console, ("Could not check", "bold yellow"))
    for path, reason in items[:20]:
        _line(console, f"  {path}: {reason}")
    if len(items) > 20:
        _line(console, f"  ... and {len(items) - 20} more")
    console.print()


def _policy(console: Console, r: Report) -> None:
    if r.policy is None or r.policy.passed:
        return
    _line(console, ("Policy violations", "bold red"), f" ({r.policy.file})" if r.policy.file else "")
    for v in r.policy.violations:
        _line(console, f"  {v}")


def _mof_progress(r: Report) -> str:
    """Progress towards each class and what the next class up still misses."""
    mof = r.openness.mof
    if not mof.progress:
        return ""
    parts = [f"{_roman(int(k[-1]))} {v:.0f}%" for k, v in sorted(mof.progress.items(), reverse=True)
             if k[-1].isdigit()]
    target = (mof.mof_class - 1) if mof.mof_class else 3
    todo = mof.missing.get(f"class_{target}") or []
    hint = f"; class {_roman(target)} misses {', '.join(todo[:4])}" + ("..." if len(todo) > 4 else "") if todo else ""
    return f" (progress {', '.join(parts)}{hint})"
