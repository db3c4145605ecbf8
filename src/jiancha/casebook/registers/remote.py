"""远程提审、远程庭审 (measure 23): the schedule and the record; the video stays with the
existing systems.

A booking names the slot, the procuratorate's room, the case, the person in custody, the
detention centre or court at the other end and the participants. A booking that overlaps
another one still standing (booked or held) is refused when it would use the same room of
the same procuratorate, the same person in custody or the same participant: two sessions
cannot share them at once. Bookings are serialised (they take the ledger head's lock), so
two people booking the same room at once cannot both succeed.

A booked session is on the deadline list (``jiancha due``, the web's 期限 page) from the
day it is booked until its record is made: due on the day of the session, overdue after
it while nothing is recorded. The record says when it really started and ended, the
recording's reference in the video system and who signed the transcript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.casebook.deadlines import DueItem
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.record import naive
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
from jiancha.casebook.registers.tables import RemoteSession
from jiancha.casebook.store import Casebook
from jiancha.errors import CasebookError, NotFound, UsageError

PREFIX = "YC"
DUE = DueRule("远程提审庭审", "remote_session")
MAX_LENGTH = timedelta(hours=12)

KIND_LABELS: dict[str, str] = {"interrogation": "远程提审", "court_hearing": "远程庭审"}
STATUS_LABELS: dict[str, str] = {"booked": "已预约", "held": "已举行", "cancelled": "已取消"}
STANDING = ("booked", "held")


@dataclass(frozen=True)
class BookingInput:
    unit_code: str
    kind: str
    case_ref: str
    counterpart: str  # 看守所 or 法院
    room: str
    person: str  # 在押人员
    participants: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class SessionView:
    id: int
    ref: str
    unit_code: str
    kind: str
    case_ref: str
    counterpart: str
    room: str
    person: str
    participants: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    booked_by: str
    status: str
    held_from: datetime | None
    held_to: datetime | None
    recording_ref: str | None
    signatures: tuple[str, ...]
    note: str | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, "远程办案")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, "")

    @property
    def unit_name(self) -> str:
        return unit_name(self.unit_code)


def display_ref(number: int) -> str:
    return f"{PREFIX}{number:06d}"


def parse_ref(ref: int | str) -> int:
    text = str(ref).strip().upper().removeprefix(PREFIX)
    if not text.isdigit():
        raise NotFound(f"没有编号为 {ref} 的远程提审庭审场次")
    return int(text)


def _view(row: RemoteSession) -> SessionView:
    return SessionView(
        row.id, display_ref(row.id), row.unit_code, row.kind, row.case_ref, row.counterpart,
        row.room, row.person, tuple(row.participants), row.starts_at, row.ends_at, row.booked_by,
        row.status, row.held_from, row.held_to, row.recording_ref, tuple(row.signatures or ()),
        row.note,
    )  # fmt: skip


def _names(values: Sequence[str]) -> list[str]:
    return sorted({v.strip() for v in values if v and v.strip()})


def clashes(candidate: RemoteSession, others: Sequence[RemoteSession]) -> list[str]:
    """What ``candidate`` would share at once with the standing sessions ``others``."""
    found: list[str] = []
    for other in others:
        if other.id == candidate.id or other.status not in STANDING:
            continue
        if not (other.starts_at < candidate.ends_at and candidate.starts_at < other.ends_at):
            continue
        slot = f"{display_ref(other.id)}（{other.starts_at:%Y-%m-%d %H:%M}–{other.ends_at:%H:%M}）"
        if other.unit_code == candidate.unit_code and other.room == candidate.room:
            found.append(f"房间“{candidate.room}”在该时段已有场次 {slot}")
        if other.person == candidate.person:
            found.append(f"在押人员 {candidate.person} 在该时段已有场次 {slot}")
        shared = sorted(set(other.participants) & set(candidate.participants))
        if shared:
            found.append(f"参加人员 {'、'.join(shared)} 在该时段已有场次 {slot}")
    return found


def book_session(
    session: Session,
    ledger: Ledger,
    viewer: Viewer,
    entry: BookingInput,
    *,
    at: datetime | None = None,
) -> SessionView:
    moment = naive(at or datetime.now())
    starts, ends = naive(entry.starts_at), naive(entry.ends_at)
    if ends <= starts:
        raise UsageError(f"结束时间 {ends:%Y-%m-%d %H:%M} 应晚于开始时间 {starts:%Y-%m-%d %H:%M}")
    if ends - starts > MAX_LENGTH:
        raise UsageError("一次远程提审庭审的预约不超过 12 小时")
    if starts < moment:
        raise UsageError(f"开始时间 {starts:%Y-%m-%d %H:%M} 已过，不能预约")
    participants = _names(entry.participants)
    if not participants:
        raise CasebookError("“参加人员”不能为空")
    row = RemoteSession(
        unit_code=viewer.check_unit(entry.unit_code),
        kind=choice(entry.kind, KIND_LABELS, "类别"),
        case_ref=required(entry.case_ref, "案件", 128),
        counterpart=required(entry.counterpart, "看守所或法院", 128),
        room=required(entry.room, "房间", 64),
        person=required(entry.person, "在押人员", 64),
        participants=participants,
        starts_at=starts,
        ends_at=ends,
        booked_at=moment,
        booked_by=viewer.username,
        status="booked",
    )
    ledger.lock(session)  # one booking at a time: two cannot take the same slot
    # every standing session overlapping the slot, of any unit (a person in custody or a
    # participant may be booked by another procuratorate); compared one by one below
    others = list(
        session.scalars(
            select(RemoteSession).where(
                RemoteSession.status.in_(STANDING),
                RemoteSession.starts_at < ends,
                RemoteSession.ends_at > starts,
            )
        )
    )
    found = clashes(row, others)
    if found:
        raise CasebookError("预约冲突，未预约：" + "；".join(found))
    session.add(row)
    session.flush()
    return _view(row)


def _row(session: Session, viewer: Viewer, ref: int | str) -> RemoteSession:
    row = session.get(RemoteSession, parse_ref(ref))
    if row is None or not viewer.holds(row.unit_code):
        raise NotFound(f"没有编号为 {ref} 的远程提审庭审场次，或不在您的管辖单位内")
    return row


def record_session(
    session: Session,
    viewer: Viewer,
    ref: int | str,
    held_from: datetime,
    held_to: datetime,
    recording_ref: str,
    signatures: Sequence[str],
    note: str = "",
    *,
    at: datetime | None = None,
) -> SessionView:
    """What took place: the real start and end, the recording, who signed the transcript."""
    row = _row(session, viewer, ref)
    if row.status != "booked":
        raise CasebookError(f"场次 {display_ref(row.id)} {STATUS_LABELS[row.status]}，不能再记录")
    start, end = naive(held_from), naive(held_to)
    if end <= start:
        raise UsageError("实际结束时间应晚于实际开始时间")
    if end > naive(at or datetime.now()):
        raise UsageError(f"实际结束时间 {end:%Y-%m-%d %H:%M} 尚未到来")
    signed = _names(signatures)
    if not signed:
        raise CasebookError("“签名人员”不能为空：笔录须经签名确认")
    row.status = "held"
    row.held_from, row.held_to = start, end
    row.recording_ref = required(recording_ref, "录音录像编号", 256)
    row.signatures = signed
    row.note = optional(note, "说明")
    row.closed_by = viewer.username
    return _view(row)


def cancel_session(session: Session, viewer: Viewer, ref: int | str, reason: str) -> SessionView:
    row = _row(session, viewer, ref)
    if row.status != "booked":
        raise CasebookError(f"场次 {display_ref(row.id)} {STATUS_LABELS[row.status]}，不能取消")
    row.status = "cancelled"
    row.note = required(reason, "取消原因")
    row.closed_by = viewer.username
    return _view(row)


def sessions(
    session: Session, viewer: Viewer, *, start: date | None = None, end: date | None = None
) -> list[SessionView]:
    query = select(RemoteSession).where(viewer.unit_clause(RemoteSession.unit_code))
    if start is not None:
        query = query.where(RemoteSession.starts_at >= datetime.combine(start, datetime.min.time()))
    if end is not None:
        query = query.where(RemoteSession.starts_at < datetime.combine(end, datetime.min.time()))
    return [_view(r) for r in session.scalars(query.order_by(RemoteSession.starts_at))]


def remote_due(
    session: Session, as_of: date, horizon: date | None, units: Sequence[str] | None
) -> list[DueItem]:
    """The booked sessions not yet recorded: due on their day, overdue after it."""
    within = None
    if horizon is not None:  # due on its day: up to midnight after the horizon's last day
        midnight = datetime.combine(horizon + timedelta(days=1), datetime.min.time())
        within = RemoteSession.starts_at < midnight
    return open_deadlines(
        session, RemoteSession, RemoteSession.status == "booked", units, within,
        lambda row: DUE.item(
            as_of, display_ref(row.id), row.unit_code, row.booked_by,
            f"{KIND_LABELS.get(row.kind, '远程办案')}（{row.person}，{row.room} "
            f"{row.starts_at:%H:%M}），举行后登记记录",
            row.booked_at.date(), row.starts_at.date(),
        ),
    )  # fmt: skip


def remote_summary(
    session: Session, start: date, end: date, units: tuple[str, ...] | None
) -> RegisterSummary:
    rows = sessions(session, Viewer("统计", None, units), start=start, end=end)
    counts: dict[tuple[str, str], int] = {}
    hours: dict[str, float] = {}
    for r in rows:
        counts[(r.kind, r.status)] = counts.get((r.kind, r.status), 0) + 1
        if r.held_from and r.held_to:
            hours[r.kind] = (
                hours.get(r.kind, 0.0) + (r.held_to - r.held_from).total_seconds() / 3600
            )
    held = sum(n for (_, s), n in counts.items() if s == "held")
    if rows:
        first = (
            f"本期预约远程提审、远程庭审{len(rows)}场，已举行{held}场，"
            f"取消{sum(n for (_, s), n in counts.items() if s == 'cancelled')}场，"
            f"尚待举行或补录{sum(n for (_, s), n in counts.items() if s == 'booked')}场。"
        )
    else:
        first = "本期没有预约远程提审、远程庭审。"
    columns: tuple[tuple[str, CellFormat], ...] = (
        ("类别", "text"),
        *((label, "count") for label in STATUS_LABELS.values()),
        ("举行时长（小时）", "text"),
    )
    table = SummaryTable(
        "远程提审、远程庭审场次",
        columns,
        tuple(
            (
                label,
                *(counts.get((kind, s), 0) for s in STATUS_LABELS),
                f"{hours.get(kind, 0.0):.1f}",
            )
            for kind, label in KIND_LABELS.items()
        ),
        "按预约的开始时间统计。",
    )
    return RegisterSummary("remote", "远程提审、远程庭审", (first,), (table,))


class RemoteRegister:
    """Bookings, records and cancellations, each one transaction."""

    def __init__(self, book: Casebook, ledger: Ledger) -> None:
        self.book = book
        self.ledger = ledger

    def book_session(
        self, viewer: Viewer, entry: BookingInput, *, at: datetime | None = None
    ) -> SessionView:
        with self.book.session("预约远程提审庭审") as session:
            return book_session(session, self.ledger, viewer, entry, at=at)

    def record(
        self,
        viewer: Viewer,
        ref: int | str,
        held_from: datetime,
        held_to: datetime,
        recording_ref: str,
        signatures: Sequence[str],
        note: str = "",
        *,
        at: datetime | None = None,
    ) -> SessionView:
        with self.book.session("记录远程提审庭审") as session:
            return record_session(
                session, viewer, ref, held_from, held_to, recording_ref, signatures, note, at=at
            )

    def cancel(self, viewer: Viewer, ref: int | str, reason: str) -> SessionView:
        with self.book.session("取消远程提审庭审") as session:
            return cancel_session(session, viewer, ref, reason)

    def get(self, viewer: Viewer, ref: int | str) -> SessionView:
        with self.book.session("查询远程提审庭审") as session:
            return _view(_row(session, viewer, ref))

    def sessions(
        self, viewer: Viewer, *, start: date | None = None, end: date | None = None
    ) -> list[SessionView]:
        with self.book.session("查询远程提审庭审") as session:
            return sessions(session, viewer, start=start, end=end)

    def due(self, as_of: date, horizon: date | None, units: Sequence[str] | None) -> list[DueItem]:
        with self.book.session("查询期限") as session:
            return remote_due(session, as_of, horizon, units)

    def summary(self, start: date, end: date, units: tuple[str, ...] | None) -> RegisterSummary:
        with self.book.session("统计远程提审庭审") as session:
            return remote_summary(session, start, end, units)
