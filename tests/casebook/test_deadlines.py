"""Deadline arithmetic (month ends, urgent periods, holidays and make-up days) and the
list of what is due, from casebook actions and imported agency records alike."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from wf_support import take_step

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.deadlines import (
    RULES,
    STATE_COUNCIL,
    WorkCalendar,
    add_months,
    due_date,
    due_items,
)
from jiancha.casebook.workflow import ActionSpec, Workflow
from jiancha.errors import ConfigError
from jiancha.project import Project

S = ClueStatus


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2026, 3, 31), 3, date(2026, 6, 30)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
    ],
)
def test_months_are_calendar_months_clamped_at_month_end(
    start: date, months: int, end: date
) -> None:
    assert add_months(start, months) == end


def test_the_holiday_calendar_knows_make_up_working_days() -> None:
    assert STATE_COUNCIL.is_working_day(
        date(2026, 2, 14)
    )  # a Saturday worked for the Spring Festival
    assert not STATE_COUNCIL.is_working_day(date(2026, 2, 16))  # a Monday of the Spring Festival
    assert STATE_COUNCIL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)
    assert STATE_COUNCIL.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)


def test_recommendation_reply_two_months_rolls_over_rest_days() -> None:
    rule = RULES["recommendation_reply"]
    # Feb 28 2026 is a Saturday, but a make-up working day: it stays
    assert due_date(rule, date(2025, 12, 31)) == date(2026, 2, 28)
    # Mar 15 2026 is a Sunday: the next working day
    assert due_date(rule, date(2026, 1, 15)) == date(2026, 3, 16)


def test_urgent_and_stated_periods() -> None:
    rule = RULES["recommendation_reply"]
    # 15 days after Feb 1 is Feb 16, inside the Spring Festival: Feb 24
    assert due_date(rule, date(2026, 2, 1), urgent=True) == date(2026, 2, 24)
    assert due_date(RULES["pil_reply"], date(2026, 3, 2), urgent=True) == date(2026, 3, 17)
    correction = RULES["correction_reply"]
    assert due_date(correction, date(2026, 9, 16)) == date(2026, 10, 8)  # after 1–7 Oct
    assert due_date(correction, date(2026, 3, 2), days=30) == date(2026, 4, 1)


def test_rules_that_do_not_roll_and_petitions() -> None:
    assert due_date(RULES["supervisory_feedback"], date(2026, 1, 1)) == date(2026, 4, 1)
    assert due_date(RULES["petition_procedural_reply"], date(2026, 4, 24)) == date(2026, 5, 6)
    assert due_date(RULES["petition_result_reply"], date(2026, 1, 31)) == date(2026, 4, 30)


def test_years_beyond_the_calendar_fall_back_to_weekends() -> None:
    assert not STATE_COUNCIL.covers(date(2031, 1, 1))
    assert STATE_COUNCIL.is_working_day(date(2031, 1, 6)) and not STATE_COUNCIL.is_working_day(
        date(2031, 1, 4)
    )


def test_due_items_from_actions_and_agency_records(flow: Workflow, wf_book: Casebook) -> None:
    flow.assign("C000001", "检察官甲", actor="负责人")
    for target in (S.VERIFYING, S.OPENED):
        flow.move("C000001", target, actor="检察官甲")
    take_step(flow, "C000001", S.RECOMMENDED, ActionSpec("漳州监狱"))
    flow.move("C000001", S.SERVED, actor="送达", at=datetime(2026, 1, 15, 10))
    records: dict[str, list[dict[str, Any]]] = {
        "recommendation": [
            {"record_id": "R1", "unit_code": "350603", "kind": "correction_notice",
             "served_at": date(2026, 3, 1), "replied_at": None, "issued_by": "龙文区院"},
            {"record_id": "R2", "unit_code": "350603", "kind": "recommendation",
             "served_at": "2026-03-01", "replied_at": "2026-03-05"},
        ],
        "petition": [
            {"record_id": "X1", "unit_code": "350602", "received_at": "2026-03-10",
             "procedural_reply_at": None, "result_reply_at": None},
        ],
        "supervisory_transfer": [
            {"record_id": "T1", "unit_code": "350602", "transferred_at": date(2025, 12, 1)},
        ],
    }  # fmt: skip
    with wf_book.session() as session:
        everything = due_items(session, None, date(2026, 3, 12), records)
        soon = due_items(session, timedelta(days=7), date(2026, 3, 12), records)

    by_ref = {(i.ref, i.rule): i for i in everything}
    assert set(by_ref) == {
        ("C000001", "recommendation_reply"),
        ("R1", "correction_reply"),
        ("X1", "petition_procedural_reply"),
        ("X1", "petition_result_reply"),
        ("T1", "supervisory_feedback"),
    }
    mine = by_ref["C000001", "recommendation_reply"]
    assert (mine.person, mine.unit_code, mine.due) == ("检察官甲", "350602", date(2026, 3, 16))
    assert by_ref["T1", "supervisory_feedback"].overdue
    assert by_ref["R1", "correction_reply"].due == date(2026, 3, 16)
    assert [i.ref for i in soon] == ["T1", "C000001", "R1", "X1"]

    flow.move("C000001", S.REPLIED, actor="检察官甲")
    with wf_book.session() as session:
        assert due_items(session, None, date(2026, 3, 12)) == []


# A year the holiday package does not know, as a project would list it from the State
# Council's notice (2031 here: the package will not know it for years).
NEW_YEAR_2031 = WorkCalendar(
    holidays=frozenset({date(2031, 1, 1), date(2031, 1, 2), date(2031, 1, 3)}),
    workdays=frozenset({date(2031, 1, 5)}),  # a Sunday made a working day
)


def test_a_project_listed_year_is_exact_and_follows_its_lists() -> None:
    assert NEW_YEAR_2031.covers(date(2031, 6, 1)) and not NEW_YEAR_2031.covers(date(2032, 1, 1))
    assert not NEW_YEAR_2031.is_working_day(date(2031, 1, 2))  # a listed Thursday holiday
    assert NEW_YEAR_2031.is_working_day(date(2031, 1, 5))  # the listed make-up Sunday
    assert not NEW_YEAR_2031.is_working_day(date(2031, 1, 4))  # an ordinary Saturday
    assert NEW_YEAR_2031.is_working_day(date(2031, 1, 6))
    # years the package knows are unchanged by the project's lists
    assert NEW_YEAR_2031.is_working_day(date(2026, 2, 14)) == STATE_COUNCIL.is_working_day(
        date(2026, 2, 14)
    )


def test_a_period_ending_on_a_listed_holiday_rolls_to_the_next_working_day() -> None:
    rule = RULES["correction_reply"]  # 15 days, rolls over rest days
    start = date(2030, 12, 17)  # + 15 = Wednesday 2031-01-01
    assert due_date(rule, start) == date(2031, 1, 1)  # weekdays only: a working day
    assert due_date(rule, start, calendar=NEW_YEAR_2031) == date(2031, 1, 5)


def test_the_project_calendar_is_read_from_jiancha_toml(small_project: Project) -> None:
    toml = small_project.root / "jiancha.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[calendar]\nholidays = [2031-01-01, 2031-01-02, 2031-01-03]\n"
        + "workdays = [2031-01-05]\n",
        encoding="utf-8",
    )
    project = Project.open(small_project.root)
    assert project.casework_config().calendar == NEW_YEAR_2031


def test_a_day_both_holiday_and_workday_is_refused(small_project: Project) -> None:
    toml = small_project.root / "jiancha.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[calendar]\nholidays = [2031-01-05]\nworkdays = [2031-01-05]\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="2031-01-05"):
        Project.open(small_project.root)
