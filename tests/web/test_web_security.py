"""CSRF, lockout, sessions, masking and the audit log, error shapes."""

from __future__ import annotations

import re

from fastapi import Request
from web_support import HOME, WebProject, post_login, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.audit import entries
from jiancha.web import access
from jiancha.web.masking import mask_mapping, mask_text
from jiancha.web.security import CSRF_HEADER, SESSION_COOKIE, LoginThrottle

ID_NUMBER = re.compile(r"\b\d{17}[\dX]\b")


def test_a_form_post_without_or_with_a_wrong_csrf_token_is_refused(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    del client.headers[CSRF_HEADER]
    path = f"/clues/{web.clue}/unmask"
    assert client.post(path, data={"reason": "核查需要"}).status_code == 403
    bad = {"reason": "核查需要", "csrf_token": "forged"}
    assert client.post(path, data=bad).status_code == 403
    good = {"reason": "核查需要", "csrf_token": web.cookies[username(Role.PROSECUTOR, True)][1]}
    assert client.post(path, data=good).status_code == 200


def test_wrong_passwords_slow_the_guesser_without_locking_the_owner_out(
    web: WebProject,
) -> None:
    """Issue 18: a stranger's wrong passwords must not lock the account; the address that
    guesses waits longer and longer, and the refusal reads the same for every name."""
    client = web.client()
    refusals, paused = [], None
    for _ in range(6):
        response = post_login(client, "locked_out", "wrong-password!")
        if response.status_code == 429:
            paused = response
            break
        assert response.status_code == 401
        refusals.append(response.text)
    throttle = web.app.state.bench.throttle
    assert paused is not None and len(refusals) >= throttle.free
    assert "秒后再试" in paused.text and SESSION_COOKIE not in paused.cookies
    assert throttle.wait("testclient", "locked_out") > 0  # this address waits …
    assert throttle.wait("127.0.0.2", "locked_out") == 0  # … the owner elsewhere does not
    nobody = post_login(web.client(), "no_such_user", "wrong-password!")
    assert nobody.status_code == 401
    assert {nobody.text.count("用户名或密码错误")} == {
        t.count("用户名或密码错误") for t in refusals
    }
    assert "锁定" not in nobody.text and "用户名或密码错误" in nobody.text


def test_session_cookie_is_httponly_samesite_and_signed(web: WebProject) -> None:
    client = web.client()
    response = post_login(client, username(Role.ANALYST, True))
    header = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
    ).lower()
    assert "httponly" in header and "samesite=strict" in header and "max-age=" in header
    tampered = web.client()
    tampered.cookies.set(SESSION_COOKIE, response.cookies[SESSION_COOKIE][:-2] + "xx")
    assert tampered.get("/").status_code == 303


def test_personal_data_is_masked_until_unmasked_and_that_is_audited(web: WebProject) -> None:
    user = username(Role.PROSECUTOR, True)
    client = web.client(user)
    masked = client.get(f"/clues/{web.clue}").text
    assert not ID_NUMBER.search(masked)
    before = _audit_count(web, "unmask")
    shown = client.post(f"/clues/{web.clue}/unmask", data={"reason": "核查需要"}).text
    assert "记入审计日志" in shown
    assert _audit_count(web, "unmask") == before + 1
    analyst = web.client(username(Role.ANALYST, True))
    assert analyst.post(f"/clues/{web.clue}/unmask", data={"reason": "x1"}).status_code == 403


def test_masking_covers_id_numbers_phones_and_addresses() -> None:
    assert mask_text("身份证 350626198301279352 电话 13912345678") == (
        "身份证 350626********9352 电话 139****5678"
    )
    masked = mask_mapping({"home_address": "福建省漳州市芗城区某路1号", "name": "张三"})
    assert masked["name"] == "张三"
    assert "某路1号" not in masked["home_address"]


def test_downloads_are_audited_and_the_auditor_sees_them(web: WebProject) -> None:
    client = web.client(username(Role.LEADER, True))
    before = _audit_count(web, "download")
    response = client.get(f"/clues/{web.doc_clue}/documents/{web.document_id}")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # a .docx is a zip
    assert _audit_count(web, "download") == before + 1
    auditor = web.client(username(Role.AUDITOR, True)).get("/audit?action=download")
    assert web.doc_clue in auditor.text
    assert not ID_NUMBER.search(auditor.text)


def test_errors_have_one_json_shape_and_no_traceback(web: WebProject) -> None:
    client = web.client(username(Role.LEADER, True))
    response = client.get("/api/clues/C999999")
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == "not_found"
    assert client.get("/api/clues?page=0").json()["error"]["code"] == "invalid_input"
    assert web.client().get("/api/me").json()["error"]["code"] == "login_required"


def test_an_unexpected_error_shows_no_traceback(web: WebProject, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom(request: Request) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setitem(access.RULES, "boom", access.Rule(frozenset(Role)))
    web.app.add_api_route("/boom", boom, name="boom")
    try:
        client = web.client(username(Role.LEADER, True))
        page = client.get("/boom", headers={"accept": "text/html"})
        assert page.status_code == 500
        assert "secret internals" not in page.text and "Traceback" not in page.text
        assert (
            client.get("/boom", headers={"accept": "application/json"}).json()["error"]["code"]
            == "internal_error"
        )
    finally:
        web.app.router.routes.pop()


def test_api_token_works_and_a_revoked_token_does_not(web: WebProject) -> None:
    client = web.client()
    token = web.tokens[username(Role.PROSECUTOR, True)]
    me = client.get("/api/me", headers={"authorization": f"Bearer {token}"}).json()
    assert me["units"] == [HOME]
    assert client.get("/api/me", headers={"authorization": "Bearer nope"}).status_code == 401


def _audit_count(web: WebProject, action: str) -> int:
    with web.app.state.bench.work.book.session() as session:
        return entries(session, [HOME], action=action)[1]


def test_the_login_throttle_stops_one_address_after_its_limit() -> None:
    throttle = LoginThrottle(limit=3, window=60)
    assert [throttle.allow("10.0.0.1") for _ in range(4)] == [True, True, True, False]
    assert throttle.allow("10.0.0.2")
