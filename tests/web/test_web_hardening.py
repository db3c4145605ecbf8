"""Issue 18's security findings, each as the test that would have caught it: body limits
before reading, security headers, e-service links (GET records nothing, used up, revoked,
host from configuration)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import HOME, PASSWORD, WebProject, login, post_login, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.inbox import ClueFilter
from jiancha.project import Project
from jiancha.web import create_app
from jiancha.web.middleware import CSP, DEFAULT_BODY, REPLY_BODY, UPLOAD_BODY

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
MB = 1024 * 1024


def _asgi(
    web: WebProject, path: str, headers: dict[str, str], chunks: int, chunk: int = MB
) -> tuple[int, int]:
    """POST ``chunks`` chunks of ``chunk`` bytes to ``path`` straight through the ASGI app;
    (status, how many chunks the app pulled)."""
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        more = pulled < chunks
        return {"type": "http.request", "body": b"x" * chunk, "more_body": more}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        + [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(web.app(scope, receive, send))
    return status, pulled


@pytest.fixture(scope="module")
def own_clue(web: WebProject) -> str:
    """A clue of HOME with a recommendation of its own: these tests reply to and revoke
    its links, leaving the shared clues as the other web tests expect them."""
    work = web.app.state.bench.work
    clue = work.clues(ClueFilter(unit=HOME, status="new"))[-1].id
    work.assign(clue, "prosecutor_in", actor="leader_in")
    for status in ("verifying", "opened"):
        work.move(clue, status, actor="prosecutor_in")
    work.issue_document(clue, "recommendation", actor="prosecutor_in", recipient="某执法机关")
    return str(clue)


def _issue_link(web: WebProject, clue: str) -> str:
    client = web.client(username(Role.PROSECUTOR, True))
    served = client.post(f"/clues/{clue}/service")
    found = re.search(r'<code id="service-url">[^<]*(/service/[^<]+)</code>', served.text)
    assert found is not None
    return found.group(1)


def test_a_declared_oversize_body_is_refused_before_a_byte_is_read(
    web: WebProject, own_clue: str
) -> None:
    """The red team's 400 MB to the public reply URL: now refused unread."""
    token = _issue_link(web, own_clue).rsplit("/", 1)[-1]
    big = {"content-type": "multipart/form-data; boundary=x", "content-length": str(400 * MB)}
    assert _asgi(web, f"/service/{token}/reply", big, chunks=400) == (413, 0)
    upload = {**big, "content-length": str(UPLOAD_BODY + MB)}
    assert _asgi(web, "/imports", upload, chunks=300) == (413, 0)
    login = {"content-type": "application/x-www-form-urlencoded", "content-length": str(2 * MB)}
    assert _asgi(web, "/login", login, chunks=2) == (413, 0)


def test_only_a_signed_in_browser_may_send_a_large_upload(web: WebProject) -> None:
    """The form is read before the route's gate runs: an anonymous 5 MB to /imports is
    refused unread; a signed-in analyst's passes the ceiling (and the gate decides)."""
    headers = {"content-type": "multipart/form-data; boundary=x", "content-length": str(5 * MB)}
    assert _asgi(web, "/imports", headers, chunks=5) == (413, 0)
    forged = {**headers, "cookie": "jiancha_session=forged.value"}
    assert _asgi(web, "/imports", forged, chunks=5) == (413, 0)
    cookie, _csrf = web.cookies[username(Role.ANALYST, True)]
    signed = {**headers, "cookie": f"jiancha_session={cookie}"}
    status, pulled = _asgi(web, "/imports", signed, chunks=5)
    assert status != 413 and pulled >= 1  # read, and refused for what it is (not a form)


def test_an_undeclared_oversize_body_is_cut_at_the_limit(web: WebProject) -> None:
    """Chunked, with no Content-Length: read up to the route's ceiling, then 413."""
    path = "/clues/assign"
    status, pulled = _asgi(
        web, path, {"content-type": "application/x-www-form-urlencoded"}, chunks=500
    )
    assert status == 413 and pulled <= DEFAULT_BODY // MB + 2


