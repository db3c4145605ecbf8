"""The figures of a period report, gathered once into one typed input.

A :class:`PeriodReportInput` holds everything the report shows: clues found, verified,
acted on and rectified per model, domain and unit (:func:`casebook.stats.clue_activity`),
the 案-件比 with its components, reply periods met and missed, for the period, the one
before it and the periods of the trend; the Chinese names of models, domains and units;
and what each registered section gathered for itself (``extra``). Rendering it
(reports.period_render) reads nothing else, so the same input makes the HTML, the PDF and
the workbook, in the CLI or in a web route.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from jiancha.casebook.actions import ACTION_LABELS
from jiancha.casebook.deadlines import RULES, add_months
from jiancha.casebook.stats import (
    CaseRatio,
    ClueActivity,
    DeadlineOutcome,
    PeriodWork,
    parse_period,
)
from jiancha.gbt9704 import chinese_date
from jiancha.reports.clue_export import DOMAIN_LABELS, OTHER_DOMAIN

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework

PeriodKind = Literal["year", "quarter", "month"]
_MONTHS: dict[PeriodKind, int] = {"year": 12, "quarter": 3, "month": 1}
_QUARTERS = "一二三四"
# How many periods the trends show, the report's own included.
TREND_LENGTH: dict[PeriodKind, int] = {"year": 3, "quarter": 4, "month": 6}


@dataclass(frozen=True)
class Period:
    """A calendar year, quarter or month: [start, end)."""

    kind: PeriodKind
    start: date

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026``, ``2026Q1`` or ``2026-03``, as ``jiancha stats --period`` takes them."""
        start, end = parse_period(text)
        months = (end.year - start.year) * 12 + end.month - start.month
        kind = next(k for k, n in _MONTHS.items() if n == months)
        return cls(kind, start)

    @property
    def end(self) -> date:
        return add_months(self.start, _MONTHS[self.kind])

    @property
    def code(self) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month + 2) // 3}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def label(self) -> str:
        """2026年第一季度, 2026年3月, 2026年."""
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "quarter":
            return f"{self.start.year}年第{_QUARTERS[(self.start.month - 1) // 3]}季度"
        return f"{self.start.year}年{self.start.month}月"

    @property
    def short_label(self) -> str:
        """For a chart's axis: 2026年一季度, 2026年3月, 2026年."""
        return self.label.replace("第", "")

    @property
    def span(self) -> str:
        """2026年1月1日至2026年3月31日."""
        last = date.fromordinal(self.end.toordinal() - 1)
        return f"{chinese_date(self.start)}至{chinese_date(last)}"

    def shifted(self, periods: int) -> Period:
        return Period(self.kind, add_months(self.start, periods * _MONTHS[self.kind]))

    @property
    def previous(self) -> Period:
        return self.shifted(-1)


# -- names ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """The Chinese names of what the report counts by."""

    models: Mapping[str, str] = field(default_factory=dict)  # model id → title
    units: Mapping[str, str] = field(default_factory=dict)  # unit code → procuratorate
    events: Mapping[str, str] = field(default_factory=dict)  # procedural event → name

    def model(self, model_id: str) -> str:
        return self.models.get(model_id, "未登记名称的模型")

    def domain(self, code: str) -> str:
        return DOMAIN_LABELS.get(code, code if code in DOMAIN_LABELS.values() else OTHER_DOMAIN)

    def rank(self, domain: str) -> int:
        """A domain's place in the catalogue's order (立案与侦查监督 first)."""
        order = list(dict.fromkeys(DOMAIN_LABELS.values()))
        name = self.domain(domain)
        return order.index(name) if name in order else len(order)

    def unit(self, code: str) -> str:
        """The procuratorate's name: 漳州市芗城区人民检察院; an unnamed one by its code."""
        return self.units.get(code) or (f"单位代码 {code}" if code else "未注明单位")

    def unit_short(self, code: str) -> str:
        """For charts: 芗城区院, 漳州市院."""
        name = self.unit(code)
        for prefix in ("福建省", "漳州市"):
            if name.startswith(prefix) and len(name) > len(prefix) + 5:
                name = name.removeprefix(prefix)
        return name.replace("人民检察院", "院")

    def event(self, code: str) -> str:
        return self.events.get(code, "其他诉讼环节")

    @staticmethod
    def action(kind: str) -> str:
        return ACTION_LABELS.get(kind, "其他监督措施")

    @staticmethod
    def rule(key: str) -> str:
        rule = RULES.get(key)
        return rule.label if rule else "其他期限"


# -- figures ----------------------------------------------------------------------------------

