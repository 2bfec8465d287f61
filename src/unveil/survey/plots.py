"""PNG bar charts of a survey summary (matplotlib, the optional `unveil[plots]` extra).

Without matplotlib, `available()` is False and callers skip the plots with a note.
"""

from __future__ import annotations

import io

from unveil.survey.summary import Summary, Table

# Which tables get a chart, and which column holds the bar heights.
CHARTS = (("labels", 1), ("osaid", 1), ("mof", 1), ("licenses", 1), ("documentation", 2), ("headline", 2))
MISSING_NOTE = "plots skipped: install the optional extra for charts: pip install 'unveil[plots]'"


def available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def bar_png(table: Table, value_column: int) -> bytes:
    import matplotlib

    matplotlib.use("Agg")  # no display; safe in workers and CI
    from matplotlib.figure import Figure

    labels = [str(r[0]) for r in table.rows]
    values = [float(r[value_column] or 0) for r in table.rows]
    fig = Figure(figsize=(7, 0.45 * max(3, len(labels)) + 1), dpi=100)
    ax = fig.subplots()
    ax.barh(labels[::-1], values[::-1], color="#4c72b0")
    ax.set_title(table.title)
    ax.set_xlabel(table.columns[value_column])
    if "%" in table.columns[value_column]:
        ax.set_xlim(0, 105)  # shares on a fixed scale, so charts of two surveys compare at a glance
    for y, v in enumerate(values[::-1]):
        ax.annotate(f"{v:g}", (v, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def charts(summary: Summary) -> dict[str, bytes]:
    """Table key -> PNG bytes; empty when matplotlib is missing."""
    if not available() or not summary.total:
        return {}
    keys = {t.key for t in summary.tables}
    return {key: bar_png(summary.table(key), col) for key, col in CHARTS if key in keys and summary.table(key).rows}
