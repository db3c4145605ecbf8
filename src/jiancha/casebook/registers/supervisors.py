"""人民监督员与公开听证 (measure 22; 人民检察院组织法第27条, 刑诉规则第12条).

A procuratorate keeps its roster of people's supervisors; a city's roster serves its
districts too (a supervisor's unit code is a prefix of the hearing's). Supervisors for a
hearing are drawn at random from those eligible on the day: in their term, active, and
without a conflict of interest — their employer or a person or organisation they declared
a relationship with is among the case's parties, they asked to withdraw (回避), or they
were drawn for the hearing already. The draw is seeded: the seed, the pool (eligible ids,
ascending), who was left out and why, and who came out are stored and put on the ledger,
and replaying the seed on the pool must give the same people (:func:`replay`).

The hearing's record (the day it was held, its conclusion) and each supervisor's opinion
(agree, disagree, other; adopted or not) make the statistics per year.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping, Sequence
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
    optional,
    required,
    seeded_sample,
    unit_name,
)
from jiancha.casebook.registers.summary import CellFormat, RegisterSummary, SummaryTable
from jiancha.casebook.registers.tables import Hearing, Supervisor, SupervisorDraw, SupervisorOpinion
from jiancha.casebook.store import Casebook
from jiancha.errors import CasebookError, NotFound, UsageError
from jiancha.models.conclusion import cn_date

KIND_DRAW = "supervisor_draw"
DEFAULT_SEATS = 3
MAX_SEATS = 15

HEARING_MATTERS: dict[str, str] = {
    "non_prosecution": "拟不起诉案件听证",
    "arrest_review": "羁押必要性审查听证",
    "appeal": "刑事申诉案件听证",
    "civil_admin": "民事行政检察监督案件听证",
    "public_interest": "公益诉讼案件听证",
    "other": "其他案件听证",
}
STANCE_LABELS: dict[str, str] = {"agree": "同意", "disagree": "不同意", "other": "其他意见"}


@dataclass(frozen=True)
class SupervisorInput:
    unit_code: str
    name: str
    employer: str
    phone: str
    term_start: date
    term_end: date
    relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupervisorView:
    id: int
    unit_code: str
    name: str
    employer: str
    phone: str
    term_start: date
    term_end: date
    relations: tuple[str, ...]
    active: bool

    def in_term(self, day: date) -> bool:
        return self.term_start <= day <= self.term_end


@dataclass(frozen=True)
class HearingInput:
    unit_code: str
    case_ref: str
    matter: str
    scheduled_on: date
    place: str
    parties: tuple[str, ...]
    seats: int = DEFAULT_SEATS


@dataclass(frozen=True)
class DrawView:
    id: int
    hearing_id: int
    seed: str
    needed: int
    pool: tuple[int, ...]
    excluded: dict[int, str]
    chosen: tuple[int, ...]
    drawn_at: datetime
    actor: str


@dataclass(frozen=True)
class OpinionView:
    supervisor_id: int
    supervisor: str
    stance: str
    opinion: str
    adopted: bool

    @property
    def stance_label(self) -> str:
        return STANCE_LABELS.get(self.stance, "其他意见")


@dataclass(frozen=True)
class HearingView:
    id: int
    unit_code: str
    case_ref: str
    matter: str
    scheduled_on: date
    place: str
    parties: tuple[str, ...]
    seats: int
    held_on: date | None
    conclusion: str | None
    draws: tuple[DrawView, ...]
    opinions: tuple[OpinionView, ...]
    names: dict[int, str]  # supervisor id → name, for those drawn

    @property
    def matter_label(self) -> str:
        return HEARING_MATTERS.get(self.matter, "其他案件听证")

    @property
    def unit_name(self) -> str:
        return unit_name(self.unit_code)

    @property
    def drawn(self) -> tuple[int, ...]:
        return tuple(i for d in self.draws for i in d.chosen)


# -- the roster ------------------------------------------------------------------------


def _supervisor_view(row: Supervisor) -> SupervisorView:
    return SupervisorView(
        row.id, row.unit_code, row.name, row.employer, row.phone, row.term_start,
        row.term_end, tuple(row.relations), row.active,
    )  # fmt: skip


def add_supervisor(
    session: Session, viewer: Viewer, entry: SupervisorInput, *, at: datetime | None = None
) -> SupervisorView:
    if entry.term_end < entry.term_start:
        raise UsageError(f"任期止 {entry.term_end} 早于任期起 {entry.term_start}")
    row = Supervisor(
        unit_code=viewer.check_unit(entry.unit_code),
        name=required(entry.name, "姓名", 64),
        employer=required(entry.employer, "工作单位及职务", 256),
        phone=optional(entry.phone, "联系电话", 32),
        term_start=entry.term_start,
        term_end=entry.term_end,
        relations=_names(entry.relations),
        active=True,
        added_at=naive(at or datetime.now()),
        added_by=viewer.username,
    )
    session.add(row)
    session.flush()
    return _supervisor_view(row)


def _names(values: Sequence[str]) -> list[str]:
    return sorted({v.strip() for v in values if v and v.strip()})


def roster(session: Session, viewer: Viewer, *, serving: str | None = None) -> list[SupervisorView]:
    """The supervisors of the viewer's units, or (``serving``) of the rosters that serve
    that unit: its own and its city's."""
    query = select(Supervisor).order_by(Supervisor.unit_code, Supervisor.id)
    if serving is None:
        query = query.where(viewer.unit_clause(Supervisor.unit_code))
    rows = list(session.scalars(query))
    if serving is not None:
        rows = [r for r in rows if serving.startswith(r.unit_code)]
    return [_supervisor_view(r) for r in rows]