_COUNTS = tuple(f.name for f in fields(ClueActivity) if f.type in ("int", int))


def total(rows: Iterable[ClueActivity], **key: str) -> ClueActivity:
    """The sum of ``rows`` (model, domain and unit as given, else empty)."""
    sums = dict.fromkeys(_COUNTS, 0)
    for row in rows:
        for name in _COUNTS:
            sums[name] += getattr(row, name)
    return ClueActivity(key.get("model_id", ""), key.get("domain", ""), key.get("unit_code", ""),
                        **sums)  # fmt: skip


Dimension = Literal["model_id", "domain", "unit_code"]


def grouped(rows: Iterable[ClueActivity], by: Dimension) -> dict[str, ClueActivity]:
    """``rows`` summed per model, domain or unit."""
    groups: dict[str, list[ClueActivity]] = {}
    for row in rows:
        groups.setdefault(getattr(row, by), []).append(row)
    return {key: total(members, **{by: key}) for key, members in sorted(groups.items())}


@dataclass(frozen=True)
class PeriodFigures:
    """What happened in one period."""

    period: Period
    activity: tuple[ClueActivity, ...]
    ratios: tuple[CaseRatio, ...] = ()
    deadlines: tuple[DeadlineOutcome, ...] = ()

    @property
    def totals(self) -> ClueActivity:
        return total(self.activity)

    def by(self, dimension: Dimension) -> dict[str, ClueActivity]:
        return grouped(self.activity, dimension)

    @property
    def cases(self) -> int:
        return sum(r.cases for r in self.ratios)

    @property
    def pieces(self) -> int:
        return sum(r.pieces for r in self.ratios)

    @property
    def ratio(self) -> float | None:
        """件 per 案 over every unit."""
        return self.pieces / self.cases if self.cases else None

    @property
    def deadlines_met(self) -> int:
        return sum(1 for d in self.deadlines if d.met is True)

    @property
    def deadlines_missed(self) -> int:
        return sum(1 for d in self.deadlines if d.met is False)

    @property
    def deadlines_open(self) -> int:
        return sum(1 for d in self.deadlines if d.met is None)


@dataclass(frozen=True)
class PeriodReportInput:
    """Everything a period report shows."""

    title: str
    issuer: str  # the procuratorate the report is of
    scope: str  # which units it counts, in words
    generated: date
    current: PeriodFigures
    previous: PeriodFigures
    trend: tuple[PeriodFigures, ...]  # oldest first; the last is the report's period
    labels: Labels
    has_case_data: bool = True  # the warehouse had procedural events to count 案-件比 from
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)  # what registered sections gathered

    @property
    def period(self) -> Period:
        return self.current.period


@dataclass(frozen=True)
class GatherContext:
    """What a registered section may read its own figures with (a register of issue 17:
    its casebook table, through a Casework method of its own, for the period and the
    units)."""

    work: Casework
    period: Period
    previous: Period
    units: tuple[str, ...] | None
    as_of: date


Gatherer = Callable[[GatherContext], Any]
REPORT_TITLE = "法律监督线索工作统计分析报告"


def collect(
    work: Casework,
    period: Period,
    *,
    labels: Labels,
    issuer: str,
    scope: str,
    as_of: date,
    units: Sequence[str] | None = None,
    gatherers: Mapping[str, Gatherer] | None = None,
) -> PeriodReportInput:
    """The report's input from the casework's figures of ``period``, the one before and
    the trend's (Casework.period_work: the casebook and the agencies' rows).

    ``units`` (unit-code prefixes; None: every unit) keeps every figure to those units.
    ``gatherers``: each registered section's own reader; what it returns is in ``extra``.
    """
    scope_units = None if units is None else tuple(units)
    older = [period.shifted(-n) for n in range(TREND_LENGTH[period.kind] - 1, 0, -1)]
    periods = [*older, period]
    review = work.period_work([(p.start, p.end) for p in periods], as_of=as_of, units=scope_units)
    trend = tuple(_figures(p, w) for p, w in zip(periods, review.periods, strict=True))
    context = GatherContext(work, period, period.previous, scope_units, as_of)
    extra = {key: gather(context) for key, gather in (gatherers or {}).items()}
    return PeriodReportInput(
        title=REPORT_TITLE,
        issuer=issuer,
        scope=scope,
        generated=as_of,
        current=trend[-1],
        previous=trend[-2],
        trend=trend,
        labels=labels,
        has_case_data=review.has_case_data,
        notes=tuple(review.notes),
        extra=extra,
    )


def _figures(period: Period, work: PeriodWork) -> PeriodFigures:
    return PeriodFigures(period, work.activity, work.ratios, work.deadlines)
