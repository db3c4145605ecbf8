"""The casework commands through ``jiancha.cli.main.run``: clues, due, ledger, property,
dossier, stats, and the demo lifecycle."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from jiancha.casebook import RUN_OWNED_STATUSES, ClueStatus
from jiancha.casebook.inbox import ClueFilter
from jiancha.cli import common, main
from jiancha.console import SilentConsole
from jiancha.demo import demo_lifecycle, demo_users
from jiancha.project import Project

S = ClueStatus


@pytest.fixture
def project(small_project: Project, small_data) -> Project:  # type: ignore[no-untyped-def]
    """The small project with its models run."""
    small_project.run(as_of=small_data.as_of)
    return small_project


def _clues(project: Project, status: str | None = None) -> list[str]:
    with project.casework() as work:
        return [c.id for c in work.clues(ClueFilter(status=status))]


def _clue(project: Project) -> str:
    """A new clue of a unit whose documents can be numbered (芗城, 350602)."""
    with project.casework() as work:
        return work.clues(ClueFilter(status="new", unit="350602"))[0].id


def jc(project: Project, *args: str) -> int:
    return main.run(["-C", str(project.root), *args])


def test_a_clue_from_assignment_to_escalation(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cid = _clue(project)
    monkeypatch.setattr(common.getpass, "getuser", lambda: "os-user")
    assert jc(project, "clues", "assign", cid, "张检察官") == 0
    assert "已分派" in capsys.readouterr().out
    assert jc(project, "clues", "move", cid, "核查中", "--actor", "张检察官") == 0
    assert jc(project, "clues", "move", cid, "replied", "--actor", "张检察官") == 1
    assert capsys.readouterr().err.startswith("错误: 线索 " + cid + " 不能从“核查中”")
    assert jc(project, "clues", "move", cid, "opened", "--actor", "张检察官") == 0
    assert jc(project, "clues", "move", cid, "recommended", "--recipient", "芗城区市场监管局") == 1
    assert "须先制作并确认检察建议书" in capsys.readouterr().err
    capsys.readouterr()

    assert jc(project, "clues", "document", cid, "--kind", "recommendation",
              "--recipient", "芗城区市场监管局", "-o", str(project.root)) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "漳芗检建〔" in out and (project.root / out.split("：")[-1].strip()).is_file()
    assert jc(project, "clues", "serve", cid, "--base-url", "https://jc.example/") == 0
    url = capsys.readouterr().out.strip().splitlines()[-1]
    assert url.startswith("https://jc.example/service/") and url.count(".") >= 3

    token = url.rsplit("/", 1)[-1]
    with project.casework() as work:
        work.service.confirm_receipt(token, by="收发室")
    assert jc(project, "clues", "show", cid) == 0
    shown = capsys.readouterr().out
    assert "已送达" in shown and "芗城区市场监管局" in shown and "os-user" in shown

    assert jc(project, "due", "--as-of", "2099-01-01", "--escalate", "--actor", "督促") == 0
    out = capsys.readouterr().out
    assert f"线索 {cid} 逾期" in out and "上级主管机关" in out and "逾期" in out
    assert _clues(project, "escalated") == [cid]
    assert jc(project, "due", "--within", "soon") == 2
    assert "--within" in capsys.readouterr().err


def test_undo_and_reasons(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    cid = _clue(project)
    assert jc(project, "clues", "assign", cid, "甲") == 0
    assert jc(project, "clues", "undo", cid) == 2  # --reason is required
    assert jc(project, "clues", "undo", cid, "--reason", "分错了") == 0
    assert "新线索" in capsys.readouterr().out
    assert jc(project, "clues", "move", cid, "dismissed", "--reason", "无误") == 1
    assert "排除理由" in capsys.readouterr().err
    args = ("clues", "move", cid, "dismissed", "--reason", "无误", "--code", "no_violation")
    assert jc(project, *args) == 0


def test_ledger_verify_and_export_head(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = _clue(project)
    assert jc(project, "clues", "assign", cid, "甲") == 0
    capsys.readouterr()
    assert jc(project, "ledger", "export-head") == 0
    seq, head = capsys.readouterr().out.split()
    assert seq == "1" and re.fullmatch(r"[0-9a-f]{64}", head)
    assert jc(project, "ledger", "verify", "--anchor", head) == 0
    assert "账本完好" in capsys.readouterr().out

    with sqlite3.connect(project.root / "casebook.sqlite") as con:
        con.execute("UPDATE clue_event SET actor = '别人' WHERE kind = 'moved'")
    assert jc(project, "ledger", "verify") == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("错误: 账本校验未通过") and "第 1 条" in captured.err
    assert "source_edited" in captured.out


def test_property_dossier_and_stats(
    project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cid = _clue(project)
    for state in ("seized", "stored"):
        assert jc(project, "property", "record", "WP-1", state, "--clue", cid, "--note", "车") == 0
    assert jc(project, "property", "record", "WP-1", "seized") == 1
    assert "不能从“入库保管”转为“查封扣押”" in capsys.readouterr().err
    assert jc(project, "property", "show", "WP-1") == 0
    out = capsys.readouterr().out
    assert "查封扣押" in out and "入库保管" in out and cid in out
    assert jc(project, "property", "show", "nothing") == 1

    note = tmp_path / "询问笔录.txt"
    note.write_text("笔录", encoding="utf-8")
    assert jc(project, "dossier", "add", cid, str(note)) == 0
    assert jc(project, "dossier", "share", cid, "漳州市人民检察院", "--reason", "备案") == 0
    assert "1 个文件" in capsys.readouterr().out
    assert jc(project, "dossier", "list", cid) == 0
    assert "询问笔录.txt" in capsys.readouterr().out
    assert jc(project, "ledger", "verify") == 0

    assert jc(project, "stats", "--period", "2026Q1") == 0
    out = capsys.readouterr().out
    assert "案-件比" in out and "各模型线索成效" in out and "各环节平均用时" in out
    assert re.search(r"3506\d\d\s*│\s*\d+\s*│\s*\d+\s*│\s*1:\d\.\d\d", out)
    assert jc(project, "stats", "--period", "2026Q5") == 2
    assert "统计期间" in capsys.readouterr().err


def test_the_demo_lifecycle_shows_every_state(project: Project) -> None:
    with project.casework() as work:
        counts = demo_lifecycle(work, SilentConsole())
        workflow_states = {s.value for s in S} - RUN_OWNED_STATUSES
        assert workflow_states <= {status for status, n in counts.items() if n}
        assert counts["escalated"] == 1 and sum(counts.values()) == len(work.clues())
        assert work.verify_ledger().ok
        (item,) = work.property_history()
        figures = work.stats(str(date.today().year))
        # the scripted walk is the demo prosecutor's own work: her 我的工作 is not empty
        demo_users(work)
        her = next(u for u in work.accounts.users() if u.username == "zhangzhou")
        names = [her.username, her.display_name]
        mine = work.my_work(her.id, names, her.units, as_of=date.today())
        assert mine.open_clues and sum(n for _, n in mine.by_status) >= len(mine.open_clues)
    assert item.to_state == "confiscated"
    assert {s.status for s in figures.stages} >= {"assigned", "verifying", "served"}
