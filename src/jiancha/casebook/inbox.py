"""Finding clues: one filter for ``jiancha clues list``, the web inbox and the API, every
query kept to the reader's units in its WHERE.

``units`` is the reader's unit prefixes: None for every unit (the command line, run by the
procuratorate's own staff on its own project), a sequence for a workbench user (empty:
nothing is in scope). With a million clues, counting every match on every inbox page costs
more than the page itself: the inbox counts at most ``COUNT_CAP`` matches (and says
"10000+"), which also bounds how deep OFFSET pagination can go.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, String, case, cast, func, select, true
from sqlalchemy.orm import Session

from jiancha.casebook.filters import ClueFilter, moment
from jiancha.casebook.scope import prefix_clause, scope_clause
from jiancha.casebook.status import ClueStatus
from jiancha.casebook.tables import Clue, Document
from jiancha.casebook.views import MAX_ROW_ID, ClueView, clue_view, display_id, parse_clue_id
from jiancha.errors import CasebookError, ClueNotFound, NotFound

PAGE_SIZE = 50
COUNT_CAP = 10_000
SORT_MATCHES = 2_000
# The order a clue goes through the workflow: the inbox's "按办理环节" sort, 我的工作's lists.
WORKFLOW_ORDER: tuple[str, ...] = (
    ClueStatus.NEW,
    ClueStatus.REOPENED,
    ClueStatus.ASSIGNED,
    ClueStatus.VERIFYING,
    ClueStatus.OPENED,
    ClueStatus.RECOMMENDED,
    ClueStatus.CORRECTION_NOTIFIED,
    ClueStatus.PIL_RECOMMENDED,
    ClueStatus.TRANSFERRED,
    ClueStatus.SERVED,
    ClueStatus.OBJECTED,
    ClueStatus.REPLIED,
    ClueStatus.ESCALATED,
    ClueStatus.RECTIFIED,
    ClueStatus.CLOSED,
    ClueStatus.DISMISSED,
    ClueStatus.RESOLVED_BY_DATA,
)


def workflow_rank(status: str) -> int:
    """A status' place in the workflow (an unknown, newer status after the known ones)."""
    return WORKFLOW_ORDER.index(status) if status in WORKFLOW_ORDER else len(WORKFLOW_ORDER)


def workflow_order() -> Any:
    """The SQL ordering expression of :data:`WORKFLOW_ORDER`."""
    ranks = {str(status): rank for rank, status in enumerate(WORKFLOW_ORDER)}
    return case(ranks, value=Clue.status, else_=len(WORKFLOW_ORDER))


SORTS: dict[str, Any] = {
    "id": Clue.id,
    "-id": Clue.id.desc(),
    "first_seen": Clue.first_seen_at,
    "-first_seen": Clue.first_seen_at.desc(),
    "unit": Clue.unit_code,
    "model": Clue.model_id,
    "status": Clue.status,
    "workflow": workflow_order(),
}


def conditions(
    filters: ClueFilter, units: Sequence[str] | None, *, indexed: bool = True
) -> list[ColumnElement[bool]]:
    """The WHERE of a filter; ``indexed``: whether the unit conditions may use the unit
    index (see :func:`prefix_clause`)."""
    # with a unit chosen, its range bounds the search (the scope's wider range would
    # be picked instead and scanned); the scope's LIKE still restricts
    scoped = indexed and not filters.unit
    where = [_scope(units, indexed=scoped)]
    where += _matches(Clue.model_id, filters.model) + _matches(Clue.status, filters.status)
    where += _matches(Clue.domain, filters.domain) + _matches(Clue.assignee, filters.assignee)
    if filters.unit:
        where.append(prefix_clause(Clue.unit_code, filters.unit, indexed=indexed))
    if filters.first_seen_run:
        where.append(Clue.first_seen_run == filters.first_seen_run)
    if filters.since is not None:
        where.append(Clue.first_seen_at >= moment(filters.since))
    if filters.until is not None:
        where.append(Clue.first_seen_at < moment(filters.until, end=True))
    return where


def _scope(units: Sequence[str] | None, *, indexed: bool = True) -> ColumnElement[bool]:
    return true() if units is None else scope_clause(Clue.unit_code, units, indexed=indexed)


def scope(units: Sequence[str] | None) -> ColumnElement[bool]:
    """The clues of ``units`` (None: every clue)."""
    return _scope(units)


def _matches(column: Any, value: str | Collection[str] | None) -> list[ColumnElement[bool]]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [column == value]
    return [column.in_(list(value))]


# -- lists ------------------------------------------------------------------------------


def clue_list(
    session: Session,
    filters: ClueFilter,
    units: Sequence[str] | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ClueView]:
    """Every matching clue in full, by id (for lists and exports)."""
    query = select(Clue).where(*conditions(filters, units)).order_by(Clue.id)
    return [clue_view(c) for c in session.scalars(query.offset(offset).limit(limit))]


