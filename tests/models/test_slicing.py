"""A model evaluated for some units reads its driving table's rows of those units only, every
other table whole; a model whose SQL could mix units is evaluated whole (models/slicing)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jiancha.models import load_catalogue
from jiancha.models.slicing import slice_plan, sliced_sql
from jiancha.schema import contract
from jiancha.warehouse.engine import unit_condition

COLUMNS = {t.name: list(t.column_names) for t in contract().tables.values()}
AS_OF = date(2026, 6, 30)

# The shipped models evaluated whole by a run for some units, and why: their unit is computed
# (a subject's units, the first of several), comes from two tables, or rows of different units
# meet on the way (a person's records in every unit counted or compared).
WHOLE = {
    "admin.fine_not_sent_to_court": "子查询条件",
    "admin.marriage_id_reused": "联接",
    "admin.rehab_not_delivered": "子查询条件",
    "admin.rehab_unserved_after_prison": "子查询条件",
    "civil.collusive_settlement": "计算得出",
    "civil.false_litigation_cluster": "计算得出",
    "civil.injury_suit_brokers": "计算得出",
    "civil.payment_order_during_enforcement": "计算得出",
    "civil.public_notice_while_detained": "计算得出",
    "civil.termination_with_assets": "子查询条件",
    "custody.prosecution_review_overdue": "联接",
    "custody.too_many_returns": "计算得出",
    "execution.commutation_amount_exceeds_cap": "计算得出",
    "execution.commutation_interval_too_short": "计算得出",
    "execution.commutation_too_early": "计算得出",
    "execution.deceased_still_supervised": "多张表",
    "execution.medical_parole_without_hospital": "子查询条件",
    "execution.not_delivered": "子查询条件",
    "execution.parole_ineligible": "计算得出",
    "execution.parole_not_revoked": "计算得出",
    "filing.admin_case_not_transferred": "子查询条件",
    "filing.long_pending_case": "GROUP BY",
    "filing.non_prosecution_without_admin_penalty": "子查询条件",
    "minors.staff_with_barring_record": "计算得出",
    "pil.benefit_paid_after_death": "计算得出",
    "pil.benefit_paid_in_prison": "计算得出",
    "pil.food_drug_multi_county": "计算得出",
    "pil.illegal_fishing_not_transferred": "联接",
    "pil.repeat_illegal_mining": "联接",
    "pil.repeat_violator": "计算得出",
    "trial.sentence_outlier": "GROUP BY",
}


def _plan(sql: str, unit: str = "unit_code"):  # type: ignore[no-untyped-def]
    return slice_plan(sql, unit, COLUMNS.get)


def _sliced(sql: str) -> str:
    text, _ = sliced_sql(
        sql,
        "unit_code",
        COLUMNS.get,
        lambda t: f'(SELECT * FROM "{t}" WHERE {unit_condition(["350603"])})',
    )
    return text


@pytest.mark.parametrize("linked", [False, True])
def test_the_shipped_models_evaluated_whole_are_the_listed_ones(linked: bool) -> None:
    whole = {}
    for model in load_catalogue():
        plan = _plan(model.render(AS_OF, linked=linked), model.header.unit or "")
        if plan.table is None:
            whole[model.id] = plan.reason
        else:  # the unit is read from the table the hit is anchored on, where it has one
            assert plan.table == (model.header.key.table or plan.table), model.id
    assert sorted(whole) == sorted(WHOLE)
    for model_id, reason in whole.items():
        assert WHOLE[model_id] in reason, (model_id, reason)


def test_the_driving_reference_is_sliced_and_the_others_stay_whole() -> None:
    sql = """WITH s AS (SELECT j.record_id AS judgment_id, j.unit_code, j.defendant_id_number
                      FROM judgment AS j)
    SELECT s.judgment_id, s.unit_code, p.record_id AS prisoner_id, e.record_id AS earlier
    FROM s JOIN prisoner AS p ON p.id_number = s.defendant_id_number
    LEFT JOIN judgment AS e ON e.defendant_id_number = s.defendant_id_number"""
    assert _plan(sql).table == "judgment"
    text = _sliced(sql)
    assert text.count("350603") == 1
    assert "JOIN judgment AS e" in text and "JOIN prisoner AS p" in text


@pytest.mark.parametrize(
    ("sql", "reason"),
    [
        # a count over a person's judgments in every unit
        (
            "SELECT MAX(j.record_id) AS id, j.unit_code FROM judgment AS j "
            "GROUP BY j.defendant_id_number, j.unit_code HAVING COUNT(*) > 1",
            None,
        ),
        (
            "SELECT MAX(j.record_id) AS id, MAX(j.unit_code) AS unit_code FROM judgment AS j "
            "GROUP BY j.defendant_id_number",
            "计算得出",
        ),
        (
            "SELECT d.id, d.unit_code FROM (SELECT j.record_id AS id, j.unit_code, COUNT(*) "
            "OVER (PARTITION BY j.defendant_id_number) AS n FROM judgment AS j) AS d "
            "WHERE d.n > 1",
            "窗口函数",
        ),
        (
            "WITH d AS (SELECT record_id, unit_code, defendant_id_number AS person "
            "FROM judgment) SELECT a.record_id, a.unit_code FROM d AS a "
            "WHERE NOT EXISTS (SELECT 1 FROM d AS b WHERE b.person = a.person "
            "AND b.record_id <> a.record_id)",
            "子查询条件",
        ),
        (
            "WITH d AS (SELECT record_id, unit_code, defendant_id_number AS person "
            "FROM judgment) SELECT a.record_id, a.unit_code FROM d AS a "
            "JOIN d AS b ON b.person = a.person AND b.record_id <> a.record_id",
            "联接",
        ),
        (
            "WITH d AS (SELECT record_id, unit_code, defendant_id_number AS person "
            "FROM judgment) SELECT a.record_id, a.unit_code FROM d AS a "
            "JOIN d AS b ON b.record_id = a.record_id",
            None,
        ),
        (
            "SELECT j.record_id, COALESCE(j.unit_code, p.unit_code) AS unit_code "
            "FROM judgment AS j JOIN prisoner AS p ON p.judgment_id = j.record_id",
            "计算得出",
        ),
        ("SELECT record_id, unit_code FROM judgment ORDER BY 1 LIMIT 10", "LIMIT"),
        ("SELECT record_id, case_id AS unit_code FROM judgment", "不是 unit_code"),
    ],
)
def test_a_query_that_could_mix_units_is_evaluated_whole(sql: str, reason: str | None) -> None:
    plan = _plan(sql)
    if reason is None:
        assert plan.table == "judgment", plan.reason
    else:
        assert plan.table is None and reason in plan.reason, plan.reason
        assert _sliced(sql) == sql


def _scanned(wh, sql: str, table: str, out: Path) -> int:  # type: ignore[no-untyped-def]
    """The rows DuckDB's scans of ``table`` produced running ``sql`` (its profile)."""
    con = wh.native()
    con.execute("PRAGMA enable_profiling='json'")
    con.execute(f"PRAGMA profiling_output='{out}'")
    try:
        con.execute(sql).fetchall()
    finally:
        con.execute("PRAGMA disable_profiling")
    found = 0
    nodes = list(json.loads(out.read_text("utf-8"))["operator"])
    while nodes:
        node = nodes.pop()
        nodes.extend(node.get("children", []))
        if node.get("type") == "TABLE_SCAN" and str(
            node.get("extra_info", {}).get("Table", "")
        ).endswith(f".{table}"):
            found += int(node["intermediate_rows"])
    return found


def test_a_sliced_model_scans_fewer_rows_of_its_driving_table(small_project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    model = small_project.catalogue().get("trial.probation_for_recidivist")
    with small_project.warehouse(read_only=True) as wh:
        unit = str(wh.scalar("SELECT min(unit_code) FROM judgment"))
        sql = model.render(AS_OF)
        sliced, plan = sliced_sql(
            sql, model.header.unit, wh.table_columns().get, lambda t: wh.unit_slice(t, [unit])
        )
        assert plan.table == "judgment"
        total = int(wh.scalar("SELECT count(*) FROM judgment"))
        whole = _scanned(wh, sql, "judgment", tmp_path / "whole.json")
        part = _scanned(wh, sliced, "judgment", tmp_path / "sliced.json")
    # fewer rows, and still every judgment once: the earlier judgments (a recidivist's, of
    # any unit) are read whole
    assert total <= part < whole