def set_active(
    session: Session, viewer: Viewer, supervisor_id: int, active: bool
) -> SupervisorView:
    row = session.get(Supervisor, supervisor_id)
    if row is None or not viewer.holds(row.unit_code):
        raise NotFound(f"没有编号为 {supervisor_id} 的人民监督员")
    row.active = active
    return _supervisor_view(row)


# -- hearings --------------------------------------------------------------------------


def add_hearing(
    session: Session, viewer: Viewer, entry: HearingInput, *, at: datetime | None = None
) -> HearingView:
    if not 1 <= entry.seats <= MAX_SEATS:
        raise UsageError(f"抽选人数应为 1 到 {MAX_SEATS} 人，而不是 {entry.seats}")
    row = Hearing(
        unit_code=viewer.check_unit(entry.unit_code),
        case_ref=required(entry.case_ref, "案件", 128),
        matter=choice(entry.matter, HEARING_MATTERS, "听证事项"),
        scheduled_on=entry.scheduled_on,
        place=required(entry.place, "地点", 256),
        parties=_names(entry.parties),
        seats=entry.seats,
        created_at=naive(at or datetime.now()),
        created_by=viewer.username,
    )
    session.add(row)
    session.flush()
    return hearing_view(session, row)


def _hearing_row(session: Session, viewer: Viewer, hearing_id: int) -> Hearing:
    row = session.get(Hearing, hearing_id)
    if row is None or not viewer.holds(row.unit_code):
        raise NotFound(f"没有编号为 {hearing_id} 的听证，或不在您的管辖单位内")
    return row


def _draw_view(row: SupervisorDraw) -> DrawView:
    return DrawView(
        row.id, row.hearing_id, row.seed, row.needed, tuple(row.pool),
        {int(k): v for k, v in row.excluded.items()}, tuple(row.chosen), row.drawn_at, row.actor,
    )  # fmt: skip


def hearing_view(session: Session, row: Hearing) -> HearingView:
    draws = [
        _draw_view(d)
        for d in session.scalars(
            select(SupervisorDraw)
            .where(SupervisorDraw.hearing_id == row.id)
            .order_by(SupervisorDraw.id)
        )
    ]
    ids = {i for d in draws for i in d.chosen}
    opinions = list(
        session.scalars(
            select(SupervisorOpinion)
            .where(SupervisorOpinion.hearing_id == row.id)
            .order_by(SupervisorOpinion.id)
        )
    )
    ids |= {o.supervisor_id for o in opinions}
    names = {
        s.id: s.name for s in session.scalars(select(Supervisor).where(Supervisor.id.in_(ids)))
    }
    return HearingView(
        id=row.id,
        unit_code=row.unit_code,
        case_ref=row.case_ref,
        matter=row.matter,
        scheduled_on=row.scheduled_on,
        place=row.place,
        parties=tuple(row.parties),
        seats=row.seats,
        held_on=row.held_on,
        conclusion=row.conclusion,
        draws=tuple(draws),
        opinions=tuple(
            OpinionView(
                o.supervisor_id, names.get(o.supervisor_id, ""), o.stance, o.opinion, o.adopted
            )
            for o in opinions
        ),
        names=names,
    )


