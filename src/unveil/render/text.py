"""Text renderer: a summary a person reads in ten seconds, then the details."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from unveil.render._format import human_size as _size
from unveil.render._format import roman as _roman
from unveil.report import SEVERITY_ORDER, Report

_LABEL_STYLE = {
    "open-source-ai": "bold green",
    "open-weights": "bold yellow",
    "restricted-weights": "bold red",
    "closed": "bold red",
    "unknown": "bold",
}
_SEV_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}
_STATUS_MARK = {"verified": "✔ verified", "declared": "~ declared", "absent": "✘ absent",
                "inconclusive": "? inconclusive"}


def render(report: Report, color: bool = False, width: int = 100) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                      highlight=False, emoji=False)
    _summary(console, report)
    _components(console, report)
    _licenses(console, report)
    _findings(console, report)
    _inconclusive(console, report)
    return buf.getvalue()


def _summary(console: Console, r: Report) -> None:
    o = r.openness
    src = r.source
    rev = f"@{src.revision[:12]}" if src.revision else ""
    console.print(f"[bold]unveil {r.tool.version}[/] audit of [bold]{src.id}{rev}[/] ({src.kind}, "
                  f"{src.files} files, {_size(src.total_bytes)}, read {_size(src.bytes_read)})")
    console.print(f"  Label:        [{_LABEL_STYLE.get(o.label, 'bold')}]{o.label}[/]"
                  + (f"  — {o.label_reason}" if o.label_reason else ""))
    missing = f" (missing: {', '.join(o.osaid.missing)})" if o.osaid.missing else ""
    unsure = f" (could not check: {', '.join(o.osaid.inconclusive)})" if o.osaid.inconclusive else ""
    console.print(f"  OSAID 1.0:    {o.osaid.verdict}{missing}{unsure}")
    mof = f"Class {_roman(o.mof.mof_class)}" if o.mof.mof_class else "unclassified"
    console.print(f"  MOF 1.0:      {mof}{_mof_progress(r)}")
    if o.eosai.score is not None:
        console.print(f"  EOSAI score:  {o.eosai.score:.2f}")
    if o.openwashing.flag:
        console.print("  [bold red]Openwashing:  yes[/] — "
                      + "; ".join(c.reason for c in o.openwashing.contradictions[:2]))
    weights = [lic for lic in r.licenses if "weights" in lic.applies_to]
    if weights:
        console.print("  Weights:      " + ", ".join(f"{w.id} ({w.category})" for w in weights))
    worst = r.worst_severity()
    counts = _severity_counts(r)
    console.print(f"  Security:     {counts or 'no findings'}"
                  + (f" — worst [{_SEV_STYLE[worst]}]{worst}[/]" if worst else ""))
    suppressed = r.security.summary.get("suppressed")
    if suppressed:
        by = ", ".join(suppressed.get("by") or []) or "?"
        console.print(escape(f"  Suppressed:   {suppressed.get('count', 0)} (by {by})"))
    if r.documentation.score is not None:
        core = ("training_data", "data_quality", "limitations", "bias", "evaluation", "intended_use")
        gaps = [t for t in core if t in r.documentation.sections and not r.documentation.sections[t].covered]
        note = f" (not covered: {', '.join(gaps)})" if gaps else ""
        console.print(f"  Docs score:   {r.documentation.score:.0f}/100{note}")
    if r.inconclusive:
        console.print(f"  [yellow]Could not check: {len(r.inconclusive)} item(s)[/] (see below)")
    console.print()


def _components(console: Console, r: Report) -> None:
    table = Table(title="MOF components", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("component")
    table.add_column("status")
    table.add_column("evidence", overflow="fold")
    for c in r.components:
        ev = c.evidence[0] if c.evidence else None
        where = ""
        if ev:
            where = ev.path or ev.url or ""
            if ev.line:
                where += f":{ev.line}"
            if ev.text:
                where += f" {ev.text}"
        table.add_row(c.name, _STATUS_MARK.get(c.status, c.status), where[:80])
    console.print(table)
    console.print()


def _licenses(console: Console, r: Report) -> None:
    if not r.licenses:
        return
    console.print("[bold]Licenses[/]")
    for lic in r.licenses:
        blocking = [x.kind for x in lic.restrictions if x.blocking]
        extra = f" restrictions: {', '.join(blocking)}" if blocking else ""
        console.print(f"  {lic.id} [{lic.category}] for {', '.join(lic.applies_to) or '?'}{extra}")
    console.print()


def _findings(console: Console, r: Report) -> None:
    findings = [f for f in r.security.findings if not f.suppressed]
    if not findings:
        return
    console.print(f"[bold]Security findings[/] (top {min(len(findings), 15)} of {len(findings)})")
    for f in findings[:15]:
        line = f":{f.evidence[0].line}" if f.evidence and f.evidence[0].line else ""
        console.print(f"  [{_SEV_STYLE[f.severity]}]{f.severity:8}[/] {f.rule} {f.path}{line}: {f.detail}")
    console.print()


def _inconclusive(console: Console, r: Report) -> None:
    items = [(i.path or i.check, i.reason) for i in r.inconclusive]
    seen = {path for path, _ in items}
    # A file that could not be read is also unscannable: name it once.
    items += [(u.path, u.reason) for u in r.security.unscannable if u.path not in seen]
    if not items:
        return
    console.print("[bold yellow]Could not check[/]")
    for path, reason in items[:20]:
        console.print(f"  {path}: {reason}")
    if len(items) > 20:
        console.print(f"  ... and {len(items) - 20} more")


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


def _severity_counts(r: Report) -> str:
    counts: dict[str, int] = {}
    for f in r.security.findings:
        if not f.suppressed:
            counts[f.severity] = counts.get(f.severity, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: -SEVERITY_ORDER[kv[0]])
    return ", ".join(f"{n} {sev}" for sev, n in ordered)
