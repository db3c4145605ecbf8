"""One table of reply periods (jiancha.periods.REPLY_PERIODS): `jiancha due` and
management.recommendation_reply_overdue give every document the same deadline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from jiancha.casebook.deadlines import RULES, due_items
from jiancha.models.render import render
from jiancha.periods import REPLY_PERIODS, STATE_COUNCIL
from jiancha.warehouse import open_warehouse
from jiancha.warehouse.calendar import sync_work_calendar

KINDS = [*REPLY_PERIODS, "unknown_kind"]


def _rows() -> list[dict[str, object]]:
    rows = []
    start = date(2023, 1, 1)
    for i in range(0, 730, 3):
        served = start + timedelta(days=i)
        for n, kind in enumerate(KINDS):
            urgent = (i + n) % 4 == 0
            stated = 30 if (i + n) % 5 == 0 else None
            rows.append(
                {
                    "record_id": f"r{i}-{kind}",
                    "kind": kind,
                    "served_at": served,
                    "urgent": urgent,
                    "reply_days": stated,
                }
            )
    return rows


def test_the_model_and_the_casebook_agree_on_every_deadline() -> None:
    rows = _rows()
    items = due_items(None, None, date(2025, 12, 31), {"recommendation": rows})
    casebook = {i.ref: i.due for i in items}
    assert len(casebook) == len(rows)
    wh = open_warehouse(None)
    try:
        sync_work_calendar(wh, STATE_COUNCIL, date(2025, 12, 31))
        wh.execute(
            "CREATE TABLE r (record_id VARCHAR, kind VARCHAR, served_at DATE, urgent BOOLEAN,"
            " reply_days INTEGER)"
        )
        wh.execute_many(
            "INSERT INTO r VALUES (?, ?, ?, ?, ?)",
            [tuple(r.values()) for r in rows],
        )
        sql = render(
            "SELECT record_id, ${next_working_day("
            "${reply_deadline(kind, served_at, reply_days, urgent)})} FROM r",
            {},
        )
        model = dict(wh.rows(sql))
    finally:
        wh.close()
    assert model == casebook


@pytest.mark.parametrize(
    ("kind", "served", "expected"),
    [
        ("recommendation", date(2026, 2, 28), date(2026, 4, 30)),  # art. 202, month end
        ("retrial_recommendation", date(2026, 1, 5), date(2026, 4, 7)),  # 04-05 清明 → 04-07
        ("correction_notice", date(2026, 9, 20), date(2026, 10, 8)),  # 10-05 国庆 → 10-08
    ],
)
def test_reply_periods_of_each_kind(kind: str, served: date, expected: date) -> None:
    row = {"record_id": "x", "kind": kind, "served_at": served}
    (item,) = due_items(None, None, date(2026, 12, 31), {"recommendation": [row]})
    assert item.due == expected
    assert item.rule in RULES


def test_petitions_are_due_on_the_same_day_in_the_model_and_the_casebook() -> None:
    start = date(2023, 1, 1)
    rows = [{"record_id": f"p{i}", "received_at": start + timedelta(days=i)} for i in range(0, 730)]
    items = due_items(None, None, date(2025, 12, 31), {"petition": rows})
    casebook = {(i.ref, i.rule): i.due for i in items}
    wh = open_warehouse(None)
    try:
        sync_work_calendar(wh, STATE_COUNCIL, date(2025, 12, 31))
        wh.execute("CREATE TABLE p (record_id VARCHAR, received_at DATE)")
        wh.execute_many("INSERT INTO p VALUES (?, ?)", [tuple(r.values()) for r in rows])
        # the model's own expressions (management.petition_reply_overdue, default parameters)
        sql = render(
            "SELECT record_id, ${next_working_day(${add_days(received_at, 7)})}, "
            "${next_working_day(${add_months(received_at, 3)})} FROM p",
            {},
        )
        found = wh.rows(sql)
    finally:
        wh.close()
    for ref, procedural, result in found:
        assert casebook[(ref, "petition_procedural_reply")] == procedural
        assert casebook[(ref, "petition_result_reply")] == result
