"""Agency keys and the durable queue of pushed batches (jiancha.casebook.intake)."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_support import AGENCY, new_project, push, report

from jiancha.casebook.intake import key_hash
from jiancha.cli.main import run
from jiancha.errors import NotFound, UsageError


def test_a_key_is_shown_once_and_only_its_hash_is_kept(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    assert len(key) > 40
    with project.casework() as work:
        agency = work.intake.by_key(key)
        assert agency is not None and agency.name == AGENCY
        assert agency.tables == ("case_report", "criminal_case", "coercive_measure")
        assert agency.units == ("3506",)
        assert work.intake.by_key(key + "x") is None
    raw = (tmp_path / "p" / "casebook.sqlite").read_bytes()
    assert key.encode() not in raw and key_hash(key).encode() in raw


def test_a_revoked_key_pushes_nothing(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    with project.casework() as work:
        work.intake.revoke(AGENCY)
        assert work.intake.by_key(key) is None
        assert not work.intake.agencies()[0].active
        with pytest.raises(NotFound):
            work.intake.revoke("不存在的机关")


def test_keys_name_known_tables_and_units(tmp_path: Path) -> None:
    project, _ = new_project(tmp_path / "p")
    with project.casework() as work:
        with pytest.raises(UsageError, match="未知的数据表"):
            work.intake.add_agency("某局", ["no_such_table"], ["3506"])
        with pytest.raises(UsageError, match="行政区划代码"):
            work.intake.add_agency("某局", ["case_report"], ["漳州"])
        with pytest.raises(UsageError, match="已有密钥"):
            work.intake.add_agency(AGENCY, ["case_report"], ["3506"])


def test_an_idempotency_key_gives_the_same_batch(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    first = push(project, key, "case_report", [report(1)], idem="abc")
    again = push(project, key, "case_report", [report(1)], idem="abc")
    other = push(project, key, "case_report", [report(1)], idem="def")
    assert first == again != other
    with project.casework() as work:
        assert work.intake.pending() == 2
        batch = work.intake.batch(first)
        assert batch.status == "queued" and batch.status_label == "排队等待入库"
        assert batch.record_count == 1 and batch.table_label == "受案登记"


def test_a_batch_is_found_only_by_its_agency(tmp_path: Path) -> None:
    project, key = new_project(tmp_path / "p")
    batch = push(project, key, "case_report", [report(1)])
    with project.casework() as work:
        other, _ = work.intake.add_agency("漳州市司法局", ["case_report"], ["3506"])
        assert work.intake.batch(batch).id == batch
        with pytest.raises(NotFound):
            work.intake.batch(batch, agency_id=other.id)


def test_agencies_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    assert run(["init", str(root)]) == 0
    args = ["-C", str(root), "agencies", "add", AGENCY]
    assert run([*args, "--tables", "case_report,criminal_case", "--units", "3506"]) == 0
    out = capsys.readouterr().out
    key = out.strip().splitlines()[-1]
    assert key.startswith("jck_") and "只" not in key
    assert run(["-C", str(root), "agencies", "list"]) == 0
    listed = capsys.readouterr().out
    assert AGENCY in listed and "有效" in listed and key not in listed
    assert run(["-C", str(root), "agencies", "revoke", AGENCY]) == 0
    assert run(["-C", str(root), "agencies", "list"]) == 0
    assert "已吊销" in capsys.readouterr().out
    assert (
        run(["-C", str(root), "agencies", "add", "某局", "--tables", "nope", "--units", "3506"])
        == 2
    )
    assert "未知的数据表" in capsys.readouterr().err
