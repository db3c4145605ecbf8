"""Every shipped model against hand-written cases at the boundaries of the law (the case
files are in ``jiancha/models/cases/``; their format in :mod:`jiancha.models.testing`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiancha.cli.main import app
from jiancha.models import load_catalogue
from jiancha.models.testing import SHIPPED_CASES, check_case, load_case
from jiancha.project import Project

CASE_FILES = sorted(SHIPPED_CASES.glob("*.yaml"))


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_model_cases(path: Path) -> None:
    case = load_case(path)
    assert check_case(case, lambda overrides: load_catalogue(overrides=overrides)) == []


def test_every_model_has_cases() -> None:
    shipped = set(load_catalogue().models)
    covered = {p.stem for p in CASE_FILES}
    assert shipped - covered == set()


def test_a_wrong_expectation_is_reported_not_passed() -> None:
    case = load_case(SHIPPED_CASES / "custody.detention_overdue.yaml")
    [(parameters, expect), *_] = case.runs
    anchor = next(iter(expect))
    wrong = dict(expect, nobody={})
    changed = type(case)(case.path, case.model_id, case.as_of, case.tables, [({}, wrong)])
    problems = check_case(changed, lambda overrides: load_catalogue(overrides=overrides))
    assert problems and "缺少 ['nobody']" in problems[0], (anchor, problems)


OWN_MODEL = """/*
id: custody.long_detention
version: 1
title: 刑事拘留超过三十日
domain: custody
description: 刑事拘留超过三十日仍未解除（本院自建模型）。
legal_basis:
  - law: 刑事诉讼法
    article: 第九十一条
    text: 对于流窜作案、多次作案、结伙作案的重大嫌疑分子，提请审查批准的时间可以延长至三十日。
subject: [name]
key: {table: coercive_measure, column: measure_id}
evidence:
  - {table: coercive_measure, column: measure_id}
facts:
  days: 已拘留天数
unit: unit_code
conclusion: "{{ name }}已被刑事拘留{{ days }}日。"
decisive: [days]
*/
SELECT m.record_id AS measure_id, m.name, m.unit_code,
       ${days_between(m.start_at, ${as_of})} AS days
FROM coercive_measure AS m
WHERE m.measure = 'detention' AND m.end_at IS NULL
  AND ${days_between(m.start_at, ${as_of})} > 30
"""

OWN_CASES = """model: custody.long_detention
as_of: 2024-06-30
tables:
  coercive_measure:
    - {record_id: long, measure: detention, name: 甲, start_at: 2024-05-01}
    - {record_id: short, measure: detention, name: 乙, start_at: 2024-06-01}
expect:
  long: {days: 60}
"""


def test_models_test_runs_a_projects_own_model_with_its_cases(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    (project.root / "models" / "cases").mkdir(parents=True)
    (project.root / "models" / "long_detention.sql").write_text(OWN_MODEL, "utf-8")
    cases = project.root / "models" / "cases" / "custody.long_detention.yaml"
    cases.write_text(OWN_CASES, "utf-8")
    runner = CliRunner()
    args = ["-C", str(project.root), "models", "test", "custody.long_detention"]
    passed = runner.invoke(app, [*args, "custody.detention_overdue"])
    assert passed.exit_code == 0, passed.output
    assert "2/2 个模型的测试用例通过" in passed.output
    cases.write_text(OWN_CASES.replace("days: 60", "days: 61"), "utf-8")
    failed = runner.invoke(app, args)
    assert failed.exit_code == 1 and "未通过" in failed.output
    assert "得到 60，预期 61" in failed.output.replace("\n", "")
