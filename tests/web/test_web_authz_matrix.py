"""Every route × every role × inside and outside the unit scope: allowed or refused.

The routes come from the app itself, so a route added without an access rule and a sample
request here fails this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from web_support import WebProject, login_token, username

from jiancha.casebook.accounts import Role
from jiancha.web.access import RULES, rule_for
from jiancha.web.security import CSRF_FIELD

BAD_TOKEN = "abc.1700000000.bad"


def samples(web: WebProject) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """One request per route, built so that it changes nothing lasting."""
    c, d = web.clue, web.doc_clue
    return {
        "login_form": ("GET", "/login", {}),
        "login": ("POST", "/login", {"data": {"username": "nobody", "password": "x"}}),
        "logout": ("POST", "/logout", {}),
        "service_page": ("GET", f"/service/{BAD_TOKEN}", {}),
        "service_open": ("POST", f"/service/{BAD_TOKEN}/open", {}),
        "service_document": ("GET", f"/service/{BAD_TOKEN}/document", {}),
        "service_confirm": ("POST", f"/service/{BAD_TOKEN}/confirm", {"data": {"by": "王某"}}),
        "service_reply": (
            "POST",
            f"/service/{BAD_TOKEN}/reply",
            {"data": {"by": "王某"}, "files": {"reply": ("r.txt", b"x")}},
        ),
        "dashboard": ("GET", "/", {}),
        "inbox": ("GET", "/clues", {}),
        "bulk_assign": ("POST", "/clues/assign", {"data": {"assignee": "甲", "clue_ids": [c]}}),
        "clue_page": ("GET", f"/clues/{c}", {}),
        "clue_unmask": ("POST", f"/clues/{c}/unmask", {"data": {"reason": "核查需要"}}),
        "clue_move": ("POST", f"/clues/{c}/move", {"data": {"to": "closed"}}),
        "clue_assign": ("POST", f"/clues/{c}/assign", {"data": {"assignee": "甲"}}),
        "clue_issue_document": ("POST", f"/clues/{c}/documents", {"data": {"kind": "no_kind"}}),
        "clue_download": ("GET", f"/clues/{d}/documents/{web.document_id}", {}),
        "clue_serve": ("POST", f"/clues/{c}/service", {}),
        "clue_serve_revoke": ("POST", f"/clues/{c}/service/revoke", {"data": {"link": "none"}}),
        "deadlines": ("GET", "/deadlines", {}),
        "models_page": ("GET", "/models", {}),
        "model_page": ("GET", "/models/custody.bail_overdue", {}),
        "model_run": ("POST", "/models/run", {"data": {"as_of": "not-a-date"}}),
        "model_run_status": ("GET", "/models/runs/999", {}),
        "imports_page": ("GET", "/imports", {}),
        "imports_upload": ("POST", "/imports", {"data": {"table": "x"}}),
        "stats_page": ("GET", "/stats", {}),
        "audit_page": ("GET", "/audit", {}),
        "ledger_page": ("GET", "/ledger", {}),
        "users_page": ("GET", "/users", {}),
        "users_passwd": ("POST", "/users/nobody/passwd", {"data": {"password": "x"}}),
        "users_reset": ("POST", "/users/nobody/reset", {}),
        "users_unlock": ("POST", "/users/nobody/unlock", {}),
        "users_enable": ("POST", "/users/nobody/enable", {}),
        "similar_page": ("GET", "/similar", {}),
        "similar_search": ("POST", "/similar", {"data": {"text": "被告人窃取手机一部"}}),
        "clue_similar": ("GET", f"/clues/{c}/similar", {}),
        "api_me": ("GET", "/api/me", {}),
        "api_clues": ("GET", "/api/clues", {}),
        "api_clue": ("GET", f"/api/clues/{c}", {}),
        "api_transfer": (
            "POST",
            f"/api/clues/{c}/transfer",
            {"json": {"recipient": "某监察委员会"}},
        ),
        "api_feedback": (
            "POST",
            f"/api/clues/{c}/feedback",
            {"json": {"by": "某局", "text": "已整改"}},
        ),
    }


def route_names(web: WebProject) -> set[str]:
    return {r.name for r in web.app.state.routes if isinstance(r, APIRoute)}


def test_every_route_has_a_rule_and_a_sample(web: WebProject) -> None:
    names = route_names(web)
    assert names - set(RULES) == set(), "routes without an access rule"
    assert names == set(samples(web)), "routes without a sample request in this test"
    assert set(RULES) == names, "rules of routes that no longer exist"


# Refused: 403 (role), 404 (outside the units: not told whether it exists), or the login page.
REFUSED = {403, 404}


def _call(web: WebProject, user: str | None, name: str) -> int:
    method, path, kwargs = samples(web)[name]
    # logging out ends the session in the casebook: never the one the other tests share
    client = web.fresh_client(user) if name == "logout" and user else web.client(user)
    if name == "login":  # the login form's own CSRF token, as a browser would send it
        kwargs = {**kwargs, "data": {**kwargs["data"], CSRF_FIELD: login_token(client)}}
    return client.request(method, path, **kwargs).status_code


@pytest.mark.parametrize("name", sorted(RULES))
@pytest.mark.parametrize("role", list(Role))
def test_role_inside_the_unit(web: WebProject, role: Role, name: str) -> None:
    rule = rule_for(name)
    assert rule is not None
    status = _call(web, username(role, True), name)
    assert status < 500
    if rule.public:
        assert status != 403
    elif role in rule.roles:
        # model_run_status asks for a job that does not exist: 404 past the gate
        assert status not in {401, 403} and (status != 404 or name == "model_run_status")
    else:
        assert status == 403


@pytest.mark.parametrize("name", sorted(n for n, r in RULES.items() if r.scoped))
@pytest.mark.parametrize("role", list(Role))
def test_role_outside_the_unit_is_refused_scoped_routes(
    web: WebProject, role: Role, name: str
) -> None:
    status = _call(web, username(role, False), name)
    assert status in REFUSED


@pytest.mark.parametrize("name", sorted(RULES))
def test_anonymous_is_sent_to_login(web: WebProject, name: str) -> None:
    rule = rule_for(name)
    assert rule is not None
    status = _call(web, None, name)
    if rule.public:
        assert status != 403
    elif name.startswith("api_"):
        assert status == 401
    else:
        assert status == 303


def test_outside_user_lists_see_nothing_of_another_unit(web: WebProject) -> None:
    client = web.client(username(Role.LEADER, False))
    assert client.get("/api/clues").json()["total"] == 0
    assert web.clue not in client.get("/clues").text
    inside = web.client(username(Role.LEADER, True)).get("/api/clues").json()
    assert inside["total"] > 0
    assert all(c["unit_code"].startswith("350602") for c in inside["clues"])
