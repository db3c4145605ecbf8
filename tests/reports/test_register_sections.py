"""The registers' sections of the period report: each reads its register for the period
and the units, says it in sentences and a table, and is shown before the notes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from report_support import known_casework, known_input

from jiancha.casebook.casework import Casework
from jiancha.casebook.registers import REGISTER_KEYS, Viewer
from jiancha.casebook.registers.interference import InterferenceInput
from jiancha.reports import period_sections, register_sections
from jiancha.reports.period_render import render


@pytest.fixture
def work(tmp_path: Path) -> Iterator[Casework]:
    with known_casework(tmp_path) as found:
        yield found


@pytest.fixture
def sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(period_sections, "SECTIONS", list(period_sections.SECTIONS))
    register_sections.install()


def _interference(work: Casework, unit: str, at: datetime) -> None:
    entry = InterferenceInput(
        unit, "insider", "某同事", "某院干警", "李检察官", "某案", at.date(), "phone",
        "打听案件进展", "拒绝透露并登记",
    )  # fmt: skip
    work.registers.interference.record(Viewer("li", "prosecutor", (unit,)), entry, at=at)


@pytest.mark.usefixtures("sections")
def test_each_register_has_its_section_before_the_notes(work: Casework) -> None:
    _interference(work, "350602", datetime(2026, 2, 1, 9))
    _interference(work, "350602", datetime(2026, 5, 1, 9))  # after the period
    report = known_input(work, gatherers=period_sections.gatherers())
    built = {s.key: s for s in period_sections.build_sections(report)}
    keys = list(built)
    assert keys[-1] == "notes" and keys.index("register_interference") < keys.index("notes")
    assert built["register_supervisors"].paragraphs[0] == "本期没有安排人民监督员参加的听证。"
    registers = [k for k in keys if k.startswith("register_")]
    assert registers == [f"register_{k}" for k in REGISTER_KEYS] and len(registers) == 6
    assert built["register_aid"].paragraphs[0].startswith("本期受理国家司法救助申请0件")
    section = built["register_interference"]
    assert section.paragraphs[0].startswith("本期登记过问或干预司法活动记录1件（内部人员过问1件）")
    rows = {row[0]: row for row in section.tables[0].rows}
    assert rows["漳州市芗城区人民检察院"][-2:] == (1, "")
    assert rows["漳州市龙文区人民检察院"][-2:] == (0, "零报告")
    html = render(report, "html").decode()
    assert "过问干预司法记录" in html and "零报告" in html


@pytest.mark.usefixtures("sections")
def test_a_unit_scope_keeps_the_register_to_the_unit(work: Casework) -> None:
    _interference(work, "350602", datetime(2026, 2, 1, 9))
    report = known_input(work, units=["350603"], gatherers=period_sections.gatherers())
    section = next(
        s for s in period_sections.build_sections(report) if s.key == "register_interference"
    )
    assert section.paragraphs[0].startswith("本期没有登记")
    assert [row[0] for row in section.tables[0].rows] == ["漳州市龙文区人民检察院"]
    assert date(2026, 1, 1) == report.period.start
