"""The registers' sections of the period report (issue 17): one per register, each reading
its own figures for the period and the units through ``Casework.registers`` and shown
before the notes. :func:`install` adds them (reports.period_report calls it)."""

from __future__ import annotations

from collections.abc import Callable

from jiancha.casebook.registers import REGISTER_KEYS
from jiancha.casebook.registers.summary import RegisterSummary, SummaryTable
from jiancha.reports.period import GatherContext, PeriodReportInput
from jiancha.reports.period_sections import (
    Column,
    Section,
    SectionSpec,
    Table,
    register_section,
)


def _gatherer(key: str) -> Callable[[GatherContext], RegisterSummary]:
    def gather(context: GatherContext) -> RegisterSummary:
        period = context.period
        return context.work.registers.summary(key, period.start, period.end, context.units)

    return gather


def _builder(key: str) -> Callable[[PeriodReportInput], Section | None]:
    def build(report: PeriodReportInput) -> Section | None:
        summary: RegisterSummary | None = report.extra.get(section_key(key))
        if summary is None:
            return None
        tables = tuple(_table(t) for t in summary.tables)
        return Section(section_key(key), summary.title, summary.paragraphs, tables)

    return build


def section_key(register: str) -> str:
    return f"register_{register}"


def _table(table: SummaryTable) -> Table:
    columns = tuple(Column(header, fmt) for header, fmt in table.columns)
    return Table(table.title, columns, tuple(tuple(row) for row in table.rows), table.note)


def install() -> None:
    """Add every register's section to the report (again: the same keys are replaced)."""
    for key in REGISTER_KEYS:
        register_section(SectionSpec(section_key(key), _builder(key), _gatherer(key)))
