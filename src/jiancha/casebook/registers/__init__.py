"""The registers the measures ask for (issue 17): records no supervision model produces but
that a procuratorate must keep, report on and be audited against.

:class:`Registers` is the sub-façade :class:`~jiancha.casebook.casework.Casework` exposes
as ``work.registers``: one attribute per register, each verb one transaction. A register
whose rows go on the signed ledger names in :func:`ledger_sources` how ``ledger verify``
re-reads them, so a row edited behind the platform's back is found.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from jiancha.casebook.registers.common import COMMAND_LINE, Viewer

if TYPE_CHECKING:
    from jiancha.casebook.deadlines import DueItem, WorkCalendar
    from jiancha.casebook.ledger import Ledger, SourceCheck
    from jiancha.casebook.registers.aid import AidRegister, Rows
    from jiancha.casebook.registers.interference import InterferenceRegister
    from jiancha.casebook.registers.minors import MinorsRegister
    from jiancha.casebook.registers.quality import QualityRegister
    from jiancha.casebook.registers.remote import RemoteRegister
    from jiancha.casebook.registers.summary import RegisterSummary
    from jiancha.casebook.registers.supervisors import SupervisorRegister
    from jiancha.casebook.store import Casebook

# The registers in the order the reports show them (an attribute of Registers each).
REGISTER_KEYS = ("interference", "supervisors", "remote", "quality", "minors", "aid")

__all__ = ["COMMAND_LINE", "REGISTER_KEYS", "Registers", "Viewer", "ledger_sources"]


def ledger_sources() -> dict[str, SourceCheck]:
    """By ledger entry kind, how ``ledger verify`` re-reads a register's row."""
    from jiancha.casebook.registers import interference, quality, supervisors

    return {
        interference.KIND_INTERFERENCE: interference.source_changed,
        supervisors.KIND_DRAW: supervisors.draw_changed,
        quality.KIND_SAMPLE: quality.sample_changed,
    }


class Registers:
    """Every register of one casebook, on its ledger."""

    def __init__(
        self,
        book: Casebook,
        ledger: Ledger,
        calendar: WorkCalendar,
        warehouse: Rows | None = None,
    ) -> None:
        self.book = book
        self.ledger = ledger
        self.calendar = calendar
        self.warehouse = warehouse

    @cached_property
    def interference(self) -> InterferenceRegister:
        """过问或干预司法活动记录（防止干预司法“三个规定”）。"""
        from jiancha.casebook.registers.interference import InterferenceRegister

        return InterferenceRegister(self.book, self.ledger)

    @cached_property
    def supervisors(self) -> SupervisorRegister:
        """人民监督员名册、听证、随机抽选与监督意见。"""
        from jiancha.casebook.registers.supervisors import SupervisorRegister

        return SupervisorRegister(self.book, self.ledger)

    @cached_property
    def remote(self) -> RemoteRegister:
        """远程提审、远程庭审的预约与记录。"""
        from jiancha.casebook.registers.remote import RemoteRegister

        return RemoteRegister(self.book, self.ledger)

    @cached_property
    def quality(self) -> QualityRegister:
        """案件质量评查：抽取、评查表、检察官办案质量档案。"""
        from jiancha.casebook.registers.quality import QualityRegister

        return QualityRegister(self.book, self.ledger, self.calendar)

    @cached_property
    def minors(self) -> MinorsRegister:
        """未成年人检察：附条件不起诉考验、封存犯罪记录、强制报告。"""
        from jiancha.casebook.registers.minors import MinorsRegister

        return MinorsRegister(self.book)

    @cached_property
    def aid(self) -> AidRegister:
        """国家司法救助：筛查、申请、决定与发放。"""
        from jiancha.casebook.registers.aid import AidRegister, NoRows

        return AidRegister(self.book, self.calendar, self.warehouse or NoRows())

    # -- deadlines ----------------------------------------------------------------------

    def due(
        self, as_of: date, horizon: date | None, units: Sequence[str] | None = None
    ) -> list[DueItem]:
        """The registers' items on the deadline list, due by ``horizon`` (None: all)."""
        return [
            *self.remote.due(as_of, horizon, units),
            *self.minors.due(as_of, horizon, units),
            *self.aid.due(as_of, horizon, units),
        ]

    # -- figures ------------------------------------------------------------------------

    def summaries(
        self, start: date, end: date, units: Sequence[str] | None = None
    ) -> list[RegisterSummary]:
        """Every register's figures for [start, end), within ``units`` (None: every unit)."""
        return [self.summary(key, start, end, units) for key in REGISTER_KEYS]

    def summary(
        self, key: str, start: date, end: date, units: Sequence[str] | None = None
    ) -> RegisterSummary:
        """One register's figures for [start, end)."""
        scope = None if units is None else tuple(units)
        found: RegisterSummary = getattr(self, key).summary(start, end, scope)
        return found
