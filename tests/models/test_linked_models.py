"""Every model is as exact on a linked warehouse (person_id) as on an unlinked one."""

from __future__ import annotations

import re
import shutil
from datetime import date
from typing import Any

import duckdb
import pytest

from jiancha.link import is_linked
from jiancha.models import load_catalogue
from jiancha.models.hit import Hit
from jiancha.models.run import run_model
from jiancha.project import Project
from jiancha.reports.truth import misses, planted_anomalies, score

MODEL_IDS = sorted(m.id for m in load_catalogue())
# An id-number or org-code column compared with anything: the person join must go through
# the same_person / person_key helpers, which linking switches to person_id / org_id.
DIRECT_ID_COMPARISON = re.compile(
    r"(?:\b\w*(?:id_number|org_code)\b\s*(?:=|<>|!=)(?!\s*'')"
    r"|(?:=|<>|!=)\s*\w+\.\w*(?:id_number|org_code)\b)",
)
# hand-built rows: one person under two id numbers (a typo the linker resolved)
AS_OF = date(2024, 6, 30)
ID_A, ID_A_TYPO, ID_B = "350602199001010001", "350602199001010071", "350602199001010002"


@pytest.fixture(scope="module")
def linked_found(small_data: Any, small_project_master: Any, tmp_path_factory: Any) -> Any:
    """Every model's result on a linked copy of the small project: linking runs once here,
    not per test as with the function-scoped ``small_project``."""
    master, _ = small_project_master
    root = tmp_path_factory.mktemp("linked") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.link()
    with project.warehouse(read_only=True) as wh:
        assert is_linked(wh.con)
        return [run_model(wh.con, m, small_data.as_of, linked=True) for m in load_catalogue()]


def test_every_model_runs_linked(linked_found: Any) -> None:
    assert [r.error for r in linked_found if r.error] == []


def _hits(results: Any) -> dict[str, list[Hit]]:
    return {r.model.id: r.hits for r in results}


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_linked_precision_and_recall_are_one(
    small_data: Any, linked_found: Any, model_id: str
) -> None:
    planted = planted_anomalies(small_data.out_dir / "ground_truth.csv")
    found = _hits(linked_found)
    (result,) = score(planted, found, [model_id])
    not_found, not_planted = misses(planted, found, model_id)
    assert result.planted >= 1, f"no anomaly planted for {model_id}"
    assert not_found == set() and not_planted == set(), (not_found, not_planted)


@pytest.mark.parametrize("model_id", MODEL_IDS)
def test_linked_sql_compares_no_id_number(small_data: Any, model_id: str) -> None:
    model = load_catalogue().get(model_id)
    sql = model.render(small_data.as_of, linked=True)
    assert DIRECT_ID_COMPARISON.findall(sql) == []


@pytest.mark.parametrize(
    "sql",
    [
        "ON a.id_number = b.id_number",
        "WHERE p.person = x.defendant_id_number",
        "AND c.org_code <> d.org_code",
    ],
)
def test_direct_comparison_pattern_catches(sql: str) -> None:
    assert DIRECT_ID_COMPARISON.search(sql)


def _link(con: duckdb.DuckDBPyConnection, table: str, column: str, ids: dict[str, str]) -> None:
    """What ``jiancha link`` writes back: the linked id beside the id number, by record."""
    con.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{column}" VARCHAR')
    for record_id, linked_id in ids.items():
        con.execute(
            f'UPDATE "{table}" SET "{column}" = ? WHERE record_id = ?', [linked_id, record_id]
        )


def _run(con: duckdb.DuckDBPyConnection, model_id: str, *, linked: bool) -> dict[str, Hit]:
    result = run_model(con, load_catalogue().get(model_id), AS_OF, linked=linked)
    assert result.error is None, result.error
    return {h.key.record_id: h for h in result.hits}


def test_linked_join_follows_person_id(load_rows: Any) -> None:
    con = load_rows(
        {
            "community_correction": [
                {
                    "record_id": "c1",
                    "id_number": ID_A,
                    "kind": "probation",
                    "start_at": date(2023, 1, 1),
                    "status": "active",
                },
            ],
            "border_crossing": [
                # the same person, recorded under a mistyped id number
                {
                    "record_id": "b1",
                    "id_number": ID_A_TYPO,
                    "crossed_at": date(2023, 5, 1),
                    "direction": "exit",
                },
            ],
        }
    )
    assert _run(con, "execution.supervised_person_abroad", linked=False) == {}
    _link(con, "community_correction", "person_id", {"c1": "P00000001"})
    _link(con, "border_crossing", "person_id", {"b1": "P00000001"})
    assert list(_run(con, "execution.supervised_person_abroad", linked=True)) == ["c1"]


def test_linked_subject_key_stays_the_id_number(load_rows: Any) -> None:
    def penalty(record_id: str, id_number: str | None, month: int) -> dict[str, Any]:
        return {
            "record_id": record_id,
            "party_type": "person",
            "party_name": "张三",
            "party_id_number": id_number,
            "field": "food",
            "decided_at": date(2023, month, 1),
        }

    con = load_rows(
        {
            "admin_penalty": [
                penalty("a1", ID_A, 1),
                penalty("a2", ID_A_TYPO, 2),
                penalty("a3", ID_A, 3),
                # a person known only by name: linked, but no key to anchor a clue on
                penalty("n1", None, 1),
                penalty("n2", None, 2),
                penalty("n3", None, 3),
                penalty("b1", ID_B, 1),
                penalty("b2", ID_B, 2),
                penalty("b3", ID_B, 3),
            ]
        }
    )
    assert sorted(_run(con, "pil.repeat_violator", linked=False)) == [ID_B]
    persons = {"a1": "P1", "a2": "P1", "a3": "P1", "n1": "P2", "n2": "P2", "n3": "P2"}
    _link(con, "admin_penalty", "party_person_id", {**persons, "b1": "P3", "b2": "P3", "b3": "P3"})
    _link(con, "admin_penalty", "org_id", {})
    hits = _run(con, "pil.repeat_violator", linked=True)
    assert sorted(hits) == [ID_A, ID_B]
    assert hits[ID_A].facts["penalties"] == 3
