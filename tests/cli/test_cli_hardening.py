"""Issue 18 on the command line: data printed as text (no Rich markup, no escape
sequences), owner-only files, 4xx-like refusals of huge numbers, audited exports, and
e-service links revoked with ``clues serve --revoke``."""

from __future__ import annotations

import os
import stat
from io import StringIO
from pathlib import Path

import pytest
from rich.table import Table

from jiancha.casebook.audit import entries
from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.tables import Clue
from jiancha.casebook.views import parse_clue_id
from jiancha.cli import main
from jiancha.cli.terminal import PlainConsole
from jiancha.filemodes import write_secret
from jiancha.project import Project

HOSTILE = "[/]张三[bold red]\x1b]8;;http://evil.example/\x07点我\x1b]8;;\x07\x1b[2J"


@pytest.fixture
def project(small_project: Project, small_data) -> Project:  # type: ignore[no-untyped-def]
    small_project.run(as_of=small_data.as_of)
    return small_project


def jc(project: Project, *args: str) -> int:
    return main.run(["-C", str(project.root), *args])


def _new_clue(project: Project) -> str:
    with project.casework() as work:
        return work.clues(ClueFilter(status="new", unit="350602"))[0].id


def test_data_is_printed_as_text_never_markup_or_escape_sequences(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """An imported name ``[/]…`` crashed ``jiancha clues list``; ``\\x1b]8;;`` drew a
    hidden link. Both are shown as the text they are, without the control characters."""
    cid = _new_clue(project)
    with project.casework() as work, work.book.session() as session:
        clue = session.get(Clue, parse_clue_id(cid))
        assert clue is not None
        clue.title = HOSTILE
        clue.subject = {**clue.subject, "name": HOSTILE}
    capsys.readouterr()
    assert jc(project, "clues", "list") == 0
    listed = capsys.readouterr().out
    assert "[/]张三" in listed and "\x1b" not in listed and "\x07" not in listed
    assert jc(project, "clues", "show", cid) == 0
    shown = capsys.readouterr().out
    assert "[/]张三[bold red]" in shown and "\x1b" not in shown


def test_the_console_renders_strings_and_table_cells_plainly() -> None:
    out = StringIO()
    console = PlainConsole(file=out, width=120)
    grid = Table()
    grid.add_column("姓名")
    grid.add_row(HOSTILE)
    console.print(grid)
    console.print(HOSTILE)
    text = out.getvalue()
    assert text.count("[/]张三[bold red]") == 2 and "\x1b" not in text


def test_project_files_are_their_owners_only(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # a usual login umask
    try:
        assert main.run(["init", str(tmp_path / "p")]) == 0
        assert main.run(["-C", str(tmp_path / "p"), "users", "list"]) == 0
    finally:
        os.umask(previous)
    root = tmp_path / "p"
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    made = [p for p in root.rglob("*")]
    assert made, "the project has files"
    for path in made:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, f"{path.name} is readable by others ({oct(mode)})"


def test_secrets_have_their_mode_from_creation(tmp_path: Path) -> None:
    previous = os.umask(0)  # even a careless umask
    try:
        write_secret(tmp_path / "keys" / "s.secret", b"x" * 32)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "keys" / "s.secret").stat().st_mode) == 0o600
    with pytest.raises(FileExistsError):
        write_secret(tmp_path / "keys" / "s.secret", b"y" * 32)


def test_a_huge_clue_number_is_not_found(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert jc(project, "clues", "show", "C" + "9" * 40) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误: 没有线索") and "内部错误" not in err


def test_exports_need_a_reason_and_are_audited(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "clues.csv"
    assert jc(project, "clues", "list", "--format", "csv", "-o", str(out)) == 2
    assert "--reason" in capsys.readouterr().err and not out.exists()
    args = ("clues", "list", "--format", "csv", "-o", str(out), "--reason", "专项报送")
    assert jc(project, *args, "--actor", "王分析员") == 0
    with project.casework() as work, work.book.session() as session:
        rows, _total = entries(session, ["35"], action="export")
    assert rows and rows[0].username == "王分析员"
    assert rows[0].detail["reason"] == "专项报送" and rows[0].detail["file"] == "clues.csv"


def test_clues_serve_revoke(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    cid = _new_clue(project)
    assert jc(project, "clues", "assign", cid, "甲") == 0
    for status in ("核查中", "opened"):
        assert jc(project, "clues", "move", cid, status) == 0
    assert (
        jc(project, "clues", "document", cid, "--kind", "recommendation", "--recipient", "某局")
        == 0
    )
    capsys.readouterr()
    assert jc(project, "clues", "serve", cid) == 0
    served = capsys.readouterr()
    url = served.out.strip().splitlines()[-1]
    assert url.startswith("http://127.0.0.1:8000/service/") and "public_url" in served.err
    assert jc(project, "clues", "serve", cid, "--revoke", url) == 0
    assert "已撤销" in capsys.readouterr().out
    assert jc(project, "clues", "serve", cid, "--revoke", url) == 1
    assert "已于" in capsys.readouterr().err


def test_a_progress_label_from_data_is_plain_text() -> None:
    from jiancha.cli.terminal import TerminalConsole

    out = StringIO()
    console = TerminalConsole()
    console.err = PlainConsole(file=out, force_terminal=True, width=100)
    with console.progress(f"导入 {HOSTILE}", total=2) as bar:
        bar.advance(1)
    text = out.getvalue()
    assert "[/]张三[bold red]" in text and "\x1b]8" not in text and "\x1b[2J" not in text
