"""The web's one error handler: an HTML page for people, one JSON shape for programs.

Every error becomes ``{"error": {"code": ..., "message": ...}}`` (under ``/api``, or when
the client does not accept HTML) or the error page with the same code and message. An
unexpected exception is logged and shown as a generic message: no traceback reaches the user.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from jiancha.casebook.service import ServiceLinkError
from jiancha.errors import AccessDenied, JianchaError, NotFound, TransitionError

log = logging.getLogger("jiancha.web")


class WebError(JianchaError):
    """An error with its HTTP status and a stable code for programs."""

    status = 400
    code = "bad_request"


class LoginRequired(WebError):
    status = 401
    code = "login_required"


class Forbidden(WebError):
    status = 403
    code = "forbidden"


class Conflict(WebError):
    status = 409
    code = "conflict"


class TooLarge(WebError):
    status = 413
    code = "too_large"


class TooManyRequests(WebError):
    status = 429
    code = "too_many_requests"


_HTTP_CODES = {
    400: ("bad_request", "请求有误"),
    401: ("login_required", "请先登录"),
    403: ("forbidden", "无权访问"),
    404: ("not_found", "页面不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    413: ("too_large", "上传的文件太大"),
    422: ("invalid_input", "提交的内容不完整或格式不对"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
}


def classify(exc: Exception) -> tuple[int, str, str]:
    """(HTTP status, code, message) of an exception."""
    if isinstance(exc, WebError):
        return exc.status, exc.code, str(exc)
    if isinstance(exc, AccessDenied):
        return 403, "forbidden", str(exc)
    if isinstance(exc, NotFound):
        return 404, "not_found", str(exc)
    if isinstance(exc, ServiceLinkError):
        return 410, "link_invalid", str(exc)
    if isinstance(exc, TransitionError):
        return 409, "conflict", str(exc)
    if isinstance(exc, JianchaError):
        return 400, "bad_request", str(exc)
    if isinstance(exc, RequestValidationError):
        return 422, "invalid_input", _validation_message(exc)
    if isinstance(exc, StarletteHTTPException):
        code, message = _HTTP_CODES.get(exc.status_code, ("error", "请求失败"))
        if isinstance(exc.detail, str) and not exc.detail.isascii():
            message = exc.detail  # raised here with a message for the user (body limits)
        return exc.status_code, code, message
    return 500, "internal_error", "服务器内部错误，已记录，请联系管理员"


def _validation_message(exc: RequestValidationError) -> str:
    fields = [".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()]
    named = "、".join(f for f in fields if f)
    return f"提交的内容不完整或格式不对：{named}" if named else "提交的内容不完整或格式不对"


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api"):
        return True
    accept = request.headers.get("accept", "")
    return "text/html" not in accept and "*/*" not in accept and bool(accept)


def error_body(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def install(app: FastAPI, templates: Jinja2Templates) -> None:
    async def handle(request: Request, exc: Exception) -> Response:
        status, code, message = classify(exc)
        if status == 500:
            log.exception("unhandled error on %s %s", request.method, request.url.path)
        if wants_json(request):
            return JSONResponse(error_body(code, message), status_code=status)
        if status == 401:
            return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
        context = {"code": code, "message": message, "status": status}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)

    app.add_exception_handler(Exception, handle)
    app.add_exception_handler(StarletteHTTPException, handle)
    app.add_exception_handler(RequestValidationError, handle)
    app.add_exception_handler(JianchaError, handle)
