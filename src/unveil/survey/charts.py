"""Chart geometry for the survey pages, drawn as inline SVG by the `_charts.html.j2` macros.

Pure functions: numbers in, boxes out. No plotting library is needed and nothing is rasterised, so
the charts stay sharp, small, searchable and free of any script. Labels are release-derived text
(licence names, tasks): the template escapes them like every other value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A colour-blind-safe palette (Okabe-Ito), in a fixed order so a category keeps its colour.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#999999")
ROW = 22  # pixels per bar
LABEL_W = 230
BAR_W = 420
WIDTH = LABEL_W + BAR_W + 130  # room for "100.0% (25000)" beside a full bar


@dataclass
class Bar:
    label: str
    value: float
    text: str
    y: int
    width: float
    color: str
    marker: float | None = None  # x of a reference mark (an article's figure), if any
    marker_text: str = ""


@dataclass
class Segment:
    name: str
    x: float
    width: float
    color: str
    count: int
    share: float


@dataclass
class StackRow:
    label: str
    total: int
    y: int
    segments: list[Segment]


@dataclass
class Chart:
    kind: str  # "bars" or "stacked"
    title: str
    height: int
    width: int = WIDTH
    label_w: int = LABEL_W
    bar_w: int = BAR_W
    bars: list[Bar] = field(default_factory=list)
    rows: list[StackRow] = field(default_factory=list)
    legend: list[tuple[str, str, int, int]] = field(default_factory=list)  # (name, colour, x, y)
    caption: str = ""
    axis: str = ""


def bars(title: str, items: list[tuple[str, float, str]], *, maximum: float | None = None, axis: str = "",
         caption: str = "", markers: dict[str, tuple[float, str]] | None = None, color: str = PALETTE[0]) -> Chart:
    """Horizontal bars: (label, value, text shown beside the bar). `markers`: label -> (value, text)."""
    top = maximum if maximum is not None else max([v for _, v, _ in items] + [1e-9])
    out = []
    for i, (label, value, text) in enumerate(items):
        mark = (markers or {}).get(label)
        out.append(Bar(label=label, value=value, text=text, y=28 + i * ROW, width=_scale(value, top),
                       color=color, marker=_scale(mark[0], top) if mark else None,
                       marker_text=mark[1] if mark else ""))
    return Chart("bars", title, height=40 + len(items) * ROW + 14, bars=out, caption=caption, axis=axis)


def stacked(title: str, groups: list[tuple[str, dict[str, int]]], order: list[str], *, caption: str = "") -> Chart:
    """One 100% bar per group, split by category (in `order`); each group's total is shown beside it."""
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(order)}
    rows = []
    for i, (label, counts) in enumerate(groups):
        total = sum(counts.values())
        x = 0.0
        segments = []
        for name in order:
            count = counts.get(name, 0)
            if not count:
                continue
            width = BAR_W * count / total
            segments.append(Segment(name, x, width, colors[name], count, round(100.0 * count / total, 1)))
            x += width
        rows.append(StackRow(label, total, 28 + i * ROW, segments))
    legend = _legend(order, colors, top=40 + len(groups) * ROW + 6)
    lines = 1 + (legend[-1][3] - legend[0][3]) // 18 if legend else 0
    return Chart("stacked", title, height=40 + len(groups) * ROW + 12 + 18 * lines, rows=rows, legend=legend,
                 caption=caption)


def _legend(order: list[str], colors: dict[str, str], top: int) -> list[tuple[str, str, int, int]]:
    """Legend entries as (name, colour, x, y), wrapped onto new lines when a line is full."""
    out, x, y = [], 0, top
    for name in order:
        step = 14 + 7 * min(len(name), 24) + 18
        if x and x + step > WIDTH - 10:
            x, y = 0, y + 18
        out.append((name, colors[name], x, y))
        x += step
    return out


def histogram(title: str, bins: list[tuple[str, int]], *, axis: str = "", caption: str = "") -> Chart:
    """A distribution: one bar per bin (label, count), each with its count and share of the whole."""
    total = sum(c for _, c in bins) or 1
    items = [(label, float(c), f"{c} ({100.0 * c / total:.1f}%)") for label, c in bins]
    return bars(title, items, axis=axis, caption=caption)


def _scale(value: float, top: float) -> float:
    return round(BAR_W * max(0.0, min(value, top)) / top, 1) if top > 0 else 0.0
