"""The registers' pages: in Chinese, recording through the form, each role seeing what the
register allows (the leader and the auditor every record of their units, others their own)."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from web_support import PASSWORD, WebProject, username

from english_support import english_codes, iso_dates, visible_text
from jiancha.casebook.accounts import Role

ENGLISH_CODE = re.compile(r">[^<]*\b(leader|insider|contact|in_person|phone|note)\b[^<]*<")


def _record(web: WebProject, role: Role, marker: str) -> str:
    client = web.client(username(role, True))
    form = {
        "unit_code": "350602",
        "kind": "insider",
        "intervener": marker,
        "intervener_post": "某局干部",
        "target": "李检察官",
        "case_ref": "某案",
        "occurred_on": "2026-01-05",
        "manner": "phone",
        "asked": "打听案件进展",
        "response": "未予透露，已登记",
    }
    done = client.post("/registers/interference", data=form)
    assert done.status_code == 303, done.text
    ref = done.headers["location"].rsplit("=", 1)[1]
    assert re.fullmatch(r"GY\d{6}", ref)
    return ref


def test_interference_is_recorded_by_anyone_and_seen_by_the_overseers(web: WebProject) -> None:
    by_analyst, by_prosecutor = f"甲{uuid4().hex[:6]}", f"乙{uuid4().hex[:6]}"
    _record(web, Role.ANALYST, by_analyst)
    _record(web, Role.PROSECUTOR, by_prosecutor)
    analyst = web.client(username(Role.ANALYST, True)).get("/registers/interference").text
    assert by_analyst in analyst and by_prosecutor not in analyst and "我登记的记录" in analyst
    for role in (Role.LEADER, Role.AUDITOR):
        seen = web.client(username(role, True)).get("/registers/interference").text
        assert by_analyst in seen and by_prosecutor in seen
        assert "内部人员过问" in seen or "司法机关内部人员过问案件" in seen
        assert ENGLISH_CODE.search(seen) is None
    outside = web.client(username(Role.LEADER, False)).get("/registers/interference").text
    assert by_analyst not in outside


def test_a_record_for_another_unit_is_refused(web: WebProject) -> None:
    client = web.client(username(Role.PROSECUTOR, False))  # of 350699
    form = {"unit_code": "350602", "kind": "leader", "intervener": "丙", "intervener_post": "某",
            "target": "某", "case_ref": "某", "occurred_on": "2026-01-05", "manner": "note",
            "asked": "某", "response": "某"}  # fmt: skip
    refused = client.post("/registers/interference", data=form)
    assert refused.status_code == 403 and "不在您的管辖范围内" in refused.text


def test_the_quarterly_report_lists_zero_reports(web: WebProject) -> None:
    _record(web, Role.PROSECUTOR, "丁")
    from datetime import date

    quarter = f"{date.today().year}Q{(date.today().month + 2) // 3}"
    page = web.client(username(Role.LEADER, True)).get(
        "/registers/interference/report", params={"quarter": quarter}
    )
    assert page.status_code == 200
    assert "漳州市芗城区人民检察院" in page.text and "季度报告" in page.text
    # the quarter with its last day, as a person reads it (not 至 …-01（不含）)
    assert re.search(r"\d{4}年\d{1,2}月1日至\d{4}年\d{1,2}月3[01]日", page.text)
    outside = web.client(username(Role.AUDITOR, False)).get(
        "/registers/interference/report", params={"quarter": quarter}
    )
    assert "漳州市芗城区人民检察院" not in outside.text
    assert re.search(r"单位代码 350699</td>(<td[^>]*>0</td>)+<td>零报告", outside.text)


def test_a_hearing_from_roster_to_record(web: WebProject) -> None:
    leader = web.client(username(Role.LEADER, True))
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    tag = uuid4().hex[:4]
    for n in range(3):
        added = leader.post(
            "/registers/supervisors",
            data={"unit_code": "350602", "name": f"监督员{tag}{n}", "employer": f"某校{n}",
                  "term_start": "2024-01-01", "term_end": "2028-12-31", "relations": ""},
        )  # fmt: skip
        assert added.status_code == 303
    relative = leader.post(
        "/registers/supervisors",
        data={"unit_code": "350602", "name": f"亲属{tag}", "employer": "某厂",
              "term_start": "2024-01-01", "term_end": "2028-12-31", "relations": "王五"},
    )  # fmt: skip
    assert relative.status_code == 303
    created = prosecutor.post(
        "/registers/hearings",
        data={"unit_code": "350602", "case_ref": f"案{tag}", "matter": "appeal",
              "scheduled_on": "2026-06-01", "place": "听证室", "parties": "王五、某公司",
              "seats": "2"},
    )  # fmt: skip
    assert created.status_code == 303
    path = created.headers["location"]
    drawn = prosecutor.post(f"{path}/draw", data={"seed": f"种子{tag}"})
    assert drawn.status_code == 303
    shown = prosecutor.get(path).text
    assert f"种子{tag}" in shown and "刑事申诉案件听证" in shown
    assert "与案件当事人“王五”有利害关系" in shown and "已记入存证账本" in shown
    ids = re.findall(r'name="supervisor_id" value="(\d+)"', shown)
    assert len(ids) == 2
    recorded = prosecutor.post(
        f"{path}/record",
        data={"held_on": "2026-06-01", "conclusion": "维持原决定", "supervisor_id": ids,
              "stance": ["agree", "disagree"], "opinion": ["同意", "建议再查"],
              "adopted": ["yes", "no"]},
    )  # fmt: skip
    assert recorded.status_code == 303
    shown = web.client(username(Role.AUDITOR, True)).get(path).text
    assert "维持原决定" in shown and "不同意" in shown and "未采纳" in shown
    assert ENGLISH_CODE.search(shown) is None and ">appeal<" not in shown
    stats = leader.get("/registers/supervisors", params={"year": 2026}).text
    assert "人民监督员参加听证次数" in stats and f"案{tag}" in stats
    assert web.client(username(Role.LEADER, False)).get(path).status_code == 404
    assert web.client(username(Role.ANALYST, True)).get(path).status_code == 403


def test_a_remote_session_booked_refused_on_conflict_due_and_recorded(web: WebProject) -> None:
    from datetime import date, timedelta

    prosecutor = web.client(username(Role.PROSECUTOR, True))
    day = date.today() + timedelta(days=3)
    tag = uuid4().hex[:4]
    form = {"unit_code": "350602", "kind": "court_hearing", "case_ref": f"案{tag}",
            "counterpart": "芗城区人民法院", "room": f"室{tag}", "person": f"赵{tag}",
            "starts_at": f"{day}T09:00", "ends_at": f"{day}T10:00",
            "participants": f"检察官{tag}"}  # fmt: skip
    booked = prosecutor.post("/registers/remote", data=form)
    assert booked.status_code == 303
    path = booked.headers["location"]
    clash = prosecutor.post("/registers/remote", data={**form, "starts_at": f"{day}T09:30"})
    assert clash.status_code == 400 and f"房间“室{tag}”在该时段已有场次" in clash.text
    due = prosecutor.get("/deadlines", params={"within": 7}).text
    assert path.rsplit("/", 1)[1] in due and "远程庭审" in due
    shown = prosecutor.get(path).text
    assert "远程庭审" in shown and "已预约" in shown and ">court_hearing<" not in shown
    cancelled = prosecutor.post(f"{path}/cancel", data={"reason": "法院改期"})
    assert cancelled.status_code == 303
    assert "已取消：法院改期" in web.client(username(Role.AUDITOR, True)).get(path).text
    assert web.client(username(Role.PROSECUTOR, False)).get(path).status_code == 404


def test_quality_review_form_and_file(web: WebProject) -> None:
    from register_support import home_review

    review = home_review(web)
    leader = web.client(username(Role.LEADER, True))
    path = f"/registers/quality/reviews/{review}"
    form = leader.get(path).text
    assert "事实认定（满分 25）" in form and "提交评查" in form
    scores = {"facts": 25, "evidence": 20, "law": 20, "procedure": 15, "documents": 5,
              "effect": 5}  # fmt: skip
    done = leader.post(path, data={**scores, "findings": "文书说理不足"})
    assert done.status_code == 303
    shown = web.client(username(Role.AUDITOR, True)).get(path).text
    assert "优质" in shown and "90" in shown and "文书说理不足" in shown
    assert web.client(username(Role.LEADER, False)).get(path).status_code == 404
    own = web.client(username(Role.PROSECUTOR, True)).get("/registers/quality/file")
    assert own.status_code == 200 and "prosecutor_in 办案质量档案" in own.text
    assert "文书说理不足" in own.text
    other = web.client(username(Role.PROSECUTOR, True)).get(
        "/registers/quality/file", params={"prosecutor": "leader_in"}
    )
    assert other.status_code == 403


def _sealable(web: WebProject) -> tuple[str, str]:
    """A clue of HOME and an id number in its subject that the clues other tests read as
    an analyst do not name."""
    import json

    from jiancha.casebook.inbox import ClueFilter

    work = web.app.state.bench.work
    avoid = {web.clue, web.doc_clue, web.other_clue}
    named = ""
    for clue_id in avoid:
        detail = work.clue(clue_id)
        rows = [detail.clue.subject, detail.clue.facts, [e.snapshot for e in detail.evidence]]
        named += json.dumps(rows, ensure_ascii=False, default=str)
    for clue in work.clues(ClueFilter(unit="350602")):
        ids = [v for k, v in clue.subject.items() if "id_number" in k and isinstance(v, str)]
        for value in ids:
            if clue.id not in avoid and len(value) == 18 and value not in named:
                return clue.id, value
    raise AssertionError("no clue of HOME has an id number of its own")


def test_a_clue_naming_a_sealed_record_is_kept_from_roles_that_may_not_see_it(
    web: WebProject,
) -> None:
    from datetime import date

    clue, id_number = _sealable(web)
    analyst = web.client(username(Role.ANALYST, True))
    assert analyst.get(f"/clues/{clue}").status_code == 200  # not yet sealed
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    sealed = prosecutor.post(
        "/registers/minors/sealed",
        data={"unit_code": "350602", "person": "封存人", "id_number": id_number,
              "case_ref": "（2019）闽0602刑初1号", "birth_date": "2002-01-01",
              "offense_date": "2019-06-01", "sentence_months": "36",
              "sealed_on": str(date.today())},
    )  # fmt: skip
    assert sealed.status_code == 303
    for role in (Role.ANALYST, Role.AUDITOR, Role.ADMIN):
        page = web.client(username(role, True)).get(f"/clues/{clue}")
        assert page.status_code == 403
        assert id_number not in page.text and id_number[-4:] not in page.text
    refused = analyst.get(f"/clues/{clue}").text
    assert "依法封存的未成年人犯罪记录" in refused
    api = web.client().get(
        f"/api/clues/{clue}",
        headers={"Authorization": f"Bearer {web.tokens[username(Role.ANALYST, True)]}"},
    )
    assert api.status_code == 403 and id_number not in api.text
    for role in (Role.PROSECUTOR, Role.LEADER):
        shown = web.client(username(role, True)).get(f"/clues/{clue}")
        assert shown.status_code == 200 and "应当对封存记录的情况予以保密" in shown.text
    unmasked = prosecutor.post(f"/clues/{clue}/unmask", data={"reason": "办案需要"})
    assert unmasked.status_code == 200 and id_number in unmasked.text
    audit = web.client(username(Role.AUDITOR, True)).get("/audit").text
    assert "查看涉及封存记录的线索" in audit
    # the clues the other tests read as an analyst are untouched
    assert analyst.get(f"/clues/{web.clue}").status_code == 200


def test_a_probation_page_and_its_decision_rule(web: WebProject) -> None:
    from register_support import home_probation

    ref = home_probation(web)
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    shown = prosecutor.get(f"/registers/minors/probations/{ref}").text
    assert "至2026年9月1日届满" in shown and "遵守法律法规，服从监督" in shown
    early = prosecutor.post(
        f"/registers/minors/probations/{ref}/decide",
        data={"outcome": "non_prosecution", "on": "2026-09-01"},
    )
    assert early.status_code == 400 and "届满后方可作出不起诉决定" in early.text
    bad = prosecutor.post(
        "/registers/minors/probations",
        data={"unit_code": "350602", "case_ref": "某", "person": "某", "birth_date": "2010-01-01",
              "offense_date": "2025-01-01", "charge": "盗窃罪", "decided_on": "2025-06-01",
              "months": "13", "supervisor": "某"},
    )  # fmt: skip
    assert bad.status_code == 400 and "六个月以上一年以下" in bad.text
    assert web.client(username(Role.ANALYST, True)).get("/registers/minors").status_code == 403


def test_judicial_aid_screening_apply_decide_pay(web: WebProject) -> None:
    from datetime import date

    prosecutor = web.client(username(Role.PROSECUTOR, True))
    shown = prosecutor.get("/registers/aid")
    # the warehouse has the courts' enforcement cases: no note that they are missing
    assert shown.status_code == 200 and "执行案件（enforcement_case）数据" not in shown.text
    tag = uuid4().hex[:4]
    applied = prosecutor.post(
        "/registers/aid",
        data={"unit_code": "350602", "applicant": f"申请人{tag}", "victim": "某",
              "relation": "父子", "harm": "serious_injury", "case_ref": "某案",
              "hardship": "无收入", "requested_yuan": "30000", "received_on": str(date.today())},
    )  # fmt: skip
    assert applied.status_code == 303
    page = prosecutor.get("/registers/aid").text
    ref = re.search(rf"(JZ\d{{6}})</td><td>[^<]*</td><td>申请人{tag}", page)
    assert ref is not None and "待决定" in page and ">serious_injury<" not in page
    assert ">30,000<" in page and ">30000<" not in page  # the column says （元）
    due = prosecutor.get("/deadlines", params={"within": 30}).text
    assert ref.group(1) in due
    leader = web.client(username(Role.LEADER, True))
    decided = leader.post(
        f"/registers/aid/{ref.group(1)}/decide",
        data={"decision": "granted", "on": str(date.today()), "reason": "符合条件",
              "granted_yuan": "20000"},
    )  # fmt: skip
    assert decided.status_code == 303
    over = prosecutor.post(
        f"/registers/aid/{ref.group(1)}/pay",
        data={"on": str(date.today()), "paid_yuan": "20001"},
    )
    assert over.status_code == 400 and "不超过决定的 20000 元" in over.text
    assert (
        prosecutor.post(
            f"/registers/aid/{ref.group(1)}/decide",
            data={"decision": "denied", "on": str(date.today()), "reason": "x"},
        ).status_code
        == 403
    )


def test_a_remote_session_and_a_probation_recorded_through_the_pages(web: WebProject) -> None:
    from datetime import date, datetime

    from jiancha.casebook.registers import COMMAND_LINE
    from jiancha.casebook.registers.minors import ProbationInput
    from jiancha.casebook.registers.remote import BookingInput

    registers = web.app.state.bench.work.registers
    tag = uuid4().hex[:4]
    start = datetime(2020, 2, 1, 9)
    booked = registers.remote.book_session(
        COMMAND_LINE,
        BookingInput("350602", "interrogation", "某案", "看守所", f"室{tag}", f"人{tag}",
                     (f"员{tag}",), start, start.replace(hour=10)),
        at=datetime(2020, 1, 1),
    )  # fmt: skip
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    path = f"/registers/remote/{booked.ref}"
    recorded = prosecutor.post(
        f"{path}/record",
        data={"held_from": "2020-02-01T09:05", "held_to": "2020-02-01T09:55",
              "recording_ref": f"录像{tag}", "signatures": f"人{tag}\n员{tag}"},
    )  # fmt: skip
    assert recorded.status_code == 303
    shown = prosecutor.get(path).text
    assert f"录音录像编号 录像{tag}" in shown and f"人{tag}、员{tag}" in shown and "已举行" in shown
    probation = registers.minors.add_probation(
        COMMAND_LINE,
        ProbationInput("350602", "某案", f"少年{tag}", date(2010, 1, 1), date(2026, 1, 5),
                       "盗窃罪", date(2026, 3, 1), 12, "prosecutor_in"),
    )  # fmt: skip
    page_path = f"/registers/minors/probations/{probation.ref}"
    checked = prosecutor.post(
        f"{page_path}/checkin",
        data={"on": "2026-04-01", "kind": "education", "note": "参加法治课", "compliant": "no"},
    )
    assert checked.status_code == 303
    revoked = prosecutor.post(
        f"{page_path}/decide",
        data={"outcome": "prosecuted", "on": "2026-04-02", "ground": "public_order",
              "reason": "打架斗殴"},
    )  # fmt: skip
    assert revoked.status_code == 303
    shown = prosecutor.get(page_path).text
    assert "矫治教育" in shown and "参加法治课" in shown
    assert "撤销附条件不起诉，提起公诉" in shown and "违反治安管理规定，情节严重：打架斗殴" in shown


def test_the_probation_form_names_the_prosecutor_as_the_workbench_shows_her(
    web: WebProject,
) -> None:
    """Issue 12's walk: 考察检察官 was prefilled with the login name (an internal id)."""
    work = web.app.state.bench.work
    work.accounts.add(
        "prosecutor_minors", PASSWORD, Role.PROSECUTOR, ["350602"],
        display_name="吴检察官",
    )  # fmt: skip
    page = web.fresh_client("prosecutor_minors").get("/registers/minors").text
    field = re.search(r'<input name="supervisor"[^>]*>', page)
    assert field is not None and 'value="吴检察官"' in field.group(0), page


