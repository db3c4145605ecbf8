"""The model engine: headers, the catalogue, overrides, rendering, Spark, preflight, evidence."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot

from jiancha.console import SilentConsole
from jiancha.errors import ConfigError, ModelError
from jiancha.models import (
    Evidence,
    EvidenceRows,
    check_models,
    fetch_evidence,
    load_catalogue,
    run_models,
)
from jiancha.models.render import render
from jiancha.models.spec import function_of

GOOD = """/*
id: custody.local_rule
version: 2
title: 本地规则
domain: custody
description: 测试用模型
legal_basis: [{law: 刑事诉讼法, article: 第七十九条}]
parameters:
  months: {type: integer, default: 12, unit: 月, label: 期限, min: 1}
subject: [name]
key: {table: coercive_measure, column: measure_id}
facts: {start_at: 开始日期}
unit: unit_code
*/
SELECT m.record_id AS measure_id, m.name, m.unit_code, m.start_at
FROM coercive_measure AS m
WHERE ${add_months(m.start_at, ${months})} < ${as_of}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def _error(tmp_path: Path, text: str) -> str:
    _write(tmp_path, "bad.sql", text)
    with pytest.raises(ModelError) as info:
        load_catalogue([tmp_path])
    message = str(info.value)
    assert "bad.sql" in message and "\n" not in message
    return message


def test_catalogue_ships_every_model_of_the_catalogue() -> None:
    catalogue = load_catalogue()
    # MODELS.md, trial.sentence_outlier and execution.parole_not_revoked included; the
    # other functions' models (issue 15) are counted by their own tests
    criminal = [m for m in catalogue if function_of(m.domain) == "criminal"]
    assert len(criminal) == 35
    assert "trial.sentence_outlier" in catalogue.models
    model = catalogue.get("custody.bail_overdue")
    assert model.parameters == {"months": 12}
    assert model.tables == ("coercive_measure", "work_calendar")
    assert model.legal_basis[0].article == "第七十九条"


def test_project_models_join_the_catalogue(tmp_path: Path) -> None:
    _write(tmp_path / "models", "local.sql", GOOD)
    catalogue = load_catalogue([tmp_path / "models"])
    model = catalogue.get("custody.local_rule")
    assert model.version == "2"
    assert "INTERVAL (12) MONTH" in model.render(date(2024, 6, 30))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (GOOD.replace("/*", "/-", 1), "缺少开头"),
        (GOOD.replace("title: 本地规则", "title: [unclosed"), "YAML"),
        (GOOD.replace("id: custody.local_rule\n", ""), "缺少 id"),
        (GOOD.replace("unit: unit_code", "unit: unit_code\nowner: 张三"), "未知的键 owner"),
        (GOOD.replace("WHERE", "WHERE (("), "SQL 无法解析"),
        (GOOD.replace("${months}", "${month}"), "未声明的参数 ${month}"),
        (GOOD.replace("add_months", "add_years"), "未知的辅助函数 add_years"),
        (GOOD.replace("subject: [name]", "subject: [nom]"), "SQL 没有输出：nom"),
        (GOOD.replace("default: 12", "default: twelve"), "默认值应为整数"),
        (GOOD.replace("domain: custody", "domain: trial"), "不一致"),
    ],
)
def test_malformed_model_file_names_file_and_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    assert problem in _error(tmp_path, text)


def test_two_models_with_one_id_name_both_files(tmp_path: Path) -> None:
    first = _write(tmp_path / "a", "one.sql", GOOD)
    second = _write(tmp_path / "b", "two.sql", GOOD)
    with pytest.raises(ModelError) as info:
        load_catalogue([tmp_path / "a", tmp_path / "b"])
    assert str(first) in str(info.value) and str(second) in str(info.value)


def test_a_project_model_cannot_reuse_a_shipped_id(tmp_path: Path) -> None:
    _write(tmp_path, "bail.sql", GOOD.replace("custody.local_rule", "custody.bail_overdue"))
    with pytest.raises(ModelError, match="custody.bail_overdue"):
        load_catalogue([tmp_path])


