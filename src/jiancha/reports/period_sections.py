"""The sections of a period report, and the one list that orders them.

A section is built from the report's input into plain content: sentences, tables and
charts (:class:`Section`); the renderers turn that into HTML, PDF and a workbook alike.
``SECTIONS`` is the extension point: a register (issue 17: interference records, remote
hearings, people's supervisors…) adds its section with :func:`register_section`, giving a
``gather`` that reads its own casebook table for the period — what it returns is in
``report.extra[key]`` when ``build`` runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from jiancha.casebook.actions import ActionKind
from jiancha.casebook.stats import ClueActivity, DeadlineOutcome
from jiancha.gbt9704 import chinese_date
from jiancha.reports.charts import ChartSpec, Series
from jiancha.reports.period import (
    Gatherer,
    Labels,
    PeriodFigures,
    PeriodReportInput,
    total,
)

Format = Literal["text", "count", "percent", "ratio", "delta", "days"]


@dataclass(frozen=True)
class Figure:
    """A number shown in a format of its own (a row of mixed figures)."""

    value: float | None
    format: Format


Cell = str | int | float | Figure | None


@dataclass(frozen=True)
class Column:
    header: str
    format: Format = "count"


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[ChartSpec, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """A section of the report: how to build it, and (for a register) what to read."""

    key: str
    build: Callable[[PeriodReportInput], Section | None]
    gather: Gatherer | None = None


def format_value(value: float | None, fmt: Format) -> str:
    """How a person reads a figure: 1,234 · 85.0% · 1:1.25 · +12 · —."""
    if value is None:
        return "—"
    if fmt == "percent":
        return f"{100 * value:.1f}%"
    if fmt == "ratio":
        return f"1:{value:.2f}"
    if fmt == "delta":
        return f"{value:+,.0f}" if value else "0"
    if fmt in ("count", "days"):
        return f"{value:,.0f}"
    return str(value)


def cell_text(cell: Cell, column: Column) -> str:
    if isinstance(cell, Figure):
        return format_value(cell.value, cell.format)
    if isinstance(cell, str):
        return cell
    return format_value(cell, column.format)


# -- wording ----------------------------------------------------------------------------------


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def change_text(now: int, before: int, unit: str = "条") -> str:
    """较上期增加 12 条（增长 10.0%）, 减少…, 与上期持平."""
    if now == before:
        return "与上期持平"
    word = "增加" if now > before else "减少"
    rate = (
        f"（{'增长' if now > before else '下降'}{abs(now - before) / before:.1%}）"
        if before
        else ""
    )
    return f"较上期{word}{abs(now - before)}{unit}{rate}"


def _pct(value: float | None) -> str:
    return format_value(value, "percent")


def _actions_text(figures: ClueActivity) -> str:
    parts = [
        f"{Labels.action(kind)}{getattr(figures, kind)}件"
        for kind in (k.value for k in ActionKind)
        if getattr(figures, kind)
    ]
    return f"（{'、'.join(parts)}）" if parts else ""


# -- 一、概况 ------------------------------------------------------------------------------------

_COMPARED: tuple[tuple[str, str], ...] = (
    ("found", "发现线索"),
    ("verified", "核查办结"),
    ("confirmed", "其中：属实"),
    ("dismissed", "其中：排除"),
    ("false_positive", "排除中误报"),
    ("acted_on", "制发监督文书"),
    ("rectified", "整改到位"),
)


def summary(report: PeriodReportInput) -> Section:
    now, before = report.current.totals, report.previous.totals
    precision = f"，核查准确率{_pct(now.precision)}" if now.precision is not None else ""
    sentences = [
        f"{report.period.label}（{report.period.span}），{report.scope}共发现监督线索"
        f"{now.found}条，{change_text(now.found, before.found)}；核查办结{now.verified}条"
        f"（属实{now.confirmed}条，排除{now.dismissed}条）{precision}；"
        f"制发监督文书{now.acted_on}件{_actions_text(now)}；整改到位{now.rectified}件。"
    ]
    current, previous = report.current, report.previous
    if report.has_case_data:
        sentences.append(_case_ratio_sentence(current, previous))
    due = len(current.deadlines)
    sentences.append(
        f"本期届满的答复、反馈期限{due}个，按期办结{current.deadlines_met}个，"
        f"逾期{current.deadlines_missed}个，尚未届满且未办结{current.deadlines_open}个。"
        if due
        else "本期没有届满的答复、反馈期限。"
    )
    rows: list[tuple[Cell, ...]] = [
        (label, getattr(now, name), getattr(before, name),
         Figure(getattr(now, name) - getattr(before, name), "delta"),
         Figure(_growth(getattr(now, name), getattr(before, name)), "percent"))
        for name, label in _COMPARED
    ]  # fmt: skip
    rows.append(("核查准确率", Figure(now.precision, "percent"),
                 Figure(before.precision, "percent"), None, None))  # fmt: skip
    if report.has_case_data:
        rows.append(("案-件比", Figure(current.ratio, "ratio"), Figure(previous.ratio, "ratio"),
                     None, None))  # fmt: skip
    rows.append(("期限按期率", Figure(_kept(current.deadlines), "percent"),
                 Figure(_kept(previous.deadlines), "percent"), None, None))  # fmt: skip
    table = Table(
        f"本期（{report.period.label}）与上期（{report.previous.period.label}）对比",
        (Column("指标", "text"), Column("本期"), Column("上期"), Column("增减", "delta"),
         Column("增减幅度", "percent")),
        tuple(rows),
    )  # fmt: skip
    counted = ("found", "verified", "confirmed", "acted_on", "rectified")
    labels = dict(_COMPARED)
    chart = ChartSpec(
        "本期与上期主要指标",
        "bar",
        tuple(labels[n].removeprefix("其中：") for n in counted),
        (
            Series(report.period.short_label, tuple(float(getattr(now, n)) for n in counted)),
            Series(report.previous.period.short_label,
                   tuple(float(getattr(before, n)) for n in counted)),
        ),
        unit="条",
    )  # fmt: skip
    return Section("summary", "总体情况", tuple(sentences), (table,), (chart,))


def _case_ratio_sentence(current: PeriodFigures, previous: PeriodFigures) -> str:
    if not current.cases:
        return "本期没有进入检察环节的案件，未计算案-件比。"
    before = f"（上期{format_value(previous.ratio, 'ratio')}）" if previous.cases else ""
    return (
        f"本期进入检察环节的案件{current.cases}件，经历诉讼环节{current.pieces}件，"
        f"案-件比为{format_value(current.ratio, 'ratio')}{before}。"
    )


def _growth(now: int, before: int) -> float | None:
    return (now - before) / before if before else None


# -- 二至四、按领域、模型、单位 --------------------------------------------------------------------

_ACTIVITY_COLUMNS = (
    Column("发现"),
    Column("核查办结"),
    Column("属实"),
    Column("排除"),
    Column("制发监督文书"),
    Column("整改到位"),
    Column("核查准确率", "percent"),
)


def _activity_cells(row: ClueActivity) -> tuple[Cell, ...]:
    return (
        row.found,
        row.verified,
        row.confirmed,
        row.dismissed,
        row.acted_on,
        row.rectified,
        Figure(row.precision, "percent"),
    )


def _activity_chart(title: str, names: Sequence[str], rows: Sequence[ClueActivity]) -> ChartSpec:
    measures = (("发现", "found"), ("属实", "confirmed"), ("制发监督文书", "acted_on"),
                ("整改到位", "rectified"))  # fmt: skip
    return ChartSpec(
        title,
        "bar",
        tuple(names),
        tuple(Series(label, tuple(float(getattr(r, n)) for r in rows)) for label, n in measures),
        unit="条",
    )


def by_domain(report: PeriodReportInput) -> Section:
    labels = report.labels
    groups = dict(sorted(report.current.by("domain").items(), key=lambda kv: labels.rank(kv[0])))
    rows = [(labels.domain(code), *_activity_cells(row)) for code, row in groups.items()]
    rows.append(("合计", *_activity_cells(report.current.totals)))
    table = Table("各领域线索办理情况", (Column("领域", "text"), *_ACTIVITY_COLUMNS), tuple(rows))
    chart = _activity_chart(
        "各领域线索办理情况", [labels.domain(c) for c in groups], list(groups.values())
    )
    busiest = max(groups.items(), key=lambda kv: kv[1].found, default=None)
    said = (
        f"发现线索最多的领域是{labels.domain(busiest[0])}（{busiest[1].found}条）。"
        if busiest and busiest[1].found
        else "本期各领域均未发现新线索。"
    )
    return Section("domains", "分领域情况", (said,), (table,), (chart,) if groups else ())


TOP_MODELS = 15


def by_model(report: PeriodReportInput) -> Section:
    labels = report.labels
    groups = report.current.by("model_id")
    before = report.previous.by("model_id")
    domains = {r.model_id: r.domain for r in report.current.activity}
    ordered = sorted(groups.items(), key=lambda kv: (-kv[1].found, -kv[1].verified, kv[0]))
    rows = [
        (
            labels.model(model),
            labels.domain(domains.get(model, "")),
            *_activity_cells(row),
            Figure(before[model].precision if model in before else None, "percent"),
        )
        for model, row in ordered
    ]
    table = Table(
        "各监督模型线索办理情况",
        (Column("监督模型", "text"), Column("领域", "text"), *_ACTIVITY_COLUMNS,
         Column("上期核查准确率", "percent")),
        tuple(rows),
    )  # fmt: skip
    top = [(m, r) for m, r in ordered if r.found or r.verified][:TOP_MODELS]
    charts = (
        (
            _activity_chart(
                f"发现线索较多的监督模型（前{len(top)}个）",
                [labels.model(m) for m, _ in top],
                [r for _, r in top],
            ),
        )  # fmt: skip
        if top
        else ()
    )
    said = f"本期共有{sum(1 for _, r in ordered if r.found)}个监督模型发现新线索。"
    return Section("models", "分模型情况", (said,), (table,), charts)


def by_unit(report: PeriodReportInput) -> Section:
    labels = report.labels
    groups = report.current.by("unit_code")
    ratios = {r.unit_code: r.ratio for r in report.current.ratios}
    columns = [Column("单位", "text"), *_ACTIVITY_COLUMNS]
    if report.has_case_data:
        columns.append(Column("案-件比", "ratio"))
    rows = []
    for unit, row in groups.items():
        cells: tuple[Cell, ...] = (labels.unit(unit), *_activity_cells(row))
        rows.append((*cells, ratios.get(unit)) if report.has_case_data else cells)
    table = Table("各单位线索办理情况", tuple(columns), tuple(rows))
    chart = _activity_chart(
        "各单位线索办理情况", [labels.unit_short(u) for u in groups], list(groups.values())
    )
    return Section("units", "分单位情况", (), (table,), (chart,) if groups else ())


# -- 五、案-件比 ---------------------------------------------------------------------------------

CASE_RATIO_DEFINITION = (
    "案-件比（最高人民检察院《检察机关案件质量主要评价指标》）：“案”为本期进入检察环节"
    "（移送审查起诉、提请批准逮捕）的案件数；“件”为这些案件经历的诉讼环节数，包括终结案件"
    "的提起公诉、不起诉，以及退回补充侦查、延长审查起诉期限、复议、复核、抗诉等额外环节。"
    "比值越接近1:1，说明案件经历的环节越少、办案质效越高。"
)


def case_ratio_section(report: PeriodReportInput) -> Section:
    if not report.has_case_data:
        return Section(
            "case_ratio",
            "案-件比",
            (CASE_RATIO_DEFINITION, "数据仓库中没有诉讼环节数据，本期未计算案-件比。"),
        )
    labels = report.labels
    current, previous = report.current, report.previous
    before = {r.unit_code: r for r in previous.ratios}
    rows: list[tuple[Cell, ...]] = [
        (labels.unit(r.unit_code), r.cases, r.pieces, Figure(r.ratio, "ratio"),
         Figure(before[r.unit_code].ratio if r.unit_code in before else None, "ratio"))
        for r in current.ratios
    ]  # fmt: skip
    rows.append(("合计", current.cases, current.pieces, Figure(current.ratio, "ratio"),
                 Figure(previous.ratio, "ratio")))  # fmt: skip
    units = Table(
        "各单位案-件比",
        (Column("单位", "text"), Column("案"), Column("件"), Column("案-件比", "ratio"),
         Column("上期案-件比", "ratio")),
        tuple(rows),
    )  # fmt: skip
    steps = _steps(current)
    steps_before = _steps(previous)
    parts = Table(
        "“件”的构成（按诉讼环节）",
        (Column("诉讼环节", "text"), Column("本期件数"), Column("占比", "percent"),
         Column("上期件数")),
        tuple((labels.event(e), n, Figure(share(n, current.pieces), "percent"),
               steps_before.get(e, 0)) for e, n in steps.items()),
    )  # fmt: skip
    chart = ChartSpec(
        "各单位“案”与“件”",
        "bar",
        tuple(labels.unit_short(r.unit_code) for r in current.ratios),
        (
            Series("案", tuple(float(r.cases) for r in current.ratios)),
            Series("件", tuple(float(r.pieces) for r in current.ratios)),
        ),
        unit="件",
    )
    said = _case_ratio_sentence(current, previous)
    charts = (chart,) if current.ratios else ()
    return Section("case_ratio", "案-件比", (CASE_RATIO_DEFINITION, said), (units, parts), charts)


def _steps(figures: PeriodFigures) -> dict[str, int]:
    steps: dict[str, int] = {}
    for ratio in figures.ratios:
        for event, n in ratio.steps.items():
            steps[event] = steps.get(event, 0) + n
    return dict(sorted(steps.items(), key=lambda kv: -kv[1]))


# -- 六、模型准确率趋势 ---------------------------------------------------------------------------

PRECISION_DEFINITION = (
    "核查准确率：期间内作出核查结论的线索中，经核查属实（立案监督）的线索占“属实＋误报”"
    "的比例；误报指以“经核查无违法情形”或“数据错误或不完整”排除的线索，以重复、不属本院管辖"
    "等其他理由排除的不计入。"
)
TREND_MODELS = 6


def precision_trend(report: PeriodReportInput) -> Section:
    labels = report.labels
    periods = report.trend
    per_period = [f.by("model_id") for f in periods]
    judged: dict[str, int] = {}
    for groups in per_period:
        for model, row in groups.items():
            judged[model] = judged.get(model, 0) + row.confirmed + row.false_positive
    models = sorted((m for m, n in judged.items() if n), key=lambda m: (-judged[m], m))
    columns = (
        Column("监督模型", "text"),
        *(Column(f.period.short_label, "percent") for f in periods),
        Column("期间核查数"),
    )
    rows: list[tuple[Cell, ...]] = [
        (labels.model(model),
         *(Figure(g[model].precision if model in g else None, "percent") for g in per_period),
         judged[model])
        for model in models
    ]  # fmt: skip
    overall = [total(f.activity) for f in periods]
    rows.append(("全部模型", *(Figure(t.precision, "percent") for t in overall),
                 sum(t.confirmed + t.false_positive for t in overall)))  # fmt: skip
    table = Table(f"各监督模型核查准确率（近{len(periods)}期）", columns, tuple(rows))
    series = [Series("全部模型", tuple(t.precision for t in overall))]
    series += [
        Series(labels.model(m), tuple(g[m].precision if m in g else None for g in per_period))
        for m in models[: TREND_MODELS - 1]
    ]
    chart = ChartSpec(
        "核查准确率趋势",
        "line",
        tuple(f.period.short_label for f in periods),
        tuple(series),
        percent=True,
    )
    return Section("precision", "模型准确率及趋势", (PRECISION_DEFINITION,), (table,), (chart,))


# -- 七、办理期限 -------------------------------------------------------------------------------

DEADLINE_DEFINITION = (
    "本期届满：检察建议、纠正违法通知书等的答复期限，向监察机关移送线索的反馈期限，以及信访"
    "七日程序性回复、三个月办理结果答复期限，届满日在本期内的；按期：在届满日当日或之前答复、"
    "反馈或整改到位；逾期：届满后才办结，或截至报告生成日仍未办结；尚未届满：截至报告生成日"
    "未办结且期限未到。"
)
MISSED_LISTED = 30


def deadlines(report: PeriodReportInput) -> Section:
    labels = report.labels
    current, previous = report.current.deadlines, report.previous.deadlines
    rules = sorted({d.rule for d in current} | {d.rule for d in previous})
    rows: list[tuple[Cell, ...]] = [
        (labels.rule(rule), *_tally([d for d in current if d.rule == rule]),
         Figure(_kept([d for d in previous if d.rule == rule]), "percent"))
        for rule in rules
    ]  # fmt: skip
    rows.append(("合计", *_tally(list(current)), Figure(_kept(list(previous)), "percent")))
    by_rule = Table(
        "各类期限届满及办结情况",
        (Column("期限", "text"), Column("本期届满"), Column("按期办结"), Column("逾期"),
         Column("尚未届满"), Column("按期率", "percent"), Column("上期按期率", "percent")),
        tuple(rows),
    )  # fmt: skip
    units = sorted({d.unit_code for d in current})
    by_unit = Table(
        "各单位期限办结情况",
        (Column("单位", "text"), Column("本期届满"), Column("按期办结"), Column("逾期"),
         Column("尚未届满"), Column("按期率", "percent")),
        tuple((labels.unit(u), *_tally([d for d in current if d.unit_code == u])) for u in units),
    )  # fmt: skip
    missed = sorted((d for d in current if d.met is False), key=lambda d: -_late(d, report))
    cut = len(missed) > MISSED_LISTED
    listed = Table(
        f"逾期事项（逾期最久的{MISSED_LISTED}项）" if cut else "逾期事项",
        (Column("事项", "text"), Column("编号", "text"), Column("单位", "text"),
         Column("届满日", "text"), Column("办结日", "text"), Column("逾期天数", "days")),
        tuple((labels.rule(d.rule), d.ref, labels.unit(d.unit_code), chinese_date(d.due),
               chinese_date(d.done) if d.done else "未办结", _late(d, report))
              for d in missed[:MISSED_LISTED]),
    )  # fmt: skip
    shown = [r for r in rules if any(d.rule == r for d in current)]
    tallies = [_counts([d for d in current if d.rule == r]) for r in shown]
    chart = ChartSpec(
        "各类期限办结情况",
        "bar",
        tuple(labels.rule(r) for r in shown),
        tuple(
            Series(name, tuple(float(t[column]) for t in tallies))
            for column, name in ((1, "按期办结"), (2, "逾期"), (3, "尚未届满"))
        ),
        unit="个",
    )
    tables = (by_rule, by_unit, listed) if missed else (by_rule, by_unit)
    return Section("deadlines", "办理期限", (DEADLINE_DEFINITION,), tables,
                   (chart,) if current else ())  # fmt: skip


def _counts(outcomes: Sequence[DeadlineOutcome]) -> tuple[int, int, int, int]:
    """Due, met, missed, not yet due."""
    met = sum(1 for d in outcomes if d.met is True)
    missed = sum(1 for d in outcomes if d.met is False)
    return len(outcomes), met, missed, len(outcomes) - met - missed


def _tally(outcomes: Sequence[DeadlineOutcome]) -> tuple[Cell, ...]:
    due, met, missed, pending = _counts(outcomes)
    return due, met, missed, pending, Figure(share(met, met + missed), "percent")


def _kept(outcomes: Sequence[DeadlineOutcome]) -> float | None:
    """The share of the periods decided (met or missed) that were met."""
    _, met, missed, _ = _counts(outcomes)
    return share(met, met + missed)


def _late(outcome: DeadlineOutcome, report: PeriodReportInput) -> int:
    end = outcome.done or report.generated
    return max(0, (end - outcome.due).days)


# -- 说明 ----------------------------------------------------------------------------------------

TERMS = (
    "发现：监督模型运行首次命中、形成线索的日期在本期内的线索数。",
    "核查办结：本期作出核查结论的线索数，即经核查立案监督（属实）或排除的线索；属实与排除均按线索计，"
    "撤回的办理步骤不计。",
    "制发监督文书：本期制发检察建议、纠正违法通知书、诉前检察建议或移送问题线索的线索数。",
    "整改到位：本期被建议（通知）单位整改到位的线索数。",
)


def notes(report: PeriodReportInput) -> Section:
    return Section("notes", "说明", (*TERMS, *report.notes))


# -- the list -------------------------------------------------------------------------------------

SECTIONS: list[SectionSpec] = [
    SectionSpec("summary", summary),
    SectionSpec("domains", by_domain),
    SectionSpec("models", by_model),
    SectionSpec("units", by_unit),
    SectionSpec("case_ratio", case_ratio_section),
    SectionSpec("precision", precision_trend),
    SectionSpec("deadlines", deadlines),
    SectionSpec("notes", notes),
]


def register_section(spec: SectionSpec, *, before: str = "notes") -> None:
    """Add ``spec`` to the report before the section ``before`` (a register's section goes
    before the notes); a section of the same key is replaced."""
    SECTIONS[:] = [s for s in SECTIONS if s.key != spec.key]
    keys = [s.key for s in SECTIONS]
    SECTIONS.insert(keys.index(before) if before in keys else len(SECTIONS), spec)


def build_sections(
    report: PeriodReportInput, specs: Sequence[SectionSpec] | None = None
) -> list[Section]:
    built = (spec.build(report) for spec in (SECTIONS if specs is None else specs))
    return [section for section in built if section is not None]


def gatherers(specs: Sequence[SectionSpec] | None = None) -> dict[str, Gatherer]:
    """The registered sections' own readers, by key."""
    return {s.key: s.gather for s in (SECTIONS if specs is None else specs) if s.gather}
