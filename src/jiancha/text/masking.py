"""Masking personal data by the kind of value, not by the name of its column.

One recogniser (:func:`find`) knows four kinds of value wherever they stand — a table cell,
a model's fact (``shared_values``: "电话 13800138000；住址 …"), a judgment excerpt or a note:

- **id numbers** (居民身份证号码, GB 11643-1999): 18 characters — province, region, a real
  birth date, sequence and check digit — and the older 15 digits. A number of that shape
  whose check digit is wrong (a typing error) is still somebody's number and is masked too;
  :func:`is_id_number` is the strict test, checksum included.
- **phone numbers**: mobiles (1[3-9] and nine digits, with +86, spaces or dashes) and
  landlines (0, a 2–3 digit area code, 7–8 digits, with an extension).
- **addresses**: a street, village or estate (路、街、巷、村、小区…) after the
  administrative divisions (省、市、区、县、镇、乡、街道), or followed by a house number
  (12号、3幢、201室); the province, city and county stay, the rest is covered. Agency names
  (漳州市芗城区人民法院) and document numbers (〔2024〕73号) are not addresses.
- **birth dates**: a date said to be one (出生日期：…, 1990年1月1日出生), a date under a key
  naming a birth, and any date equal to the birth date of an id number in the same record:
  an id number masked beside the date that completes it would be no mask at all, so such
  dates keep their year only (1990-**-**, 1990年**月**日).

Keys still help: a value under a key naming an id number, phone or address (``id_number``,
``电话``, ``住址``) is covered even when its shape is not recognised (a malformed number).
Names are not masked here: the workbench's users handle the cases by name; published texts
use :mod:`jiancha.text.publish` (surname + 某). The web (pages, API), the exports and the
import quarantine all mask through this module (``jiancha.web.masking`` is its name there).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from jiancha.values import id_check_digit

__all__ = [
    "Masker",
    "Span",
    "find",
    "id_birth_date",
    "is_id_number",
    "mask_field",
    "mask_mapping",
    "mask_text",
    "mask_value",
    "quarantined_text",
    "sensitive_key",
]

# -- id numbers -----------------------------------------------------------------------------

# the provinces' codes (GB/T 2260): the first two digits of every id number
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83 91".split()
)
_NOT_BEFORE = r"(?<![0-9A-Za-z*])"
_ID18 = re.compile(_NOT_BEFORE + r"(\d{6})(\d{8})(\d{3})([0-9Xx])(?![0-9A-Za-z])")
_ID15 = re.compile(_NOT_BEFORE + r"(\d{6})(\d{6})(\d{3})(?![0-9A-Za-z])")


def _birth(digits: str) -> date | None:
    """The date of ``YYYYMMDD`` if it is one a living person may be born on."""
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return born if 1880 <= born.year <= date.today().year else None


def _id_birth(number: str) -> date | None:
    """The birth date in an id-shaped number (18 or 15 digits) from a known province."""
    if number[:2] not in PROVINCES:
        return None
    if len(number) == 18:
        return _birth(number[6:14])
    if len(number) == 15 and number.isdigit():
        return _birth("19" + number[6:12])
    return None


def is_id_number(text: str) -> bool:
    """A valid id number: 18 characters with a correct check digit, or 15 digits, either
    with a known province and a real birth date."""
    number = text.strip().upper()
    if len(number) == 18:
        ok = number[:17].isdigit() and id_check_digit(number[:17]) == number[17]
        return ok and _id_birth(number) is not None
    return len(number) == 15 and _id_birth(number) is not None


def id_birth_date(text: str) -> date | None:
    """The birth date an id number holds (None: not an id number's shape)."""
    number = text.strip().upper()
    if len(number) == 18 and not number[:17].isdigit():
        return None
    return _id_birth(number)


# -- phones ---------------------------------------------------------------------------------

_MOBILE = re.compile(
    _NOT_BEFORE + r"(?P<cc>(?:\+|00)?86[-\s]?)?(?P<a>1[3-9]\d)[-\s]?(?P<b>\d{4})[-\s]?"
    r"(?P<c>\d{4})(?!\d)"
)
_LANDLINE = re.compile(
    _NOT_BEFORE + r"(?:[(（](?P<area>0\d{2,3})[)）]\s?|(?P<area2>0\d{2,3})(?:-|\s)?)"
    r"(?P<num>\d{7,8})(?P<ext>(?:-|转)\d{1,5})?(?!\d)"
)

# -- addresses ------------------------------------------------------------------------------

_CN = "\u4e00-\u9fff"
_ADMIN_KEPT = ("省", "自治区", "特别行政区", "市", "自治州", "地区", "盟", "区", "县", "旗")
_ADMIN = rf"[{_CN}]{{1,10}}?(?:省|自治区|特别行政区|自治州|地区|市|盟|区|县|旗|街道|镇|乡)"
_STREET = (
    rf"[{_CN}0-9A-Za-z]{{1,12}}?"
    r"(?:大道|路|街|巷|弄|胡同|村|社区|小区|花园|大厦|公寓|新村|家园|广场)"
)
_NUMBER = (
    r"[0-9A-Za-z一二三四五六七八九十百零〇甲乙丙丁\-—]{1,8}"
    r"(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|户|组)"
)
_ADDRESS = re.compile(
    rf"(?P<admin>(?:(?>{_ADMIN})){{0,6}})(?P<street>(?:(?>{_STREET})){{1,3}})"
    rf"(?P<num>(?:(?>{_NUMBER})){{0,4}})"
)
# an address never crosses punctuation or spaces; a piece without a street has none
_SEGMENT = re.compile(rf"[{_CN}0-9A-Za-z\-—]+")
_STREET_MARK = re.compile(r"大道|路|街|巷|弄|胡同|村|社区|小区|花园|大厦|公寓|新村|家园|广场")
_ADMIN_PIECE = re.compile(_ADMIN)
# words that say an address follows: not part of it
_LEAD_IN = re.compile(r"(?:现住|暂住|家住|住址|住所地|户籍所在地|户籍地|居住地|住|在|于|系)")
_AGENCY_AFTER = re.compile(r"^(?:人民|公安|司法|检察|法院|派出所|分局|支队|大队|委员会|政府)")

# -- dates ----------------------------------------------------------------------------------

_DATE = re.compile(
    r"(?<![0-9])(?P<y>(?:18|19|20)\d{2})(?:(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    r"|年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日"
    r"|(?P<xm>\d{2})(?P<xd>\d{2}))(?![0-9])"
)
_BIRTH_BEFORE = re.compile(r"(?:出生日期|出生年月日|出生时间|出生于|生于|生日|出生)[：:为是\s]*$")
_BIRTH_AFTER = re.compile(r"^(?:出生|生(?![效产活病成存意前命])|年?生人)")

# keys that name a kind of personal value, in English (code) or Chinese (a file's header)
_ID_KEYS = ("id_number", "idcard", "id_card", "id_no", "身份证", "证件号")
_PHONE_KEYS = ("phone", "mobile", "telephone", "tel", "电话", "手机", "联系方式")
_ADDRESS_KEYS = ("address", "addr", "住址", "地址", "住所", "户籍地", "居住地", "现住")
_BIRTH_KEYS = ("birth", "dob", "出生", "生日")


def _key_kind(key: str) -> str | None:
    lowered = key.lower()
    for kind, names in (
        ("id_number", _ID_KEYS),
        ("phone", _PHONE_KEYS),
        ("address", _ADDRESS_KEYS),
        ("birth_date", _BIRTH_KEYS),
    ):
        if any(n in lowered for n in names):
            return kind
    return None


def sensitive_key(key: str) -> bool:
    """A key naming an id number, phone, address or birth date."""
    return _key_kind(key) is not None


# -- finding --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One personal value in a text: where, what kind, and its masked form."""

    start: int
    end: int
    kind: str  # id_number, phone, address, birth_date
    original: str
    masked: str


def _free(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in taken)


def _id_spans(text: str, births: set[date]) -> list[Span]:
    spans = []
    for rx in (_ID18, _ID15):
        for m in rx.finditer(text):
            number = m.group(0)
            born = _id_birth(number.upper())
            if born is None:
                continue
            births.add(born)
            keep_tail = 4 if len(number) == 18 else 3
            masked = number[:6] + "*" * (len(number) - 6 - keep_tail) + number[-keep_tail:]
            spans.append(Span(m.start(), m.end(), "id_number", number, masked))
    return spans


def _phone_spans(text: str) -> list[Span]:
    spans = []
    for m in _MOBILE.finditer(text):
        masked = (m["cc"] or "") + f"{m['a']}****{m['c']}"
        spans.append(Span(m.start(), m.end(), "phone", m.group(0), masked))
    for m in _LANDLINE.finditer(text):
        number = m["num"]
        head = m.group(0)[: m.start("num") - m.start()]
        masked = head + "*" * (len(number) - 4) + number[-4:] + ("" if not m["ext"] else "-**")
        spans.append(Span(m.start(), m.end(), "phone", m.group(0), masked))
    return spans


def _address_spans(text: str) -> list[Span]:
    spans = []
    for segment in _SEGMENT.finditer(text):
        if _STREET_MARK.search(segment.group(0)):
            spans += _segment_addresses(text, segment.start(), segment.end())
    return spans


def _segment_addresses(text: str, start: int, end: int) -> list[Span]:
    spans = []
    for m in _ADDRESS.finditer(text, start, end):
        admin, number = m["admin"], m["num"]
        if not (admin or number):
            continue  # a bare 人民路 in prose is not somebody's address
        if not number and _AGENCY_AFTER.match(text[m.end() :]):
            continue
        lead = _LEAD_IN.match(m.group(0))
        begin = m.start() + (lead.end() if lead else 0)
        kept = _kept_admin(text[begin : m.start("street")])
        spans.append(Span(begin, m.end(), "address", text[begin : m.end()], kept + "****"))
    return spans


def _kept_admin(admin: str) -> str:
    """The province, city and county of an address (its town and street are covered)."""
    kept = ""
    for piece in _ADMIN_PIECE.findall(admin):
        if not piece.endswith(_ADMIN_KEPT):
            break
        kept += piece
    return kept


def _date_of(m: re.Match[str]) -> date | None:
    month = m["m"] or m["cm"] or m["xm"]
    day = m["d"] or m["cd"] or m["xd"]
    try:
        return date(int(m["y"]), int(month), int(day))
    except ValueError:
        return None


def _year_only(m: re.Match[str]) -> str:
    if m["sep"]:
        return f"{m['y']}{m['sep']}**{m['sep']}**"
    if m["cm"]:
        return f"{m['y']}年**月**日"
    return f"{m['y']}****"


def _birth_spans(text: str, births: set[date], *, all_dates: bool) -> list[Span]:
    spans = []
    for m in _DATE.finditer(text):
        found = _date_of(m)
        if found is None:
            continue
        said = bool(
            _BIRTH_BEFORE.search(text[max(0, m.start() - 8) : m.start()])
            or _BIRTH_AFTER.match(text[m.end() : m.end() + 3])
        )
        if found in births or said or all_dates:
            spans.append(Span(m.start(), m.end(), "birth_date", m.group(0), _year_only(m)))
    return spans


def find(text: str, births: Iterable[date] = (), *, birth_field: bool = False) -> list[Span]:
    """Every personal value in ``text``, in text order, without overlaps.

    ``births`` are birth dates known from id numbers elsewhere in the same record (the id
    numbers in ``text`` itself are added); ``birth_field``: the text is a birth date's value,
    so every date in it is one.
    """
    known = set(births)
    taken: list[tuple[int, int]] = []
    out: list[Span] = []
    candidates = _id_spans(text, known) + _phone_spans(text) + _address_spans(text)
    candidates += _birth_spans(text, known, all_dates=birth_field)
    for span in candidates:
        if _free(taken, span.start, span.end):
            taken.append((span.start, span.end))
            out.append(span)
    return sorted(out, key=lambda s: s.start)


def _apply(text: str, spans: list[Span]) -> str:
    pieces, pos = [], 0
    for span in spans:
        pieces += [text[pos : span.start], span.masked]
        pos = span.end
    return "".join([*pieces, text[pos:]])


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)


