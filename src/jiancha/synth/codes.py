"""Check characters of the two national codes, and calendar arithmetic.

GB 11643 (公民身份号码) and GB 32100 (统一社会信用代码) with GB 11714 (组织机构代码) inside it.
Months are counted as the models count them (刑诉法解释 art. 202, :mod:`jiancha.periods`), so a
planted deadline falls where the model puts it.
"""

from __future__ import annotations

from datetime import date, timedelta

from jiancha.periods import add_months as add_months  # the generator's months
from jiancha.periods import sentence_end as sentence_end

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_digit(first17: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number(region: str, birth: date, seq: int) -> str:
    """An 18-digit 公民身份号码; ``seq`` (0–999) carries the gender parity (odd = male)."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + id_check_digit(body)


def legacy_id(id18: str) -> str:
    """The 15-digit form of an 18-digit number of someone born in the 1900s."""
    return id18[:6] + id18[8:17]


def wrong_check_digit(id18: str) -> str:
    """The same number with a check character that does not verify."""
    right = id18[-1]
    return id18[:-1] + ("1" if right != "1" else "2")


def org_check_char(first17: str) -> str:
    """GB 32100 check character of the first 17 characters."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31]


def org_code(region: str, serial: int) -> str:
    """A 统一社会信用代码 of an enterprise (9 1) registered in ``region``."""
    body8 = f"{serial % 10**8:08d}"
    total = sum(int(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    org9 = body8 + ("X" if check == 10 else "0" if check == 11 else str(check))
    first17 = f"91{region}{org9}"
    return first17 + org_check_char(first17)


def days(n: int) -> timedelta:
    return timedelta(days=n)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def month_text(index: int) -> str:
    year, month = divmod(index, 12)
    return f"{year:04d}-{month + 1:02d}"
