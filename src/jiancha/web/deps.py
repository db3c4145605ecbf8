"""What every request depends on: the workbench, the signed-in user, the access gate.

Routes take ``work: WorkbenchDep`` and ``user: UserDep`` and call the façades the workbench
holds (the project for the pipeline, casework for everything about clues); they open no
casebook session and write no query of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from jiancha.casebook.accounts import UserView
from jiancha.web.access import rule_for
from jiancha.web.errors import Forbidden, LoginRequired
from jiancha.web.jobs import Jobs
from jiancha.web.labels import ModelTitles
from jiancha.web.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    LoginThrottle,
    Sessions,
    csrf_matches,
)

if TYPE_CHECKING:
    from jiancha.casebook.casework import Casework
    from jiancha.models import Catalogue
    from jiancha.project import Project

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass
class Workbench:
    """Per-process state: the project, its casework (one casebook connection pool for every
    request), the catalogue read once at start, sessions, the login throttle, web jobs."""

    project: Project
    work: Casework
    catalogue: Catalogue
    sessions: Sessions
    jobs: Jobs
    throttle: LoginThrottle = field(default_factory=LoginThrottle)
    titles: ModelTitles = field(init=False)
    _facts: dict[str, dict[str, str]] = field(init=False)  # model id → its facts' labels

    def __post_init__(self) -> None:
        self.titles = ModelTitles((m.id, m.title) for m in self.catalogue)
        self._facts = {m.id: dict(m.header.facts) for m in self.catalogue}

    def fact_labels(self, model_id: str) -> dict[str, str]:
        """The Chinese labels of a model's facts (its YAML header); empty for an unknown model."""
        return self._facts.get(model_id, {})

    def model_ids(self) -> list[str]:
        """The catalogue's models, by id."""
        return sorted(self._facts)

    def model_title(self, model_id: str) -> str:
        return self.titles(model_id)

    def audit(self, request: Request, action: str, **fields: Any) -> None:
        """Write one audit entry (its own transaction) naming who, from where."""
        user: UserView | None = getattr(request.state, "user", None)
        self.work.audit.record(
            fields.pop("username", None) or (user.username if user else "anonymous"),
            action,
            role=user.role if user else None,
            ip=request.client.host if request.client else None,
            **fields,
        )


async def workbench(request: Request) -> Workbench:
    found: Workbench = request.app.state.bench
    return found


async def current_user(request: Request) -> UserView:
    """The signed-in user (authorize has run before any handler)."""
    user: UserView | None = getattr(request.state, "user", None)
    if user is None:
        raise LoginRequired("请先登录")
    return user


WorkbenchDep = Annotated[Workbench, Depends(workbench)]
UserDep = Annotated[UserView, Depends(current_user)]


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
    bench: Workbench = request.app.state.bench
    accounts = bench.work.accounts
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return accounts.by_token(header[7:].strip()), False
    data = bench.sessions.read(request.cookies.get(SESSION_COOKIE))
    if data is None:
        return None, False
    user = accounts.by_session(data.user_id, data.session_id, data.issued_at)
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
    bench: Workbench = request.app.state.bench
    bench.audit(request, "denied", subject=request.url.path[:128], detail={"why": why})
