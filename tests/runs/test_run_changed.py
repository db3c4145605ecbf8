"""``jiancha run --changed``: only the units with newly imported records are evaluated, and a
clue is resolved only by a run that evaluated its unit (issue: Spark, incremental runs)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from jiancha.cli.main import run as cli
from jiancha.project import Project


def _import_report_of(project: Project, folder: Path, unit: str, record: str) -> None:
    folder.mkdir(exist_ok=True)
    path = folder / f"报案_{record}.csv"
    path.write_text(
        f"record_id,unit_code,received_at,case_kind\n{record},{unit},2026-06-01,criminal\n",
        "utf-8",
    )
    [report] = project.import_paths([path], table="case_report")
    assert report.stored == 1


def test_changed_runs_only_the_units_with_new_records(small_project, small_data, tmp_path) -> None:  # type: ignore[no-untyped-def]
    as_of = small_data.as_of
    first = small_project.run(as_of=as_of, changed=True)  # no run yet: every unit
    assert first.units is None and first.hits > 0
    again = small_project.run(as_of=as_of, changed=True)
    assert again.note and again.lines == []

    clues = {c.id: c for c in small_project.clues(_open_filter())}
    other = next(
        c
        for c in clues.values()
        if c.unit_code
        and c.model_id.startswith("custody.")
        and not c.unit_code.startswith("350603")
    )
    with small_project.warehouse() as wh:  # the record behind a clue of another unit is fixed
        key = other.evidence[0]
        wh.execute(f'DELETE FROM "{key.table}" WHERE record_id = ?', [key.record_id])

    _import_report_of(small_project, tmp_path / "in", "350603", "BA-CHANGED-1")
    partial = small_project.run(as_of=as_of, changed=True)
    assert partial.units == ("350603",)
    still = {c.id: c for c in small_project.clues(_open_filter())}
    assert other.id in still  # its unit was not evaluated: not resolved

    full = small_project.run(as_of=as_of)
    assert full.units is None
    assert other.id not in {c.id for c in small_project.clues(_open_filter())}


def test_changed_from_the_command_line(small_project, small_data, capsys) -> None:  # type: ignore[no-untyped-def]
    root = str(small_project.root)
    as_of = small_data.as_of.isoformat()
    assert cli(["--project", root, "run", "--changed", "--as-of", as_of]) == 0
    capsys.readouterr()
    assert cli(["--project", root, "run", "--changed", "--as-of", as_of]) == 0
    assert "没有新导入的数据" in capsys.readouterr().out


def _open_filter():  # type: ignore[no-untyped-def]
    from jiancha.casebook.filters import ClueFilter

    return ClueFilter(status="new")


def test_changed_on_spark_evaluates_only_the_new_units(
    small_project, small_data, spark, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    as_of = small_data.as_of
    small_project.run(as_of=as_of)
    assert small_project.run(as_of=as_of, changed=True, engine="spark").note
    _import_report_of(small_project, tmp_path / "in", "350603", "BA-CHANGED-2")
    partial = small_project.run(as_of=as_of, changed=True, engine="spark")
    assert partial.units == ("350603",)
    assert [line.error for line in partial.lines if line.error] == []
    with small_project.casework() as work:
        assert [run.engine for run in work.runs()] == ["duckdb", "spark"]


# -- what a run for some units evaluates (jiancha.models.slicing) ----------------------------


def _unit_hits(report, units) -> set[tuple[str, str, str, tuple[tuple[str, str], ...]]]:  # type: ignore[no-untyped-def]
    """The hits a run recorded in ``units``: model, fingerprint, facts, evidence rows."""
    prefixes = tuple(units)
    return {
        (
            model,
            hit.fingerprint,
            json.dumps(hit.facts, sort_keys=True, default=str),
            tuple(sorted((e.table, e.record_id) for e in hit.evidence)),
        )
        for model, hits in report.hits_by_model.items()
        for hit in hits
        if hit.unit_code and hit.unit_code.startswith(prefixes)
    }


def _units_to_change(project: Project, report, as_of) -> list[str]:  # type: ignore[no-untyped-def]
    """A unit with a hit of a sliced model resting on a row of another unit, and the unit
    with the most hits."""
    from jiancha.models.slicing import slice_plan
    from jiancha.schema import contract

    columns = {t.name: list(t.column_names) for t in contract().tables.values()}
    catalogue = project.catalogue()
    hits = [h for found in report.hits_by_model.values() for h in found if h.unit_code]
    where = _row_units(project, {(e.table, e.record_id) for h in hits for e in h.evidence})
    sliced = {
        model_id
        for model_id in report.hits_by_model
        if slice_plan(
            (model := catalogue.get(model_id)).render(as_of), model.header.unit, columns.get
        ).table
    }
    crossing = sorted(
        h.unit_code
        for h in hits
        if h.model_id in sliced
        and {where.get((e.table, e.record_id), h.unit_code) for e in h.evidence} - {h.unit_code}
    )
    units = set(crossing[:1])
    for unit, _ in Counter(h.unit_code for h in hits).most_common():
        if len(units) < 2:
            units.add(unit)
    return sorted(str(u) for u in units)


# On Spark a few models (each model's equality with DuckDB is tested elsewhere): sliced ones
# whose hits rest on rows of other units (a recidivist's earlier sentence), and one evaluated
# whole.
SPARK_MODELS = [
    "trial.probation_for_recidivist",
    "trial.recidivism_not_recognised",
    "execution.served_less_than_half",
    "custody.detention_overdue",
    "filing.report_undecided",
    "pil.repeat_violator",
]


def _changed_run_equals_full_run(  # type: ignore[no-untyped-def]
    project: Project, as_of, folder: Path, engine: str, models: list[str] | None = None
) -> None:
    units = _units_to_change(project, project.run(models, as_of=as_of), as_of)
    for number, unit in enumerate(units):
        _import_report_of(project, folder / unit, unit, f"BA-SLICE-{number}")
    partial = project.run(models, as_of=as_of, changed=True, engine=engine)
    assert partial.units == tuple(units)
    assert [line.error for line in partial.lines if line.error] == []
    sliced = {line.model_id for line in partial.lines if line.sliced}
    assert len(sliced) >= (30 if models is None else len(models) - 1), sliced

    full = project.run(models, as_of=as_of)
    found = _unit_hits(partial, units)
    assert found == _unit_hits(full, units)
    # the sliced models found hits, some resting on rows of units the run did not slice in
    assert {model for model, *_ in found} & sliced
    evidence = {(t, r) for model, *_, rows in found if model in sliced for t, r in rows}
    assert set(_row_units(project, evidence).values()) - set(units)


def _row_units(project: Project, rows: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The unit of each (table, record id) that has one."""
    found: dict[tuple[str, str], str] = {}
    with project.warehouse(read_only=True) as wh:
        columns = wh.table_columns()
        for table in {t for t, _ in rows}:
            if "unit_code" not in columns.get(table, []):
                continue
            ids = sorted(r for t, r in rows if t == table)
            for record, unit in wh.rows(
                f'SELECT record_id, unit_code FROM "{table}" WHERE record_id IN '
                "(SELECT UNNEST($ids))",
                {"ids": ids},
            ):
                if unit:
                    found[(table, str(record))] = str(unit)
    return found


