"""The clue inbox, the clue page and its workflow actions, documents and deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.accounts import UserView
from jiancha.casebook.actions import KIND_ABBREVIATIONS, document_title
from jiancha.casebook.casework import ClueDetail
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.status import DISMISSAL_LABELS, EVENT_LABELS, STATUS_LABELS
from jiancha.casebook.views import EvidenceSnapshot
from jiancha.casebook.workflow import ActionSpec
from jiancha.reports.clue_export import DOMAIN_LABELS
from jiancha.schema import contract
from jiancha.web.access import CASE_WORKERS, UNMASKERS
from jiancha.web.deps import UserDep, Workbench, WorkbenchDep
from jiancha.web.masking import Masker
from jiancha.web.routes.render import page
from jiancha.web.sealed import guard as guard_sealed

router = APIRouter(include_in_schema=False)
_PROVENANCE = ("_batch_id", "_row", "_row_hash", "_flags")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@router.get("/clues")
def inbox(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    model: str | None = None,
    domain: str | None = None,
    status: str | None = None,
    unit: str | None = None,
    assignee: str | None = None,
    sort: str = "-id",
    page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    filters = ClueFilter(
        model=model,
        domain=domain,
        status=status,
        unit=unit,
        assignee=assignee,
        sort=sort,
        page=page_no,
    )
    found = bench.work.inbox(filters, user.units)
    template = "_inbox_table.html" if request.headers.get("hx-request") else "inbox.html"
    return page(
        request,
        template,
        found=found,
        filters=filters,
        statuses=STATUS_LABELS,
        models=bench.model_ids(),
        domains=list(DOMAIN_LABELS),
    )


@router.post("/clues/assign")
def bulk_assign(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    assignee: Annotated[str, Form(min_length=1, max_length=128)],
    clue_ids: Annotated[list[str], Form()],
) -> Response:
    states = bench.work.assign_many(clue_ids, assignee, actor=user.display_name, units=user.units)
    for state in states:
        bench.audit(
            request,
            "assign",
            subject=state.clue.id,
            unit_code=state.clue.unit_code,  # the auditor of that unit sees it
            detail={"to": assignee, "bulk": True},
        )
    return RedirectResponse(f"/clues?assignee={quote(assignee)}", status_code=303)


def _evidence_tables(
    rows: list[EvidenceSnapshot], masker: Masker | None
) -> dict[str, dict[str, Any]]:
    """Evidence snapshots grouped by table: the columns and the rows, provenance left out;
    masked by ``masker`` when there is one."""
    tables: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.table not in tables:
            tables[row.table] = {"columns": [], "rows": [], **_table_labels(row.table)}
        values = {k: v for k, v in row.snapshot.items() if k not in _PROVENANCE}
        values = masker.mapping(values) if masker else values
        table = tables[row.table]
        for key in values:
            if key not in table["columns"]:
                table["columns"].append(key)
        table["rows"].append(values)
    return dict(tables)


def _table_labels(name: str) -> dict[str, Any]:
    """The Chinese label of a warehouse table and of its columns (from the data contract)."""
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
KIND_LABELS = {kind: document_title(kind) for kind in (*KIND_ABBREVIATIONS, "reply")}


def _clue_context(
    bench: Workbench, user: UserView, detail: ClueDetail, masked: bool
) -> dict[str, Any]:
    view = detail.clue
    # one masker for the page: a date completing an id number anywhere on it is masked too
    snapshots = [row.snapshot for row in detail.evidence]
    masker = Masker.over(view.subject, view.facts, snapshots) if masked else None
    return {
        "clue": view,
        "state": detail.state,
        "subject": masker.mapping(view.subject) if masker else view.subject,
        "subject_labels": SUBJECT_LABELS,
        "fact_labels": {
            **bench.fact_labels(view.model_id),
            "link_probability": "人员关联最低匹配概率",
        },
        "facts": masker.mapping(view.facts) if masker else view.facts,
        "evidence": _evidence_tables(detail.evidence, masker),
        "history": detail.history,
        "event_labels": EVENT_LABELS,
        "proof": detail.proof,
        "documents": detail.documents,
        "kind_labels": KIND_LABELS,
        "dismissal_labels": DISMISSAL_LABELS,
        "kinds": list(KIND_ABBREVIATIONS),
        "masked": masked,
        "may_unmask": user.role in UNMASKERS,
    }


def _clue_page(
    request: Request, bench: Workbench, user: UserView, clue_id: str, **extra: Any
) -> Response:
    detail = bench.work.clue(clue_id, units=user.units)
    sealed = guard_sealed(request, bench, user, detail.clue, detail.evidence)
    if user.role in CASE_WORKERS and detail.documents:
        extra.setdefault("service_links", bench.work.service_links(clue_id, units=user.units))
    context = _clue_context(bench, user, detail, masked=True)
    return page(request, "clue.html", **extra, **context, sealed_notice=sealed)


@router.get("/clues/{clue_id}")
def clue_page(request: Request, bench: WorkbenchDep, user: UserDep, clue_id: str) -> Response:
    return _clue_page(request, bench, user, clue_id)


@router.post("/clues/{clue_id}/unmask")
def clue_unmask(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    reason: Annotated[str, Form(min_length=2, max_length=500)],
) -> Response:
    """The clue with personal data shown: an explicit, audited action each time."""
    detail = bench.work.clue(clue_id, units=user.units)
    clue = detail.clue
    sealed = guard_sealed(request, bench, user, clue, detail.evidence)
    bench.audit(
        request, "unmask", subject=clue.id, unit_code=clue.unit_code, detail={"reason": reason}
    )
    context = _clue_context(bench, user, detail, masked=False)
    return page(request, "clue.html", **context, sealed_notice=sealed)


@router.post("/clues/{clue_id}/move")
def clue_move(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    to: Annotated[str, Form(max_length=64)],
    reason: Annotated[str | None, Form(max_length=2000)] = None,
    reason_code: Annotated[str | None, Form(max_length=64)] = None,
    recipient: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    state = bench.work.move(
        clue_id,
        to,
        actor=user.display_name,
        reason=reason or None,
        reason_code=reason_code or None,
        action=ActionSpec(recipient) if recipient else None,
        units=user.units,
    )
    clue = state.clue
    bench.audit(request, "move", subject=clue.id, unit_code=clue.unit_code, detail={"to": to})
    return RedirectResponse(f"/clues/{clue.id}", status_code=303)


@router.post("/clues/{clue_id}/assign")
def clue_assign(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    assignee: Annotated[str, Form(min_length=1, max_length=128)],
) -> Response:
    state = bench.work.assign(clue_id, assignee, actor=user.display_name, units=user.units)
    clue = state.clue
    bench.audit(
        request, "assign", subject=clue.id, unit_code=clue.unit_code, detail={"to": assignee}
    )
    return RedirectResponse(f"/clues/{clue.id}", status_code=303)


@router.post("/clues/{clue_id}/documents")
def clue_issue_document(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    kind: Annotated[str | None, Form(max_length=64)] = None,
    request_text: Annotated[str, Form(alias="request", max_length=5000)] = "",
) -> Response:
    document = bench.work.issue_document(
        clue_id, kind or None, actor=user.display_name, request=request_text, units=user.units
    )
    bench.audit(
        request,
        "document",
        subject=document.clue_id,
        unit_code=document.unit_code,
        detail={"document": document.number},
    )
    return RedirectResponse(f"/clues/{document.clue_id}#documents", status_code=303)


@router.get("/clues/{clue_id}/documents/{document_id}")
def clue_download(
    request: Request, bench: WorkbenchDep, user: UserDep, clue_id: str, document_id: int
) -> Response:
    document, data = bench.work.document(clue_id, document_id, units=user.units)
    bench.audit(
        request,
        "download",
        subject=document.clue_id,
        unit_code=document.unit_code,
        detail={"document": document.number, "file": document.filename},
    )
    media = DOCX if document.filename.endswith(".docx") else "application/octet-stream"
    disposition = f"attachment; filename*=UTF-8''{quote(document.filename)}"
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})


@router.post("/clues/{clue_id}/service")
def clue_serve(request: Request, bench: WorkbenchDep, user: UserDep, clue_id: str) -> Response:
    """Issue an e-service link for the clue's newest served-kind document."""
    issued = bench.work.serve(clue_id, actor=user.display_name, units=user.units)
    # the configured public address, never the request's Host header (which a client
    # chooses); without one the page shows the path and says what to configure
    url = issued.url(bench.project.config.web.public_url)
    bench.audit(
        request,
        "serve",
        subject=issued.document.clue_id,
        unit_code=issued.document.unit_code,
        detail={"document": issued.document.number},
    )
    return _clue_page(request, bench, user, clue_id, service_url=url)


@router.post("/clues/{clue_id}/service/revoke")
def clue_serve_revoke(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    link: Annotated[str, Form(min_length=1, max_length=512)],
) -> Response:
    """Withdraw an e-service link the court has not used yet."""
    revoked = bench.work.revoke_service(clue_id, link, actor=user.display_name, units=user.units)
    bench.audit(
        request,
        "serve_revoke",
        subject=revoked.clue_id,
        detail={"document": revoked.document_number, "link": revoked.token_id},
    )
    return _clue_page(request, bench, user, clue_id, revoked_link=revoked.token_id)


@router.get("/deadlines")
def deadlines(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    within: Annotated[int, Query(ge=0, le=3650)] = 30,
) -> Response:
    items = bench.work.due(timedelta(days=within), date.today(), units=user.units)
    return page(request, "deadlines.html", items=items, within=within)
