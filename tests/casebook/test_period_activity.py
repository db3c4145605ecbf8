"""What was done in a period (casebook.stats.clue_activity) and the reply periods that
ended in it (action_deadlines), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from wf_support import take_step

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.stats import (
    DeadlineWindow,
    action_deadlines,
    clue_activity,
    record_deadlines,
)
from jiancha.casebook.workflow import ActionSpec, Workflow

S = ClueStatus
Q1 = (date(2026, 1, 1), date(2026, 4, 1))
Q2 = (date(2026, 4, 1), date(2026, 7, 1))


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"2026-{day}T10:00")


def work(flow: Workflow) -> None:
    flow.assign("C000001", "甲", actor="负责人", at=at("01-10"))
    flow.move("C000001", S.VERIFYING, actor="甲", at=at("01-11"))
    flow.move("C000001", S.OPENED, actor="甲", at=at("01-20"))
    take_step(flow, "C000001", S.RECOMMENDED, ActionSpec("漳州监狱"), actor="甲", at=at("02-01"))
    flow.move("C000001", S.SERVED, actor="甲", at=at("02-02"))
    flow.move("C000001", S.RECTIFIED, actor="甲", at=at("03-01"))
    flow.move("C000002", S.DISMISSED, actor="甲", reason="无误", reason_code="no_violation",
              at=at("01-15"))  # fmt: skip
    flow.undo("C000002", actor="负责人", reason="排除理由有误", at=at("01-16"))
    flow.move("C000002", S.DISMISSED, actor="甲", reason="重复", reason_code="duplicate",
              at=at("01-17"))  # fmt: skip


def test_activity_counts_steps_of_the_period_once_and_not_undone(
    flow: Workflow, wf_book: Casebook
) -> None:
    work(flow)
    with wf_book.session() as session:
        rows = {r.unit_code: r for r in clue_activity(session, *Q1)}
        scoped = clue_activity(session, *Q1, units=["350603"])
        later = clue_activity(session, *Q2)
    mine = rows["350602"]
    assert (mine.found, mine.verified, mine.confirmed, mine.dismissed) == (2, 2, 1, 1)
    assert mine.false_positive == 0  # the no-violation dismissal was taken back
    assert (mine.acted_on, mine.recommendation, mine.rectified) == (1, 1, 1)
    assert mine.precision == 1.0
    assert rows["350603"].found == 1 and rows["350603"].verified == 0
    assert [r.unit_code for r in scoped] == ["350603"]
    assert later == []


def test_reply_periods_are_counted_in_the_period_they_end(
    flow: Workflow, wf_book: Casebook
) -> None:
    work(flow)
    with wf_book.session() as session:
        q1 = action_deadlines(session, DeadlineWindow(*Q1, as_of=date(2026, 4, 30)))
        (q2,) = action_deadlines(session, DeadlineWindow(*Q2, as_of=date(2026, 4, 30)))
    assert q1 == []  # served on 2 February: two months end on 2 April
    assert (q2.ref, q2.rule, q2.due, q2.done, q2.met) == (
        "C000001", "recommendation_reply", date(2026, 4, 2), date(2026, 3, 1), True
    )  # fmt: skip


def test_imported_rows_met_missed_and_not_yet_due() -> None:
    rows = {
        "supervisory_transfer": [
            {"record_id": "T1", "unit_code": "350602", "transferred_at": "2025-12-01",
             "feedback_at": "2026-03-10"},
        ],
        "recommendation": [
            {"record_id": "R1", "unit_code": "350603", "kind": "correction_notice",
             "served_at": "2026-03-20", "replied_at": None, "urgent": False},
        ],
    }  # fmt: skip
    (q1,) = record_deadlines(rows, DeadlineWindow(*Q1, as_of=date(2026, 4, 2)))
    # 90 days, not moved off a Sunday (no statutory period): answered late on 10 March
    assert (q1.ref, q1.due, q1.met, q1.days_late) == ("T1", date(2026, 3, 1), False, 9)
    (q2,) = record_deadlines(rows, DeadlineWindow(*Q2, as_of=date(2026, 4, 2)))
    # 15 days end on Saturday 4 April, in the 清明 holiday: due the next working day
    assert (q2.ref, q2.due, q2.met) == ("R1", date(2026, 4, 7), None)
    assert record_deadlines(rows, DeadlineWindow(*Q1, date(2026, 4, 2), ["350603"])) == []
