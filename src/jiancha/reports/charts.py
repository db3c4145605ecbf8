"""Charts drawn on the server as SVG, for the workbench and the reports alike.

``bar_chart`` and ``line_chart`` give the geometry the workbench's templates place;
:func:`svg` draws a whole chart (grouped bars, or lines over periods) from a
:class:`ChartSpec` as a self-contained ``<svg>`` element with Chinese labels, for HTML
pages, PDF reports and anywhere else that shows a picture. The same spec becomes a native
chart in a workbook (reports.period_render).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # in percent of the widest bar
    y: int


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    height: int


BAR_HEIGHT = 22


def bar_chart(
    title: str, data: Sequence[tuple[str, int]], label: Callable[[str], str] = str
) -> BarChart:
    top = max((v for _, v in data), default=0) or 1
    bars = [
        Bar(label(key), value, round(100 * value / top, 1), i * BAR_HEIGHT)
        for i, (key, value) in enumerate(data)
    ]
    return BarChart(title, bars, max(1, len(bars)) * BAR_HEIGHT)


@dataclass(frozen=True)
class LineChart:
    title: str
    points: str  # the polyline's "x,y x,y …"
    dots: list[tuple[float, float, str, int]]
    width: int
    height: int
    top: int


MAX_TICKS = 12


def line_chart(
    title: str, data: Sequence[tuple[str, int]], width: int = 1000, height: int = 160
) -> LineChart:
    """Points spread over ``width`` (one point sits in the middle); at most ``MAX_TICKS``
    labels are kept so that months of several years do not overlap."""
    top = max((v for _, v in data), default=0) or 1
    every = -(-len(data) // MAX_TICKS) or 1
    step = width / (len(data) - 1) if len(data) > 1 else 0
    x0 = 0 if len(data) > 1 else width / 2
    dots = [
        (
            round(x0 + i * step, 1),
            round(height - height * v / top, 1),
            key if i % every == 0 or i == len(data) - 1 else "",
            v,
        )
        for i, (key, v) in enumerate(data)
    ]
    points = " ".join(f"{x},{y}" for x, y, _, _ in dots)
    return LineChart(title, points, dots, width, height, top)


# -- whole charts as SVG --------------------------------------------------------------------

FONT_STACK = (
    "'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC','SimHei',sans-serif"
)
PALETTE = ("#9b2423", "#2f5d8a", "#c98a1b", "#4f7f4f", "#6d5a8e", "#7a7a7a")


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """What a chart shows: categories (bars' labels, or the periods of a line) and one or
    more series of values; ``percent``: values are shares (0.85) shown as 85%."""

    title: str
    kind: Literal["bar", "line"]
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    percent: bool = False
    # links[series][category]: where a bar leads (the workbench's filtered inbox); "" none
    links: tuple[tuple[str, ...], ...] = ()

    def link(self, series: int, category: int) -> str:
        if series < len(self.links) and category < len(self.links[series]):
            return self.links[series][category]
        return ""


def svg(spec: ChartSpec) -> str:
    """The chart as an ``<svg>`` element (no script, no external reference)."""
    return _bars_svg(spec) if spec.kind == "bar" else _lines_svg(spec)


def value_text(value: float | None, spec: ChartSpec) -> str:
    if value is None:
        return "—"
    if spec.percent:
        return f"{100 * value:.0f}%"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def nice_top(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ not below ``value`` (an axis' end)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= value)


_WIDTH = 640
_LABEL_WIDTH = 150
_BAR = 13
_GAP = 9
_LEGEND = 24


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="{FONT_STACK}" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]


def _legend(spec: ChartSpec) -> tuple[list[str], int]:
    """Coloured keys of the series, wrapped to the chart's width; and their height."""
    if len(spec.series) < 2:
        return [], 0
    parts: list[str] = []
    x, y = 0, 0
    for i, series in enumerate(spec.series):
        width = 28 + 12 * len(series.name)
        if x and x + width > _WIDTH:
            x, y = 0, y + 18
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 10.5}">{escape(series.name)}</text>')
        x += width
    return parts, y + _LEGEND


