"""Deadlines from the law (../shared/LEGAL_RULES.md): what is due, by when, for whom.

Periods follow 刑诉法 art. 105 as the rules say: the day a period starts is not counted,
months are counted as 刑诉法解释 art. 202 counts them (:mod:`jiancha.periods`: Jan 31 + 1
month = Feb 28/29, Feb 28 + 1 month = Mar 31), and a rule marked
``rolls_over_holiday`` that ends on a rest day ends on the next working day. Working days
come from the ``chinese-calendar`` package (State Council holidays with their 调休 make-up
working days). The State Council publishes next year's holidays each November, before the
package knows them: a project lists them in ``jiancha.toml`` (``[calendar]``) and they take
precedence. For a year neither covers, Monday–Friday is used and the item says its date is
not exact.

Actions taken in jiancha and records imported from agencies (recommendation, petition and
supervisory_transfer rows, as plain dicts) go through the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.casebook.actions import ACTION_RULES
from jiancha.casebook.scope import scope_clause
from jiancha.casebook.status import ClueStatus
from jiancha.casebook.tables import Clue, SupervisionAction
from jiancha.casebook.views import display_id
from jiancha.periods import (
    DEFAULT_REPLY,
    REPLY_PERIODS,
    STATE_COUNCIL,
    ReplyPeriod,
    WorkCalendar,
    add_months,
)


class PeriodUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class DeadlineRule:
    key: str
    label: str
    amount: int
    unit: PeriodUnit
    basis: str
    urgent_days: int | None = None  # the period in calendar days when marked urgent
    rolls_over_holiday: bool = True


# The rule of each kind of document's reply (periods.REPLY_PERIODS, which the models read too).
REPLY_RULE_KEYS: dict[str, str] = {
    "recommendation": "recommendation_reply",
    "correction_notice": "correction_reply",
    "pil_pre_litigation": "pil_reply",
    "retrial_recommendation": "retrial_recommendation_reply",
    "enforcement_recommendation": "enforcement_recommendation_reply",
}


def _reply_rule(key: str, period: ReplyPeriod) -> DeadlineRule:
    if period.months:
        amount, unit = period.months, PeriodUnit.MONTHS
    else:
        amount, unit = period.days, PeriodUnit.DAYS
    return DeadlineRule(key, period.label, amount, unit, period.basis, period.urgent_days)


RULES: dict[str, DeadlineRule] = {
    r.key: r
    for r in (
        *(_reply_rule(key, REPLY_PERIODS[kind]) for kind, key in REPLY_RULE_KEYS.items()),
        _reply_rule("other_reply", DEFAULT_REPLY),
        DeadlineRule(
            "supervisory_feedback",
            "移送线索处置反馈",
            90,
            PeriodUnit.DAYS,
            "无法定期限：本院规定，平台默认90日",
            rolls_over_holiday=False,
        ),
        DeadlineRule(
            "petition_procedural_reply",
            "信访程序性回复",
            7,
            PeriodUnit.DAYS,
            "最高检群众信访件件有回复（2019）：七日内程序性回复",
        ),
        DeadlineRule(
            "petition_result_reply",
            "信访办理结果答复",
            3,
            PeriodUnit.MONTHS,
            "最高检群众信访件件有回复（2019）：三个月内答复办理结果或进展",
        ),
        DeadlineRule(
            "victim_appeal_non_prosecution",
            "被害人对不起诉决定申诉期",
            7,
            PeriodUnit.DAYS,
            "刑事诉讼法第180条：收到决定书后七日以内",
        ),
        DeadlineRule(
            "defendant_appeal_non_prosecution",
            "被不起诉人申诉期",
            7,
            PeriodUnit.DAYS,
            "刑事诉讼法第181条：收到决定书后七日以内",
        ),
    )
}

# -- calendar arithmetic ----------------------------------------------------------------


def due_date(
    rule: DeadlineRule,
    start: date,
    *,
    urgent: bool = False,
    days: int | None = None,
    calendar: WorkCalendar = STATE_COUNCIL,
) -> date:
    """When a period under ``rule`` that starts on ``start`` ends.

    ``days`` is a period the document itself states (a correction notice's), in calendar
    days; ``urgent`` uses the rule's urgent period.
    """
    if days is not None:
        end = start + timedelta(days=days)
    elif urgent and rule.urgent_days is not None:
        end = start + timedelta(days=rule.urgent_days)
    elif rule.unit == PeriodUnit.MONTHS:
        end = add_months(start, rule.amount)
    elif rule.unit == PeriodUnit.WORKING_DAYS:
        return calendar.add_working_days(start, rule.amount)
    else:
        end = start + timedelta(days=rule.amount)
    return calendar.next_working_day(end) if rule.rolls_over_holiday else end


def action_due(
    action: SupervisionAction,
    start: date,
    *,
    rules: Mapping[str, DeadlineRule] = RULES,
    calendar: WorkCalendar = STATE_COUNCIL,
) -> date:
    """When the reply to a casebook ``action`` is due, for a period starting on ``start``
    (its service, or the last escalation): the rule of its kind, urgency, stated days."""
    rule = rules[ACTION_RULES[action.kind]]
    return due_date(rule, start, urgent=action.urgent, days=action.reply_days, calendar=calendar)


# -- what is due ------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """One open period: what, for whom, since when, by when."""

    source: str  # "casebook" or the imported table's name
    ref: str  # clue id, or the record_id of the imported row
    unit_code: str | None
    person: str | None
    rule: str
    label: str
    started: date
    due: date
    days_left: int  # negative: overdue by that many days
    exact: bool  # False: the holiday calendar did not cover the dates

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def remaining(self) -> str:
        """``已逾期 27 天``, ``今日到期`` or ``剩余 3 天`` (never a negative number)."""
        if self.days_left < 0:
            return f"已逾期 {-self.days_left} 天"
        return "今日到期" if self.days_left == 0 else f"剩余 {self.days_left} 天"

    @property
    def source_label(self) -> str:
        """Where the period comes from, in Chinese: 监督线索 or the imported table's name."""
        if self.source == "casebook":
            return "监督线索"
        from jiancha.schema import contract

        table = contract().tables.get(self.source)
        return table.label if table is not None else self.source


def due_items(
    session: Session | None,
    within: timedelta | None,
    as_of: date,
    records: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    rules: Mapping[str, DeadlineRule] = RULES,
    *,
    units: Sequence[str] | None = None,
    calendar: WorkCalendar = STATE_COUNCIL,
) -> list[DueItem]:
    """Everything due by ``as_of + within`` (all open periods when ``within`` is None),
    overdue ones included, soonest first.

    ``records`` maps ``recommendation`` / ``petition`` / ``supervisory_transfer`` to rows
    imported from agencies (dicts with the contract's columns); the caller selects them.
    ``units``: read only the casebook actions of clues whose unit code starts with one of
    these prefixes (None: every unit; empty: none). ``calendar``: the project's working days.
    """
    items: list[DueItem] = []
    period = _Period(as_of, rules, calendar)
    if session is not None:
        items.extend(_casebook_items(session, period, units))
    for table, rows in (records or {}).items():
        reader = _READERS.get(table)
        if reader is not None:
            for row in rows:
                items.extend(reader(row, period))
    horizon = None if within is None else as_of + within
    chosen = [i for i in items if horizon is None or i.due <= horizon]
    return sorted(chosen, key=lambda i: (i.due, i.unit_code or "", i.ref))


@dataclass(frozen=True)
class _Period:
    """What every item is computed against: the day, the rules and the working days."""

    as_of: date
    rules: Mapping[str, DeadlineRule]
    calendar: WorkCalendar


def _item(
    source: str,
    ref: str,
    unit: str | None,
    person: str | None,
    rule: DeadlineRule,
    start: date,
    period: _Period,
    **options: Any,
) -> DueItem:
    calendar, as_of = period.calendar, period.as_of
    due = due_date(rule, start, calendar=calendar, **options)
    return DueItem(
        source=source,
        ref=ref,
        unit_code=unit,
        person=person,
        rule=rule.key,
        label=rule.label,
        started=start,
        due=due,
        days_left=(due - as_of).days,
        exact=calendar.covers(start) and calendar.covers(due),
    )


_CLOSED = (ClueStatus.CLOSED.value, ClueStatus.DISMISSED.value)


def _casebook_items(
    session: Session, period: _Period, units: Sequence[str] | None
) -> list[DueItem]:
    query = (
        select(SupervisionAction, Clue.unit_code, Clue.assignee)
        .join(Clue, Clue.id == SupervisionAction.clue_id)
        .where(
            SupervisionAction.served_at.is_not(None),
            SupervisionAction.replied_at.is_(None),
            SupervisionAction.rectified_at.is_(None),
            Clue.status.not_in(_CLOSED),
        )
    )
    if units is not None:
        query = query.where(scope_clause(Clue.unit_code, units))
    rows = session.execute(query)
    items = []
    for action, unit, person in rows:
        rule = period.rules[ACTION_RULES[action.kind]]
        assert action.served_at is not None  # the query asked for it
        items.append(
            _item(
                "casebook",
                display_id(action.clue_id),
                unit,
                person,
                rule,
                action.served_at.date(),
                period,
                urgent=action.urgent,
                days=action.reply_days,
            )
        )
    return items


def record_date(value: Any) -> date | None:
    """A date column of an imported row (a date, a datetime or ISO text); None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def stated_days(value: Any) -> int | None:
    """The reply period a document states (``recommendation.reply_days``); None when empty."""
    if value is None or value == "":
        return None
    days = int(value)
    return days if days > 0 else None


def _recommendation(row: Mapping[str, Any], period: _Period) -> list[DueItem]:
    served = record_date(row.get("served_at"))
    if served is None or record_date(row.get("replied_at")) is not None:
        return []
    rule = period.rules[REPLY_RULE_KEYS.get(str(row.get("kind")), "other_reply")]
    stated = row.get("reply_days")
    return [
        _item(
            "recommendation",
            str(row.get("record_id")),
            row.get("unit_code"),
            row.get("issued_by"),
            rule,
            served,
            period,
            urgent=bool(row.get("urgent")),
            days=stated_days(stated),
        )
    ]


def _petition(row: Mapping[str, Any], period: _Period) -> list[DueItem]:
    received = record_date(row.get("received_at"))
    if received is None:
        return []
    ref, unit = str(row.get("record_id")), row.get("unit_code")
    items = []
    if record_date(row.get("procedural_reply_at")) is None:
        rule = period.rules["petition_procedural_reply"]
        items.append(_item("petition", ref, unit, None, rule, received, period))
    if record_date(row.get("result_reply_at")) is None:
        rule = period.rules["petition_result_reply"]
        items.append(_item("petition", ref, unit, None, rule, received, period))
    return items


def _transfer(row: Mapping[str, Any], period: _Period) -> list[DueItem]:
    sent = record_date(row.get("transferred_at"))
    if sent is None or record_date(row.get("feedback_at")) is not None:
        return []
    rule = period.rules["supervisory_feedback"]
    ref, unit = str(row.get("record_id")), row.get("unit_code")
    return [_item("supervisory_transfer", ref, unit, None, rule, sent, period)]


_READERS = {
    "recommendation": _recommendation,
    "petition": _petition,
    "supervisory_transfer": _transfer,
}
