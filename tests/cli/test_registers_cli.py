"""The registers' commands through ``jiancha.cli.main.run``: record, list, report, and the
registers' figures in ``jiancha stats``."""

from __future__ import annotations

import pytest

from jiancha.cli import main
from jiancha.project import Project


def jc(project: Project, *args: str) -> int:
    return main.run(["-C", str(project.root), *args])


@pytest.fixture
def project(small_project: Project) -> Project:
    return small_project


INTERFERENCE = (
    "registers", "interference", "record", "--unit", "350602", "--kind", "leader",
    "--intervener", "王某", "--post", "某局副局长", "--target", "李检察官",
    "--case", "某盗窃案", "--date", "2026-01-05", "--manner", "电话",
    "--asked", "请求从轻", "--response", "依法拒绝并登记", "--actor", "li",
)  # fmt: skip


def test_interference_record_list_report_and_stats(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert jc(project, *INTERFERENCE) == 0
    assert "GY000001" in capsys.readouterr().out
    assert jc(project, *INTERFERENCE[:-2], "--date", "2999-01-01") == 2  # after today
    assert "晚于登记日期" in capsys.readouterr().err
    assert jc(project, "registers", "interference", "list") == 0
    out = capsys.readouterr().out
    assert "王某" in out and "领导干部干预" in out and "电话" in out
    from datetime import date

    quarter = f"{date.today().year}Q{(date.today().month + 2) // 3}"
    assert jc(project, "registers", "interference", "report", "--quarter", quarter) == 0
    out = capsys.readouterr().out
    assert "零报告" in out and "漳州市芗城区人民检察院" in out
    assert jc(project, "stats", "--period", quarter) == 0
    out = capsys.readouterr().out
    assert "过问干预司法记录" in out and "本期登记过问或干预司法活动记录1件" in out
    assert jc(project, "ledger", "verify") == 0
