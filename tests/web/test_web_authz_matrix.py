"""Every route × every role × inside and outside the unit scope: allowed or refused.

The routes come from the app itself, so a route added without an access rule and a sample
request here fails this test.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.routing import APIRoute
from home_support import person_of
from register_support import (
    home_aid,
    home_hearing,
    home_probation,
    home_report,
    home_review,
    home_session,
)
from web_support import WebProject, login_token, username

from jiancha.casebook.accounts import Role
from jiancha.web.access import RULES, rule_for
from jiancha.web.security import CSRF_FIELD

BAD_TOKEN = "abc.1700000000.bad"


def samples(web: WebProject) -> dict[str, tuple[str, str, dict[str, Any]]]:
    """One request per route, built so that it changes nothing lasting."""
    c, d = web.clue, web.doc_clue
    h, r, q = home_hearing(web), home_session(web), home_review(web)
    p, m, a = home_probation(web), home_report(web), home_aid(web)
    dr = web.app.state.bench.work.new_draft(c, "recommendation", actor="测试").id
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
        "overview": ("GET", "/overview", {}),
        "home_badge": ("GET", "/home/badge", {}),
        "search_page": ("GET", "/search", {"params": {"q": "张"}}),
        "person_page": ("GET", f"/people/{person_of(web)[0]}", {}),
        "inbox": ("GET", "/clues", {}),
        # a filter without a name, an export without a reason: refused past the gate
        "inbox_filter_save": ("POST", "/clues/filters", {"data": {"name": ""}}),
        "inbox_filter_delete": ("POST", "/clues/filters/999999/delete", {}),
        "inbox_export": ("POST", "/clues/export", {"data": {"reason": "x"}}),
        "bulk_assign": ("POST", "/clues/assign", {"data": {"assignee": "甲", "clue_ids": [c]}}),
        "clue_page": ("GET", f"/clues/{c}", {}),
        "clue_unmask": ("POST", f"/clues/{c}/unmask", {"data": {"reason": "核查需要"}}),
        "clue_move": ("POST", f"/clues/{c}/move", {"data": {"to": "closed"}}),
        "clue_undo": ("POST", f"/clues/{c}/undo", {"data": {"reason": ""}}),
        "clue_assign": ("POST", f"/clues/{c}/assign", {"data": {"assignee": "甲"}}),
        "clue_issue_document": ("POST", f"/clues/{c}/documents", {"data": {"kind": "no_kind"}}),
        "document_draft_new": ("GET", f"/clues/{c}/documents/new?kind=recommendation", {}),
        "document_draft_create": (
            "POST",
            f"/clues/{c}/documents/new",
            {"data": {"kind": "no_kind"}},
        ),
        "document_draft_page": ("GET", f"/clues/{c}/documents/drafts/{dr}", {}),
        # a reply period of no days: refused past the gate, the draft kept as it was
        "document_draft_save": (
            "POST",
            f"/clues/{c}/documents/drafts/{dr}",
            {"data": {"reply_days": "0"}},
        ),
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
        "imports_unmask": (
            "POST",
            "/imports/unmask",
            {"data": {"file": "none.csv", "reason": "x"}},
        ),
        "stats_page": ("GET", "/stats", {}),
        "audit_page": ("GET", "/audit", {}),
        "ledger_page": ("GET", "/ledger", {}),
        "users_page": ("GET", "/users", {}),
        "users_passwd": ("POST", "/users/nobody/passwd", {"data": {"password": "x"}}),
        "users_reset": ("POST", "/users/nobody/reset", {}),
        "users_unlock": ("POST", "/users/nobody/unlock", {}),
        "users_enable": ("POST", "/users/nobody/enable", {}),
        "users_add": ("POST", "/users", {"data": {"username": "", "role": "x", "units": ""}}),
        "users_disable": ("POST", "/users/nobody/disable", {}),
        "users_role": ("POST", "/users/nobody/role", {"data": {"role": "x", "units": "1"}}),
        "similar_page": ("GET", "/similar", {}),
        "similar_search": ("POST", "/similar", {"data": {"text": "被告人窃取手机一部"}}),
        "clue_similar": ("GET", f"/clues/{c}/similar", {}),
        "registers_page": ("GET", "/registers", {}),
        "interference_page": ("GET", "/registers/interference", {}),
        # a record without its fields: refused past the gate, nothing recorded
        "interference_record": ("POST", "/registers/interference", {"data": {"kind": "x"}}),
        "interference_report": ("GET", "/registers/interference/report", {}),
        "supervisors_page": ("GET", "/registers/supervisors", {}),
        "supervisor_add": ("POST", "/registers/supervisors", {"data": {"name": "某"}}),
        "hearing_add": ("POST", "/registers/hearings", {"data": {"case_ref": "某"}}),
        "hearing_page": ("GET", f"/registers/hearings/{h}", {}),
        # a seed longer than allowed: refused past the gate, nothing drawn
        "hearing_draw": ("POST", f"/registers/hearings/{h}/draw", {"data": {"seed": "x" * 65}}),
        # the sample hearing has nobody drawn: refused past the gate, nothing recorded
        "hearing_record": (
            "POST",
            f"/registers/hearings/{h}/record",
            {"data": {"held_on": "2026-03-20", "conclusion": "某"}},
        ),
        "remote_page": ("GET", "/registers/remote", {}),
        "remote_book": ("POST", "/registers/remote", {"data": {"room": "某"}}),
        "remote_session_page": ("GET", f"/registers/remote/{r}", {}),
        # an end in the future and a blank reason: refused past the gate, nothing changed
        "remote_record": (
            "POST",
            f"/registers/remote/{r}/record",
            {
                "data": {
                    "held_from": "2099-01-01T09:00",
                    "held_to": "2099-01-01T10:00",
                    "recording_ref": "V",
                    "signatures": "某",
                }
            },
        ),  # fmt: skip
        "remote_cancel": ("POST", f"/registers/remote/{r}/cancel", {"data": {"reason": " "}}),
        "quality_page": ("GET", "/registers/quality", {}),
        "quality_sample": ("POST", "/registers/quality/sample", {"data": {"method": "x"}}),
        "quality_review_page": ("GET", f"/registers/quality/reviews/{q}", {}),
        # a score above the item's most: refused past the gate, nothing recorded
        "quality_review_fill": (
            "POST",
            f"/registers/quality/reviews/{q}",
            {
                "data": {
                    "facts": 99,
                    "evidence": 0,
                    "law": 0,
                    "procedure": 0,
                    "documents": 0,
                    "effect": 0,
                }
            },
        ),  # fmt: skip
        "quality_file_page": ("GET", "/registers/quality/file", {}),
        "minors_page": ("GET", "/registers/minors", {}),
        "minors_probation_add": ("POST", "/registers/minors/probations", {"data": {"months": 1}}),
        "minors_probation_page": ("GET", f"/registers/minors/probations/{p}", {}),
        # a day outside the probation, a decision before its end: refused past the gate
        "minors_checkin": (
            "POST",
            f"/registers/minors/probations/{p}/checkin",
            {"data": {"on": "2000-01-01", "kind": "visit", "note": "某"}},
        ),
        "minors_decide": (
            "POST",
            f"/registers/minors/probations/{p}/decide",
            {"data": {"outcome": "non_prosecution", "on": "2000-01-01"}},
        ),
        "minors_seal": ("POST", "/registers/minors/sealed", {"data": {"person": "某"}}),
        "minors_report_add": ("POST", "/registers/minors/reports", {"data": {"victim": "某"}}),
        "minors_report_step": (
            "POST",
            f"/registers/minors/reports/{m}/step",
            {"data": {"status": "filed", "on": "2000-01-01"}},
        ),
        "aid_page": ("GET", "/registers/aid", {}),
        "aid_apply": ("POST", "/registers/aid", {"data": {"applicant": "某"}}),
        # a decision before receipt, a payment without a decision: refused past the gate
        "aid_decide": (
            "POST",
            f"/registers/aid/{a}/decide",
            {"data": {"decision": "denied", "on": "2000-01-01", "reason": "某"}},
        ),
        "aid_pay": (
            "POST",
            f"/registers/aid/{a}/pay",
            {"data": {"on": "2000-01-01", "paid_yuan": 1}},
        ),
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
        # push intake: public to the gate, the agency's key checked by the routes (401 here)
        "intake_push": ("POST", "/api/intake/case_report", {"json": {"records": []}}),
        "intake_batch": ("GET", "/api/intake/batches/1", {}),
        "intake_page": ("GET", "/intake", {}),
        "intake_batch_page": ("GET", "/intake/batches/1", {}),
        "intake_login": ("POST", "/intake/login", {"data": {"key": "jck_wrong"}}),
        "intake_logout": ("POST", "/intake/logout", {}),
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
