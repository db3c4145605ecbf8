"""The report commands on the shared small project, its models run and the demo's clues
taken through the workflow: ``jiancha report`` and ``jiancha clues typical-case``."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
import pytest
from python_calamine import CalamineWorkbook

from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.views import ClueView
from jiancha.cli import main
from jiancha.console import SilentConsole
from jiancha.demo import demo_lifecycle
from jiancha.project import Project
from jiancha.reports.period import Period


@pytest.fixture
def project(small_project: Project, small_data) -> Project:  # type: ignore[no-untyped-def]
    small_project.run(as_of=small_data.as_of)
    with small_project.casework() as work:
        demo_lifecycle(work, SilentConsole())
    return small_project


def clues(project: Project, status: str | None = None) -> list[ClueView]:
    with project.casework() as work:
        return work.clues(ClueFilter(status=status))


def jc(project: Project, *args: str) -> int:
    return main.run(["-C", str(project.root), *args])


def this_quarter() -> str:
    today = date.today()
    return f"{today.year}Q{(today.month + 2) // 3}"


def test_report_writes_each_format(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    period = this_quarter()
    found = len(clues(project))
    out = tmp_path / "r.xlsx"
    assert jc(project, "report", "--period", period, "--format", "xlsx", "-o", str(out)) == 0
    assert "已生成统计分析报告" in capsys.readouterr().out
    book = CalamineWorkbook.from_filelike(io.BytesIO(out.read_bytes()))
    summary = book.get_sheet_by_name("一、总体情况").to_python()
    row = next(r for r in summary if r and r[0] == "发现线索")
    assert row[1] == found  # the models ran today: every clue was found this quarter
    html = tmp_path / "r.html"
    assert jc(project, "report", "--period", period, "--unit", "350602", "-o", str(html)) == 0
    text = html.read_text(encoding="utf-8")
    assert "漳州市芗城区人民检察院" in text and Period.parse(period).label in text


def test_report_refuses_a_bad_period_or_format(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """Option values the command cannot take are usage errors: exit 2, one line."""
    assert jc(project, "report", "--period", "2026Q5") == 2
    assert capsys.readouterr().err.startswith("错误: 统计期间 “2026Q5” 格式不对")
    assert jc(project, "report", "--period", "2026", "--format", "doc") == 2
    assert "--format “doc” 不可用" in capsys.readouterr().err


def test_a_typical_case_of_the_demos_closed_clue(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = clues(project, "closed")[0]
    out = tmp_path / "case.docx"
    assert jc(project, "clues", "typical-case", closed.id, "-o", str(out)) == 0
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "二、检察机关履职过程" in text and "整改到位" in text
    name = str(closed.subject.get("name") or "")
    if len(name) >= 2:
        assert name not in text and f"{name[0]}某" in text
    not_closed = clues(project, "assigned")[0]
    assert jc(project, "clues", "typical-case", not_closed.id) == 1
    assert f"线索 {not_closed.id} 尚未结案" in capsys.readouterr().err
