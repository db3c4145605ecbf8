"""Documents of a clue as drafts: written from the clue's facts, edited on the page, numbered
only when confirmed.

``GET /clues/{id}/documents/new?kind=recommendation`` shows the 正文 as written from the clue
(nothing is stored); saving it stores a draft (``document_draft``), which can be edited again
and, once confirmed, takes its number (漳芗检建〔2026〕3号), its .docx and — for a document
that is a workflow step — the step itself (已制发检察建议). A refused confirmation (the clue
not yet 立案监督, a missing addressee) keeps what was typed and says why.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.actions import DOCUMENT_STATUS, KIND_TITLES, SIMILAR_CASE_REPORT
from jiancha.casebook.document_texts import SECTION_LABELS, SECTIONS
from jiancha.casebook.documents import DraftView
from jiancha.casebook.status import status_label
from jiancha.errors import CasebookError, JianchaError
from jiancha.web.deps import UserDep, Workbench, WorkbenchDep
from jiancha.web.routes.render import page

router = APIRouter(include_in_schema=False)
MAX_SECTION = 20_000  # characters of one section
_JUDGMENT = "judgment"


def _kind(kind: str) -> str:
    if kind not in SECTIONS:
        known = "、".join(KIND_TITLES[k] for k in SECTIONS)
        raise CasebookError(f"没有 “{kind}” 这种文书；可制作的文书：{known}")
    return kind


async def _sections(request: Request, kind: str) -> dict[str, str]:
    form = await request.form()
    out: dict[str, str] = {}
    for name, _heading in SECTIONS[kind]:
        value = form.get(f"section_{name}")
        text = value if isinstance(value, str) else ""
        if len(text) > MAX_SECTION:
            raise CasebookError(f"“{SECTION_LABELS[name]}”超过 {MAX_SECTION} 字")
        out[name] = text
    return out


def _reply_days(value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 365:
        raise CasebookError(f"回复期限应为 1 至 365 之间的天数，收到“{value}”")
    return int(text)


def _form(
    request: Request,
    bench: Workbench,
    clue_id: str,
    draft: DraftView,
    *,
    status_code: int = 200,
    message: str | None = None,
    saved: bool = False,
) -> Response:
    detail = bench.work.clue(clue_id, units=request.state.user.units)
    step = DOCUMENT_STATUS.get(draft.kind)
    return page(
        request,
        "documents_draft.html",
        status_code=status_code,
        clue=detail.clue,
        draft=draft,
        title=KIND_TITLES[draft.kind],
        step_label=status_label(step) if step else None,
        message=message,
        saved=saved,
    )


def _similar(bench: Workbench, clue_id: str, units: Any) -> Any:
    """The similar-case search a 类案检索报告 is written from: the clue's judgment's."""
    clue = bench.work.clue(clue_id, units=units).clue
    record = next((e.record_id for e in clue.evidence if e.table == _JUDGMENT), None)
    if record is None:
        raise CasebookError(f"线索 {clue.id} 不涉及判决，无法据以检索类案、制作类案检索报告")
    return bench.project.similar(record_id=record, k=10, units=units)


@router.get("/clues/{clue_id}/documents/new")
def document_draft_new(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    kind: Annotated[str, Query(max_length=64)] = "recommendation",
    recipient: Annotated[str, Query(max_length=500)] = "",
) -> Response:
    """The 正文 as written from the clue, to edit before saving (nothing is stored yet)."""
    bench.work.drafts(clue_id, units=user.units)  # a clue of another unit is not found
    _kind(kind)
    similar = _similar(bench, clue_id, user.units) if kind == SIMILAR_CASE_REPORT else None
    draft = bench.work.compose_draft(
        clue_id, kind, actor=user.display_name, recipient=recipient, units=user.units,
        similar=similar,
    )  # fmt: skip
    return _form(request, bench, clue_id, draft)


@router.post("/clues/{clue_id}/documents/new")
async def document_draft_create(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    kind: Annotated[str, Form(max_length=64)],
    recipient: Annotated[str, Form(max_length=500)] = "",
    urgent: Annotated[bool, Form()] = False,
    reply_days: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Store the draft as edited."""
    bench.work.drafts(clue_id, units=user.units)  # a clue of another unit is not found
    _kind(kind)
    sections = await _sections(request, kind)
    draft = bench.work.new_draft(
        clue_id, kind, actor=user.display_name, recipient=recipient, urgent=urgent,
        reply_days=_reply_days(reply_days), units=user.units, sections=sections,
    )  # fmt: skip
    bench.audit(
        request,
        "document_draft",
        subject=draft.clue_id,
        detail={"draft": draft.id, "kind": KIND_TITLES[kind]},
    )
    return RedirectResponse(
        f"/clues/{draft.clue_id}/documents/drafts/{draft.id}?saved=1", status_code=303
    )


@router.get("/clues/{clue_id}/documents/drafts/{draft_id}")
def document_draft_page(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    draft_id: int,
    saved: bool = False,
) -> Response:
    draft = bench.work.draft(clue_id, draft_id, units=user.units)
    return _form(request, bench, clue_id, draft, saved=saved)


@router.post("/clues/{clue_id}/documents/drafts/{draft_id}")
async def document_draft_save(
    request: Request,
    bench: WorkbenchDep,
    user: UserDep,
    clue_id: str,
    draft_id: int,
    recipient: Annotated[str, Form(max_length=500)] = "",
    urgent: Annotated[bool, Form()] = False,
    reply_days: Annotated[str, Form(max_length=8)] = "",
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Save the edits; with ``confirm``, then number and issue the document."""
    draft = bench.work.draft(clue_id, draft_id, units=user.units)
    sections = await _sections(request, draft.kind)
    try:
        draft = bench.work.save_draft(
            clue_id, draft_id, actor=user.display_name, recipient=recipient,
            sections=sections, urgent=urgent, reply_days=_reply_days(reply_days),
            units=user.units,
        )  # fmt: skip
        if not confirm:
            return RedirectResponse(
                f"/clues/{draft.clue_id}/documents/drafts/{draft.id}?saved=1", status_code=303
            )
        document = bench.work.confirm_draft(
            clue_id, draft_id, actor=user.display_name, units=user.units
        )
    except (JianchaError, ValueError) as exc:
        kept = DraftView(
            id=draft.id,
            clue_id=draft.clue_id,
            kind=draft.kind,
            recipient=recipient,
            urgent=urgent,
            reply_days=draft.reply_days,
            sections=sections,
            updated_at=draft.updated_at,
            updated_by=draft.updated_by,
            document_id=draft.document_id,
            number=draft.number,
        )
        return _form(request, bench, clue_id, kept, status_code=409, message=str(exc))
    bench.audit(
        request,
        "document",
        subject=document.clue_id,
        unit_code=document.unit_code,
        detail={"document": document.number, "draft": draft_id},
    )
    return RedirectResponse(f"/clues/{document.clue_id}#documents", status_code=303)
