"""未成年人检察 (measure 7): 附条件不起诉 probations, sealed records, mandatory reports.

附条件不起诉 (刑诉法第282–284条): only for a suspect under eighteen when the offence was
committed; the probation is 六个月以上一年以下 (刑法第99条: both ends included), counted from
the day of the decision, and ends on the same day of the month so many months later (刑诉法
第105条: the first day is not counted; a month is a calendar month). The conditions of 第283
条 apply to every probation, with any others the procuratorate sets; check-ins record the
minor's reports, visits and education. At the end the procuratorate must decide: 不起诉 when
the probation passed without a ground of 第284条 — not before it ends — or the decision is
revoked and a prosecution brought (on a ground of 第284条, at any time). Until then the
probation is on the deadline list, due on its last day.

Sealed records (第286条): a record of an offence committed under eighteen with a sentence of
five years or less is sealed and given to no one, except a judicial organ for its cases.
:func:`sealed_matches` finds the sealed people a clue names (by id number; by name only
where the record has no id number), for the workbench to keep those clues from roles that
may not see them (``SEALED_READERS``).

Mandatory reports (强制报告): a report by a school, hospital or another body of a suspected
crime against a minor, and each step of its handling.

"Under eighteen" follows the SPC interpretation on minors (2006) 第2条: an age in full years
is reached the day after the birthday, so on the eighteenth birthday a person is still under
eighteen.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.casebook.deadlines import DueItem, add_months
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
from jiancha.casebook.registers.tables import (
    MandatoryReport,
    Probation,
    ProbationCheckin,
    SealedRecord,
)
from jiancha.casebook.store import Casebook
from jiancha.errors import CasebookError, NotFound, UsageError
from jiancha.models.conclusion import cn_date

MIN_MONTHS, MAX_MONTHS = 6, 12  # 刑诉法第283条第2款: 六个月以上一年以下
MAX_SEALED_SENTENCE = 60  # 刑诉法第286条: 五年有期徒刑以下 (months)
DUE = DueRule("附条件不起诉", "probation_decision")
# Who may see a clue naming a sealed record: those who handle cases (第286条第2款).
SEALED_READERS = frozenset({"prosecutor", "leader"})

STATUTORY_CONDITIONS = (
    "遵守法律法规，服从监督",
    "按照考察机关的规定报告自己的活动情况",
    "离开所居住的市、县或者迁居，应当报经考察机关批准",
    "按照考察机关的要求接受矫治和教育",
)
CHECKIN_KINDS: dict[str, str] = {
    "report": "报告活动情况",
    "visit": "走访考察",
    "education": "矫治教育",
    "other": "其他",
}
OUTCOME_LABELS: dict[str, str] = {
    "non_prosecution": "考验期满，作出不起诉决定",
    "prosecuted": "撤销附条件不起诉，提起公诉",
}
# 第284条: the grounds on which the decision is revoked
REVOCATION_GROUNDS: dict[str, str] = {
    "new_crime": "实施新的犯罪",
    "earlier_crime": "发现决定附条件不起诉以前还有其他犯罪需要追诉",
    "public_order": "违反治安管理规定，情节严重",
    "supervision_rules": "违反考察机关有关附条件不起诉的监督管理规定，情节严重",
}
REPORTER_KINDS: dict[str, str] = {
    "school": "学校",
    "medical": "医疗机构",
    "community": "居（村）民委员会",
    "welfare": "社会福利机构",
    "hotel": "旅馆、宾馆",
    "other": "其他单位",
}
REPORT_STATUS: dict[str, str] = {
    "received": "已接收",
    "transferred": "已移送公安机关",
    "filed": "公安机关已立案",
    "not_filed": "公安机关不立案",
    "supervising": "立案监督中",
    "closed": "已办结",
}


def under_eighteen(birth: date, day: date) -> bool:
    """Whether a person born on ``birth`` was under eighteen on ``day`` (the birthday
    itself still counts as under: full years are reached the day after)."""
    eighteenth = add_months(birth, 18 * 12)
    return day <= eighteenth


# -- 附条件不起诉 ----------------------------------------------------------------------


@dataclass(frozen=True)
class ProbationInput:
    unit_code: str
    case_ref: str
    person: str
    birth_date: date
    offense_date: date
    charge: str
    decided_on: date
    months: int
    supervisor: str
    extra_conditions: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckinView:
    on: date
    kind: str
    compliant: bool
    note: str
    recorded_by: str

    @property
    def kind_label(self) -> str:
        return CHECKIN_KINDS.get(self.kind, "其他")


@dataclass(frozen=True)
class ProbationView:
    id: int
    ref: str
    unit_code: str
    case_ref: str
    person: str
    charge: str
    decided_on: date
    months: int
    ends_on: date
    conditions: tuple[str, ...]
    supervisor: str
    outcome: str | None
    outcome_on: date | None
    outcome_reason: str | None
    checkins: tuple[CheckinView, ...]

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome or "", "考验中")

    @property
    def unit_name(self) -> str:
        return unit_name(self.unit_code)


def probation_ref(number: int) -> str:
    return f"FT{number:06d}"


def _probation_number(ref: int | str) -> int:
    text = str(ref).strip().upper().removeprefix("FT")
    if not text.isdigit():
        raise NotFound(f"没有编号为 {ref} 的附条件不起诉")
    return int(text)


def probation_end(decided_on: date, months: int) -> date:
    """The last day of a probation of ``months`` decided on ``decided_on``."""
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        raise UsageError(
            f"附条件不起诉的考验期为六个月以上一年以下（刑事诉讼法第二百八十三条），"
            f"不能是 {months} 个月"
        )
    return add_months(decided_on, months)


def _probation_view(session: Session, row: Probation) -> ProbationView:
    checkins = session.scalars(
        select(ProbationCheckin)
        .where(ProbationCheckin.probation_id == row.id)
        .order_by(ProbationCheckin.on, ProbationCheckin.id)
    )
    return ProbationView(
        row.id, probation_ref(row.id), row.unit_code, row.case_ref, row.person, row.charge,
        row.decided_on, row.months, row.ends_on, tuple(row.conditions), row.supervisor,
        row.outcome, row.outcome_on, row.outcome_reason,
        tuple(CheckinView(c.on, c.kind, c.compliant, c.note, c.recorded_by) for c in checkins),
    )  # fmt: skip


def add_probation(
    session: Session, viewer: Viewer, entry: ProbationInput, *, at: datetime | None = None
) -> ProbationView:
    ends = probation_end(entry.decided_on, entry.months)
    if not under_eighteen(entry.birth_date, entry.offense_date):
        raise CasebookError(
            f"{entry.person} 犯罪时（{cn_date(entry.offense_date)}）已满十八周岁，"
            "不适用附条件不起诉（刑事诉讼法第二百八十二条）"
        )
    if entry.decided_on < entry.offense_date:
        raise UsageError("决定日期早于犯罪日期")
    extra = [c.strip() for c in entry.extra_conditions if c.strip()]
    row = Probation(
        unit_code=viewer.check_unit(entry.unit_code),
        case_ref=required(entry.case_ref, "案件", 128),
        person=required(entry.person, "被附条件不起诉人", 64),
        birth_date=entry.birth_date,
        offense_date=entry.offense_date,
        charge=required(entry.charge, "涉嫌罪名", 128),
        decided_on=entry.decided_on,
        months=entry.months,
        ends_on=ends,
        conditions=[*STATUTORY_CONDITIONS, *extra],
        supervisor=required(entry.supervisor, "考察检察官", 128),
        created_at=naive(at or datetime.now()),
        created_by=viewer.username,
    )
    session.add(row)
    session.flush()
    return _probation_view(session, row)


def _probation_row(session: Session, viewer: Viewer, ref: int | str) -> Probation:
    row = session.get(Probation, _probation_number(ref))
    if row is None or not viewer.holds(row.unit_code):
        raise NotFound(f"没有编号为 {ref} 的附条件不起诉，或不在您的管辖单位内")
    return row


def add_checkin(
    session: Session,
    viewer: Viewer,
    ref: int | str,
    on: date,
    kind: str,
    compliant: bool,
    note: str,
) -> ProbationView:
    row = _probation_row(session, viewer, ref)
    if row.outcome is not None:
        raise CasebookError(f"{probation_ref(row.id)} 已作出决定，不再考察")
    if not row.decided_on <= on <= row.ends_on:
        raise UsageError(
            f"考察日期{cn_date(on)}不在考验期（{cn_date(row.decided_on)}至{cn_date(row.ends_on)}）内"
        )
    session.add(
        ProbationCheckin(
            probation_id=row.id, on=on, kind=choice(kind, CHECKIN_KINDS, "考察方式"),
            compliant=compliant, note=required(note, "考察情况"), recorded_by=viewer.username,
        )
    )  # fmt: skip
    session.flush()
    return _probation_view(session, row)


def decide_probation(
    session: Session,
    viewer: Viewer,
    ref: int | str,
    outcome: str,
    on: date,
    reason: str = "",
    ground: str | None = None,
) -> ProbationView:
    """不起诉 once the probation has ended (第284条第2款), or revoked on a ground of 第284条
    第1款 at any time during it."""
    row = _probation_row(session, viewer, ref)
    if row.outcome is not None:
        raise CasebookError(f"{probation_ref(row.id)} 已于{cn_date(row.outcome_on)}作出决定")
    kind = choice(outcome, OUTCOME_LABELS, "决定")
    if on < row.decided_on:
        raise UsageError("决定日期早于附条件不起诉决定")
    if kind == "non_prosecution":
        if on <= row.ends_on:
            raise CasebookError(
                f"考验期至{cn_date(row.ends_on)}届满，届满后方可作出不起诉决定（刑事诉讼法第二百八十四条）"
            )
        text = optional(reason, "理由") or "考验期内没有刑事诉讼法第二百八十四条第一款规定的情形"
    else:
        if not ground:
            raise CasebookError(
                "撤销附条件不起诉须写明第二百八十四条规定的情形："
                + "、".join(REVOCATION_GROUNDS.values())
            )
        grounds = choice(ground, REVOCATION_GROUNDS, "撤销情形")
        text = f"{REVOCATION_GROUNDS[grounds]}：{required(reason, '理由')}"
    row.outcome, row.outcome_on, row.outcome_reason = kind, on, text
    return _probation_view(session, row)


def probations(session: Session, viewer: Viewer) -> list[ProbationView]:
    rows = viewer.rows(session, Probation, Probation.ends_on, Probation.id)
    return [_probation_view(session, r) for r in rows]


def probation_due(
    session: Session, as_of: date, horizon: date | None, units: Sequence[str] | None
) -> list[DueItem]:
    """Every probation without a decision: due on its last day."""
    within = None if horizon is None else Probation.ends_on <= horizon
    return open_deadlines(
        session, Probation, Probation.outcome.is_(None), units, within,
        lambda row: DUE.item(
            as_of, probation_ref(row.id), row.unit_code, row.supervisor,
            f"附条件不起诉考验期届满（{row.person}，{row.months}个月），应作出决定",
            row.decided_on, row.ends_on,
        ),
    )  # fmt: skip


# -- sealed records ----------------------------------------------------------------------


@dataclass(frozen=True)
class SealedInput:
    unit_code: str
    person: str
    id_number: str
    case_ref: str
    birth_date: date
    offense_date: date
    sentence_months: int
    sealed_on: date


@dataclass(frozen=True)
class SealedView:
    id: int
    unit_code: str
    person: str
    id_number: str | None
    case_ref: str
    sentence_months: int
    sealed_on: date


def _sealed_view(row: SealedRecord) -> SealedView:
    return SealedView(
        row.id, row.unit_code, row.person, row.id_number, row.case_ref, row.sentence_months,
        row.sealed_on,
    )  # fmt: skip


def seal_record(session: Session, viewer: Viewer, entry: SealedInput) -> SealedView:
    """Seal a record that 第286条 seals: an offence under eighteen, five years or less."""
    if not under_eighteen(entry.birth_date, entry.offense_date):
        raise CasebookError(
            f"{entry.person} 犯罪时已满十八周岁，"
            "不属于应当封存的犯罪记录（刑事诉讼法第二百八十六条）"
        )
    if not 0 <= entry.sentence_months <= MAX_SEALED_SENTENCE:
        raise CasebookError(
            f"被判处的刑罚超过五年有期徒刑（{entry.sentence_months} 个月），"
            "不属于应当封存的犯罪记录（刑事诉讼法第二百八十六条）"
        )
    row = SealedRecord(
        unit_code=viewer.check_unit(entry.unit_code),
        person=required(entry.person, "姓名", 64),
        id_number=optional(entry.id_number, "身份证号", 32).upper() or None,
        case_ref=required(entry.case_ref, "案件", 128),
        offense_date=entry.offense_date,
        birth_date=entry.birth_date,
        sentence_months=entry.sentence_months,
        sealed_on=entry.sealed_on,
        sealed_by=viewer.username,
    )
    session.add(row)
    session.flush()
    return _sealed_view(row)


def sealed_records(session: Session, viewer: Viewer) -> list[SealedView]:
    return [_sealed_view(r) for r in viewer.rows(session, SealedRecord, SealedRecord.id)]


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value.strip()
    elif isinstance(value, Mapping):
        for inner in value.values():
            yield from _strings(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _strings(inner)


def sealed_matches(sealed: Sequence[SealedView], *values: Any) -> list[SealedView]:
    """The sealed records ``values`` (a clue's subject, facts, evidence rows) name: an id
    number anywhere in them, or the name where the record has no id number."""
    texts = {t.upper() for v in values for t in _strings(v) if t}
    return [
        s
        for s in sealed
        if (s.id_number and s.id_number in texts) or (not s.id_number and s.person in texts)
    ]


def all_sealed(session: Session) -> list[SealedView]:
    """Every sealed record, whatever the unit: a clue of one unit may name a person whose
    record another unit sealed."""
    return [_sealed_view(r) for r in session.scalars(select(SealedRecord))]


# -- mandatory reports -------------------------------------------------------------------


@dataclass(frozen=True)
class ReportInput:
    unit_code: str
    received_on: date
    reporter: str
    reporter_kind: str
    victim: str
    suspected: str


@dataclass(frozen=True)
class ReportView:
    id: int
    ref: str
    unit_code: str
    received_on: date
    reporter: str
    reporter_kind: str
    victim: str
    suspected: str
    status: str
    steps: tuple[dict[str, Any], ...]

    @property
    def status_label(self) -> str:
        return REPORT_STATUS.get(self.status, "")

    @property
    def reporter_kind_label(self) -> str:
        return REPORTER_KINDS.get(self.reporter_kind, "其他单位")


def _report_view(row: MandatoryReport) -> ReportView:
    return ReportView(
        row.id, f"QB{row.id:06d}", row.unit_code, row.received_on, row.reporter,
        row.reporter_kind, row.victim, row.suspected, row.status, tuple(row.steps),
    )  # fmt: skip


def add_report(session: Session, viewer: Viewer, entry: ReportInput) -> ReportView:
    row = MandatoryReport(
        unit_code=viewer.check_unit(entry.unit_code),
        received_on=entry.received_on,
        reporter=required(entry.reporter, "报告单位", 128),
        reporter_kind=choice(entry.reporter_kind, REPORTER_KINDS, "报告单位类别"),
        victim=required(entry.victim, "未成年被害人", 64),
        suspected=required(entry.suspected, "疑似侵害情况"),
        status="received",
        steps=[
            {
                "on": entry.received_on.isoformat(),
                "status": "received",
                "note": "",
                "by": viewer.username,
            }
        ],
        recorded_by=viewer.username,
    )
    session.add(row)
    session.flush()
    return _report_view(row)


def report_step(
    session: Session, viewer: Viewer, ref: int | str, status: str, on: date, note: str
) -> ReportView:
    number = str(ref).strip().upper().removeprefix("QB")
    row = session.get(MandatoryReport, int(number)) if number.isdigit() else None
    if row is None or not viewer.holds(row.unit_code):
        raise NotFound(f"没有编号为 {ref} 的强制报告，或不在您的管辖单位内")
    if row.status == "closed":
        raise CasebookError(f"强制报告 {ref} 已办结")
    code = choice(status, REPORT_STATUS, "办理进展")
    if on < row.received_on:
        raise UsageError("办理日期早于接收日期")
    row.steps = [
        *row.steps,
        {
            "on": on.isoformat(),
            "status": code,
            "note": optional(note, "说明"),
            "by": viewer.username,
        },
    ]
    row.status = code
    return _report_view(row)


def reports(session: Session, viewer: Viewer) -> list[ReportView]:
    order = (MandatoryReport.received_on.desc(), MandatoryReport.id.desc())
    return [_report_view(r) for r in viewer.rows(session, MandatoryReport, *order)]


# -- figures -----------------------------------------------------------------------------


def minors_summary(
    session: Session, start: date, end: date, units: tuple[str, ...] | None
) -> RegisterSummary:
    viewer = Viewer("统计", None, units)
    started = [p for p in probations(session, viewer) if start <= p.decided_on < end]
    decided = [
        p for p in probations(session, viewer) if p.outcome_on and start <= p.outcome_on < end
    ]
    sealed = [s for s in sealed_records(session, viewer) if start <= s.sealed_on < end]
    received = [r for r in reports(session, viewer) if start <= r.received_on < end]
    first = (
        f"本期作出附条件不起诉决定{len(started)}件；考验期满作出决定{len(decided)}件，其中不起诉"
        f"{sum(1 for p in decided if p.outcome == 'non_prosecution')}件、撤销并提起公诉"
        f"{sum(1 for p in decided if p.outcome == 'prosecuted')}件。"
        f"封存犯罪记录{len(sealed)}件。接收强制报告{len(received)}件。"
    )
    columns: tuple[tuple[str, CellFormat], ...] = (("办理进展", "text"), ("件数", "count"))
    table = SummaryTable(
        "强制报告办理进展",
        columns,
        tuple(
            (label, sum(1 for r in received if r.status == code))
            for code, label in REPORT_STATUS.items()
        ),
        "本期接收的强制报告，按现在的办理进展。",
    )
    return RegisterSummary("minors", "未成年人检察", (first,), (table,) if received else ())


class MinorsRegister:
    """Probations, sealed records and mandatory reports, each verb one transaction."""

    def __init__(self, book: Casebook) -> None:
        self.book = book

    def add_probation(
        self, viewer: Viewer, entry: ProbationInput, *, at: datetime | None = None
    ) -> ProbationView:
        with self.book.session("登记附条件不起诉") as session:
            return add_probation(session, viewer, entry, at=at)

    def checkin(
        self, viewer: Viewer, ref: int | str, on: date, kind: str, compliant: bool, note: str
    ) -> ProbationView:
        with self.book.session("登记考察情况") as session:
            return add_checkin(session, viewer, ref, on, kind, compliant, note)

    def decide(
        self,
        viewer: Viewer,
        ref: int | str,
        outcome: str,
        on: date,
        reason: str = "",
        ground: str | None = None,
    ) -> ProbationView:
        with self.book.session("附条件不起诉决定") as session:
            return decide_probation(session, viewer, ref, outcome, on, reason, ground)

    def probations(self, viewer: Viewer) -> list[ProbationView]:
        with self.book.session("查询附条件不起诉") as session:
            return probations(session, viewer)

    def probation(self, viewer: Viewer, ref: int | str) -> ProbationView:
        with self.book.session("查询附条件不起诉") as session:
            return _probation_view(session, _probation_row(session, viewer, ref))

    def seal(self, viewer: Viewer, entry: SealedInput) -> SealedView:
        with self.book.session("封存犯罪记录") as session:
            return seal_record(session, viewer, entry)

    def sealed(self, viewer: Viewer) -> list[SealedView]:
        with self.book.session("查询封存记录") as session:
            return sealed_records(session, viewer)

    def sealed_in(self, *values: Any) -> list[SealedView]:
        """The sealed records that ``values`` (a clue's subject, facts, evidence) name."""
        with self.book.session("核对封存记录") as session:
            return sealed_matches(all_sealed(session), *values)

    def add_report(self, viewer: Viewer, entry: ReportInput) -> ReportView:
        with self.book.session("登记强制报告") as session:
            return add_report(session, viewer, entry)

    def report_step(
        self, viewer: Viewer, ref: int | str, status: str, on: date, note: str = ""
    ) -> ReportView:
        with self.book.session("登记强制报告办理进展") as session:
            return report_step(session, viewer, ref, status, on, note)

    def reports(self, viewer: Viewer) -> list[ReportView]:
        with self.book.session("查询强制报告") as session:
            return reports(session, viewer)

    def due(self, as_of: date, horizon: date | None, units: Sequence[str] | None) -> list[DueItem]:
        with self.book.session("查询期限") as session:
            return probation_due(session, as_of, horizon, units)

    def summary(self, start: date, end: date, units: tuple[str, ...] | None) -> RegisterSummary:
        with self.book.session("统计未成年人检察") as session:
            return minors_summary(session, start, end, units)
