"""未成年人检察: the probation of 附条件不起诉 (six months to one year, both included; its end
and the decision due then), check-ins, the revocation grounds; sealed records and finding
them in a clue; mandatory reports."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from jiancha.casebook import Casebook
from jiancha.casebook.casework import Casework, CaseworkConfig
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.minors import (
    ProbationInput,
    ReportInput,
    SealedInput,
    probation_end,
    under_eighteen,
)
from jiancha.errors import CasebookError, NotFound, UsageError

HOME = Viewer("li", "prosecutor", ("350602",))
OTHER = Viewer("qian", "prosecutor", ("350603",))
BORN = date(2008, 5, 10)  # eighteen on 2026-05-10


@pytest.fixture
def work(wf_book: Casebook, tmp_path: Path) -> Casework:
    return Casework(CaseworkConfig(tmp_path / "project"), wf_book)


def probation(
    months: int = 6, offense: date = date(2026, 1, 5), decided: date = date(2026, 3, 1)
) -> ProbationInput:
    return ProbationInput(
        "350602", "（2026）闽0602刑诉3号", "小明", BORN, offense, "盗窃罪", decided, months, "li",
        ("每月参加一次公益劳动",),
    )  # fmt: skip


@pytest.mark.parametrize(("months", "allowed"), [(5, False), (6, True), (12, True), (13, False)])
def test_the_probation_is_six_months_to_one_year_both_included(
    work: Casework, months: int, allowed: bool
) -> None:
    minors = work.registers.minors
    if allowed:
        assert minors.add_probation(HOME, probation(months)).months == months
    else:
        with pytest.raises(UsageError, match="六个月以上一年以下"):
            minors.add_probation(HOME, probation(months))
        assert minors.probations(HOME) == []


def test_the_probation_ends_on_the_same_day_months_later() -> None:
    assert probation_end(date(2026, 3, 1), 6) == date(2026, 9, 1)
    assert probation_end(date(2026, 8, 31), 6) == date(2027, 2, 28)  # a shorter month
    assert probation_end(date(2026, 3, 1), 12) == date(2027, 3, 1)


def test_only_an_offence_under_eighteen_qualifies() -> None:
    assert under_eighteen(BORN, date(2026, 5, 10))  # the birthday itself: still under
    assert not under_eighteen(BORN, date(2026, 5, 11))


def test_an_adult_offence_is_refused(work: Casework) -> None:
    minors = work.registers.minors
    minors.add_probation(HOME, probation(offense=date(2026, 5, 10), decided=date(2026, 6, 1)))
    with pytest.raises(CasebookError, match="已满十八周岁"):
        minors.add_probation(HOME, probation(offense=date(2026, 5, 11), decided=date(2026, 6, 1)))


def test_the_decision_is_due_at_the_end_and_not_before(work: Casework) -> None:
    minors = work.registers.minors
    item = minors.add_probation(HOME, probation())
    assert item.ref == "FT000001" and item.ends_on == date(2026, 9, 1)
    assert item.conditions[:2] == ("遵守法律法规，服从监督", "按照考察机关的规定报告自己的活动情况")
    assert item.conditions[-1] == "每月参加一次公益劳动"
    due = [i for i in work.due(timedelta(days=30), date(2026, 8, 10)) if i.source == "附条件不起诉"]
    assert [(i.ref, i.due, i.days_left, i.person) for i in due] == [
        ("FT000001", date(2026, 9, 1), 22, "li")
    ]
    assert not [i for i in work.due(timedelta(days=10), date(2026, 8, 10)) if i.ref == "FT000001"]
    assert not [
        i for i in work.due(None, date(2026, 8, 10), units=["350603"]) if i.ref == "FT000001"
    ]
    minors.checkin(HOME, item.ref, date(2026, 4, 1), "报告活动情况", True, "按时报告")
    with pytest.raises(UsageError, match="不在考验期"):
        minors.checkin(HOME, item.ref, date(2026, 9, 2), "visit", True, "走访")
    with pytest.raises(CasebookError, match="届满后方可"):
        minors.decide(HOME, item.ref, "non_prosecution", date(2026, 9, 1))
    done = minors.decide(HOME, item.ref, "考验期满，作出不起诉决定", date(2026, 9, 2))
    assert done.outcome_label == "考验期满，作出不起诉决定" and len(done.checkins) == 1
    assert not [i for i in work.due(None, date(2026, 9, 2)) if i.ref == "FT000001"]
    with pytest.raises(NotFound):
        minors.probation(OTHER, item.ref)


def test_a_revocation_names_a_ground_of_article_284(work: Casework) -> None:
    minors = work.registers.minors
    item = minors.add_probation(HOME, probation(12))
    with pytest.raises(CasebookError, match="第二百八十四条规定的情形"):
        minors.decide(HOME, item.ref, "prosecuted", date(2026, 5, 1), "再次盗窃")
    revoked = minors.decide(HOME, item.ref, "prosecuted", date(2026, 5, 1), "再次盗窃", "new_crime")
    assert revoked.outcome_reason == "实施新的犯罪：再次盗窃"


@pytest.mark.parametrize(("months", "allowed"), [(60, True), (61, False)])
def test_a_record_is_sealed_for_five_years_or_less(
    work: Casework, months: int, allowed: bool
) -> None:
    entry = SealedInput("350602", "小红", "350602200805100021", "（2025）闽0602刑初9号", BORN,
                        date(2025, 6, 1), months, date(2026, 1, 10))  # fmt: skip
    minors = work.registers.minors
    if allowed:
        assert minors.seal(HOME, entry).id_number == "350602200805100021"
    else:
        with pytest.raises(CasebookError, match="超过五年有期徒刑"):
            minors.seal(HOME, entry)


def test_a_clue_naming_a_sealed_person_is_found(work: Casework) -> None:
    minors = work.registers.minors
    minors.seal(HOME, SealedInput("350602", "小红", "350602200805100021x", "某案", BORN,
                                  date(2025, 6, 1), 12, date(2026, 1, 10)))  # fmt: skip
    minors.seal(HOME, SealedInput("350602", "无证号", "", "某案", BORN, date(2025, 6, 1), 12,
                                  date(2026, 1, 10)))  # fmt: skip
    subject = {"name": "小红", "id_number": "350602200805100021X"}
    assert [s.person for s in minors.sealed_in(subject)] == ["小红"]
    assert minors.sealed_in({"name": "小红", "id_number": "350602200805100099"}) == []
    assert [s.person for s in minors.sealed_in({}, [{"party_name": "无证号"}])] == ["无证号"]
    assert minors.sealed(OTHER) == [] and len(minors.sealed(HOME)) == 2


def test_mandatory_reports_are_tracked(work: Casework) -> None:
    minors = work.registers.minors
    report = minors.add_report(
        HOME,
        ReportInput("350602", date(2026, 3, 2), "某小学", "学校", "小华", "疑似遭受监护人殴打"),
    )
    assert report.ref == "QB000001" and report.status_label == "已接收"
    moved = minors.report_step(HOME, report.ref, "已移送公安机关", date(2026, 3, 3), "当日移送")
    assert moved.status == "transferred" and len(moved.steps) == 2
    with pytest.raises(UsageError, match="早于接收日期"):
        minors.report_step(HOME, report.ref, "filed", date(2026, 3, 1), "")
    summary = work.registers.summary("minors", date(2026, 1, 1), date(2027, 1, 1))
    assert "接收强制报告1件" in summary.paragraphs[0]
    assert ("已移送公安机关", 1) in summary.tables[0].rows
