"""What the registers share: who is reading (their role and units), unit scopes, periods
and the ledger entry a register row goes on."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import Session

from jiancha.casebook.actions import UNIT_NAMES
from jiancha.casebook.deadlines import DueItem
from jiancha.casebook.scope import scope_clause
from jiancha.errors import AccessDenied, CasebookError

Row = TypeVar("Row")

# The roles that see every entry of their units in a register kept per person
# (干预司法记录: 防止干预司法"三个规定" — the leader and the auditor); others see their own.
OVERSEERS = frozenset({"leader", "auditor"})


@dataclass(frozen=True)
class Viewer:
    """Who reads or writes a register: a workbench user (their role and unit prefixes), or
    the command line (``role`` None, ``units`` None: the project's operator, every unit)."""

    username: str
    role: str | None = None
    units: tuple[str, ...] | None = None

    @property
    def oversees(self) -> bool:
        return self.role is None or self.role in OVERSEERS

    def unit_clause(self, column: Any) -> ColumnElement[bool]:
        return true() if self.units is None else scope_clause(column, self.units)

    def rows(self, session: Session, table: type[Row], *order: Any) -> list[Row]:
        """Every row of a register ``table`` in this viewer's units, in ``order``."""
        unit = table.unit_code  # type: ignore[attr-defined]
        return list(session.scalars(select(table).where(self.unit_clause(unit)).order_by(*order)))

    def holds(self, unit_code: str) -> bool:
        return self.units is None or any(unit_code.startswith(u) for u in self.units)

    def check_unit(self, unit_code: str) -> str:
        """``unit_code`` if it is a unit code this viewer may record for."""
        code = unit_code.strip()
        if not code.isdigit() or not 2 <= len(code) <= 12:
            raise CasebookError(f"单位代码 “{unit_code}” 应为 2 到 12 位数字")
        if not self.holds(code):
            raise AccessDenied(f"单位 {code} 不在您的管辖范围内")
        return code


COMMAND_LINE = Viewer("命令行")


def unit_name(code: str) -> str:
    """漳州市芗城区人民检察院; an unnamed unit by its code."""
    return UNIT_NAMES.get(code) or f"单位代码 {code}"


def units_in_scope(units: Sequence[str] | None, seen: Iterable[str] = ()) -> list[str]:
    """The units a per-unit report lists: the named procuratorates within ``units`` (every
    one when None) and any other unit that has entries — a unit with none is a zero report."""
    named = {code for code in UNIT_NAMES if units is None or any(code.startswith(u) for u in units)}
    # a procuratorate of its own (a full six-digit code or longer) the names do not know
    unnamed = {u for u in units or () if len(u) >= 6 and not any(n.startswith(u) for n in named)}
    return sorted(named | unnamed | set(seen))


def required(value: str | None, label: str, limit: int = 2000) -> str:
    """A required text field, stripped; a one-line error naming it when empty or too long."""
    text = (value or "").strip()
    if not text:
        raise CasebookError(f"“{label}”不能为空")
    if len(text) > limit:
        raise CasebookError(f"“{label}”超过 {limit} 字")
    return text


def optional(value: str | None, label: str, limit: int = 2000) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise CasebookError(f"“{label}”超过 {limit} 字")
    return text


def choice(value: str, labels: dict[str, str], label: str) -> str:
    """The code of ``value``, given as the code or its Chinese label."""
    text = value.strip()
    for code, name in labels.items():
        if text in (code, name):
            return code
    raise CasebookError(f"“{label}”没有 “{value}” 这一项；可选：{'、'.join(labels.values())}")


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month + 2) // 3}"


def seeded_sample(seed: str, pool: Sequence[int], count: int) -> list[int]:
    """``count`` of ``pool`` drawn at random with ``seed``, in the order drawn: the same
    seed on the same pool draws the same (Python seeds a string through SHA-512, stable
    across runs and versions), whatever order the pool was read in."""
    ordered = sorted(pool)
    return random.Random(seed).sample(ordered, min(count, len(ordered)))


def open_deadlines(
    session: Session,
    table: type[Row],
    still_open: ColumnElement[bool],
    units: Sequence[str] | None,
    within: ColumnElement[bool] | None,
    item: Callable[[Row], DueItem],
) -> list[DueItem]:
    """A register's rows still open (``still_open``) in ``units`` (every unit when None) and
    due within the horizon (``within``; None: any day), each as the deadlines list shows it."""
    viewer = Viewer("期限", None, None if units is None else tuple(units))
    query = select(table).where(still_open, viewer.unit_clause(table.unit_code))  # type: ignore[attr-defined]
    if within is not None:
        query = query.where(within)
    return [item(row) for row in session.scalars(query)]


@dataclass(frozen=True)
class DueRule:
    """Where a register's deadlines come from (the deadlines page's 来源) and their rule."""

    source: str
    rule: str

    def item(
        self, as_of: date, ref: str, unit_code: str, person: str, label: str, started: date,
        due: date,
    ) -> DueItem:  # fmt: skip
        """One open period of the register, its days left counted from ``as_of`` (the
        register's own dates: exact, no holiday calendar involved)."""
        return DueItem(
            source=self.source, ref=ref, unit_code=unit_code, person=person, rule=self.rule,
            label=label, started=started, due=due, days_left=(due - as_of).days, exact=True,
        )  # fmt: skip