def test_the_link_is_checked_before_the_reply_is_read(web: WebProject) -> None:
    bad = "/service/AAAA.1999999999.zzzz/reply"
    headers = {"content-type": "multipart/form-data; boundary=x"}
    status, pulled = _asgi(web, bad, headers, chunks=REPLY_BODY // MB)
    assert status == 410 and pulled == 0


def test_security_headers_on_every_response(web: WebProject) -> None:
    public = web.client()
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    for response in (
        public.get("/login"),
        public.get("/no-such-page"),
        prosecutor.get(f"/clues/{web.clue}"),
        prosecutor.post(f"/clues/{web.clue}/unmask", data={"reason": "核查需要"}),
        prosecutor.get(f"/clues/{web.doc_clue}/documents/{web.document_id}"),
        web.client().get("/api/me", headers={"Authorization": "Bearer nobody"}),
    ):
        headers = response.headers
        assert headers["content-security-policy"] == CSP, response.url
        assert "frame-ancestors 'none'" in CSP and "'unsafe-inline'" not in CSP
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["cache-control"] == "no-store", response.url
    static = public.get("/static/app.css")
    assert static.headers["x-content-type-options"] == "nosniff"
    assert "no-store" not in static.headers.get("cache-control", "")


def test_pages_have_no_inline_script_or_style_and_htmx_is_configured_for_the_csp(
    web: WebProject,
) -> None:
    page = web.client(username(Role.PROSECUTOR, True)).get("/clues").text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all('src="/static/' in attrs and not body for attrs, body in scripts)
    assert not re.search(r"\son[a-z]+=|\sstyle=|<style", page)
    assert '"includeIndicatorStyles": false' in page and "hx-get=" in page
    assert ".htmx-indicator" in web.client().get("/static/app.css").text


def test_a_link_previewer_opens_nothing_and_a_used_link_says_so(
    web: WebProject, own_clue: str
) -> None:
    link = _issue_link(web, own_clue)
    public = web.client()
    for _ in range(3):  # a chat app's preview bot
        assert public.get(link).status_code == 200
        assert public.get(f"{link}/document").status_code == 410
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    assert "未打开" in prosecutor.get(f"/clues/{own_clue}").text
    assert public.post(f"{link}/open").status_code == 303
    assert public.get(f"{link}/document").content[:2] == b"PK"
    assert public.post(f"{link}/confirm", data={"by": "收发室王某"}).status_code == 303
    script = public.post(
        f"{link}/reply", data={"by": "法制科"}, files={"reply": ("回复.pdf", b"#!/bin/sh\n")}
    )
    assert script.status_code == 415 and "PDF" in script.text
    done = public.post(f"{link}/reply", data={"by": "法制科"}, files={"reply": ("r.pdf", PDF)})
    assert done.status_code == 200 and "已收到书面回复" in done.text and "r.pdf" in done.text
    used = public.get(link)
    assert used.status_code == 410 and "已用毕" in used.text
    assert public.get(f"{link}/document").status_code == 410


def test_the_issuer_revokes_a_link_in_the_web(web: WebProject, own_clue: str) -> None:
    link = _issue_link(web, own_clue)
    token_id = link.rsplit("/", 1)[-1].split(".")[0]
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    page = prosecutor.post(f"/clues/{own_clue}/service/revoke", data={"link": token_id})
    assert page.status_code == 200 and "已撤销送达链接" in page.text
    refused = web.client().get(link)
    assert refused.status_code == 410 and "撤销" in refused.text
    stranger = web.client(username(Role.PROSECUTOR, False))
    other = stranger.post(f"/clues/{own_clue}/service/revoke", data={"link": token_id})
    assert other.status_code == 404


def test_the_link_host_comes_from_configuration_never_the_host_header(web: WebProject) -> None:
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    evil = prosecutor.post(
        f"/clues/{web.doc_clue}/service", headers={"Host": "evil.example.com"}
    ).text
    assert "evil.example.com" not in evil
    config = web.app.state.bench.project.config
    config.web.public_url = "https://jc.example.gov.cn"
    try:
        text = prosecutor.post(f"/clues/{web.doc_clue}/service").text
    finally:
        config.web.public_url = ""
    assert '<code id="service-url">https://jc.example.gov.cn/service/' in text


def test_admins_set_reset_unlock_and_enable_accounts_in_the_web(web: WebProject) -> None:
    work = web.app.state.bench.work
    work.accounts.add("web_admin_target", "river-lantern-4417", Role.ANALYST, [HOME])
    admin = web.client(username(Role.ADMIN, True))
    weak = admin.post("/users/web_admin_target/passwd", data={"password": "password1234"})
    assert weak.status_code == 400 and "常见" in weak.text
    assert (
        admin.post(
            "/users/web_admin_target/passwd", data={"password": "lantern-river-9182"}
        ).status_code
        == 200
    )
    assert work.accounts.login("web_admin_target", "lantern-river-9182", _now())[0]
    reset = admin.post("/users/web_admin_target/reset")
    found = re.search(r'<code id="temporary-password">([^<]+)</code>', reset.text)
    assert found is not None
    assert work.accounts.login("web_admin_target", found.group(1), _now())[0]
    work.accounts.revoke("web_admin_target")
    assert "启用" in admin.get("/users").text
    assert admin.post("/users/web_admin_target/enable").status_code == 200
    assert admin.post("/users/web_admin_target/unlock").status_code == 200
    assert work.accounts.login("web_admin_target", found.group(1), _now())[0]
    steps = [e.detail.get("step") for e in work.audit.entries([HOME], action="user_admin")[0]]
    assert {"passwd", "reset", "enable", "unlock"} <= set(steps)
    analyst = web.client(username(Role.ANALYST, True))
    assert analyst.post("/users/web_admin_target/reset").status_code == 403


def test_users_cli_passwd_reset_unlock_enable(web: WebProject) -> None:
    from typer.testing import CliRunner

    from jiancha.cli.main import app

    runner = CliRunner()
    project = ["-C", str(web.project.root)]
    work = web.app.state.bench.work
    work.accounts.add("cli_target", "river-lantern-4417", Role.ANALYST, [HOME])
    weak = runner.invoke(app, [*project, "users", "passwd", "cli_target", "--password", "x" * 12])
    assert weak.exit_code == 1 and "容易" in str(weak.exception)
    changed = [*project, "users", "passwd", "cli_target", "--password", "lantern-river-9182"]
    assert runner.invoke(app, changed).exit_code == 0
    reset = runner.invoke(app, [*project, "users", "reset", "cli_target"])
    assert reset.exit_code == 0
    temporary = reset.output.strip().splitlines()[-1]
    assert work.accounts.login("cli_target", temporary, _now())[0]
    work.accounts.revoke("cli_target")
    assert runner.invoke(app, [*project, "users", "enable", "cli_target"]).exit_code == 0
    assert runner.invoke(app, [*project, "users", "unlock", "cli_target"]).exit_code == 0
    assert work.accounts.login("cli_target", temporary, _now())[0]


def _now() -> datetime:
    return datetime.now()


def test_trusted_hosts_and_proxies_come_from_configuration(small_project: Project) -> None:
    toml = small_project.root / "jiancha.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[web]\npublic_url = "https://jc.example.gov.cn"\n'
        + 'trusted_proxies = ["testclient"]\n',
        encoding="utf-8",
    )
    app = create_app(small_project.root)
    app.state.bench.work.accounts.add("proxied", PASSWORD, Role.AUDITOR, [HOME])
    ours = TestClient(app, base_url="https://jc.example.gov.cn", follow_redirects=False)
    assert ours.get("/login").status_code == 200
    forged = TestClient(app, base_url="http://evil.example.com").get("/login")
    assert forged.status_code == 400 and "主机名" in forged.text
    ours.headers["X-Forwarded-For"] = "203.0.113.9"
    assert login(ours, "proxied") == 303
    rows, _total = app.state.bench.work.audit.entries([HOME], action="login")
    assert rows[0].ip == "203.0.113.9"  # the proxy is trusted: its client is the client


