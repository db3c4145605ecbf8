"""The login form's own CSRF token (login CSRF): a form posted from another site, which
has no login cookie of this browser, cannot sign the victim in to another account."""

from __future__ import annotations

from web_support import HOME, PASSWORD, WebProject, login_token, post_login, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.audit import entries
from jiancha.web.security import CSRF_FIELD, LOGIN_COOKIE, SESSION_COOKIE

NAME = username(Role.ANALYST, True)


def _denied(web: WebProject) -> list[str]:
    """The ``why`` of the login page's refusals in the audit log, newest first."""
    with web.app.state.bench.work.book.session() as session:
        rows, _ = entries(session, [HOME], action="denied", limit=1000)
    return [r.detail.get("why", "") for r in rows if r.subject == "/login"]


def _refused(web: WebProject, response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 403
    assert "CSRF 校验失败" in response.text
    assert SESSION_COOKIE not in response.cookies


def test_a_login_without_the_form_token_is_refused_and_audited(web: WebProject) -> None:
    before = len(_denied(web))
    client = web.client()
    response = client.post("/login", data={"username": NAME, "password": PASSWORD})
    _refused(web, response)
    denied = _denied(web)
    assert len(denied) == before + 1 and denied[0] == "csrf"


def test_a_login_with_a_wrong_or_foreign_token_is_refused(web: WebProject) -> None:
    victim, attacker = web.client(), web.client()
    login_token(victim)  # the victim's browser has a login cookie of its own
    forged = {"username": NAME, "password": PASSWORD, CSRF_FIELD: "forged"}
    _refused(web, victim.post("/login", data=forged))
    # the attacker's genuine token, in a form posted from the victim's browser
    foreign = {"username": NAME, "password": PASSWORD, CSRF_FIELD: login_token(attacker)}
    _refused(web, victim.post("/login", data=foreign))
    # and with no login cookie at all (the form came from another site)
    _refused(web, web.client().post("/login", data=foreign))


def test_a_refused_login_page_offers_a_working_form(web: WebProject) -> None:
    client = web.client()
    refused = client.post("/login", data={"username": NAME, "password": PASSWORD})
    assert refused.status_code == 403
    assert post_login(client, NAME).status_code == 303


def test_the_login_cookie_is_httponly_samesite_and_scoped_to_the_form(web: WebProject) -> None:
    response = web.client().get("/login")
    header = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(LOGIN_COOKIE)
    ).lower()
    assert "httponly" in header and "samesite=strict" in header and "path=/login" in header


def test_with_the_token_the_login_works_and_two_open_forms_both_do(web: WebProject) -> None:
    client = web.client()
    first, second = login_token(client), login_token(client)
    assert first == second  # a second login page does not spoil the first
    response = client.post(
        "/login", data={"username": NAME, "password": PASSWORD, CSRF_FIELD: first}
    )
    assert response.status_code == 303
    assert SESSION_COOKIE in response.cookies
    assert client.get("/api/me").json()["username"] == NAME
