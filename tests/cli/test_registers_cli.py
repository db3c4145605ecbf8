"""The registers' commands through ``jiancha.cli.main.run``: record, list, report, and the
registers' figures in ``jiancha stats``."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

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
    quarter = f"{date.today().year}Q{(date.today().month + 2) // 3}"
    assert jc(project, "registers", "interference", "report", "--quarter", quarter) == 0
    out = capsys.readouterr().out
    assert "零报告" in out and "漳州市芗城区人民检察院" in out
    assert jc(project, "stats", "--period", quarter) == 0
    out = capsys.readouterr().out
    assert "过问干预司法记录" in out and "本期登记过问或干预司法活动记录1件" in out
    assert jc(project, "ledger", "verify") == 0


def test_supervisors_roster_hearing_draw_record_and_stats(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(4):
        assert jc(project, "registers", "supervisors", "add", "--unit", "3506", "--name",
                  f"监督员{n}", "--employer", f"某校{n}", "--from", "2024-01-01",
                  "--to", "2028-12-31") == 0  # fmt: skip
    assert jc(project, "registers", "supervisors", "add", "--unit", "3506", "--name", "亲属",
              "--employer", "某厂", "--from", "2024-01-01", "--to", "2028-12-31",
              "--relation", "张三") == 0  # fmt: skip
    assert jc(project, "registers", "supervisors", "hearing", "--unit", "350602", "--case",
              "某案", "--matter", "拟不起诉案件听证", "--date", "2026-03-20", "--place", "听证室",
              "--party", "张三", "--seats", "2") == 0  # fmt: skip
    assert "已登记听证 1" in capsys.readouterr().out
    draw = ("registers", "supervisors", "draw", "1", "--seed", "甲", "--recuse", "1:同学")
    assert jc(project, *draw) == 0
    out = capsys.readouterr().out
    assert "种子 甲" in out and "排除 5：与案件当事人“张三”有利害关系" in out
    assert "排除 1：申请回避：同学" in out
    assert jc(project, "registers", "supervisors", "draw", "1", "--recuse", "x") == 2
    assert "应为 编号:理由" in capsys.readouterr().err
    chosen = re.findall(r"（(\d)）", out)
    assert len(chosen) == 2
    opinions = [f"{chosen[0]}:同意:同意不起诉:采纳", f"{chosen[1]}:不同意:建议起诉:未采纳"]
    record = ("registers", "supervisors", "record", "1", "--date", "2026-03-20",
              "--conclusion", "拟不起诉", "--opinion", opinions[0],
              "--opinion", opinions[1])  # fmt: skip
    assert jc(project, *record) == 0
    assert jc(project, "registers", "supervisors", "stats", "--year", "2026") == 0
    out = capsys.readouterr().out
    assert "已举行1次" in out and "不同意1条，被采纳1条" in out
    assert jc(project, "registers", "supervisors", "hearings") == 0
    assert "拟不起诉" in capsys.readouterr().out
    assert jc(project, "ledger", "verify") == 0


def test_remote_book_conflict_due_record(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    book = ("registers", "remote", "book", "--unit", "350602", "--kind", "远程提审",
            "--case", "某案", "--counterpart", "漳州市看守所", "--room", "一号室",
            "--person", "张某", "--participant", "李检察官",
            "--start", "2099-03-10 09:00", "--end", "2099-03-10 10:00")  # fmt: skip
    assert jc(project, *book) == 0
    assert "已预约 YC000001" in capsys.readouterr().out
    assert jc(project, *book) == 1
    assert "预约冲突" in capsys.readouterr().err
    assert jc(project, *book[:-4], "--start", "2099-03-10 9点", "--end", "x") == 2
    assert jc(project, "due", "--as-of", "2099-03-09", "--within", "2d") == 0
    assert "YC000001" in capsys.readouterr().out
    record = ("registers", "remote", "record", "YC000001", "--start", "2099-03-10 09:05",
              "--end", "2099-03-10 09:50", "--recording", "V1", "--signed", "张某")  # fmt: skip
    assert jc(project, *record) == 2
    assert "尚未到来" in capsys.readouterr().err
    assert jc(project, "registers", "remote", "cancel", "YC000001", "--reason", "改期") == 0
    assert jc(project, "registers", "remote", "list") == 0
    assert "已取消" in capsys.readouterr().out


def test_quality_sample_review_and_file(
    small_project: Project, small_data: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from jiancha.casebook.inbox import ClueFilter

    project = small_project
    project.run(as_of=small_data.as_of)
    with project.casework() as work:
        clue = work.clues(ClueFilter(unit="350602"))[0].id
        work.assign(clue, "li", actor="zhang")
        work.move(clue, "verifying", actor="li")
        work.move(clue, "dismissed", actor="li", reason="无违法", reason_code="no_violation")
    today = date.today()
    span = ("--from", str(today), "--to", str(today + timedelta(days=1)))
    assert jc(project, "registers", "quality", "sample", *span, "--method", "随机抽查",
              "--count", "3", "--seed", "s", "--prosecutor", "li") == 0  # fmt: skip
    assert f"从 1 件中抽取 {clue}，种子 s" in capsys.readouterr().out
    scores = [
        "事实认定=20",
        "证据审查=20",
        "法律适用=15",
        "办案程序=10",
        "文书制作=5",
        "办案效果=3",
    ]
    review = ("registers", "quality", "review", "1", *(a for s in scores for a in ("--score", s)))
    assert jc(project, *review, "--actor", "li") == 1
    assert "回避" in capsys.readouterr().err
    assert jc(project, *review, "--actor", "zhang", "--findings", "证据链不完整") == 0
    assert "73 分，瑕疵" in capsys.readouterr().out
    assert jc(project, "registers", "quality", "file", "li", *span) == 0
    out = capsys.readouterr().out
    assert "评查 1 件，平均 73.0 分" in out and "已排除1件" in out
    assert jc(project, "ledger", "verify") == 0


def test_minors_probation_seal_and_reports(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    probation = ("registers", "minors", "probation", "--unit", "350602", "--case", "某案",
                 "--person", "小明", "--born", "2010-01-01", "--offense-date", "2026-01-05",
                 "--charge", "盗窃罪", "--decided", "2026-03-01", "--supervisor", "li")  # fmt: skip
    assert jc(project, *probation, "--months", "13") == 2
    assert "六个月以上一年以下" in capsys.readouterr().err
    assert jc(project, *probation, "--months", "6") == 0
    assert "已登记 FT000001：考验期 6 个月，至 2026-09-01 届满" in capsys.readouterr().out
    assert jc(project, "due", "--as-of", "2026-08-25", "--within", "7d") == 0
    assert "FT000001" in capsys.readouterr().out
    assert jc(project, "registers", "minors", "decide", "FT000001", "--outcome", "prosecuted",
              "--date", "2026-05-01", "--reason", "再犯") == 1  # fmt: skip
    assert "第二百八十四条规定的情形" in capsys.readouterr().err
    assert jc(project, "registers", "minors", "seal", "--unit", "350602", "--person", "小红",
              "--case", "某案", "--born", "2006-01-01", "--offense-date", "2023-01-01",
              "--sentence-months", "61") == 1  # fmt: skip
    assert "超过五年有期徒刑" in capsys.readouterr().err
    assert jc(project, "registers", "minors", "sealed-check") == 0
    assert "（0 条）" in capsys.readouterr().out
    assert jc(project, "registers", "minors", "report", "--unit", "350602", "--date",
              "2026-03-02", "--reporter", "某小学", "--reporter-kind", "学校", "--victim",
              "小华", "--suspected", "疑似受伤") == 0  # fmt: skip
    assert jc(project, "registers", "minors", "report-step", "QB000001", "--status",
              "已移送公安机关", "--date", "2026-03-03") == 0  # fmt: skip
    assert jc(project, "registers", "minors", "reports") == 0
    assert "已移送公安机关" in capsys.readouterr().out


def test_aid_screen_apply_decide_pay(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert jc(project, "registers", "aid", "screen") == 0
    assert "司法救助线索" in capsys.readouterr().out
    apply = ("registers", "aid", "apply", "--unit", "350602", "--applicant", "张母", "--victim",
             "张某", "--relation", "母子", "--harm", "死亡", "--case", "某案", "--hardship",
             "无收入", "--amount", "50000", "--handler", "li", "--date", "2026-03-02")  # fmt: skip
    assert jc(project, *apply) == 0
    assert "已受理 JZ000001，应于 2026-03-16 前作出决定" in capsys.readouterr().out
    assert jc(project, "registers", "aid", "decide", "JZ000001", "--decision", "给予救助",
              "--reason", "符合条件", "--amount", "40000", "--date", "2026-03-10") == 0  # fmt: skip
    assert jc(project, "registers", "aid", "pay", "JZ000001", "--amount", "40001") == 2
    assert jc(project, "registers", "aid", "pay", "JZ000001", "--amount", "40000") == 0
    assert jc(project, "registers", "aid", "list") == 0
    assert "已发放" in capsys.readouterr().out
    assert jc(project, "stats", "--period", "2026") == 0
    out = capsys.readouterr().out
    for title in ("过问干预司法记录", "人民监督员与公开听证", "远程提审、远程庭审", "案件质量评查",
                  "未成年人检察", "国家司法救助"):  # fmt: skip
        assert title in out
