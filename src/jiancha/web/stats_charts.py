"""The statistics page's charts: SVG drawn on the server, each bar a link to the inbox
filtered to the clues it counts (the period's, of that model, unit or status)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from markupsafe import Markup

from jiancha.casebook.casework import QualityStats
from jiancha.casebook.home import UnitOutcome
from jiancha.casebook.status import ClueStatus, status_label
from jiancha.reports.charts import ChartSpec, Series, svg
from jiancha.web.labels import unit_label

TOP_MODELS = 15
PRECISION_NOTE = (
    "准确率 = 核查属实的线索 ÷（核查属实 + 因无违法情形或数据错误排除的线索）；"
    "因其他原因排除的不计入。"
)


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup
    note: str = ""


def inbox_link(start: date, end: date, **filters: str) -> str:
    """The inbox filtered to clues first found in [start, end) and to ``filters``."""
    query = {k: v for k, v in filters.items() if v}
    query.update(since=start.isoformat(), until=(end - timedelta(days=1)).isoformat())
    return "/clues?" + urlencode(query)


def _chart(spec: ChartSpec, note: str = "") -> Chart:
    return Chart(spec.title, Markup(svg(spec)), note)  # noqa: S704 - charts escape their text


def _grouped(
    title: str,
    categories: tuple[str, ...],
    series: Sequence[tuple[str, Sequence[int], str]],
    filters: Sequence[dict[str, str] | None],
    link: Callable[..., str],
) -> Chart:
    """Counts in several series (name, values, the status its bars filter by) per category;
    ``filters``: each category's inbox filter (None: no link)."""
    return _chart(
        ChartSpec(
            title,
            "bar",
            categories,
            tuple(Series(name, tuple(float(v) for v in values)) for name, values, _ in series),
            unit="条",
            links=tuple(
                tuple(link(**f, status=status) if f is not None else "" for f in filters)
                for _, _, status in series
            ),
        )
    )


def _single(
    title: str,
    bars: Sequence[tuple[str, float | None, str]],
    name: str,
    *,
    unit: str = "",
    percent: bool = False,
    note: str = "",
) -> Chart:
    """One value per category: (label, value, the inbox link of its bar)."""
    spec = ChartSpec(
        title,
        "bar",
        tuple(label for label, _, _ in bars),
        (Series(name, tuple(value for _, value, _ in bars)),),
        unit=unit,
        percent=percent,
        links=(tuple(href for _, _, href in bars),),
    )
    return _chart(spec, note)


def stats_charts(
    stats: QualityStats, outcomes: Sequence[UnitOutcome], model_title: Callable[[str], str]
) -> list[Chart]:
    """Clues and outcomes per model and per unit, precision per model, 案-件比 per unit, and
    the days clues stayed in each workflow step."""
    start, end = stats.start, stats.end

    def link(**filters: str) -> str:
        return inbox_link(start, end, **filters)

    charts: list[Chart] = []
    models = sorted((m for m in stats.models if m.found), key=lambda m: -m.found)[:TOP_MODELS]
    if models:
        names = tuple(model_title(m.model_id) for m in models)
        ids = [m.model_id for m in models]
        series = (
            ("发现", [m.found for m in models], ""),
            ("属实", [m.confirmed for m in models], ""),
            ("已整改", [m.rectified for m in models], ClueStatus.RECTIFIED.value),
            ("误报", [m.false_positive for m in models], ClueStatus.DISMISSED.value),
        )
        links = [{"model": i} for i in ids]
        title = f"各模型线索与办理结果（发现最多的 {TOP_MODELS} 个）"
        charts.append(_grouped(title, names, series, links, link))
        judged = [m for m in models if m.precision is not None]
        if judged:
            charts.append(
                _single(
                    "各模型准确率",
                    [
                        (model_title(m.model_id), m.precision, link(model=m.model_id))
                        for m in judged
                    ],
                    "准确率",
                    percent=True,
                    note=PRECISION_NOTE,
                )
            )
    if outcomes:
        units = [o.unit_code for o in outcomes]
        series_units = (
            ("发现", [o.found for o in outcomes], ""),
            ("属实", [o.confirmed for o in outcomes], ""),
            ("已整改", [o.rectified for o in outcomes], ClueStatus.RECTIFIED.value),
            ("已排除", [o.dismissed for o in outcomes], ClueStatus.DISMISSED.value),
        )
        labels = tuple(unit_label(u) if u else "未注明单位" for u in units)
        unit_links = [{"unit": u} if u else None for u in units]
        charts.append(_grouped("各单位线索与办理结果", labels, series_units, unit_links, link))
    ratios = [r for r in stats.ratios if r.ratio is not None]
    if ratios:
        bars = [(unit_label(r.unit_code), r.ratio, link(unit=r.unit_code)) for r in ratios]
        charts.append(_single("各单位案-件比（每案件数）", bars, "件/案"))
    stages = [s for s in stats.stages if s.stays]
    if stages:
        bars = [(status_label(s.status), s.average_days, link(status=s.status)) for s in stages]
        charts.append(_single("各环节平均用时（天）", bars, "平均天数", unit="天"))
    return charts
