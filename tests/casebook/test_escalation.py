"""No rectification by the reply deadline moves a clue up the escalation ladder."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session
from wf_support import take_step

from jiancha.casebook import Casebook, ClueStatus, escalation
from jiancha.casebook.escalation import escalate_overdue, overdue_actions, superior_unit
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.tables import Clue
from jiancha.casebook.workflow import ActionSpec, Workflow

S = ClueStatus
SERVED = datetime(2026, 1, 6, 10)  # a Tuesday; two months later is Monday 2026-03-06
PRISON = ActionSpec("漳州监狱")


def _serve(flow: Workflow, clue: str, spec: ActionSpec = PRISON) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move(clue, target, actor="甲", at=SERVED)
    take_step(flow, clue, S.RECOMMENDED, spec, actor="甲", at=SERVED)
    flow.move(clue, S.SERVED, actor="漳州监狱", at=SERVED)


def _escalate(book: Casebook, ledger: Ledger, as_of: date) -> list[str]:
    with book.session() as session:
        return [e.clue_id for e in escalate_overdue(session, ledger, as_of)]


def test_escalation_after_the_deadline_only(
    flow: Workflow, wf_book: Casebook, ledger: Ledger
) -> None:
    _serve(flow, "C000001")
    assert _escalate(wf_book, ledger, date(2026, 3, 6)) == []  # the due day itself
    with wf_book.session() as session:
        done = escalate_overdue(session, ledger, date(2026, 3, 9), actor="督促程序")
    (first,) = done
    assert (first.clue_id, first.rung, first.due, first.days_overdue) == (
        "C000001",
        "recipient_superior",
        date(2026, 3, 6),
        3,
    )
    assert first.to == "漳州监狱的上级主管机关" and first.skipped is None
    last = wf_book.clue_history("C000001")[-1]
    assert (last.to_status, last.actor, last.detail["rung"]) == (
        S.ESCALATED,
        "督促程序",
        first.rung,
    )
    assert "回复期限2026年3月6日已过" in (last.reason or "") and "上级主管机关" in (
        last.reason or ""
    )
    # the same day again: nothing more (the clue is escalated, not waiting)
    assert _escalate(wf_book, ledger, date(2026, 3, 10)) == []
    with wf_book.session() as session:
        assert ledger.verify(session).ok


def test_the_second_rung_is_the_superior_procuratorate(
    flow: Workflow, wf_book: Casebook, ledger: Ledger
) -> None:
    _serve(flow, "C000001")
    assert _escalate(wf_book, ledger, date(2026, 3, 9)) == ["C000001"]
    # a reply that does not rectify: the next period runs from the escalation
    flow.move("C000001", S.REPLIED, actor="漳州监狱", at=datetime(2026, 3, 20))
    assert _escalate(wf_book, ledger, date(2026, 4, 30)) == []
    with wf_book.session() as session:
        (second,) = escalate_overdue(session, ledger, date(2026, 5, 12))
    assert second.rung == "superior_procuratorate"
    assert second.to == "福建省漳州市人民检察院"  # C000001 is of 350602, a district of 3506
    assert flow.state("C000001").clue.status == S.ESCALATED


def test_rectified_unserved_and_urgent_actions(
    flow: Workflow, wf_book: Casebook, ledger: Ledger
) -> None:
    _serve(flow, "C000001")
    flow.move("C000001", S.RECTIFIED, actor="漳州监狱", at=datetime(2026, 2, 1))
    _serve(flow, "C000002", ActionSpec("漳州监狱", urgent=True))  # 15 days: due 01-21
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move("C000003", target, actor="甲", at=SERVED)
    take_step(flow, "C000003", S.RECOMMENDED, ActionSpec("某局"), actor="甲", at=SERVED)
    with wf_book.session() as session:
        waiting = overdue_actions(session, date(2026, 1, 22))
    assert [(c.id, due) for c, _, due, _ in waiting] == [(2, date(2026, 1, 21))]
    assert _escalate(wf_book, ledger, date(2026, 6, 1)) == ["C000002"]


def test_a_clue_moved_meanwhile_is_skipped(
    flow: Workflow, wf_book: Casebook, ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    _serve(flow, "C000001")

    def found_then_bumped(session: Session, as_of: date, **options: Any) -> list[Any]:
        found = overdue_actions(session, as_of, **options)
        # another writer moves the clue after we read it (our loaded row stays stale)
        session.execute(
            update(Clue)
            .values(version=Clue.version + 1)
            .execution_options(synchronize_session=False)
        )
        return found

    monkeypatch.setattr(escalation, "overdue_actions", found_then_bumped)
    with wf_book.session() as session:
        (result,) = escalate_overdue(session, ledger, date(2026, 4, 1))
    assert result.skipped is not None and "他人" in result.skipped
    assert flow.state("C000001").clue.status == S.SERVED


@pytest.mark.parametrize(
    ("unit", "superior"),
    [("350602", "3506"), ("350600", "35"), ("3506", "35"), ("350610", "3506")],
)
def test_superior_units(unit: str, superior: str) -> None:
    assert superior_unit(unit) == superior