def _cover(text: str) -> str:
    """A value whose key names it personal but whose shape was not recognised (a malformed
    number, an address without the usual parts): its first few characters only."""
    keep = min(4, len(text) // 4)
    return text[:keep] + "*" * max(3, len(text) - keep)


# -- masking --------------------------------------------------------------------------------


class Masker:
    """Masks values that belong together (a clue's subject, facts and evidence rows; an
    export's row; a quarantined row) so that a date completing a masked id number anywhere
    among them is masked too."""

    def __init__(self, births: Iterable[date] = ()) -> None:
        self.births: set[date] = set(births)

    @classmethod
    def over(cls, *values: Any) -> Masker:
        """A masker that knows the birth dates of every id number in ``values``."""
        births: set[date] = set()
        for value in values:
            for text in _strings(value):
                for m in (*_ID18.finditer(text), *_ID15.finditer(text)):
                    if (born := _id_birth(m.group(0).upper())) is not None:
                        births.add(born)
        return cls(births)

    def text(self, text: str, *, kind: str | None = None) -> str:
        """``text`` with its personal values masked; ``kind``: what its key says it is."""
        spans = find(text, self.births, birth_field=kind == "birth_date")
        masked = _apply(text, spans)
        if kind in ("id_number", "phone", "address") and masked == text and text.strip():
            if kind == "address" or any(ch.isdigit() for ch in text):
                return _cover(text)
        return masked

    def value(self, value: Any, *, key: str | None = None) -> Any:
        kind = _key_kind(key) if key else None
        if value is None or isinstance(value, bool | int | float):
            if (
                kind in ("id_number", "phone")
                and isinstance(value, int)
                and not isinstance(value, bool)
            ):
                return self.text(str(value), kind=kind)
            return value
        if isinstance(value, datetime | date):
            day = value.date() if isinstance(value, datetime) else value
            if kind == "birth_date" or day in self.births:
                return f"{day.year}-**-**"
            return value
        if isinstance(value, str):
            return self.text(value, kind=kind)
        if isinstance(value, Mapping):
            return self.mapping(value)
        if isinstance(value, list | tuple):
            return [self.value(v, key=key) for v in value]
        return value

    def mapping(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {key: self.value(value, key=str(key)) for key, value in values.items()}


def mask_text(text: str) -> str:
    """Id numbers keep their region and last four, phones their first three (a landline its
    area code) and last four, addresses their province, city and county; birth dates their
    year."""
    return Masker.over(text).text(text)


def mask_value(value: Any) -> Any:
    return Masker.over(value).value(value)


def mask_field(key: str, value: Any) -> Any:
    return Masker.over(value).value(value, key=key)


def mask_mapping(values: Mapping[str, Any]) -> dict[str, Any]:
    return Masker.over(values).mapping(values)


def quarantined_text(reason: str, raw: str | None, *, masked: bool = True) -> tuple[str, str]:
    """A quarantined row as a reader sees it: why it was refused and its raw content (a JSON
    object of the file's headers and cells, or a line of text), both masked unless
    ``masked`` is False. The refusal may quote the refused value (“证件号”… “3506…”): a value
    masked in the content is masked where the refusal quotes it too, even when only its key
    says it is personal (a malformed number)."""
    try:
        values = json.loads(raw or "")
    except ValueError:
        values = None
    if not isinstance(values, dict):
        text = raw or ""
        masker = Masker.over(text, reason)
        return (masker.text(reason), masker.text(text)) if masked else (reason, text)
    row = {str(k): v for k, v in values.items() if k != "_row" and v not in (None, "")}
    if masked:
        masker = Masker.over(row)
        shown = masker.mapping(row)
        for key, value in row.items():
            if isinstance(value, str) and len(value) >= 4 and shown[key] != value:
                reason = reason.replace(value, str(shown[key]))
        reason, row = masker.text(reason), shown
    return reason, "；".join(f"{k}：{v}" for k, v in row.items())
