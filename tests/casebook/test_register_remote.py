"""远程提审、远程庭审: a booking sharing a room, a person in custody or a participant with
another standing one at the same time is refused; booked sessions are on the deadline list
until their record is made."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from jiancha.casebook import Casebook
from jiancha.casebook.casework import Casework, CaseworkConfig
from jiancha.casebook.registers import Viewer
from jiancha.casebook.registers.remote import BookingInput
from jiancha.errors import CasebookError, NotFound, UsageError

HOME = Viewer("li", "prosecutor", ("350602",))
OTHER = Viewer("qian", "prosecutor", ("350603",))
NOW = datetime(2026, 3, 2, 8)
SLOT = datetime(2026, 3, 10, 9)


@pytest.fixture
def work(wf_book: Casebook, tmp_path: Path) -> Casework:
    return Casework(CaseworkConfig(tmp_path / "project"), wf_book)


def booking(
    unit: str = "350602",
    room: str = "远程提审室一",
    person: str = "张某",
    participants: tuple[str, ...] = ("李检察官", "书记员王某"),
    start: datetime = SLOT,
    hours: float = 1,
) -> BookingInput:
    return BookingInput(
        unit, "远程提审", "某盗窃案", "漳州市看守所", room, person, participants, start,
        start + timedelta(hours=hours),
    )  # fmt: skip


def test_a_booking_that_shares_a_room_person_or_participant_at_once_is_refused(
    work: Casework,
) -> None:
    remote = work.registers.remote
    first = remote.book_session(HOME, booking(), at=NOW)
    assert first.ref == "YC000001" and first.kind_label == "远程提审"
    half_past = SLOT + timedelta(minutes=30)
    refusals = {
        "房间“远程提审室一”": booking(person="赵某", participants=("甲",), start=half_past),
        "在押人员 张某": booking(room="二号室", participants=("甲",), start=half_past),
        "参加人员 李检察官 ": booking(
            room="二号室", person="赵某", participants=("李检察官",), start=half_past
        ),
    }
    for reason, entry in refusals.items():
        with pytest.raises(CasebookError, match=f"预约冲突.*{reason}.*YC000001"):
            remote.book_session(HOME, entry, at=NOW)
    # just outside: the slot right after, the same room in another procuratorate
    remote.book_session(HOME, booking(start=SLOT + timedelta(hours=1)), at=NOW)
    remote.book_session(OTHER, booking("350603", person="赵某", participants=("丙",)), at=NOW)
    # the same person booked by another procuratorate at that time is refused there too
    with pytest.raises(CasebookError, match="在押人员 张某"):
        remote.book_session(OTHER, booking("350603", participants=("丙",)), at=NOW)
    # a cancelled booking frees its slot
    remote.cancel(HOME, first.ref, "看守所线路检修")
    remote.book_session(HOME, booking(person="赵某二", participants=("甲",)), at=NOW)
    assert len(remote.sessions(HOME)) == 3


def test_bookings_are_checked_for_shape(work: Casework) -> None:
    remote = work.registers.remote
    with pytest.raises(UsageError, match="应晚于开始时间"):
        remote.book_session(HOME, booking(hours=-1), at=NOW)
    with pytest.raises(UsageError, match="已过"):
        remote.book_session(HOME, booking(start=NOW - timedelta(days=1)), at=NOW)
    with pytest.raises(CasebookError, match="参加人员"):
        remote.book_session(HOME, booking(participants=(" ",)), at=NOW)
    odd = BookingInput("350602", "视频会", "案", "所", "室", "人", ("甲",), SLOT, SLOT)
    with pytest.raises(CasebookError, match="可选"):
        remote.book_session(HOME, replace(odd, ends_at=SLOT + timedelta(hours=1)), at=NOW)


def test_booked_sessions_are_due_until_recorded(work: Casework) -> None:
    remote = work.registers.remote
    booked = remote.book_session(HOME, booking(), at=NOW)
    items = work.due(timedelta(days=7), date(2026, 3, 5))
    assert [(i.source, i.ref, i.due, i.days_left) for i in items if i.ref.startswith("YC")] == [
        ("远程提审庭审", "YC000001", date(2026, 3, 10), 5)
    ]
    assert not [i for i in work.due(timedelta(days=2), date(2026, 3, 5)) if i.ref == booked.ref]
    assert not [i for i in work.due(None, date(2026, 3, 5), units=["350603"]) if i.source]
    late = [i for i in work.due(timedelta(days=0), date(2026, 3, 12)) if i.ref == booked.ref]
    assert late and late[0].overdue and "举行后登记记录" in late[0].label
    with pytest.raises(UsageError, match="尚未到来"):
        remote.record(HOME, booked.ref, SLOT, SLOT + timedelta(hours=1), "V1", ["张某"], at=NOW)
    with pytest.raises(CasebookError, match="签名"):
        remote.record(HOME, booked.ref, SLOT, SLOT + timedelta(hours=1), "V1", [])
    held = remote.record(
        HOME, booked.ref, SLOT + timedelta(minutes=5), SLOT + timedelta(minutes=50),
        "看守所录像 2026-0310-01", ["张某", "李检察官"],
    )  # fmt: skip
    assert held.status_label == "已举行" and held.signatures == ("张某", "李检察官")
    assert not [i for i in work.due(None, date(2026, 3, 12)) if i.ref == booked.ref]
    with pytest.raises(NotFound):
        remote.get(OTHER, booked.ref)
    summary = work.registers.summary("remote", date(2026, 3, 1), date(2026, 4, 1))
    assert summary.paragraphs[0].startswith("本期预约远程提审、远程庭审1场，已举行1场")
    assert summary.tables[0].rows[0] == ("远程提审", 0, 1, 0, "0.8")
