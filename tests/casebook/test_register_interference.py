"""干预司法记录: anyone records, nobody edits or deletes (database and ledger), the leader and
the auditor see their units' records and others their own, zero reports are counted."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from jiancha.casebook import Casebook
from jiancha.casebook.casework import Casework, CaseworkConfig
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.interference import InterferenceInput
from jiancha.errors import AccessDenied, CasebookError, NotFound, UsageError

AT = datetime(2026, 2, 10, 9, 30)


@pytest.fixture
def work(wf_book: Casebook, tmp_path: Path) -> Casework:
    return Casework(CaseworkConfig(tmp_path / "project"), wf_book)


def entry(unit: str = "350602", **changes: object) -> InterferenceInput:
    fields: dict[str, object] = {
        "unit_code": unit,
        "kind": "领导干部干预司法活动、插手具体案件处理",
        "intervener": "王某",
        "intervener_post": "某局副局长",
        "target": "李检察官",
        "case_ref": "（2026）闽0602刑初1号",
        "occurred_on": date(2026, 2, 9),
        "manner": "电话",
        "asked": "询问能否对被告人从轻处理",
        "response": "告知依法办理，已如实记录",
    }
    fields.update(changes)
    return InterferenceInput(**fields)


PROSECUTOR = Viewer("li", "prosecutor", ("350602",))
ANALYST = Viewer("zhao", "analyst", ("350602",))
LEADER = Viewer("zhang", "leader", ("350602",))
AUDITOR = Viewer("sun", "auditor", ("3506",))
OTHER_LEADER = Viewer("qian", "leader", ("350603",))


def test_anyone_records_and_only_the_leader_and_the_auditor_see_all(work: Casework) -> None:
    register = work.registers.interference
    mine = register.record(PROSECUTOR, entry(), at=AT)
    theirs = register.record(ANALYST, entry(manner="当面"), at=AT)
    register.record(OTHER_LEADER, entry("350603", kind="insider"), at=AT)
    assert mine.ref == "GY000001" and mine.kind == "leader" and mine.manner_label == "电话"
    assert [r.ref for r in register.entries(PROSECUTOR)] == [mine.ref]
    assert [r.ref for r in register.entries(ANALYST)] == [theirs.ref]
    assert {r.ref for r in register.entries(LEADER)} == {mine.ref, theirs.ref}
    assert len(register.entries(AUDITOR)) == 3  # the city's auditor: both districts
    assert [r.unit_code for r in register.entries(OTHER_LEADER)] == ["350603"]
    with pytest.raises(NotFound):
        register.get(PROSECUTOR, theirs.ref)
    with pytest.raises(NotFound):
        register.get(OTHER_LEADER, mine.ref)
    assert register.get(LEADER, "gy000002").intervener == "王某"


def test_a_record_is_for_ones_own_unit_and_complete(work: Casework) -> None:
    register = work.registers.interference
    with pytest.raises(AccessDenied, match="350603"):
        register.record(PROSECUTOR, entry("350603"), at=AT)
    with pytest.raises(CasebookError, match="过问（干预）人"):
        register.record(PROSECUTOR, entry(intervener="  "), at=AT)
    with pytest.raises(CasebookError, match="可选"):
        register.record(PROSECUTOR, entry(manner="飞鸽传书"), at=AT)
    with pytest.raises(UsageError, match="晚于登记日期"):
        register.record(PROSECUTOR, entry(occurred_on=date(2026, 3, 1)), at=AT)
    assert register.entries(LEADER) == []


def test_the_database_refuses_to_edit_or_delete_and_the_ledger_notices(work: Casework) -> None:
    record = work.registers.interference.record(PROSECUTOR, entry(), at=AT)
    with work.book.session() as session:
        entries = [e for e in work.ledger.entries(session) if e.kind == "interference"]
    assert [e.subject for e in entries] == [f"interference:{record.ref}"]
    assert entries[0].payload["asked"] == "询问能否对被告人从轻处理"
    assert work.verify_ledger().ok
    for statement in (
        "UPDATE interference_record SET response = '未记录'",
        "DELETE FROM interference_record",
    ):
        with pytest.raises(Exception, match="不得修改或删除"), work.book.engine.begin() as c:
            c.execute(text(statement))
    # someone with the database owner's rights drops the guard and edits the row anyway
    with work.book.engine.begin() as c:
        if c.dialect.name == "postgresql":
            c.execute(text("DROP TRIGGER interference_record_append_only ON interference_record"))
        else:
            c.execute(text("DROP TRIGGER interference_record_no_update"))
        c.execute(text("UPDATE interference_record SET response = '未记录'"))
    report = work.verify_ledger()
    assert not report.ok and "干预司法记录 GY000001 被修改或删除" in report.problems[0].message


def test_the_quarterly_report_counts_each_unit_zero_reports_included(work: Casework) -> None:
    register = work.registers.interference
    register.record(PROSECUTOR, entry(), at=AT)
    register.record(PROSECUTOR, entry(kind="contact"), at=AT)
    register.record(PROSECUTOR, entry(), at=datetime(2026, 4, 1, 8))  # the next quarter
    report = register.quarter("2026Q1", ("3506",))
    by_unit = {u.unit_code: u for u in report.units}
    assert by_unit["350602"].total == 2 and by_unit["350602"].by_kind["contact"] == 1
    assert by_unit["350603"].zero and report.zero_units == len(report.units) - 1
    assert report.total == 2 and report.by_kind()["leader"] == 1
    home = register.quarter("2026q2", ("350602",))
    assert [(u.unit_code, u.total) for u in home.units] == [("350602", 1)]
