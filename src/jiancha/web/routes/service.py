"""The recipient's e-service page: open, download, confirm receipt, upload the reply.

No login: the signed token in the link is the credential, checked by ServiceDesk on every
step; an expired, used, revoked or tampered link gets a plain page that says so.

A GET records nothing (chat apps and mail scanners fetch links to preview them): opening
the document is a button (POST), and that is the "opened" event. The reply's body is read
only after the link was found able to take a reply, and never beyond ``MAX_REPLY`` (the
body-limit middleware stops a larger one before it is read).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from jiancha.casebook.replyfiles import ReplyFileRefused
from jiancha.casebook.service import ServiceLinkError
from jiancha.errors import CasebookError
from jiancha.web.deps import WorkbenchDep
from jiancha.web.middleware import REPLY_BODY
from jiancha.web.routes.render import page

router = APIRouter(include_in_schema=False)
MAX_REPLY = REPLY_BODY
MAX_BY = 64


def _invalid(request: Request, exc: CasebookError, status: int = 410) -> Response:
    return page(request, "service_invalid.html", status, message=str(exc))


@router.get("/service/{token}")
def service_page(request: Request, bench: WorkbenchDep, token: str) -> Response:
    try:
        link = bench.work.service.open_link(token)
    except CasebookError as exc:
        return _invalid(request, exc)
    return page(request, "service.html", link=link, token=token)


@router.post("/service/{token}/open")
def service_open(request: Request, bench: WorkbenchDep, token: str) -> Response:
    """The recipient's explicit "show me the document": the opened event."""
    try:
        bench.work.service.open_document(token)
    except CasebookError as exc:
        return _invalid(request, exc)
    return RedirectResponse(f"/service/{quote(token)}", status_code=303)


@router.get("/service/{token}/document")
def service_document(request: Request, bench: WorkbenchDep, token: str) -> Response:
    desk = bench.work.service
    try:
        link = desk.open_link(token)
        data = desk.document_bytes(token)
    except CasebookError as exc:
        return _invalid(request, exc)
    disposition = f"attachment; filename*=UTF-8''{quote(link.filename)}"
    return Response(
        data, media_type="application/octet-stream", headers={"Content-Disposition": disposition}
    )


@router.post("/service/{token}/confirm")
async def service_confirm(request: Request, bench: WorkbenchDep, token: str) -> Response:
    async with request.form(max_files=0, max_fields=4) as form:
        by = _signer(form.get("by"))
    if by is None:
        return _not_taken(request, 422, "请填写签收人（64 字以内）")
    try:
        await run_in_threadpool(bench.work.service.confirm_receipt, token, by=by)
    except ServiceLinkError as exc:
        return _invalid(request, exc)
    return RedirectResponse(f"/service/{quote(token)}", status_code=303)


@router.post("/service/{token}/reply")
async def service_reply(request: Request, bench: WorkbenchDep, token: str) -> Response:
    desk = bench.work.service
    try:  # the link first: a stranger's upload to a dead link is refused unread
        await run_in_threadpool(desk.check_reply, token)
    except ServiceLinkError as exc:
        return _invalid(request, exc)
    async with request.form(max_files=1, max_fields=4, max_part_size=64 * 1024) as form:
        by, reply = _signer(form.get("by")), form.get("reply")
        if by is None or not isinstance(reply, UploadFile):
            return _not_taken(request, 422, "请填写经办人并选择书面回复文件")
        data = await reply.read(MAX_REPLY + 1)
        filename = reply.filename or "回复"
    if len(data) > MAX_REPLY:
        return _not_taken(request, 413, "回复文件超过 20 MB")
    try:
        await run_in_threadpool(desk.upload_reply, token, data, filename, by=by)
    except ReplyFileRefused as exc:
        return _not_taken(request, 415, str(exc))
    except ServiceLinkError as exc:
        return _invalid(request, exc)
    # the reply uses the link up: a receipt here, not a redirect to a link that now refuses
    return page(request, "service_done.html", filename=filename, by=by)


def _not_taken(request: Request, status: int, message: str) -> Response:
    """The link is fine but what was sent is not: say so, and how to go back."""
    return page(request, "service_invalid.html", status, message=message, heading="提交未被接收")


def _signer(value: object) -> str | None:
    text = value.strip() if isinstance(value, str) else ""
    return text if 0 < len(text) <= MAX_BY else None