# -- every register page, as a person reads it -------------------------------------------

_FILLED: dict[int, dict[str, str]] = {}


def _filled_registers(web: WebProject) -> dict[str, str]:
    """Each register of HOME with a dated record of every kind the pages show: an
    interference record, a hearing drawn (with one supervisor out of term) and held, a
    remote session, a review form, a probation with a check-in, a sealed record, a report
    with a step and an application for aid; the ids of the pages that show one record."""
    from register_support import home_aid, home_probation, home_report, home_review, home_session

    key = id(web.app)
    if key in _FILLED:
        return _FILLED[key]
    leader = web.client(username(Role.LEADER, True))
    prosecutor = web.client(username(Role.PROSECUTOR, True))
    _record(web, Role.PROSECUTOR, "戊")
    tag = uuid4().hex[:4]
    terms = [("2024-01-01", "2028-12-31")] * 2 + [("2019-01-01", "2020-12-31")]
    for n, (start, end) in enumerate(terms):
        added = leader.post(
            "/registers/supervisors",
            data={"unit_code": "350602", "name": f"日期{tag}{n}", "employer": "某校",
                  "term_start": start, "term_end": end},
        )  # fmt: skip
        assert added.status_code == 303
    created = prosecutor.post(
        "/registers/hearings",
        data={"unit_code": "350602", "case_ref": f"日期案{tag}", "matter": "appeal",
              "scheduled_on": "2026-06-01", "place": "听证室", "seats": "2"},
    )  # fmt: skip
    hearing = created.headers["location"].rsplit("/", 1)[1]
    assert prosecutor.post(f"/registers/hearings/{hearing}/draw", data={}).status_code == 303
    held = prosecutor.post(
        f"/registers/hearings/{hearing}/record",
        data={"held_on": "2026-06-01", "conclusion": "维持原决定"},
    )
    assert held.status_code == 303
    probation = home_probation(web)
    checked = prosecutor.post(
        f"/registers/minors/probations/{probation}/checkin",
        data={"on": "2026-04-01", "kind": "visit", "note": "按时报告", "compliant": "yes"},
    )
    assert checked.status_code == 303, checked.text
    report = home_report(web)
    stepped = prosecutor.post(
        f"/registers/minors/reports/{report}/step",
        data={"status": "transferred", "on": "2026-03-03", "note": "已移送"},
    )
    assert stepped.status_code == 303, stepped.text
    sealed = prosecutor.post(
        "/registers/minors/sealed",
        data={"unit_code": "350602", "person": "小刚", "case_ref": "某案",
              "birth_date": "2009-05-01", "offense_date": "2025-01-01",
              "sentence_months": "12", "sealed_on": "2026-02-01"},
    )  # fmt: skip
    assert sealed.status_code == 303, sealed.text
    home_aid(web)
    _FILLED[key] = {
        "hearing": hearing, "session": home_session(web), "review": str(home_review(web)),
        "probation": probation,
    }  # fmt: skip
    return _FILLED[key]


