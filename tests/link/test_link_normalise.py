"""Normalisers of linking: names, id numbers, phones, addresses, organisation names."""

from __future__ import annotations

from datetime import date

import pytest

from jiancha.link import normalise as nz
from jiancha.values import id_check_digit, normalise_id_number


def test_traditional_names_become_simplified() -> None:
    assert nz.to_simplified("張偉") == "张伟"
    assert nz.normalise_name(" 張　偉 ") == "张伟"
    assert nz.normalise_name("阿依古丽·买买提") == "阿依古丽买买提"
    assert nz.normalise_name("  ") is None


def test_pinyin_meets_a_wrong_character_of_the_same_sound() -> None:
    assert nz.name_pinyin("张伟") == "zhangwei"
    assert nz.name_pinyin("张玮") == nz.name_pinyin("张伟")
    assert nz.name_pinyin("李伟") != nz.name_pinyin("张伟")
    assert nz.name_pinyin(None) is None


def test_birth_date_and_gender_from_a_number_with_a_wrong_check_digit() -> None:
    first17 = "11010119800101123"
    good = first17 + id_check_digit(first17)
    bad = first17 + ("0" if good[-1] != "0" else "1")
    assert normalise_id_number(bad).status == "bad_checksum"
    assert nz.id_birth_date(bad) == date(1980, 1, 1)
    assert nz.id_gender(bad) == "M"
    assert nz.id_birth_date("110101800101124") == date(1980, 1, 1)  # 15 digits
    assert nz.id_gender("110101800101124") == "F"
    assert nz.id_birth_date("110101198013011234") is None  # month 13
    assert nz.id_birth_date("12345") is None


def test_fifteen_digit_numbers_upgrade_to_the_same_person() -> None:
    upgraded = normalise_id_number("110101800101123")
    assert upgraded.status == "upgraded"
    assert upgraded.value.startswith("11010119800101123")
    assert nz.id_birth_date(upgraded.value) == nz.id_birth_date("110101800101123")


@pytest.mark.parametrize(
    "raw", ["+86 138-0013-8000", "0086 13800138000", "138 0013 8000", "（138）00138000"]
)
def test_phone_spellings_agree(raw: str) -> None:
    assert nz.normalise_phone(raw) == "13800138000"


def test_short_phone_is_no_phone() -> None:
    assert nz.normalise_phone("110") is None


def test_address_noise_is_removed() -> None:
    assert nz.normalise_address("中国 北京市 人民路 12號，3室") == "北京市人民路12号3室"
    assert nz.normalise_address("北京市人民路12号3室") == "北京市人民路12号3室"


@pytest.mark.parametrize(
    "raw",
    [
        "漳州市某某贸易有限公司",
        "漳州市某某贸易有限责任公司",
        "漳州市某某貿易（有限公司）",
        "漳州市 某某贸易股份有限公司",
    ],
)
def test_org_names_lose_their_legal_form(raw: str) -> None:
    assert nz.normalise_org_name(raw) == "漳州市某某贸易"
