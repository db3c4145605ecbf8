"""`jiancha models check` on a project without the civil reference tables' data: the models
that compare with the enforcement cases or the asset register are not runnable, and say why."""

from __future__ import annotations

from datetime import date
from typing import Any

from jiancha.models import check_models, load_catalogue
from jiancha.models.preflight import tables_compared

CIVIL_CASE = {
    "record_id": "c1",
    "filed_at": date(2024, 1, 1),
    "kind": "payment_order",
    "procedure": "ordinary",
}
PARTY = {
    "record_id": "p1",
    "case_id": "c1",
    "role": "defendant",
    "name": "甲",
    "id_number": "350602198001010011",
    "served_by": "public_notice",
    "served_at": date(2024, 1, 5),
}


def _checks(load_rows: Any, tables: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    con = load_rows({"civil_case": [CIVIL_CASE], "civil_party": [PARTY], **tables})
    return {
        c.model_id: c for c in check_models(con, load_catalogue()) if c.model_id[:6] == "civil."
    }


def test_without_enforcement_cases(load_rows: Any) -> None:
    checks = _checks(load_rows, {})
    for model_id in (
        "civil.termination_too_early",
        "civil.termination_with_assets",
        "civil.collusive_settlement",
        "civil.payment_order_during_enforcement",
    ):
        assert not checks[model_id].ok, model_id
        assert "数据表 enforcement_case 没有数据" in checks[model_id].problems, model_id
    # the trial and service models need only the civil cases
    assert checks["civil.trial_overdue"].ok
    notice = checks["civil.public_notice_while_detained"]
    assert notice.ok and "数据表 prisoner 没有数据" in notice.notes


def test_with_enforcement_cases_but_no_asset_register(load_rows: Any) -> None:
    case = {
        "record_id": "e1",
        "filed_at": date(2024, 1, 1),
        "debtor_name": "甲",
        "debtor_id_number": "350602198001010011",
        "closing": "terminated_this_round",
        "closed_at": date(2024, 6, 1),
    }
    checks = _checks(load_rows, {"enforcement_case": [case]})
    assert checks["civil.termination_too_early"].ok
    assets = checks["civil.termination_with_assets"]
    assert not assets.ok and assets.problems == ["数据表 asset_register 没有数据"]
    assert checks["civil.payment_order_during_enforcement"].ok


def test_only_reference_registers_read_by_inner_joins_are_compared() -> None:
    catalogue = load_catalogue()
    compared = {m.id: tables_compared(m) for m in catalogue.models.values()}
    assert compared["civil.termination_with_assets"] == {"asset_register"}
    assert compared["execution.medical_parole_without_hospital"] == {"hospital_stay"}
    # read in one branch of a UNION: any one of the three registers will do
    assert compared["civil.public_notice_while_detained"] == set()
    # the case tables themselves are not registers
    assert compared["trial.first_instance_overdue"] == set()
