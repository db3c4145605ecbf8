"""The CLI contract: commands, the one error shape, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.cli.main import run


def test_init_import_status_quarantine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p"
    assert run(["init", str(project)]) == 0
    assert (project / "jiancha.toml").is_file() and (project / "warehouse.duckdb").is_file()
    data = tmp_path / "death_record.csv"
    data.write_text("record_id,name,died_at\nD1,甲,2023-01-01\nD2,乙,不详\n", "utf-8")
    assert run(["-C", str(project), "import", str(data)]) == 0
    out = capsys.readouterr().out
    assert "death_record" in out and "导入结果" in out
    assert run(["-C", str(project), "quarantine", "list"]) == 0
    out = capsys.readouterr().out
    assert "died_at" in out and "不详" in out
    assert run(["-C", str(project), "status"]) == 0
    assert "死亡登记" in capsys.readouterr().out


def test_project_found_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["init", str(tmp_path)]) == 0
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert run(["status"]) == 0
    assert "合计" in capsys.readouterr().out


def test_user_error_is_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["init", str(tmp_path)]) == 0
    bad = tmp_path / "judgment.csv"
    bad.write_bytes(b"%PDF-1.7\n")
    capsys.readouterr()
    assert run(["-C", str(tmp_path), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误: judgment.csv") and err.count("\n") == 1
    assert "Traceback" not in err


def test_no_project_is_a_user_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["status"]) == 1
    assert "jiancha init" in capsys.readouterr().err


def test_usage_error_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["import"]) == 2


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["clues", "list", "--format", "pdf"], "--format “pdf” 不可用"),
        (["similar"], "二者选一"),
        (["publish"], "二者选一"),
        (["run", "--as-of", "30/06/2026"], "YYYY-MM-DD"),
        (["due", "--within", "soon"], "--within"),
        (["stats", "--period", "2026Q5"], "统计期间"),
        (["clues", "serve", "C000001", "--days", "0"], "--days 0"),
    ],
)
def test_a_bad_option_of_ours_is_a_usage_error_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    """Exit 2 with one line, as for typer's own usage errors, not 1 as for a user error."""
    assert run(["init", str(tmp_path)]) == 0
    capsys.readouterr()
    assert run(["-C", str(tmp_path), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误: ") and said in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["clues", "show", "C999999"], "没有编号为 C999999 的线索"),
        (["publish", "--record", "J404"], "判决 J404 不存在"),
        (["similar", "--record", "J404"], "判决 J404 不在数据仓库中"),
        (["link", "decide", "9", "--match", "--reason", "同一人"], "没有第 9 对"),
    ],
)
def test_what_is_not_there_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    assert run(["init", str(tmp_path)]) == 0
    capsys.readouterr()
    assert run(["-C", str(tmp_path), *args]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误: ") and said in err and err.count("\n") == 1


def test_bad_config_names_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["init", str(tmp_path)]) == 0
    toml = tmp_path / "jiancha.toml"
    toml.write_text(toml.read_text("utf-8") + "\n[warehouse2]\nx = 1\n", "utf-8")
    capsys.readouterr()
    assert run(["-C", str(tmp_path), "status"]) == 1
    assert "warehouse2" in capsys.readouterr().err


def test_docs_are_current(tmp_path: Path) -> None:
    """docs/data_dictionary.md is generated from the contract and must not drift."""
    out = tmp_path / "dd.md"
    assert run(["docs", "--out", str(out)]) == 0
    shipped = Path(__file__).parents[2] / "docs" / "data_dictionary.md"
    assert shipped.read_text("utf-8") == out.read_text("utf-8"), "run `jiancha docs`"
