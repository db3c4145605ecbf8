"""The reference value parsers: every listed spelling, rejections, and round-trip properties."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiancha.values import (
    IdNumber,
    ValueProblem,
    cn_number,
    id_check_digit,
    normalise_id_number,
    normalise_org_code,
    org_code_check_char,
    parse_amount,
    parse_bool,
    parse_date,
    parse_enum,
    parse_enum_list,
    parse_gender,
    parse_integer,
    parse_month,
    parse_number,
    parse_value,
)

MEASURE = {"detention": "刑事拘留", "arrest": "逮捕", "residential_surveillance": "监视居住"}
CIRCUMSTANCE = {"surrender": "自首", "confession": "坦白", "merit": "立功"}

# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2023-01-09",
        "2023-1-9",
        "2023/1/9",
        "2023.1.9",
        "20230109",
        "2023年1月9日",
        "2023年01月09日",
        "2023 年 1 月 9 日",
        "二〇二三年一月九日",
        "二零二三年元月九日",
        "二○二三年一月九日",
        "2023-01-09 10:20:30",
        "2023-01-09T10:20",
        "2023-01-09 00:00:00.000",
        "2023年1月9日10时20分",
        "2023年1月9日 10:20",
        "20230109102030",
        "２０２３－０１－０９",
        " 2023-01-09 ",
    ],
)
def test_date_spellings(text: str) -> None:
    assert parse_date(text) == date(2023, 1, 9)


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-30",
        "2023-13-01",
        "1899-12-31",
        "2101-01-01",
        "2023109",
        "2023-01/09",
        "2023-01-09x",
        "2023-01-09 25:00",
        "2023-01-09 10:61",
        "09/01/2023",
        "二〇二三年十三月一日",
        "二〇2三年一月九日",
        "二〇二三年一月十十日",
        "明天",
    ],
)
def test_date_rejected(text: str) -> None:
    with pytest.raises(ValueProblem, match="日期"):
        parse_date(text)


def test_date_message_names_the_value() -> None:
    with pytest.raises(ValueProblem, match="“2023-13-01”"):
        parse_date("2023-13-01")


def test_date_bounds_and_leap_day() -> None:
    assert parse_date("1900-01-01") == date(1900, 1, 1)
    assert parse_date("2100-12-31") == date(2100, 12, 31)
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    with pytest.raises(ValueProblem):
        parse_date("2023-02-29")


def _cn_year(year: int) -> str:
    return "".join("〇一二三四五六七八九"[int(c)] for c in str(year))


def date_spellings(day: date) -> list[str]:
    """Every supported spelling of ``day``."""
    y, m, d = day.year, day.month, day.day
    return [
        day.isoformat(),
        f"{y}-{m}-{d}",
        f"{y}/{m}/{d}",
        f"{y}/{m:02d}/{d:02d}",
        f"{y}.{m}.{d}",
        f"{y}{m:02d}{d:02d}",
        f"{y}年{m}月{d}日",
        f"{y}年{m:02d}月{d:02d}日",
        f"{_cn_year(y)}年{cn2an.an2cn(m)}月{cn2an.an2cn(d)}日",
        f"{day.isoformat()} 23:59:59",
        f"{day.isoformat()}T08:05",
        f"{day.isoformat()} 00:00:00.000",
        f"{y}{m:02d}{d:02d}120000",
        f"{y}年{m}月{d}日9时5分",
    ]


@settings(max_examples=150)
@given(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
def test_every_date_spelling_round_trips(day: date) -> None:
    for text in date_spellings(day):
        assert parse_date(text) == day, text


# --- months ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["2023-01", "2023-1", "202301", "2023/01", "2023年1月", "2023.01", "2023-01-31"]
)
def test_month_spellings(text: str) -> None:
    assert parse_month(text) == "2023-01"


@pytest.mark.parametrize("text", ["2023-13", "202300", "1899-12", "23-01", "一月", "2023"])
def test_month_rejected(text: str) -> None:
    with pytest.raises(ValueProblem, match="月份"):
        parse_month(text)


# --- amounts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50000", "50000.00"),
        ("50,000.00", "50000.00"),
        ("¥1,234.5", "1234.50"),
        ("￥12", "12.00"),
        ("5万", "50000.00"),
        ("5万元", "50000.00"),
        ("1.5万元", "15000.00"),
        ("五万元", "50000.00"),
        ("人民币伍万元整", "50000.00"),
        ("壹仟贰佰叁拾肆元伍角陆分", "1234.56"),
        ("3千元", "3000.00"),
        ("1.2亿", "120000000.00"),
        ("人民币5000元", "5000.00"),
        ("５０００", "5000.00"),
        ("RMB 5,000", "5000.00"),
        ("一千二", "1200.00"),
        ("三亿五千万元", "350000000.00"),
        ("一元零五分", "1.05"),
        ("伍角", "0.50"),
        ("0", "0.00"),
        ("12.345", "12.35"),  # rounded half up to the fen
    ],
)
def test_amount_spellings(text: str, expected: str) -> None:
    value = parse_amount(text)
    assert value == Decimal(expected)
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    "text",
    ["-5", "负五万", "abc", "元", "1,23", "5万万", "五五万", "1e5", "10000000000000000", "5美元"],
)
def test_amount_rejected(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_amount(text)


def test_negative_amount_says_so() -> None:
    with pytest.raises(ValueProblem, match="负"):
        parse_amount("-100")


amounts = st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2)


@settings(max_examples=150)
@given(amounts)
def test_every_amount_spelling_round_trips(amount: Decimal) -> None:
    yuan = int(amount)
    spellings = [
        f"{amount}",
        f"{amount:,}",
        f"¥{amount:,}元",
        f"{(amount / 10000).normalize():f}万",
        f"{(amount / 10000).normalize():f}万元",
        cn2an.an2cn(str(amount), "rmb"),  # 大写: 壹仟贰佰叁拾肆元伍角陆分
        "人民币" + cn2an.an2cn(str(amount), "rmb"),
    ]
    for text in spellings:
        assert parse_amount(text) == amount, text
    # 小写 numerals of the whole yuan.
    assert parse_amount(cn2an.an2cn(yuan, "low") + "元") == yuan


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10**15))
def test_chinese_numerals_agree_with_cn2an(number: int) -> None:
    assert cn_number(cn2an.an2cn(number, "low")) == number
    assert cn_number(cn2an.an2cn(number, "up")) == number


# --- integers and numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("12.0", 12),
        ("十二", 12),
        ("12个月", 12),
        ("一年六个月", 18),
        ("1年6个月", 18),
        ("2年", 24),
        ("第156条", 156),
        ("第一百五十六条", 156),
        ("１２", 12),
        ("3次", 3),
        ("0", 0),
    ],
)
def test_integer_spellings(text: str, expected: int) -> None:
    assert parse_integer(text) == expected


@pytest.mark.parametrize("text", ["12.5", "-3", "abc", "1e3", "99999999999", "一二三万"])
def test_integer_rejected(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_integer(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.5", 10.5),
        ("1,000.5", 1000.5),
        ("十", 10.0),
        ("10.5亩", 10.5),
        ("5千克", 5.0),
        ("三点五吨", 3.5),
        ("-2.5", -2.5),
        ("2万亩", 20000.0),
    ],
)
def test_number_spellings(text: str, expected: float) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["abc", "亩", "1e3", "1.2.3", "--1"])
def test_number_rejected(text: str) -> None:
    with pytest.raises(ValueProblem, match="数字"):
        parse_number(text)


# --- flags, gender, enumerations ---------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["是", "有", "true", "TRUE", "True", "1", "Y", "yes", "T", "√", "对"]
)
def test_bool_true(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["否", "无", "false", "FALSE", "0", "N", "no", "f", "×", "错"])
def test_bool_false(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["可能", "2", "yess", "是否"])
def test_bool_rejected(text: str) -> None:
    with pytest.raises(ValueProblem, match="是/否"):
        parse_bool(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("男", "M"), ("女", "F"), ("M", "M"), ("f", "F"), ("Male", "M"), ("female", "F")]
    + [("1", "M"), ("2", "F"), ("男性", "M"), ("女性", "F")],
)
def test_gender(text: str, expected: str) -> None:
    assert parse_gender(text) == expected


@pytest.mark.parametrize("text", ["0", "9", "未知", "X"])
def test_gender_rejected(text: str) -> None:
    with pytest.raises(ValueProblem, match="性别"):
        parse_gender(text)


@pytest.mark.parametrize(
    "text",
    ["residential_surveillance", "RESIDENTIAL_SURVEILLANCE", "residential surveillance"]
    + ["Residential-Surveillance", "监视居住", " 监视 居住 "],
)
def test_enum_code_or_label(text: str) -> None:
    assert parse_enum(text, MEASURE) == "residential_surveillance"


def test_enum_rejection_lists_labels() -> None:
    with pytest.raises(ValueProblem, match="刑事拘留、逮捕、监视居住"):
        parse_enum("拘传", MEASURE)


@pytest.mark.parametrize(
    "text", ["自首;坦白", "自首；坦白", "自首、坦白", "surrender, confession", "自首 坦白 自首"]
)
def test_enum_list(text: str) -> None:
    assert parse_enum_list(text, CIRCUMSTANCE) == "surrender;confession"


def test_enum_list_keeps_input_order() -> None:
    assert parse_enum_list("立功；自首", CIRCUMSTANCE) == "merit;surrender"


@pytest.mark.parametrize("text", [";；、", "自首;累犯"])
def test_enum_list_rejected(text: str) -> None:
    with pytest.raises(ValueProblem):
        parse_enum_list(text, CIRCUMSTANCE)


# --- identity numbers --------------------------------------------------------------------

VALID_ID = "11010519491231002X"  # the GB 11643 example


def test_id_check_digit_of_the_standard_example() -> None:
    assert id_check_digit(VALID_ID[:17]) == "X"
    with pytest.raises(ValueError):
        id_check_digit("1234")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (VALID_ID, IdNumber(VALID_ID, "valid")),
        ("11010519491231002x", IdNumber(VALID_ID, "valid")),
        (" 110105 19491231 002X ", IdNumber(VALID_ID, "valid")),
        ("１１０１０５１９４９１２３１００２Ｘ", IdNumber(VALID_ID, "valid")),
        ("110105491231002", IdNumber(VALID_ID, "upgraded")),
        ("110105194912310021", IdNumber("110105194912310021", "bad_checksum")),
        ("110105491331002", IdNumber("110105491331002", "malformed")),  # month 13
        ("110105194902300027", IdNumber("110105194902300027", "malformed")),  # 2月30日
        ("11010519491231002", IdNumber("11010519491231002", "malformed")),
        ("  不详 ", IdNumber("不详", "malformed")),
        ("\ufeff11010519491231002X\u2003", IdNumber(VALID_ID, "valid")),
    ],
)
def test_normalise_id_number(text: str, expected: IdNumber) -> None:
    assert normalise_id_number(text) == expected


def test_id_birth_date() -> None:
    assert normalise_id_number(VALID_ID).birth_date == date(1949, 12, 31)
    assert IdNumber("不详", "malformed").birth_date is None


regions = st.integers(110000, 659999).map(str)
births = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@st.composite
def valid_ids(draw: st.DrawFn, born: st.SearchStrategy[date] = births) -> str:
    first17 = draw(regions) + draw(born).strftime("%Y%m%d") + f"{draw(st.integers(0, 999)):03d}"
    return first17 + id_check_digit(first17)


@given(valid_ids(), st.integers(0, 17), st.integers(1, 10))
def test_id_single_change_is_never_valid(number: str, position: int, shift: int) -> None:
    assert normalise_id_number(number) == IdNumber(number, "valid")
    chars = "0123456789X" if position == 17 else "0123456789"
    step = shift % (len(chars) - 1) + 1  # never a whole turn
    changed_char = chars[(chars.index(number[position]) + step) % len(chars)]
    changed = number[:position] + changed_char + number[position + 1 :]
    assert changed != number
    assert normalise_id_number(changed).status != "valid"


@given(valid_ids(births.filter(lambda d: d.year < 2000)))
def test_fifteen_digits_upgrade(number: str) -> None:
    legacy = number[:6] + number[8:17]
    assert normalise_id_number(legacy) == IdNumber(number, "upgraded")


# --- organisation codes ------------------------------------------------------------------

VALID_ORG = "91350100M000100Y43"


def test_org_code() -> None:
    assert org_code_check_char(VALID_ORG[:17]) == "3"
    assert normalise_org_code(VALID_ORG) == (VALID_ORG, True)
    assert normalise_org_code(" 91350100m000100y43 ") == (VALID_ORG, True)
    assert normalise_org_code("91350100M000100Y44") == ("91350100M000100Y44", False)
    assert normalise_org_code("91350100I000100Y43") == ("91350100I000100Y43", False)
    assert normalise_org_code("某公司") == ("某公司", False)


@given(st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=17, max_size=17))
def test_org_code_check_char_makes_valid_codes(first17: str) -> None:
    code = first17 + org_code_check_char(first17)
    assert normalise_org_code(code.lower()) == (code, True)


# --- dispatch ----------------------------------------------------------------------------


def test_parse_value_dispatch() -> None:
    assert parse_value("text", "  张三 ") == "张三"
    assert parse_value("code", " A-1 ") == "A-1"
    assert parse_value("unit_code", "350602") == "350602"
    assert parse_value("date", "2023/1/9") == date(2023, 1, 9)
    assert parse_value("amount", "5万") == Decimal("50000.00")
    assert parse_value("enum", "逮捕", MEASURE) == "arrest"
    assert parse_value("enum_list", "自首", CIRCUMSTANCE) == "surrender"
    assert parse_value("id_number", VALID_ID) == IdNumber(VALID_ID, "valid")
    assert parse_value("org_code", VALID_ORG) == (VALID_ORG, True)
    assert parse_value("gender", "女") == "F"


@pytest.mark.parametrize("text", ["35060", "3506021", "漳州市"])
def test_unit_code_rejected(text: str) -> None:
    with pytest.raises(ValueProblem, match="6位"):
        parse_value("unit_code", text)


def test_parse_value_unknown_type() -> None:
    with pytest.raises(ValueError, match="unknown column type"):
        parse_value("colour", "red")
