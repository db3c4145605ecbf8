"""The warehouse's ``work_calendar``: the project's working days, for the models.

刑诉法 art. 105 ¶4 moves the end of a period that falls on a holiday to the next working day
(except while the person is in custody). The models cannot call chinese-calendar, so the
project writes the days it knows (its ``[calendar]`` lists first, then chinese-calendar, then
Monday–Friday: :class:`jiancha.periods.WorkCalendar`) into a plain table that any engine can
join. It is rewritten only when what it should hold changed (a new year, a holiday added to
jiancha.toml, a later ``as_of``); what it was last written from is kept beside it as a
hash, so a run that changes nothing does not ask chinese-calendar for 11,000 days again.
"""

from __future__ import annotations

import hashlib
from datetime import date
from functools import cache
from importlib.util import find_spec
from pathlib import Path

from jiancha import periods
from jiancha.codehash import code_hash
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


def work_calendar_in_line(wh: Warehouse, work: WorkCalendar, as_of: date) -> bool:
    """Whether ``work_calendar`` holds what :func:`sync_work_calendar` would write: asked of
    a read-only warehouse, so that a run opens it for writing only when it does not."""
    have = wh.table_columns()
    if have.get(WORK_CALENDAR.name) != WORK_CALENDAR.column_names or KEY_TABLE not in have:
        return False
    return _written_from(wh, work, as_of)


def _written_from(wh: Warehouse, work: WorkCalendar, as_of: date) -> bool:
    """Whether the table was last written from this answer (the key kept beside it), and
    is whole."""
    first, last = calendar_span(as_of)
    with wh.purpose("检查工作日历"):
        return wh.rows(f"SELECT key FROM {KEY_TABLE}") == [(_key(work, first, last),)] and (
            wh.rows("SELECT count(*) FROM work_calendar") == [((last - first).days + 1,)]
        )


def sync_work_calendar(wh: Warehouse, work: WorkCalendar, as_of: date) -> bool:
    """Bring ``work_calendar`` in line with ``work`` over :func:`calendar_span`; True when it
    was rewritten."""
    wh.ensure_derived(WORK_CALENDAR)
    first, last = calendar_span(as_of)
    key = _key(work, first, last)
    with wh.purpose("更新工作日历"):
        # what the table was last written from: the same answer needs no asking again
        wh.execute(f"CREATE TABLE IF NOT EXISTS {KEY_TABLE} (key VARCHAR)")
        if _written_from(wh, work, as_of):
            return False
        wanted = _days(work, first, last)
        have = wh.rows(
            "SELECT day, is_working_day, next_working_day FROM work_calendar ORDER BY day"
        )
        with wh.transaction():
            if have != wanted:
                _rewrite(wh, wanted)
            wh.execute(f"DELETE FROM {KEY_TABLE}")
            wh.execute(f"INSERT INTO {KEY_TABLE} VALUES (?)", [key])
    return have != wanted


def _rewrite(wh: Warehouse, wanted: list[tuple[date, bool, date]]) -> None:
    import pyarrow as pa  # with numpy, a third of a second: only when the table changes

    columns = ", ".join(WORK_CALENDAR.column_names)
    table = pa.Table.from_pylist(
        [dict(zip(WORK_CALENDAR.column_names, d, strict=True)) for d in wanted]
    )
    with wh.registered("_new_calendar", table):
        wh.execute("DELETE FROM work_calendar")
        wh.execute(f"INSERT INTO work_calendar ({columns}) SELECT {columns} FROM _new_calendar")


# the key of what work_calendar holds (not exported to Parquet: "__")
KEY_TABLE = "__work_calendar_key"
# the code that computes the days: a new version of either, or of chinese-calendar, asks again
CODE = (Path(__file__), Path(periods.__file__))
KEY_FORMAT = 1


def _key(work: WorkCalendar, first: date, last: date) -> str:
    digest = hashlib.sha256(
        repr((first, last, sorted(work.holidays), sorted(work.workdays))).encode()
    )
    # the code's bytes read once a process (jiancha.codehash), not on every run's check
    digest.update(code_hash(KEY_FORMAT, (*CODE, *_chinese_calendar_files())).encode())
    return digest.hexdigest()


@cache
def _chinese_calendar_files() -> tuple[Path, ...]:
    """chinese-calendar's source (its holidays are in it), found without importing it: a
    run whose calendar is in line does not load it."""
    spec = find_spec("chinese_calendar")
    folder = Path(spec.origin).parent if spec and spec.origin else None
    return tuple(sorted(folder.glob("*.py"))) if folder else ()