def hearings(session: Session, viewer: Viewer, *, year: int | None = None) -> list[HearingView]:
    query = select(Hearing).where(viewer.unit_clause(Hearing.unit_code))
    if year is not None:
        query = query.where(
            Hearing.scheduled_on >= date(year, 1, 1), Hearing.scheduled_on < date(year + 1, 1, 1)
        )
    rows = session.scalars(query.order_by(Hearing.scheduled_on.desc(), Hearing.id.desc()))
    return [hearing_view(session, r) for r in rows]


# -- the draw --------------------------------------------------------------------------


def conflicts(
    supervisor: SupervisorView, hearing: HearingView, recused: Mapping[int, str]
) -> str | None:
    """Why ``supervisor`` may not sit at ``hearing`` (None: eligible)."""
    if not supervisor.active:
        return "已停用"
    if not supervisor.in_term(hearing.scheduled_on):
        term = f"{cn_date(supervisor.term_start)}至{cn_date(supervisor.term_end)}"
        return f"听证日{cn_date(hearing.scheduled_on)}不在任期（{term}）内"
    if supervisor.id in hearing.drawn:
        return "已抽选参加本次听证"
    if supervisor.id in recused:
        return f"申请回避：{recused[supervisor.id]}"
    for party in hearing.parties:
        if party and (party in supervisor.employer or supervisor.employer in party):
            return f"工作单位与案件当事人“{party}”有关"
        if party in supervisor.relations:
            return f"与案件当事人“{party}”有利害关系"
    return None


def parse_recusals(lines: Sequence[str]) -> dict[int, str]:
    """``编号:理由`` lines (a full-width colon too) as supervisor id → reason."""
    found: dict[int, str] = {}
    for line in lines:
        if not line.strip():
            continue
        number, _, why = line.replace("：", ":").partition(":")
        if not number.strip().isdigit() or not why.strip():
            raise UsageError(f"回避申请 “{line.strip()}” 应为 编号:理由，如 3:系当事人同学")
        found[int(number)] = why.strip()
    return found


def replay(seed: str, pool: Sequence[int], needed: int) -> list[int]:
    """The supervisors a seed draws from a pool: the same seed on the same pool, the same
    people in the same order."""
    return seeded_sample(seed, pool, needed)


def draw_supervisors(
    session: Session,
    ledger: Ledger,
    viewer: Viewer,
    hearing_id: int,
    *,
    needed: int | None = None,
    seed: str | None = None,
    recused: Mapping[int, str] | None = None,
    at: datetime | None = None,
) -> DrawView:
    """Draw supervisors for the hearing (its seats, less those drawn already, unless
    ``needed`` says how many — a replacement); on the ledger with the seed and the pool."""
    ledger.lock(session)  # two draws for one hearing at once would both see nobody drawn
    row = _hearing_row(session, viewer, hearing_id)
    chosen_seed = (seed or secrets.token_hex(16)).strip()
    if not chosen_seed or len(chosen_seed) > 64:
        raise UsageError("抽选种子应为 1 到 64 个字符")
    hearing = hearing_view(session, row)
    if row.held_on is not None:
        raise CasebookError(f"听证 {hearing_id} 已于{cn_date(row.held_on)}举行，不能再抽选")
    count = needed if needed is not None else row.seats - len(hearing.drawn)
    if count < 1:
        raise CasebookError(f"听证 {hearing_id} 已抽足 {row.seats} 名人民监督员")
    excluded: dict[int, str] = {}
    pool: list[int] = []
    for supervisor in roster(session, viewer, serving=row.unit_code):
        why = conflicts(supervisor, hearing, recused or {})
        if why is None:
            pool.append(supervisor.id)
        else:
            excluded[supervisor.id] = why
    if len(pool) < count:
        raise CasebookError(
            f"可抽选的人民监督员只有 {len(pool)} 名，不足 {count} 名"
            f"（{len(excluded)} 名因回避、任期或停用被排除）：请扩充名册或减少人数"
        )
    chosen = replay(chosen_seed, pool, count)
    draw = SupervisorDraw(
        hearing_id=row.id, seed=chosen_seed, needed=count, pool=sorted(pool),
        excluded={str(k): v for k, v in sorted(excluded.items())}, chosen=chosen,
        drawn_at=naive(at or datetime.now()), actor=viewer.username,
    )  # fmt: skip
    session.add(draw)
    session.flush()
    ledger.append(
        session,
        kind=KIND_DRAW,
        actor=viewer.username,
        subject=f"hearing:{row.id}",
        payload=draw_payload(draw),
        at=draw.drawn_at,
    )
    return _draw_view(draw)