def test_x_forwarded_for_is_not_believed_without_configured_proxies(web: WebProject) -> None:
    client = web.client()
    client.headers["X-Forwarded-For"] = "198.51.100.7"
    post_login(client, "no_such_user_xff", "wrong-password!")
    rows, _total = web.app.state.bench.work.audit.entries([HOME], action="login_failed")
    mine = [r for r in rows if r.username == "no_such_user_xff"]
    assert mine and mine[0].ip == "testclient"


def test_the_server_leaves_forwarded_headers_to_the_app(
    small_project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """uvicorn by itself believes X-Forwarded-For from 127.0.0.1: ``jiancha serve`` turns
    that off, so only ``[web] trusted_proxies`` decides."""
    import uvicorn

    from jiancha.web.asgi import serve

    for name in ("JIANCHA_PROJECT", "JIANCHA_WEB_WORKERS"):  # serve sets them
        monkeypatch.delenv(name, raising=False)
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *_a, **kw: seen.update(kw))
    serve(small_project.root, "127.0.0.1", 0, 1)
    assert seen["proxy_headers"] is False
    serve(small_project.root, "127.0.0.1", 0, 2)
    assert seen["proxy_headers"] is False and seen["workers"] == 2


DEATHS = "record_id,source,unit_code,name,id_number,died_at\n"


