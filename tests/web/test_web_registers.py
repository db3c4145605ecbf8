"""The registers' pages: in Chinese, recording through the form, each role seeing what the
register allows (the leader and the auditor every record of their units, others their own)."""

from __future__ import annotations

import re
from uuid import uuid4

from web_support import WebProject, username

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
    outside = web.client(username(Role.AUDITOR, False)).get(
        "/registers/interference/report", params={"quarter": quarter}
    )
    assert "漳州市芗城区人民检察院" not in outside.text
    assert re.search(r"单位代码 350699</td>(<td[^>]*>0</td>)+<td>零报告", outside.text)
