"""我的工作 and its badge, the search and the person page, the inbox's saved filters, bulk
assignment and Excel export, the statistics' charts and a web run's counts."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from home_support import person_of
from python_calamine import CalamineWorkbook
from web_support import ELSEWHERE, HOME, PASSWORD, WebProject, username

from english_support import english_codes, iso_dates, visible_text
from jiancha.casebook.accounts import Role
from jiancha.casebook.deadlines import DueItem
from jiancha.casebook.inbox import WORKFLOW_ORDER, ClueFilter
from jiancha.runs import ModelRunLine, RunReport
from jiancha.schema import contract
from jiancha.web.jobs import Job
from jiancha.web.routes.staff import run_outcome

FULL_ID = re.compile(r"(?<![\dXx*])\d{17}[\dXx](?![\dXx])")


def _user(web: WebProject, name: str, role: Role, unit: str = HOME) -> int:
    """A user of its own (the tests' shared ones are left as they are)."""
    accounts = web.app.state.bench.work.accounts
    if name not in {u.username for u in accounts.users()}:
        accounts.add(name, PASSWORD, role, [unit], display_name=f"{name}检察官")
    return next(u.id for u in accounts.users() if u.username == name)


# -- 我的工作 -------------------------------------------------------------------------------


def test_home_is_the_landing_page_after_login(web: WebProject) -> None:
    _user(web, "home_landing", Role.PROSECUTOR)
    client = web.fresh_client("home_landing")
    page = client.get("/")
    assert page.status_code == 200
    assert "<h1>我的工作" in page.text
    # the nav's badge polls its endpoint from the static script, no inline script
    assert 'id="new-badge"' in page.text and 'src="/static/work.js"' in page.text
    assert "<script>" not in page.text
    # the auditor, who works no clue, lands on the overview
    auditor = web.client(username(Role.AUDITOR, True)).get("/")
    assert auditor.status_code == 200 and "<h1>总览" in auditor.text


def test_home_lists_my_clues_by_status_and_overdue_in_words(web: WebProject) -> None:
    work = web.app.state.bench.work
    _user(web, "home_mine", Role.PROSECUTOR)
    clue = work.clues(ClueFilter(unit=HOME, status="new"))[3].id
    long_ago = datetime.now() - timedelta(days=200)
    work.assign(clue, "home_mine", actor="leader_in", at=long_ago)
    for status in ("verifying", "opened"):
        work.move(clue, status, actor="home_mine", at=long_ago)
    # the recommendation's document, confirmed, takes the step (as the workbench does)
    work.issue_document(
        clue, "recommendation", actor="home_mine", recipient="某执法机关", at=long_ago
    )
    work.move(clue, "served", actor="home_mine", at=long_ago)  # the reply period runs
    page = web.fresh_client("home_mine").get("/")
    assert clue in page.text
    assert "已送达" in page.text
    overdue = [i for i in work.due(timedelta(days=7), date.today()) if i.ref == clue]
    assert overdue and overdue[0].overdue
    assert f"已逾期 {-overdue[0].days_left} 天" in page.text
    # never a negative count of days, here or on the deadlines page
    assert not re.search(r">\s*-\d+", page.text)
    deadlines = web.client(username(Role.PROSECUTOR, True)).get("/deadlines?within=3650").text
    assert "已逾期" in deadlines and not re.search(r"<td[^>]*>-\d+", deadlines)
    assert ">casebook<" not in deadlines and "监督线索" in deadlines


def test_remaining_days_are_said_in_words() -> None:
    def item(days: int) -> DueItem:
        today = date(2026, 3, 2)
        due = today + timedelta(days=days)
        return DueItem("casebook", "C000001", HOME, None, "r", "回复", today, due, days, True)

    assert item(-27).remaining == "已逾期 27 天"
    assert item(0).remaining == "今日到期"
    assert item(3).remaining == "剩余 3 天"


def test_the_badge_counts_clues_new_in_my_units_since_my_last_visit(web: WebProject) -> None:
    bench = web.app.state.bench
    inside_id = _user(web, "home_badge_in", Role.PROSECUTOR)
    outside_id = _user(web, "home_badge_out", Role.PROSECUTOR, ELSEWHERE)
    inside, outside = web.fresh_client("home_badge_in"), web.fresh_client("home_badge_out")
    # a visit long ago: every clue of the unit was found since
    for user_id, units in ((inside_id, [HOME]), (outside_id, [ELSEWHERE])):
        bench.work.my_work(user_id, ["x"], units, as_of=date.today(), now=datetime(2000, 1, 1))
    home_clues = len(bench.work.clues(ClueFilter(unit=HOME)))
    badge = inside.get("/home/badge").json()
    assert badge["count"] == min(home_clues, 100)
    assert badge["text"] == ("99+" if home_clues > 99 else str(home_clues))
    assert outside.get("/home/badge").json() == {"count": 0, "text": "0"}
    # the page lists them, as new since the visit before, then the badge starts again
    page = inside.get("/")
    assert "2000年1月1日" in page.text and web.clue in page.text
    assert inside.get("/home/badge").json()["count"] == 0


def test_the_badge_is_for_those_who_work_clues(web: WebProject) -> None:
    assert web.client(username(Role.AUDITOR, True)).get("/home/badge").status_code == 403
    assert web.client().get("/home/badge").status_code == 303


# -- search and the person page --------------------------------------------------------------


def test_search_finds_a_clue_by_id_number_masked(web: WebProject) -> None:
    work = web.app.state.bench.work
    clue = next(
        c for c in work.clues(ClueFilter(unit=HOME)) if FULL_ID.search(str(c.subject.values()))
    )
    number = FULL_ID.search(str(clue.subject.values())).group(0)  # type: ignore[union-attr]
    page = web.client(username(Role.PROSECUTOR, True)).get("/search", params={"q": number})
    assert page.status_code == 200 and clue.id in page.text
    assert number not in unescape(page.text).replace(f'value="{number}"', "")
    assert number[:6] + "********" + number[-4:] in page.text
    # by the clue's own id too
    assert clue.id in web.client(username(Role.ANALYST, True)).get(f"/search?q={clue.id}").text


def test_search_never_shows_another_units_clue_or_person(web: WebProject) -> None:
    work = web.app.state.bench.work
    other = work.clue(web.other_clue).clue
    outsider = web.client(username(Role.PROSECUTOR, False))
    insider = web.client(username(Role.PROSECUTOR, True))
    assert f'href="/clues/{other.id}"' not in insider.get(f"/search?q={other.id}").text
    assert f'href="/clues/{web.clue}"' in insider.get(f"/search?q={web.clue}").text
    person_id, name, number = person_of(web)
    found = insider.get("/search", params={"q": number}).text
    assert f"/people/{person_id}" in found and name in found
    for query in (number, name, web.clue):
        text = outsider.get("/search", params={"q": query}).text
        assert f"/people/{person_id}" not in text and f'href="/clues/{web.clue}"' not in text
    by_title = insider.get("/search", params={"q": other.title[:8]}).text
    assert f'href="/clues/{other.id}"' not in by_title


def test_the_person_page_gathers_records_and_clues_in_scope(web: WebProject) -> None:
    person_id, name, number = person_of(web)
    page = web.client(username(Role.PROSECUTOR, True)).get(f"/people/{person_id}")
    assert page.status_code == 200
    assert f"<h1>{name}" in page.text and "条记录" in page.text
    assert number not in page.text  # masked
    records = web.project.person(person_id, [HOME])
    clues = web.app.state.bench.work.clues_about([(r.table, r.record_id) for r in records], [HOME])
    for clue in clues:
        assert clue.id in page.text
    # codes in Chinese: no enum code of the records' tables is shown
    visible = re.sub(r"<[^>]+>", " ", page.text)
    for record in records:
        table = contract().tables[record.table]
        for column in table.columns:
            code = record.values.get(column.name)
            if column.allowed and code in column.allowed and code != column.allowed[code]:
                assert f" {code} " not in visible, (record.table, column.name, code)
    outside = web.client(username(Role.PROSECUTOR, False)).get(f"/people/{person_id}")
    assert outside.status_code == 404 and name not in outside.text


# -- the inbox ---------------------------------------------------------------------------------


def test_saved_filters_are_each_users_own(web: WebProject) -> None:
    _user(web, "home_filters_a", Role.PROSECUTOR)
    _user(web, "home_filters_b", Role.PROSECUTOR)
    mine, theirs = web.fresh_client("home_filters_a"), web.fresh_client("home_filters_b")
    saved = mine.post(
        "/clues/filters", data={"name": "待核查", "status": "verifying", "sort": "workflow"}
    )
    assert saved.status_code == 303 and "status=verifying" in saved.headers["location"]
    inbox = mine.get("/clues").text
    link = re.search(r'href="(/clues\?[^"]*)">待核查</a>', inbox)
    assert link is not None and "status=verifying" in unescape(link.group(1))
    assert "待核查" not in theirs.get("/clues").text
    filter_id = re.search(r'action="/clues/filters/(\d+)/delete"', inbox).group(1)  # type: ignore[union-attr]
    # another user cannot delete it
    assert theirs.post(f"/clues/filters/{filter_id}/delete").status_code == 303
    assert "待核查" in mine.get("/clues").text
    assert mine.post(f"/clues/filters/{filter_id}/delete").status_code == 303
    assert "待核查" not in mine.get("/clues").text
    # a name is required: refused with a message, nothing saved
    assert mine.post("/clues/filters", data={"name": ""}).status_code == 422


def test_bulk_assign_is_for_leaders_only(web: WebProject) -> None:
    work = web.app.state.bench.work
    clue = work.clues(ClueFilter(unit=HOME, status="new"))[4].id
    for role in (Role.PROSECUTOR, Role.ANALYST):
        client = web.client(username(role, True))
        refused = client.post("/clues/assign", data={"assignee": "某", "clue_ids": [clue]})
        assert refused.status_code == 403
        assert 'name="clue_ids"' not in client.get("/clues").text
    assert work.clue(clue).clue.status == "new"
    leader = web.client(username(Role.LEADER, True))
    assert 'name="clue_ids"' in leader.get("/clues").text


def test_a_leader_assigns_by_choosing_a_name_the_prosecutor_then_sees_as_hers(
    web: WebProject,
) -> None:
    """Issue 12's walk: 分派给 was a text box wanting a login name (an internal id). It is a
    list of the prosecutors and leaders of the leader's units by the names the workbench
    shows; a clue assigned by that name is on the prosecutor's 我的工作 and in the inbox
    her 我的工作 links to (filtered by her login)."""
    work = web.app.state.bench.work
    work.accounts.add(
        "prosecutor_named", PASSWORD, Role.PROSECUTOR, [HOME], display_name="周检察官"
    )
    leader = web.client(username(Role.LEADER, True))
    clue = work.clues(ClueFilter(unit=HOME, status="new"))[3].id
    for page in (leader.get("/clues").text, leader.get(f"/clues/{clue}").text):
        assert '<input name="assignee" required' not in page
        options = re.findall(r'<option value="([^"]*)">', page.split('name="assignee"')[-1])
        assert "周检察官" in options and username(Role.PROSECUTOR, True) in options
        assert username(Role.PROSECUTOR, False) not in options  # another unit's
        assert username(Role.ANALYST, True) not in options  # no case worker
    assert leader.post(f"/clues/{clue}/assign", data={"assignee": "周检察官"}).status_code == 303
    mine = web.fresh_client("prosecutor_named")
    assert clue in mine.get("/").text
    listed = mine.get("/clues?assignee=prosecutor_named").text
    assert f">{clue}</a>" in listed and 'value="prosecutor_named"' in listed


def test_the_inbox_shows_units_by_name_and_sorts_by_workflow(web: WebProject) -> None:
    page = web.client(username(Role.LEADER, True)).get("/clues?sort=workflow").text
    assert re.search(r'<td title="350602\d*">漳州市芗城区院</td>', page) or "芗城" in page
    labels = re.findall(r'<td class="status">([^<]+)</td>', page)
    from jiancha.casebook.status import STATUS_LABELS

    ranks = [[STATUS_LABELS[s] for s in WORKFLOW_ORDER].index(label) for label in labels]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1


def test_the_export_is_an_audited_masked_workbook(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, True))
    refused = client.post("/clues/export", data={"status": "recommended"})
    assert refused.status_code == 422  # no reason given
    answer = client.post("/clues/export", data={"status": "recommended", "reason": "季度线索核查"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(answer.content))
    rows = [r for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python()]
    ids = {str(r[0]) for r in rows[1:]}
    assert web.doc_clue in ids and web.other_clue not in ids
    assert rows[0][0] == "线索编号"
    assert not FULL_ID.search(" ".join(str(v) for r in rows for v in r))
    # the model by its title, facts and subjects by Chinese names: no id, code or column
    people_read = " ".join(str(v) for r in rows[1:] for v in r[1:7] + r[8:10])
    assert english_codes(people_read) == [] and not re.search(r"[a-z]+_[a-z_]+", people_read)
    entries, _ = web.app.state.bench.work.audit.entries([HOME], action="export")
    mine = [e for e in entries if e.detail.get("reason") == "季度线索核查"]
    assert mine and mine[0].detail["count"] == len(ids) and mine[0].detail["via"] == "工作台"


def test_the_inbox_has_a_print_stylesheet(web: WebProject) -> None:
    css = web.client().get("/static/work.css").text
    assert "@media print" in css and "@media (max-width: 700px)" in css
    page = web.client(username(Role.PROSECUTOR, True)).get("/clues").text
    assert "data-print" in page and 'href="/static/work.css"' in page


# -- statistics and runs -----------------------------------------------------------------------


def test_statistics_draw_charts_whose_bars_open_the_inbox(web: WebProject) -> None:
    leader = web.client(username(Role.LEADER, True))
    year = str(date.today().year)
    page = leader.get(f"/stats?period={year}").text
    assert page.count("<svg") >= 3
    assert "各模型线索与办理结果" in page and "各单位线索与办理结果" in page
    assert "案-件比" in page and "“案”是本期间进入检察环节的案件数" in page
    links = [unescape(h) for h in re.findall(r'<a href="(/clues\?[^"]+)"', page)]
    assert any("model=" in h for h in links) and any("unit=" in h for h in links)
    assert all(f"since={year}-01-01" in h and f"until={year}-12-31" in h for h in links)
    # a bar's link leads to the clues it counted
    unit_link = next(h for h in links if "unit=" in h and "status=" not in h)
    found = leader.get(unit_link)
    assert found.status_code == 200
    unit = re.search(r"unit=(\d+)", unit_link).group(1)  # type: ignore[union-attr]
    assert all(u.startswith(unit) for u in re.findall(r'<td title="(\d+)">', found.text))


def test_a_web_run_ends_with_its_counts_and_a_link_to_the_new_clues(web: WebProject) -> None:
    line = ModelRunLine("m", "模型", hits=7, new=3, still_open=4, resolved=2, seconds=1.0)
    outcome = run_outcome(RunReport("run-42", date(2026, 3, 1), lines=[line]))
    assert outcome == {
        "run_id": "run-42",
        "hits": 7,
        "new": 3,
        "resolved": 2,
        "failed": 0,
        "note": "",
    }
    job = Job(1, "运行模型", "analyst_in", finished_at=datetime.now(), outcome=outcome)
    html = web.app.state.templates.get_template("_job.html").render(job=job)
    assert "命中 <strong>7</strong> 条" in html and "新发现线索 <strong>3</strong> 条" in html
    assert "数据已消除 <strong>2</strong> 条" in html
    assert re.search(r'href="/clues\?run=run-42&(amp;)?sort=workflow"', html)


def test_the_inbox_filters_a_runs_new_clues(web: WebProject) -> None:
    work = web.app.state.bench.work
    first = work.clue(web.clue).clue.first_seen_run
    client = web.client(username(Role.PROSECUTOR, True))
    page = client.get("/clues", params={"run": first}).text
    assert web.clue in page and "本次运行新发现的线索" in page
    assert web.clue not in client.get("/clues", params={"run": "no-such-run"}).text


@pytest.mark.parametrize("path", ["/", "/clues", "/deadlines", "/search?q=C0", "/stats"])
def test_daily_screens_show_no_english_codes(web: WebProject, path: str) -> None:
    text = web.client(username(Role.LEADER, True)).get(path).text
    visible = visible_text(text)
    for code in ("casebook", "recommended", "verifying", "new_clue", "unit_code", "None"):
        assert code not in visible, (path, code)
    assert iso_dates(visible) == [], path
