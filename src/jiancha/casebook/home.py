"""我的工作 and the inbox's own things: a user's last visit (what is new to them, the
badge), their clues by status, the replies their clues received, their saved filters, and
the search across clues. Every query is kept to the reader's units in its WHERE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from jiancha.casebook.inbox import (
    WORKFLOW_ORDER,
    InboxRow,
    row_columns,
    scope,
    workflow_order,
    workflow_rank,
)
from jiancha.casebook.status import RUN_OWNED_STATUSES, ClueStatus
from jiancha.casebook.tables import Clue, ClueEvidence, SavedFilter, SupervisionAction, UserVisit
from jiancha.casebook.views import ClueView, clue_view, display_id, parse_clue_id
from jiancha.errors import CasebookError

BADGE_CAP = 99  # the badge says "99+" beyond
SAVED_FILTERS_MAX = 30  # per user
LIST_LIMIT = 20
SEARCH_LIMIT = 50
# statuses whose clue waits for nobody: they are not "my work"
FINISHED = frozenset(
    {ClueStatus.CLOSED, ClueStatus.DISMISSED, ClueStatus.RESOLVED_BY_DATA, ClueStatus.RECTIFIED}
)


# -- visits and what is new -----------------------------------------------------------------


def last_visit(session: Session, user_id: int) -> datetime | None:
    """When the user last opened 我的工作 (None: never)."""
    row = session.get(UserVisit, user_id)
    return row.seen_at if row is not None else None


def record_visit(session: Session, user_id: int, now: datetime) -> datetime | None:
    """Mark a visit now; returns the visit before (what the page calls "since")."""
    row = session.get(UserVisit, user_id)
    if row is None:
        session.add(UserVisit(user_id=user_id, seen_at=now, previous_at=None))
        return None
    before = row.seen_at
    row.previous_at, row.seen_at = before, now
    return before


def _new_where(since: datetime | None, units: Sequence[str] | None) -> list[Any]:
    """Clues new to a user: found after ``since``; never visited, the clues a run left new."""
    where = [scope(units)]
    if since is None:
        where.append(Clue.status.in_(sorted(RUN_OWNED_STATUSES - {ClueStatus.RESOLVED_BY_DATA})))
    else:
        where.append(Clue.first_seen_at > since)
    return where


def new_count(session: Session, since: datetime | None, units: Sequence[str] | None) -> int:
    """How many clues of ``units`` are new since ``since`` (at most ``BADGE_CAP + 1``)."""
    found = select(Clue.id).where(*_new_where(since, units)).limit(BADGE_CAP + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(found)) or 0)


def new_clues(
    session: Session, since: datetime | None, units: Sequence[str] | None, limit: int = LIST_LIMIT
) -> list[InboxRow]:
    query = (
        select(*row_columns())
        .where(*_new_where(since, units))
        .order_by(Clue.id.desc())
        .limit(limit)
    )
    return [InboxRow(*r) for r in session.execute(query)]


# -- my clues -------------------------------------------------------------------------------


def _mine(names: Sequence[str], units: Sequence[str] | None) -> list[Any]:
    return [scope(units), Clue.assignee.in_(list(names))]


def my_status_counts(
    session: Session, names: Sequence[str], units: Sequence[str] | None
) -> list[tuple[str, int]]:
    """The user's clues (assigned to any of ``names``) per status, in workflow order."""
    query = select(Clue.status, func.count(Clue.id)).where(*_mine(names, units))
    counts = [(str(s), int(n)) for s, n in session.execute(query.group_by(Clue.status))]
    return sorted(counts, key=lambda item: workflow_rank(item[0]))


def my_open_clues(
    session: Session, names: Sequence[str], units: Sequence[str] | None, limit: int = LIST_LIMIT
) -> list[InboxRow]:
    """The user's clues still to work, in workflow order, the longest waiting first."""
    query = (
        select(*row_columns())
        .where(*_mine(names, units), Clue.status.not_in(sorted(FINISHED)))
        .order_by(workflow_order(), Clue.id)
        .limit(limit)
    )
    return [InboxRow(*r) for r in session.execute(query)]


