"""Drafts: written from the clue, edited, numbered only when confirmed; a step that issues a
document (已制发检察建议…) is taken with its confirmed document and refused without one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest
from doc_support import record_parole_clues
from sqlalchemy import select

from jiancha.casebook import Casebook, ClueStatus
from jiancha.casebook.documents import (
    confirm_draft,
    document_text,
    documents_of,
    draft_text,
    drafts_of,
    new_draft,
    parse_draft_text,
    save_draft,
)
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.tables import Document
from jiancha.casebook.workflow import ActionSpec, Workflow
from jiancha.errors import CasebookError, NotFound, TransitionError
from jiancha.models.hit import Evidence, Hit, LegalBasis, RunInfo

S = ClueStatus
AT = datetime(2026, 12, 4, 10)


@pytest.fixture
def book(wf_db_url: str) -> Iterator[Casebook]:
    opened = Casebook.open(wf_db_url)
    record_parole_clues(opened, 3)
    yield opened
    opened.close()


@pytest.fixture
def flow(book: Casebook, ledger: Ledger) -> Workflow:
    return Workflow(book, ledger)


def opened_clue(flow: Workflow, clue: str) -> None:
    for target in (S.ASSIGNED, S.VERIFYING, S.OPENED):
        flow.move(clue, target, actor="检察官甲")


def test_a_draft_takes_its_number_only_when_confirmed(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    opened_clue(flow, "C000001")
    opened_clue(flow, "C000002")
    with book.session() as session:
        first = new_draft(session, "C000001", "recommendation", actor="甲", recipient="漳州监狱")
        second = new_draft(session, "C000002", "recommendation", actor="甲", recipient="漳州监狱")
        assert session.scalar(select(Document)) is None  # no number, no file for a draft
        assert first.number is None and not first.confirmed
        # the later draft confirmed first takes number 1
        made = confirm_draft(session, ledger, files, "C000002", second.id, actor="甲", at=AT)
        again = confirm_draft(session, ledger, files, "C000001", first.id, actor="甲", at=AT)
        assert (made.number, again.number) == ("漳芗检建〔2026〕1号", "漳芗检建〔2026〕2号")
        [seen] = drafts_of(session, "C000001")
        assert seen.confirmed and seen.number == "漳芗检建〔2026〕2号"
        with pytest.raises(CasebookError, match="已确认编号，不能再修改"):
            save_draft(session, "C000001", first.id, actor="甲", recipient="某局", sections={})
        with pytest.raises(CasebookError, match="不能重复确认"):
            confirm_draft(session, ledger, files, "C000001", first.id, actor="甲")
        with pytest.raises(NotFound, match="没有第"):
            confirm_draft(session, ledger, files, "C000003", first.id, actor="甲")


def test_the_edited_text_is_the_documents_and_the_step_is_taken_with_it(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    opened_clue(flow, "C000001")
    with book.session() as session:
        draft = new_draft(session, "C000001", "recommendation", actor="甲", at=AT)
        assert "罪犯王某某于2024年10月30日" in draft.sections["facts"]
        edited = save_draft(
            session, "C000001", draft.id, actor="乙", recipient="漳州监狱", urgent=True,
            reply_days=None, at=AT,
            sections={**draft.sections, "request": "建议你单位立即组织复查。\r\n\r\n并书面回复。"},
        )  # fmt: skip
        assert edited.sections["request"] == "建议你单位立即组织复查。\n并书面回复。"
        assert edited.updated_by == "乙"
        made = confirm_draft(session, ledger, files, "C000001", draft.id, actor="乙", at=AT)
    text = document_text(files.get(made.sha256))
    assert "建议你单位立即组织复查。\n并书面回复。" in text and "漳州监狱：" in text
    assert "十五日内" in text  # urgent
    state = flow.state("C000001")
    assert state.clue.status == S.RECOMMENDED
    (action,) = state.actions
    assert (action.recipient, action.urgent, action.kind) == ("漳州监狱", True, "recommendation")
    history = book.clue_history("C000001")
    assert history[-1].detail["document_id"] == made.id


def test_the_step_is_refused_without_a_confirmed_document(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    opened_clue(flow, "C000001")
    for status, title in (
        (S.RECOMMENDED, "检察建议书"),
        (S.CORRECTION_NOTIFIED, "纠正违法通知书"),
        (S.PIL_RECOMMENDED, "诉前检察建议书"),
        (S.TRANSFERRED, "线索移送函"),
    ):
        with pytest.raises(TransitionError, match=f"须先制作并确认{title}"):
            flow.move("C000001", status, actor="甲", action=ActionSpec("某局"))
    with book.session() as session:  # a draft is not enough
        new_draft(session, "C000001", "recommendation", actor="甲", recipient="某局")
    with pytest.raises(TransitionError, match="已制发检察建议"):
        flow.move("C000001", S.RECOMMENDED, actor="甲", action=ActionSpec("某局"))
    assert flow.state("C000001").clue.status == S.OPENED


def test_a_draft_of_a_clue_not_yet_opened_takes_no_number(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    with book.session() as session:
        draft = new_draft(session, "C000001", "recommendation", actor="甲", recipient="某局")
        with pytest.raises(TransitionError, match="当前“新线索”，不能制发检察建议书"):
            confirm_draft(session, ledger, files, "C000001", draft.id, actor="甲")
        with pytest.raises(CasebookError, match="须写明主送单位"):
            blank = new_draft(session, "C000002", "correction_notice", actor="甲")
            confirm_draft(session, ledger, files, "C000002", blank.id, actor="甲")
    with book.session() as session:
        assert documents_of(session, "C000001") == []
        assert session.scalar(select(Document)) is None


def test_undoing_the_step_frees_its_document_for_the_step_again(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    opened_clue(flow, "C000001")
    with book.session() as session:
        draft = new_draft(session, "C000001", "correction_notice", actor="甲", recipient="某所")
        made = confirm_draft(session, ledger, files, "C000001", draft.id, actor="甲", at=AT)
    assert flow.undo("C000001", actor="甲", reason="主送单位有误").clue.status == S.OPENED
    moved = flow.move("C000001", S.CORRECTION_NOTIFIED, actor="甲", action=ActionSpec("某所"))
    assert moved.clue.status == S.CORRECTION_NOTIFIED
    with book.session() as session:
        (again,) = documents_of(session, "C000001")  # the same number, no second one
        row = session.get(Document, made.id)
        assert again.number == made.number and row is not None
        assert row.action_id == moved.actions[-1].id


def test_a_civil_recommendation_is_the_recommendation_step(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    opened_clue(flow, "C000001")
    with book.session() as session:
        draft = new_draft(session, "C000001", "retrial_recommendation", actor="甲",
                          recipient="漳州市芗城区人民法院")  # fmt: skip
        made = confirm_draft(session, ledger, files, "C000001", draft.id, actor="甲", at=AT)
    assert made.number == "漳芗检民再建〔2026〕1号"
    assert flow.state("C000001").clue.status == S.RECOMMENDED


def test_a_reminder_needs_a_document_to_chase_and_takes_no_step(
    flow: Workflow, book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    with book.session() as session, pytest.raises(CasebookError, match="无需督促回复"):
        new_draft(session, "C000001", "reply_reminder", actor="甲")
    opened_clue(flow, "C000001")
    with book.session() as session:
        draft = new_draft(session, "C000001", "recommendation", actor="甲", recipient="漳州监狱")
        confirm_draft(session, ledger, files, "C000001", draft.id, actor="甲", at=AT)
    flow.move("C000001", S.SERVED, actor="甲", at=AT)
    with book.session() as session:
        reminder = new_draft(session, "C000001", "reply_reminder", actor="甲",
                             at=datetime(2027, 3, 1))  # fmt: skip
        assert reminder.recipient == "漳州监狱"  # the recipient of the document chased
        assert "截至2027年3月1日，已逾期" in reminder.sections["facts"]
        made = confirm_draft(session, ledger, files, "C000001", reminder.id, actor="甲",
                             at=datetime(2027, 3, 1))  # fmt: skip
    assert made.number == "漳芗检督〔2027〕1号"
    assert flow.state("C000001").clue.status == S.SERVED


def test_a_draft_as_text_reads_back(book: Casebook) -> None:
    with book.session() as session:
        draft = new_draft(session, "C000001", "recommendation", actor="甲", recipient="漳州监狱")
    text = draft_text(draft)
    assert text.startswith("【主送单位】\n漳州监狱\n\n【发现的问题】\n本院在履行法律监督职责中")
    edited = text.replace("【建议或要求】\n", "【建议或要求】\n请立即复查。\n")
    sections = parse_draft_text(draft, edited)
    assert sections["request"].startswith("请立即复查。")
    assert sections["facts"] == draft.sections["facts"]
    with pytest.raises(CasebookError, match="“【结论】”不是本文书的段落"):
        parse_draft_text(draft, "【结论】\n某")


def test_a_reminder_of_a_reply_the_warehouse_records_as_overdue(
    book: Casebook, ledger: Ledger, files: FileStore
) -> None:
    model = "management.recommendation_reply_overdue"
    evidence = Evidence("recommendation", "R0000009")
    hit = Hit(
        model_id=model, model_version="1", unit_code="350602",
        subject={"recipient": "漳州市芗城区市场监督管理局", "kind": "recommendation"},
        key=evidence, evidence=(evidence,),
        facts={"served_at": "2026-01-26", "period_last_day": "2026-03-26",
               "deadline": "2026-03-26", "replied_at": None, "stated_days": None,
               "urgent": False},
        legal_basis=(LegalBasis("人民检察院检察建议工作规定", "第十九条"),),
        domain="management", title="检察建议回复逾期",
    )  # fmt: skip
    row = {"record_id": "R0000009", "kind": "recommendation", "issued_at": "2026-01-20",
           "served_at": "2026-01-26", "recipient": "漳州市芗城区市场监督管理局"}  # fmt: skip
    info = RunInfo("run-overdue", datetime(2026, 4, 1), date(2026, 4, 1), {model: "1"}, (1,))
    book.record_run(info, {model: [hit]}, {evidence: row}, info.started_at)
    with book.session() as session:
        draft = new_draft(session, "C000004", "reply_reminder", actor="甲", at=AT)
        made = confirm_draft(session, ledger, files, "C000004", draft.id, actor="甲", at=AT)
    assert draft.recipient == "漳州市芗城区市场监督管理局"
    text = document_text(files.get(made.sha256))
    assert "本院于2026年1月20日向你单位制发《检察建议书》，于2026年1月26日送达" in text
    assert "要求你单位于2026年3月26日前将办理情况书面回复本院。" in text
    assert "截至2026年12月4日，已逾期253日" in text
    assert "请你单位抓紧办理本院文书所提事项" in text  # the model's request
