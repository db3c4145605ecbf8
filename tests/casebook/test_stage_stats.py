"""Average days per stage, and outcomes per model for the clues of one period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from wf_support import WF_T0, take_step

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.stats import model_precision, stage_durations
from jiancha.casebook.workflow import ActionSpec, Workflow

S = ClueStatus
DAY = timedelta(days=1)
# the fixture's clues were found at WF_T0 + 1 day (its run 1)
FOUND = WF_T0 + DAY


def test_days_per_stage(flow: Workflow, wf_book: Casebook) -> None:
    flow.assign("C000001", "甲", actor="负责人", at=FOUND + 2 * DAY)
    flow.move("C000001", S.VERIFYING, actor="甲", at=FOUND + 5 * DAY)
    flow.move("C000001", S.OPENED, actor="甲", at=FOUND + 15 * DAY)
    flow.assign("C000002", "乙", actor="负责人", at=FOUND + 4 * DAY)
    flow.move("C000002", S.VERIFYING, actor="乙", at=FOUND + 5 * DAY)
    flow.assign("C000002", "丙", actor="负责人", at=FOUND + 6 * DAY)  # same stage, new hands
    flow.undo("C000002", actor="负责人", reason="换人重查", at=FOUND + 7 * DAY)
    with wf_book.session() as session:
        stages = {s.status: s for s in stage_durations(session)}
        late = stage_durations(session, date(2026, 1, 14), date(2026, 2, 1))
    # new: 2 and 4 days; assigned: 3 and 1 days; verifying: 10 and (undone after) 2 days
    assert (stages["new"].stays, stages["new"].average_days) == (2, 3.0)
    assert (stages["assigned"].stays, stages["assigned"].average_days) == (2, 2.0)
    assert (stages["verifying"].stays, stages["verifying"].average_days) == (2, 6.0)
    assert "opened" not in stages  # C000001 is still there: an open stay does not count
    assert [s.status for s in stages.values()] == ["new", "assigned", "verifying"]
    # only stays that ended from 2026-01-14 (C000001's verification, ended on 01-21)
    assert [(s.status, s.stays, s.average_days) for s in late] == [("verifying", 1, 10.0)]


def test_outcomes_per_model_in_a_period(flow: Workflow, wf_book: Casebook) -> None:
    for clue in ("C000001", "C000002"):
        flow.assign(clue, "甲", actor="负责人")
        flow.move(clue, S.VERIFYING, actor="甲")
        flow.move(clue, S.OPENED, actor="甲")
    take_step(flow, "C000001", S.RECOMMENDED, ActionSpec("某局"), actor="甲")
    with wf_book.session() as session:
        (all_time,) = model_precision(session)
        (in_january,) = model_precision(session, date(2026, 1, 1), date(2026, 2, 1))
        december = model_precision(session, date(2025, 12, 1), date(2026, 1, 1))
    assert (all_time.found, all_time.confirmed, all_time.acted_on) == (3, 2, 1)
    assert in_january == all_time
    assert december == []


@pytest.mark.parametrize("period", [(date(2026, 1, 1), date(2026, 1, 2))])
def test_a_period_before_any_move_has_no_stages(
    flow: Workflow, wf_book: Casebook, period: tuple[date, date]
) -> None:
    flow.assign("C000001", "甲", actor="负责人", at=FOUND + DAY)
    with wf_book.session() as session:
        assert stage_durations(session, *period) == []