def draw_payload(row: SupervisorDraw) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        canonical(
            {
                "draw_id": row.id,
                "hearing_id": row.hearing_id,
                "seed": row.seed,
                "needed": row.needed,
                "pool": row.pool,
                "excluded": row.excluded,
                "chosen": row.chosen,
                "drawn_at": row.drawn_at.isoformat(),
                "actor": row.actor,
            }
        )
    )
    return loaded


def draw_changed(session: Session, payload: dict[str, Any]) -> str | None:
    """For ``ledger verify``: the stored draw must still say what was drawn, and the seed
    replayed on the pool must still draw the same people."""
    row = session.get(SupervisorDraw, payload.get("draw_id"))
    what = f"人民监督员抽选记录 {payload.get('draw_id')}"
    if row is None or draw_payload(row) != payload:
        return what
    if replay(row.seed, row.pool, row.needed) != list(row.chosen):
        return what + "（按种子重放的抽选结果不符）"
    return None


# -- the record ------------------------------------------------------------------------


@dataclass(frozen=True)
class OpinionInput:
    supervisor_id: int
    stance: str
    opinion: str
    adopted: bool


def record_hearing(
    session: Session,
    viewer: Viewer,
    hearing_id: int,
    held_on: date,
    conclusion: str,
    opinions: Sequence[OpinionInput],
    *,
    at: datetime | None = None,
) -> HearingView:
    """The hearing took place: its day, conclusion and the drawn supervisors' opinions."""
    row = _hearing_row(session, viewer, hearing_id)
    hearing = hearing_view(session, row)
    if row.held_on is not None:
        raise CasebookError(f"听证 {hearing_id} 已记录为{cn_date(row.held_on)}举行")
    if not hearing.drawn:
        raise CasebookError(f"听证 {hearing_id} 尚未抽选人民监督员，不能记录举行情况")
    moment = naive(at or datetime.now())
    if held_on > moment.date():
        raise UsageError(f"举行日期{cn_date(held_on)}晚于今天")
    for entry in opinions:
        if entry.supervisor_id not in hearing.drawn:
            raise CasebookError(f"人民监督员 {entry.supervisor_id} 未经抽选参加听证 {hearing_id}")
        session.add(
            SupervisorOpinion(
                hearing_id=row.id, supervisor_id=entry.supervisor_id,
                stance=choice(entry.stance, STANCE_LABELS, "意见"),
                opinion=required(entry.opinion, "监督意见"), adopted=entry.adopted,
                recorded_at=moment, recorded_by=viewer.username,
            )
        )  # fmt: skip
    row.held_on = held_on
    row.conclusion = required(conclusion, "听证结论")
    row.recorded_by = viewer.username
    session.flush()
    return hearing_view(session, row)


# -- statistics ------------------------------------------------------------------------


@dataclass(frozen=True)
class HearingStats:
    start: date
    end: date
    planned: int
    held: int
    seats_drawn: int
    opinions: int
    disagreeing: int
    adopted: int
    roster: int
    by_matter: dict[str, int]
    by_supervisor: list[tuple[str, str, int]]  # name, roster unit, hearings sat


def hearing_stats(
    session: Session, start: date, end: date, units: tuple[str, ...] | None
) -> HearingStats:
    viewer = Viewer("统计", None, units)
    rows = list(
        session.scalars(
            select(Hearing).where(
                viewer.unit_clause(Hearing.unit_code),
                Hearing.scheduled_on >= start,
                Hearing.scheduled_on < end,
            )
        )
    )
    held = [r for r in rows if r.held_on is not None]
    ids = [r.id for r in held]
    opinions = list(
        session.scalars(select(SupervisorOpinion).where(SupervisorOpinion.hearing_id.in_(ids)))
    )
    drawn = sum(
        len(d.chosen)
        for d in session.scalars(
            select(SupervisorDraw).where(SupervisorDraw.hearing_id.in_([r.id for r in rows]))
        )
    )
    sat: dict[int, int] = {}
    for o in opinions:
        sat[o.supervisor_id] = sat.get(o.supervisor_id, 0) + 1
    people = {s.id: s for s in session.scalars(select(Supervisor).where(Supervisor.id.in_(sat)))}
    roster_size = session.scalar(
        select(func.count())
        .select_from(Supervisor)
        .where(viewer.unit_clause(Supervisor.unit_code), Supervisor.active.is_(True))
    )
    by_matter: dict[str, int] = {}
    for r in held:
        by_matter[r.matter] = by_matter.get(r.matter, 0) + 1
    return HearingStats(
        start, end, len(rows), len(held), drawn, len(opinions),
        sum(1 for o in opinions if o.stance == "disagree"), sum(1 for o in opinions if o.adopted),
        int(roster_size or 0), by_matter,
        sorted(((people[i].name, unit_name(people[i].unit_code), n) for i, n in sat.items()),
               key=lambda t: (-t[2], t[0])),
    )  # fmt: skip


