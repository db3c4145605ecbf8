"""案-件比 per unit and period, and per-model precision by model version."""

from __future__ import annotations

from datetime import date

import pytest
from wf_support import take_step, wf_hit, wf_record

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.stats import case_ratio, model_precision, parse_period
from jiancha.casebook.workflow import ActionSpec, Workflow
from jiancha.errors import UsageError

S = ClueStatus


def test_periods() -> None:
    assert parse_period("2026Q1") == (date(2026, 1, 1), date(2026, 4, 1))
    assert parse_period("2026-12") == (date(2026, 12, 1), date(2027, 1, 1))
    assert parse_period("2025") == (date(2025, 1, 1), date(2026, 1, 1))
    with pytest.raises(UsageError, match="2026Q5"):
        parse_period("2026Q5")


def test_case_ratio_counts_entering_cases_and_their_steps() -> None:
    def ev(case: str, event: str, at: str, unit: str = "350602") -> dict[str, str]:
        return {"case_id": case, "event": event, "at": at, "unit_code": unit}

    rows = [
        ev("A", "transfer_for_prosecution", "2026-01-10"),
        ev("A", "returned_for_investigation", "2026-02-01"),
        ev("A", "prosecution_extension", "2026-03-01"),
        ev("A", "indictment", "2026-04-20"),
        ev("B", "transfer_for_prosecution", "2026-02-10"),
        ev("B", "indictment", "2026-03-01"),
        ev("C", "transfer_for_prosecution", "2025-12-30"),  # entered before the period
        ev("C", "indictment", "2026-01-05"),
        ev("D", "transfer_for_prosecution", "2026-03-03", unit="350603"),
        ev("D", "non_prosecution", "2026-03-20", unit="350603"),
        ev("D", "reconsideration", "2026-03-29", unit="350603"),
    ]
    start, end = parse_period("2026Q1")
    ratios = {r.unit_code: r for r in case_ratio(rows, start, end)}
    assert (ratios["350602"].cases, ratios["350602"].pieces) == (2, 4)
    assert ratios["350602"].ratio == 2.0
    assert ratios["350603"].ratio == 2.0
    only_ends = case_ratio(rows, start, end, counted_events={"indictment"}, unit_prefix="350602")
    assert [(r.cases, r.pieces) for r in only_ends] == [(2, 2)]


def test_precision_by_model_version(flow: Workflow, wf_book: Casebook) -> None:
    wf_record(
        wf_book,
        2,
        [wf_hit("E0001"), wf_hit("E0002"), wf_hit("E0003"), wf_hit("E0009", version="2")],
    )
    for clue in ("C000001", "C000002", "C000003"):
        flow.assign(clue, "甲", actor="负责人")
        flow.move(clue, S.VERIFYING, actor="甲")
    flow.move("C000001", S.OPENED, actor="甲")
    take_step(flow, "C000001", S.RECOMMENDED, ActionSpec("漳州监狱"), actor="甲")
    flow.move("C000001", S.SERVED, actor="甲")
    flow.move("C000001", S.RECTIFIED, actor="甲")
    flow.move("C000002", S.DISMISSED, actor="甲", reason="无误", reason_code="no_violation")
    flow.move("C000003", S.DISMISSED, actor="甲", reason="重复", reason_code="duplicate")
    with wf_book.session() as session:
        figures = {(p.model_id, p.model_version): p for p in model_precision(session)}
    v1 = figures["execution.commutation_too_early", "1"]
    assert (v1.found, v1.verified, v1.confirmed) == (3, 3, 1)
    assert (v1.false_positive, v1.dismissed_other, v1.rectified, v1.adopted) == (1, 1, 1, 1)
    assert v1.precision == 0.5
    v2 = figures["execution.commutation_too_early", "2"]
    assert (v2.found, v2.precision) == (1, None)
