"""Clue lists as files people open: JSON for scripts, CSV and XLSX for officers.

Headers, sheet names, statuses, table names and fact names are shown in Chinese; ids and
codes stay as stored so an exported row can be found again in the casebook. Personal data
(id numbers, phones, addresses, birth dates) is masked (:func:`masked`) unless the person
exporting asks otherwise with a reason, which the command line audits.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from jiancha.casebook.views import ClueView
from jiancha.casebook.wording import subject_labels
from jiancha.errors import CasebookError
from jiancha.models.hit import Evidence, LegalBasis
from jiancha.text.masking import Masker

if TYPE_CHECKING:
    from jiancha.models.catalogue import Model

ExportFormat = Literal["json", "csv", "xlsx"]
FORMATS: tuple[str, ...] = ("json", "csv", "xlsx")

# Sheet order of the workbook: the supervision domains of MODELS.md.
DOMAIN_LABELS: dict[str, str] = {
    "filing": "立案与侦查监督",
    "custody": "羁押与办案期限",
    "trial": "审判监督",
    "execution": "刑事执行",
    "civil": "民事检察",
    "admin": "行政检察",
    "pil": "公益诉讼",
    "public_interest": "公益诉讼",
    "minors": "未成年人检察",
    "management": "案件管理",
}
_DOMAIN_ORDER = list(dict.fromkeys(DOMAIN_LABELS.values()))
OTHER_DOMAIN = "其他"

# Names models use in subjects and facts that are not columns of the data contract.
_EXTRA_LABELS: dict[str, str] = {
    "org": "单位名称",
    "org_name": "单位名称",
    "as_of": "评价日期",
    "days": "天数",
    "months": "月数",
    "link_probability": "匹配概率",
}

_MAX_WIDTH = 60
_SHEET_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class ModelNames:
    """What a list says of a clue's model: its title, and its facts' labels (the model's
    header, as the clue page labels them). Without them a list names the model by its id
    and a fact by the contract's column of that name."""

    titles: Mapping[str, str] = field(default_factory=dict)
    facts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @classmethod
    def of(cls, models: Iterable[Model]) -> ModelNames:
        found = list(models)
        return cls({m.id: m.title for m in found}, {m.id: dict(m.header.facts) for m in found})

    def title(self, model_id: str) -> str:
        return self.titles.get(model_id, model_id)

    def fact_labels(self, model_id: str) -> dict[str, str]:
        return {**_field_labels(), **self.facts.get(model_id, {})}


_NO_NAMES = ModelNames()


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[ClueView, ModelNames], str | datetime | None]
    max_width: int = _MAX_WIDTH


def domain_label(clue: ClueView) -> str:
    """The Chinese name of a clue's domain (a code, a Chinese name, or the model's prefix)."""
    domain = clue.domain or clue.model_id.split(".", 1)[0]
    if domain in _DOMAIN_ORDER:
        return domain
    return DOMAIN_LABELS.get(domain, domain or OTHER_DOMAIN)


@cache
def _table_labels() -> dict[str, str]:
    from jiancha.schema import contract

    return {name: table.label for name, table in contract().tables.items()}


@cache
def _field_labels() -> dict[str, str]:
    from jiancha.schema import contract

    labels: dict[str, str] = {}
    for table in contract().tables.values():
        for column in table.columns:
            labels.setdefault(column.name, column.label)
    return {**labels, **_EXTRA_LABELS}


def evidence_text(evidence: Sequence[Evidence]) -> str:
    """``罪犯收押 P0001；刑罚变更执行 E0002``."""
    labels = _table_labels()
    return "；".join(f"{labels.get(e.table, e.table)} {e.record_id}" for e in evidence)


