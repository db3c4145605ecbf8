"""Shared helpers of the models tests: an in-memory warehouse built from YAML rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import duckdb
import pytest

from jiancha.schema import contract
from jiancha.warehouse.derived import DERIVED_TABLES


def make_warehouse(tables: Mapping[str, list[dict[str, Any]]]) -> duckdb.DuckDBPyConnection:
    """Every contract table (empty) and the tables jiancha derives for the models
    (``sentence_estimate``), then ``tables``' rows inserted."""
    con = duckdb.connect()
    for name in contract().tables:
        con.execute(contract().table(name).ddl())
    for derived in DERIVED_TABLES.values():
        con.execute(derived.ddl())
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
