"""A register's figures for a period, in one shape that ``jiancha stats`` prints and the
period report turns into its section (reports.register_sections)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CellFormat = Literal["text", "count"]


@dataclass(frozen=True)
class SummaryTable:
    title: str
    columns: tuple[tuple[str, CellFormat], ...]  # header and how its cells read
    rows: tuple[tuple[str | int, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class RegisterSummary:
    key: str  # the register (and the period report's section)
    title: str  # 过问干预司法记录, 人民监督员与公开听证…
    paragraphs: tuple[str, ...]
    tables: tuple[SummaryTable, ...] = ()