def test_overrides_change_the_effective_parameters() -> None:
    catalogue = load_catalogue(
        overrides={
            "filing.not_filed_above_threshold": {"theft_yuan": 2000},
            "execution.commutation_too_early": {"short_months": 13},
            "pil.repeat_violator": {"fields": ["environment"]},
        }
    )
    assert catalogue.get("filing.not_filed_above_threshold").parameters["theft_yuan"] == 2000
    assert "WHEN 'theft' THEN 2000" in catalogue.get("filing.not_filed_above_threshold").render(
        date(2024, 1, 1)
    )
    assert load_catalogue().get("execution.commutation_too_early").parameters["short_months"] == 12


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"execution.no_such_model": {"months": 1}}, 'models."execution.no_such_model"'),
        ({"custody.bail_overdue": {"monthz": 1}}, 'models."custody.bail_overdue".monthz'),
        ({"custody.bail_overdue": {"months": "twelve"}}, 'models."custody.bail_overdue".months'),
        ({"custody.bail_overdue": {"months": -1}}, 'models."custody.bail_overdue".months'),
        ({"custody.bail_overdue": {"months": True}}, 'models."custody.bail_overdue".months'),
        ({"civil.false_litigation_cluster": {"ratio": 1.5}}, "ratio"),
        ({"pil.repeat_violator": {"fields": "environment"}}, "fields"),
    ],
)
def test_bad_overrides_name_the_key(overrides: dict[str, Any], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_catalogue(overrides=overrides)
    assert key in str(info.value)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2023-01-31", 1, date(2023, 2, 28)),
        ("2024-01-31", 1, date(2024, 2, 29)),
        ("2024-02-29", 12, date(2025, 2, 28)),
        ("2023-03-31", -1, date(2023, 2, 28)),
        ("2023-08-31", 6, date(2024, 2, 29)),
        # art. 202: a period that starts on a month's last day ends on the later month's last
        ("2023-02-28", 1, date(2023, 3, 31)),
        ("2026-02-28", 1, date(2026, 3, 31)),
        ("2024-02-28", 1, date(2024, 3, 28)),  # not the last day of a leap February
    ],
)
def test_calendar_months_clamp_at_month_end(start: str, months: int, expected: date) -> None:
    sql = render(f"SELECT ${{add_months(DATE '{start}', {months})}}", {})
    assert duckdb.connect().execute(sql).fetchone() == (expected,)


def test_days_between_does_not_count_the_first_day() -> None:
    sql = render("SELECT ${days_between(DATE '2024-02-28', DATE '2024-03-01')}", {})
    assert duckdb.connect().execute(sql).fetchone() == (2,)


def test_same_person_never_matches_empty_ids() -> None:
    sql = render("SELECT ${same_person(a, b)} FROM (VALUES ('', ''), ('1', '1')) t(a, b)", {})
    assert [r[0] for r in duckdb.connect().execute(sql).fetchall()] == [False, True]


@pytest.mark.parametrize("model_id", sorted(load_catalogue().models))
def test_every_model_transpiles_to_spark(model_id: str) -> None:
    model = load_catalogue().get(model_id)
    duck = model.render(date(2024, 6, 30))
    spark = model.to_spark(date(2024, 6, 30))
    assert sqlglot.parse_one(spark, read="spark") is not None
    assert sqlglot.transpile(duck, read="duckdb", write="spark")
    # DuckDB-only interval arithmetic must not reach Spark
    assert "INTERVAL (" not in spark


def test_spark_uses_add_months_and_datediff() -> None:
    spark = load_catalogue().get("custody.detention_overdue").to_spark(date(2024, 6, 30))
    assert "DATEDIFF(" in spark and "DAY," not in spark
    spark = load_catalogue().get("custody.bail_overdue").to_spark(date(2024, 6, 30))
    assert "ADD_MONTHS(" in spark
    # art. 202's month end and art. 105's next working day, both in Spark's terms
    assert "LAST_DAY(ADD_MONTHS(" in spark and "FROM work_calendar AS wc WHERE wc.day =" in spark


def test_check_models_explains_in_chinese(load_rows: Any) -> None:
    con = load_rows(
        {"coercive_measure": [{"record_id": "m1", "measure": "bail", "start_at": date(2024, 1, 1)}]}
    )
    con.execute("DROP TABLE hospital_stay")
    checks = {c.model_id: c for c in check_models(con, load_catalogue())}
    assert checks["custody.bail_overdue"].ok
    detention = checks["custody.detention_overdue"]
    assert detention.ok and detention.problems == []
    hospital = checks["execution.medical_parole_without_hospital"]
    assert not hospital.ok and "缺少数据表 hospital_stay" in hospital.problems
    assert "数据表 execution_change 没有数据" in hospital.problems
    investigation = checks["custody.investigation_overdue"]
    assert investigation.ok and "数据表 custody_extension 没有数据" in investigation.notes


