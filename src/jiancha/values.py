"""Value parsers: the complete reference for every contract column type.

Below both import (:mod:`jiancha.ingest`) and judgment texts (:mod:`jiancha.text`), so a value
means the same in a spreadsheet cell and in a judgment's words.

Agencies export values in many spellings (``2023/1/9``, ``二〇二三年一月九日``,
``人民币伍万元整``). Import normalises most rows in DuckDB SQL (:mod:`jiancha.ingest.sqlnorm`)
and sends only the distinct values that fast path could not read here, so these functions
define what a value means; the SQL fast path may only ever agree with them or give up.

Every parser takes the raw cell text (the caller turns empty cells into NULL first) and
either returns the normalised value or raises :class:`ValueProblem` with a short Chinese
reason for the quarantine. Identity numbers and organisation codes never raise: a bad
number is kept and flagged, not dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Literal

__all__ = [
    "IdNumber",
    "ValueProblem",
    "cn_number",
    "id_check_digit",
    "normalise_id_number",
    "normalise_org_code",
    "org_code_check_char",
    "parse_amount",
    "parse_bool",
    "parse_date",
    "parse_enum",
    "parse_enum_list",
    "parse_gender",
    "parse_integer",
    "parse_month",
    "parse_number",
    "parse_unit_code",
    "parse_value",
]


class ValueProblem(ValueError):
    """A cell value that cannot be read as its column's type; the message is for the user."""


def _clean(text: str) -> str:
    """Fold full-width forms (NFKC), trim, and collapse inner whitespace runs to one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _compact(text: str) -> str:
    """Like :func:`_clean` but without any whitespace (numbers and amounts)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# --- Regular-expression fragments shared with the SQL fast path --------------------------
# Written in the common subset of Python ``re`` and RE2 (DuckDB): ASCII classes only, no
# backreferences, and every group but year/month/day non-capturing.

YEAR = "(19[0-9]{2}|20[0-9]{2}|2100)"
MONTH = "([0-9]{1,2})"
DAY = "([0-9]{1,2})"
CLOCK = "(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\\.[0-9]{1,9})?)?"
CN_CLOCK = "(?:[01]?[0-9]|2[0-3])[时点](?:[0-5]?[0-9]分(?:[0-5]?[0-9]秒)?)?"
COMPACT_CLOCK = "(?:[01][0-9]|2[0-3])[0-5][0-9](?:[0-5][0-9])?"

# Each full-match pattern has exactly three groups: year, month, day; any time is dropped.
DATE_PATTERNS: tuple[str, ...] = (
    *(f"{YEAR}\\{sep}{MONTH}\\{sep}{DAY}(?:[ T]{CLOCK})?" for sep in "-/."),
    f"{YEAR}([0-9]{{2}})([0-9]{{2}})(?: ?{CLOCK}|{COMPACT_CLOCK})?",
    f"{YEAR} ?年 ?{MONTH} ?月 ?{DAY} ?[日号](?: ?(?:{CLOCK}|{CN_CLOCK}))?",
)
# Each full-match pattern has exactly two groups: year, month.
MONTH_PATTERNS: tuple[str, ...] = (
    *(f"{YEAR}\\{sep}{MONTH}" for sep in "-/."),
    f"{YEAR}([0-9]{{2}})",
    f"{YEAR} ?年 ?{MONTH} ?月(?:份)?",
)
PLAIN_DECIMAL = "[0-9]+(?:\\.[0-9]+)?"
GROUPED_DECIMAL = "[0-9]{1,3}(?:,[0-9]{3})+(?:\\.[0-9]+)?"

_DATE_RES = tuple(re.compile(p) for p in DATE_PATTERNS)
_MONTH_RES = tuple(re.compile(p) for p in MONTH_PATTERNS)

# --- Chinese numerals --------------------------------------------------------------------

