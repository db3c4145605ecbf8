"""国家司法救助 (measure 5): screening, the application register, decision and payment.

Screening reads the warehouse's criminal judgments (``judgment``) for victims who died or
were seriously injured — a charge that implies a death (故意杀人罪, 过失致人死亡罪) or a
judgment text that says 死亡 or 重伤 — with a civil compensation ordered (附带民事, 赔偿),
and the execution of that compensation from the court's ``enforcement_case`` rows (matched by
the judgment's case number as the 执行依据 ``basis_case_id``; executed in full when
``amount_paid_yuan`` reaches ``amount_due_yuan`` or the case was closed as 执行完毕). A judgment
whose compensation was paid in full is not a candidate; where the warehouse has no execution
table at all, candidates are marked 待核实.

An application is received, decided (granted with an amount, or denied, with the reason)
and, when granted, paid (never more than granted). The decision is due ``DECISION_DAYS``
working days after receipt: no uniform statutory period applies, so this is the platform's
default; the application is on the deadline list until decided.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from jiancha.casebook.deadlines import DueItem, WorkCalendar
from jiancha.casebook.registers.common import (
    DueRule,
    Viewer,
    choice,
    open_deadlines,
    optional,
    required,
    unit_name,
)
from jiancha.casebook.registers.summary import CellFormat, RegisterSummary, SummaryTable
from jiancha.casebook.registers.tables import AidApplication
from jiancha.casebook.store import Casebook
from jiancha.errors import CasebookError, NotFound, UsageError, WarehouseError
from jiancha.models.conclusion import cn_date

DECISION_DAYS = 10  # working days: the platform's default, not a statutory period
DUE = DueRule("国家司法救助", "aid_decision")
DEATH_CHARGES = ("故意杀人罪", "过失致人死亡罪")
HARM_LABELS: dict[str, str] = {"death": "死亡", "serious_injury": "重伤", "other": "其他"}
DECISION_LABELS: dict[str, str] = {"granted": "给予救助", "denied": "不予救助"}
EXECUTED = ("执行完毕", "全部履行")
EXECUTED_CODES = frozenset({"paid"})  # the contract's enforcement_closing for 执行完毕


class Rows(Protocol):
    """The warehouse reader casework holds (casework.WarehouseReader)."""

    def scoped_rows(
        self, tables: Sequence[str], units: Sequence[str] | None
    ) -> dict[str, list[dict[str, Any]]]: ...


class NoRows:
    """No warehouse: nothing to screen."""

    def scoped_rows(
        self, tables: Sequence[str], units: Sequence[str] | None
    ) -> dict[str, list[dict[str, Any]]]:
        return {}


@dataclass(frozen=True)
class AidCandidate:
    """A victim a judgment suggests may need aid: why, and what was checked."""

    judgment_ref: str  # the judgment row's record_id
    case_id: str
    unit_code: str
    defendant: str
    charge: str
    decided_at: str
    harm: str
    execution: str  # 未执行到位（…）or 待核实（无执行数据）

    @property
    def harm_label(self) -> str:
        return HARM_LABELS.get(self.harm, "")


def _harm(row: Mapping[str, Any]) -> str | None:
    charge = str(row.get("charge") or "")
    text = str(row.get("full_text") or "")
    if any(c in charge for c in DEATH_CHARGES) or "死亡" in text:
        return "death"
    if "重伤" in text:
        return "serious_injury"
    return None


def _ordered_compensation(row: Mapping[str, Any]) -> bool:
    text = str(row.get("full_text") or "")
    return "附带民事" in text or "赔偿" in text


_CLOSING_LABELS = {
    "terminated_this_round": "终结本次执行",
    "terminated": "终结执行",
    "settled": "执行和解",
}


def _first(row: Mapping[str, Any], *names: str) -> Any:
    return next((row[n] for n in names if row.get(n) is not None), None)


def _unpaid(rows: Sequence[Mapping[str, Any]]) -> str | None:
    """Why the compensation is not executed (None: executed in full)."""
    for row in rows:
        closing = str(row.get("closing") or row.get("status") or "")
        ordered = _first(row, "amount_due_yuan", "ordered_yuan")
        paid = _first(row, "amount_paid_yuan", "paid_yuan")
        if closing in EXECUTED_CODES or any(word in closing for word in EXECUTED):
            continue
        closing = _CLOSING_LABELS.get(closing, closing)
        if ordered is not None and paid is not None and float(paid) >= float(ordered):
            continue
        owed = f"，应付 {ordered} 元、已付 {paid or 0} 元" if ordered is not None else ""
        state = f"，{closing}" if closing else ""
        return f"未执行到位（执行案件 {row.get('record_id', '')}{owed}{state}）"
    return None


def screen(
    judgments: Sequence[Mapping[str, Any]],
    enforcements: Sequence[Mapping[str, Any]] | None,
) -> list[AidCandidate]:
    """The judgments whose victims died or were seriously injured and whose civil
    compensation was not executed (``enforcements`` None: no execution data to check)."""
    by_case: dict[str, list[Mapping[str, Any]]] = {}
    for row in enforcements or ():
        by_case.setdefault(str(_first(row, "basis_case_id", "case_id") or ""), []).append(row)
    found = []
    for row in judgments:
        harm = _harm(row)
        if harm is None or not _ordered_compensation(row):
            continue
        case_id = str(row.get("case_id") or "")
        if enforcements is None:
            execution = "待核实（数据仓库没有执行案件数据）"
        elif case_id not in by_case:
            execution = "未申请执行或未立执行案件，待核实"
        else:
            unpaid = _unpaid(by_case[case_id])
            if unpaid is None:
                continue  # paid in full: not a candidate
            execution = unpaid
        found.append(
            AidCandidate(
                str(row.get("record_id") or ""), case_id, str(row.get("unit_code") or ""),
                str(row.get("defendant_name") or ""), str(row.get("charge") or ""),
                str(row.get("decided_at") or ""), harm, execution,
            )
        )  # fmt: skip
    return found


@dataclass(frozen=True)
class ApplicationInput:
    unit_code: str
    applicant: str
    victim: str
    relation: str
    harm: str
    case_ref: str
    hardship: str
    requested_yuan: int
    received_on: date
    handler: str
    source_ref: str = ""


@dataclass(frozen=True)
class ApplicationView:
    id: int
    ref: str
    unit_code: str
    applicant: str
    victim: str
    relation: str
    harm: str
    case_ref: str
    source_ref: str | None
    hardship: str
    requested_yuan: int
    received_on: date
    decision_due: date
    handler: str
    decision: str | None
    decided_on: date | None
    granted_yuan: int | None
    decision_reason: str | None
    paid_on: date | None
    paid_yuan: int | None

    @property
    def status_label(self) -> str:
        if self.decision is None:
            return "待决定"
        if self.decision == "denied":
            return "不予救助"
        return "已发放" if self.paid_on else "决定救助，待发放"

    @property
    def harm_label(self) -> str:
        return HARM_LABELS.get(self.harm, "")

    @property
    def unit_name(self) -> str:
        return unit_name(self.unit_code)


def _view(row: AidApplication) -> ApplicationView:
    return ApplicationView(
        row.id, f"JZ{row.id:06d}", row.unit_code, row.applicant, row.victim, row.relation,
        row.harm, row.case_ref, row.source_ref, row.hardship, row.requested_yuan,
        row.received_on, row.decision_due, row.handler, row.decision, row.decided_on,
        row.granted_yuan, row.decision_reason, row.paid_on, row.paid_yuan,
    )  # fmt: skip


def add_application(
    session: Session, viewer: Viewer, entry: ApplicationInput, calendar: WorkCalendar
) -> ApplicationView:
    if entry.requested_yuan <= 0:
        raise UsageError("申请救助金额应大于零")
    row = AidApplication(
        unit_code=viewer.check_unit(entry.unit_code),
        applicant=required(entry.applicant, "申请人", 64),
        victim=required(entry.victim, "被害人", 64),
        relation=required(entry.relation, "与被害人关系", 32),
        harm=choice(entry.harm, HARM_LABELS, "受害情况"),
        case_ref=required(entry.case_ref, "案件", 128),
        source_ref=optional(entry.source_ref, "筛查来源", 128) or None,
        hardship=required(entry.hardship, "生活困难情况"),
        requested_yuan=entry.requested_yuan,
        received_on=entry.received_on,
        decision_due=calendar.add_working_days(entry.received_on, DECISION_DAYS),
        handler=required(entry.handler, "承办人", 128),
    )
    session.add(row)
    session.flush()
    return _view(row)


def _row(session: Session, viewer: Viewer, ref: int | str) -> AidApplication:
    number = str(ref).strip().upper().removeprefix("JZ")
    row = session.get(AidApplication, int(number)) if number.isdigit() else None
    if row is None or not viewer.holds(row.unit_code):
        raise NotFound(f"没有编号为 {ref} 的司法救助申请，或不在您的管辖单位内")
    return row


def decide_application(
    session: Session,
    viewer: Viewer,
    ref: int | str,
    decision: str,
    on: date,
    reason: str,
    granted_yuan: int | None = None,
) -> ApplicationView:
    row = _row(session, viewer, ref)
    if row.decision is not None:
        raise CasebookError(f"救助申请 JZ{row.id:06d} 已于{cn_date(row.decided_on)}作出决定")
    if on < row.received_on:
        raise UsageError("决定日期早于受理日期")
    code = choice(decision, DECISION_LABELS, "决定")
    if code == "granted":
        if granted_yuan is None or granted_yuan <= 0:
            raise UsageError("决定给予救助的，应写明救助金额")
        row.granted_yuan = granted_yuan
    elif granted_yuan:
        raise UsageError("不予救助的决定不应有救助金额")
    row.decision, row.decided_on = code, on
    row.decision_reason = required(reason, "决定理由")
    return _view(row)


def pay_application(
    session: Session, viewer: Viewer, ref: int | str, on: date, amount: int
) -> ApplicationView:
    row = _row(session, viewer, ref)
    if row.decision != "granted" or row.granted_yuan is None:
        raise CasebookError(f"救助申请 JZ{row.id:06d} 未决定给予救助，不能发放")
    if row.paid_on is not None:
        raise CasebookError(f"救助申请 JZ{row.id:06d} 已于{cn_date(row.paid_on)}发放")
    if not 0 < amount <= row.granted_yuan:
        raise UsageError(f"发放金额应大于零且不超过决定的 {row.granted_yuan} 元")
    if row.decided_on is not None and on < row.decided_on:
        raise UsageError("发放日期早于决定日期")
    row.paid_on, row.paid_yuan = on, amount
    return _view(row)


def applications(session: Session, viewer: Viewer) -> list[ApplicationView]:
    order = (AidApplication.received_on.desc(), AidApplication.id.desc())
    return [_view(r) for r in viewer.rows(session, AidApplication, *order)]


def aid_due(
    session: Session, as_of: date, horizon: date | None, units: Sequence[str] | None
) -> list[DueItem]:
    within = None if horizon is None else AidApplication.decision_due <= horizon
    return open_deadlines(
        session, AidApplication, AidApplication.decision.is_(None), units, within,
        lambda row: DUE.item(
            as_of, f"JZ{row.id:06d}", row.unit_code, row.handler,
            f"司法救助申请（{row.applicant}）作出决定（平台默认受理后十个工作日）",
            row.received_on, row.decision_due,
        ),
    )  # fmt: skip


def aid_summary(
    session: Session, start: date, end: date, units: tuple[str, ...] | None
) -> RegisterSummary:
    rows = applications(session, Viewer("统计", None, units))
    received = [a for a in rows if start <= a.received_on < end]
    decided = [a for a in rows if a.decided_on and start <= a.decided_on < end]
    paid = [a for a in rows if a.paid_on and start <= a.paid_on < end]
    late = [a for a in decided if a.decided_on and a.decided_on > a.decision_due]
    first = (
        f"本期受理国家司法救助申请{len(received)}件；作出决定{len(decided)}件，其中给予救助"
        f"{sum(1 for a in decided if a.decision == 'granted')}件、不予救助"
        f"{sum(1 for a in decided if a.decision == 'denied')}件，超过决定期限{len(late)}件；"
        f"发放救助金{len(paid)}笔，共{sum(a.paid_yuan or 0 for a in paid)}元。"
    )
    columns: tuple[tuple[str, CellFormat], ...] = (
        ("受害情况", "text"),
        ("受理", "count"),
        ("给予救助", "count"),
    )
    table = SummaryTable(
        "司法救助申请（按受害情况）",
        columns,
        tuple(
            (
                label,
                sum(1 for a in received if a.harm == k),
                sum(1 for a in decided if a.harm == k and a.decision == "granted"),
            )
            for k, label in HARM_LABELS.items()
        ),  # fmt: skip
    )
    return RegisterSummary("aid", "国家司法救助", (first,), (table,) if received else ())


class AidRegister:
    """Screening, applications, decisions and payments, each one transaction."""

    def __init__(self, book: Casebook, calendar: WorkCalendar, warehouse: Rows) -> None:
        self.book = book
        self.calendar = calendar
        self.warehouse = warehouse

    def screen(self, units: Sequence[str] | None = None) -> tuple[list[AidCandidate], list[str]]:
        """The candidates of the warehouse's judgments within ``units``, and what could not
        be checked."""
        try:
            rows = self.warehouse.scoped_rows(("judgment", "enforcement_case"), units)
        except WarehouseError as exc:
            return [], [f"数据仓库不可读，未筛查：{exc}"]
        notes = []
        if "judgment" not in rows:
            notes.append("数据仓库没有刑事裁判（judgment）数据，未筛查")
        if "enforcement_case" not in rows:
            notes.append("数据仓库没有执行案件（enforcement_case）数据：民事赔偿执行情况待核实")
        return screen(rows.get("judgment", []), rows.get("enforcement_case")), notes

    def add(self, viewer: Viewer, entry: ApplicationInput) -> ApplicationView:
        with self.book.session("受理司法救助申请") as session:
            return add_application(session, viewer, entry, self.calendar)

    def decide(
        self,
        viewer: Viewer,
        ref: int | str,
        decision: str,
        on: date,
        reason: str,
        granted_yuan: int | None = None,
    ) -> ApplicationView:
        with self.book.session("司法救助决定") as session:
            return decide_application(session, viewer, ref, decision, on, reason, granted_yuan)

    def pay(self, viewer: Viewer, ref: int | str, on: date, amount: int) -> ApplicationView:
        with self.book.session("发放司法救助金") as session:
            return pay_application(session, viewer, ref, on, amount)

    def applications(self, viewer: Viewer) -> list[ApplicationView]:
        with self.book.session("查询司法救助") as session:
            return applications(session, viewer)

    def get(self, viewer: Viewer, ref: int | str) -> ApplicationView:
        with self.book.session("查询司法救助") as session:
            return _view(_row(session, viewer, ref))

    def due(self, as_of: date, horizon: date | None, units: Sequence[str] | None) -> list[DueItem]:
        with self.book.session("查询期限") as session:
            return aid_due(session, as_of, horizon, units)

    def summary(self, start: date, end: date, units: tuple[str, ...] | None) -> RegisterSummary:
        with self.book.session("统计国家司法救助") as session:
            return aid_summary(session, start, end, units)