def hearing_summary(
    session: Session, start: date, end: date, units: tuple[str, ...] | None
) -> RegisterSummary:
    s = hearing_stats(session, start, end, units)
    if s.planned:
        first = (
            f"本期安排听证{s.planned}次，已举行{s.held}次，随机抽选人民监督员{s.seats_drawn}人次；"
            f"人民监督员发表意见{s.opinions}条，其中不同意{s.disagreeing}条，被采纳{s.adopted}条。"
        )
    else:
        first = "本期没有安排人民监督员参加的听证。"
    paragraphs = (first, f"名册在册人民监督员{s.roster}名。")
    columns: tuple[tuple[str, CellFormat], ...] = (("听证事项", "text"), ("已举行", "count"))
    tables = [
        SummaryTable(
            "已举行的听证（按事项）",
            columns,
            tuple((HEARING_MATTERS[k], n) for k, n in s.by_matter.items()),
        )
    ]
    if s.by_supervisor:
        tables.append(
            SummaryTable(
                "人民监督员参加听证次数",
                (("人民监督员", "text"), ("所属名册", "text"), ("参加次数", "count")),
                tuple(s.by_supervisor),
            )
        )
    return RegisterSummary("supervisors", "人民监督员与公开听证", paragraphs, tuple(tables))


class SupervisorRegister:
    """The roster, the hearings, the draws and the statistics, each verb one transaction."""

    def __init__(self, book: Casebook, ledger: Ledger) -> None:
        self.book = book
        self.ledger = ledger

    def add(
        self, viewer: Viewer, entry: SupervisorInput, *, at: datetime | None = None
    ) -> SupervisorView:
        with self.book.session("登记人民监督员") as session:
            return add_supervisor(session, viewer, entry, at=at)

    def roster(self, viewer: Viewer) -> list[SupervisorView]:
        with self.book.session("查询人民监督员") as session:
            return roster(session, viewer)

    def set_active(self, viewer: Viewer, supervisor_id: int, active: bool) -> SupervisorView:
        with self.book.session("停用或启用人民监督员") as session:
            return set_active(session, viewer, supervisor_id, active)

    def add_hearing(
        self, viewer: Viewer, entry: HearingInput, *, at: datetime | None = None
    ) -> HearingView:
        with self.book.session("登记听证") as session:
            return add_hearing(session, viewer, entry, at=at)

    def hearings(self, viewer: Viewer, *, year: int | None = None) -> list[HearingView]:
        with self.book.session("查询听证") as session:
            return hearings(session, viewer, year=year)

    def hearing(self, viewer: Viewer, hearing_id: int) -> HearingView:
        with self.book.session("查询听证") as session:
            return hearing_view(session, _hearing_row(session, viewer, hearing_id))

    def draw(
        self,
        viewer: Viewer,
        hearing_id: int,
        *,
        needed: int | None = None,
        seed: str | None = None,
        recused: Mapping[int, str] | None = None,
        at: datetime | None = None,
    ) -> DrawView:
        with self.book.session("抽选人民监督员") as session:
            return draw_supervisors(
                session, self.ledger, viewer, hearing_id, needed=needed, seed=seed,
                recused=recused, at=at,
            )  # fmt: skip

    def record(
        self,
        viewer: Viewer,
        hearing_id: int,
        held_on: date,
        conclusion: str,
        opinions: Sequence[OpinionInput],
        *,
        at: datetime | None = None,
    ) -> HearingView:
        with self.book.session("记录听证") as session:
            return record_hearing(session, viewer, hearing_id, held_on, conclusion, opinions, at=at)

    def stats(self, year: int, units: tuple[str, ...] | None = None) -> HearingStats:
        with self.book.session("统计听证") as session:
            return hearing_stats(session, date(year, 1, 1), date(year + 1, 1, 1), units)

    def summary(self, start: date, end: date, units: tuple[str, ...] | None) -> RegisterSummary:
        with self.book.session("统计听证") as session:
            return hearing_summary(session, start, end, units)
