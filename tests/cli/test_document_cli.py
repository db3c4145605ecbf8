"""``jiancha clues document --draft`` writes the draft from the clue without a number;
``--confirm`` (with the text as edited) numbers it and takes its step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jiancha.casebook.documents import document_text
from jiancha.casebook.inbox import ClueFilter
from jiancha.cli import main
from jiancha.project import Project


@pytest.fixture
def project(small_project: Project, small_data) -> Project:  # type: ignore[no-untyped-def]
    small_project.run(as_of=small_data.as_of)
    return small_project


def jc(project: Project, *args: str) -> int:
    return main.run(["-C", str(project.root), *args])


def test_a_draft_is_edited_as_text_and_confirmed(
    project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with project.casework() as work:
        cid = work.clues(ClueFilter(status="new", unit="350602"))[0].id
    assert jc(project, "clues", "document", cid, "--kind", "recommendation", "--draft") == 0
    shown = capsys.readouterr()
    assert "草稿 1（未编号）" in shown.err + shown.out and "【发现的问题】" in shown.out
    assert "本院在履行法律监督职责中" in shown.out
    with project.casework() as work:
        assert work.clue(cid).documents == []  # no number for a draft

    saved = tmp_path / "draft.txt"
    args = ("clues", "document", cid, "--kind", "correction_notice", "--draft")
    assert jc(project, *args, "--recipient", "某看守所", "-o", str(saved)) == 0
    out = capsys.readouterr()
    draft_id = re.search(r"--confirm (\d+)", out.out + out.err)
    assert draft_id is not None and saved.read_text(encoding="utf-8").startswith("【主送单位】")
    text = saved.read_text(encoding="utf-8")
    assert "【建议或要求】" in text
    text = re.sub(r"【建议或要求】\n[^\n【]*", "【建议或要求】\n请立即纠正并追究责任。", text)
    saved.write_text(text, encoding="utf-8")

    # not yet 立案监督: refused, and no number is taken
    confirm = ("clues", "document", cid, "--confirm", draft_id.group(1), "--text", str(saved))
    assert jc(project, *confirm) == 1
    assert "须先立案监督" in capsys.readouterr().err
    assert jc(project, "clues", "assign", cid, "甲") == 0
    for status in ("verifying", "opened"):
        assert jc(project, "clues", "move", cid, status) == 0
    capsys.readouterr()
    assert jc(project, *confirm, "-o", str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert re.search(r"已生成 漳芗检纠〔\d{4}〕1号", out)
    written = next(tmp_path.glob("纠正违法通知书*.docx"))
    body = document_text(written.read_bytes())
    assert "请立即纠正并追究责任。" in body and "某看守所：" in body
    with project.casework() as work:
        assert work.clue(cid).clue.status == "correction_notified"
    assert jc(project, "clues", "document", cid, "--draft", "--confirm", "1") == 2
    assert "不能同时使用" in capsys.readouterr().err
