"""The unit-scope condition in SQL matches exactly what ``startswith`` matches, on SQLite
and PostgreSQL, with or without the index-friendly range it adds for digit prefixes."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, create_engine, select
from sqlalchemy.dialects import sqlite

from jiancha.casebook.scope import prefix_clause, scope_clause

CODES = [
    "350602",
    "350603",
    "3506",
    "35060",
    "350699",
    "350700",
    "351000",
    "3509",
    "350999",
    "351",
    "99",
    "990001",
    "35060a",
    "350:",
    "35_602",
    "35%602",
    "",
    "36",
]
METADATA = MetaData()
UNITS = Table(
    "unit_probe", METADATA, Column("id", Integer, primary_key=True), Column("code", String(16))
)


def _engines() -> Iterator[str]:
    yield "sqlite://"
    url = os.environ.get("JIANCHA_TEST_POSTGRES_URL")
    if url:
        yield url


@pytest.fixture(scope="module", params=list(_engines()), ids=lambda u: u.split(":")[0])
def probe(request: pytest.FixtureRequest) -> Iterator[Engine]:
    engine = create_engine(request.param)
    METADATA.drop_all(engine)
    METADATA.create_all(engine)
    with engine.begin() as conn:
        conn.execute(UNITS.insert(), [{"id": i, "code": c} for i, c in enumerate(CODES)])
        conn.execute(UNITS.insert(), [{"id": len(CODES), "code": None}])
    yield engine
    METADATA.drop_all(engine)
    engine.dispose()


def _matching(engine: Engine, condition: object) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(UNITS.c.code).where(condition)))  # type: ignore[arg-type]


PREFIXES = ["3506", "350602", "3509", "35", "99", "9", "350", "35_6", "35%"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("indexed", [True, False])
def test_prefix_matches_exactly_startswith(probe: Engine, prefix: str, indexed: bool) -> None:
    expected = {c for c in CODES if c.startswith(prefix)}
    assert _matching(probe, prefix_clause(UNITS.c.code, prefix, indexed=indexed)) == expected


def test_a_digit_prefix_gets_a_range_and_the_last_prefix_no_upper_bound() -> None:
    def sql(prefix: str) -> str:
        clause = prefix_clause(UNITS.c.code, prefix)
        return str(clause.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))

    assert "code >= '3509'" in sql("3509") and "code < '3510'" in sql("3509")
    assert "code >= '99'" in sql("99") and "<" not in sql("99")
    assert ">=" not in sql("35_6")  # not digits: the LIKE alone


def test_several_units_or_none(probe: Engine) -> None:
    assert _matching(probe, scope_clause(UNITS.c.code, ["350602", "351"])) == {
        "350602",
        "351000",
        "351",
    }
    assert _matching(probe, scope_clause(UNITS.c.code, [])) == set()


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.text(alphabet="0123456789", min_size=1, max_size=4),
    codes=st.lists(st.text(alphabet="0123456789:a", min_size=0, max_size=6), max_size=20),
)
def test_digit_prefixes_on_random_codes_in_sqlite(prefix: str, codes: list[str]) -> None:
    engine = create_engine("sqlite://")
    METADATA.create_all(engine)
    with engine.begin() as conn:
        if codes:
            conn.execute(UNITS.insert(), [{"id": i, "code": c} for i, c in enumerate(codes)])
    expected = {c for c in codes if c.startswith(prefix)}
    assert _matching(engine, prefix_clause(UNITS.c.code, prefix)) == expected
    engine.dispose()
