"""Values as a prosecutor reads them: enum codes by their contract labels, booleans as 是/否,
dates as 2024年10月30日, amounts with 元 and thousands separators, ratios as percentages.

One place for the clue page, ``clues show`` and the API's readable fields: a fact or an
evidence cell goes through :func:`fact_text` or :func:`cell_text`, never ``str()``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from jiancha.casebook.actions import UNIT_NAMES, by_unit
from jiancha.models.conclusion import cn_date, cn_month, enum_labels, num, pct, yuan
from jiancha.schema import Column, contract

EMPTY = "—"
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_ISO_MONTH = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])$")
_LIST_SEPARATORS = re.compile(r"\s*[;；、]\s*")

# Facts named for what they hold: the suffix says the unit (a model's fact labels say the
# rest, 刑期（月）).
_AMOUNT_SUFFIXES = ("_yuan",)
_RATIO_SUFFIXES = ("_ratio", "_share", "_pct")


@cache
def column_labels() -> dict[str, str]:
    """Every contract column name → its label (the first table's, where names repeat), and
    the columns linking adds beside the id numbers (person_id: 人员编号)."""
    labels: dict[str, str] = {}
    for table in contract().tables.values():
        labels.update({k: v for k, v in table_column_labels(table.name).items() if k not in labels})
    return labels


# A model's subject names who or what the clue is about: contract columns (labelled by the
# contract) and the names models give them (labelled here, one vocabulary for the clue page,
# the search, ``clues list`` and the exports).
SUBJECT_LABELS = {
    "name": "姓名",
    "id_number": "身份证号",
    "case_id": "案件编号",
    "org_code": "统一社会信用代码",
    "org": "单位名称",
    "org_name": "单位名称",
    "defendant_name": "被告人",
    "defendant_id_number": "被告人身份证号",
    "suspect_name": "嫌疑人",
    "suspect_id_number": "嫌疑人身份证号",
    "party_name": "当事人",
    "party_id_number": "当事人身份证号",
    "party_id": "当事人记录编号",
    "party_key": "当事人证件号",
    "plaintiff_names": "原告",
    "defendant_names": "被告",
    "plaintiff_key": "原告证件号",
    "plaintiff_name": "原告",
    "creditor_name": "债权人",
    "debtor_key": "被执行人证件号",
    "recipient_key": "领取人证件号",
    "person_key": "证件号",
    "firm": "律师事务所",
    "petitioner_name": "信访人",
    "recipient": "被建议单位",
    "case_ref": "关联案件",
    "item": "财物",
}


@cache
def subject_labels() -> dict[str, str]:
    """Every name a model's subject may use → its label: the contract's columns, then the
    names models give (:data:`SUBJECT_LABELS`)."""
    return {**column_labels(), **SUBJECT_LABELS}


@cache
def table_column_labels(table_name: str) -> dict[str, str]:
    """A table's column names → labels, with linking's person and organisation ids."""
    from jiancha.link.mentions import id_column_map

    table = contract().tables.get(table_name)
    if table is None:
        return {}
    labels = {c.name: c.label for c in table.columns}
    for source, linked in id_column_map().items():
        if source in labels:
            label = labels[source].replace("身份证号", "人员编号")
            labels[linked] = label.replace("统一社会信用代码", "单位编号")
    return labels


def bool_text(value: bool) -> str:
    return "是" if value else "否"


def code_text(value: str) -> str:
    """An enum code (or a ``;``-list of codes) by its label; other text as it is."""
    labels = enum_labels()
    if value in labels:
        return labels[value]
    parts = [p for p in _LIST_SEPARATORS.split(value) if p]
    if len(parts) > 1 and all(p in labels for p in parts):
        return "、".join(labels[p] for p in parts)
    if value in ("True", "true"):
        return "是"
    if value in ("False", "false"):
        return "否"
    return value


def fact_text(name: str, value: Any) -> str:
    """A model's fact as the clue page shows it (the fact's name says amount or ratio)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return bool_text(value)
    if name.endswith(_AMOUNT_SUFFIXES) or name.startswith("threshold"):
        return yuan(value) if _numeric(value) else code_text(str(value))
    if name.endswith(_RATIO_SUFFIXES):
        return pct(value) if _numeric(value) else code_text(str(value))
    return plain_text(value)


def plain_text(value: Any) -> str:
    """Any value without a known column: dates, numbers, codes, lists."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return bool_text(value)
    if isinstance(value, datetime | date):
        return cn_date(value)
    if isinstance(value, int | float | Decimal):
        return num(value)
    if isinstance(value, list | tuple):
        return "、".join(plain_text(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "；".join(f"{column_labels().get(k, k)}：{plain_text(v)}" for k, v in value.items())
    text = str(value)
    if _ISO_DAY.match(text):
        return cn_date(text)
    if _ISO_MONTH.match(text):
        return cn_month(text)
    return code_text(text)


def cell_text(column: Column | None, value: Any) -> str:
    """An evidence row's cell by its contract column's type."""
    if value is None or value == "":
        return ""
    if column is None:
        return plain_text(value)
    kind = column.type
    if kind == "bool":
        if isinstance(value, str):
            return code_text(value)
        return bool_text(bool(value))
    if kind in ("enum", "gender"):
        return column.allowed.get(str(value), code_text(str(value)))
    if kind == "enum_list":
        parts = [p for p in _LIST_SEPARATORS.split(str(value)) if p]
        return "、".join(column.allowed.get(p, p) for p in parts)
    if kind == "amount":
        return yuan(value)
    if kind == "date":
        return cn_date(value)
    if kind in ("integer", "number"):
        return num(value)
    if kind == "unit_code":
        return area_text(str(value))
    return str(value)


def area_text(code: str) -> str:
    """A record's unit by the area of its procuratorate, with the code as exported:
    ``350602`` → 漳州市芗城区（350602）, a police station's ``35060201`` too; a code no
    procuratorate's area covers stays as it is."""
    name = by_unit(UNIT_NAMES, code.strip())
    if name is None:
        return code
    return f"{name.removesuffix('人民检察院')}（{code.strip()}）"


def _numeric(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    try:
        float(str(value).replace(",", ""))
    except ValueError:
        return False
    return True
