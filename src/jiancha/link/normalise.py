"""Normalisers that make two spellings of one person or organisation compare equal.

Names: full-width folded, spaces and the middle dot of minority names removed, traditional
characters turned simplified (OpenCC ``t2s``), and a toneless pinyin key so that a wrong
character of the same sound (张伟 / 张玮) still meets its partner. Identity numbers: the
birth date and gender encoded in a number, also in one whose check digit is wrong. Phones
and addresses: the spelling noise of agency exports (+86, dashes, 省/市 prefixes).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from jiancha.errors import LinkError
from jiancha.values import ID_WHITESPACE, to_simplified

_NAME_DROP = re.compile(r"[\s·•・．.\-_'\"“”‘’()（）]+")
_ORG_SUFFIXES = (
    "股份有限责任公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "责任公司",
    "股份公司",
    "公司",
)
_ORG_SUFFIX_RE = re.compile(r"[(（]?(?:" + "|".join(_ORG_SUFFIXES) + r")[)）]?$")


def _fold(text: str) -> str:
    """Full-width forms folded (NFKC) and surrounding whitespace removed."""
    return unicodedata.normalize("NFKC", text).strip(ID_WHITESPACE)


def normalise_name(name: str | None) -> str | None:
    """The comparable form of a person's name: simplified, no spaces or dots, upper case."""
    if name is None:
        return None
    folded = _NAME_DROP.sub("", _fold(name))
    if not folded:
        return None
    return to_simplified(folded).upper()


def name_pinyin(name: str | None) -> str | None:
    """Toneless pinyin of a normalised name, syllables joined: 张伟 → ``zhangwei``."""
    if not name:
        return None
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:
        raise LinkError("缺少拼音组件 pypinyin，请安装：pip install pypinyin") from None
    return "".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower()


def id_birth_date(id_number: str | None) -> date | None:
    """The birth date encoded in an 18- or 15-digit number, even with a wrong check digit."""
    digits = _id_digits(id_number)
    if digits is None:
        return None
    yyyymmdd = digits[6:14] if len(digits) == 18 else "19" + digits[6:12]
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return None
    return born if 1900 <= born.year <= 2100 else None


def id_gender(id_number: str | None) -> str | None:
    """``M``/``F`` from the sequence digit (odd men, even women), when it is a digit."""
    digits = _id_digits(id_number)
    if digits is None:
        return None
    sequence = digits[16] if len(digits) == 18 else digits[14]
    return "M" if int(sequence) % 2 else "F"


def _id_digits(id_number: str | None) -> str | None:
    if not id_number:
        return None
    compact = "".join(ch for ch in _fold(id_number) if ch not in ID_WHITESPACE).upper()
    if re.fullmatch("[0-9]{17}[0-9X]|[0-9]{15}", compact):
        return compact
    return None


def normalise_phone(phone: str | None) -> str | None:
    """Digits only, the +86/0086 country prefix dropped: ``+86 138-0013-8000`` → 13800138000."""
    if phone is None:
        return None
    digits = re.sub(r"[^0-9]", "", _fold(phone))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) in (11, 10, 12):
            digits = digits[len(prefix) :]
            break
    return digits if len(digits) >= 7 else None


_ADDRESS_NOISE = re.compile(r"[\s,，。.、\-—_#()（）]+")
_ADDRESS_PREFIX = re.compile(r"^(?:中国|中华人民共和国)")


def normalise_address(address: str | None) -> str | None:
    """Simplified, no spaces or punctuation, 号/室 spellings folded, country prefix dropped."""
    if address is None:
        return None
    text = _ADDRESS_NOISE.sub("", _fold(address))
    text = _ADDRESS_PREFIX.sub("", to_simplified(text))
    return text or None


def normalise_org_name(name: str | None) -> str | None:
    """An organisation name without its legal-form suffix (有限公司, 股份有限公司 …)."""
    if name is None:
        return None
    text = _NAME_DROP.sub("", _fold(name))
    text = to_simplified(text)
    stripped = _ORG_SUFFIX_RE.sub("", text)
    return (stripped or text).upper() or None
