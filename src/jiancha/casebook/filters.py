"""Which clues a list asks for: one filter for ``jiancha clues list``, the web inbox and the
API. Plain data, without SQLAlchemy: the queries that apply it are in :mod:`.inbox` (and
the command line's quick read in :mod:`.quick`)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class ClueFilter:
    """Which clues: every field left empty means any. ``unit`` is a unit-code prefix;
    ``since``/``until`` bound when a clue was first found (a date ``until`` includes that
    whole day); ``sort`` and ``page`` order and cut the inbox."""

    model: str | Collection[str] | None = None
    domain: str | None = None
    status: str | Collection[str] | None = None
    unit: str | None = None
    assignee: str | Collection[str] | None = None  # a user's names: login, display name
    since: date | datetime | None = None
    until: date | datetime | None = None
    sort: str = "-id"
    page: int = 1
    first_seen_run: str | None = None  # found first by this run (a run's new clues)


def naive(moment: datetime) -> datetime:
    """Times are stored naive: an aware time becomes UTC, a naive one stays as given."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def moment(value: date | datetime, *, end: bool = False) -> datetime:
    """The first-seen bound a ``since``/``until`` date or time means (naive, as stored)."""
    if isinstance(value, datetime):
        return naive(value)
    start = datetime.combine(value, time())
    return start + timedelta(days=1) if end else start
