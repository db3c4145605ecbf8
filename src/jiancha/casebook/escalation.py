"""Follow-through: no rectification by the reply deadline moves a clue up the ladder.

The ladder (人民检察院检察建议工作规定): when the recipient lets the reply period pass
without rectifying, the procuratorate first reports to the recipient's superior body
(its 上级主管机关 or the government at its level), and if the matter is still not put
right after another full period, reports to the superior procuratorate (上一级人民检察院)
for its supervision. Each rung is an ``escalated`` move with its reason, on the ledger.

The clock of the next rung starts at the previous escalation, so running this every day
(``jiancha due --escalate``) escalates a clue once per missed period, never twice a day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from jiancha.casebook.actions import UNIT_NAMES, by_unit
from jiancha.casebook.deadlines import (
    RULES,
    STATE_COUNCIL,
    DeadlineRule,
    WorkCalendar,
    action_due,
)
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.status import ClueStatus as S
from jiancha.casebook.status import EventKind
from jiancha.casebook.tables import Clue, ClueEvent, SupervisionAction
from jiancha.casebook.views import display_id
from jiancha.casebook.workflow import latest_action, move_in
from jiancha.errors import TransitionError
from jiancha.models.conclusion import cn_date

SYSTEM_ACTOR = "system"

# The rungs of the ladder, lowest first; a clue past the top stays on the top rung.
LADDER: tuple[str, ...] = ("recipient_superior", "superior_procuratorate")
LADDER_LABELS: dict[str, str] = {
    "recipient_superior": "通报被建议单位的上级主管机关督促整改",
    "superior_procuratorate": "报请上一级人民检察院督促",
}

# Statuses in which the recipient still owes rectification.
_WAITING = (S.SERVED.value, S.REPLIED.value)


@dataclass(frozen=True)
class Escalation:
    """One clue moved up the ladder (or, with ``skipped``, one that could not be)."""

    clue_id: str
    unit_code: str | None
    rung: str
    rung_label: str
    to: str  # whom it is reported to
    due: date
    days_overdue: int
    skipped: str | None = None  # why it was left alone (someone moved it meanwhile)


def superior_unit(unit_code: str | None) -> str:
    """The superior procuratorate's code: a district's city (3506), a city's province (35)."""
    code = (unit_code or "").rstrip("0") or (unit_code or "")
    if len(code) > 4:
        return code[:4]
    if len(code) > 2:
        return code[:2]
    return code


_PROVINCE_PROCURATORATES: dict[str, str] = {"35": "福建省人民检察院"}


def _superior_name(unit_code: str | None) -> str:
    code = superior_unit(unit_code)
    name = _PROVINCE_PROCURATORATES.get(code) or (
        by_unit(UNIT_NAMES, code) if len(code) >= 4 else None
    )
    return name or f"上一级人民检察院（{code}）"


def overdue_actions(
    session: Session,
    as_of: date,
    rules: dict[str, DeadlineRule] | None = None,
    calendar: WorkCalendar = STATE_COUNCIL,
) -> list[tuple[Clue, SupervisionAction, date, int]]:
    """Clues waiting for rectification whose period (from service or the last rung) ended
    before ``as_of``: (clue, its latest action, the due date, rungs already climbed)."""
    rules = rules or RULES
    found = []
    for clue in session.scalars(select(Clue).where(Clue.status.in_(_WAITING)).order_by(Clue.id)):
        action = latest_action(session, clue.id)
        if action is None or action.served_at is None or action.rectified_at is not None:
            continue
        rungs = _escalations(session, clue.id, since=action.served_at)
        start = rungs[-1] if rungs else action.served_at
        due = action_due(action, start.date(), rules=rules, calendar=calendar)
        if due < as_of:
            found.append((clue, action, due, len(rungs)))
    return found


def _escalations(session: Session, clue_id: int, *, since: datetime) -> list[datetime]:
    """When the clue was escalated since its action was served, oldest first, leaving out
    escalations that were undone."""
    events = list(
        session.scalars(
            select(ClueEvent)
            .where(
                ClueEvent.clue_id == clue_id,
                ClueEvent.kind.in_([EventKind.MOVED, EventKind.UNDONE]),
                ClueEvent.at >= since,
            )
            .order_by(ClueEvent.id)
        )
    )
    undone = {e.detail.get("undoes") for e in events if e.kind == EventKind.UNDONE}
    return [
        e.at
        for e in events
        if e.kind == EventKind.MOVED and e.to_status == S.ESCALATED and e.id not in undone
    ]


def escalate_overdue(
    session: Session,
    ledger: Ledger,
    as_of: date,
    actor: str = SYSTEM_ACTOR,
    *,
    at: datetime | None = None,
    calendar: WorkCalendar = STATE_COUNCIL,
) -> list[Escalation]:
    """Escalate every clue whose reply period passed without rectification.

    All in the caller's transaction; a clue someone else moved at the same moment is
    reported as skipped (its optimistic-lock check failed before anything was written).
    """
    moment = at or datetime.combine(as_of, time(0, 0))
    done: list[Escalation] = []
    for clue, action, due, climbed in overdue_actions(session, as_of, calendar=calendar):
        rung = LADDER[min(climbed, len(LADDER) - 1)]
        if rung == "recipient_superior":
            target = f"{action.recipient}的上级主管机关"
        else:
            target = _superior_name(clue.unit_code)
        overdue = (as_of - due).days
        reason = (
            f"回复期限{cn_date(due)}已过 {overdue} 日仍未整改：{LADDER_LABELS[rung]}（{target}）"
        )
        escalation = Escalation(
            display_id(clue.id), clue.unit_code, rung, LADDER_LABELS[rung], target, due, overdue
        )
        try:
            move_in(
                session,
                ledger,
                clue.id,
                S.ESCALATED,
                actor=actor,
                reason=reason,
                at=moment,
                expected_version=clue.version,
                detail={"rung": rung, "to": target, "due": due.isoformat()},
            )
        except TransitionError as exc:
            escalation = Escalation(**{**escalation.__dict__, "skipped": str(exc)})
        done.append(escalation)
    return done