def _short(label: str, limit: int = 11) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _bars_svg(spec: ChartSpec) -> str:
    """Horizontal bars, one group per category: long Chinese names read on the left."""
    top = nice_top(max((v or 0 for s in spec.series for v in s.values), default=0))
    if spec.percent:
        top = 1.0
    keys, legend = _legend(spec)
    group = _BAR * len(spec.series) + _GAP
    height = legend + max(1, len(spec.categories)) * group + 20
    scale = (_WIDTH - _LABEL_WIDTH - 60) / top
    parts = _open(_WIDTH, height, spec.title) + keys
    for i, category in enumerate(spec.categories):
        y0 = legend + i * group
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{y0 + group / 2 + 1:.1f}" text-anchor="end" '
            f'fill="#222">{escape(_short(category))}<title>{escape(category)}</title></text>'
        )
        for j, series in enumerate(spec.series):
            value = series.values[i] if i < len(series.values) else None
            y = y0 + j * _BAR
            width = max(0.0, (value or 0) * scale)
            colour = PALETTE[j % len(PALETTE)]
            href = spec.link(j, i)
            if href:
                parts.append(f'<a href="{escape(href)}">')
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{_BAR - 2}" '
                f'fill="{colour}"><title>{escape(series.name)}：'
                f"{value_text(value, spec)}</title></rect>"
            )
            if value or len(spec.series) == 1:  # a row of zeros says nothing
                parts.append(
                    f'<text x="{_LABEL_WIDTH + width + 4:.1f}" y="{y + _BAR - 3}" '
                    f'font-size="11" fill="#333">{value_text(value, spec)}</text>'
                )
            if href:
                parts.append("</a>")
    axis_y = legend + len(spec.categories) * group
    parts.append(
        f'<line x1="{_LABEL_WIDTH}" y1="{legend}" x2="{_LABEL_WIDTH}" y2="{axis_y}" '
        'stroke="#888" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


_PLOT_LEFT, _PLOT_WIDTH, _PLOT_HEIGHT = 56, 560, 180


def _lines_svg(spec: ChartSpec) -> str:
    """Lines over periods (left to right, oldest first); a missing value breaks a line."""
    top = (
        1.0
        if spec.percent
        else nice_top(max((v or 0 for s in spec.series for v in s.values), default=0))
    )
    keys, legend = _legend(spec)
    plot_top = legend + 10
    height = plot_top + _PLOT_HEIGHT + 40
    count = max(1, len(spec.categories))
    step = _PLOT_WIDTH / count

    def x(i: int) -> float:
        return _PLOT_LEFT + step * (i + 0.5)

    def y(value: float) -> float:
        return plot_top + _PLOT_HEIGHT * (1 - value / top)

    parts = _open(_WIDTH, height, spec.title) + keys
    for k in range(5):
        tick = top * k / 4
        parts.append(
            f'<line x1="{_PLOT_LEFT}" y1="{y(tick):.1f}" x2="{_PLOT_LEFT + _PLOT_WIDTH}" '
            f'y2="{y(tick):.1f}" stroke="#ddd" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_PLOT_LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#555">{value_text(tick, spec)}</text>'
        )
    for i, category in enumerate(spec.categories):
        parts.append(
            f'<text x="{x(i):.1f}" y="{plot_top + _PLOT_HEIGHT + 18}" text-anchor="middle" '
            f'font-size="11" fill="#333">{escape(category)}</text>'
        )
    for j, series in enumerate(spec.series):
        colour = PALETTE[j % len(PALETTE)]
        parts.extend(_polylines(series, colour, x, y))
        for i, value in enumerate(series.values):
            if value is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="3.5" fill="{colour}">'
                    f"<title>{escape(series.name)} {escape(spec.categories[i])}："
                    f"{value_text(value, spec)}</title></circle>"
                )
    parts.append("</svg>")
    return "".join(parts)


def _polylines(
    series: Series, colour: str, x: Callable[[int], float], y: Callable[[float], float]
) -> list[str]:
    runs: list[list[str]] = [[]]
    for i, value in enumerate(series.values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(f"{x(i):.1f},{y(value):.1f}")
    return [
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>'
        for run in runs
        if len(run) > 1
    ]