REGISTER_PAGES = [
    (Role.LEADER, "/registers"),
    (Role.LEADER, "/registers/interference"),
    (Role.LEADER, "/registers/interference/report"),
    (Role.LEADER, "/registers/supervisors?year=2026"),
    (Role.PROSECUTOR, "/registers/hearings/{hearing}"),
    (Role.LEADER, "/registers/remote"),
    (Role.PROSECUTOR, "/registers/remote/{session}"),
    (Role.LEADER, "/registers/quality"),
    (Role.LEADER, "/registers/quality/reviews/{review}"),
    (Role.PROSECUTOR, "/registers/quality/file"),
    (Role.PROSECUTOR, "/registers/minors"),
    (Role.PROSECUTOR, "/registers/minors/probations/{probation}"),
    (Role.PROSECUTOR, "/registers/aid"),
]


@pytest.mark.parametrize(("role", "path"), REGISTER_PAGES)
def test_every_register_page_speaks_chinese_and_writes_dates_in_chinese(
    web: WebProject, role: Role, path: str
) -> None:
    """Issue 12's walk: 至 2026-09-01 届满 stood where a person reads 至2026年9月1日届满; no
    register page shows an ISO date or an English code."""
    target = path.format(**_filled_registers(web))
    answer = web.client(username(role, True)).get(target)
    assert answer.status_code == 200, target
    shown = visible_text(answer.text)
    assert iso_dates(shown) == [], target
    assert english_codes(shown) == [], target
