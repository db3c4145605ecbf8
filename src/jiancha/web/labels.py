"""Chinese labels of the codes pages show: supervision domains, procuratorates, models."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from jiancha.casebook.actions import UNIT_NAMES
from jiancha.models.conclusion import cn_date
from jiancha.reports.clue_export import DOMAIN_LABELS
from jiancha.schema import contract

_NAME_SUFFIX = "人民检察院"
_PROVINCE = re.compile(r"^[^省]{2,3}省(?=.)")


def domain_label(code: str) -> str:
    """``execution`` → 刑事执行; an unknown code is shown as it is."""
    return DOMAIN_LABELS.get(code, code)


def unit_label(code: str) -> str:
    """``350602`` → 漳州市芗城区院, ``3506`` → 漳州市院 (the province goes without saying);
    units without a known name keep their code."""
    name = UNIT_NAMES.get(code)
    if name is None:
        return code
    if not name.endswith(_NAME_SUFFIX):
        return name
    return _PROVINCE.sub("", name.removesuffix(_NAME_SUFFIX)) + "院"


def units_text(codes: Iterable[str]) -> str:
    """A user's units as the header and the overview name them: 漳州市芗城区院、漳州市龙文区院."""
    return "、".join(unit_label(c) for c in codes)


def date_text(value: Any) -> str:
    """A date as a person reads it: 2026年9月1日 (``{{ day|cn_date }}``); nothing for none."""
    return "" if value is None or value == "" else cn_date(value)


def minute_text(value: datetime | None) -> str:
    """A moment to the minute: 2026年9月1日 14:30 (``{{ at|cn_minute }}``)."""
    return "" if value is None else f"{cn_date(value)} {value:%H:%M}"


def second_text(value: datetime | None) -> str:
    """A moment to the second, as the audit log and the intake keep it: 2026年9月1日 14:30:05."""
    return "" if value is None else f"{cn_date(value)} {value:%H:%M:%S}"


class ModelTitles:
    """Model id → title, read once from the project's catalogue (loading it parses every
    model file, too slow for each page)."""

    def __init__(self, models: Iterable[tuple[str, str]]) -> None:
        self._titles = dict(models)

    def __call__(self, model_id: str) -> str:
        return self._titles.get(model_id, model_id)


# What each kind of ledger entry records (the ledger's own kinds and the registers').
LEDGER_KIND_LABELS: dict[str, str] = {
    "clue_event": "线索办理",
    "document": "文书",
    "file": "文件",
    "custody": "涉案财物保管",
    "service": "电子送达",
    "intake_batch": "数据推送批次",
    "interference": "干预司法记录",
    "quality_sample": "案件质量评查抽样",
    "supervisor_draw": "人民监督员抽选",
}


def due_source_label(source: str) -> str:
    """Where a deadline comes from: the casebook's clues, an imported table by its label, or a
    register (already named in Chinese)."""
    if source == "casebook":
        return "线索办理"
    table = contract().tables.get(source)
    return table.label if table is not None else source


def days_left_text(days: int) -> str:
    """已逾期 27 天 / 今日到期 / 剩余 3 天 (never a bare negative number)."""
    if days < 0:
        return f"已逾期 {-days} 天"
    if days == 0:
        return "今日到期"
    return f"剩余 {days} 天"


def period_text(start: date, end: date) -> str:
    """A statistics period [start, end) as a person reads it, both days included:
    2026年1月1日至2026年12月31日 (not 2026-01-01 至 2027-01-01)."""
    return f"{cn_date(start)}至{cn_date(end - timedelta(days=1))}"
