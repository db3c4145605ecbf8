"""Casebook queries of the web, every one restricted to the user's units in its WHERE.

With a million clues, counting every match on every inbox page costs more than the page
itself: the inbox counts at most ``COUNT_CAP`` matches (and says "10000+"), which also
bounds how deep OFFSET pagination can go. The filter choices are the catalogue's models
and the supervision domains, not values read from clues: reading the distinct values of a
user's clues took seconds at that size, and the choices then tell nothing about clues
outside the user's units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from jiancha.casebook.accounts import UserView, prefix_clause, scope_clause
from jiancha.casebook.tables import Clue, Document
from jiancha.casebook.views import display_id, parse_clue_id
from jiancha.errors import CasebookError
from jiancha.web.errors import NotFound

PAGE_SIZE = 50
COUNT_CAP = 10_000
SORT_MATCHES = 2_000
SORTS: dict[str, Any] = {
    "id": Clue.id,
    "-id": Clue.id.desc(),
    "first_seen": Clue.first_seen_at,
    "-first_seen": Clue.first_seen_at.desc(),
    "unit": Clue.unit_code,
    "model": Clue.model_id,
    "status": Clue.status,
}


@dataclass(frozen=True)
class InboxFilter:
    model: str | None = None
    domain: str | None = None
    status: str | None = None
    unit: str | None = None
    assignee: str | None = None
    sort: str = "-id"
    page: int = 1

    def where(self, units: Sequence[str], *, indexed: bool = True) -> list[Any]:
        """The conditions; ``indexed``: whether the unit conditions may use the unit index
        (see :func:`prefix_clause`)."""
        # with a unit chosen, its range bounds the search (the scope's wider range would
        # be picked instead and scanned); the scope's LIKE still restricts
        scoped = indexed and not self.unit
        where: list[Any] = [scope_clause(Clue.unit_code, units, indexed=scoped)]
        for column, value in (
            (Clue.model_id, self.model),
            (Clue.domain, self.domain),
            (Clue.status, self.status),
            (Clue.assignee, self.assignee),
        ):
            if value:
                where.append(column == value)
        if self.unit:
            where.append(prefix_clause(Clue.unit_code, self.unit, indexed=indexed))
        return where


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


def inbox(session: Session, user: UserView, filters: InboxFilter) -> InboxPage:
    # count through a LIMITed subquery: the scan stops after COUNT_CAP + 1 matches
    matches = select(Clue.id).where(*filters.where(user.units)).limit(COUNT_CAP + 1).subquery()
    total = session.scalar(select(func.count()).select_from(matches)) or 0
    more = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    order = SORTS.get(filters.sort, Clue.id.desc())
    # few matches: find them by unit and sort them; many: read in order and filter
    where = filters.where(user.units, indexed=total <= SORT_MATCHES)
    query = (
        select(*_ROW_COLUMNS)
        .where(*where)
        .order_by(order, Clue.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    rows = [InboxRow(*r) for r in session.execute(query)]
    return InboxPage(rows, total, page, pages, more)


def clue_in_scope(session: Session, user: UserView, clue_id: str) -> Clue:
    """The clue if it exists within the user's units; otherwise not found (whether it
    exists elsewhere is not told)."""
    try:
        number = parse_clue_id(clue_id)
    except CasebookError as exc:
        raise NotFound(str(exc)) from None
    clue = session.scalar(
        select(Clue).where(Clue.id == number, scope_clause(Clue.unit_code, user.units))
    )
    if clue is None:
        raise NotFound(f"没有编号为 {display_id(number)} 的线索，或不在您的管辖单位内")
    return clue


def document_in_scope(session: Session, user: UserView, clue_id: str, document_id: int) -> Document:
    clue = clue_in_scope(session, user, clue_id)
    document = session.scalar(
        select(Document).where(Document.id == document_id, Document.clue_id == clue.id)
    )
    if document is None:
        raise NotFound(f"线索 {display_id(clue.id)} 没有编号为 {document_id} 的文书")
    return document


def scoped_ids(session: Session, user: UserView, clue_ids: Sequence[str]) -> list[int]:
    """The clues of ``clue_ids`` within the user's units; refuses if any is outside."""
    numbers = []
    for value in clue_ids:
        try:
            numbers.append(parse_clue_id(value))
        except CasebookError as exc:
            raise NotFound(str(exc)) from None
    found = set(
        session.scalars(
            select(Clue.id).where(Clue.id.in_(numbers), scope_clause(Clue.unit_code, user.units))
        )
    )
    missing = [display_id(n) for n in numbers if n not in found]
    if missing:
        raise NotFound(f"线索 {'、'.join(missing)} 不存在或不在您的管辖单位内")
    return numbers


def counts_by(session: Session, user: UserView, column: Any) -> list[tuple[str, int]]:
    scope = scope_clause(Clue.unit_code, user.units)
    query = (
        select(column, func.count(Clue.id))
        .where(scope)
        .group_by(column)
        .order_by(func.count(Clue.id).desc())
    )
    return [(str(key or "—"), int(n)) for key, n in session.execute(query)]


def monthly_trend(session: Session, user: UserView) -> list[tuple[str, int]]:
    """Clues first found per month (``YYYY-MM``), oldest first."""
    month = func.substr(cast(Clue.first_seen_at, String), 1, 7)
    query = (
        select(month, func.count(Clue.id))
        .where(scope_clause(Clue.unit_code, user.units))
        .group_by(month)
        .order_by(month)
    )
    return [(str(m), int(n)) for m, n in session.execute(query)]


def dashboard_counts(session: Session, user: UserView) -> dict[str, list[tuple[str, int]]]:
    return {
        "domain": counts_by(session, user, Clue.domain),
        "model": counts_by(session, user, Clue.model_id)[:15],
        "unit": counts_by(session, user, Clue.unit_code),
        "status": counts_by(session, user, Clue.status),
        "trend": monthly_trend(session, user),
    }
