"""The warehouse's ``work_calendar``: the project's working days, for the models.

刑诉法 art. 105 ¶4 moves the end of a period that falls on a holiday to the next working day
(except while the person is in custody). The models cannot call chinese-calendar, so the
project writes the days it knows (its ``[calendar]`` lists first, then chinese-calendar, then
Monday–Friday: :class:`jiancha.periods.WorkCalendar`) into a plain table that any engine can
join. It is rewritten only when what it should hold changed (a new year, a holiday added to
jiancha.toml, a later ``as_of``).
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pyarrow as pa

from jiancha.periods import WorkCalendar, calendar_days
from jiancha.warehouse.derived import WORK_CALENDAR
from jiancha.warehouse.engine import Warehouse

FIRST_DAY = date(2000, 1, 1)  # before any period a model still measures
YEARS_AHEAD = 3  # deadlines run past as_of: a bail granted today ends next year


def calendar_span(as_of: date) -> tuple[date, date]:
    """The days the table covers for a run on ``as_of`` (or an import today)."""
    latest = max(as_of, date.today())
    return FIRST_DAY, date(latest.year + YEARS_AHEAD, 12, 31)


@cache
def _days(work: WorkCalendar, first: date, last: date) -> list[tuple[date, bool, date]]:
    """The table's rows (asking chinese-calendar takes half a second: once a process)."""
    return list(calendar_days(work, first, last))


def sync_work_calendar(wh: Warehouse, work: WorkCalendar, as_of: date) -> bool:
    """Bring ``work_calendar`` in line with ``work`` over :func:`calendar_span`; True when it
    was rewritten."""
    wh.ensure_derived(WORK_CALENDAR)
    wanted = _days(work, *calendar_span(as_of))
    with wh.purpose("更新工作日历"):
        have = wh.rows(
            "SELECT day, is_working_day, next_working_day FROM work_calendar ORDER BY day"
        )
        if have == wanted:
            return False
        columns = ", ".join(WORK_CALENDAR.column_names)
        table = pa.Table.from_pylist(
            [dict(zip(WORK_CALENDAR.column_names, d, strict=True)) for d in wanted]
        )
        with wh.transaction(), wh.registered("_new_calendar", table):
            wh.execute("DELETE FROM work_calendar")
            wh.execute(f"INSERT INTO work_calendar ({columns}) SELECT {columns} FROM _new_calendar")
    return True
