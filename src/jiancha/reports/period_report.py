"""A project's period report: gathered through its casework, then rendered.

``gather_period_report`` builds the typed input (reports.period) for a period and a unit
scope from the project's casework (Casework.period_work reads the casebook and the
warehouse) and its catalogue; ``reports.period_render.render`` makes it HTML, PDF or
.xlsx. A web route calls the same two with the workbench's casework and the user's units,
so what a leader downloads and what the CLI writes agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from jiancha.casebook.actions import UNIT_NAMES, by_unit
from jiancha.casebook.casework import CASE_EVENTS, narrowed
from jiancha.errors import JianchaError
from jiancha.reports.period import Labels, Period, PeriodReportInput, collect
from jiancha.reports.period_sections import gatherers
from jiancha.reports.register_sections import install as install_register_sections

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework
    from jiancha.project import Project


def gather_period_report(
    project: Project,
    work: Casework,
    period: str,
    *,
    unit_prefix: str = "",
    units: Sequence[str] | None = None,
    as_of: date | None = None,
) -> PeriodReportInput:
    """The report's input for ``period`` (2026Q1, 2026-03, 2026): every figure kept to
    ``units`` (a user's unit prefixes; None: every unit) under ``unit_prefix``."""
    chosen = Period.parse(period)
    install_register_sections()  # the registers' sections (idempotent)
    home = unit_prefix or project.config.project.unit_code
    labels = Labels(
        models={**work.model_titles(), **_catalogue_titles(project)},
        units=UNIT_NAMES,
        events=_event_labels(),
    )
    return collect(
        work,
        chosen,
        labels=labels,
        issuer=by_unit(UNIT_NAMES, home) or project.config.project.name,
        scope=_scope_text(labels, home, units),
        as_of=as_of or date.today(),
        units=narrowed(units, unit_prefix or None),
        gatherers=gatherers(),
    )


def _catalogue_titles(project: Project) -> dict[str, str]:
    """Model titles as the catalogue has them now (a model file that no longer loads
    leaves the titles its clues were found under)."""
    try:
        return {model.id: model.title for model in project.catalogue()}
    except JianchaError:
        return {}


def _event_labels() -> dict[str, str]:
    from jiancha.schema import contract

    column = next(c for c in contract().tables[CASE_EVENTS].columns if c.name == "event")
    values: Any = column.values
    return dict(values or {})


def _scope_text(labels: Labels, home: str, units: Sequence[str] | None) -> str:
    if units is not None:
        return "、".join(labels.unit(u) for u in units) or "无"
    name = labels.unit(home)
    return name if len(home) >= 6 else f"{name}及所辖各院"