@dataclass(frozen=True)
class InboxRow:
    number: int
    title: str
    model_id: str
    domain: str
    unit_code: str | None
    status: str
    assignee: str | None
    first_seen_at: datetime

    @property
    def id(self) -> str:
        return display_id(self.number)


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    total: int  # at most COUNT_CAP
    page: int
    pages: int
    more: bool = False  # more than ``total`` clues match

    @property
    def total_text(self) -> str:
        return f"{self.total}+" if self.more else str(self.total)


_ROW_COLUMNS = (
    Clue.id,
    Clue.title,
    Clue.model_id,
    Clue.domain,
    Clue.unit_code,
    Clue.status,
    Clue.assignee,
    Clue.first_seen_at,
)


def row_columns() -> tuple[Any, ...]:
    """The columns of an :class:`InboxRow`, in its order."""
    return _ROW_COLUMNS


def inbox_page(session: Session, filters: ClueFilter, units: Sequence[str] | None) -> InboxPage:
    """One page of the inbox: the matching clues' list columns, sorted."""
    # count through a LIMITed subquery: the scan stops after COUNT_CAP + 1 matches
    matches = select(Clue.id).where(*conditions(filters, units)).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(matches)) or 0
    more = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    order = SORTS.get(filters.sort, Clue.id.desc())
    # few matches: find them by unit and sort them; many: read in order and filter
    where = conditions(filters, units, indexed=total <= SORT_MATCHES)
    query = (
        select(*_ROW_COLUMNS)
        .where(*where)
        .order_by(order, Clue.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = [InboxRow(*r) for r in session.execute(query)]
    return InboxPage(rows, total, page, pages, more)


# -- one clue, in scope -------------------------------------------------------------------


def clue_in_scope(session: Session, clue_id: int | str, units: Sequence[str] | None) -> Clue:
    """The clue if it exists within ``units``; otherwise not found (whether it exists
    elsewhere is not told).

    Hold the row while the session goes on: its identity map keeps a row only while it is
    referenced, and later steps that get the clue by id then read no row again."""
    number = _number(clue_id)
    clue = session.scalar(select(Clue).where(Clue.id == number, _scope(units)))
    if clue is None:
        outside = "，或不在您的管辖单位内" if units is not None else ""
        raise ClueNotFound(f"没有编号为 {display_id(number)} 的线索{outside}")
    return clue


def _number(clue_id: int | str) -> int:
    """A clue id as typed; a malformed one is a clue that is not there."""
    try:
        return parse_clue_id(clue_id)
    except CasebookError as exc:
        raise ClueNotFound(str(exc)) from None


def document_in_scope(
    session: Session, clue_id: int | str, document_id: int, units: Sequence[str] | None
) -> Document:
    clue = clue_in_scope(session, clue_id, units)
    document = (
        session.scalar(
            select(Document).where(Document.id == document_id, Document.clue_id == clue.id)
        )
        if 0 < document_id <= MAX_ROW_ID
        else None
    )
    if document is None:
        raise NotFound(f"线索 {display_id(clue.id)} 没有编号为 {document_id} 的文书")
    return document


def scoped_ids(
    session: Session, clue_ids: Sequence[int | str], units: Sequence[str] | None
) -> list[int]:
    """The clues of ``clue_ids`` within ``units``; refuses if any is outside or missing."""
    numbers = [_number(value) for value in clue_ids]
    found = set(session.scalars(select(Clue.id).where(Clue.id.in_(numbers), _scope(units))))
    missing = [display_id(n) for n in numbers if n not in found]
    if missing:
        raise ClueNotFound(f"线索 {'、'.join(missing)} 不存在或不在您的管辖单位内")
    return numbers


# -- the dashboard ------------------------------------------------------------------------


def counts_by(session: Session, column: Any, units: Sequence[str] | None) -> list[tuple[str, int]]:
    query = (
        select(column, func.count(Clue.id))
        .where(_scope(units))
        .group_by(column)
        .order_by(func.count(Clue.id).desc())
    )
    return [(str(key or "—"), int(n)) for key, n in session.execute(query)]


def monthly_trend(session: Session, units: Sequence[str] | None) -> list[tuple[str, int]]:
    """Clues first found per month (``YYYY-MM``), oldest first."""
    month = func.substr(cast(Clue.first_seen_at, String), 1, 7)
    query = select(month, func.count(Clue.id)).where(_scope(units)).group_by(month).order_by(month)
    return [(str(m), int(n)) for m, n in session.execute(query)]


def dashboard_counts(
    session: Session, units: Sequence[str] | None
) -> dict[str, list[tuple[str, int]]]:
    """Clues per domain, model (the 15 most), unit and status, and found per month."""
    return {
        "domain": counts_by(session, Clue.domain, units),
        "model": counts_by(session, Clue.model_id, units)[:15],
        "unit": counts_by(session, Clue.unit_code, units),
        "status": counts_by(session, Clue.status, units),
        "trend": monthly_trend(session, units),
    }