_CN_DIGITS: dict[str, int] = {
    **dict.fromkeys("零〇○", 0),
    **dict.fromkeys("一壹", 1),
    **dict.fromkeys("二贰貳两兩", 2),
    **dict.fromkeys("三叁參", 3),
    **dict.fromkeys("四肆", 4),
    **dict.fromkeys("五伍", 5),
    **dict.fromkeys("六陆陸", 6),
    **dict.fromkeys("七柒", 7),
    **dict.fromkeys("八捌", 8),
    **dict.fromkeys("九玖", 9),
}
_CN_SMALL_UNITS: dict[str, int] = {
    **dict.fromkeys("十拾", 10),
    **dict.fromkeys("百佰", 100),
    **dict.fromkeys("千仟", 1000),
}
_CN_BIG_UNITS: dict[str, int] = {**dict.fromkeys("万萬", 10**4), **dict.fromkeys("亿億", 10**8)}
NUMERAL_CHARS = "".join([*_CN_DIGITS, *_CN_SMALL_UNITS, *_CN_BIG_UNITS, "点"])
_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|.", re.S)


def _digit_value(token: str) -> Decimal | None:
    if token[0] in "0123456789":
        return Decimal(token)
    if token in _CN_DIGITS:
        return Decimal(_CN_DIGITS[token])
    return None


class _NumeralReader:
    """Reads Chinese numeral tokens left to right: 亿 and 万 close sections of 千百十."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.high = self.wan = self.section = Decimal(0)
        self.digit: Decimal | None = None
        self.section_unit = 0  # the last of 千百十 in this section: they must fall
        self.last_unit = 0  # the unit just before a trailing digit, for colloquial 一千二

    def bad(self) -> ValueProblem:
        return ValueProblem(f"数字写法有误 “{self.text}”")

    def read(self, token: str) -> None:
        value = _digit_value(token)
        if token in "零〇○":
            self.last_unit = 0
        elif value is not None:
            if self.digit is not None:
                raise self.bad()
            self.digit = value
        elif token in _CN_SMALL_UNITS:
            unit = _CN_SMALL_UNITS[token]
            if self.section_unit and unit >= self.section_unit:
                raise self.bad()
            self.section += (Decimal(1) if self.digit is None else self.digit) * unit
            self.digit, self.section_unit, self.last_unit = None, unit, unit
        elif token in _CN_BIG_UNITS:
            self.big_unit(_CN_BIG_UNITS[token])
        else:
            raise ValueProblem(f"无法识别的数字 “{self.text}”")

    def big_unit(self, unit: int) -> None:
        below = self.section + (self.digit or 0)
        if unit == 10**4:
            if self.wan or (not self.section and self.digit is None):
                raise self.bad()
            self.wan = below * unit
        else:
            if not (self.high or self.wan or self.section) and self.digit is None:
                raise self.bad()
            self.high = (self.high + self.wan + below) * unit
            self.wan = Decimal(0)
        self.section, self.digit = Decimal(0), None
        self.section_unit, self.last_unit = 0, unit

    def total(self) -> Decimal:
        digit = self.digit or Decimal(0)
        if self.last_unit > 10 and digit == digit.to_integral_value():
            digit *= self.last_unit // 10  # 一千二 is 1200, 三万五 35000
        return self.high + self.wan + self.section + digit


def _cn_integer_part(text: str) -> Decimal:
    tokens = _TOKEN.findall(text)
    if not tokens:
        raise ValueProblem("缺少数字")
    if len(tokens) > 1 and all(t in _CN_DIGITS for t in tokens):
        # Digit by digit, as years are written: 二〇二三.
        return Decimal("".join(str(_CN_DIGITS[t]) for t in tokens))
    reader = _NumeralReader(text)
    for token in tokens:
        reader.read(token)
    return reader.total()


def cn_number(text: str) -> Decimal:
    """Chinese numerals, 小写 or 大写, optionally mixed with Arabic digits, to a Decimal.

    ``十二`` 12, ``二〇二三`` 2023, ``壹仟贰佰叁拾肆`` 1234, ``1.5万`` 15000, ``三亿五千万``,
    ``一千零五`` 1005, colloquial ``一千二`` 1200, ``三点五`` 3.5.
    """
    whole, sep, fraction = text.partition("点")
    value = _cn_integer_part(whole)
    if sep:
        if not fraction or any(c not in _CN_DIGITS and c not in "0123456789" for c in fraction):
            raise ValueProblem(f"无法识别的数字 “{text}”")
        value += Decimal("0." + "".join(str(_digit_value(c)) for c in fraction))
    return value


# --- Dates -------------------------------------------------------------------------------

_CN_YEAR_DIGITS = "零〇○一二三四五六七八九0-9"
_CN_SMALL = "零〇一二三四五六七八九十0-9"
_CN_DATE_RE = re.compile(
    f"([{_CN_YEAR_DIGITS}]{{4}}) ?年 ?([元正{_CN_SMALL}]{{1,3}}) ?月"
    f" ?([{_CN_SMALL}]{{1,3}}) ?[日号]"
    f"(?: ?[{_CN_SMALL}]{{1,3}}[时点](?:[{_CN_SMALL}]{{1,3}}分(?:[{_CN_SMALL}]{{1,3}}秒)?)?)?"
)


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    if not 1900 <= year <= 2100:
        raise ValueProblem(f"日期年份超出1900—2100 “{shown}”")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem(f"不存在的日期 “{shown}”") from None


def _cn_date_part(text: str) -> int:
    if text in ("元", "正"):
        return 1
    return int(cn_number(text))


def parse_date(text: str) -> date:
    """A calendar date in any supported spelling; a time part is accepted and dropped."""
    shown = _clean(text)
    for pattern in _DATE_RES:
        if m := pattern.fullmatch(shown):
            return _make_date(int(m[1]), int(m[2]), int(m[3]), shown)
    if m := _CN_DATE_RE.fullmatch(shown):
        try:
            year, month, day = int(cn_number(m[1])), _cn_date_part(m[2]), _cn_date_part(m[3])
        except ValueProblem:
            raise ValueProblem(f"无法识别的日期 “{shown}”") from None
        return _make_date(year, month, day, shown)
    raise ValueProblem(f"无法识别的日期 “{shown}”")


def as_date(value: Any) -> date | None:
    """A stored value as a date: a date, a datetime or ISO text (facts and snapshots keep
    dates as ISO strings); None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def parse_month(text: str) -> str:
    """A month as ``YYYY-MM``; a full date is accepted and its day dropped."""
    shown = _clean(text)
    for pattern in _MONTH_RES:
        if m := pattern.fullmatch(shown):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise ValueProblem(f"不存在的月份 “{shown}”")
            return f"{year:04d}-{month:02d}"
    try:
        return parse_date(shown).strftime("%Y-%m")
    except ValueProblem:
        raise ValueProblem(f"无法识别的月份 “{shown}”") from None


