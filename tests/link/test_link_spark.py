"""Linking with Splink on Spark gives the DuckDB linker's pairs and person ids (issue: Spark)."""

from __future__ import annotations

import shutil
from typing import Any

from jiancha.project import Project


def _linked(master: Project, to: Any, engine: str) -> tuple[set[Any], set[Any], Any]:
    shutil.copytree(master.root, to)
    project = Project.open(to)
    report = project.link(engine=engine)
    with project.warehouse(read_only=True) as wh:
        people = set(wh.rows("SELECT table_name, record_id, role, person_id FROM person_mention"))
        pairs = set(wh.rows("SELECT uid_l, uid_r, round(match_probability, 6) FROM link_pair"))
    return people, pairs, report


def test_spark_scores_the_same_pairs_and_people(small_project_master, spark, tmp_path) -> None:  # type: ignore[no-untyped-def]
    master = small_project_master[0]
    people, pairs, report = _linked(master, tmp_path / "duckdb", "duckdb")
    on_spark, spark_pairs, spark_report = _linked(master, tmp_path / "spark", "spark")
    assert report.pairs > 0 and spark_report.pairs == report.pairs
    assert spark_pairs == pairs
    assert on_spark == people
    assert spark_report.persons == report.persons
