"""Sign-in, sign-out and the dashboard."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from jiancha.casebook.accounts import check_login
from jiancha.casebook.status import status_label
from jiancha.web import queries
from jiancha.web.app import bench, current_user
from jiancha.web.charts import bar_chart, line_chart
from jiancha.web.errors import TooManyRequests
from jiancha.web.labels import domain_label, unit_label
from jiancha.web.routes.render import client_ip, page
from jiancha.web.security import SESSION_COOKIE

router = APIRouter(include_in_schema=False)


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:  # noqa: A002 - the query name
    return page(request, "login.html", next=_safe_next(next), message=None)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
    next: Annotated[str, Form()] = "/",  # noqa: A002
) -> Response:
    work = bench(request)
    if not work.throttle.allow(client_ip(request)):
        raise TooManyRequests("登录尝试过于频繁，请稍后再试")
    with work.book.session("登录") as session:
        user, refusal = check_login(session, username, password, datetime.now())
    if user is None:
        work.audit(request, "login_failed", username=username[:64], detail={"why": refusal})
        return page(request, "login.html", 401, next=_safe_next(next), message=refusal)
    request.state.user = user
    work.audit(request, "login")
    cookie, _data = work.sessions.issue(user.id)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=work.sessions.ttl,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _safe_next(target: str) -> str:
    """Only a path of this site: never an open redirect."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


@router.post("/logout")
def logout(request: Request) -> Response:
    bench(request).audit(request, "logout")
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/")
async def dashboard(request: Request) -> Response:
    user = current_user(request)
    work = bench(request)

    def load() -> dict[str, list[tuple[str, int]]]:
        with work.book.session("统计线索") as session:
            return queries.dashboard_counts(session, user)

    counts = await run_in_threadpool(load)
    charts = [
        bar_chart("按领域", counts["domain"], domain_label),
        bar_chart("按模型（前 15）", counts["model"], work.model_title),
        bar_chart("按单位", counts["unit"], unit_label),
        bar_chart("按状态", counts["status"], status_label),
    ]
    total = sum(n for _, n in counts["status"])
    trend = line_chart("每月新发现线索", counts["trend"])
    return page(request, "dashboard.html", charts=charts, trend=trend, total=total)