def test_two_uploads_of_one_name_each_import_and_show_only_their_own_quarantine(
    small_project: Project,
) -> None:
    app = create_app(small_project.root)
    app.state.bench.work.accounts.add("uploader", PASSWORD, Role.ANALYST, [HOME])
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    assert login(client, "uploader") == 303
    client.headers["X-CSRF-Token"] = app.state.bench.sessions.read(
        client.cookies["jiancha_session"]
    ).csrf
    pages = []
    for who in ("UPA", "UPB"):
        rows = f"{who}1,民政,350602,张三,,2023/13/01\n{who}2,民政,350602,李四,,2023-01-05\n"
        pages.append(
            client.post(
                "/imports",
                files={"upload": ("death_record.csv", (DEATHS + rows).encode(), "text/csv")},
            )
        )
    first, second = pages
    assert first.status_code == second.status_code == 200
    assert "UPA1" in first.text and "UPB1" in second.text
    assert "UPA1" not in second.text  # only this batch's quarantine
    assert "unchanged" not in second.text and "未变化" not in second.text
    stored = sorted((small_project.root / "uploads").rglob("death_record.csv"))
    assert sorted(p.read_text(encoding="utf-8").count("UPB") for p in stored) == [0, 2]
    assert str(small_project.root) not in first.text  # no server path on the page
    dots = client.post("/imports", files={"upload": ("..", DEATHS.encode(), "text/csv")})
    assert 400 <= dots.status_code < 500 and "Traceback" not in dots.text
    assert str(small_project.root) not in dots.text


def test_huge_numbers_and_a_missing_stored_file_are_4xx_in_chinese(web: WebProject) -> None:
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    huge = "9" * 40
    api = {"Authorization": f"Bearer {web.tokens[username(Role.PROSECUTOR, True)]}"}
    for response in (
        prosecutor.get(f"/clues/C{huge}"),
        prosecutor.get(f"/clues/{web.doc_clue}/documents/{huge}"),
        prosecutor.get(f"/clues/{web.doc_clue}/documents/{'9' * 19}"),
        web.client().get(f"/api/clues/C{huge}", headers=api),
    ):
        assert response.status_code == 404, response.url
        assert "没有" in response.text and "Traceback" not in response.text


def test_a_missing_stored_file_is_a_404_without_the_server_path(
    small_project: Project,
    small_data,  # type: ignore[no-untyped-def]
) -> None:
    small_project.run(as_of=small_data.as_of)
    app = create_app(small_project.root)
    work = app.state.bench.work
    clue = work.clues(ClueFilter(unit=HOME, status="new"))[0].id
    work.assign(clue, "甲", actor="乙")
    for status in ("verifying", "opened"):
        work.move(clue, status, actor="甲")
    document = work.issue_document(clue, "recommendation", actor="甲", recipient="某局")
    work.document_path(document).unlink()  # lost in a restore, deleted by hand
    work.accounts.add("reader", PASSWORD, Role.PROSECUTOR, [HOME])
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    assert login(client, "reader") == 303
    response = client.get(f"/clues/{clue}/documents/{document.id}")
    assert response.status_code == 404 and "文件库中缺少文件" in response.text
    assert str(small_project.root) not in response.text


def test_the_api_asks_a_reason_to_unmask_and_audits_it(web: WebProject) -> None:
    name = username(Role.PROSECUTOR, True)
    api = web.client()
    api.headers["Authorization"] = f"Bearer {web.tokens[name]}"
    refused = api.get(f"/api/clues/{web.clue}?unmask=true")
    assert refused.status_code == 400 and "reason" in refused.json()["error"]["message"]
    shown = api.get(f"/api/clues/{web.clue}", params={"unmask": "true", "reason": "核查身份"})
    assert shown.status_code == 200 and shown.json()["masked"] is False
    rows, _total = web.app.state.bench.work.audit.entries([HOME], action="unmask")
    assert rows[0].detail == {"via": "api", "reason": "核查身份"}


def test_bulk_assignment_audits_each_clues_unit(web: WebProject) -> None:
    leader = web.client(username(Role.LEADER, True))
    response = leader.post(
        "/clues/assign", data={"assignee": "prosecutor_in", "clue_ids": [web.clue]}
    )
    assert response.status_code == 303
    rows, _total = web.app.state.bench.work.audit.entries([HOME], action="assign")
    mine = [r for r in rows if r.subject == web.clue]
    assert mine and mine[0].unit_code is not None and mine[0].unit_code.startswith(HOME)
