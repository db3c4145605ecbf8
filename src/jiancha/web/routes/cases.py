"""The clue inbox, the clue page and its workflow actions, documents and deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select

from jiancha import casework
from jiancha.casebook.accounts import UserView
from jiancha.casebook.documents import KIND_ABBREVIATIONS, documents_of, issue_document
from jiancha.casebook.status import EVENT_LABELS, STATUS_LABELS
from jiancha.casebook.store import history_in
from jiancha.casebook.tables import LedgerEntry
from jiancha.casebook.views import display_id
from jiancha.casebook.workflow import DISMISSAL_LABELS, ActionSpec, parse_status, state_in
from jiancha.reports.clue_export import DOMAIN_LABELS
from jiancha.web import queries
from jiancha.web.access import UNMASKERS
from jiancha.web.app import Workbench, bench, current_user
from jiancha.web.masking import mask_mapping
from jiancha.web.routes.render import page

router = APIRouter(include_in_schema=False)
_PROVENANCE = ("_batch_id", "_row", "_row_hash", "_flags")
KIND_LABELS = {
    "recommendation": "检察建议书",
    "correction_notice": "纠正违法通知书",
    "pil_pre_litigation": "诉前检察建议书",
    "supervisory_transfer": "移送函",
}


@router.get("/clues")
def inbox(
    request: Request,
    model: str | None = None,
    domain: str | None = None,
    status: str | None = None,
    unit: str | None = None,
    assignee: str | None = None,
    sort: str = "-id",
    page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    user = current_user(request)
    filters = queries.InboxFilter(model, domain, status, unit, assignee, sort, page_no)
    work = bench(request)
    with work.book.session("查询线索") as session:
        found = queries.inbox(session, user, filters)
    template = "_inbox_table.html" if request.headers.get("hx-request") else "inbox.html"
    return page(
        request,
        template,
        found=found,
        filters=filters,
        statuses=STATUS_LABELS,
        models=work.model_ids(),
        domains=list(DOMAIN_LABELS),
    )


@router.post("/clues/assign")
def bulk_assign(
    request: Request,
    assignee: Annotated[str, Form(min_length=1, max_length=128)],
    clue_ids: Annotated[list[str], Form()],
) -> Response:
    user = current_user(request)
    work = bench(request)
    with work.book.session("分派线索") as session:
        numbers = queries.scoped_ids(session, user, clue_ids)
    for number in numbers:
        work.work.workflow.assign(number, assignee, actor=user.display_name)
        work.audit(request, "assign", subject=display_id(number), detail={"to": assignee})
    return RedirectResponse(f"/clues?assignee={quote(assignee)}", status_code=303)


def _evidence_tables(rows: list[Any], masked: bool) -> dict[str, dict[str, Any]]:
    """Evidence snapshots grouped by table: the columns and the rows, provenance left out."""
    tables: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.table_name not in tables:
            tables[row.table_name] = {"columns": [], "rows": [], **_table_labels(row.table_name)}
        values = {k: v for k, v in row.snapshot.items() if k not in _PROVENANCE}
        values = mask_mapping(values) if masked else values
        table = tables[row.table_name]
        for key in values:
            if key not in table["columns"]:
                table["columns"].append(key)
        table["rows"].append(values)
    return dict(tables)


def _table_labels(name: str) -> dict[str, Any]:
    """The Chinese label of a warehouse table and of its columns (from the data contract)."""
    from jiancha.schema import contract

    table = contract().tables.get(name)
    if table is None:
        return {"label": name, "labels": {}}
    return {"label": table.label, "labels": {c.name: c.label for c in table.columns}}


SUBJECT_LABELS = {
    "name": "姓名",
    "id_number": "身份证号",
    "case_id": "案件编号",
    "org_code": "统一社会信用代码",
    "defendant_name": "被告人",
    "defendant_id_number": "被告人身份证号",
    "suspect_name": "嫌疑人",
    "suspect_id_number": "嫌疑人身份证号",
    "party_name": "当事人",
    "party_id_number": "当事人身份证号",
    "plaintiff_names": "原告",
    "defendant_names": "被告",
    "plaintiff_key": "原告证件号",
    "plaintiff_name": "原告",
    "party_key": "当事人证件号",
    "petitioner_name": "信访人",
    "recipient": "被建议单位",
    "case_ref": "关联案件",
    "item": "财物",
}


def _clue_context(work: Workbench, user: UserView, clue_id: str, masked: bool) -> dict[str, Any]:
    from jiancha.casebook.tables import ClueEvidence

    with work.book.session("查询线索") as session:
        clue = queries.clue_in_scope(session, user, clue_id)
        shown = display_id(clue.id)
        state = state_in(session, clue.id)
        evidence = list(
            session.scalars(
                select(ClueEvidence)
                .where(ClueEvidence.clue_id == clue.id)
                .order_by(ClueEvidence.id)
            )
        )
        proof = list(
            session.scalars(
                select(LedgerEntry)
                .where(LedgerEntry.subject == f"clue:{shown}")
                .order_by(LedgerEntry.seq)
            )
        )
        documents = documents_of(session, clue.id)
        history = history_in(session, clue.id)
    view = state.clue
    return {
        "clue": view,
        "state": state,
        "subject": mask_mapping(view.subject) if masked else view.subject,
        "subject_labels": SUBJECT_LABELS,
        "fact_labels": {
            **work.fact_labels(view.model_id),
            "link_probability": "人员关联最低匹配概率",
        },
        "facts": mask_mapping(view.facts) if masked else view.facts,
        "evidence": _evidence_tables(evidence, masked),
        "history": history,
        "event_labels": EVENT_LABELS,
        "proof": proof,
        "documents": documents,
        "kind_labels": KIND_LABELS,
        "dismissal_labels": DISMISSAL_LABELS,
        "kinds": list(KIND_ABBREVIATIONS),
        "masked": masked,
        "may_unmask": user.role in UNMASKERS,
    }


@router.get("/clues/{clue_id}")
def clue_page(request: Request, clue_id: str) -> Response:
    user = current_user(request)
    context = _clue_context(bench(request), user, clue_id, masked=True)
    return page(request, "clue.html", **context)


@router.post("/clues/{clue_id}/unmask")
def clue_unmask(
    request: Request, clue_id: str, reason: Annotated[str, Form(min_length=2, max_length=500)]
) -> Response:
    """The clue with personal data shown: an explicit, audited action each time."""
    user = current_user(request)
    work = bench(request)
    context = _clue_context(work, user, clue_id, masked=False)
    clue = context["clue"]
    work.audit(
        request, "unmask", subject=clue.id, unit_code=clue.unit_code, detail={"reason": reason}
    )
    return page(request, "clue.html", **context)


@router.post("/clues/{clue_id}/move")
def clue_move(
    request: Request,
    clue_id: str,
    to: Annotated[str, Form(max_length=64)],
    reason: Annotated[str | None, Form(max_length=2000)] = None,
    reason_code: Annotated[str | None, Form(max_length=64)] = None,
    recipient: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    user = current_user(request)
    work = bench(request)
    with work.book.session("查询线索") as session:
        clue = queries.clue_in_scope(session, user, clue_id)
    action = ActionSpec(recipient) if recipient else None
    work.work.workflow.move(
        clue.id,
        parse_status(to),
        actor=user.display_name,
        reason=reason or None,
        reason_code=reason_code or None,
        action=action,
    )
    work.audit(
        request, "move", subject=display_id(clue.id), unit_code=clue.unit_code, detail={"to": to}
    )
    return RedirectResponse(f"/clues/{display_id(clue.id)}", status_code=303)


@router.post("/clues/{clue_id}/assign")
def clue_assign(
    request: Request, clue_id: str, assignee: Annotated[str, Form(min_length=1, max_length=128)]
) -> Response:
    user = current_user(request)
    work = bench(request)
    with work.book.session("查询线索") as session:
        clue = queries.clue_in_scope(session, user, clue_id)
    work.work.workflow.assign(clue.id, assignee, actor=user.display_name)
    work.audit(
        request,
        "assign",
        subject=display_id(clue.id),
        unit_code=clue.unit_code,
        detail={"to": assignee},
    )
    return RedirectResponse(f"/clues/{display_id(clue.id)}", status_code=303)


@router.post("/clues/{clue_id}/documents")
def clue_issue_document(
    request: Request,
    clue_id: str,
    kind: Annotated[str | None, Form(max_length=64)] = None,
    request_text: Annotated[str, Form(alias="request", max_length=5000)] = "",
) -> Response:
    user = current_user(request)
    work = bench(request)
    with work.book.session("制作文书") as session:
        clue = queries.clue_in_scope(session, user, clue_id)
        chosen = kind or casework._latest_action_kind(session, display_id(clue.id))
        document = issue_document(
            session,
            work.work.ledger,
            work.work.files,
            clue.id,
            chosen,
            actor=user.display_name,
            request=request_text,
            project_templates=work.work.templates,
        )
    work.audit(
        request,
        "document",
        subject=display_id(clue.id),
        unit_code=clue.unit_code,
        detail={"document": document.number},
    )
    return RedirectResponse(f"/clues/{display_id(clue.id)}#documents", status_code=303)


@router.get("/clues/{clue_id}/documents/{document_id}")
def clue_download(request: Request, clue_id: str, document_id: int) -> Response:
    user = current_user(request)
    work = bench(request)
    with work.book.session("下载文书") as session:
        document = queries.document_in_scope(session, user, clue_id, document_id)
        name, digest, unit = document.filename, document.sha256, document.unit_code
        number = document.number
    data = work.work.files.get(digest)
    work.audit(
        request,
        "download",
        subject=display_id(document.clue_id),
        unit_code=unit,
        detail={"document": number, "file": name},
    )
    media = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if name.endswith(".docx")
        else "application/octet-stream"
    )
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


@router.post("/clues/{clue_id}/service")
def clue_serve(request: Request, clue_id: str) -> Response:
    """Issue an e-service link for the clue's newest served-kind document."""
    user = current_user(request)
    work = bench(request)
    with work.book.session("查询线索") as session:
        clue = queries.clue_in_scope(session, user, clue_id)
        documents = [d for d in documents_of(session, clue.id) if d.kind in KIND_ABBREVIATIONS]
    chosen = casework._choose_document(display_id(clue.id), documents, None)
    token = work.work.desk.issue_link(chosen.id, actor=user.display_name)
    url = str(request.base_url).rstrip("/") + f"/service/{token}"
    context = _clue_context(work, user, clue_id, masked=True)
    return page(request, "clue.html", service_url=url, **context)


@router.get("/deadlines")
def deadlines(request: Request, within: Annotated[int, Query(ge=0, le=3650)] = 30) -> Response:
    user = current_user(request)
    work = bench(request)
    items = casework.due(work.project, timedelta(days=within), date.today(), units=user.units)
    return page(request, "deadlines.html", items=items, within=within)