# --- Numbers and amounts -----------------------------------------------------------------

_ARABIC_RE = re.compile(f"{GROUPED_DECIMAL}|{PLAIN_DECIMAL}")
_GROUPING_COMMA = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
_MAX_AMOUNT = Decimal(10) ** 16  # DECIMAL(18,2)
_MAX_INTEGER = 2**31 - 1  # INTEGER
# Units that begin with a numeral character; stripped before the numeral is read.
_NUMERAL_LED_UNITS = ("千克", "千米", "千瓦时", "千瓦", "千升", "千帕", "千焦", "百分比")


def _decimal(number: str) -> Decimal:
    """Arabic (with grouping commas) or Chinese numerals, or a mix of both."""
    if _ARABIC_RE.fullmatch(number):
        return Decimal(number.replace(",", ""))
    return cn_number(_GROUPING_COMMA.sub("", number))


def _split_number_unit(compact: str) -> tuple[Decimal, str]:
    """``10.5亩`` → (10.5, ``亩``): the longest numeral prefix and the unit word after it."""
    unit = next((u for u in _NUMERAL_LED_UNITS if compact.endswith(u)), "")
    body = compact[: len(compact) - len(unit)]
    number = re.match(f"[0-9.,{NUMERAL_CHARS}]*", body)
    assert number is not None  # the pattern matches the empty string
    rest = body[number.end() :]
    if not number.group() or re.fullmatch(r"[eE][+\-]?[0-9]+.*", rest):
        raise ValueProblem(f"无法识别的数字 “{compact}”")
    return _decimal(number.group()), rest + unit


