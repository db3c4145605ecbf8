"""Shared helpers of the models tests: an in-memory warehouse built from YAML rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa
import pytest

from jiancha.periods import STATE_COUNCIL, calendar_days
from jiancha.schema import contract
from jiancha.warehouse.derived import DERIVED_TABLES, WORK_CALENDAR


@cache
def work_calendar_rows() -> pa.Table:
    """The State Council's working days of 2015–2030, as a project writes them."""
    days = calendar_days(STATE_COUNCIL, date(2015, 1, 1), date(2030, 12, 31))
    return pa.Table.from_pylist(
        [{"day": d, "is_working_day": w, "next_working_day": n} for d, w, n in days]
    )


def make_warehouse(tables: Mapping[str, list[dict[str, Any]]]) -> duckdb.DuckDBPyConnection:
    """Every contract table (empty) and the tables jiancha derives for the models
    (``sentence_estimate`` empty, ``work_calendar`` filled unless given), then ``tables``'
    rows inserted."""
    con = duckdb.connect()
    for name in contract().tables:
        con.execute(contract().table(name).ddl())
    for derived in DERIVED_TABLES.values():
        con.execute(derived.ddl())
    if WORK_CALENDAR.name not in tables:
        con.register("_calendar", work_calendar_rows())
        con.execute("INSERT INTO work_calendar SELECT * FROM _calendar")
        con.unregister("_calendar")
    for name, rows in tables.items():
        if name in DERIVED_TABLES:
            known = DERIVED_TABLES[name].column_names
        else:
            known = contract().table(name).column_names
        for row in rows:
            unknown = set(row) - set(known)
            assert not unknown, f"{name}: unknown columns {unknown}"
            cols = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" for _ in row)
            con.execute(f'INSERT INTO "{name}" ({cols}) VALUES ({marks})', list(row.values()))
    return con


Loader = Callable[[Mapping[str, list[dict[str, Any]]]], duckdb.DuckDBPyConnection]


@pytest.fixture
def load_rows() -> Iterator[Loader]:
    """A function that builds an in-memory warehouse from rows; closed after the test."""
    opened: list[duckdb.DuckDBPyConnection] = []

    def load(tables: Mapping[str, list[dict[str, Any]]]) -> duckdb.DuckDBPyConnection:
        con = make_warehouse(tables)
        opened.append(con)
        return con

    yield load
    for con in opened:
        con.close()


LinkedRunner = Callable[[list[str]], dict[str, list[Any]]]


@pytest.fixture
def linked_hits(small_data: Any, small_project_master: Any, tmp_path: Any) -> LinkedRunner:
    """A function running models linked on a linked copy of the small jurisdiction."""
    import shutil

    from jiancha.models import load_catalogue
    from jiancha.models.run import run_model
    from jiancha.project import Project

    def found(model_ids: list[str]) -> dict[str, list[Any]]:
        master, _ = small_project_master
        shutil.copytree(master.root, tmp_path / "linked")
        project = Project.open(tmp_path / "linked")
        project.link()
        catalogue = load_catalogue()
        with project.warehouse(read_only=True) as wh:
            return {
                m: run_model(wh.con, catalogue.get(m), small_data.as_of, linked=True).hits
                for m in model_ids
            }

    return found
