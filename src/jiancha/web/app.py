"""The app factory and what every request shares: the project, its casework, sessions."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from jiancha.casebook import Casebook, status_label
from jiancha.casebook.accounts import ROLE_LABELS, UserView, session_user, user_by_token
from jiancha.casebook.audit import record
from jiancha.casebook.filestore import FileStore
from jiancha.casebook.ledger import Ledger
from jiancha.casework import FILES_DIR, KEYS_DIR, Casework
from jiancha.project import Project
from jiancha.web import errors
from jiancha.web.access import rule_for
from jiancha.web.errors import Forbidden, LoginRequired
from jiancha.web.jobs import Jobs
from jiancha.web.labels import ModelTitles, domain_label, unit_label
from jiancha.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    LoginThrottle,
    Sessions,
    csrf_matches,
    load_or_create_secret,
)

HERE = Path(__file__).parent
WORKERS_ENV = "JIANCHA_WEB_WORKERS"
LOGIN_LIMIT = 20  # login attempts per client address in five minutes, all workers together
WEB_THREADS = 16  # requests handled at once per server process
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Workbench:
    """Per-app state: one casebook engine for every request, sessions, throttle, jobs."""

    project: Project
    work: Casework
    sessions: Sessions
    jobs: Jobs
    titles: ModelTitles  # the catalogue's, read once when the app starts (a second's work)
    facts: dict[str, dict[str, str]]  # model id → the Chinese labels of its facts
    throttle: LoginThrottle = field(default_factory=LoginThrottle)

    def fact_labels(self, model_id: str) -> dict[str, str]:
        """The Chinese labels of a model's facts (its YAML header); empty for an unknown model."""
        return self.facts.get(model_id, {})

    def model_ids(self) -> list[str]:
        """The catalogue's models, by id."""
        return sorted(self.facts)

    def model_title(self, model_id: str) -> str:
        return self.titles(model_id)

    @property
    def book(self) -> Casebook:
        return self.work.book

    def audit(self, request: Request, action: str, **kwargs: Any) -> None:
        """Write one audit entry in its own transaction."""
        user: UserView | None = getattr(request.state, "user", None)
        with self.book.session("写审计日志") as session:
            record(
                session,
                kwargs.pop("username", None) or (user.username if user else "anonymous"),
                action,
                role=user.role if user else None,
                ip=request.client.host if request.client else None,
                **kwargs,
            )


def bench(request: Request) -> Workbench:
    found: Workbench = request.app.state.bench
    return found


def current_user(request: Request) -> UserView:
    """The signed-in user (authorize has run before any handler)."""
    user: UserView | None = getattr(request.state, "user", None)
    if user is None:
        raise LoginRequired("请先登录")
    return user


async def authorize(request: Request) -> None:
    """The gate before every route: its rule, the user, the role, the CSRF token."""
    route = request.scope.get("route")
    rule = rule_for(getattr(route, "name", None))
    request.state.user = None
    request.state.csrf = ""
    if rule is None:
        raise Forbidden("该页面没有配置访问规则，已拒绝访问")
    user, via_cookie = await run_in_threadpool(_identify, request)
    request.state.user = user
    if rule.public:
        return
    if user is None:
        raise LoginRequired("请先登录")
    if user.role not in rule.roles:
        await run_in_threadpool(_audit_denied, request, "role")
        raise Forbidden(f"{user.role_label}无权访问此功能")
    if via_cookie and request.method in UNSAFE_METHODS:
        await _check_csrf(request)


def _identify(request: Request) -> tuple[UserView | None, bool]:
    """The user of a bearer token (API) or of the session cookie; whether by cookie.

    A cookie whose session was ended (logout, account disabled) counts as no cookie: the
    signature alone would keep a copied cookie valid until it expires."""
    work = bench(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        with work.book.session("验证令牌") as session:
            return user_by_token(session, header[7:].strip()), False
    data = work.sessions.read(request.cookies.get(SESSION_COOKIE))
    if data is None:
        return None, False
    with work.book.session("读取用户") as session:
        user = session_user(session, data.user_id, data.session_id, data.issued_at)
    if user is None:
        return None, False
    request.state.csrf = data.csrf
    return user, True


async def _check_csrf(request: Request) -> None:
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not csrf_matches(request.state.csrf, given):
        await run_in_threadpool(_audit_denied, request, "csrf")
        raise Forbidden("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试")


def _audit_denied(request: Request, why: str) -> None:
    bench(request).audit(request, "denied", subject=request.url.path[:128], detail={"why": why})


def _templates(workbench: Workbench) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    # the templates ship with the package: checking their mtimes on every render is waste
    templates.env.auto_reload = False
    templates.env.globals.update(
        status_label=status_label,
        domain_label=domain_label,
        unit_label=unit_label,
        model_title=workbench.model_title,
        role_labels=ROLE_LABELS,
        csrf_field=CSRF_FIELD,
        now=datetime.now,
    )
    return templates


def open_workbench(project: Project) -> Workbench:
    files = FileStore(project.root / FILES_DIR)
    ledger = Ledger(project.root / KEYS_DIR, files)
    book = Casebook.open(project.casebook_url, connections=WEB_THREADS)
    work = Casework(project, book, ledger, files)
    sessions = Sessions(load_or_create_secret(project.root / KEYS_DIR))
    models = list(project.catalogue())
    titles = ModelTitles((m.id, m.title) for m in models)
    facts = {m.id: dict(m.header.facts) for m in models}
    jobs = Jobs(project.root)
    return Workbench(project, work, sessions, jobs, titles, facts, _login_throttle())


def _login_throttle() -> LoginThrottle:
    """Each worker process counts the attempts it sees; connections are spread over the
    workers, so each allows its share of the limit (at least 5)."""
    workers = max(1, int(os.environ.get(WORKERS_ENV, "1") or 1))
    return LoginThrottle(limit=max(5, LOGIN_LIMIT // workers))


def create_app(project_root: Path | str) -> FastAPI:
    """The workbench of the project at ``project_root``."""
    from jiancha.web.routes import api, cases, pages, service, staff

    project = Project.open(Path(project_root))
    workbench = open_workbench(project)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # handlers are synchronous and run on worker threads; each holds a casebook
        # connection, so the threads and the connection pool are sized together
        to_thread.current_default_thread_limiter().total_tokens = WEB_THREADS
        yield
        workbench.book.close()

    app = FastAPI(
        title="jiancha 检察 — 数字检察工作台接口",
        description=(
            "供其他机关系统调用：线索查询、线索移送与反馈。认证：Authorization: Bearer <令牌>。"
        ),
        version="1",
        docs_url=None,  # Swagger UI would load its assets from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(authorize)],
        lifespan=lifespan,
    )
    app.state.bench = workbench
    templates = _templates(workbench)
    app.state.templates = templates
    errors.install(app, templates)
    routers = (pages.router, cases.router, staff.router, service.router, api.router)
    for router in routers:
        app.include_router(router)
    # the routes as declared (FastAPI keeps included routers wrapped): the access tests
    # walk this list so that every route must have a rule
    app.state.routes = [r for router in routers for r in router.routes if isinstance(r, APIRoute)]
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    return app
