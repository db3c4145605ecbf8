"""``jiancha run --engine spark`` records the clues ``jiancha run`` records; the Parquet
export is partitioned by unit and incremental by import batch (issue: Spark)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from jiancha.cli.main import run as cli
from jiancha.project import Project
from jiancha.warehouse.parquet import MANIFEST, export_parquet


def _copy(master: Project, to: Path) -> Project:
    shutil.copytree(master.root, to)
    return Project.open(to)


def test_spark_run_records_the_same_clues(
    small_project_master, small_data, spark, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    master = small_project_master[0]
    on_duckdb = _copy(master, tmp_path / "duckdb").run(as_of=small_data.as_of)
    project = _copy(master, tmp_path / "spark")
    on_spark = project.run(as_of=small_data.as_of, engine="spark")
    assert [line.error for line in on_spark.lines if line.error] == []

    def fingerprints(report: Any) -> set[str]:
        return {h.fingerprint for hits in report.hits_by_model.values() for h in hits}

    assert fingerprints(on_spark) == fingerprints(on_duckdb)
    assert on_spark.hits == on_duckdb.hits > 50
    with project.casework() as work:
        [run] = work.runs()
        assert run.engine == "spark"
        recorded = work.clues()
    assert len(recorded) == len(fingerprints(on_duckdb))


def test_export_is_partitioned_and_incremental(small_project, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pq"
    first = small_project.export_parquet(out)
    modes = {t.table: t.mode for t in first.tables}
    assert set(modes.values()) == {"rewritten"} and (out / MANIFEST).exists()
    judgments = {p.name for p in (out / "judgment").iterdir()}
    assert judgments and all(name.startswith("unit_prefix=") for name in judgments)
    assert "unit_prefix=3506" in judgments
    stored = sum(pq.read_table(f).num_rows for f in (out / "judgment").rglob("*.parquet"))
    with small_project.warehouse(read_only=True) as wh:
        assert stored == wh.scalar("SELECT count(*) FROM judgment")

    again = small_project.export_parquet(out)
    assert {t.table: t.mode for t in again.tables if t.table in modes and modes[t.table]} and all(
        t.mode == "unchanged" for t in again.tables if t.table in ("judgment", "prisoner")
    )
    with small_project.warehouse() as wh:
        victim = wh.scalar("SELECT min(record_id) FROM prisoner")
        wh.execute("DELETE FROM prisoner WHERE record_id = ?", [victim])
        changed = export_parquet(wh, out)
    by_table = {t.table: t.mode for t in changed.tables}
    assert by_table["prisoner"] == "rewritten" and by_table["judgment"] == "unchanged"


def test_export_command(small_project, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = cli(["--project", str(small_project.root), "export", str(tmp_path / "out")])
    assert code == 0
    assert "已导出至" in capsys.readouterr().out
    assert (tmp_path / "out" / "judgment").is_dir()
    assert cli(["--project", str(small_project.root), "export", "--format", "csv", "x"]) != 0


DUCKDB_ONLY_MODEL = """/*
id: custody.name_similarity_probe
version: 1
title: 仅供测试：DuckDB 专有函数
domain: custody
description: 用 DuckDB 专有函数的模型（测试 Spark 检查）。
legal_basis:
  - {law: 刑事诉讼法, article: 第一条}
subject: [case_id]
key: {table: criminal_case, column: case_id}
*/
SELECT record_id AS case_id FROM criminal_case
WHERE jaro_winkler_similarity(record_id, 'x') > 2
"""


def test_models_check_on_spark_names_what_cannot_run(small_project, spark) -> None:  # type: ignore[no-untyped-def]
    from jiancha.models import load_catalogue
    from jiancha.models.preflight import check_on_engine
    from jiancha.warehouse.spark import SparkWarehouse

    folder = small_project.root / "models"
    folder.mkdir(exist_ok=True)
    (folder / "probe.sql").write_text(DUCKDB_ONLY_MODEL, "utf-8")
    catalogue = load_catalogue([folder])
    small_project.export_parquet()
    with SparkWarehouse(spark, small_project.parquet_path) as wh:
        checks = {c.model_id: c for c in check_on_engine(wh, catalogue, date(2026, 6, 30))}
    failing = {m: c.problems for m, c in checks.items() if not c.ok}
    assert list(failing) == ["custody.name_similarity_probe"]
    assert "spark 无法运行" in failing["custody.name_similarity_probe"][0]


# the tables the 30 models since the last Spark equality read
REGISTERS_ADDED = (
    "enforcement_case",
    "asset_register",
    "marriage_register",
    "licence_register",
    "rehab_decision",
    "company_register",
    "benefit_payment",
    "lodging_register",
    "conditional_non_prosecution",
    "land_transfer",
)
SPARK_TYPES = {
    "VARCHAR": "string",
    "DATE": "date",
    "DECIMAL(18,2)": "decimal(18,2)",
    "INTEGER": "int",
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
}


def test_export_carries_every_table_and_column_typed(small_project_master, spark, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every contract table (the registers added since, too) and every column reach Spark
    with the contract's type, and the same rows: amounts as decimals, dates as dates."""
    from jiancha.schema import contract
    from jiancha.warehouse import as_warehouse
    from jiancha.warehouse.derived import DERIVED_TABLES
    from jiancha.warehouse.spark import SparkWarehouse

    expected = {
        name: [(c.name, c.sql_type) for c in contract().table(name).columns]
        for name in contract().tables
    }
    expected |= {t.name: list(t.columns) for t in DERIVED_TABLES.values()}
    with small_project_master[0].warehouse(read_only=True) as wh:
        export_parquet(as_warehouse(wh.native()), tmp_path / "pq")
        with SparkWarehouse(spark, tmp_path / "pq") as sw:
            for table, columns in expected.items():
                names = [n for n, _ in columns]
                frame = spark.table(table).select(*names)
                assert [(f.name, f.dataType.simpleString()) for f in frame.schema.fields] == [
                    (n, SPARK_TYPES[t]) for n, t in columns
                ], table
                listed = ", ".join(f'"{n}"' for n in names)
                on_duckdb = wh.rows(f'SELECT {listed} FROM "{table}"')
                on_spark = [tuple(r) for r in frame.collect()]
                assert sorted(on_spark, key=repr) == sorted(on_duckdb, key=repr), table
            assert set(expected) <= set(sw.table_columns())
            for table in REGISTERS_ADDED:
                assert spark.table(table).count() > 0, table
