"""Periods counted in months, as 刑诉法解释 art. 202 counts them: the one definition the
models (``models.render``), the casebook's deadlines and the generator share.

Art. 202 ¶1 (a procedural period): "以月计算的期间，自本月某日至下月同日为一个月；期限起算日
为本月最后一日的，至下月最后一日为一个月；下月同日不存在的，自本月某日至下月最后一日为一个月".
So 2026-01-10 + 1 month = 2026-02-10, 2026-01-31 + 1 = 2026-02-28 (no 31st), and a period
that starts on a month's last day ends on the later month's last day: 2026-02-28 + 1 month =
2026-03-31 (not 03-28, which calendar libraries answer).

Art. 202 ¶2 (a sentence): "以月计算的刑期，自本月某日至下月同日的前一日为一个月" — the same
end, one day earlier: a one-year term from 2026-03-01 ends on 2027-02-28.

Working days (刑诉法 art. 105 ¶4: a period whose last day is a holiday ends on the first day
after it, except while the person is in custody) come from :class:`WorkCalendar`; the
warehouse's ``work_calendar`` table is written from it for the models.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(start: date, months: int) -> date:
    """The end of a period of ``months`` months starting on ``start`` (art. 202 ¶1);
    a negative ``months`` goes back by the same rule."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    end = last_day(year, month)
    if start.day == last_day(start.year, start.month):
        return date(year, month, end)
    return date(year, month, min(start.day, end))


def sentence_end(start: date, months: int) -> date:
    """The last day of a sentence of ``months`` months that starts on ``start``
    (art. 202 ¶2: to the day before the same day of the later month)."""
    return add_months(start, months) - timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days: the project's own lists first (a year with any holiday listed is taken
    as fully listed), then ``chinese-calendar``, then Monday–Friday."""

    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # make-up working days (调休) on weekends

    @property
    def listed_years(self) -> frozenset[int]:
        return frozenset(d.year for d in self.holidays)

    def covers(self, day: date) -> bool:
        """Whether this day's year is known (else weekends only)."""
        if day.year in self.listed_years:
            return True
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year in self.listed_years:
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return day.weekday() < 5

    def next_working_day(self, day: date) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start`` (the start day is not counted)."""
        day = start
        for _ in range(days):
            day = self.next_working_day(day + timedelta(days=1))
        return day


STATE_COUNCIL = WorkCalendar()  # the package's calendar alone


def calendar_days(work: WorkCalendar, first: date, last: date) -> Iterator[tuple[date, bool, date]]:
    """Each day from ``first`` to ``last``: whether it is a working day, and the day a period
    ending on it ends (itself, or the first working day after it; art. 105 ¶4)."""
    span = (last - first).days + 1
    # a week past the end so the last days' next working day is known
    working = [work.is_working_day(first + timedelta(days=i)) for i in range(span + 21)]
    following: date | None = None
    nexts: list[date] = []
    for i in range(len(working) - 1, -1, -1):
        if working[i]:
            following = first + timedelta(days=i)
        nexts.append(following or first + timedelta(days=i))
    nexts.reverse()
    for i in range(span):
        yield first + timedelta(days=i), working[i], nexts[i]
