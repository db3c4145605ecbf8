"""A scratch warehouse in memory: every contract table (empty), the tables jiancha derives
for the models (the working-day calendar filled), and the rows given — what a model's
hand-written cases (:mod:`jiancha.models.testing`) run on."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

import duckdb
import pyarrow as pa

from jiancha.errors import WarehouseError


@cache
def work_calendar_rows() -> pa.Table:
    """The State Council's working days of 2015–2030, as a project writes them."""
    from jiancha.periods import STATE_COUNCIL, calendar_days

    days = calendar_days(STATE_COUNCIL, date(2015, 1, 1), date(2030, 12, 31))
    return pa.Table.from_pylist(
        [{"day": d, "is_working_day": w, "next_working_day": n} for d, w, n in days]
    )


def make_warehouse(tables: Mapping[str, list[dict[str, Any]]]) -> duckdb.DuckDBPyConnection:
    """Every contract table (empty) and the tables jiancha derives for the models
    (``sentence_estimate`` empty, ``work_calendar`` filled unless given), then ``tables``'
    rows inserted. WarehouseError names an unknown table or column."""
    from jiancha.schema import contract
    from jiancha.warehouse.derived import DERIVED_TABLES, WORK_CALENDAR

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
        _insert(con, name, rows, _columns(name))
    return con


def _columns(name: str) -> list[str]:
    from jiancha.schema import contract
    from jiancha.warehouse.derived import DERIVED_TABLES

    if name in DERIVED_TABLES:
        return list(DERIVED_TABLES[name].column_names)
    if name not in contract().tables:
        raise WarehouseError(f"测试用例中的数据表 {name} 不在数据规范中")
    return list(contract().table(name).column_names)


def _insert(
    con: duckdb.DuckDBPyConnection, name: str, rows: list[dict[str, Any]], known: list[str]
) -> None:
    for row in rows:
        unknown = set(row) - set(known)
        if unknown:
            raise WarehouseError(
                f"测试用例中数据表 {name} 没有这些列：{'、'.join(sorted(unknown))}"
            )
        cols = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        con.execute(f'INSERT INTO "{name}" ({cols}) VALUES ({marks})', list(row.values()))
