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
from functools import cache
from types import ModuleType


@cache
def _chinese_calendar() -> ModuleType:
    """chinese-calendar, imported when a day is first asked of it (not by a run whose work
    calendar is already in the warehouse)."""
    import chinese_calendar

    return chinese_calendar


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
            _chinese_calendar().is_workday(day)
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
            return bool(_chinese_calendar().is_workday(day))
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


# -- reply periods ----------------------------------------------------------------------


@dataclass(frozen=True)
class ReplyPeriod:
    """How long the recipient of a supervision document has to answer it in writing.

    A period the document itself states (``reply_days``: a correction notice's, an urgent
    recommendation's) takes precedence; else an urgent document has ``urgent_days``; else
    ``months`` or ``days``. The end moves past a holiday (art. 105 ¶4: nobody is in custody)."""

    kind: str
    label: str
    basis: str
    months: int = 0
    days: int = 0
    urgent_days: int | None = None


# One table, read by the casebook's deadlines (jiancha due) and by the models
# (${reply_deadline()} in management.recommendation_reply_overdue).
REPLY_PERIODS: dict[str, ReplyPeriod] = {
    p.kind: p
    for p in (
        ReplyPeriod(
            "recommendation",
            "检察建议书面回复",
            "人民检察院检察建议工作规定（2019）：自收到检察建议书之日起两个月以内作出相应处理，"
            "并书面回复；情况紧急的，可以根据实际情况确定相应的回复期限（平台默认十五日）",
            months=2,
            urgent_days=15,
        ),
        ReplyPeriod(
            "pil_pre_litigation",
            "诉前检察建议回复",
            "行政诉讼法第二十五条第四款、检察公益诉讼解释第二十一条：收到检察建议书之日起两个月内"
            "书面回复；紧急情形的，十五日内书面回复",
            months=2,
            urgent_days=15,
        ),
        ReplyPeriod(
            "retrial_recommendation",
            "再审检察建议回复",
            "民事诉讼法解释第四百一十七条：人民法院收到再审检察建议后，应当在三个月内进行审查",
            months=3,
        ),
        ReplyPeriod(
            "enforcement_recommendation",
            "执行监督检察建议回复",
            "最高人民法院、最高人民检察院关于民事执行活动法律监督若干问题的规定（2016）第十三条："
            "人民法院收到人民检察院的检察建议书后，应当在三个月内将审查处理情况以回复意见函的形式"
            "回复人民检察院；有特殊情况需要延长的，经本院院长批准，可以延长一个月",
            months=3,
        ),
        ReplyPeriod(
            "correction_notice",
            "纠正违法通知书回复",
            "刑诉规则第五百五十三条：纠正违法通知书规定的期限；通知书未载明的，平台默认十五日",
            days=15,
        ),
    )
}
# Any other document: the period it states, else fifteen days.
DEFAULT_REPLY = ReplyPeriod(
    "other", "其他文书回复", "文书载明的回复期限；未载明的，平台默认十五日", days=15
)


def reply_period(kind: str | None) -> ReplyPeriod:
    return REPLY_PERIODS.get(kind or "", DEFAULT_REPLY)


def reply_last_day(
    kind: str | None, served: date, *, urgent: bool = False, stated_days: int | None = None
) -> date:
    """The last day of the reply period, before any holiday moves it (art. 105 ¶4)."""
    period = reply_period(kind)
    if stated_days is not None and stated_days > 0:
        return served + timedelta(days=stated_days)
    if urgent and period.urgent_days is not None:
        return served + timedelta(days=period.urgent_days)
    if period.months:
        return add_months(served, period.months)
    return served + timedelta(days=period.days)
