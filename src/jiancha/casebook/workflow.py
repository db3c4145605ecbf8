"""The supervision workflow: a clue from assignment to a closed case.

One transition table (``TRANSITIONS``) says which moves are allowed; every move is an
append-only ``clue_event`` with actor, time and reason, and a ledger entry in the same
transaction. A move is taken back only by ``undo`` — a new event — never by an edit.

Concurrency: every move updates the clue with ``WHERE version = :read AND status = :read``
and bumps the version, so of two people (or a person and a model run) moving the same
clue at once exactly one wins; the other gets a TransitionError and nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from jiancha.casebook.actions import (
    ACTION_LABELS,
    ACTION_STATUS,
    KIND_TITLES,
    STATUS_ACTION,
    STATUS_DOCUMENTS,
)
from jiancha.casebook.inbox import clue_in_scope
from jiancha.casebook.ledger import Ledger
from jiancha.casebook.record import naive
from jiancha.casebook.status import (
    DISMISSAL_LABELS,
    EventKind,
    status_label,
)
from jiancha.casebook.status import ClueStatus as S
from jiancha.casebook.store import Casebook, clue_row, clue_view
from jiancha.casebook.tables import Clue, ClueEvent, Document, SupervisionAction
from jiancha.casebook.views import ClueView, display_id, parse_clue_id
from jiancha.errors import CasebookError, TransitionError

_ACTIONS = frozenset(ACTION_STATUS.values())

# The one table of allowed moves. Statuses absent as keys (dismissed, closed) are final:
# only ``undo`` leaves them.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ASSIGNED, S.DISMISSED}),
    S.REOPENED: frozenset({S.ASSIGNED, S.DISMISSED}),
    S.RESOLVED_BY_DATA: frozenset({S.ASSIGNED, S.DISMISSED}),
    S.ASSIGNED: frozenset({S.VERIFYING, S.DISMISSED}),
    S.VERIFYING: frozenset({S.DISMISSED, S.OPENED}),
    S.OPENED: _ACTIONS | {S.CLOSED},
    **{status: frozenset({S.SERVED}) for status in _ACTIONS},
    S.SERVED: frozenset({S.OBJECTED, S.REPLIED, S.RECTIFIED, S.ESCALATED}),
    # the review of an objection: maintained (back to served), amended (a new action
    # from opened) or withdrawn (closed)
    S.OBJECTED: frozenset({S.SERVED, S.OPENED, S.CLOSED}),
    S.REPLIED: frozenset({S.RECTIFIED, S.ESCALATED, S.CLOSED}),
    S.ESCALATED: frozenset({S.REPLIED, S.RECTIFIED, S.CLOSED}),
    S.RECTIFIED: frozenset({S.CLOSED}),
}

# Moves that must say why.
REASON_REQUIRED: frozenset[str] = frozenset({S.DISMISSED, S.OBJECTED, S.ESCALATED})

OBJECTION_RESULTS: dict[str, str] = {
    S.SERVED: "maintain",
    S.OPENED: "amend",
    S.CLOSED: "withdraw",
}
OBJECTION_RESULT_LABELS = {"maintain": "维持", "amend": "变更", "withdraw": "撤回"}


# The time on the action that reaching each of these statuses records.
_STAMPS: dict[str, str] = {
    S.SERVED: "served_at",
    S.REPLIED: "replied_at",
    S.RECTIFIED: "rectified_at",
}


def allowed_moves(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


@dataclass(frozen=True)
class ActionView:
    id: int
    kind: str
    recipient: str
    urgent: bool
    reply_days: int | None
    issued_at: datetime
    served_at: datetime | None
    replied_at: datetime | None
    rectified_at: datetime | None

    @property
    def label(self) -> str:
        return ACTION_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class WorkflowState:
    """A clue as the workflow sees it: what it is, who has it, where it may go."""

    clue: ClueView
    version: int
    assignee: str | None
    allowed: tuple[str, ...]
    actions: tuple[ActionView, ...]

    @property
    def status_label(self) -> str:
        return status_label(self.clue.status)


@dataclass(frozen=True)
class ActionSpec:
    """The details a move to an action status needs."""

    recipient: str
    urgent: bool = False
    reply_days: int | None = None


# -- session-level operations (used by documents and e-service in their transactions) --


def move_in(
    session: Session,
    ledger: Ledger,
    clue_id: int | str,
    to: str,
    *,
    actor: str,
    reason: str | None = None,
    reason_code: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
    action: ActionSpec | None = None,
    detail: dict[str, Any] | None = None,
) -> ClueEvent:
    """Move a clue inside the caller's transaction; the rules are checked here.

    ``detail`` adds the caller's own facts to the event (e.g. the escalation rung).
    """
    number = parse_clue_id(clue_id)
    clue = clue_row(session, number)
    moment = naive(at or datetime.now())
    target = str(to)
    _check_move(clue, target, reason, reason_code, action)
    document = _step_document(session, clue, target)
    recorded = {**(detail or {}), **_detail(session, clue, target, reason_code, action, moment)}
    if document is not None:
        document.action_id = recorded["action_id"]
        recorded["document_id"] = document.id
    return _write(
        session,
        ledger,
        clue,
        target,
        kind=EventKind.MOVED,
        actor=actor,
        reason=reason,
        detail=recorded,
        at=moment,
        expected_version=expected_version,
    )


def _check_move(
    clue: Clue, target: str, reason: str | None, code: str | None, action: ActionSpec | None
) -> None:
    cid = display_id(clue.id)
    if target not in S.__members__.values():
        raise TransitionError(f"线索 {cid}：没有 “{target}” 这个状态")
    if target not in allowed_moves(clue.status):
        raise TransitionError(
            f"线索 {cid} 不能从“{status_label(clue.status)}”转为“{status_label(target)}”"
        )
    if target in REASON_REQUIRED and not (reason or "").strip():
        raise TransitionError(f"线索 {cid} 转为“{status_label(target)}”须写明理由")
    if target == S.DISMISSED:
        if code not in DISMISSAL_LABELS:
            known = "、".join(f"{k}（{v}）" for k, v in DISMISSAL_LABELS.items())
            raise TransitionError(f"线索 {cid} 排除须选一种排除理由：{known}")
    if target in _ACTIONS and (action is None or not action.recipient.strip()):
        raise TransitionError(f"线索 {cid} 转为“{status_label(target)}”须写明被建议（接收）单位")


def _step_document(session: Session, clue: Clue, target: str) -> Document | None:
    """The confirmed document a step that issues one needs (None for other steps): the
    clue's newest numbered document of the step's kinds not yet given to an action.
    TransitionError without one — the step is taken by confirming the document's draft."""
    kinds = STATUS_DOCUMENTS.get(target)
    if kinds is None:
        return None
    found = session.scalar(
        select(Document)
        .where(
            Document.clue_id == clue.id,
            Document.kind.in_(kinds),
            Document.action_id.is_(None),
        )
        .order_by(Document.id.desc())
        .limit(1)
    )
    if found is None:
        first, *others = (KIND_TITLES[k] for k in kinds)
        titles = first + (f"（或{'、'.join(others)}）" if others else "")
        raise TransitionError(
            f"线索 {display_id(clue.id)} 转为“{status_label(target)}”须先制作并确认{titles}："
            "请起草文书，确认编号后即转入此状态"
        )
    return found


