"""Casework, the one way in: each verb one transaction, a reader's units keeping every clue
of another unit out of reach, one ClueDetail for every view of a clue."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from jiancha.casebook import Casebook
from jiancha.casebook.casework import Casework, CaseworkConfig
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.workflow import ActionSpec
from jiancha.errors import (
    CasebookError,
    ClueNotFound,
    NotFound,
    TransitionError,
    WarehouseError,
)

HOME = ["350602"]  # C000001 and C000002 are of 350602, C000003 of 350603


class Rows:
    """A warehouse reader that remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[tuple[str, ...], Any]] = []

    def scoped_rows(self, tables: Any, units: Any) -> dict[str, list[dict[str, Any]]]:
        self.asked.append((tuple(tables), units))
        return {}


@pytest.fixture
def work(wf_book: Casebook, tmp_path: Path) -> Casework:
    return Casework(CaseworkConfig(tmp_path / "project"), wf_book, Rows())


def test_a_clue_outside_the_readers_units_is_not_found(work: Casework) -> None:
    assert work.clue("C000003").clue.unit_code == "350603"
    for verb in (
        lambda: work.clue("C000003", units=HOME),
        lambda: work.assign("C000003", "甲", actor="乙", units=HOME),
        lambda: work.move("C000003", "dismissed", actor="乙", units=HOME),
        lambda: work.undo("C000003", actor="乙", reason="r", units=HOME),
        lambda: work.issue_document("C000003", actor="乙", units=HOME),
        lambda: work.serve("C000003", actor="乙", units=HOME),
        lambda: work.clue("nonsense", units=HOME),
    ):
        with pytest.raises(ClueNotFound, match="不在您的管辖单位内|格式不对"):
            verb()
    assert work.clue("C000003").history[-1].kind == "created"  # nothing was done to it


def test_assigning_many_refuses_all_when_one_is_outside(work: Casework) -> None:
    with pytest.raises(ClueNotFound, match="C000003"):
        work.assign_many(["C000001", "C000003"], "甲", actor="乙", units=HOME)
    assert work.clue("C000001").state.assignee is None
    states = work.assign_many(["C000001", "C000002"], "甲", actor="乙", units=HOME)
    assert [s.assignee for s in states] == ["甲", "甲"]


def test_the_detail_carries_what_every_view_shows(work: Casework) -> None:
    work.assign("C000001", "甲", actor="乙")
    work.move("C000001", "核查中", actor="甲")  # a status by its Chinese label
    work.move("C000001", "opened", actor="甲")
    with pytest.raises(TransitionError, match="须先制作并确认检察建议书"):
        work.move("C000001", "recommended", actor="甲", action=ActionSpec("某局"))
    document = work.issue_document("C000001", "recommendation", actor="甲", recipient="某局")
    assert document.kind == "recommendation" and document.unit_code == "350602"
    issued = work.serve("C000001", actor="甲", ttl=timedelta(days=3))
    assert issued.url("https://jc.example/").startswith("https://jc.example/service/")
    detail = work.clue("C000001", units=HOME)
    assert detail.clue.status == "recommended" and detail.state.assignee == "甲"
    assert [d.number for d in detail.documents] == [document.number]
    assert [e.kind for e in detail.history][-1] == "moved"
    assert {p.subject for p in detail.proof} == {"clue:C000001"} and len(detail.proof) >= 5
    found, data = work.document("C000001", document.id, units=HOME)
    assert found == document and data[:2] == b"PK"  # a .docx
    with pytest.raises(NotFound):
        work.document("C000001", document.id + 99)


def test_a_clue_without_an_action_has_no_document_to_issue(work: Casework) -> None:
    with pytest.raises(CasebookError, match="还没有监督措施"):
        work.issue_document("C000002", actor="甲")
    with pytest.raises(TransitionError):
        work.move("C000002", "closed", actor="甲")


