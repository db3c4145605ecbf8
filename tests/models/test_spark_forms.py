"""SQL constructs whose Spark form (:func:`jiancha.models.sqltree.to_spark`) must give
DuckDB's values exactly, tried on values chosen to break a naive translation (issue: Spark)."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

import duckdb
import pytest

from jiancha.models.hit import to_jsonable
from jiancha.models.sqltree import to_spark


def _tie_values() -> list[tuple[int, float, Decimal, int]]:
    """Doubles at, just below and just above the ties of 0–4 decimal places (90 - 14.45 is
    75.5499999…, which DuckDB rounds to 75.5), amounts and integers."""
    draw = random.Random(14)
    rows = []
    for i in range(1500):
        places = draw.choice([0, 1, 2, 3, 4])
        tie = (draw.randint(-100_000, 100_000) + 0.5) / 10**places
        x = tie + draw.choice([0.0, 0.0, 1e-13, -1e-13, 1e-9])
        amount = Decimal(draw.randint(-(10**8), 10**8)) / 100
        rows.append((i, x, amount, draw.randint(-1000, 1000)))
    rows.append((len(rows), 90 - 14.45, Decimal("75.55"), 0))
    return rows


@pytest.fixture(scope="module")
def numbers(spark: Any) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INTEGER, x DOUBLE, m DECIMAL(18,2), z INTEGER)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", _tie_values())
    con.execute("INSERT INTO t VALUES (-1, NULL, NULL, NULL)")
    spark.createDataFrame(con.sql("SELECT * FROM t").arrow().read_all()).createOrReplaceTempView(
        "t"
    )
    yield con
    con.close()
    spark.catalog.dropTempView("t")


@pytest.mark.parametrize("places", [0, 1, 2, 4])
def test_round_gives_duckdbs_value(numbers: Any, spark: Any, places: int) -> None:
    sql = (
        f"SELECT i, ROUND(x, {places}), ROUND(m, {places}), ROUND(z, {places}), "
        f"ROUND(x - z * 0.25, {places}), ROUND(CAST(z AS DOUBLE) / 7, {places}) FROM t"
    )
    on_duckdb = {r[0]: [to_jsonable(v) for v in r[1:]] for r in numbers.execute(sql).fetchall()}
    on_spark = {r[0]: [to_jsonable(v) for v in r[1:]] for r in spark.sql(to_spark(sql)).collect()}
    differ = {i: (on_duckdb[i], on_spark[i]) for i in on_duckdb if on_duckdb[i] != on_spark[i]}
    assert differ == {}
    # the types too: a DOUBLE stays a float, a DECIMAL's integral value an int
    assert [type(v) for v in on_duckdb[0]] == [type(v) for v in on_spark[0]]


def test_round_tie_below_is_the_reason(numbers: Any, spark: Any) -> None:
    """Spark's own ROUND differs (the translation is needed), the translated one does not."""
    last = numbers.execute("SELECT max(i) FROM t").fetchone()[0]
    sql = f"SELECT ROUND(x, 1) FROM t WHERE i = {last}"
    assert numbers.execute(sql).fetchone()[0] == 75.5
    assert spark.sql(sql).collect()[0][0] == 75.6
    assert spark.sql(to_spark(sql)).collect()[0][0] == 75.5


DATE_TEXTS = [
    "2026-01-01",
    "2026-1-1",
    " 2026-01-01",
    "2026-01-01 10:00:00",
    "2026-01-01T08:00",
    "2026/01/01",
    "2026",
    "2026-01",
    "+2026-01-01",
    "1990-02-30",
    "1990-01-",
    "1990--",
    "2026.01.01",
    "2026-01-01x",
    "",
]


def test_text_read_as_date_as_duckdb_reads_it(spark: Any) -> None:
    """TRY_CAST(text AS DATE): the birth date cut from an id number, a month's first day."""
    con = duckdb.connect()
    con.execute("CREATE TABLE d (i INTEGER, s VARCHAR)")
    con.executemany("INSERT INTO d VALUES (?, ?)", list(enumerate(DATE_TEXTS)))
    spark.createDataFrame(con.sql("SELECT * FROM d").arrow().read_all()).createOrReplaceTempView(
        "d"
    )
    try:
        sql = "SELECT i, TRY_CAST(s AS DATE), TRY_CAST(substr(s, 1, 7) || '-01' AS DATE) FROM d"
        on_duckdb = {r[0]: r[1:] for r in con.execute(sql).fetchall()}
        on_spark = {r[0]: tuple(r[1:]) for r in spark.sql(to_spark(sql)).collect()}
        assert {
            DATE_TEXTS[i]: (v, on_spark[i]) for i, v in on_duckdb.items() if v != on_spark[i]
        } == {}
    finally:
        con.close()
        spark.catalog.dropTempView("d")