@dataclass(frozen=True)
class ReplyView:
    """A reply an addressee gave to one of the user's supervision actions."""

    clue_number: int
    title: str
    unit_code: str | None
    kind: str
    recipient: str
    replied_at: datetime
    rectified: bool
    new: bool  # received since the visit before

    @property
    def clue_id(self) -> str:
        return display_id(self.clue_number)


def replies(
    session: Session,
    names: Sequence[str] | None,
    units: Sequence[str] | None,
    since: datetime | None,
    limit: int = LIST_LIMIT,
) -> list[ReplyView]:
    """Replies received on the clues of ``names`` (None: every clue of ``units``)."""
    where = [scope(units), SupervisionAction.replied_at.is_not(None)]
    if names is not None:
        where.append(Clue.assignee.in_(list(names)))
    query = (
        select(
            Clue.id,
            Clue.title,
            Clue.unit_code,
            SupervisionAction.kind,
            SupervisionAction.recipient,
            SupervisionAction.replied_at,
            SupervisionAction.rectified_at,
        )
        .join(Clue, Clue.id == SupervisionAction.clue_id)
        .where(*where)
        .order_by(SupervisionAction.replied_at.desc())
        .limit(limit)
    )
    found: list[ReplyView] = []
    for number, title, unit, kind, recipient, at, done in session.execute(query):
        if at is None:  # the WHERE keeps replied actions only
            continue
        new = since is None or at > since
        found.append(ReplyView(number, title, unit, kind, recipient, at, done is not None, new))
    return found


# -- saved filters --------------------------------------------------------------------------


@dataclass(frozen=True)
class SavedFilterView:
    id: int
    name: str
    query: dict[str, str]


def saved_filters(session: Session, user_id: int) -> list[SavedFilterView]:
    rows = session.scalars(
        select(SavedFilter).where(SavedFilter.user_id == user_id).order_by(SavedFilter.name)
    )
    return [SavedFilterView(r.id, r.name, dict(r.query)) for r in rows]


def save_filter(
    session: Session, user_id: int, name: str, query: dict[str, str], now: datetime
) -> SavedFilterView:
    """Save (or replace) the user's filter called ``name``."""
    name = name.strip()
    if not name:
        raise CasebookError("请为筛选条件起一个名称")
    kept = {k: v for k, v in query.items() if v}
    row = session.scalar(
        select(SavedFilter).where(SavedFilter.user_id == user_id, SavedFilter.name == name)
    )
    if row is None:
        count = session.scalar(
            select(func.count(SavedFilter.id)).where(SavedFilter.user_id == user_id)
        )
        if (count or 0) >= SAVED_FILTERS_MAX:
            raise CasebookError(f"最多保存 {SAVED_FILTERS_MAX} 个筛选条件，请先删除不用的")
        row = SavedFilter(user_id=user_id, name=name, query=kept, created_at=now)
        session.add(row)
    else:
        row.query = kept
    session.flush()
    return SavedFilterView(row.id, row.name, kept)


def delete_filter(session: Session, user_id: int, filter_id: int) -> bool:
    """Delete one of the user's own filters; whether there was one (another user's filter
    is left alone, and not told apart from a filter that is not there)."""
    done = session.execute(
        delete(SavedFilter).where(SavedFilter.id == filter_id, SavedFilter.user_id == user_id)
    )
    return bool(getattr(done, "rowcount", 0))


# -- search ---------------------------------------------------------------------------------