def test_lists_and_figures_read_only_the_units_asked(work: Casework) -> None:
    assert [c.id for c in work.clues(units=HOME)] == ["C000001", "C000002"]
    assert [c.id for c in work.clues(ClueFilter(unit="350603"))] == ["C000003"]
    assert work.inbox(ClueFilter(), HOME).total == 2
    assert dict(work.dashboard(HOME)["unit"]) == {"350602": 2}
    work.due(None, date(2026, 6, 30), units=HOME, unit_prefix="3506")
    work.stats("2026", units=["3506"], unit_prefix="350603")
    rows = work.warehouse
    assert isinstance(rows, Rows)
    assert rows.asked == [
        (("recommendation", "petition", "supervisory_transfer"), ("350602",)),
        (("procedural_event",), ("350603",)),
    ]


class Agencies(Rows):
    """A warehouse with a case and a petition of each unit (whatever the units asked: the
    figures keep to them themselves)."""

    def scoped_rows(self, tables: Any, units: Any) -> dict[str, list[dict[str, Any]]]:
        super().scoped_rows(tables, units)
        rows: dict[str, list[dict[str, Any]]] = {
            "procedural_event": [
                {"case_id": f"A{u}", "event": e, "at": at, "unit_code": u}
                for u in ("350602", "350603")
                for e, at in (("transfer_for_prosecution", "2026-02-01"),
                              ("indictment", "2026-05-01"))
            ],
            "petition": [
                {"record_id": f"XF{u}", "unit_code": u, "received_at": "2026-03-02",
                 "procedural_reply_at": "2026-03-05", "result_reply_at": None}
                for u in ("350602", "350603")
            ],
        }  # fmt: skip
        return {t: rows[t] for t in tables if t in rows}


class Locked:
    def scoped_rows(self, tables: Any, units: Any) -> dict[str, list[dict[str, Any]]]:
        raise WarehouseError("数据仓库被另一进程占用")


Q1, Q2 = (date(2026, 1, 1), date(2026, 4, 1)), (date(2026, 4, 1), date(2026, 7, 1))


def test_a_period_report_reads_its_periods_at_once(wf_book: Casebook, tmp_path: Path) -> None:
    rows = Agencies()
    work = Casework(CaseworkConfig(tmp_path / "project"), wf_book, rows)
    review = work.period_work([Q1, Q2], as_of=date(2026, 7, 15), units=HOME)
    assert rows.asked == [
        (("procedural_event", "recommendation", "petition", "supervisory_transfer"), HOME)
    ]
    first, second = review.periods
    assert [(a.unit_code, a.found) for a in first.activity] == [("350602", 2)]
    assert second.activity == ()
    assert [(r.unit_code, r.cases, r.pieces) for r in first.ratios] == [("350602", 1, 1)]
    # each reply period is counted in the period its due day falls in
    assert [(d.ref, d.rule, d.met) for d in first.deadlines] == [
        ("XF350602", "petition_procedural_reply", True)
    ]
    assert [(d.ref, d.rule, d.met) for d in second.deadlines] == [
        ("XF350602", "petition_result_reply", False)
    ]
    assert review.has_case_data and review.notes == []
    assert work.model_titles() == {"execution.commutation_too_early": "首次减刑间隔不足"}


@pytest.mark.parametrize(
    ("rows", "said"), [(Rows(), "没有诉讼环节数据"), (Locked(), "数据仓库不可读")]
)
def test_what_the_warehouse_could_not_give_is_said_and_the_rest_counted(
    wf_book: Casebook, tmp_path: Path, rows: Any, said: str
) -> None:
    work = Casework(CaseworkConfig(tmp_path / "project"), wf_book, rows)
    review = work.period_work([Q1], as_of=date(2026, 7, 15))
    assert not review.has_case_data and said in review.notes[0]
    (period,) = review.periods
    assert sum(a.found for a in period.activity) == 3 and period.ratios == ()
