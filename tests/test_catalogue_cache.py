"""The catalogue is parsed once: what sqlglot found in each model file is kept by the file's
hash, so a project's commands and its workbench read it back instead of parsing again.

(Here rather than under tests/models, whose YAML cases another change reshapes.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiancha.models import cache as cache_module
from jiancha.models import catalogue as catalogue_module
from jiancha.models import load_catalogue
from jiancha.models.cache import PACKAGED, code_hash
from jiancha.models.packaged import write_packaged
from jiancha.project import Project

LOCAL = """/*
id: custody.local_rule
title: 本地规则
domain: custody
version: 1
description: 本省自定的规则
legal_basis: [{law: 刑事诉讼法, article: 第九十八条}]
parameters: {}
key: {table: coercive_measure, column: record_id}
subject: [record_id]
evidence: []
facts: {}
*/
SELECT record_id FROM coercive_measure
"""


# every model file the package ships, whatever its function
SHIPPED = len(list((Path(catalogue_module.__file__).parent / "library").rglob("*.sql")))


@pytest.fixture
def no_packaged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As if the package came without the shipped models' answers."""
    monkeypatch.setattr(cache_module, "PACKAGED", tmp_path / "none.json")


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Count the model files whose SQL is parsed."""
    parsed: list[Path] = []
    real = catalogue_module._check_sql

    def counting(path: Path, *args: object) -> tuple[str, ...]:
        parsed.append(path)
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogue_module, "_check_sql", counting)
    return parsed


def _project_with_own_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Project, Path, list[Path]]:
    """A new project with one model of its own, and the list of files parsed from now on."""
    project = Project.init(tmp_path / "p")
    local = project.root / "models" / "local.sql"
    local.write_text(LOCAL, encoding="utf-8")
    return project, local, _parses(monkeypatch)


def test_a_second_load_parses_nothing_and_a_changed_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_packaged: None
) -> None:
    project, local, parsed = _project_with_own_model(tmp_path, monkeypatch)
    first = project.catalogue()
    assert len(parsed) == len(first) == SHIPPED + 1
    cache = project.root / ".jiancha" / "models.json"
    assert json.loads(cache.read_text("utf-8"))["code"] == code_hash()

    parsed.clear()
    again = project.catalogue()
    assert parsed == [] and [m.tables for m in again] == [m.tables for m in first]

    local.write_text(LOCAL.replace("coercive_measure\n", "coercive_measure WHERE 1=1\n"), "utf-8")
    assert project.catalogue().get("custody.local_rule").tables == ("coercive_measure",)
    assert parsed == [local]


def test_stale_or_broken_kept_answers_are_not_believed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_packaged: None
) -> None:
    cache = tmp_path / "models.json"
    load_catalogue(cache=cache)
    data = json.loads(cache.read_text("utf-8"))
    wrong = {k: ["no_such_table"] for k in data["tables"]}
    cache.write_text(json.dumps({"code": "an older jiancha", "tables": wrong}), "utf-8")
    parsed = _parses(monkeypatch)
    assert "no_such_table" not in {t for m in load_catalogue(cache=cache) for t in m.tables}
    assert len(parsed) == SHIPPED
    cache.write_text("{not json", "utf-8")
    assert len(load_catalogue(cache=cache)) == SHIPPED


def test_a_kept_file_is_not_checked_with_jinja_again_and_a_changed_one_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_packaged: None
) -> None:
    from jiancha.errors import ModelError
    from jiancha.models import conclusion

    checked: list[str] = []
    real = conclusion.template_names

    def counting(source: str) -> set[str]:
        checked.append(source)
        return real(source)

    monkeypatch.setattr(conclusion, "template_names", counting)
    extra = tmp_path / "models"
    extra.mkdir()
    local = extra / "local.sql"
    good = LOCAL.replace("facts: {}", "facts: {}\nconclusion: '{{ record_id }}羁押超期'")
    local.write_text(good, "utf-8")
    cache = tmp_path / "models.json"
    load_catalogue([extra], cache=cache)
    assert "{{ record_id }}羁押超期" in checked
    checked.clear()
    assert load_catalogue([extra], cache=cache).get("custody.local_rule").header.conclusion
    assert checked == []  # every file kept: no template parsed again
    local.write_text(good.replace("record_id }}", "no_such_fact }}"), "utf-8")
    with pytest.raises(ModelError, match="no_such_fact"):
        load_catalogue([extra], cache=cache)


def test_the_packaged_answers_are_those_of_the_shipped_files_today(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_packaged: None
) -> None:
    """Fails when a model file or the code that parses models changed without the answers
    written again: run ``python -m jiancha.models.packaged``."""
    packaged = json.loads(PACKAGED.read_text("utf-8"))
    assert write_packaged(tmp_path / "fresh.json") == SHIPPED
    fresh = json.loads((tmp_path / "fresh.json").read_text("utf-8"))
    hint = "过期：请运行 python -m jiancha.models.packaged 重新生成 library/parsed.json"
    assert packaged["code"] == code_hash() == fresh["code"], hint
    assert packaged["tables"] == fresh["tables"], hint
    assert fresh["tables"] == {m.file_hash: list(m.tables) for m in load_catalogue()}


def test_a_new_projects_first_load_parses_only_its_own_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, local, parsed = _project_with_own_model(tmp_path, monkeypatch)
    catalogue = project.catalogue()
    assert parsed == [local] and len(catalogue) == SHIPPED + 1
    assert catalogue.get("custody.detention_overdue").tables  # read from the package