_AMOUNT_PREFIXES = ("人民币", "RMB", "CNY", "¥", "￥")
_AMOUNT_SUFFIXES = ("人民币", "整", "正")
_CN_DIGIT_OR_ARABIC = f"[{''.join(_CN_DIGITS)}0-9]"
_JIAO_FEN_RE = re.compile(
    f"(?:({_CN_DIGIT_OR_ARABIC})[角毛])?[零〇]?(?:({_CN_DIGIT_OR_ARABIC})分)?(?:整|正)?"
)


def _strip_affixes(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _AMOUNT_PREFIXES:
            if text.upper().startswith(prefix):
                text, changed = text[len(prefix) :], True
        for suffix in _AMOUNT_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    return text


def _jiao_fen(tail: str, shown: str) -> Decimal:
    m = _JIAO_FEN_RE.fullmatch(tail)
    if m is None:
        raise ValueProblem(f"无法识别的金额 “{shown}”")
    jiao, fen = (_digit_value(g) or Decimal(0) if g else Decimal(0) for g in m.groups())
    return jiao / 10 + fen / 100


def parse_amount(text: str) -> Decimal:
    """An amount in yuan, to the fen (2 decimals, rounded half up).

    ``50,000.00``, ``¥1,234.5``, ``5万元``, ``1.2亿``, ``五万元``, ``人民币伍万元整``,
    ``壹仟贰佰叁拾肆元伍角陆分``. Negative or non-numeric amounts raise.
    """
    shown = _compact(text)
    if shown.startswith(("-", "负")):
        try:
            magnitude = parse_amount(shown[1:])
        except ValueProblem:
            magnitude = None
        if magnitude != 0:  # -0 and -0.00 are zero, as exports write it
            raise ValueProblem(f"金额不能为负 “{shown}”")
        return Decimal("0.00")
    body = _strip_affixes(shown)
    if m := re.fullmatch("(.*?)[元圆块](.*)", body):
        yuan, tail = m[1], m[2]
    elif re.search("[角毛分]$", body):
        yuan, tail = "", body
    else:
        yuan, tail = body, ""
    if not yuan and not tail:
        raise ValueProblem(f"无法识别的金额 “{shown}”")
    try:
        value = (_decimal(yuan) if yuan else Decimal(0)) + _jiao_fen(tail, shown)
    except ValueProblem:
        raise ValueProblem(f"无法识别的金额 “{shown}”") from None
    if value >= _MAX_AMOUNT:
        raise ValueProblem(f"金额过大 “{shown}”")
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_YEARS_MONTHS_RE = re.compile(
    f"(?:([0-9.{NUMERAL_CHARS}]+)年)?(?:零)?(?:([0-9{NUMERAL_CHARS}]+)个?月)?(?:整)?"
)


def _whole(value: Decimal, shown: str) -> int:
    if value != value.to_integral_value():
        raise ValueProblem(f"不是整数 “{shown}”")
    if not 0 <= value <= _MAX_INTEGER:
        raise ValueProblem(f"整数超出范围 “{shown}”")
    return int(value)


def parse_integer(text: str) -> int:
    """A non-negative whole number: ``12``, ``12.0``, ``十二``, ``第156条``, ``12个月``.

    Durations in years and months become months: ``1年6个月`` → 18.
    """
    shown = _compact(text)
    if shown.startswith("-") and re.fullmatch(r"-0+(?:\.0*)?", shown):
        return 0  # -0, as some exports write zero
    body = shown
    if m := re.fullmatch(r"第(.+?)[条款项次]?", body):
        body = m[1]
    try:
        m = _YEARS_MONTHS_RE.fullmatch(body)
        if m and (m[1] or m[2]):
            years = _decimal(m[1]) if m[1] else Decimal(0)
            months = _decimal(m[2]) if m[2] else Decimal(0)
            return _whole(years * 12 + months, shown)
        value, _unit = _split_number_unit(body)
    except ValueProblem:
        raise ValueProblem(f"无法识别的整数 “{shown}”") from None
    return _whole(value, shown)


def parse_number(text: str) -> float:
    """A decimal number, with an optional trailing unit word (``10.5亩`` → 10.5)."""
    shown = _compact(text)
    negative = shown.startswith("-")
    try:
        value, _unit = _split_number_unit(shown[1:] if negative else shown)
    except ValueProblem:
        raise ValueProblem(f"无法识别的数字 “{shown}”") from None
    return -float(value) if negative else float(value)


# --- Flags, gender, enumerations ---------------------------------------------------------

TRUE_WORDS = frozenset({"是", "有", "对", "√", "✓", "✔", "1", "true", "t", "yes", "y"})
FALSE_WORDS = frozenset({"否", "无", "错", "×", "✗", "✘", "0", "false", "f", "no", "n"})
MALE_WORDS = frozenset({"男", "男性", "m", "male", "1"})
FEMALE_WORDS = frozenset({"女", "女性", "f", "female", "2"})


def parse_bool(text: str) -> bool:
    """是/否, 有/无, 对/错, √/×, true/false, yes/no, Y/N, T/F, 1/0 (letters in any case)."""
    word = _compact(text).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueProblem(f"无法识别的是否值 “{_clean(text)}”，应为 是/否")


def parse_gender(text: str) -> str:
    """男/女, 男性/女性, M/F, male/female, 1/2 (GB/T 2261.1) → ``M``/``F``."""
    word = _compact(text).lower()
    if word in MALE_WORDS:
        return "M"
    if word in FEMALE_WORDS:
        return "F"
    raise ValueProblem(f"无法识别的性别 “{_clean(text)}”，应为 男/女")


def enum_code_key(text: str) -> str:
    """How codes compare: case-insensitive, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", text.lower())


def enum_label_key(text: str) -> str:
    """How labels compare: whitespace-insensitive."""
    return re.sub(r"\s+", "", text)


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters → simplified (張偉 → 张伟); simplified text is unchanged."""
    return str(_t2s().convert(text))


def parse_enum(text: str, allowed: Mapping[str, str]) -> str:
    """One English code of ``allowed`` (code → Chinese label), given as the code or label,
    in simplified or traditional characters (沒收 reads as 没收)."""
    shown = _clean(text)
    key = enum_code_key(shown)
    for code in allowed:
        if enum_code_key(code) == key:
            return code
    key = enum_label_key(shown)
    for candidate in dict.fromkeys((key, to_simplified(key))):
        for code, label in allowed.items():
            if enum_label_key(label) == candidate:
                return code
    raise ValueProblem(f"无法识别的取值 “{shown}”，可选：{'、'.join(allowed.values())}")


def parse_enum_list(text: str, allowed: Mapping[str, str]) -> str:
    """A list of codes or labels (``自首;坦白``, ``自首、坦白``) → ``surrender;confession``."""
    items = [item for item in re.split(r"[;；,，、\s]+", _clean(text)) if item]
    if not items:
        raise ValueProblem("取值列表为空")
    codes = dict.fromkeys(parse_enum(item, allowed) for item in items)
    return ";".join(codes)


# --- Identity numbers (GB 11643) and organisation codes (GB 32100) -----------------------

# Whitespace removed from identifiers, and full-width forms folded, in Python and SQL alike:
# explicit sets, because NFKC and Unicode whitespace classes have no DuckDB equivalent. The
# set holds every space separator (Zs) that DuckDB's trim() removes, so a number reads the
# same whether or not import trimmed the cell first; plus controls and invisible marks.
ID_WHITESPACE = (
    " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\t\n\r\f\v\x85\u2028\u2029\u200b\ufeff"
)
_FULLWIDTH_DIGITS = "".join(chr(0xFF10 + i) for i in range(10))
_FULLWIDTH_UPPER = "".join(chr(0xFF21 + i) for i in range(26))
_FULLWIDTH_LOWER = "".join(chr(0xFF41 + i) for i in range(26))
_ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ID_FOLD_FROM = _FULLWIDTH_DIGITS + "ｘＸx"
ID_FOLD_TO = "0123456789XXX"
ORG_FOLD_FROM = _FULLWIDTH_DIGITS + _FULLWIDTH_UPPER + _FULLWIDTH_LOWER + _ASCII_UPPER.lower()
ORG_FOLD_TO = "0123456789" + _ASCII_UPPER * 3
_ID_FOLD = str.maketrans(ID_FOLD_FROM, ID_FOLD_TO, ID_WHITESPACE)
_ORG_FOLD = str.maketrans(ORG_FOLD_FROM, ORG_FOLD_TO, ID_WHITESPACE)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

IdStatus = Literal["valid", "upgraded", "bad_checksum", "malformed"]


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character (ISO 7064 MOD 11-2) of 17 ASCII digits."""
    if not re.fullmatch("[0-9]{17}", first17):
        raise ValueError(f"not 17 digits: {first17!r}")
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def _birth_date(yyyymmdd: str) -> date | None:
    if not re.fullmatch("[0-9]{8}", yyyymmdd):
        return None
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:]))
    except ValueError:
        return None
    return born if 1900 <= born.year <= 2100 else None


@dataclass(frozen=True)
class IdNumber:
    """A 公民身份号码 as stored: the (upgraded) number and how it was judged."""

    value: str
    status: IdStatus

    @property
    def birth_date(self) -> date | None:
        """The date in digits 7–14, when it is a real date."""
        return _birth_date(self.value[6:14])


def normalise_id_number(text: str) -> IdNumber:
    """Judge and normalise an identity number; never raises (bad numbers are flagged)."""
    compact = text.translate(_ID_FOLD)
    if re.fullmatch("[0-9]{15}", compact):
        first17 = compact[:6] + "19" + compact[6:]
        if _birth_date(first17[6:14]) is None:
            return IdNumber(text.strip(ID_WHITESPACE), "malformed")
        return IdNumber(first17 + id_check_digit(first17), "upgraded")
    if re.fullmatch("[0-9]{17}[0-9X]", compact) and _birth_date(compact[6:14]):
        ok = id_check_digit(compact[:17]) == compact[17]
        return IdNumber(compact, "valid" if ok else "bad_checksum")
    return IdNumber(text.strip(ID_WHITESPACE), "malformed")


def org_code_check_char(first17: str) -> str:
    """The GB 32100 check character of the first 17 characters of a credit code."""
    if len(first17) != 17 or any(c not in ORG_ALPHABET for c in first17):
        raise ValueError(f"not 17 code characters: {first17!r}")
    total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(first17, ORG_WEIGHTS, strict=True))
    return ORG_ALPHABET[(31 - total % 31) % 31]


def normalise_org_code(text: str) -> tuple[str, bool]:
    """The upper-cased 统一社会信用代码 and whether it is well formed with a correct check."""
    code = text.translate(_ORG_FOLD)
    valid = (
        len(code) == 18
        and all(c in ORG_ALPHABET for c in code)
        and org_code_check_char(code[:17]) == code[17]
    )
    return code, valid


# --- Dispatch ----------------------------------------------------------------------------


def parse_unit_code(text: str) -> str:
    """A 6-digit administrative division code."""
    code = _compact(text)
    if not re.fullmatch("[0-9]{6}", code):
        raise ValueProblem(f"单位代码应为6位数字 “{_clean(text)}”")
    return code


def parse_value(column_type: str, text: str, allowed: Mapping[str, str] | None = None) -> object:
    """Parse ``text`` as the contract column type ``column_type`` (see contract.yaml)."""
    simple = {
        "date": parse_date,
        "month": parse_month,
        "amount": parse_amount,
        "integer": parse_integer,
        "number": parse_number,
        "bool": parse_bool,
        "gender": parse_gender,
        "unit_code": parse_unit_code,
        "id_number": normalise_id_number,
        "org_code": normalise_org_code,
    }
    if column_type in ("text", "code"):
        return text.strip()
    if column_type in simple:
        return simple[column_type](text)
    if column_type in ("enum", "enum_list"):
        if allowed is None:
            raise ValueError(f"column type {column_type} needs its allowed values")
        if column_type == "enum":
            return parse_enum(text, allowed)
        return parse_enum_list(text, allowed)
    raise ValueError(f"unknown column type {column_type!r}")
