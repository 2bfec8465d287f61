"""`unveil report STORE --html FILE`: one self-contained page of a survey's summary tables and charts.

Rendered by the project's one template system (Jinja2, autoescape, the audit report's stylesheet);
the charts are inline SVG (`unveil.survey.charts`), so no plotting library is needed.
"""

from __future__ import annotations

from unveil import __version__
from unveil.render.templating import environment
from unveil.survey import charts
from unveil.survey.charts import Chart
from unveil.survey.summary import Summary, Table

# Which tables get a chart, and which column holds the share (%) drawn.
CHARTED = {"headline": 2, "labels": 2, "osaid": 2, "mof": 2, "licenses": 2, "weights_license": 2,
           "documentation": 2, "severity": 2}


def table_chart(table: Table, column: int) -> Chart:
    items = [(str(r[0]), float(r[column] or 0), f"{r[column] or 0:g}% ({r[1]})") for r in table.rows]
    return charts.bars(table.title, items, maximum=100.0, axis=table.columns[column])


def render_html(summary: Summary) -> str:
    sections = [(t, table_chart(t, CHARTED[t.key]) if t.key in CHARTED and t.rows else None) for t in summary.tables]
    return environment().get_template("survey.html.j2").render(summary=summary, sections=sections,
                                                               version=__version__)
