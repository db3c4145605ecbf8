"""The pages in process: the prosecutor's path through a clue, e-service, the other pages."""

from __future__ import annotations

import html
import re

import pytest
from typer.testing import CliRunner
from web_support import HOME, WebProject, username

from jiancha.casebook.accounts import Role
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.store import Casebook
from jiancha.models import catalogue


def test_the_dashboard_draws_svg_charts(web: WebProject) -> None:
    page = web.client(username(Role.LEADER, True)).get("/overview")
    assert page.status_code == 200
    assert page.text.count("<svg") >= 5 and "<rect" in page.text and "<polyline" in page.text


def test_inbox_filters_and_returns_a_fragment_to_htmx(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    full = client.get("/clues?status=recommended")
    assert "<html" in full.text and web.doc_clue in full.text
    fragment = client.get("/clues?status=new", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and web.doc_clue not in fragment.text
    units = set(re.findall(r'<td title="(\d{6})">', client.get("/clues").text))
    assert units and all(u.startswith(HOME) for u in units)


def test_a_prosecutor_works_a_clue_to_a_recommendation_document(web: WebProject) -> None:
    leader = web.client(username(Role.LEADER, True))
    clue = web.app.state.bench.work.clues(ClueFilter(unit=HOME, status="new"))[-1].id
    bulk = leader.post("/clues/assign", data={"assignee": "李检察官", "clue_ids": [clue]})
    assert bulk.status_code == 303
    client = web.client(username(Role.PROSECUTOR, True))
    for status in ("verifying", "opened"):
        assert client.post(f"/clues/{clue}/move", data={"to": status}).status_code == 303
    refused = client.post(
        f"/clues/{clue}/move", data={"to": "recommended", "recipient": "漳州市某局"}
    )
    assert refused.status_code == 422 and "须先制作并确认检察建议书" in refused.text
    draft = client.get(f"/clues/{clue}/documents/new?kind=recommendation")
    assert draft.status_code == 200 and "一、发现的问题" in draft.text
    written = re.search(r'name="section_facts"[^>]*>([^<]+)</textarea>', draft.text)
    assert written is not None and "本院在履行法律监督职责中" in written.group(1)
    saved = client.post(
        f"/clues/{clue}/documents/new",
        data={"kind": "recommendation", "recipient": "漳州市某局",
              "section_facts": html.unescape(written.group(1)), "section_request": "请依法整改"},
    )  # fmt: skip
    assert saved.status_code == 303
    confirmed = client.post(
        saved.headers["location"].split("?")[0],
        data={"recipient": "漳州市某局", "section_facts": "经查，某局未依法处理。",
              "section_request": "请依法整改", "confirm": "1"},
    )  # fmt: skip
    assert confirmed.status_code == 303
    page = client.get(f"/clues/{clue}").text
    link = re.search(rf'href="(/clues/{clue}/documents/\d+)"', page)
    assert link is not None and "已制发检察建议" in page
    assert client.get(link.group(1)).content[:2] == b"PK"
    stranger = web.client(username(Role.PROSECUTOR, False))
    assert stranger.get(f"/clues/{clue}").status_code == 404
    assert stranger.get(link.group(1)).status_code == 404


def test_e_service_page_confirms_and_a_tampered_link_is_refused(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    served = client.post(f"/clues/{web.doc_clue}/service")
    url = re.search(r'<code id="service-url">[^<]*(/service/[^<]+)</code>', served.text)
    assert url is not None
    public = web.client()
    assert "查看送达文书" in public.get(url.group(1)).text
    assert public.post(f"{url.group(1)}/open").status_code == 303
    assert "确认签收" in public.get(url.group(1)).text
    confirmed = public.post(f"{url.group(1)}/confirm", data={"by": "收发室王某"})
    assert confirmed.status_code == 303
    assert "未签收" not in public.get(url.group(1)).text
    tampered = public.get(url.group(1)[:-3] + "abc")
    assert tampered.status_code == 410 and "签名不符" in tampered.text


def test_staff_pages_render(web: WebProject) -> None:
    analyst = web.client(username(Role.ANALYST, True))
    assert "custody.bail_overdue" in analyst.get("/models").text
    model_page = analyst.get("/models/custody.bail_overdue").text
    assert "SELECT" in model_page.upper()
    # what the model does not flag, and the article's words
    assert "不作为线索的情形" in model_page and "节假日后的第一个工作日" in model_page
    assert "期间的最后一日为节假日的" in model_page
    stats = analyst.get("/stats?period=2025").text
    # the period with both days included, as a person reads it (not 至 2026-01-01)
    assert "案-件比" in stats and "2025年1月1日至2025年12月31日" in stats
    auditor = web.client(username(Role.AUDITOR, True))
    assert "账本完整" in auditor.get("/ledger").text
    admin = web.client(username(Role.ADMIN, True))
    assert "prosecutor_in" in admin.get("/users").text
    leader = web.client(username(Role.LEADER, True))
    assert leader.get("/deadlines").status_code == 200


def test_an_upload_of_an_unknown_table_is_refused_naming_the_file(web: WebProject) -> None:
    analyst = web.client(username(Role.ANALYST, True))
    csv = "record_id,source,unit_code\nX1,测试,350602\n".encode()
    response = analyst.post(
        "/imports", files={"upload": ("bad table.csv", csv, "text/csv")}, data={"table": ""}
    )
    assert response.status_code == 400
    assert "bad_table.csv" in response.text and "Traceback" not in response.text


def test_users_cli_adds_grants_and_revokes(web: WebProject) -> None:
    from jiancha.cli.main import app

    runner = CliRunner()
    project = ["-C", str(web.project.root)]
    added = runner.invoke(
        app,
        [*project, "users", "add", "cli_user", "-r", "检察官", "-u", "350603"]
        + ["--password", "river-lantern-4417"],
    )
    assert added.exit_code == 0, added.output
    grant = [*project, "users", "grant", "cli_user", "-u", "350604"]
    assert runner.invoke(app, grant).exit_code == 0
    listed = runner.invoke(app, [*project, "users", "list"])
    assert "350603" in listed.output and "350604" in listed.output
    assert runner.invoke(app, [*project, "users", "revoke", "cli_user"]).exit_code == 0
    assert "已停用" in runner.invoke(app, [*project, "users", "list"]).output


def test_pages_use_the_workbenchs_casebook_and_catalogue(
    web: WebProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Statistics, deadlines and the model pages open no casebook (no engine, no migration
    check) and parse no model file per request: the workbench holds one of each."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("opened per request")

    monkeypatch.setattr(Casebook, "open", refuse)
    monkeypatch.setattr(catalogue, "load_catalogue", refuse)
    monkeypatch.setattr(catalogue, "load_model", refuse)
    leader = web.client(username(Role.LEADER, True))
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    for client, path in (
        (leader, "/stats"),
        (prosecutor, "/deadlines"),
        (leader, "/models"),
        (leader, "/models/custody.bail_overdue"),
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:200])


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.PROSECUTOR, "/"),
        (Role.PROSECUTOR, "/clues"),
        (Role.PROSECUTOR, "/deadlines"),
        (Role.LEADER, "/stats"),
        (Role.LEADER, "/overview"),
        (Role.AUDITOR, "/audit"),
        (Role.ADMIN, "/users"),
        (Role.ANALYST, "/registers/interference"),
    ],
)
def test_the_header_names_the_users_units(web: WebProject, role: Role, path: str) -> None:
    """Issue 12's walk: the header read “检察官，350602”; every page names the unit."""
    page = web.client(username(role, True)).get(path)
    assert page.status_code == 200, path
    who = re.search(r'<form class="who"[^>]*>.*?<span[^>]*>([^<]*)</span>', page.text, re.S)
    assert who is not None and "漳州市芗城区院" in who.group(1), who
    assert not re.search(r"\d{6}", who.group(0)), who.group(0)  # codes in a tooltip too
    # the demo name's own （演示） at most, not a second bracket of role and unit
    assert who.group(1).count("（") <= 1, who.group(1)
