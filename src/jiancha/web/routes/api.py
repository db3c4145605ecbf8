"""The JSON API for other agencies' systems: clues, transfer and feedback.

Same rules as the pages (jiancha.web.access), by bearer token or session; personal data is
masked unless a prosecutor or leader asks with ``unmask=true`` and a reason (the ``reason``
parameter or the ``X-Unmask-Reason`` header), as the page asks; the reason is audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, Field

from jiancha.casebook.finding import Finding
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.status import ClueStatus
from jiancha.casebook.views import ClueView
from jiancha.web.access import UNMASKERS
from jiancha.web.deps import UserDep, WorkbenchDep
from jiancha.web.errors import Forbidden, WebError
from jiancha.web.masking import Masker, mask_text
from jiancha.web.routes.cases import masked_finding
from jiancha.web.sealed import guard as guard_sealed

router = APIRouter(prefix="/api", tags=["api"])


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 422)
}


class Me(BaseModel):
    username: str
    display_name: str
    role: str
    units: list[str]


class ClueSummary(BaseModel):
    id: str
    title: str
    model: str
    domain: str
    unit_code: str | None
    status: str
    assignee: str | None
    first_seen: str


class ClueList(BaseModel):
    total: int  # at most casebook.inbox.COUNT_CAP
    more: bool = False  # more clues match than ``total``: narrow the filter
    page: int
    pages: int
    clues: list[ClueSummary]


class ClueOut(BaseModel):
    id: str
    model: str
    title: str
    domain: str
    status: str
    unit_code: str | None
    subject: dict[str, Any]
    facts: dict[str, Any]
    legal_basis: list[dict[str, Any]]
    evidence: list[dict[str, Any]]
    first_seen: str
    last_seen: str
    masked: bool
    # the finding in Chinese as the clue page shows it: conclusion, comparison, records,
    # sources found empty, how the people were matched, 核实要点 and the suggested document
    finding: dict[str, Any] | None = None


class TransferIn(BaseModel):
    recipient: str = Field(min_length=1, max_length=500, description="接收移送的机关")
    reason: str | None = Field(default=None, max_length=2000)


class FeedbackIn(BaseModel):
    by: str = Field(min_length=1, max_length=128, description="反馈机关及经办人")
    text: str = Field(min_length=1, max_length=5000, description="办理情况")


class MoveOut(BaseModel):
    id: str
    status: str


@router.get("/me", response_model=Me, responses=_ERRORS)
def api_me(user: UserDep) -> Me:
    return Me(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        units=list(user.units),
    )


@router.get("/clues", response_model=ClueList, responses=_ERRORS)
def api_clues(
    bench: WorkbenchDep,
    user: UserDep,
    model: Annotated[str | None, Query(max_length=128)] = None,
    status: Annotated[str | None, Query(max_length=32)] = None,
    unit: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> ClueList:
    filters = ClueFilter(model=model, status=status, unit=unit, page=page)
    found = bench.work.inbox(filters, user.units)
    clues = [
        ClueSummary(
            id=r.id,
            title=mask_text(r.title),
            model=r.model_id,
            domain=r.domain,
            unit_code=r.unit_code,
            status=r.status,
            assignee=r.assignee,
            first_seen=r.first_seen_at.isoformat(),
        )
        for r in found.rows
    ]
    return ClueList(
        total=found.total, more=found.more, page=found.page, pages=found.pages, clues=clues
    )


@router.get("/clues/{clue_id}", response_model=ClueOut, responses=_ERRORS)
def api_clue(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    unmask: bool = False,
    reason: Annotated[str | None, Query(max_length=500)] = None,
    x_unmask_reason: Annotated[str | None, Header(max_length=500)] = None,
) -> ClueOut:
    """A clue, masked; ``unmask=true`` with a reason (the ``reason`` parameter or the
    ``X-Unmask-Reason`` header, URL-encoded UTF-8), as the page asks, shows personal data,
    and the reason goes to the audit log."""
    if unmask and user.role not in UNMASKERS:
        raise Forbidden("该角色不能查看未脱敏的个人信息")
    why = unmask_reason(reason, x_unmask_reason)
    if unmask and len(why) < 2:
        raise WebError(
            "查看未脱敏的个人信息须说明事由（reason 参数或 X-Unmask-Reason 请求头，至少 2 个字）"
        )
    detail = bench.work.clue(clue_id, units=user.units)
    view = detail.clue
    guard_sealed(request, bench, user, view, detail.evidence)
    if unmask:
        bench.audit(
            request,
            "unmask",
            subject=view.id,
            unit_code=view.unit_code,
            detail={"via": "api", "reason": why},
        )
    if unmask:
        found = detail.finding
    else:  # the clue's own masker: a date completing a masked id number is masked too
        masker = Masker.over(view.subject, view.facts, view.as_dict()["evidence"])
        found = masked_finding(detail.finding, masker)
    return _clue_out(view, masked=not unmask, finding=found)


def unmask_reason(query: str | None, header: str | None) -> str:
    """The reason given for unmasking: the query parameter, else the header (which may be
    percent-encoded, since HTTP headers carry Latin-1 only)."""
    from urllib.parse import unquote

    if query and query.strip():
        return query.strip()
    return unquote(header or "").strip()[:500]


def _clue_out(view: ClueView, *, masked: bool, finding: Finding | None = None) -> ClueOut:
    data = view.as_dict()
    masker = Masker.over(view.subject, view.facts, data["evidence"])
    return ClueOut(
        finding=finding.as_dict() if finding is not None else None,
        id=view.id,
        model=view.model_id,
        title=masker.text(view.title) if masked else view.title,
        domain=view.domain,
        status=view.status,
        unit_code=view.unit_code,
        subject=masker.mapping(view.subject) if masked else view.subject,
        facts=masker.mapping(view.facts) if masked else view.facts,
        legal_basis=data["legal_basis"],
        evidence=masker.value(data["evidence"]) if masked else data["evidence"],
        first_seen=data["first_seen"],
        last_seen=data["last_seen"],
        masked=masked,
    )


@router.post("/clues/{clue_id}/transfer", response_model=MoveOut, responses=_ERRORS)
def api_transfer(
    request: Request, bench: WorkbenchDep, user: UserDep, clue_id: str, body: TransferIn
) -> MoveOut:
    """Transfer the clue to the supervisory organ (移送), recorded in its workflow: the
    线索移送函 is written from the clue, numbered and issued, and the clue moves with it."""
    bench.work.issue_document(
        clue_id,
        "supervisory_transfer",
        actor=user.display_name,
        reason=body.reason,
        recipient=body.recipient,
        units=user.units,
    )
    state = bench.work.clue(clue_id, units=user.units).state
    bench.audit(
        request,
        "api",
        subject=state.clue.id,
        unit_code=state.clue.unit_code,
        detail={"transfer": body.recipient},
    )
    return MoveOut(id=state.clue.id, status=state.clue.status)


@router.post("/clues/{clue_id}/feedback", response_model=MoveOut, responses=_ERRORS)
def api_feedback(
    request: Request, bench: WorkbenchDep, user: UserDep, clue_id: str, body: FeedbackIn
) -> MoveOut:
    """The receiving agency's written feedback on a served clue (moves it to 已回复)."""
    state = bench.work.move(
        clue_id,
        ClueStatus.REPLIED,
        actor=f"{body.by}（{user.display_name}）",
        reason=body.text,
        units=user.units,
    )
    bench.audit(
        request,
        "api",
        subject=state.clue.id,
        unit_code=state.clue.unit_code,
        detail={"feedback": body.by},
    )
    return MoveOut(id=state.clue.id, status=state.clue.status)
