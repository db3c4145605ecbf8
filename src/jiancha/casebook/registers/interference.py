"""过问或干预司法活动记录 (measure 18; 防止干预司法“三个规定”).

Anyone may record that a leader, an official or a colleague asked about or intervened in a
case, or that a party or a lawyer sought improper contact: who, whom, which case, when, how,
what was asked and how it was answered. A record is never edited or deleted: the database
refuses both (triggers of migration 0010) and each record is on the signed ledger, whose
``verify`` re-reads the row. Only the leader and the auditor see every record of their
units; anyone else sees the records they made. The quarterly report counts the records of
each unit registered in the quarter (by the day recorded, so a filed report does not change
afterwards); a unit with none is listed as a zero report (零报告).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.casebook.ledger import Ledger, canonical
from jiancha.casebook.record import naive
from jiancha.casebook.registers.common import (
    Viewer,
    choice,
    required,
    unit_name,
    units_in_scope,
)
from jiancha.casebook.registers.summary import CellFormat, RegisterSummary, SummaryTable
from jiancha.casebook.registers.tables import InterferenceRecord
from jiancha.casebook.stats import parse_period
from jiancha.casebook.store import Casebook
from jiancha.errors import NotFound, UsageError
from jiancha.models.conclusion import cn_date

KIND_INTERFERENCE = "interference"
PREFIX = "GY"

KIND_LABELS: dict[str, str] = {
    "leader": "领导干部干预司法活动、插手具体案件处理",
    "insider": "司法机关内部人员过问案件",
    "contact": "与当事人、律师等不正当接触交往",
}
KIND_SHORT: dict[str, str] = {
    "leader": "领导干部干预",
    "insider": "内部人员过问",
    "contact": "不当接触交往",
}
MANNER_LABELS: dict[str, str] = {
    "in_person": "当面",
    "phone": "电话",
    "note": "书面（批条、便条、短信等）",
    "other": "其他方式",
}


@dataclass(frozen=True)
class InterferenceInput:
    """What a person records (the Chinese labels or the codes of kind and manner)."""

    unit_code: str
    kind: str
    intervener: str  # 过问（干预）人
    intervener_post: str  # 其单位、职务
    target: str  # 被过问的办案人员
    case_ref: str  # 案件名称或案号
    occurred_on: date
    manner: str
    asked: str  # 过问、干预的内容
    response: str  # 办案人员如何答复、处理


@dataclass(frozen=True)
class InterferenceView:
    id: int
    ref: str
    unit_code: str
    recorded_at: datetime
    recorder: str
    kind: str
    intervener: str
    intervener_post: str
    target: str
    case_ref: str
    occurred_on: date
    manner: str
    asked: str
    response: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "其他")

    @property
    def manner_label(self) -> str:
        return MANNER_LABELS.get(self.manner, "其他方式")

    @property
    def unit_name(self) -> str:
        return unit_name(self.unit_code)


@dataclass(frozen=True)
class UnitQuarter:
    unit_code: str
    unit_name: str
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def zero(self) -> bool:
        return self.total == 0


@dataclass(frozen=True)
class QuarterReport:
    """过问干预司法记录季度报告: the records of each unit in a quarter, zero reports too."""

    quarter: str
    start: date
    end: date  # exclusive
    units: list[UnitQuarter]

    @property
    def total(self) -> int:
        return sum(u.total for u in self.units)

    @property
    def zero_units(self) -> int:
        return sum(1 for u in self.units if u.zero)

    def by_kind(self) -> dict[str, int]:
        return {k: sum(u.by_kind.get(k, 0) for u in self.units) for k in KIND_LABELS}


def display_ref(number: int) -> str:
    return f"{PREFIX}{number:06d}"


def parse_ref(ref: int | str) -> int:
    text = str(ref).strip().upper().removeprefix(PREFIX)
    if not text.isdigit():
        raise NotFound(f"没有编号为 {ref} 的干预司法记录")
    return int(text)


def interference_payload(row: InterferenceRecord) -> dict[str, Any]:
    """What the ledger entry of a record holds (verify compares the row with it again)."""
    loaded: dict[str, Any] = json.loads(
        canonical(
            {
                "record_id": row.id,
                "unit_code": row.unit_code,
                "recorded_at": row.recorded_at.isoformat(),
                "recorder": row.recorder,
                "kind": row.kind,
                "intervener": row.intervener,
                "intervener_post": row.intervener_post,
                "target": row.target,
                "case_ref": row.case_ref,
                "occurred_on": row.occurred_on.isoformat(),
                "manner": row.manner,
                "asked": row.asked,
                "response": row.response,
            }
        )
    )
    return loaded


def source_changed(session: Session, payload: dict[str, Any]) -> str | None:
    """For ``ledger verify``: what is wrong when the row no longer says what was recorded."""
    row = session.get(InterferenceRecord, payload.get("record_id"))
    if row is None or interference_payload(row) != payload:
        return f"干预司法记录 {display_ref(int(payload.get('record_id') or 0))}"
    return None


def _view(row: InterferenceRecord) -> InterferenceView:
    return InterferenceView(
        id=row.id,
        ref=display_ref(row.id),
        unit_code=row.unit_code,
        recorded_at=row.recorded_at,
        recorder=row.recorder,
        kind=row.kind,
        intervener=row.intervener,
        intervener_post=row.intervener_post,
        target=row.target,
        case_ref=row.case_ref,
        occurred_on=row.occurred_on,
        manner=row.manner,
        asked=row.asked,
        response=row.response,
    )


def record_interference(
    session: Session,
    ledger: Ledger,
    viewer: Viewer,
    entry: InterferenceInput,
    *,
    at: datetime | None = None,
) -> InterferenceView:
    moment = naive(at or datetime.now())
    if entry.occurred_on > moment.date():
        raise UsageError(
            f"过问（干预）日期{cn_date(entry.occurred_on)}晚于登记日期{cn_date(moment)}"
        )
    row = InterferenceRecord(
        unit_code=viewer.check_unit(entry.unit_code),
        recorded_at=moment,
        recorder=viewer.username,
        kind=choice(entry.kind, KIND_LABELS, "情形"),
        intervener=required(entry.intervener, "过问（干预）人", 128),
        intervener_post=required(entry.intervener_post, "单位职务", 256),
        target=required(entry.target, "被过问人", 128),
        case_ref=required(entry.case_ref, "案件", 128),
        occurred_on=entry.occurred_on,
        manner=choice(entry.manner, MANNER_LABELS, "方式"),
        asked=required(entry.asked, "过问（干预）内容"),
        response=required(entry.response, "答复及处理情况"),
    )
    session.add(row)
    session.flush()
    ledger.append(
        session,
        kind=KIND_INTERFERENCE,
        actor=viewer.username,
        subject=f"interference:{display_ref(row.id)}",
        payload=interference_payload(row),
        at=moment,
    )
    return _view(row)


def _visible(viewer: Viewer) -> Any:
    clause = viewer.unit_clause(InterferenceRecord.unit_code)
    if not viewer.oversees:
        clause = clause & (InterferenceRecord.recorder == viewer.username)
    return clause


def interference_list(
    session: Session,
    viewer: Viewer,
    *,
    start: date | None = None,
    end: date | None = None,
    limit: int = 500,
) -> list[InterferenceView]:
    """The records the viewer may see, newest first ([start, end) by the day recorded)."""
    query = select(InterferenceRecord).where(_visible(viewer))
    if start is not None:
        query = query.where(
            InterferenceRecord.recorded_at >= datetime.combine(start, datetime.min.time())
        )
    if end is not None:
        query = query.where(
            InterferenceRecord.recorded_at < datetime.combine(end, datetime.min.time())
        )
    rows = session.scalars(query.order_by(InterferenceRecord.id.desc()).limit(limit))
    return [_view(r) for r in rows]


def interference_one(session: Session, viewer: Viewer, ref: int | str) -> InterferenceView:
    number = parse_ref(ref)
    row = session.scalar(
        select(InterferenceRecord).where(InterferenceRecord.id == number, _visible(viewer))
    )
    if row is None:
        raise NotFound(f"没有编号为 {display_ref(number)} 的干预司法记录，或您无权查看")
    return _view(row)


def quarter_report(session: Session, quarter: str, units: tuple[str, ...] | None) -> QuarterReport:
    """Per unit within ``units`` (None: every unit), the records of ``quarter`` by kind (a
    quarter as the measure asks; a month or a year for a period report of that length)."""
    code = quarter.strip().upper()
    start, end = parse_period(code)
    return span_report(session, code, start, end, units)


def span_report(
    session: Session, code: str, start: date, end: date, units: tuple[str, ...] | None
) -> QuarterReport:
    """The records of each unit recorded in [start, end)."""
    viewer = Viewer("report", None, units)
    counts = session.execute(
        select(InterferenceRecord.unit_code, InterferenceRecord.kind, func.count())
        .where(
            viewer.unit_clause(InterferenceRecord.unit_code),
            InterferenceRecord.recorded_at >= datetime.combine(start, datetime.min.time()),
            InterferenceRecord.recorded_at < datetime.combine(end, datetime.min.time()),
        )
        .group_by(InterferenceRecord.unit_code, InterferenceRecord.kind)
    ).all()
    found: dict[str, dict[str, int]] = {}
    for unit, kind, count in counts:
        found.setdefault(unit, {})[kind] = int(count)
    rows = [
        UnitQuarter(code, unit_name(code), {k: found.get(code, {}).get(k, 0) for k in KIND_LABELS})
        for code in units_in_scope(units, found)
    ]
    return QuarterReport(code, start, end, rows)


def interference_summary(
    session: Session, start: date, end: date, units: tuple[str, ...] | None
) -> RegisterSummary:
    report = span_report(session, "", start, end, units)
    kinds = report.by_kind()
    told = "，".join(f"{KIND_SHORT[k]}{n}件" for k, n in kinds.items() if n)
    first = (
        f"本期登记过问或干预司法活动记录{report.total}件（{told}）。"
        if report.total
        else "本期没有登记过问或干预司法活动记录。"
    )
    zero = f"{report.zero_units}个单位为零报告。" if report.zero_units else ""
    columns: tuple[tuple[str, CellFormat], ...] = (
        ("单位", "text"),
        *((KIND_SHORT[k], "count") for k in KIND_LABELS),
        ("合计", "count"),
        ("报告", "text"),
    )
    rows = tuple(
        (u.unit_name, *(u.by_kind[k] for k in KIND_LABELS), u.total, "零报告" if u.zero else "")
        for u in report.units
    )
    table = SummaryTable("各单位过问干预司法记录", columns, rows, "按登记日期统计。")
    return RegisterSummary(KIND_INTERFERENCE, "过问干预司法记录", (first + zero,), (table,))


class InterferenceRegister:
    """The register, each verb one transaction."""

    def __init__(self, book: Casebook, ledger: Ledger) -> None:
        self.book = book
        self.ledger = ledger

    def record(
        self, viewer: Viewer, entry: InterferenceInput, *, at: datetime | None = None
    ) -> InterferenceView:
        with self.book.session("登记干预司法记录") as session:
            return record_interference(session, self.ledger, viewer, entry, at=at)

    def entries(
        self, viewer: Viewer, *, start: date | None = None, end: date | None = None
    ) -> list[InterferenceView]:
        with self.book.session("查询干预司法记录") as session:
            return interference_list(session, viewer, start=start, end=end)

    def get(self, viewer: Viewer, ref: int | str) -> InterferenceView:
        with self.book.session("查询干预司法记录") as session:
            return interference_one(session, viewer, ref)

    def quarter(self, quarter: str, units: tuple[str, ...] | None = None) -> QuarterReport:
        with self.book.session("统计干预司法记录") as session:
            return quarter_report(session, quarter, units)

    def summary(self, start: date, end: date, units: tuple[str, ...] | None) -> RegisterSummary:
        with self.book.session("统计干预司法记录") as session:
            return interference_summary(session, start, end, units)
