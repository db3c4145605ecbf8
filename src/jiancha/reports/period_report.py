"""A project's period report: gathered from its casebook and warehouse, then rendered.

``gather_period_report`` builds the typed input (reports.period) for a period and a unit
scope; ``reports.period_render.render`` makes it HTML, PDF or .xlsx. A web route calls the
same two with the user's units, so what a leader downloads and what the CLI writes agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select

from jiancha import casework
from jiancha.casebook.documents import UNIT_NAMES, _longest_prefix
from jiancha.casebook.tables import Clue
from jiancha.errors import JianchaError, WarehouseError
from jiancha.project import Project
from jiancha.reports.period import (
    RECORD_TABLES,
    Labels,
    Period,
    PeriodReportInput,
    Sources,
    collect,
)
from jiancha.reports.period_sections import gatherers

_CASE_TABLE = "procedural_event"


def gather_period_report(
    project: Project,
    period: str,
    *,
    unit_prefix: str = "",
    units: Sequence[str] | None = None,
    as_of: date | None = None,
) -> PeriodReportInput:
    """The report's input for ``period`` (2026Q1, 2026-03, 2026): every figure kept to
    ``units`` (a user's unit prefixes; None: every unit) under ``unit_prefix``."""
    chosen = Period.parse(period)
    scope = casework._scope(units, unit_prefix or None)
    notes: list[str] = []
    sources = _sources(project, scope, notes)
    home = unit_prefix or project.config.project.unit_code
    with project.casebook() as book, book.session("统计报告") as session:
        titles = dict(session.execute(select(Clue.model_id, Clue.title).distinct()).all())
        labels = Labels(
            models={**titles, **_catalogue_titles(project)},
            units=UNIT_NAMES,
            events=_event_labels(),
        )
        return collect(
            session,
            chosen,
            sources,
            labels=labels,
            issuer=_longest_prefix(UNIT_NAMES, home) or project.config.project.name,
            scope=_scope_text(labels, home, units),
            as_of=as_of or date.today(),
            units=scope,
            calendar=casework.work_calendar(project),
            gatherers=gatherers(),
            notes=notes,
        )


def _sources(project: Project, scope: Sequence[str] | None, notes: list[str]) -> Sources:
    try:
        rows = casework.warehouse_rows(project, [_CASE_TABLE, *RECORD_TABLES], units=scope)
    except WarehouseError as exc:
        notes.append(f"数据仓库不可读，案-件比和导入数据中的期限未统计：{exc}")
        return Sources()
    if _CASE_TABLE not in rows:
        notes.append("数据仓库没有诉讼环节数据，未计算案-件比。")
    return Sources(rows.get(_CASE_TABLE), {t: rows[t] for t in RECORD_TABLES if t in rows})


def _catalogue_titles(project: Project) -> dict[str, str]:
    """Model titles as the catalogue has them now (a model file that no longer loads
    leaves the titles its clues were found under)."""
    try:
        return {model.id: model.title for model in project.catalogue()}
    except JianchaError:
        return {}


def _event_labels() -> dict[str, str]:
    from jiancha.schema import contract

    column = next(c for c in contract().tables[_CASE_TABLE].columns if c.name == "event")
    values: Any = column.values
    return dict(values or {})


def _scope_text(labels: Labels, home: str, units: Sequence[str] | None) -> str:
    if units is not None:
        return "、".join(labels.unit(u) for u in units) or "无"
    name = labels.unit(home)
    return name if len(home) >= 6 else f"{name}及所辖各院"
