"""Helpers shared by the workflow tests (imported by conftest.py and the tests)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from jiancha.casebook import Casebook
from jiancha.casebook.actions import STATUS_DOCUMENTS
from jiancha.casebook.documents import DocumentView
from jiancha.casebook.workflow import ActionSpec, Workflow
from jiancha.models.hit import Evidence, Hit, LegalBasis, RunInfo

WF_T0 = datetime(2026, 1, 5, 9, 0)
WF_MODEL = "execution.commutation_too_early"


def wf_hit(key_id: str, unit: str = "350602", version: str = "1") -> Hit:
    return Hit(
        model_id=WF_MODEL,
        model_version=version,
        unit_code=unit,
        subject={"name": f"张{key_id}", "id_number": f"35060219800101{key_id[-4:]}"},
        key=Evidence("execution_change", key_id),
        evidence=(Evidence("execution_change", key_id), Evidence("prisoner", f"P{key_id}")),
        facts={"served_months": 10, "required_months": 12},
        legal_basis=(LegalBasis("最高人民法院关于办理减刑、假释案件具体应用法律的规定", "第六条"),),
        domain="execution",
        title="首次减刑间隔不足",
    )


def wf_record(book: Casebook, n: int, hits: list[Hit]) -> None:
    info = RunInfo(
        run_id=f"run-{n}",
        started_at=WF_T0 + timedelta(days=n),
        as_of=date(2026, 1, n),
        models={WF_MODEL: "1"},
        batches=(1,),
        parameters={WF_MODEL: {}},
    )
    book.record_run(info, {WF_MODEL: hits}, {}, info.started_at)


def take_step(
    flow: Workflow,
    clue: str,
    status: str,
    spec: ActionSpec,
    *,
    actor: str = "检察官甲",
    at: datetime | None = None,
) -> DocumentView:
    """Take a step that issues a document (已制发检察建议…) as the workbench does: the
    step's document written from the clue and confirmed, which moves the clue."""
    from jiancha.casebook.documents import issue_document

    assert flow.ledger.files is not None
    with flow.book.session() as session:
        return issue_document(
            session, flow.ledger, flow.ledger.files, clue, STATUS_DOCUMENTS[status][0],
            actor=actor, at=at, recipient=spec.recipient, urgent=spec.urgent,
            reply_days=spec.reply_days,
        )  # fmt: skip