def test_check_models_finds_an_all_null_column(load_rows: Any) -> None:
    con = load_rows(
        {"coercive_measure": [{"record_id": "m1", "measure": "bail", "start_at": date(2024, 1, 1)}]}
    )
    con.execute("ALTER TABLE coercive_measure ALTER start_at DROP NOT NULL")
    con.execute("UPDATE coercive_measure SET start_at = NULL")
    [check] = [
        c for c in check_models(con, load_catalogue()) if c.model_id == "custody.bail_overdue"
    ]
    assert not check.ok and check.problems == ["coercive_measure.start_at 全部为空"]


def test_a_failing_model_is_reported_and_the_others_run(load_rows: Any) -> None:
    con = load_rows(
        {"coercive_measure": [{"record_id": "m1", "measure": "bail", "start_at": date(2020, 1, 1)}]}
    )
    con.execute("DROP TABLE custody_extension")
    console = SilentConsole()
    ids = ["custody.investigation_overdue", "custody.bail_overdue"]
    broken, bail = run_models(con, load_catalogue(), ids, date(2024, 6, 30), console)
    assert broken.error and "custody.investigation_overdue" in broken.error
    assert [h.key for h in bail.hits] == [Evidence("coercive_measure", "m1")]
    assert any("custody.investigation_overdue" in m for m in console.messages)


def test_hits_carry_subject_facts_and_fingerprint(load_rows: Any) -> None:
    con = load_rows(
        {
            "coercive_measure": [
                {
                    "record_id": "m1",
                    "measure": "detention",
                    "name": "甲",
                    "id_number": "350602199001010011",
                    "case_id": "k1",
                    "start_at": date(2024, 1, 1),
                    "end_at": date(2024, 1, 20),
                    "unit_code": "350602",
                }
            ]
        }
    )
    [result] = run_models(
        con, load_catalogue(), ["custody.detention_overdue"], date(2024, 6, 30), SilentConsole()
    )
    [hit] = result.hits
    assert hit.subject == {"name": "甲", "id_number": "350602199001010011", "case_id": "k1"}
    assert hit.facts["detained_days"] == 19 and hit.facts["start_at"] == "2024-01-01"
    assert hit.unit_code == "350602" and hit.domain == "custody" and hit.title == "刑事拘留超期"
    assert hit.key_evidence == (hit.key,) and len(hit.fingerprint) == 32


def test_fetch_evidence_returns_rows_as_json(load_rows: Any) -> None:
    con = load_rows(
        {
            "coercive_measure": [
                {"record_id": "m1", "measure": "bail", "start_at": date(2024, 1, 1)},
                {"record_id": "m2", "measure": "bail", "start_at": date(2024, 2, 1)},
            ],
            "judgment": [{"record_id": "j1", "decided_at": date(2024, 1, 1), "fine_yuan": 2000}],
        }
    )
    wanted = [
        Evidence("coercive_measure", "m1"),
        Evidence("judgment", "j1"),
        Evidence("judgment", "gone"),
        Evidence("subject", "350602199001010011"),
        Evidence("no_such_table", "x"),
    ]
    rows = fetch_evidence(con, wanted)
    assert set(rows) == {Evidence("coercive_measure", "m1"), Evidence("judgment", "j1")}
    assert rows[Evidence("coercive_measure", "m1")]["start_at"] == "2024-01-01"
    assert rows[Evidence("judgment", "j1")]["fine_yuan"] == 2000


def test_evidence_rows_read_the_row_hashes_and_rows_only_when_asked(load_rows: Any) -> None:
    con = load_rows(
        {
            "coercive_measure": [
                {"record_id": "m1", "measure": "bail", "start_at": date(2024, 1, 1)},
                {"record_id": "m2", "measure": "bail", "start_at": date(2024, 2, 1)},
            ],
        }
    )
    con.execute("UPDATE coercive_measure SET _row_hash = 7 WHERE record_id = 'm1'")
    m1, m2 = Evidence("coercive_measure", "m1"), Evidence("coercive_measure", "m2")
    gone, subject = Evidence("coercive_measure", "gone"), Evidence("subject", "3506")
    rows = EvidenceRows(con, [m1, m2, gone, subject, Evidence("no_such_table", "x")])

    assert (m1 in rows, m2 in rows, gone in rows, subject in rows) == (True, True, False, False)
    assert (rows.row_hash(m1), rows.row_hash(m2)) == ("7", None)
    found = rows.rows([m1, gone])
    assert set(found) == {m1}
    assert found[m1]["start_at"] == "2024-01-01" and found[m1]["_row_hash"] == 7
