"""Charts drawn on the server as SVG geometry; the templates only place the shapes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


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
