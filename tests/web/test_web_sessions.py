"""Logging out ends the session on the server: a copy of the cookie stops working, other
sessions of the same user do not; disabling an account ends all its sessions for good."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from web_support import HOME, PASSWORD, WebProject, login, username

from jiancha.casebook.accounts import Role, add_user, revoke
from jiancha.casebook.audit import entries
from jiancha.casebook.tables import WebUser
from jiancha.web.security import SESSION_COOKIE


def _replay(web: WebProject, cookie: str) -> TestClient:
    """Another browser (or an attacker) holding a copy of ``cookie``."""
    client = web.client()
    client.cookies.set(SESSION_COOKIE, cookie)
    return client


def _logouts(web: WebProject) -> int:
    with web.app.state.bench.work.book.session() as session:
        return entries(session, [HOME], action="logout")[1]


def test_a_logged_out_cookie_is_refused_and_a_second_session_still_works(
    web: WebProject,
) -> None:
    name = username(Role.PROSECUTOR, True)
    first, second = web.fresh_client(name), web.fresh_client(name)
    copied = first.cookies[SESSION_COOKIE]
    assert _replay(web, copied).get("/clues").status_code == 200
    before = _logouts(web)

    response = first.post("/logout")
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert _logouts(web) == before + 1

    replayed = _replay(web, copied)
    page = replayed.get("/clues")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert replayed.get("/api/me").status_code == 401
    assert second.get("/clues").status_code == 200
    assert second.get("/api/me").json()["username"] == name


def test_a_logged_out_cookie_cannot_post_either(web: WebProject) -> None:
    name = username(Role.PROSECUTOR, True)
    client = web.fresh_client(name)
    copied, csrf = client.cookies[SESSION_COOKIE], client.headers["X-CSRF-Token"]
    assert client.post("/logout").status_code == 303
    replayed = _replay(web, copied)
    replayed.headers["X-CSRF-Token"] = csrf
    response = replayed.post(f"/clues/{web.clue}/unmask", data={"reason": "核查需要"})
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_disabling_an_account_ends_its_sessions_even_once_enabled_again(
    web: WebProject,
) -> None:
    book = web.app.state.bench.work.book
    with book.session() as session:
        user_id = add_user(session, "to_disable", PASSWORD, Role.PROSECUTOR, [HOME]).id
    client = web.fresh_client("to_disable")
    copied = client.cookies[SESSION_COOKIE]
    assert client.get("/clues").status_code == 200
    with book.session() as session:
        revoke(session, "to_disable")
    assert client.get("/clues").status_code == 303
    with book.session() as session:
        session.get_one(WebUser, user_id).active = True
    assert _replay(web, copied).get("/clues").status_code == 303
    # session times are signed to the second: a new sign-in is a later second
    time.sleep(1.05 - time.time() % 1)
    again = web.client()
    assert login(again, "to_disable") == 303
    assert again.get("/clues").status_code == 200