def search_clues(
    session: Session, text: str, units: Sequence[str] | None, limit: int = SEARCH_LIMIT
) -> list[ClueView]:
    """Clues of ``units`` whose id, title, subject (names, id numbers, case numbers), facts
    or evidence record ids contain ``text``."""
    needle = text.strip()
    if not needle:
        return []
    pattern = f"%{_escape_like(needle)}%"
    matches: list[Any] = [
        Clue.title.like(pattern, escape="\\"),
        cast(Clue.subject, String).like(pattern, escape="\\"),
        cast(Clue.facts, String).like(pattern, escape="\\"),
        cast(Clue.evidence, String).like(pattern, escape="\\"),
        Clue.id.in_(
            select(ClueEvidence.clue_id).where(ClueEvidence.record_id == needle).scalar_subquery()
        ),
    ]
    number = _clue_number(needle)
    if number is not None:
        matches.append(Clue.id == number)
    query = select(Clue).where(scope(units), or_(*matches)).order_by(Clue.id.desc())
    found = [clue_view(c) for c in session.scalars(query.limit(limit * 4))]
    # the JSON text also holds the keys: keep a clue only when a value matches
    return [c for c in found if _value_matches(c, needle, number)][:limit]


def clues_with_evidence(
    session: Session,
    records: Sequence[tuple[str, str]],
    units: Sequence[str] | None,
    limit: int = 200,
) -> list[ClueView]:
    """Clues of ``units`` whose evidence includes one of ``records`` (table, record id)."""
    if not records:
        return []
    pairs = [(t, r) for t, r in records]
    ids: set[int] = set()
    for start in range(0, len(pairs), 200):
        chunk = pairs[start : start + 200]
        where = or_(
            *[(ClueEvidence.table_name == t) & (ClueEvidence.record_id == r) for t, r in chunk]
        )
        ids.update(session.scalars(select(ClueEvidence.clue_id).where(where)))
    if not ids:
        return []
    query = select(Clue).where(Clue.id.in_(sorted(ids)), scope(units)).order_by(Clue.id.desc())
    return [clue_view(c) for c in session.scalars(query.limit(limit))]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _clue_number(text: str) -> int | None:
    try:
        return parse_clue_id(text) if text[:1] in "Cc" or text.isdigit() else None
    except CasebookError:
        return None


def _value_matches(clue: ClueView, needle: str, number: int | None) -> bool:
    if clue.number == number or needle in clue.title:
        return True
    if any(e.record_id == needle for e in clue.evidence):
        return True
    return any(needle in _flat(v) for v in (*clue.subject.values(), *clue.facts.values()))


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return " ".join(_flat(v) for v in value.values())
    if isinstance(value, list | tuple):
        return " ".join(_flat(v) for v in value)
    return "" if value is None else str(value)


# -- the statistics page: outcomes per unit -------------------------------------------------

CONFIRMED_STATUSES = frozenset(WORKFLOW_ORDER[WORKFLOW_ORDER.index(ClueStatus.OPENED) :]) - {
    ClueStatus.DISMISSED,
    ClueStatus.RESOLVED_BY_DATA,
}
RECTIFIED_STATUSES = frozenset({ClueStatus.RECTIFIED})


@dataclass(frozen=True)
class UnitOutcome:
    """What became of the clues a unit found in a period, by their status now."""

    unit_code: str
    found: int
    confirmed: int  # verified as a violation: opened and every step after
    rectified: int
    dismissed: int


def unit_outcomes(
    session: Session, start: datetime, end: datetime, units: Sequence[str] | None
) -> list[UnitOutcome]:
    """Per unit, the clues first found in [start, end) and what became of them."""
    query = (
        select(Clue.unit_code, Clue.status, func.count(Clue.id))
        .where(scope(units), Clue.first_seen_at >= start, Clue.first_seen_at < end)
        .group_by(Clue.unit_code, Clue.status)
    )
    totals: dict[str, list[int]] = {}
    for unit, status, count in session.execute(query):
        row = totals.setdefault(str(unit or ""), [0, 0, 0, 0])
        row[0] += count
        row[1] += count if status in CONFIRMED_STATUSES else 0
        row[2] += count if status in RECTIFIED_STATUSES else 0
        row[3] += count if status == ClueStatus.DISMISSED else 0
    return [UnitOutcome(u, *totals[u]) for u in sorted(totals)]
