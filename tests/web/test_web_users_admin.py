"""Admins manage accounts in the web (create, disable, reset, unlock, role and units), each
change in the audit log; the audit log reads in Chinese and filters by user, action and
days; the demo has a login for every role."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_support import HOME, PASSWORD, login, post_login

from jiancha.casebook.accounts import Role
from jiancha.casebook.audit import AuditQuery
from jiancha.project import Project
from jiancha.web import create_app
from jiancha.web.security import CSRF_HEADER, SESSION_COOKIE, LoginThrottle


@dataclass
class Site:
    project: Project
    app: FastAPI

    def client(self, username: str, password: str = PASSWORD) -> TestClient:
        client = TestClient(self.app, raise_server_exceptions=False, follow_redirects=False)
        assert login(client, username, password) == 303
        data = self.app.state.bench.sessions.read(client.cookies[SESSION_COOKIE])
        client.headers[CSRF_HEADER] = data.csrf
        return client

    def audit(self, **query: object) -> list[object]:
        with self.project.casework() as work:
            rows, _ = work.audit.entries([HOME], query=AuditQuery(**query))  # type: ignore[arg-type]
        return list(rows)


@pytest.fixture
def site(tmp_path) -> Site:  # type: ignore[no-untyped-def]
    project = Project.init(tmp_path / "p")
    with project.casework() as work:
        for role in Role:
            work.accounts.add(f"{role.value}_1", PASSWORD, role, [HOME])
    app = create_app(project.root)
    app.state.bench.throttle = LoginThrottle(limit=10_000)
    return Site(project, app)


def _done(site: Site, step: str) -> list[dict[str, object]]:
    return [r.detail for r in site.audit(action="user_admin") if r.detail["step"] == step]  # type: ignore[attr-defined]


def test_admin_creates_an_account_with_a_temporary_password(site: Site) -> None:
    admin = site.client("admin_1")
    response = admin.post(
        "/users",
        data={
            "username": "wang.jcg",
            "display_name": "王检察官",
            "role": "prosecutor",
            "units": "350602、350603",
        },
    )
    assert response.status_code == 200, response.text
    secret = re.search(r'id="temporary-password">([^<]+)<', response.text)
    assert secret is not None and "已创建账号" in response.text
    new = site.client("wang.jcg", secret.group(1))
    assert new.get("/api/me").json() == {
        "username": "wang.jcg",
        "display_name": "王检察官",
        "role": "prosecutor",
        "units": ["350602", "350603"],
    }
    assert _done(site, "add") == [
        {"user": "wang.jcg", "step": "add", "role": "prosecutor", "units": ["350602", "350603"]}
    ]
    assert secret.group(1) not in str(site.audit())  # the password is never logged


def test_a_weak_password_or_bad_unit_is_refused_in_chinese(site: Site) -> None:
    admin = site.client("admin_1")
    weak = admin.post(
        "/users", data={"username": "li", "role": "analyst", "units": HOME, "password": "password"}
    )
    assert weak.status_code == 400 and "密码至少 12 个字符" in weak.text
    unit = admin.post("/users", data={"username": "li2", "role": "analyst", "units": "漳州"})
    assert unit.status_code == 400 and "单位代码 “漳州”" in unit.text
    role = admin.post("/users", data={"username": "li3", "role": "boss", "units": HOME})
    assert role.status_code == 400 and "没有 “boss” 这个角色" in role.text
    assert _done(site, "add") == []


def test_disable_ends_the_users_sessions_and_is_audited(site: Site) -> None:
    user = site.client("prosecutor_1")
    assert user.get("/api/me").status_code == 200
    admin = site.client("admin_1")
    response = admin.post("/users/prosecutor_1/disable")
    assert response.status_code == 200 and "已停用账号" in response.text
    assert user.get("/api/me").status_code == 401
    assert post_login(user, "prosecutor_1").status_code == 401
    assert _done(site, "disable") == [{"user": "prosecutor_1", "step": "disable"}]
    # and enabled again
    assert admin.post("/users/prosecutor_1/enable").status_code == 200
    assert login(TestClient(site.app, follow_redirects=False), "prosecutor_1") == 303


def test_an_admin_cannot_disable_or_demote_themselves(site: Site) -> None:
    admin = site.client("admin_1")
    assert admin.post("/users/admin_1/disable").status_code == 403
    demote = admin.post("/users/admin_1/role", data={"role": "analyst", "units": HOME})
    assert demote.status_code == 403
    assert _done(site, "disable") == [] and _done(site, "role_units") == []


def test_role_and_units_change_and_the_user_signs_in_again(site: Site) -> None:
    user = site.client("analyst_1")
    admin = site.client("admin_1")
    response = admin.post("/users/analyst_1/role", data={"role": "leader", "units": "3506"})
    assert response.status_code == 200 and "已更改角色和管辖单位" in response.text
    assert user.get("/api/me").status_code == 401  # the old rights end with the session
    again = site.client("analyst_1")
    assert again.get("/api/me").json()["role"] == "leader"
    assert again.get("/api/me").json()["units"] == ["3506"]
    assert _done(site, "role_units") == [
        {"user": "analyst_1", "step": "role_units", "role": "leader", "units": ["3506"]}
    ]


def test_reset_and_unlock(site: Site) -> None:
    admin = site.client("admin_1")
    # twelve wrong passwords, each after the pause the one before asked for (two minutes
    # apart), the last half a minute ago: the account asks for a minute's pause from then
    start = datetime.now() - timedelta(minutes=22, seconds=30)
    with site.project.casework() as work:
        for attempt in range(12):
            moment = start + timedelta(minutes=2 * attempt)
            work.accounts.login("auditor_1", "wrong-password-123", moment)
    stranger = TestClient(site.app, raise_server_exceptions=False, follow_redirects=False)
    assert login(stranger, "auditor_1") == 401  # paused: even the right password is refused
    users = admin.get("/users").text
    assert "暂停登录至" in users and 'action="/users/auditor_1/unlock"' in users
    assert admin.post("/users/auditor_1/unlock").status_code == 200
    assert login(stranger, "auditor_1") == 303
    reset = admin.post("/users/auditor_1/reset")
    secret = re.search(r'id="temporary-password">([^<]+)<', reset.text)
    assert secret is not None
    assert login(TestClient(site.app, follow_redirects=False), "auditor_1", secret.group(1)) == 303
    steps = [r.detail["step"] for r in site.audit(action="user_admin")]  # type: ignore[attr-defined]
    assert steps == ["reset", "unlock"]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMIN])
def test_only_admins_manage_accounts(site: Site, role: Role) -> None:
    client = site.client(f"{role.value}_1")
    requests = [
        ("GET", "/users", {}),
        ("POST", "/users", {"username": "x1", "role": "admin", "units": HOME}),
        ("POST", "/users/admin_1/disable", {}),
        ("POST", f"/users/{role.value}_1/role", {"role": "admin", "units": HOME}),
        ("POST", "/users/admin_1/reset", {}),
        ("POST", "/users/admin_1/unlock", {}),
    ]
    for method, path, data in requests:
        response = client.request(method, path, data=data or None)
        assert response.status_code == 403, (role, path)
    assert site.audit(action="user_admin") == []
    denied = site.audit(action="denied", username=f"{role.value}_1")
    assert len(denied) == len(requests)


# -- the audit log -------------------------------------------------------------------------------


def test_the_audit_log_reads_in_chinese(site: Site) -> None:
    admin = site.client("admin_1")
    admin.post("/users", data={"username": "zhao", "role": "analyst", "units": HOME})
    with site.project.casework() as work:
        work.audit.record("王检察官", "unmask", subject="C000001", unit_code=HOME,
                          detail={"reason": "核查身份信息", "via": "api"})  # fmt: skip
    page = site.client("auditor_1").get("/audit")
    assert page.status_code == 200
    assert "\\u" not in page.text
    assert (
        "管理用户账号" in page.text and "账号：zhao；操作：创建账号；角色：数据分析员" in page.text
    )
    assert "查看未脱敏个人信息" in page.text and "事由：核查身份信息；途径：接口" in page.text


def test_the_audit_log_filters_by_user_action_and_days(site: Site) -> None:
    with site.project.casework() as work:
        for username, action, day in [
            ("zhang", "unmask", datetime(2025, 3, 1, 9)),
            ("zhang", "login", datetime(2025, 3, 2, 9)),
            ("li", "unmask", datetime(2025, 3, 2, 23, 59)),
            ("zhang", "unmask", datetime(2025, 3, 5, 9)),
        ]:
            work.audit.record(username, action, unit_code=HOME, at=day)
    auditor = site.client("auditor_1")

    def listed(**params: str) -> list[tuple[str, str]]:
        text = auditor.get("/audit", params=params).text
        users = re.findall(r'<td class="audit-user">([^<]*)</td>', text)
        actions = re.findall(r'data-action="([^"]+)"', text)
        return list(zip(users, actions, strict=True))

    assert listed(user="zhang", action="unmask") == [("zhang", "unmask"), ("zhang", "unmask")]
    assert listed(since="2025-03-02", until="2025-03-02") == [("li", "unmask"), ("zhang", "login")]
    assert listed(user="zhang", since="2025-03-02", until="2025-03-31") == [
        ("zhang", "unmask"),
        ("zhang", "login"),
    ]
    bad = auditor.get("/audit", params={"since": "3月2日"})
    assert bad.status_code == 400 and "起始日期 “3月2日” 应为 YYYY-MM-DD" in bad.text


def test_the_demo_has_a_login_for_every_role() -> None:
    from jiancha.demo import DEMO_USERS

    assert {role for _, _, role, _ in DEMO_USERS} == {r.value for r in Role}
    assert all("（演示）" in label for _, label, _, _ in DEMO_USERS)
