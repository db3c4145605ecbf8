"""案件质量评查 (measure 19): sampling closed clues, the review form, a prosecutor's file.

A clue is closed when its status is 已排除, 已整改 or 已结案; it was closed in a period when
the move that closed it falls in the period. A sampling draws from the closed clues of a
period (of the units and, if named, of one prosecutor — the clue's assignee) that have not
been sampled before: at random with a seed (the pool and the seed are stored and put on the
ledger, and replaying the seed on the pool gives the same clues), or targeted — the clues
named, with the reason. Each sampled clue gets a review form: a score for each item
(``SCORE_ITEMS``, 100 in all), the findings and a rating (优质、合格、瑕疵、不合格); no one
reviews a clue they handled themselves. A prosecutor's quality file puts together their
reviews, the outcomes of the clues assigned to them and the reply periods of those clues
met and missed.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jiancha.casebook.deadlines import STATE_COUNCIL, WorkCalendar
from jiancha.casebook.ledger import Ledger, canonical
from jiancha.casebook.record import naive
from jiancha.casebook.registers.common import (
    Viewer,
    choice,
    optional,
    required,
    seeded_sample,
)
from jiancha.casebook.registers.summary import CellFormat, RegisterSummary, SummaryTable
from jiancha.casebook.registers.tables import QualityReview, QualitySample
from jiancha.casebook.stats import DeadlineWindow, action_deadlines
from jiancha.casebook.status import ClueStatus, status_label
from jiancha.casebook.store import Casebook
from jiancha.casebook.tables import Clue, ClueEvent
from jiancha.casebook.views import display_id, parse_clue_id
from jiancha.errors import CasebookError, NotFound, UsageError

KIND_SAMPLE = "quality_sample"
CLOSED_STATUSES = (ClueStatus.DISMISSED, ClueStatus.RECTIFIED, ClueStatus.CLOSED)
UNASSIGNED = "（未分派）"
METHOD_LABELS: dict[str, str] = {"random": "随机抽查", "targeted": "重点评查"}
# 评查项目 and the most each may score (100 in all)
SCORE_ITEMS: dict[str, tuple[str, int]] = {
    "facts": ("事实认定", 25),
    "evidence": ("证据审查", 25),
    "law": ("法律适用", 20),
    "procedure": ("办案程序", 15),
    "documents": ("文书制作", 10),
    "effect": ("办案效果", 5),
}
RATING_LABELS: dict[str, str] = {
    "excellent": "优质",
    "qualified": "合格",
    "flawed": "瑕疵",
    "unqualified": "不合格",
}
REVIEW_STATUS = {"pending": "待评查", "done": "已评查"}


@dataclass(frozen=True)
class SampleView:
    id: int
    method: str
    start: date
    end: date
    prosecutor: str | None
    seed: str | None
    reason: str | None
    pool: tuple[int, ...]
    chosen: tuple[int, ...]
    drawn_at: datetime
    actor: str

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, "")

    @property
    def chosen_ids(self) -> tuple[str, ...]:
        return tuple(display_id(n) for n in self.chosen)


@dataclass(frozen=True)
class ReviewView:
    id: int
    sample_id: int
    clue_id: str
    clue_title: str
    clue_status: str
    unit_code: str
    prosecutor: str
    status: str
    reviewer: str | None
    scores: dict[str, int]
    findings: str | None
    rating: str | None
    reviewed_at: datetime | None

    @property
    def total(self) -> int | None:
        return sum(self.scores.values()) if self.scores else None

    @property
    def rating_label(self) -> str:
        return RATING_LABELS.get(self.rating or "", "")

    @property
    def status_label(self) -> str:
        return REVIEW_STATUS.get(self.status, "")

    @property
    def clue_status_label(self) -> str:
        return status_label(self.clue_status)


def _in_units(column: Any, units: Sequence[str] | None) -> Any:
    return Viewer("评查", None, None if units is None else tuple(units)).unit_clause(column)


def closed_clues(
    session: Session,
    start: date,
    end: date,
    units: Sequence[str] | None,
    prosecutor: str | None = None,
) -> list[int]:
    """The clues closed in [start, end) (their closing move in it), of the units and the
    prosecutor, ascending."""
    closing = (
        select(ClueEvent.clue_id, func.max(ClueEvent.at).label("closed_at"))
        .where(ClueEvent.to_status.in_([str(s) for s in CLOSED_STATUSES]))
        .group_by(ClueEvent.clue_id)
        .subquery()
    )
    query = (
        select(Clue.id)
        .join(closing, closing.c.clue_id == Clue.id)
        .where(
            Clue.status.in_([str(s) for s in CLOSED_STATUSES]),
            closing.c.closed_at >= datetime.combine(start, time()),
            closing.c.closed_at < datetime.combine(end, time()),
            _in_units(Clue.unit_code, units),
        )
    )
    if prosecutor is not None:
        query = query.where(Clue.assignee == prosecutor)
    return sorted(session.scalars(query))


def replay(seed: str, pool: Sequence[int], count: int) -> list[int]:
    """The clues a seed samples from a pool, by number."""
    return sorted(seeded_sample(seed, pool, count))


def _sample_view(row: QualitySample) -> SampleView:
    return SampleView(
        row.id, row.method, row.period_start, row.period_end, row.prosecutor, row.seed,
        row.reason, tuple(row.pool), tuple(row.chosen), row.drawn_at, row.actor,
    )  # fmt: skip


def draw_sample(
    session: Session,
    ledger: Ledger,
    viewer: Viewer,
    start: date,
    end: date,
    *,
    method: str,
    count: int = 0,
    prosecutor: str | None = None,
    clue_ids: Sequence[str] = (),
    seed: str | None = None,
    reason: str = "",
    at: datetime | None = None,
) -> SampleView:
    """Sample closed clues of [start, end) for review; each gets a pending review form."""
    kind = choice(method, METHOD_LABELS, "抽取方式")
    if end <= start:
        raise UsageError("评查期间的止日应晚于起日")
    ledger.lock(session)  # two samplings at once would both take the same clue
    reviewed = set(session.scalars(select(QualityReview.clue_id)))
    pool = [
        n for n in closed_clues(session, start, end, viewer.units, prosecutor) if n not in reviewed
    ]
    chosen_seed: str | None = None
    if kind == "random":
        if not 1 <= count <= 500:
            raise UsageError(f"随机抽查件数应为 1 到 500，而不是 {count}")
        if not pool:
            raise CasebookError("该期间没有可抽查的已办结线索（已评查过的不再抽取）")
        chosen_seed = (seed or secrets.token_hex(16)).strip()
        if not chosen_seed or len(chosen_seed) > 64:
            raise UsageError("抽查种子应为 1 到 64 个字符")
        chosen = replay(chosen_seed, pool, count)
    else:
        reason = required(reason, "重点评查的理由")
        chosen = sorted({parse_clue_id(c) for c in clue_ids})
        if not chosen:
            raise UsageError("重点评查须写明线索编号")
        outside = [display_id(n) for n in chosen if n not in pool]
        if outside:
            raise CasebookError(
                f"线索 {'、'.join(outside)} 不是本期间内办结、尚未评查的线索，或不在您的管辖单位内"
            )
    moment = naive(at or datetime.now())
    row = QualitySample(
        method=kind, period_start=start, period_end=end, units=list(viewer.units or ()),
        prosecutor=prosecutor, seed=chosen_seed, reason=optional(reason, "理由") or None,
        pool=pool, chosen=chosen, drawn_at=moment, actor=viewer.username,
    )  # fmt: skip
    session.add(row)
    session.flush()
    clues = {c.id: c for c in session.scalars(select(Clue).where(Clue.id.in_(chosen)))}
    for number in chosen:
        clue = clues[number]
        session.add(
            QualityReview(
                sample_id=row.id, clue_id=number, unit_code=clue.unit_code or "",
                prosecutor=clue.assignee or UNASSIGNED, status="pending",
            )
        )  # fmt: skip
    ledger.append(
        session,
        kind=KIND_SAMPLE,
        actor=viewer.username,
        subject=f"quality:{row.id}",
        payload=sample_payload(row),
        at=moment,
    )
    return _sample_view(row)


def sample_payload(row: QualitySample) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        canonical(
            {
                "sample_id": row.id,
                "method": row.method,
                "period": [row.period_start.isoformat(), row.period_end.isoformat()],
                "units": row.units,
                "prosecutor": row.prosecutor,
                "seed": row.seed,
                "reason": row.reason,
                "pool": row.pool,
                "chosen": row.chosen,
            }
        )
    )
    return loaded


def sample_changed(session: Session, payload: dict[str, Any]) -> str | None:
    """For ``ledger verify``: the sampling still says what was drawn, and a random one
    replays to the same clues."""
    row = session.get(QualitySample, payload.get("sample_id"))
    what = f"案件质量评查抽取记录 {payload.get('sample_id')}"
    if row is None or sample_payload(row) != payload:
        return what
    if row.seed is not None and replay(row.seed, row.pool, len(row.chosen)) != list(row.chosen):
        return what + "（按种子重放的抽取结果不符）"
    return None


def _review_view(row: QualityReview, clue: Clue) -> ReviewView:
    return ReviewView(
        row.id, row.sample_id, display_id(row.clue_id), clue.title, clue.status, row.unit_code,
        row.prosecutor, row.status, row.reviewer, dict(row.scores or {}), row.findings,
        row.rating, row.reviewed_at,
    )  # fmt: skip


def reviews(
    session: Session,
    viewer: Viewer,
    *,
    prosecutor: str | None = None,
    status: str | None = None,
    sample_id: int | None = None,
) -> list[ReviewView]:
    query = (
        select(QualityReview, Clue)
        .join(Clue, Clue.id == QualityReview.clue_id)
        .where(viewer.unit_clause(QualityReview.unit_code))
    )
    if prosecutor is not None:
        query = query.where(QualityReview.prosecutor == prosecutor)
    if status is not None:
        query = query.where(QualityReview.status == status)
    if sample_id is not None:
        query = query.where(QualityReview.sample_id == sample_id)
    return [_review_view(r, c) for r, c in session.execute(query.order_by(QualityReview.id))]


def _review_row(session: Session, viewer: Viewer, review_id: int) -> QualityReview:
    row = session.get(QualityReview, review_id)
    if row is None or not viewer.holds(row.unit_code):
        raise NotFound(f"没有编号为 {review_id} 的评查表，或不在您的管辖单位内")
    return row


def suggested_rating(total: int) -> str:
    """The rating a total suggests (the reviewer decides): 90 优质, 75 合格, 60 瑕疵."""
    if total >= 90:
        return "excellent"
    if total >= 75:
        return "qualified"
    if total >= 60:
        return "flawed"
    return "unqualified"


def fill_review(
    session: Session,
    viewer: Viewer,
    review_id: int,
    scores: Mapping[str, int],
    findings: str,
    rating: str | None = None,
    *,
    at: datetime | None = None,
) -> ReviewView:
    """Fill in the review form: every item scored within its most, the findings, the rating
    (the one the total suggests when none is given)."""
    row = _review_row(session, viewer, review_id)
    if row.status == "done":
        raise CasebookError(f"评查表 {review_id} 已于 {row.reviewed_at:%Y-%m-%d} 评查完毕")
    if row.prosecutor == viewer.username:
        raise CasebookError(f"线索 {display_id(row.clue_id)} 由您承办，应由他人评查（回避）")
    checked: dict[str, int] = {}
    for key, (label, most) in SCORE_ITEMS.items():
        value = scores.get(key, scores.get(label))
        if value is None:
            raise UsageError(f"评查项目“{label}”未评分")
        if not 0 <= int(value) <= most:
            raise UsageError(f"评查项目“{label}”的得分应为 0 到 {most}，而不是 {value}")
        checked[key] = int(value)
    unknown = set(scores) - set(SCORE_ITEMS) - {label for label, _ in SCORE_ITEMS.values()}
    if unknown:
        raise UsageError(f"没有评查项目 {'、'.join(sorted(unknown))}")
    chosen = (
        choice(rating, RATING_LABELS, "评定等次")
        if rating
        else suggested_rating(sum(checked.values()))
    )
    text = optional(findings, "评查意见")
    if chosen in ("flawed", "unqualified") and not text:
        raise CasebookError("评定为瑕疵或不合格的，应写明评查发现的问题")
    row.status, row.scores, row.findings, row.rating = "done", checked, text, chosen
    row.reviewer = viewer.username
    row.reviewed_at = naive(at or datetime.now())
    clue = session.get(Clue, row.clue_id)
    assert clue is not None  # the foreign key
    return _review_view(row, clue)


# -- a prosecutor's quality file --------------------------------------------------------


@dataclass(frozen=True)
class QualityFile:
    """一名检察官的办案质量档案 for [start, end)."""

    prosecutor: str
    start: date
    end: date
    reviews: list[ReviewView]  # reviewed in the period
    ratings: dict[str, int]
    assigned: int  # clues assigned to them (now)
    closed: dict[str, int]  # closed in the period, by status
    deadlines_met: int
    deadlines_missed: int
    deadlines_open: int

    @property
    def average(self) -> float | None:
        totals = [r.total for r in self.reviews if r.total is not None]
        return sum(totals) / len(totals) if totals else None


def quality_file(
    session: Session,
    prosecutor: str,
    start: date,
    end: date,
    units: Sequence[str] | None,
    *,
    as_of: date,
    calendar: WorkCalendar = STATE_COUNCIL,
) -> QualityFile:
    viewer = Viewer("档案", None, None if units is None else tuple(units))
    done = [
        r
        for r in reviews(session, viewer, prosecutor=prosecutor, status="done")
        if r.reviewed_at is not None and start <= r.reviewed_at.date() < end
    ]
    ratings = {k: sum(1 for r in done if r.rating == k) for k in RATING_LABELS}
    mine = select(Clue.id).where(Clue.assignee == prosecutor, _in_units(Clue.unit_code, units))
    assigned = list(session.scalars(mine))
    closed_ids = set(closed_clues(session, start, end, units, prosecutor))
    closed: dict[str, int] = {}
    for status in session.scalars(select(Clue.status).where(Clue.id.in_(closed_ids))):
        closed[status] = closed.get(status, 0) + 1
    refs = {display_id(n) for n in assigned}
    window = DeadlineWindow(start, end, as_of, units, calendar)
    outcomes = [o for o in action_deadlines(session, window) if o.ref in refs]
    return QualityFile(
        prosecutor, start, end, done, ratings, len(assigned), closed,
        sum(1 for o in outcomes if o.met is True), sum(1 for o in outcomes if o.met is False),
        sum(1 for o in outcomes if o.met is None),
    )  # fmt: skip


def quality_summary(
    session: Session, start: date, end: date, units: tuple[str, ...] | None
) -> RegisterSummary:
    viewer = Viewer("统计", None, units)
    done = [
        r
        for r in reviews(session, viewer, status="done")
        if r.reviewed_at is not None and start <= r.reviewed_at.date() < end
    ]
    sampled = session.scalar(
        select(func.count())
        .select_from(QualityReview)
        .join(QualitySample, QualitySample.id == QualityReview.sample_id)
        .where(
            viewer.unit_clause(QualityReview.unit_code),
            QualitySample.drawn_at >= datetime.combine(start, time()),
            QualitySample.drawn_at < datetime.combine(end, time()),
        )
    )
    if done or sampled:
        told = "，".join(
            f"{label}{sum(1 for r in done if r.rating == k)}件"
            for k, label in RATING_LABELS.items()
        )
        first = f"本期抽取评查线索{int(sampled or 0)}件，评查完毕{len(done)}件（{told}）。"
    else:
        first = "本期没有开展案件质量评查。"
    people: dict[str, list[ReviewView]] = {}
    for r in done:
        people.setdefault(r.prosecutor, []).append(r)
    columns: tuple[tuple[str, CellFormat], ...] = (
        ("承办检察官", "text"),
        ("评查件数", "count"),
        ("平均得分", "text"),
        *((label, "count") for label in RATING_LABELS.values()),
    )
    rows: tuple[tuple[str | int, ...], ...] = tuple(
        (
            name,
            len(items),
            f"{sum(r.total or 0 for r in items) / len(items):.1f}",
            *(sum(1 for r in items if r.rating == k) for k in RATING_LABELS),
        )
        for name, items in sorted(people.items())
    )
    table = SummaryTable("各承办检察官评查结果", columns, rows, "按评查完毕的日期统计。")
    return RegisterSummary("quality", "案件质量评查", (first,), (table,) if rows else ())


class QualityRegister:
    """Samplings, review forms and quality files, each one transaction."""

    def __init__(self, book: Casebook, ledger: Ledger, calendar: WorkCalendar) -> None:
        self.book = book
        self.ledger = ledger
        self.calendar = calendar

    def sample(
        self,
        viewer: Viewer,
        start: date,
        end: date,
        *,
        method: str,
        count: int = 0,
        prosecutor: str | None = None,
        clue_ids: Sequence[str] = (),
        seed: str | None = None,
        reason: str = "",
        at: datetime | None = None,
    ) -> SampleView:
        with self.book.session("抽取评查线索") as session:
            return draw_sample(
                session, self.ledger, viewer, start, end, method=method, count=count,
                prosecutor=prosecutor, clue_ids=clue_ids, seed=seed, reason=reason, at=at,
            )  # fmt: skip

    def closed(
        self, viewer: Viewer, start: date, end: date, prosecutor: str | None = None
    ) -> list[str]:
        """The clues closed in the period (of the prosecutor): what a sampling draws from."""
        with self.book.session("查询已办结线索") as session:
            return [
                display_id(n) for n in closed_clues(session, start, end, viewer.units, prosecutor)
            ]

    def reviews(
        self,
        viewer: Viewer,
        *,
        prosecutor: str | None = None,
        status: str | None = None,
        sample_id: int | None = None,
    ) -> list[ReviewView]:
        with self.book.session("查询评查表") as session:
            return reviews(
                session, viewer, prosecutor=prosecutor, status=status, sample_id=sample_id
            )

    def review(self, viewer: Viewer, review_id: int) -> ReviewView:
        with self.book.session("查询评查表") as session:
            row = _review_row(session, viewer, review_id)
            clue = session.get(Clue, row.clue_id)
            assert clue is not None
            return _review_view(row, clue)

    def fill(
        self,
        viewer: Viewer,
        review_id: int,
        scores: Mapping[str, int],
        findings: str,
        rating: str | None = None,
        *,
        at: datetime | None = None,
    ) -> ReviewView:
        with self.book.session("填写评查表") as session:
            return fill_review(session, viewer, review_id, scores, findings, rating, at=at)

    def file(
        self, viewer: Viewer, prosecutor: str, start: date, end: date, *, as_of: date | None = None
    ) -> QualityFile:
        with self.book.session("查询办案质量档案") as session:
            return quality_file(
                session, prosecutor, start, end, viewer.units, as_of=as_of or date.today(),
                calendar=self.calendar,
            )  # fmt: skip

    def summary(self, start: date, end: date, units: tuple[str, ...] | None) -> RegisterSummary:
        with self.book.session("统计案件质量评查") as session:
            return quality_summary(session, start, end, units)