def _detail(
    session: Session,
    clue: Clue,
    target: str,
    code: str | None,
    action: ActionSpec | None,
    moment: datetime,
) -> dict[str, Any]:
    """What else a move records, and the action row it opens or advances."""
    detail: dict[str, Any] = {}
    if target == S.DISMISSED:
        detail["reason_code"] = code
    if clue.status == S.OBJECTED:
        detail["objection_result"] = OBJECTION_RESULTS[target]
    if target in _ACTIONS and action is not None:
        row = SupervisionAction(
            clue_id=clue.id,
            kind=STATUS_ACTION[target].value,
            recipient=action.recipient,
            urgent=action.urgent,
            reply_days=action.reply_days,
            issued_at=moment,
        )
        session.add(row)
        session.flush()
        detail["action_id"] = row.id
    if target in _STAMPS and clue.status != S.OBJECTED:
        latest = latest_action(session, clue.id)
        if latest is not None:
            setattr(latest, _STAMPS[target], moment)
            detail["action_id"] = latest.id
    return detail


def _write(
    session: Session,
    ledger: Ledger,
    clue: Clue,
    target: str,
    *,
    kind: str,
    actor: str,
    reason: str | None,
    detail: dict[str, Any],
    at: datetime,
    expected_version: int | None,
    assignee: str | None = None,
    set_assignee: bool = False,
) -> ClueEvent:
    cid = display_id(clue.id)
    if expected_version is not None and expected_version != clue.version:
        raise TransitionError(
            f"线索 {cid} 已被他人更新（版本 {clue.version}，你看到的是 {expected_version}），"
            "请刷新后重试"
        )
    values: dict[str, Any] = {"status": target, "version": clue.version + 1}
    if set_assignee:
        values["assignee"] = assignee
    result = session.execute(
        update(Clue)
        .where(Clue.id == clue.id, Clue.version == clue.version, Clue.status == clue.status)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise TransitionError(
            f"线索 {cid} 正被他人同时办理：从“{status_label(clue.status)}”"
            f"转为“{status_label(target)}”未执行，请刷新后重试"
        )
    event = ClueEvent(
        clue_id=clue.id,
        at=at,
        actor=actor,
        kind=str(kind),
        from_status=clue.status,
        to_status=target,
        reason=reason,
        detail=detail,
        run_id=None,
    )
    session.add(event)
    session.flush()
    ledger.record_event(session, event, f"clue:{cid}")
    session.refresh(clue)
    return event


def latest_action(session: Session, clue_id: int) -> SupervisionAction | None:
    return session.scalar(
        select(SupervisionAction)
        .where(SupervisionAction.clue_id == clue_id)
        .order_by(SupervisionAction.id.desc())
        .limit(1)
    )


def assign_in(
    session: Session,
    ledger: Ledger,
    clue_id: int | str,
    assignee: str,
    *,
    actor: str,
    reason: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> ClueEvent:
    """Give a clue to a person: a new clue moves to assigned, a clue in work changes hands."""
    clue = clue_row(session, parse_clue_id(clue_id))
    cid = display_id(clue.id)
    if not assignee.strip():
        raise TransitionError(f"线索 {cid} 分派须写明承办人")
    if not allowed_moves(clue.status):
        raise TransitionError(f"线索 {cid} 已“{status_label(clue.status)}”，不能再分派")
    first = S.ASSIGNED in allowed_moves(clue.status)
    return _write(
        session,
        ledger,
        clue,
        S.ASSIGNED.value if first else clue.status,
        kind=EventKind.MOVED if first else EventKind.ASSIGNED,
        actor=actor,
        reason=reason,
        detail={"assignee": assignee, "previous_assignee": clue.assignee},
        at=naive(at or datetime.now()),
        expected_version=expected_version,
        assignee=assignee,
        set_assignee=True,
    )


def undo_in(
    session: Session,
    ledger: Ledger,
    clue_id: int | str,
    *,
    actor: str,
    reason: str,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> ClueEvent:
    """Take back the newest move not yet taken back, by a new event."""
    clue = clue_row(session, parse_clue_id(clue_id))
    cid = display_id(clue.id)
    if not (reason or "").strip():
        raise TransitionError(f"线索 {cid} 撤回上一步须写明理由")
    target = _undoable(session, clue)
    detail: dict[str, Any] = {"undoes": target.id}
    if "assignee" in target.detail:
        detail["assignee"] = target.detail.get("previous_assignee")
    moment = naive(at or datetime.now())
    _unstamp(session, clue.id, target)
    return _write(
        session,
        ledger,
        clue,
        target.from_status or S.NEW.value,
        kind=EventKind.UNDONE,
        actor=actor,
        reason=reason,
        detail=detail,
        at=moment,
        expected_version=expected_version,
        assignee=detail.get("assignee"),
        set_assignee="assignee" in detail,
    )


def _undoable(session: Session, clue: Clue) -> ClueEvent:
    events = session.scalars(
        select(ClueEvent)
        .where(
            ClueEvent.clue_id == clue.id,
            ClueEvent.kind.in_([EventKind.MOVED, EventKind.ASSIGNED, EventKind.UNDONE]),
        )
        .order_by(ClueEvent.id)
    )
    stack: list[ClueEvent] = []
    for event in events:
        if event.kind == EventKind.UNDONE:
            stack.pop()
        else:
            stack.append(event)
    if not stack or stack[-1].to_status != clue.status:
        raise TransitionError(f"线索 {display_id(clue.id)} 没有可撤回的办理步骤")
    return stack[-1]


def _unstamp(session: Session, clue_id: int, undone: ClueEvent) -> None:
    """Undoing served / replied / rectified clears the action's time it set."""
    document_id = undone.detail.get("document_id")
    if document_id is not None and undone.to_status in STATUS_DOCUMENTS:
        # the step taken back frees its document: taken again, the step reuses its number
        document = session.get(Document, document_id)
        if document is not None:
            document.action_id = None
    name = _STAMPS.get(undone.to_status or "")
    action_id = undone.detail.get("action_id")
    if name and action_id is not None and undone.from_status != S.OBJECTED:
        action = session.get(SupervisionAction, action_id)
        if action is not None:
            setattr(action, name, None)


def state_in(session: Session, clue_id: int | str) -> WorkflowState:
    clue = clue_row(session, parse_clue_id(clue_id))
    actions = session.scalars(
        select(SupervisionAction)
        .where(SupervisionAction.clue_id == clue.id)
        .order_by(SupervisionAction.id)
    )
    return WorkflowState(
        clue=clue_view(clue),
        version=clue.version,
        assignee=clue.assignee,
        allowed=tuple(sorted(allowed_moves(clue.status))),
        actions=tuple(_action_view(a) for a in actions),
    )


def _action_view(row: SupervisionAction) -> ActionView:
    return ActionView(
        id=row.id,
        kind=row.kind,
        recipient=row.recipient,
        urgent=row.urgent,
        reply_days=row.reply_days,
        issued_at=row.issued_at,
        served_at=row.served_at,
        replied_at=row.replied_at,
        rectified_at=row.rectified_at,
    )


# -- the façade -------------------------------------------------------------------------


class Workflow:
    """Workflow operations on a casebook, each one transaction with its ledger entry."""

    def __init__(self, book: Casebook, ledger: Ledger) -> None:
        self.book = book
        self.ledger = ledger

    def state(self, clue_id: int | str) -> WorkflowState:
        with self.book.session("查询线索") as session:
            return state_in(session, clue_id)

    def move(
        self,
        clue_id: int | str,
        to: str,
        *,
        actor: str,
        reason: str | None = None,
        reason_code: str | None = None,
        at: datetime | None = None,
        expected_version: int | None = None,
        action: ActionSpec | None = None,
        units: Sequence[str] | None = None,
    ) -> WorkflowState:
        """Move a clue (of ``units``, when given: see casebook.inbox)."""
        with self.book.session("办理线索") as session:
            clue = clue_in_scope(session, clue_id, units)
            number = clue.id
            move_in(
                session,
                self.ledger,
                number,
                to,
                actor=actor,
                reason=reason,
                reason_code=reason_code,
                at=at,
                expected_version=expected_version,
                action=action,
            )
            return state_in(session, number)

    def assign(
        self,
        clue_id: int | str,
        assignee: str,
        *,
        actor: str,
        reason: str | None = None,
        at: datetime | None = None,
        expected_version: int | None = None,
        units: Sequence[str] | None = None,
    ) -> WorkflowState:
        with self.book.session("分派线索") as session:
            clue = clue_in_scope(session, clue_id, units)
            number = clue.id
            assign_in(
                session,
                self.ledger,
                number,
                assignee,
                actor=actor,
                reason=reason,
                at=at,
                expected_version=expected_version,
            )
            return state_in(session, number)

    def undo(
        self,
        clue_id: int | str,
        *,
        actor: str,
        reason: str,
        at: datetime | None = None,
        expected_version: int | None = None,
        units: Sequence[str] | None = None,
    ) -> WorkflowState:
        with self.book.session("撤回办理步骤") as session:
            clue = clue_in_scope(session, clue_id, units)
            number = clue.id
            undo_in(
                session,
                self.ledger,
                number,
                actor=actor,
                reason=reason,
                at=at,
                expected_version=expected_version,
            )
            return state_in(session, number)


def parse_status(value: str) -> S:
    """A status from its value (``verifying``) or its Chinese label (``核查中``)."""
    text = value.strip()
    for status in S:
        if text in (status.value, status_label(status)):
            return status
    raise CasebookError(f"没有 “{value}” 这个线索状态")
