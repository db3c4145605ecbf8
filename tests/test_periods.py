"""Months as 刑诉法解释 art. 202 counts them: the Python rule (casebook, generator) and the
models' SQL helper against a reference written straight from the article's words."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jiancha.casebook import deadlines
from jiancha.models.render import render
from jiancha.models.sqltree import to_spark
from jiancha.periods import add_months, sentence_end
from jiancha.synth import codes

DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
MONTHS = st.integers(min_value=-240, max_value=240)


def reference(start: date, months: int) -> date:
    """Art. 202 ¶1 read word by word, walking one month at a time."""
    from_last = start.day == calendar.monthrange(start.year, start.month)[1]
    step = 1 if months >= 0 else -1
    year, month = start.year, start.month
    for _ in range(abs(months)):
        month += step
        if month == 13:
            year, month = year + 1, 1
        elif month == 0:
            year, month = year - 1, 12
    last = calendar.monthrange(year, month)[1]
    if from_last:  # 期限起算日为本月最后一日的，至下月最后一日
        return date(year, month, last)
    if start.day > last:  # 下月同日不存在的，至下月最后一日
        return date(year, month, last)
    return date(year, month, start.day)  # 自本月某日至下月同日


@given(DATES, MONTHS)
def test_add_months_follows_art_202(start: date, months: int) -> None:
    assert add_months(start, months) == reference(start, months)


@given(DATES, st.integers(min_value=1, max_value=300))
def test_sentence_ends_the_day_before(start: date, months: int) -> None:
    assert sentence_end(start, months) == reference(start, months) - timedelta(days=1)


def test_casebook_and_generator_use_the_same_months() -> None:
    assert deadlines.add_months is add_months
    assert codes.add_months is add_months
    assert codes.sentence_end is sentence_end


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 2, 28), 1, date(2026, 3, 31)),  # the examples
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 4, 30), 2, date(2026, 6, 30)),
        (date(2026, 1, 10), 1, date(2026, 2, 10)),
    ],
)
def test_worked_examples(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_sentence_examples() -> None:
    assert sentence_end(date(2026, 3, 1), 12) == date(2027, 2, 28)
    assert sentence_end(date(2026, 1, 31), 1) == date(2026, 2, 27)  # 下月最后一日的前一日
    assert sentence_end(date(2026, 1, 10), 1) == date(2026, 2, 9)


def _sql_pairs() -> list[tuple[date, int]]:
    """Every day of 2023–2025 (month ends, leap February) with a spread of month counts."""
    start = date(2023, 1, 1)
    return [(start + timedelta(days=i), m) for i in range(3 * 366) for m in (-13, -1, 1, 2, 12, 37)]


def test_duckdb_agrees_with_python_on_every_day() -> None:
    pairs = _sql_pairs()
    con = duckdb.connect()
    con.execute("CREATE TABLE t (d DATE, n INTEGER)")
    con.executemany("INSERT INTO t VALUES (?, ?)", pairs)
    sql = render("SELECT d, n, ${add_months(d, n)}, ${sentence_end(d, n)} FROM t", {})
    rows = con.execute(sql).fetchall()
    assert len(rows) == len(pairs)
    for d, n, end, last in rows:
        assert end == add_months(d, n), (d, n)
        assert last == add_months(d, n) - timedelta(days=1), (d, n)


def test_spark_form_keeps_the_month_end_rule() -> None:
    spark = to_spark(render("SELECT ${add_months(d, 1)} FROM t", {}))
    assert "LAST_DAY(ADD_MONTHS(" in spark and "INTERVAL" not in spark
