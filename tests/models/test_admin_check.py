"""`jiancha models check` on a project without the administrative registers: the models that
need them are not runnable, with the reason; the others run (issue 15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jiancha.cli.main import run
from jiancha.models import check_models, load_catalogue

REGISTERS = {
    "admin.marriage_party_dead": "marriage_register",
    "admin.marriage_party_in_prison": "marriage_register",
    "admin.marriage_underage": "marriage_register",
    "admin.marriage_id_reused": "marriage_register",
    "admin.rehab_not_delivered": "rehab_decision",
    "admin.rehab_unserved_after_prison": "rehab_decision",
    "admin.drunk_driving_licence_valid": "licence_register",
    "admin.traffic_crime_licence": "licence_register",
    "admin.barred_licence_holder": "licence_register",
    "admin.deregistered_owing_fine": "company_register",
}
FINE = {
    "record_id": "a1",
    "agency": "市场监督管理局",
    "party_name": "张一",
    "penalty_yuan": 5000,
    "decided_at": date(2023, 7, 1),
    "appeal_deadline": date(2024, 1, 15),
}


def test_a_warehouse_without_the_registers(load_rows: Any) -> None:
    con = load_rows({"admin_penalty": [FINE]})
    for table in set(REGISTERS.values()):
        con.execute(f"DROP TABLE {table}")
    checks = {c.model_id: c for c in check_models(con, load_catalogue())}
    for model_id, table in REGISTERS.items():
        assert not checks[model_id].ok, model_id
        assert f"缺少数据表 {table}" in checks[model_id].problems, model_id
    # the fine model needs only admin_penalty (and the death register, empty here)
    fine = checks["admin.fine_not_sent_to_court"]
    assert fine.ok and fine.problems == []
    assert "数据表 death_record 没有数据" in fine.notes


def test_fines_without_appeal_deadlines_cannot_run(load_rows: Any) -> None:
    con = load_rows({"admin_penalty": [{**FINE, "appeal_deadline": None}]})
    checks = {c.model_id: c for c in check_models(con, load_catalogue())}
    fine = checks["admin.fine_not_sent_to_court"]
    assert not fine.ok and fine.problems == ["admin_penalty.appeal_deadline 全部为空"]


def test_a_project_with_fines_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["init", str(tmp_path / "p")]) == 0
    data = tmp_path / "admin_penalty.csv"
    data.write_text(
        "record_id,agency,party_name,penalty_yuan,decided_at,appeal_deadline\n"
        "A1,市场监督管理局,张一,5000,2023-07-01,2024-01-15\n",
        "utf-8",
    )
    assert run(["-C", str(tmp_path / "p"), "import", str(data)]) == 0
    from jiancha.project import Project

    checks = {c.model_id: c for c in Project.open(tmp_path / "p").check_models()}
    for model_id, table in REGISTERS.items():
        assert not checks[model_id].ok and f"数据表 {table} 没有数据" in checks[model_id].problems
    assert checks["admin.fine_not_sent_to_court"].ok
    assert "admin_penalty.paid_at 全部为空" in checks["admin.fine_not_sent_to_court"].notes
    capsys.readouterr()
    assert run(["-C", str(tmp_path / "p"), "models", "check"]) == 0
    out = capsys.readouterr().out
    assert "marriage_register" in out and "可以运行" in out


def test_fines_without_court_rulings_cannot_show_unexecuted_rulings(load_rows: Any) -> None:
    """No ruling recorded anywhere: the court-enforcement model says so instead of finding
    nothing; one ruling is enough for it to run."""
    con = load_rows({"admin_penalty": [FINE]})
    checks = {c.model_id: c for c in check_models(con, load_catalogue())}
    court = checks["admin.court_enforcement_not_executed"]
    assert not court.ok and court.problems == ["admin_penalty.court_enforcement_ruling 全部为空"]
    con = load_rows({"admin_penalty": [{**FINE, "court_enforcement_ruling": "granted"}]})
    checks = {c.model_id: c for c in check_models(con, load_catalogue())}
    court = checks["admin.court_enforcement_not_executed"]
    assert court.ok and "admin_penalty.court_enforcement_filed_at 全部为空" in court.notes
