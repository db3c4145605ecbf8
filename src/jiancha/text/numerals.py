"""Numbers as judgments write them: terms (三年六个月), amounts (人民币五千元) and dates.

The numeral arithmetic itself is the importer's (:func:`jiancha.values.cn_number`),
so a value means the same here as in any imported spreadsheet.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from jiancha.values import ValueProblem, cn_number, parse_amount, parse_date

__all__ = [
    "AMOUNT_RE",
    "DATE_RE",
    "NUM",
    "TERM_RE",
    "amount_of",
    "date_of",
    "months_of",
]

# One numeral: Arabic digits or Chinese 小写/大写 characters (两 as in 两年).
NUM_CHARS = "0-9零〇○一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟"
NUM = f"[{NUM_CHARS}]+"
# A term: 三年六个月, 一年零二个月, 十个月, 三年 (也写 三年又六个月).
# 个 without 月 where a sentence ends (有期徒刑六个；): a court's slip, still months.
TERM_RE = re.compile(f"(?:({NUM})年)?(?:[零又])?(?:({NUM})(?:个?月|个(?=[；;。，,\\s]|$)))?")
# An amount in yuan: 人民币1,000元, 五千元, 1.1万余元, 6，900元 (full-width grouping comma).
AMOUNT_RE = re.compile(
    r"(?:人民币)?((?:[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
    f"|[{NUM_CHARS}点]+)(万|亿)?余?元"
)
# Year digits as typed in real judgments: 〇, ○, 零, also the look-alikes 0, O and Greek Ο.
_YEAR_ZEROS = "零〇○0OoΟο"
_YEAR_DIGITS = f"[0-9{_YEAR_ZEROS}一二三四五六七八九]{{4}}"
_SMALL = "[0-9零〇一二三四五六七八九十]{1,3}"
DATE_RE = re.compile(f"({_YEAR_DIGITS})年({_SMALL})月({_SMALL})日")
_YEAR_FOLD = str.maketrans(_YEAR_ZEROS + "一二三四五六七八九", "0" * len(_YEAR_ZEROS) + "123456789")


def months_of(years: str | None, months: str | None) -> int | None:
    """The two groups of :data:`TERM_RE` as months; None when neither is given."""
    if not years and not months:
        return None
    total = Decimal(0)
    if years:
        total += cn_number(years) * 12
    if months:
        total += cn_number(months)
    return int(total)


def amount_of(match: re.Match[str]) -> Decimal | None:
    """The yuan of one :data:`AMOUNT_RE` match; None when its numeral is not a number."""
    number = match[1].replace("，", ",")
    try:
        return parse_amount(f"{number}{match[2] or ''}元")
    except ValueProblem:
        return None


def date_of(text: str) -> date | None:
    """A date written 2017年7月28日 or 二〇一七年九月二十九日; None when not a real date."""
    try:
        return parse_date(text)
    except ValueProblem:
        pass
    m = DATE_RE.fullmatch(text)
    if m is None:
        return None
    try:
        # Digit by digit, so mixed spellings such as 二0一六 read as the year they show.
        year = int(m[1].translate(_YEAR_FOLD))
        return date(year, int(cn_number(m[2])), int(cn_number(m[3])))
    except (ValueError, ValueProblem):
        return None
