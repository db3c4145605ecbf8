"""The SQL fast path agrees with the Python parsers: same value or NULL (ids: always equal).

Each hypothesis example is a batch of strings evaluated in one DuckDB query.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

import cn2an
import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiancha import values as p
from jiancha.ingest import sqlnorm as s

MEASURE = {"detention": "刑事拘留", "arrest": "逮捕", "residential_surveillance": "监视居住"}
VALID_ID = "11010519491231002X"
VALID_ORG = "91350100M000100Y43"


@cache
def _connection() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def evaluate(expressions: Sequence[str], texts: Sequence[str]) -> list[tuple[Any, ...]]:
    """Evaluate SQL expressions of column ``v`` over ``texts``, prepared as import does.

    Import trims cells and turns empty ones into NULL before the fast path sees them.
    """
    con = _connection()
    batch = pa.table({"i": list(range(len(texts))), "x": list(texts)})
    con.register("batch", batch)
    try:
        selected = ", ".join(expressions)
        query = f"SELECT {selected} FROM (SELECT i, NULLIF(trim(x), '') AS v FROM batch) ORDER BY i"
        return con.execute(query).fetchall()
    finally:
        con.unregister("batch")


def python_or_problem(parse: Callable[[str], object], text: str) -> object:
    try:
        return parse(text)
    except p.ValueProblem:
        return p.ValueProblem


def assert_agrees(sql: str, parse: Callable[[str], object], texts: Sequence[str]) -> list[object]:
    """Fast path NULL or equal to Python, for every text; returns the fast-path values."""
    rows = evaluate([sql], texts)
    for text, (fast,) in zip(texts, rows, strict=True):
        if fast is not None:
            assert python_or_problem(parse, text) == fast, text
    return [fast for (fast,) in rows]


# --- strategies --------------------------------------------------------------------------

JUNK_ALPHABET = (
    "0123456789０１２３４５６７８９-/.:,， T年月日号时点分秒万亿千百十元角整"
    "零〇一二三四五六七八九壹贰叁伍xXｘＸ是否男女MFmfyYnNtT_eE"
    "\t\u3000\u00a0\u2003\u200b\ufeff"
)
junk = st.text(alphabet=st.sampled_from(JUNK_ALPHABET), max_size=22) | st.text(
    # Decoded files hold neither lone surrogates nor NUL.
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    max_size=20,
)
dates = st.dates(date(1890, 1, 1), date(2110, 12, 31))


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    day = draw(dates)
    y, m, d = day.year, day.month, day.day
    return draw(
        st.sampled_from(
            [
                day.isoformat(),
                f"{y}-{m}-{d}",
                f"{y}/{m}/{d}",
                f"{y}.{m:02d}.{d}",
                f"{y}{m:02d}{d:02d}",
                f"{y}年{m}月{d}日",
                f"{day.isoformat()} 10:20:30",
                f"{day.isoformat()}T10:20",
                f"{day.isoformat()} 00:00:00.000",
                f"{y}{m:02d}{d:02d}235959",
                f"{y}年{m}月{d}日10时20分",
                f"{y}-{m}-{d + 1}",
                f"{y}-{m + 1}-{d}",
            ]
        )
    )


amounts = st.decimals(min_value=0, max_value=Decimal("99999999999999.99"), places=2)


@st.composite
def amount_texts(draw: st.DrawFn) -> str:
    amount = draw(amounts)
    return draw(
        st.sampled_from(
            [
                f"{amount}",
                f"{amount:,}",
                f"{amount}元",
                f"{(amount / 10000).normalize():f}万",
                f"{(amount / 10000).normalize():f}万元",
                f"{amount / 1000}",
                cn2an.an2cn(str(amount), "rmb"),
                f"{draw(st.floats(allow_nan=False, allow_infinity=False))}",
                f"{draw(st.integers(-(10**20), 10**20))}",
            ]
        )
    )


@st.composite
def id_texts(draw: st.DrawFn) -> str:
    region = f"{draw(st.integers(100000, 999999))}"
    day = draw(dates)
    serial = f"{draw(st.integers(0, 999)):03d}"
    first17 = region + day.strftime("%Y%m%d") + serial
    valid = first17 + p.id_check_digit(first17)
    return draw(
        st.sampled_from(
            [
                valid,
                valid.lower(),
                first17 + draw(st.sampled_from("0123456789Xx")),
                region + day.strftime("%y%m%d") + serial,
                f" {valid[:6]} {valid[6:]}",
                valid.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
                valid[: draw(st.integers(0, 17))],
                f"{region}{draw(st.integers(0, 10**9))}",
                valid + draw(junk),
            ]
        )
    )


@st.composite
def org_texts(draw: st.DrawFn) -> str:
    first17 = draw(st.text(alphabet=p.ORG_ALPHABET, min_size=17, max_size=17))
    code = first17 + p.org_code_check_char(first17)
    return draw(
        st.sampled_from(
            [
                code,
                code.lower(),
                first17 + draw(st.sampled_from(p.ORG_ALPHABET + "IOSVZ")),
                f" {code[:8]} {code[8:]}\u3000",
                code[: draw(st.integers(0, 17))],
                code + draw(junk),
            ]
        )
    )


words = st.sampled_from(
    sorted(p.TRUE_WORDS | p.FALSE_WORDS | p.MALE_WORDS | p.FEMALE_WORDS)
    + ["TRUE", "Yes", "N", "MALE", "Female", "2", "是否", "K", "İ"]
)
enum_texts = st.sampled_from(
    [*MEASURE, *MEASURE.values(), "DETENTION", "Arrest", "residential surveillance"]
    + ["监视 居住", "拘传", "detention_", "ARRESt"]
)
batch = st.lists

# --- agreement ---------------------------------------------------------------------------


@settings(max_examples=80)
@given(batch(date_texts() | junk, min_size=1, max_size=60))
def test_date_agrees(texts: list[str]) -> None:
    assert_agrees(s.sql_date("v"), p.parse_date, texts)


@settings(max_examples=40)
@given(batch(date_texts().map(lambda t: t[:7]) | st.text("0123456789-/.年月", max_size=9) | junk))
def test_month_agrees(texts: list[str]) -> None:
    assert_agrees(s.sql_month("v"), p.parse_month, texts)


@settings(max_examples=80)
@given(batch(amount_texts() | junk, min_size=1, max_size=60))
def test_amount_agrees(texts: list[str]) -> None:
    assert_agrees(s.sql_amount("v"), p.parse_amount, texts)


@settings(max_examples=40)
@given(batch(amount_texts() | junk, min_size=1, max_size=60))
def test_integer_and_number_agree(texts: list[str]) -> None:
    assert_agrees(s.sql_integer("v"), p.parse_integer, texts)
    assert_agrees(s.sql_number("v"), p.parse_number, texts)


@settings(max_examples=30)
@given(batch(words | junk, min_size=1, max_size=40))
def test_bool_and_gender_agree(texts: list[str]) -> None:
    assert_agrees(s.sql_bool("v"), p.parse_bool, texts)
    assert_agrees(s.sql_gender("v"), p.parse_gender, texts)


@settings(max_examples=30)
@given(batch(enum_texts | junk, min_size=1, max_size=40))
def test_enum_agrees(texts: list[str]) -> None:
    assert_agrees(s.sql_enum("v", MEASURE), lambda t: p.parse_enum(t, MEASURE), texts)


@settings(max_examples=30)
@given(batch(st.text("0123456789", min_size=5, max_size=7) | junk, min_size=1, max_size=40))
def test_unit_code_agrees(texts: list[str]) -> None:
    assert_agrees(s.sql_unit_code("v"), p.parse_unit_code, texts)


@pytest.mark.parametrize("sql_id", [s.sql_id_number, s.sql_id_number_fast])
@settings(max_examples=60)
@given(texts=batch(id_texts() | junk, min_size=1, max_size=60))
def test_id_number_equals_python_everywhere(
    sql_id: Callable[[str], tuple[str, str]], texts: list[str]
) -> None:
    value, status = sql_id("v")
    for text, (v, fast_value, fast_status) in zip(
        texts, evaluate(["v", value, status], texts), strict=True
    ):
        if v is not None:  # an empty cell is NULL before any parser sees it
            assert p.normalise_id_number(text) == p.IdNumber(fast_value, fast_status), text


@settings(max_examples=60)
@given(batch(org_texts() | junk, min_size=1, max_size=60))
def test_org_code_equals_python_everywhere(texts: list[str]) -> None:
    value, status = s.sql_org_code("v")
    for text, (v, fast_value, fast_status) in zip(
        texts, evaluate(["v", value, status], texts), strict=True
    ):
        if v is not None:
            code, valid = p.normalise_org_code(text)
            assert (fast_value, fast_status) == (code, "valid" if valid else "bad_checksum"), text


# --- the fast path is not trivially NULL -------------------------------------------------


def test_common_forms_take_the_fast_path() -> None:
    row = evaluate(
        [
            s.sql_date("v"),
            s.sql_amount("v"),
            s.sql_integer("v"),
            s.sql_number("v"),
            s.sql_bool("v"),
            s.sql_gender("v"),
            s.sql_unit_code("v"),
        ],
        ["350602"],
    )[0]
    assert row == (None, Decimal("350602.00"), 350602, 350602.0, None, None, "350602")


@pytest.mark.parametrize(
    ("sql", "text", "expected"),
    [
        (s.sql_date, "2023-01-09", date(2023, 1, 9)),
        (s.sql_date, "2023/1/9", date(2023, 1, 9)),
        (s.sql_date, "20230109", date(2023, 1, 9)),
        (s.sql_date, "2023年1月9日", date(2023, 1, 9)),
        (s.sql_date, "2023-01-09 10:20:30", date(2023, 1, 9)),
        (s.sql_month, "2023-1", "2023-01"),
        (s.sql_month, "202301", "2023-01"),
        (s.sql_amount, "50,000.00", Decimal("50000.00")),
        (s.sql_amount, "1.5万元", Decimal("15000.00")),
        (s.sql_amount, "5000元", Decimal("5000.00")),
        (s.sql_integer, "12.0", 12),
        (s.sql_number, "-1,000.5", -1000.5),
        (s.sql_bool, "是", True),
        (s.sql_bool, "FALSE", False),
        (s.sql_gender, "女", "F"),
        (s.sql_gender, "m", "M"),
    ],
)
def test_fast_path_reads_common_forms(
    sql: Callable[[str], str], text: str, expected: object
) -> None:
    assert evaluate([sql("v")], [text]) == [(expected,)]


@pytest.mark.parametrize(
    ("sql", "text"),
    [
        (s.sql_date, "2023109"),  # strptime would read 2023-10-09
        (s.sql_date, "2023-02-30"),
        (s.sql_date, "1899-12-31"),
        (s.sql_date, "2023-01-09\t"),  # import trims spaces only; Python strips the rest
        (s.sql_amount, "1_000"),  # TRY_CAST would read 1000
        (s.sql_amount, "12.345"),  # TRY_CAST would round; Python decides
        (s.sql_amount, "-5"),
        (s.sql_integer, "12.5"),
        (s.sql_integer, "99999999999"),
        (s.sql_number, "1e3"),
    ],
)
def test_fast_path_leaves_the_rest_to_python(sql: Callable[[str], str], text: str) -> None:
    assert evaluate([sql("v")], [text]) == [(None,)]


def test_enum_fast_path() -> None:
    rows = evaluate([s.sql_enum("v", MEASURE)], ["逮捕", "DETENTION", "监视 居住", "拘传"])
    assert rows == [("arrest",), ("detention",), (None,), (None,)]


def test_id_number_fast_path_examples() -> None:
    value, status = s.sql_id_number("v")
    rows = evaluate([value, status], [VALID_ID, "110105491231002", "110105194912310021", "不详"])
    assert rows == [
        (VALID_ID, "valid"),
        (VALID_ID, "upgraded"),
        ("110105194912310021", "bad_checksum"),
        ("不详", "malformed"),
    ]


def test_org_code_fast_path_examples() -> None:
    value, status = s.sql_org_code("v")
    rows = evaluate([value, status], [VALID_ORG.lower(), "91350100M000100Y44"])
    assert rows == [(VALID_ORG, "valid"), ("91350100M000100Y44", "bad_checksum")]