def test_changed_records_what_a_full_run_records_in_its_units(
    small_project, small_data, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _changed_run_equals_full_run(small_project, small_data.as_of, tmp_path, "duckdb")


def test_changed_on_spark_records_what_a_full_run_records_in_its_units(
    small_project, small_data, spark, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    _changed_run_equals_full_run(small_project, small_data.as_of, tmp_path, "spark", SPARK_MODELS)


def _partitions_read(session, sql: str) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    """Per Parquet scan of a Spark query, the table folder it reads and the partitions it
    read: Spark's own metric, after running it (adaptive execution off, so the scans are
    the plan's leaves)."""
    before = session.conf.get("spark.sql.adaptive.enabled")
    session.conf.set("spark.sql.adaptive.enabled", "false")
    try:
        execution = session.sql(sql)._jdf.queryExecution()
        execution.toRdd().count()
        leaves = execution.executedPlan().collectLeaves()
        found: list[tuple[str, int]] = []
        for i in range(leaves.length()):
            leaf = leaves.apply(i)
            metric = leaf.metrics().get("numPartitions")
            if metric.isDefined():
                folder = str(leaf.relation().location().rootPaths().apply(0).getName())
                found.append((folder, int(metric.get().value())))
        return sorted(found)
    finally:
        session.conf.set("spark.sql.adaptive.enabled", before)


def test_spark_reads_only_the_partitions_of_the_units(
    small_project, small_data, spark, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from jiancha.models.slicing import sliced_sql
    from jiancha.models.sqltree import to_spark
    from jiancha.warehouse.spark import SparkWarehouse

    _import_report_of(small_project, tmp_path / "in", "350203", "BA-XIAMEN-1")  # another city
    small_project.export_parquet()
    model = small_project.catalogue().get("filing.report_undecided")
    sql = model.render(small_data.as_of)
    with SparkWarehouse(spark, small_project.parquet_path) as wh:
        sliced, plan = sliced_sql(
            sql, model.header.unit, wh.table_columns().get, lambda t: wh.unit_slice(t, ["350603"])
        )
        assert plan.table == "case_report"
        shown = spark.sql(to_spark(sliced))._jdf.queryExecution().executedPlan().toString()
        assert "PartitionFilters: [isnotnull(unit_prefix" in shown
        read = [
            n for table, n in _partitions_read(spark, to_spark(sliced)) if table == "case_report"
        ]
        full = [n for table, n in _partitions_read(spark, to_spark(sql)) if table == "case_report"]
    # the city of 350603 only; a full run reads it and 350203's
    assert read == [1] and full and min(full) >= 2
