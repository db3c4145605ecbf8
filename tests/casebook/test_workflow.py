"""The clue workflow: every allowed and refused move, reasons, undo, runs, concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import update
from wf_support import WF_T0, take_step, wf_hit, wf_record

from jiancha.casebook import Casebook, ClueStatus, EventKind
from jiancha.casebook.actions import STATUS_DOCUMENTS
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.status import DismissalReason
from jiancha.casebook.tables import Clue
from jiancha.casebook.workflow import (
    TRANSITIONS,
    ActionSpec,
    Workflow,
    WorkflowState,
    allowed_moves,
    parse_status,
)
from jiancha.errors import CasebookError, TransitionError

S = ClueStatus
SPEC = ActionSpec(recipient="漳州市芗城区市场监督管理局")


def _move(flow: Workflow, target: str) -> WorkflowState:
    """Move C000001 with everything any move may need, so only the table decides."""
    return flow.move(
        "C000001",
        target,
        actor="检察官甲",
        reason="核查记录见卷",
        reason_code=DismissalReason.NO_VIOLATION.value,
        action=SPEC,
    )


def _take(flow: Workflow, target: str) -> WorkflowState:
    """An allowed move; a step that issues a document by confirming one."""
    if target in STATUS_DOCUMENTS:
        take_step(flow, "C000001", target, SPEC)
        return flow.state("C000001")
    return _move(flow, target)


def test_every_allowed_and_every_refused_move(flow: Workflow, wf_book: Casebook) -> None:
    allowed = refused = 0
    for source in S:
        for target in S:
            wf_book.change_status("C000001", source, actor="测试")
            if target in allowed_moves(source):
                state = _take(flow, target)
                assert state.clue.status == target
                allowed += 1
            else:
                with pytest.raises(TransitionError) as caught:
                    _move(flow, target)
                message = str(caught.value)
                assert "C000001" in message
                assert f"（{source.value}）" in message and f"（{target.value}）" in message
                assert wf_book.get_clue("C000001").status == source
                refused += 1
    assert allowed == sum(len(v) for v in TRANSITIONS.values())
    assert allowed + refused == len(S) ** 2


def test_the_full_lifecycle_is_an_append_only_history(flow: Workflow, wf_book: Casebook) -> None:
    at = WF_T0
    flow.assign("C000001", "检察官乙", actor="部门负责人", at=at)
    flow.move("C000001", S.VERIFYING, actor="检察官乙", at=at + timedelta(days=1))
    flow.move("C000001", S.OPENED, actor="检察官乙", reason="违法属实", at=at + timedelta(days=3))
    take_step(
        flow, "C000001", S.RECOMMENDED, ActionSpec("漳州监狱", urgent=True),
        actor="检察官乙", at=at + timedelta(days=5),
    )  # fmt: skip
    state = flow.state("C000001")
    assert state.actions[0].kind == "recommendation" and state.actions[0].urgent
    flow.move("C000001", S.SERVED, actor="送达员", at=at + timedelta(days=6))
    flow.move("C000001", S.REPLIED, actor="检察官乙", at=at + timedelta(days=20))
    flow.move("C000001", S.RECTIFIED, actor="检察官乙", at=at + timedelta(days=30))
    final = flow.move("C000001", S.CLOSED, actor="检察官乙", at=at + timedelta(days=31))

    assert final.clue.status == S.CLOSED and final.allowed == ()
    assert final.assignee == "检察官乙"
    action = final.actions[0]
    assert action.served_at == at + timedelta(days=6)
    assert action.rectified_at == at + timedelta(days=30)
    history = wf_book.clue_history("C000001")
    moves = [(e.from_status, e.to_status) for e in history if e.kind == EventKind.MOVED]
    assert moves[0] == ("new", "assigned") and moves[-1] == ("rectified", "closed")
    assert len(moves) == 8


def test_dismissal_needs_a_reason_from_the_list(flow: Workflow) -> None:
    flow.assign("C000002", "检察官甲", actor="负责人")
    with pytest.raises(TransitionError, match="须写明理由"):
        flow.move("C000002", S.DISMISSED, actor="检察官甲", reason_code="no_violation")
    with pytest.raises(TransitionError, match="经核查无违法情形"):
        flow.move("C000002", S.DISMISSED, actor="检察官甲", reason="不成立", reason_code="bad")
    state = flow.move(
        "C000002", S.DISMISSED, actor="检察官甲", reason="刑期计算无误", reason_code="data_error"
    )
    assert state.clue.status == S.DISMISSED


def test_no_reply_before_service_and_actions_need_a_recipient(flow: Workflow) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move("C000001", target, actor="甲", reason="x", action=None)
    with pytest.raises(TransitionError, match="接收"):
        flow.move("C000001", S.RECOMMENDED, actor="甲")
    take_step(flow, "C000001", S.RECOMMENDED, SPEC)
    with pytest.raises(TransitionError, match="已回复"):
        flow.move("C000001", S.REPLIED, actor="甲")


def test_undo_is_a_new_event_and_steps_back(flow: Workflow, wf_book: Casebook) -> None:
    flow.assign("C000001", "检察官甲", actor="负责人")
    flow.move("C000001", S.VERIFYING, actor="检察官甲")
    flow.move("C000001", S.DISMISSED, actor="检察官甲", reason="无", reason_code="duplicate")

    with pytest.raises(TransitionError, match="理由"):
        flow.undo("C000001", actor="负责人", reason=" ")
    assert flow.undo("C000001", actor="负责人", reason="误点").clue.status == S.VERIFYING
    assert flow.undo("C000001", actor="负责人", reason="再核").clue.status == S.ASSIGNED
    back = flow.undo("C000001", actor="负责人", reason="重新分派")
    assert back.clue.status == S.NEW and back.assignee is None
    with pytest.raises(TransitionError, match="没有可撤回"):
        flow.undo("C000001", actor="负责人", reason="再撤")

    kinds = [e.kind for e in wf_book.clue_history("C000001")]
    assert kinds.count(EventKind.UNDONE) == 3 and kinds.count(EventKind.MOVED) == 3


def test_undo_of_service_clears_the_reply_clock(flow: Workflow) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move("C000001", target, actor="甲")
    take_step(flow, "C000001", S.CORRECTION_NOTIFIED, SPEC)
    assert flow.move("C000001", S.SERVED, actor="甲").actions[0].served_at is not None
    assert flow.undo("C000001", actor="甲", reason="送达地址错误").actions[0].served_at is None


def test_objection_review_results(flow: Workflow, wf_book: Casebook) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move("C000001", target, actor="甲")
    take_step(flow, "C000001", S.RECOMMENDED, SPEC)
    flow.move("C000001", S.SERVED, actor="甲")
    with pytest.raises(TransitionError, match="理由"):
        flow.move("C000001", S.OBJECTED, actor="被建议单位")
    flow.move("C000001", S.OBJECTED, actor="被建议单位", reason="认为事实认定有误")
    flow.move("C000001", S.SERVED, actor="甲", reason="复核后维持")
    assert wf_book.clue_history("C000001")[-1].detail["objection_result"] == "maintain"


def test_runs_do_not_override_workflow_states(flow: Workflow, wf_book: Casebook) -> None:
    flow.assign("C000001", "检察官甲", actor="负责人")
    flow.move("C000001", S.VERIFYING, actor="检察官甲")
    wf_record(wf_book, 2, [wf_hit("E0002")])  # E0001 gone from the data
    assert wf_book.get_clue("C000001").status == S.VERIFYING
    wf_record(wf_book, 3, [wf_hit("E0001")])
    assert wf_book.get_clue("C000001").status == S.VERIFYING


def test_a_stale_version_or_a_run_in_between_is_refused(flow: Workflow, wf_book: Casebook) -> None:
    seen = flow.state("C000001")
    flow.assign("C000001", "检察官甲", actor="负责人")
    with pytest.raises(TransitionError, match="已被他人更新"):
        flow.move("C000001", S.VERIFYING, actor="乙", expected_version=seen.version)

    # a writer that changed the row after we read it: the guarded UPDATE matches nothing
    with wf_book.session() as session:
        session.execute(update(Clue).where(Clue.id == 2).values(version=Clue.version + 5))
    assert flow.move("C000002", S.ASSIGNED, actor="甲").version == 6


def test_assign_and_reassign(flow: Workflow, wf_book: Casebook) -> None:
    assert flow.assign("C000003", "甲", actor="负责人").clue.status == S.ASSIGNED
    state = flow.assign("C000003", "乙", actor="负责人", reason="甲出差")
    assert (state.clue.status, state.assignee) == (S.ASSIGNED, "乙")
    assert wf_book.clue_history("C000003")[-1].kind == EventKind.ASSIGNED
    assert flow.undo("C000003", actor="负责人", reason="甲回来了").assignee == "甲"
    with pytest.raises(TransitionError, match="承办人"):
        flow.assign("C000003", " ", actor="负责人")


def test_status_names_and_unknown_clues(flow: Workflow) -> None:
    assert parse_status("核查中") == S.VERIFYING
    assert parse_status("closed") == S.CLOSED
    with pytest.raises(CasebookError, match="飞了"):
        parse_status("飞了")
    with pytest.raises(CasebookError, match="C000099"):
        flow.move("C000099", S.ASSIGNED, actor="甲")
    with pytest.raises(TransitionError, match="没有 “nowhere”"):
        flow.move("C000001", "nowhere", actor="甲")


def _race(flows: list[Workflow], clue: str) -> list[str]:
    """Two workflows move ``clue`` from verifying at the same moment; who won or lost."""
    targets = [S.OPENED, S.DISMISSED]
    outcome: list[str] = []
    barrier = threading.Barrier(2)

    def move(i: int) -> None:
        barrier.wait()
        try:
            flows[i].move(
                clue, targets[i], actor=f"检察官{i}", reason="并发", reason_code="no_violation"
            )
            outcome.append("won")
        except CasebookError:  # TransitionError, or SQLite's busy lock
            outcome.append("lost")

    threads = [threading.Thread(target=move, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def test_two_writers_racing_leave_one_valid_history(wf_db_url: str, ledger: Ledger) -> None:
    """Threads with their own engines move the same clue at once: one wins each time."""
    rounds = 6
    setup = Casebook.open(wf_db_url)
    wf_record(setup, 1, [wf_hit(f"E{n:04d}") for n in range(rounds)])
    setup.close()
    books = [Casebook.open(wf_db_url) for _ in range(2)]
    flows = [Workflow(b, ledger) for b in books]
    try:
        for n in range(1, rounds + 1):
            clue = f"C{n:06d}"
            flows[0].assign(clue, "甲", actor="负责人")
            flows[0].move(clue, S.VERIFYING, actor="甲")

            assert sorted(_race(flows, clue)) == ["lost", "won"]
            history = books[0].clue_history(clue)
            racing = [e for e in history if e.from_status == S.VERIFYING]
            assert len(racing) == 1
            assert books[0].get_clue(clue).status == racing[0].to_status
        with books[0].session() as session:
            assert ledger.verify(session).ok
    finally:
        for book in books:
            book.close()
