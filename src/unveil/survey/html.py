"""A self-contained HTML page of a survey summary: the tables, and inline PNG charts when available."""

from __future__ import annotations

import base64
from html import escape

from unveil.survey import plots
from unveil.survey.summary import Summary, Table

_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:60em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.25em .6em}
td.n{text-align:right}th{background:#f3f3f3}.note{color:#555}img{max-width:100%}"""


def _table(table: Table, png: bytes | None) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = []
        for value in row:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            text = "-" if value is None else (f"{value:.1f}" if isinstance(value, float) else str(value))
            cells.append(f"<td{' class=n' if numeric else ''}>{escape(text)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    parts = [f"<h2 id='{escape(table.key)}'>{escape(table.title)}</h2>",
             f"<table><tr>{head}</tr>{''.join(body)}</table>"]
    if table.note:
        parts.append(f"<p class=note>{escape(table.note)}</p>")
    if png:
        data = base64.b64encode(png).decode("ascii")
        parts.append(f"<img alt='{escape(table.title)}' src='data:image/png;base64,{data}'>")
    return "\n".join(parts)


def render_html(summary: Summary) -> str:
    pngs = plots.charts(summary)
    notes = [] if pngs or not summary.total or plots.available() else [plots.MISSING_NOTE]
    sections = [_table(t, pngs.get(t.key)) for t in summary.tables] or [
        f"<p>No finished shards in {escape(summary.store)}.</p>"]
    return ("<!doctype html>\n<html lang=en><head><meta charset=utf-8>"
            f"<title>unveil survey: {escape(summary.store)}</title><style>{_STYLE}</style></head><body>\n"
            f"<h1>unveil survey</h1><p>Store: <code>{escape(summary.store)}</code></p>\n"
            + "".join(f"<p class=note>{escape(n)}</p>\n" for n in notes)
            + "\n".join(sections) + "\n</body></html>\n")
