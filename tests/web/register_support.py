"""What the registers' web tests share: a hearing and a remote session of HOME (made once
per served project), and the registers of minors and aid."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from web_support import HOME, WebProject

from jiancha.casebook.inbox import ClueFilter
from jiancha.casebook.registers import COMMAND_LINE
from jiancha.casebook.registers.aid import ApplicationInput
from jiancha.casebook.registers.minors import ProbationInput, ReportInput
from jiancha.casebook.registers.remote import BookingInput
from jiancha.casebook.registers.supervisors import HearingInput

_HEARINGS: dict[int, int] = {}


def home_hearing(web: WebProject) -> int:
    """A planned hearing of HOME, its parties 张三 and 漳州某建材有限公司."""
    key = id(web.app)
    if key not in _HEARINGS:
        entry = HearingInput(
            HOME, "（2026）闽0602刑诉9号", "non_prosecution", date(2026, 3, 20), "本院听证室",
            ("张三", "漳州某建材有限公司"), 2,
        )  # fmt: skip
        work = web.app.state.bench.work
        _HEARINGS[key] = work.registers.supervisors.add_hearing(COMMAND_LINE, entry).id
    return _HEARINGS[key]


_SESSIONS: dict[int, str] = {}


def home_session(web: WebProject) -> str:
    """A remote interrogation of HOME booked far ahead (no other test books that day)."""
    key = id(web.app)
    if key not in _SESSIONS:
        start = datetime(2099, 1, 1, 9)
        entry = BookingInput(
            HOME, "interrogation", "某案", "漳州市看守所", "样例室", "样例在押人员",
            ("样例检察官",), start, start + timedelta(hours=1),
        )  # fmt: skip
        work = web.app.state.bench.work
        _SESSIONS[key] = work.registers.remote.book_session(COMMAND_LINE, entry).ref
    return _SESSIONS[key]


_REVIEWS: dict[int, int] = {}


def home_review(web: WebProject) -> int:
    """A pending review form of a clue of HOME closed today (one from the middle of the
    new clues: the fixture and the page tests use the first two and the last)."""
    key = id(web.app)
    if key not in _REVIEWS:
        work = web.app.state.bench.work
        new = work.clues(ClueFilter(unit=HOME, status="new"))
        clue = new[len(new) // 2].id
        work.assign(clue, "prosecutor_in", actor="leader_in")
        work.move(clue, "verifying", actor="prosecutor_in")
        work.move(clue, "dismissed", actor="prosecutor_in", reason="核查无违法",
                  reason_code="no_violation")  # fmt: skip
        today = date.today()
        work.registers.quality.sample(
            COMMAND_LINE, today, today + timedelta(days=1), method="targeted",
            clue_ids=[clue], reason="样例",
        )  # fmt: skip
        found = work.registers.quality.reviews(COMMAND_LINE, status="pending")
        _REVIEWS[key] = next(r.id for r in found if r.clue_id == clue)
    return _REVIEWS[key]


_MINORS: dict[tuple[int, str], str] = {}


def home_probation(web: WebProject) -> str:
    """A probation of HOME decided on 2026-03-01 for six months."""
    key = (id(web.app), "probation")
    if key not in _MINORS:
        entry = ProbationInput(
            HOME, "某案", "小明", date(2010, 1, 1), date(2026, 1, 5), "盗窃罪",
            date(2026, 3, 1), 6, "prosecutor_in",
        )  # fmt: skip
        minors = web.app.state.bench.work.registers.minors
        _MINORS[key] = minors.add_probation(COMMAND_LINE, entry).ref
    return _MINORS[key]


def home_report(web: WebProject) -> str:
    """A mandatory report of HOME received on 2026-03-02."""
    key = (id(web.app), "report")
    if key not in _MINORS:
        entry = ReportInput(HOME, date(2026, 3, 2), "某小学", "school", "小华", "疑似受伤")
        minors = web.app.state.bench.work.registers.minors
        _MINORS[key] = minors.add_report(COMMAND_LINE, entry).ref
    return _MINORS[key]


def home_aid(web: WebProject) -> str:
    """An application for judicial aid of HOME received on 2026-03-02, not yet decided."""
    key = (id(web.app), "aid")
    if key not in _MINORS:
        entry = ApplicationInput(
            HOME, "张母", "张某", "母子", "death", "某案", "无收入", 50000, date(2026, 3, 2),
            "prosecutor_in",
        )  # fmt: skip
        _MINORS[key] = web.app.state.bench.work.registers.aid.add(COMMAND_LINE, entry).ref
    return _MINORS[key]
