"""The app factory: the workbench of one project, its routers, templates and error pages."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any

from anyio import to_thread
from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from jiancha.casebook.accounts import ROLE_LABELS
from jiancha.casebook.status import status_label
from jiancha.casebook.wording import area_text
from jiancha.models.conclusion import num
from jiancha.project import Project
from jiancha.web import errors
from jiancha.web.deps import Workbench, authorize
from jiancha.web.jobs import Jobs
from jiancha.web.labels import (
    date_text,
    days_left_text,
    domain_label,
    due_source_label,
    minute_text,
    period_text,
    second_text,
    unit_label,
    units_text,
)
from jiancha.web.masking import mask_text
from jiancha.web.middleware import LimitBodies, SecurityHeaders, TrustedHosts
from jiancha.web.routes import (
    api,
    cases,
    documents,
    home,
    inbox,
    intake,
    pages,
    registers,
    service,
    similar,
    staff,
)
from jiancha.web.security import (
    CSRF_FIELD,
    SESSION_COOKIE,
    LoginThrottle,
    Sessions,
    load_or_create_secret,
)

HERE = Path(__file__).parent
WORKERS_ENV = "JIANCHA_WEB_WORKERS"
LOGIN_LIMIT = 20  # login attempts per client address in five minutes, all workers together
WEB_THREADS = 16  # requests handled at once per server process
ROUTERS = (
    pages.router,
    documents.router,  # before cases: /clues/{id}/documents/new is no document's id
    home.router,
    inbox.router,
    cases.router,
    staff.router,
    service.router,
    api.router,
    similar.router,
    registers.router,
    intake.router,
)


def _templates(workbench: Workbench) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    # the templates ship with the package: checking their mtimes on every render is waste
    templates.env.auto_reload = False
    # personal data in free text (notes, excerpts): ``{{ note|mask }}`` (web.masking)
    templates.env.filters["mask"] = mask_text
    # every date a person reads is Chinese: ``{{ day|cn_date }}`` → 2026年9月1日, never ISO
    templates.env.filters["cn_date"] = date_text
    templates.env.filters["cn_minute"] = minute_text
    templates.env.filters["cn_second"] = second_text
    # amounts as a person reads them: 30,000
    templates.env.filters["num"] = num
    templates.env.globals.update(
        status_label=status_label,
        domain_label=domain_label,
        unit_label=unit_label,
        units_text=units_text,
        area_text=area_text,
        due_source_label=due_source_label,
        days_left_text=days_left_text,
        period_text=period_text,
        model_title=workbench.model_title,
        role_labels=ROLE_LABELS,
        csrf_field=CSRF_FIELD,
        now=datetime.now,
    )
    return templates


def open_workbench(project: Project) -> Workbench:
    """The project's casework (its casebook migrated to the newest schema, a connection
    per request thread) and catalogue, each opened once for the process."""
    work = project.casework(connections=WEB_THREADS)
    sessions = Sessions(load_or_create_secret(work.config.keys_dir))
    return Workbench(
        project, work, project.catalogue(), sessions, Jobs(project.root), _login_throttle()
    )


def _login_throttle() -> LoginThrottle:
    """Each worker process counts the attempts it sees; connections are spread over the
    workers, so each allows its share of the limit (at least 5)."""
    workers = max(1, int(os.environ.get(WORKERS_ENV, "1") or 1))
    return LoginThrottle(limit=max(5, LOGIN_LIMIT // workers))


def create_app(project_root: Path | str) -> FastAPI:
    """The workbench of the project at ``project_root``."""
    workbench = open_workbench(Project.open(Path(project_root)))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # handlers are synchronous and run on worker threads; each holds a casebook
        # connection, so the threads and the connection pool are sized together
        to_thread.current_default_thread_limiter().total_tokens = WEB_THREADS
        yield
        workbench.work.close()

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
    for router in ROUTERS:
        app.include_router(router)
    # the routes as declared (FastAPI keeps included routers wrapped): the access tests
    # walk this list so that every route must have a rule
    app.state.routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.add_middleware(LimitBodies, signed_in=_session_check(workbench))
    web = workbench.project.config.web
    hosts = web.hosts()
    if hosts != ["*"]:
        app.add_middleware(TrustedHosts, hosts=hosts)
    if web.trusted_proxies:
        # X-Forwarded-For and -Proto believed from these addresses only; the server runs
        # with its own proxy handling off (asgi.serve), so nothing else sets the client
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=web.trusted_proxies)
    _outermost(app, SecurityHeaders)
    return app


def _session_check(workbench: Workbench) -> Callable[[str], bool]:
    """Whether a Cookie header carries a session cookie signed by this project (cheap: no
    casebook; the route's own gate checks the account afterwards)."""

    def signed_in(cookie_header: str) -> bool:
        cookies = SimpleCookie()
        try:
            cookies.load(cookie_header)
        except CookieError:
            return False
        found = cookies.get(SESSION_COOKIE)
        return found is not None and workbench.sessions.read(found.value) is not None

    return signed_in


def _outermost(app: FastAPI, wrapper: type[SecurityHeaders]) -> None:
    """Wrap the whole middleware stack, Starlette's error middleware included, so that
    even a 500 page carries the security headers."""
    build = app.build_middleware_stack

    def build_wrapped() -> Any:
        return wrapper(build())

    app.build_middleware_stack = build_wrapped  # type: ignore[method-assign]
