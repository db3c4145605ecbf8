"""Deadlines and statistics read only the units asked for: the unit prefixes are part of
the casebook query, so a prefix that matches nothing reads nothing. On SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import date, datetime

from wf_support import take_step

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.deadlines import due_items
from jiancha.casebook.stats import case_ratio, model_precision, stage_durations
from jiancha.casebook.workflow import ActionSpec, Workflow

S = ClueStatus
AS_OF = date(2026, 3, 12)


def _serve(flow: Workflow, clue: str) -> None:
    flow.assign(clue, "检察官甲", actor="负责人")
    for target in (S.VERIFYING, S.OPENED):
        flow.move(clue, target, actor="检察官甲")
    take_step(flow, clue, S.RECOMMENDED, ActionSpec("某局"))
    flow.move(clue, S.SERVED, actor="送达", at=datetime(2026, 1, 15, 10))


def test_due_items_of_the_units_asked_for(flow: Workflow, wf_book: Casebook) -> None:
    _serve(flow, "C000001")  # unit 350602
    _serve(flow, "C000003")  # unit 350603
    with wf_book.session() as session:

        def refs(units: list[str] | None) -> list[str]:
            return sorted(i.ref for i in due_items(session, None, AS_OF, units=units))

        assert refs(None) == ["C000001", "C000003"]
        assert refs(["350603"]) == ["C000003"]
        assert refs(["350602"]) == ["C000001"]
        assert refs(["350602", "350603"]) == ["C000001", "C000003"]
        assert refs(["3506"]) == ["C000001", "C000003"]
        assert refs(["359999"]) == []
        assert refs([]) == []


def test_model_outcomes_and_stages_of_the_units_asked_for(
    flow: Workflow, wf_book: Casebook
) -> None:
    _serve(flow, "C000003")  # unit 350603; C000001 and C000002 (350602) stay new
    with wf_book.session() as session:
        (everywhere,) = model_precision(session)
        (there,) = model_precision(session, units=["350603"])
        (here,) = model_precision(session, units=["350602"])
        assert model_precision(session, units=["359999"]) == []
        assert stage_durations(session, units=["359999"]) == []
        assert stage_durations(session, units=["350602"]) == []  # no clue of it moved
        moved = stage_durations(session, units=["350603"])
        assert stage_durations(session) == moved
    assert (everywhere.found, there.found, here.found) == (3, 1, 2)
    assert (there.confirmed, there.acted_on, here.confirmed) == (1, 1, 0)
    assert {s.status for s in moved} >= {"new", "assigned", "verifying", "opened"}


def test_case_ratio_counts_a_case_for_the_unit_it_entered_within_the_scope() -> None:
    rows = [
        {"case_id": "A", "event": "transfer_for_prosecution", "at": "2026-01-05",
         "unit_code": "350602"},
        {"case_id": "A", "event": "indictment", "at": "2026-02-01", "unit_code": "350602"},
        # a review by the city procuratorate still counts for the case of 350602
        {"case_id": "A", "event": "review", "at": "2026-03-01", "unit_code": "350600"},
        {"case_id": "B", "event": "arrest_review", "at": "2026-01-07", "unit_code": "350603"},
    ]  # fmt: skip
    start, end = date(2026, 1, 1), date(2027, 1, 1)
    mine = case_ratio(rows, start, end, units=["350602"])
    assert [(r.unit_code, r.cases, r.pieces) for r in mine] == [("350602", 1, 2)]
    assert case_ratio(rows, start, end, units=[]) == []
    assert len(case_ratio(rows, start, end)) == 2
