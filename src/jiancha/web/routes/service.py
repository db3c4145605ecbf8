"""The recipient's e-service page: open, download, confirm receipt, upload the reply.

No login: the signed token in the link is the credential, checked by ServiceDesk on every
step; an expired, used or tampered link gets a plain page that says so.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.service import ServiceLinkError
from jiancha.errors import CasebookError
from jiancha.web.deps import WorkbenchDep
from jiancha.web.routes.render import page

router = APIRouter(include_in_schema=False)
MAX_REPLY = 20 * 1024 * 1024


def _invalid(request: Request, exc: CasebookError) -> Response:
    return page(request, "service_invalid.html", 410, message=str(exc))


@router.get("/service/{token}")
def service_page(request: Request, bench: WorkbenchDep, token: str) -> Response:
    try:
        link = bench.work.service.open_link(token)
    except CasebookError as exc:
        return _invalid(request, exc)
    return page(request, "service.html", link=link, token=token)


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
def service_confirm(
    request: Request,
    bench: WorkbenchDep,
    token: str,
    by: Annotated[str, Form(min_length=1, max_length=64)],
) -> Response:
    try:
        bench.work.service.confirm_receipt(token, by=by)
    except ServiceLinkError as exc:
        return _invalid(request, exc)
    return RedirectResponse(f"/service/{token}", status_code=303)


@router.post("/service/{token}/reply")
def service_reply(
    request: Request,
    bench: WorkbenchDep,
    token: str,
    by: Annotated[str, Form(min_length=1, max_length=64)],
    reply: Annotated[UploadFile, File()],
) -> Response:
    data = reply.file.read(MAX_REPLY + 1)
    if len(data) > MAX_REPLY:
        return page(request, "service_invalid.html", 413, message="回复文件超过 20 MB")
    try:
        bench.work.service.upload_reply(token, data, reply.filename or "回复", by=by)
    except ServiceLinkError as exc:
        return _invalid(request, exc)
    return RedirectResponse(f"/service/{token}", status_code=303)
