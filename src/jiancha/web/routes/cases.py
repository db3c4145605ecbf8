"""The clue inbox, the clue page and its workflow actions, documents and deadlines."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.accounts import UserView
from jiancha.casebook.actions import KIND_ABBREVIATIONS, STATUS_DOCUMENTS, document_title
from jiancha.casebook.casework import ClueDetail
from jiancha.casebook.finding import Finding
from jiancha.casebook.inbox import WORKFLOW_ORDER, ClueFilter
from jiancha.casebook.service import ServiceLinkView
from jiancha.casebook.status import (
    DISMISSAL_LABELS,
    EVENT_LABELS,
    STATUS_LABELS,
    ClueStatus,
    EventKind,
    status_label,
)
from jiancha.casebook.views import ClueEventView, EvidenceSnapshot
from jiancha.casebook.wording import (
    cell_text,
    code_text,
    column_labels,
    plain_text,
    subject_labels,
    table_column_labels,
)
from jiancha.casebook.workflow import REASON_REQUIRED, ActionSpec
from jiancha.errors import CasebookError, NotFound, TransitionError
from jiancha.reports.clue_export import DOMAIN_LABELS
from jiancha.schema import Column, Table, contract
from jiancha.web.access import CASE_WORKERS, UNMASKERS
from jiancha.web.deps import UserDep, Workbench, WorkbenchDep
from jiancha.web.labels import LEDGER_KIND_LABELS
from jiancha.web.masking import Masker
from jiancha.web.routes.inbox import filter_query
from jiancha.web.routes.render import page
from jiancha.web.sealed import guard as guard_sealed

router = APIRouter(include_in_schema=False)
_PROVENANCE = ("_batch_id", "_row", "_row_hash", "_flags")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def assignees(bench: Workbench, user: UserView) -> list[str]:
    """Whom a leader may assign a clue to, by the name the workbench shows (a clue is a
    user's by their login or this name): the active prosecutors and leaders whose units
    overlap the leader's."""

    def overlaps(units: tuple[str, ...]) -> bool:
        return any(a.startswith(b) or b.startswith(a) for a in units for b in user.units)

    found = [
        u.display_name or u.username
        for u in bench.work.accounts.users()
        if u.active and u.role in CASE_WORKERS and overlaps(u.units)
    ]
    return sorted(set(found))


def assignee_names(bench: Workbench, name: str | None) -> str | tuple[str, ...] | None:
    """The names a filter by assignee matches: a user's login and display name both (a
    clue assigned by either is theirs), else the name as typed."""
    if not name:
        return name
    for u in bench.work.accounts.users():
        if name in (u.username, u.display_name):
            return tuple({u.username, u.display_name or u.username})
    return name


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
    run: Annotated[str | None, Query(max_length=64)] = None,
    since: date | None = None,
    until: date | None = None,
    saved: Annotated[str | None, Query(max_length=64)] = None,
    page_no: Annotated[int, Query(alias="page", ge=1, le=1_000_000)] = 1,
) -> Response:
    filters = ClueFilter(
        model=model,
        domain=domain,
        status=status,
        unit=unit,
        assignee=assignee_names(bench, assignee),
        sort=sort,
        page=page_no,
        first_seen_run=run or None,
        since=since,
        until=until,
    )
    found = bench.work.inbox(filters, user.units)
    hx = request.headers.get("hx-request")
    template = "_inbox_table.html" if hx else "inbox.html"
    return page(
        request,
        template,
        found=found,
        filters=replace(filters, assignee=assignee),
        assignees=assignees(bench, user) if user.role == "leader" else [],
        query=filter_query(
            model=model,
            domain=domain,
            status=status,
            unit=unit,
            assignee=assignee,
            since=since,
            until=until,
            run=run,
            sort=sort,
        ),
        saved_filters=[] if hx else bench.work.saved_filters(user.id),
        saved=saved,
        statuses={s: STATUS_LABELS[s] for s in WORKFLOW_ORDER if s in STATUS_LABELS},
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
    """Evidence snapshots grouped by table: the columns and the rows as read (codes by their
    labels, amounts in 元, dates in Chinese), provenance left out; masked by ``masker`` when
    there is one."""
    tables: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.table not in tables:
            tables[row.table] = {"columns": [], "rows": [], **_table_labels(row.table)}
        values = {k: v for k, v in row.snapshot.items() if k not in _PROVENANCE}
        values = masker.mapping(values) if masker else values
        table = tables[row.table]
        shape = contract().tables.get(row.table)
        for key in values:
            if key not in table["columns"]:
                table["columns"].append(key)
        table["rows"].append({k: cell_text(_column(shape, k), v) for k, v in values.items()})
    return dict(tables)


def _column(table: Table | None, name: str) -> Column | None:
    if table is None or name not in table.column_names:
        return None
    return table.column(name)


def _table_labels(name: str) -> dict[str, Any]:
    """The Chinese label of a warehouse table and of its columns (from the data contract)."""
    table = contract().tables.get(name)
    if table is None:
        return {"label": "其他来源", "labels": column_labels()}
    return {"label": table.label, "labels": table_column_labels(name)}


KIND_LABELS = {kind: document_title(kind) for kind in (*KIND_ABBREVIATIONS, "reply")}


def _clue_context(
    bench: Workbench, user: UserView, detail: ClueDetail, masked: bool
) -> dict[str, Any]:
    view = detail.clue
    masker = page_masker(detail) if masked else None
    found = masked_finding(detail.finding, masker) if masker else detail.finding
    return {
        "clue": replace(view, title=masker.text(view.title)) if masker else view,
        "state": detail.state,
        "finding": found,
        "subject": _readable(masker.mapping(view.subject) if masker else view.subject),
        "subject_labels": subject_labels(),
        "evidence": _evidence_tables(detail.evidence, masker),
        "history": masked_history(detail.history, masker) if masker else detail.history,
        "event_labels": EVENT_LABELS,
        "ledger_labels": LEDGER_KIND_LABELS,
        "proof": detail.proof,
        "documents": (
            [replace(d, filename=masker.text(d.filename)) for d in detail.documents]
            if masker
            else detail.documents
        ),
        "kind_labels": KIND_LABELS,
        "dismissal_labels": DISMISSAL_LABELS,
        "kinds": list(KIND_ABBREVIATIONS),
        "steps": [_step(view.id, to, _suggested(detail)) for to in detail.state.allowed],
        "may_undo": any(e.kind in _UNDOABLE for e in detail.history),
        "masked": masked,
        "may_unmask": user.role in UNMASKERS,
        "assignees": assignees(bench, user) if user.role == "leader" else [],
    }


_UNDOABLE = frozenset({EventKind.MOVED})


def page_masker(detail: ClueDetail) -> Masker:
    """One masker for the clue's page: a date completing an id number anywhere on it (the
    subject, the facts, the evidence rows, the notes of its history) is masked too."""
    notes = [(e.reason, e.detail) for e in detail.history]
    snapshots = [row.snapshot for row in detail.evidence]
    return Masker.over(detail.clue.subject, detail.clue.facts, snapshots, notes)


def masked_history(history: list[ClueEventView], masker: Masker) -> list[ClueEventView]:
    """The clue's history with the personal data in its free text masked: the reasons and
    notes people typed (a step's reason, an undo's) and what a record carried (an event's
    detail)."""
    return [
        replace(
            e,
            reason=masker.text(e.reason) if e.reason else e.reason,
            detail=masker.mapping(e.detail) if e.detail else e.detail,
        )
        for e in history
    ]


def masked_links(links: list[ServiceLinkView], masker: Masker) -> list[ServiceLinkView]:
    """Service links with their recipients (typed by a prosecutor) masked."""
    return [replace(link, recipient=masker.text(link.recipient)) for link in links]


def _suggested(detail: ClueDetail) -> str | None:
    document = detail.finding.document
    return document.kind if document is not None else None


@dataclass(frozen=True)
class Draft:
    """A document a step is taken with: drafted on its own page, the step taken when the
    draft is confirmed and numbered."""

    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class Step:
    """A next step of the workflow and the fields its form asks for (nothing more)."""

    to: str
    label: str
    reason: bool  # a reason field
    reason_required: bool
    reason_code: bool  # the dismissal reasons
    drafts: tuple[Draft, ...]  # a step that issues a document: its drafts, no form

    @property
    def draft_url(self) -> str | None:
        return self.drafts[0].url if self.drafts else None


def _step(clue_id: str, to: str, suggested: str | None = None) -> Step:
    """The step to ``to``; a step that issues a document offers its drafts, the model's
    suggested kind first."""
    kinds = sorted(STATUS_DOCUMENTS.get(to, ()), key=lambda k: k != suggested)
    return Step(
        to=to,
        label=status_label(to),
        reason=not kinds,
        reason_required=to in REASON_REQUIRED,
        reason_code=to == ClueStatus.DISMISSED,
        drafts=tuple(
            Draft(k, document_title(k), f"/clues/{clue_id}/documents/new?kind={k}") for k in kinds
        ),
    )


def _readable(values: dict[str, Any]) -> dict[str, str]:
    return {k: plain_text(v) if not isinstance(v, str) else code_text(v) for k, v in values.items()}


def masked_finding(found: Finding, masker: Masker | None = None) -> Finding:
    """The finding with personal data masked wherever it is written (by ``masker``, the
    page's, so that a birth date completing a masked id number is masked too)."""
    masker = masker or Masker.over(
        found.conclusion, [f.value for f in found.comparison], [r.text for r in found.records]
    )
    return replace(
        found,
        conclusion=masker.text(found.conclusion) if found.conclusion else None,
        records=tuple(replace(r, text=masker.text(r.text)) for r in found.records),
        comparison=tuple(
            replace(f, value=str(masker.value(f.value, key=f.name))) for f in found.comparison
        ),
        document=(
            replace(found.document, request=masker.text(found.document.request))
            if found.document
            else None
        ),
    )


def _clue_page(
    request: Request,
    bench: Workbench,
    user: UserView,
    clue_id: str,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    detail = bench.work.clue(clue_id, units=user.units)
    sealed = guard_sealed(request, bench, user, detail.clue, detail.evidence)
    if user.role in CASE_WORKERS and detail.documents:
        links = bench.work.service_links(clue_id, units=user.units)
        extra.setdefault("service_links", masked_links(links, page_masker(detail)))
    context = _clue_context(bench, user, detail, masked=True)
    chosen = extra.pop("step", None) or request.query_params.get("step")
    allowed = [s.to for s in context["steps"]]
    context["step"] = chosen if chosen in allowed else _default_step(allowed)
    extra.setdefault("done", _done_message(request.query_params.get("done")))
    return page(request, "clue.html", status_code, **extra, **context, sealed_notice=sealed)


def _default_step(allowed: list[str]) -> str | None:
    """The step the form opens on: the way forward, not dismissal."""
    forward = [s for s in allowed if s != ClueStatus.DISMISSED]
    chosen = forward or allowed
    return chosen[0] if chosen else None


def _done_message(done: str | None) -> str | None:
    if not done:
        return None
    if done == "undo":
        return "已撤回上一步办理。"
    if done == "assignee":
        return "已分派承办人。"
    if done in STATUS_LABELS:
        return f"已办理：线索转为“{status_label(done)}”。"
    return None


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
    """One workflow step; a step the rules refuse comes back on the clue page with the
    reason in Chinese beside the form, the user's input kept."""
    typed = {"reason": reason or "", "reason_code": reason_code or "", "recipient": recipient or ""}
    problem = _step_problem(to, reason, reason_code)
    if problem is None:
        try:
            state = bench.work.move(
                clue_id,
                to,
                actor=user.display_name,
                reason=reason or None,
                reason_code=reason_code or None,
                action=ActionSpec(recipient) if recipient else None,
                units=user.units,
            )
        except (TransitionError, CasebookError) as exc:
            if isinstance(exc, NotFound):
                raise
            problem = str(exc)
        else:
            clue = state.clue
            bench.audit(
                request, "move", subject=clue.id, unit_code=clue.unit_code, detail={"to": to}
            )
            return RedirectResponse(f"/clues/{clue.id}?done={quote(clue.status)}", 303)
    return _clue_page(
        request, bench, user, clue_id, 422, step=to, form_error=problem, form_values=typed
    )


def _step_problem(to: str, reason: str | None, reason_code: str | None) -> str | None:
    """What the form lacks, said before the workflow is asked (its own messages name
    codes for the command line)."""
    if to == ClueStatus.DISMISSED and reason_code not in DISMISSAL_LABELS:
        return "排除线索须选择一种排除理由。"
    if to in REASON_REQUIRED and not (reason or "").strip():
        return f"转为“{status_label(to)}”须写明理由。"
    return None


@router.post("/clues/{clue_id}/undo")
def clue_undo(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Take back the last step (a new event; nothing is erased)."""
    if not reason.strip():
        return _clue_page(request, bench, user, clue_id, 422, undo_error="撤回上一步须写明理由。")
    try:
        state = bench.work.undo(clue_id, actor=user.display_name, reason=reason, units=user.units)
    except (TransitionError, CasebookError) as exc:
        if isinstance(exc, NotFound):
            raise
        return _clue_page(request, bench, user, clue_id, 422, undo_error=str(exc))
    clue = state.clue
    bench.audit(request, "undo", subject=clue.id, unit_code=clue.unit_code, detail={})
    return RedirectResponse(f"/clues/{clue.id}?done=undo", status_code=303)


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
    return RedirectResponse(f"/clues/{clue.id}?done=assignee", status_code=303)


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
