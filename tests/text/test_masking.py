"""The recogniser of personal data: id numbers, phones, addresses and birth dates found by
what they are, wherever they stand, and masked so that none can be read back."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jiancha.text.masking import (
    Masker,
    find,
    id_birth_date,
    is_id_number,
    mask_mapping,
    mask_text,
    mask_value,
)
from jiancha.values import id_check_digit

# text around the values: Chinese prose and punctuation, never digits or ASCII letters that
# would make the value part of a longer code
FILLER = st.text(
    alphabet=st.sampled_from(list("被告人张三李四于在因犯盗窃罪判处有期徒刑，。；：、（） 的和与")),
    max_size=20,
)
REGIONS = st.sampled_from(["350602", "350603", "110101", "440305", "510104", "650102"])
BIRTHS = st.dates(min_value=date(1930, 1, 1), max_value=date(2012, 12, 31))


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    first17 = (
        draw(REGIONS)
        + draw(BIRTHS).strftime("%Y%m%d")
        + draw(st.integers(0, 999)).__format__("03d")
    )
    return first17 + id_check_digit(first17)


@st.composite
def mobiles(draw: st.DrawFn) -> str:
    return f"1{draw(st.sampled_from('3456789'))}{draw(st.integers(0, 999_999_999)):09d}"


@st.composite
def landlines(draw: st.DrawFn) -> str:
    area = draw(st.sampled_from(["010", "021", "0596", "0591", "0755"]))
    number = f"{draw(st.integers(2, 9))}{draw(st.integers(0, 999_999)):06d}"
    return draw(st.sampled_from([f"{area}-{number}", f"（{area}）{number}", f"{area} {number}"]))


@given(before=FILLER, number=id_numbers(), after=FILLER)
@settings(max_examples=200, deadline=None)
def test_a_valid_id_number_in_any_text_is_masked(before: str, number: str, after: str) -> None:
    assert is_id_number(number)
    masked = mask_text(before + number + after)
    assert number not in masked
    assert number[6:14] not in masked  # the birth date it holds
    assert masked.startswith(before) and masked.endswith(after)
    assert number[:6] + "********" + number[-4:] in masked


@given(before=FILLER, phone=st.one_of(mobiles(), landlines()), after=FILLER)
@settings(max_examples=200, deadline=None)
def test_a_phone_number_in_any_text_is_masked(before: str, phone: str, after: str) -> None:
    masked = mask_text(before + phone + after)
    digits = "".join(ch for ch in phone if ch.isdigit())
    assert phone not in masked
    assert digits[-8:-4] not in masked.replace(before, "").replace(after, "")[:-4]
    assert masked.endswith(digits[-4:] + after)
    assert [s.kind for s in find(before + phone + after)] == ["phone"]


@given(birth=BIRTHS)
def test_the_birth_date_an_id_number_holds_is_masked_to_the_year_beside_it(birth: date) -> None:
    first17 = "350602" + birth.strftime("%Y%m%d") + "123"
    number = first17 + id_check_digit(first17)
    assert id_birth_date(number) == birth
    shown = [
        birth.isoformat(),
        f"{birth.year}年{birth.month}月{birth.day}日",
        birth.strftime("%Y/%m/%d"),
        birth.strftime("%Y%m%d"),
    ]
    for text in shown:
        masked = mask_text(f"身份证号{number}，{text}")
        assert text not in masked, masked
        assert str(birth.year) in masked
    # in a record the id number and the date may stand in different fields
    row = mask_mapping({"证件": number, "日期": birth.isoformat(), "other": [birth]})
    assert row["日期"] == f"{birth.year}-**-**"
    assert row["other"] == [f"{birth.year}-**-**"]


def test_a_birth_date_said_to_be_one_is_masked_without_an_id_number() -> None:
    assert mask_text("张三，1990年3月4日出生，汉族") == "张三，1990年**月**日出生，汉族"
    assert mask_text("出生日期：1990-03-04") == "出生日期：1990-**-**"
    assert mask_text("张三，男，1990年3月4日生，") == "张三，男，1990年**月**日生，"
    assert mask_mapping({"birth_date": "1990-03-04"}) == {"birth_date": "1990-**-**"}
    assert mask_mapping({"出生日期": date(1990, 3, 4)}) == {"出生日期": "1990-**-**"}


def test_other_dates_stay() -> None:
    text = "2024年10月30日因病被裁定暂予监外执行，裁定于2024年11月1日生效"
    assert mask_text(text) == text
    assert mask_mapping({"ruled_at": "2024-10-30", "days": 180}) == {
        "ruled_at": "2024-10-30",
        "days": 180,
    }


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("住福建省漳州市芗城区胜利路12号3幢201室。", "住福建省漳州市芗城区****。"),
        ("住址 福建省漳州市龙文区延安北路5号", "住址 福建省漳州市龙文区****"),
        ("家住漳浦县佛昙镇岸头村3组，", "家住漳浦县****，"),
        ("暂住胜利西路8号", "暂住****"),
        ("福建省漳州市芗城区天宝镇洪坑村", "福建省漳州市芗城区****"),
    ],
)
def test_addresses_keep_their_county_only(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "漳州市芗城区人民法院（2024）闽0602刑初123号刑事判决书",
        "漳州市中级人民法院漳中法刑更〔2024〕73号刑罚变更执行裁定书",
        "漳州市中级人民法院依法组成合议庭，公开开庭审理了本案",
        "漳州市公安局芗城分局于2024年3月1日立案侦查",
        "罚金人民币12,345.00元，案件编号A350602202400012",
        "单位代码350602，记录BG00000073",
    ],
)
def test_agencies_case_numbers_and_codes_are_not_personal_data(text: str) -> None:
    assert mask_text(text) == text


def test_a_malformed_number_under_a_personal_key_is_covered() -> None:
    row = mask_mapping({"id_number": "35060219900304", "phone": "5551234", "address": "某处"})
    assert row["id_number"].count("*") >= 8
    assert "1234" not in row["phone"][:3] and "*" in row["phone"]
    assert row["address"] == "***"


def test_an_id_number_with_a_wrong_check_digit_is_still_masked() -> None:
    first17 = "35060219900304123"
    wrong = first17 + ("1" if id_check_digit(first17) != "1" else "2")
    assert not is_id_number(wrong)
    assert wrong not in mask_text(f"身份证{wrong}")


def test_numbers_of_the_wrong_shape_are_not_id_numbers() -> None:
    # no real date in digits 7-14, or no province: a serial number, not a person
    for text in ("350602199013451234", "990602199001011234", "123456789012345678"):
        assert mask_text(f"编号{text}") == f"编号{text}"


def test_shared_values_and_nested_facts_are_masked_by_kind() -> None:
    facts = {
        "shared_values": "电话 13800138000；住址 福建省漳州市芗城区胜利路12号",
        "evidence": [{"note": "联系电话0596-2345678"}],
        "days": 200,
    }
    masked = mask_value(facts)
    assert masked["shared_values"] == "电话 138****8000；住址 福建省漳州市芗城区****"
    assert masked["evidence"] == [{"note": "联系电话0596-***5678"}]
    assert masked["days"] == 200


def test_a_masker_over_a_whole_clue_masks_a_birth_date_in_another_part() -> None:
    number = "35060219900304" + "123"
    number += id_check_digit(number)
    masker = Masker.over({"id_number": number}, ["无关"])
    assert masker.text("见面时间 1990-03-04") == "见面时间 1990-**-**"
    assert masker.text("见面时间 1990-03-05") == "见面时间 1990-03-05"


def test_fifteen_digit_id_numbers() -> None:
    assert is_id_number("350602900304123")
    assert mask_text("旧身份证350602900304123") == "旧身份证350602******123"
