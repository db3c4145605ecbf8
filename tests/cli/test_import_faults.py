"""``jiancha import`` when it cannot finish: what was committed, and a message for each fault."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest

from jiancha.cli.main import run
from jiancha.ingest import importer, readers, sources


def _folder(tmp_path: Path, bad: str | None = None) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(exist_ok=True)
    (folder / "death_record.csv").write_text("record_id,name,died_at\nD1,甲,2023-01-01\n", "utf-8")
    (folder / "hospital_stay.csv").write_text(
        "record_id,name,hospital,admitted_at\nH1,甲,市医院,2023-01-02\n", "utf-8"
    )
    (folder / "petition.csv").write_text(
        bad or "record_id,received_at,petitioner_name\nP1,2023-01-03,乙\n", "utf-8"
    )
    return folder


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "p"
    assert run(["init", str(project)]) == 0
    return project


def test_folder_failing_at_a_file_reports_what_was_committed_and_how_to_resume(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(tmp_path)
    folder = _folder(tmp_path, bad="a,b,c\n1,2,3\n")
    capsys.readouterr()
    assert run(["-C", str(project), "import", str(folder)]) == 1
    out, err = capsys.readouterr()
    assert "death_record.csv" in out and "hospital_stay.csv" in out  # the table of the two
    assert err.count("\n") == 1 and "petition.csv" in err
    assert "此前已导入 2 个文件" in err and "重新运行同一命令" in err and "内部错误" not in err
    _folder(tmp_path)  # the file fixed
    assert run(["-C", str(project), "import", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "petition.csv" in out


def test_ctrl_c_exits_130_saying_what_was_committed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _project(tmp_path)
    folder = _folder(tmp_path)
    commit = importer._commit
    calls: list[str] = []

    def interrupted(*args: Any) -> None:
        calls.append("commit")
        if len(calls) == 2:
            raise KeyboardInterrupt
        commit(*args)

    monkeypatch.setattr(importer, "_commit", interrupted)
    capsys.readouterr()
    assert run(["-C", str(project), "import", str(folder)]) == 130
    out, err = capsys.readouterr()
    assert "death_record.csv" in out and "hospital_stay.csv" not in out
    assert "导入已中断" in err and "此前已导入 1 个文件" in err and "其余 2 个未导入" in err


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间已满"),
        (PermissionError(errno.EACCES, "Permission denied"), "没有读取或写入的权限"),
    ],
)
def test_disk_and_permission_faults_have_their_own_message(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fault: OSError,
    message: str,
) -> None:
    project = _project(tmp_path)
    folder = _folder(tmp_path)

    def failing(*args: Any) -> None:
        raise fault

    target = sources if isinstance(fault, PermissionError) else readers
    monkeypatch.setattr(target, "sha256_of" if target is sources else "stage_csv", failing)
    capsys.readouterr()
    assert run(["-C", str(project), "import", str(folder)]) == 1
    err = capsys.readouterr().err
    assert message in err and "death_record.csv" in err and "内部错误" not in err


def test_stale_working_folders_of_killed_imports_are_cleaned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer.tempfile, "gettempdir", lambda: str(tmp_path))
    dead = tmp_path / f"{importer.WORKDIR_PREFIX}999999999-abc"  # no such process
    alive = tmp_path / f"{importer.WORKDIR_PREFIX}1-abc"  # init: always running
    other = tmp_path / "jiancha-something-else"
    for folder in (dead, alive, other):
        folder.mkdir()
        (folder / "utf8.csv").write_text("x", "utf-8")
    importer.clean_stale_workdirs()
    assert not dead.exists() and alive.exists() and other.exists()