def value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(value_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def fields_text(values: dict[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """``姓名：张三；身份证号：…`` by the Chinese names the contract (or ``labels``) gives
    (a name without one as it is, as the clue page shows it)."""
    labels = labels if labels is not None else _field_labels()
    return "；".join(
        f"{labels.get(k, k)}：{value_text(v)}" for k, v in values.items() if v not in (None, "")
    )


def legal_basis_text(basis: Sequence[LegalBasis]) -> str:
    parts = []
    for item in basis:
        law = item.law if item.law.startswith("《") else f"《{item.law}》"
        parts.append(f"{law}{item.article}")
    return "；".join(parts)


COLUMNS: tuple[Column, ...] = (
    Column("线索编号", lambda c, _: c.id),
    Column("业务领域", lambda c, _: domain_label(c)),
    Column("监督模型", lambda c, names: names.title(c.model_id)),
    Column("线索名称", lambda c, _: c.title),
    Column("状态", lambda c, _: c.status_label),
    Column("单位代码", lambda c, _: c.unit_code),
    Column("监督对象", lambda c, _: fields_text(c.subject, subject_labels())),
    Column("证据", lambda c, _: evidence_text(c.evidence)),
    Column("比对事实", lambda c, names: fields_text(c.facts, names.fact_labels(c.model_id))),
    Column("法律依据", lambda c, _: legal_basis_text(c.legal_basis)),
    Column("首次发现", lambda c, _: c.first_seen_at),
    Column("最近发现", lambda c, _: c.last_seen_at),
    Column("数据消除时间", lambda c, _: c.resolved_at),
)

# The terminal list: what fits a screen; the rest is in the detail and the files.
TABLE_COLUMNS: tuple[Column, ...] = tuple(
    c
    for c in COLUMNS
    if c.header in ("线索编号", "线索名称", "状态", "单位代码", "监督对象", "证据", "首次发现")
)


def masked(clues: Sequence[ClueView]) -> list[ClueView]:
    """The clues with their personal data masked: each clue's title, subject and facts, with
    the birth dates of its id numbers masked wherever they stand in it."""
    out = []
    for clue in clues:
        masker = Masker.over(clue.subject, clue.facts, clue.title)
        out.append(
            replace(
                clue,
                title=masker.text(clue.title),
                subject=masker.mapping(clue.subject),
                facts=masker.mapping(clue.facts),
            )
        )
    return out


def _text(value: str | datetime | None) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value or ""


def to_json(clues: Sequence[ClueView]) -> str:
    """A JSON array in the shape of ``jiancha clues list --format json``."""
    return json.dumps([c.as_dict() for c in clues], ensure_ascii=False, indent=2, default=str)


def to_csv(clues: Sequence[ClueView], names: ModelNames = _NO_NAMES) -> str:
    """CSV text starting with a byte-order mark, so Excel reads it as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([c.header for c in COLUMNS])
    for clue in clues:
        writer.writerow([_text(c.value(clue, names)) for c in COLUMNS])
    return buffer.getvalue()


def table_rows(clues: Sequence[ClueView]) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of text for a terminal table (the CLI renders them with rich)."""
    headers = [c.header for c in TABLE_COLUMNS]
    return headers, [[_text(c.value(clue, _NO_NAMES)) for c in TABLE_COLUMNS] for clue in clues]


def to_xlsx(clues: Sequence[ClueView], names: ModelNames = _NO_NAMES) -> bytes:
    """A workbook with one sheet per domain, Chinese headers, frozen header row."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    styles = {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "time": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm", "valign": "top"}),
    }
    groups = _by_domain(clues)
    for label, members in groups.items():
        _write_sheet(workbook.add_worksheet(_sheet_name(label)), members, styles, names)
    workbook.close()
    return buffer.getvalue()


def render(clues: Sequence[ClueView], fmt: str, names: ModelNames = _NO_NAMES) -> bytes:
    """The bytes of a file in ``fmt`` (json, csv or xlsx)."""
    if fmt == "json":
        return to_json(clues).encode("utf-8")
    if fmt == "csv":
        return to_csv(clues, names).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(clues, names)
    raise CasebookError(f"不支持的导出格式 “{fmt}”；可用：{'、'.join(FORMATS)}")


def _by_domain(clues: Sequence[ClueView]) -> dict[str, list[ClueView]]:
    """Clues grouped by domain label, known domains in catalogue order, then the rest."""
    groups: dict[str, list[ClueView]] = {}
    for clue in clues:
        groups.setdefault(domain_label(clue), []).append(clue)
    if not groups:
        return {"监督线索": []}  # a workbook needs a sheet; an empty list still has headers

    def rank(label: str) -> tuple[int, str]:
        known = label in _DOMAIN_ORDER
        return (_DOMAIN_ORDER.index(label) if known else len(_DOMAIN_ORDER), label)

    return {label: groups[label] for label in sorted(groups, key=rank)}


def _sheet_name(label: str) -> str:
    return label.translate(_SHEET_FORBIDDEN)[:31] or OTHER_DOMAIN


def _write_sheet(
    sheet: Any, clues: Sequence[ClueView], styles: dict[str, Any], names: ModelNames
) -> None:
    widths = [_display_width(c.header) for c in COLUMNS]
    for col, column in enumerate(COLUMNS):
        sheet.write_string(0, col, column.header, styles["header"])
    for row, clue in enumerate(clues, start=1):
        for col, column in enumerate(COLUMNS):
            value = column.value(clue, names)
            if isinstance(value, datetime):
                sheet.write_datetime(row, col, value, styles["time"])
                widths[col] = max(widths[col], 16)
            else:
                sheet.write_string(row, col, value or "", styles["text"])
                widths[col] = max(widths[col], _display_width(value or ""))
    for col, column in enumerate(COLUMNS):
        sheet.set_column(col, col, min(widths[col] + 2, column.max_width))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(clues), 1), len(COLUMNS) - 1)


def _display_width(text: str) -> int:
    """Width in Excel character units: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
