"""Sign-in, sign-out and the dashboard."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.accounts import UserView
from jiancha.casebook.status import status_label
from jiancha.reports.charts import bar_chart, line_chart
from jiancha.web.deps import UserDep, Workbench, WorkbenchDep
from jiancha.web.errors import TooManyRequests
from jiancha.web.labels import domain_label, unit_label
from jiancha.web.routes.render import client_ip, page
from jiancha.web.security import (
    CSRF_FIELD,
    LOGIN_COOKIE,
    LOGIN_PATH,
    LOGIN_TOKEN_TTL,
    SESSION_COOKIE,
)

router = APIRouter(include_in_schema=False)


@router.get(LOGIN_PATH)
def login_form(request: Request, bench: WorkbenchDep, next: str = "/") -> Response:  # noqa: A002 - the query name
    return _login_page(request, bench, 200, next, None)


@router.post(LOGIN_PATH)
def login(
    request: Request,
    bench: WorkbenchDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form()] = "/",  # noqa: A002
    csrf_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=128)] = "",
) -> Response:
    client = client_ip(request)
    if not bench.throttle.allow(client):
        raise TooManyRequests("登录尝试过于频繁，请稍后再试")
    if not bench.sessions.login_token_matches(request.cookies.get(LOGIN_COOKIE), csrf_token):
        bench.audit(request, "denied", subject=LOGIN_PATH, detail={"why": "csrf"})
        message = "登录表单已过期或来源不明（CSRF 校验失败），请重新输入后登录"
        return _login_page(request, bench, 403, next, message)
    pause = bench.throttle.wait(client, username)
    if pause > 0:
        message = f"连续输错次数过多，请 {math.ceil(pause)} 秒后再试"
        return _login_page(request, bench, 429, next, message)
    user, refusal = bench.work.accounts.login(username, password, datetime.now())
    if user is None:
        bench.throttle.failed(client, username)
        bench.audit(request, "login_failed", username=username[:64], detail={"why": refusal})
        return _login_page(request, bench, 401, next, refusal)
    bench.throttle.succeeded(client, username)
    request.state.user = user
    bench.audit(request, "login")
    return _signed_in(request, bench, user.id, _safe_next(next))


def _login_page(
    request: Request, bench: Workbench, status: int, target: str, message: str | None
) -> Response:
    """The login form with its pre-session CSRF token, in the field and in the cookie."""
    cookie, token = bench.sessions.login_token(request.cookies.get(LOGIN_COOKIE))
    response = page(
        request, "login.html", status, next=_safe_next(target), message=message, login_csrf=token
    )
    _set_cookie(request, response, LOGIN_COOKIE, cookie, LOGIN_TOKEN_TTL, LOGIN_PATH)
    return response


def _signed_in(request: Request, bench: Workbench, user_id: int, target: str) -> Response:
    cookie, _data = bench.sessions.issue(user_id)
    response = RedirectResponse(target, status_code=303)
    _set_cookie(request, response, SESSION_COOKIE, cookie, bench.sessions.ttl, "/")
    # the login token has served its purpose: the next login page gets a fresh one
    response.delete_cookie(LOGIN_COOKIE, path=LOGIN_PATH)
    return response


def _set_cookie(
    request: Request, response: Response, name: str, value: str, max_age: int, path: str
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path=path,
    )


def _safe_next(target: str) -> str:
    """Only a path of this site: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/logout")
def logout(request: Request, bench: WorkbenchDep) -> Response:
    # ended in the casebook, not only deleted here: a copy of the cookie stops working too
    data = bench.sessions.read(request.cookies.get(SESSION_COOKIE))
    if data is not None:
        expires = bench.sessions.expires_at(data)
        bench.work.accounts.end_session(data.user_id, data.session_id, expires)
    bench.audit(request, "logout")
    response = RedirectResponse(LOGIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/overview")
async def overview(request: Request, bench: WorkbenchDep, user: UserDep) -> Response:
    return await overview_page(request, bench, user)


async def overview_page(request: Request, bench: Workbench, user: UserView) -> Response:
    """总览: the user's units' clues by domain, model, unit and status, and by month."""
    counts = await run_in_threadpool(bench.work.dashboard, user.units)
    charts = [
        bar_chart("按领域", counts["domain"], domain_label),
        bar_chart("按模型（前 15）", counts["model"], bench.model_title),
        bar_chart("按单位", counts["unit"], unit_label),
        bar_chart("按状态", counts["status"], status_label),
    ]
    total = sum(n for _, n in counts["status"])
    trend = line_chart("每月新发现线索", counts["trend"])
    return page(request, "dashboard.html", charts=charts, trend=trend, total=total)
