"""Case-quality statistics: 案-件比 per unit and period, and per-model precision by version.

案-件比 (../shared/LEGAL_RULES.md): 案 = cases that entered the procuratorate in the
period; 件 = the procedural steps those cases went through — the step that ends the case
plus every extra step (returns for supplementary investigation, extensions, reconsideration,
review, protests). Both event lists are parameters, as the rules ask.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from jiancha.casebook.actions import ACTION_RULES, STATUS_ACTION
from jiancha.casebook.deadlines import (
    REPLY_RULE_KEYS,
    RULES,
    STATE_COUNCIL,
    DeadlineRule,
    WorkCalendar,
    add_months,
    due_date,
    record_date,
    stated_days,
)
from jiancha.casebook.scope import scope_clause
from jiancha.casebook.status import FALSE_POSITIVE_REASONS, EventKind
from jiancha.casebook.status import ClueStatus as S
from jiancha.casebook.tables import Clue, ClueEvent, SupervisionAction
from jiancha.casebook.views import display_id
from jiancha.errors import UsageError

ENTRY_EVENTS: frozenset[str] = frozenset({"transfer_for_prosecution", "arrest_review"})
COUNTED_EVENTS: frozenset[str] = frozenset(
    {
        "indictment",
        "non_prosecution",
        "returned_for_investigation",
        "prosecution_extension",
        "reconsideration",
        "review",
        "protest",
    }
)

# any SELECT: the unit filters keep the query's own row type
_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])

_PERIOD = re.compile(r"^(\d{4})(?:(?:Q([1-4]))|(?:-(\d{2})))?$")


def parse_period(text: str) -> tuple[date, date]:
    """``2026Q1``, ``2026-03`` or ``2026`` as [start, end) dates."""
    match = _PERIOD.match(text.strip())
    if match is None:
        raise UsageError(f"统计期间 “{text}” 格式不对，应如 2026Q1、2026-03 或 2026")
    year, quarter, month = match.groups()
    if quarter:
        start = date(int(year), 3 * int(quarter) - 2, 1)
        return start, add_months(start, 3)
    if month:
        start = date(int(year), int(month), 1)
        return start, add_months(start, 1)
    return date(int(year), 1, 1), date(int(year) + 1, 1, 1)


@dataclass(frozen=True)
class CaseRatio:
    unit_code: str
    cases: int  # 案
    pieces: int  # 件
    # 件 by the procedural event that counted it (its components)
    steps: Mapping[str, int] = field(default_factory=dict, compare=False)

    @property
    def ratio(self) -> float | None:
        """件 per 案 (1.0 is ideal; lower is better)."""
        return self.pieces / self.cases if self.cases else None


def case_ratio(
    procedural_events: Iterable[Mapping[str, Any]],
    start: date,
    end: date,
    *,
    entry_events: Collection[str] = ENTRY_EVENTS,
    counted_events: Collection[str] = COUNTED_EVENTS,
    unit_prefix: str = "",
    units: Sequence[str] | None = None,
) -> list[CaseRatio]:
    """案-件比 per unit for cases that entered in [start, end), from procedural_event rows.

    A case counts for the unit of its first entry event, if that unit starts with
    ``unit_prefix`` and (unless ``units`` is None) with one of ``units``."""
    entered: dict[str, tuple[date, str]] = {}
    steps: dict[str, Counter[str]] = defaultdict(Counter)
    for row in procedural_events:
        case, event, at = str(row.get("case_id")), row.get("event"), record_date(row.get("at"))
        if at is None:
            continue
        if event in entry_events:
            first = entered.get(case)
            if first is None or at < first[0]:
                entered[case] = (at, str(row.get("unit_code") or ""))
        if event in counted_events:
            steps[case][str(event)] += 1
    cases: Counter[str] = Counter()
    pieces: dict[str, Counter[str]] = defaultdict(Counter)
    for case, (at, unit) in entered.items():
        in_scope = units is None or any(unit.startswith(u) for u in units)
        if start <= at < end and unit.startswith(unit_prefix) and in_scope:
            cases[unit] += 1
            pieces[unit].update(steps.get(case, Counter()))
    return [CaseRatio(u, cases[u], pieces[u].total(), dict(pieces[u])) for u in sorted(cases)]


# -- model precision --------------------------------------------------------------------

_CONFIRMED = frozenset(
    {
        S.OPENED,
        S.RECOMMENDED,
        S.CORRECTION_NOTIFIED,
        S.PIL_RECOMMENDED,
        S.TRANSFERRED,
        S.SERVED,
        S.OBJECTED,
        S.REPLIED,
        S.RECTIFIED,
        S.ESCALATED,
        S.CLOSED,
    }
)
_ADOPTED = frozenset({S.REPLIED, S.RECTIFIED})
_ACTED = (S.RECOMMENDED, S.CORRECTION_NOTIFIED, S.PIL_RECOMMENDED, S.TRANSFERRED)


@dataclass(frozen=True)
class ModelPrecision:
    """What became of one model version's clues: the figure to keep or retire it by."""

    model_id: str
    model_version: str
    found: int
    verified: int  # confirmed + dismissed: a person decided
    confirmed: int
    false_positive: int  # dismissed as no violation or bad data
    dismissed_other: int  # dismissed for reasons that say nothing of the model
    adopted: int
    rectified: int
    acted_on: int = 0  # a recommendation, notice or transfer was issued

    @property
    def precision(self) -> float | None:
        judged = self.confirmed + self.false_positive
        return self.confirmed / judged if judged else None


def model_precision(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    *,
    units: Sequence[str] | None = None,
) -> list[ModelPrecision]:
    """Per model and version: clues found, confirmed, dismissed, acted on, rectified.

    ``start`` / ``end`` keep the clues first found in [start, end); their outcomes count
    whenever they came. ``units``: only clues (and their events) of units starting with
    one of these prefixes are read (None: every unit).
    """
    reasons = _dismissal_reasons(session, units)
    rectified = _reached(session, S.RECTIFIED, units)
    adopted = _reached(session, S.REPLIED, units) | rectified
    acted = set().union(*(_reached(session, s, units) for s in _ACTED))
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    query = _in_units(select(Clue.id, Clue.model_id, Clue.model_version, Clue.status), units)
    if start is not None:
        query = query.where(Clue.first_seen_at >= datetime.combine(start, time()))
    if end is not None:
        query = query.where(Clue.first_seen_at < datetime.combine(end, time()))
    for clue_id, model, version, status in session.execute(query):
        tally = counts[model, version]
        tally["found"] += 1
        if status in _CONFIRMED:
            tally["confirmed"] += 1
        elif status == S.DISMISSED:
            kind = "false_positive" if reasons.get(clue_id) in FALSE_POSITIVE_REASONS else "other"
            tally[kind] += 1
        tally["adopted"] += clue_id in adopted and status in _CONFIRMED
        tally["rectified"] += clue_id in rectified and status in _CONFIRMED
        tally["acted"] += clue_id in acted and status in _CONFIRMED
    return [
        ModelPrecision(
            model_id=model,
            model_version=version,
            found=t["found"],
            verified=t["confirmed"] + t["false_positive"] + t["other"],
            confirmed=t["confirmed"],
            false_positive=t["false_positive"],
            dismissed_other=t["other"],
            adopted=t["adopted"],
            rectified=t["rectified"],
            acted_on=t["acted"],
        )
        for (model, version), t in sorted(counts.items())
    ]


def _dismissal_reasons(session: Session, units: Sequence[str] | None) -> dict[int, str]:
    """The reason code of each clue's newest dismissal."""
    query = (
        select(ClueEvent.clue_id, ClueEvent.detail)
        .where(ClueEvent.kind == EventKind.MOVED, ClueEvent.to_status == S.DISMISSED)
        .order_by(ClueEvent.id)
    )
    rows = session.execute(_events_in_units(query, units))
    return {clue_id: str(detail.get("reason_code")) for clue_id, detail in rows}


def _reached(session: Session, status: str, units: Sequence[str] | None) -> set[int]:
    query = select(ClueEvent.clue_id).where(
        ClueEvent.kind == EventKind.MOVED, ClueEvent.to_status == status
    )
    return set(session.scalars(_events_in_units(query, units)))


def _in_units(query: _Query, units: Sequence[str] | None) -> _Query:
    """``query`` (over clue) kept to the clues of ``units``; None: unchanged."""
    return query if units is None else query.where(scope_clause(Clue.unit_code, units))


def _events_in_units(query: _Query, units: Sequence[str] | None) -> _Query:
    """``query`` (over clue_event) kept to the events of clues of ``units``."""
    if units is None:
        return query
    return _in_units(query.join(Clue, Clue.id == ClueEvent.clue_id), units)


# -- days per stage -----------------------------------------------------------------------

# Events that put a clue into a workflow status (``assigned`` may leave the status as it
# was: a change of hands does not end the stage).
_STAGE_EVENTS = (EventKind.MOVED, EventKind.UNDONE)


@dataclass(frozen=True)
class StageDuration:
    """How long clues stayed in one status, over the stays that ended in the period."""

    status: str
    stays: int
    total_days: float

    @property
    def average_days(self) -> float:
        return self.total_days / self.stays if self.stays else 0.0


def stage_durations(
    session: Session,
    start: date | None = None,
    end: date | None = None,
    *,
    units: Sequence[str] | None = None,
) -> list[StageDuration]:
    """Average days a clue spends in each status, from its workflow history.

    A stay starts when a move (or an undo) puts the clue into a status — for ``new``, when
    the clue was first found — and ends at the next move; stays not yet ended are left out.
    Only stays that ended in [start, end) count, of clues of ``units`` (None: every unit).
    """
    low = datetime.combine(start, time()) if start else None
    high = datetime.combine(end, time()) if end else None
    seen = _in_units(select(Clue.id, Clue.first_seen_at), units)
    first_seen = {k: v for k, v in session.execute(seen)}
    entered: dict[int, tuple[str, datetime]] = {}
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    query = (
        select(ClueEvent.clue_id, ClueEvent.at, ClueEvent.from_status, ClueEvent.to_status)
        .where(ClueEvent.kind.in_(_STAGE_EVENTS))
        .order_by(ClueEvent.id)
    )
    events = session.execute(_events_in_units(query, units))
    for clue_id, at, from_status, to_status in events:
        status, since = entered.get(clue_id, (from_status or S.NEW, first_seen.get(clue_id, at)))
        ended_in_period = (low is None or at >= low) and (high is None or at < high)
        if ended_in_period and at >= since:  # a back-dated history never counts negative
            totals[status][0] += 1
            totals[status][1] += (at - since).total_seconds() / 86400
        entered[clue_id] = (to_status or status, at)
    order = {s.value: i for i, s in enumerate(S)}
    return [
        StageDuration(status, int(stays), total)
        for status, (stays, total) in sorted(totals.items(), key=lambda kv: order.get(kv[0], 99))
    ]


# -- what was done in a period ------------------------------------------------------------

# The figures a move adds to, by the status it reaches (an action also by its kind).
_MEASURES: dict[str, tuple[str, ...]] = {
    S.OPENED: ("verified", "confirmed"),
    S.DISMISSED: ("verified", "dismissed"),
    **{status: ("acted_on", STATUS_ACTION[status].value) for status in _ACTED},
    S.RECTIFIED: ("rectified",),
}


@dataclass(frozen=True)
class ClueActivity:
    """What was done in a period with the clues of one model in one unit; each figure
    counts clues, once each, by the day of the step."""

    model_id: str
    domain: str
    unit_code: str
    found: int = 0  # first found by a model run
    verified: int = 0  # the verification ended: opened for supervision, or dismissed
    confirmed: int = 0  # opened for supervision (属实)
    dismissed: int = 0  # dismissed, for any reason
    false_positive: int = 0  # dismissed as no violation or bad data: the model erred
    acted_on: int = 0  # a recommendation, notice or transfer was issued
    rectified: int = 0  # the recipient rectified
    # acted_on by kind of action (actions.ActionKind values)
    recommendation: int = 0
    correction_notice: int = 0
    pil_pre_litigation: int = 0
    supervisory_transfer: int = 0

    @property
    def precision(self) -> float | None:
        """Of the verifications that say something of the model, the share confirmed."""
        judged = self.confirmed + self.false_positive
        return self.confirmed / judged if judged else None


def clue_activity(
    session: Session, start: date, end: date, *, units: Sequence[str] | None = None
) -> list[ClueActivity]:
    """Clues found, verified, acted on and rectified in [start, end), per model, domain
    and unit; moves later taken back (undo) do not count. ``units``: as in
    :func:`model_precision`."""
    low, high = datetime.combine(start, time()), datetime.combine(end, time())
    tallies: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    found = _in_units(
        select(Clue.model_id, Clue.domain, Clue.unit_code, func.count())
        .where(Clue.first_seen_at >= low, Clue.first_seen_at < high)
        .group_by(Clue.model_id, Clue.domain, Clue.unit_code),
        units,
    )
    for model, domain, unit, count in session.execute(found):
        tallies[model, domain, unit or ""]["found"] += count
    undone = _undone_since(session, low, units)
    moves = _in_units(
        select(
            ClueEvent.id,
            ClueEvent.clue_id,
            ClueEvent.to_status,
            ClueEvent.detail,
            Clue.model_id,
            Clue.domain,
            Clue.unit_code,
        )
        .join(Clue, Clue.id == ClueEvent.clue_id)
        .where(
            ClueEvent.kind == EventKind.MOVED,
            ClueEvent.at >= low,
            ClueEvent.at < high,
            ClueEvent.to_status.in_(list(_MEASURES)),
        ),
        units,
    )
    counted: set[tuple[int, str]] = set()
    for event_id, clue_id, status, detail, model, domain, unit in session.execute(moves):
        if event_id in undone:
            continue
        measures = list(_MEASURES[status])
        if status == S.DISMISSED and (detail or {}).get("reason_code") in FALSE_POSITIVE_REASONS:
            measures.append("false_positive")
        for measure in measures:
            if (clue_id, measure) not in counted:
                counted.add((clue_id, measure))
                tallies[model, domain, unit or ""][measure] += 1
    return [
        ClueActivity(model, domain, unit, **tally)
        for (model, domain, unit), tally in sorted(tallies.items())
    ]


def _undone_since(session: Session, since: datetime, units: Sequence[str] | None) -> set[int]:
    """The ids of events taken back by an undo made at or after ``since``."""
    query = select(ClueEvent.detail).where(
        ClueEvent.kind == EventKind.UNDONE, ClueEvent.at >= since
    )
    rows = session.scalars(_events_in_units(query, units))
    return {int(detail["undoes"]) for detail in rows if detail and "undoes" in detail}


# -- reply periods met and missed ---------------------------------------------------------


@dataclass(frozen=True)
class DeadlineOutcome:
    """One period that ended (was due) in the report's period, and whether it was kept."""

    source: str  # "casebook", or the imported table the row came from
    ref: str  # the clue's number, or the imported row's record_id
    unit_code: str
    rule: str  # deadlines.RULES key
    started: date
    due: date
    done: date | None  # when the reply (or feedback, or rectification) came
    met: bool | None  # None: not yet answered, and not yet due on the day of the report

    @property
    def days_late(self) -> int:
        """Days past the due date when answered, or so far (0 when kept)."""
        return 0 if self.met is not False or self.done is None else (self.done - self.due).days


@dataclass(frozen=True)
class DeadlineWindow:
    """Which periods to look at: those due in [start, end), judged on ``as_of`` (the day of
    the report), for the units under ``units`` (None: every unit), by ``calendar``."""

    start: date
    end: date
    as_of: date
    units: Sequence[str] | None = None
    calendar: WorkCalendar = STATE_COUNCIL

    def outcome(
        self,
        source: str,
        ref: str,
        unit: str,
        rule: DeadlineRule,
        started: date,
        done: date | None,
        **options: Any,
    ) -> DeadlineOutcome | None:
        """The outcome of one period, or None when it is not due in the window."""
        due = due_date(rule, started, calendar=self.calendar, **options)
        if not self.start <= due < self.end:
            return None
        met = done <= due if done is not None else (False if due < self.as_of else None)
        return DeadlineOutcome(source, ref, unit, rule.key, started, due, done, met)


# Reply periods of the longest rule are shorter than this; a row served earlier cannot be
# due in the period (a stated period of more than a year is not looked for).
_LONGEST_PERIOD = timedelta(days=366)


def action_deadlines(session: Session, window: DeadlineWindow) -> list[DeadlineOutcome]:
    """The reply periods of the casebook's served actions due in the window: met when the
    reply or the rectification came by the due day."""
    query = _in_units(
        select(SupervisionAction, Clue.unit_code)
        .join(Clue, Clue.id == SupervisionAction.clue_id)
        .where(
            SupervisionAction.served_at.is_not(None),
            SupervisionAction.served_at >= datetime.combine(window.start - _LONGEST_PERIOD, time()),
            SupervisionAction.served_at < datetime.combine(window.end, time()),
        ),
        window.units,
    )
    found = []
    for action, unit in session.execute(query):
        assert action.served_at is not None  # the query asked for it
        answers = [d.date() for d in (action.replied_at, action.rectified_at) if d is not None]
        outcome = window.outcome(
            "casebook",
            display_id(action.clue_id),
            unit or "",
            RULES[ACTION_RULES[action.kind]],
            action.served_at.date(),
            min(answers, default=None),
            urgent=action.urgent,
            days=action.reply_days,
        )
        if outcome is not None:
            found.append(outcome)
    return sorted(found, key=lambda o: (o.due, o.unit_code, o.ref))


# Imported rows with a period: (table, rule, start column, answer column, urgent column);
# a recommendation row's rule is that of its kind.
_RECORD_PERIODS: tuple[tuple[str, str | None, str, str, str | None], ...] = (
    ("petition", "petition_procedural_reply", "received_at", "procedural_reply_at", None),
    ("petition", "petition_result_reply", "received_at", "result_reply_at", None),
    ("supervisory_transfer", "supervisory_feedback", "transferred_at", "feedback_at", None),
    ("recommendation", None, "served_at", "replied_at", "urgent"),
)


def record_deadlines(
    records: Mapping[str, Iterable[Mapping[str, Any]]], window: DeadlineWindow
) -> list[DeadlineOutcome]:
    """The periods of imported petition, recommendation and supervisory_transfer rows
    due in the window."""
    found = []
    prefixes = None if window.units is None else tuple(window.units)
    for table, rule_key, begins, answer, urgent in _RECORD_PERIODS:
        for row in records.get(table, ()):
            started = record_date(row.get(begins))
            unit = str(row.get("unit_code") or "")
            if started is None or (prefixes is not None and not unit.startswith(prefixes)):
                continue
            key = rule_key or REPLY_RULE_KEYS.get(str(row.get("kind")), "other_reply")
            options: dict[str, Any] = {"urgent": bool(row.get(urgent)) if urgent else False}
            if rule_key is None:  # a document's reply: the period it states, if any
                options["days"] = stated_days(row.get("reply_days"))
            outcome = window.outcome(
                table,
                str(row.get("record_id")),
                unit,
                RULES[key],
                started,
                record_date(row.get(answer)),
                **options,
            )
            if outcome is not None:
                found.append(outcome)
    return sorted(found, key=lambda o: (o.due, o.unit_code, o.ref))


# -- what a period report reads -------------------------------------------------------------


@dataclass(frozen=True)
class PeriodWork:
    """What was done in [start, end): the clues' activity, the 案-件比 of the cases that
    entered the procuratorate in it, and the reply periods that ended in it."""

    start: date
    end: date
    activity: tuple[ClueActivity, ...]
    ratios: tuple[CaseRatio, ...] = ()
    deadlines: tuple[DeadlineOutcome, ...] = ()


def period_work(
    session: Session,
    spans: Sequence[tuple[date, date]],
    *,
    as_of: date,
    procedural_events: Iterable[Mapping[str, Any]] = (),
    records: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
    units: Sequence[str] | None = None,
    calendar: WorkCalendar = STATE_COUNCIL,
) -> list[PeriodWork]:
    """The work of each [start, end) of ``spans``, kept to ``units`` (None: every unit);
    reply periods judged on ``as_of``. ``procedural_events`` and ``records`` are the
    agencies' rows (the 案-件比's, and the imported rows with reply periods)."""
    if not spans:
        return []
    # The periods due in any span, found once: each outcome falls in the span of its due day.
    whole = DeadlineWindow(
        min(s for s, _ in spans), max(e for _, e in spans), as_of, units, calendar
    )
    outcomes = action_deadlines(session, whole) + record_deadlines(records or {}, whole)
    events = list(procedural_events)
    return [
        PeriodWork(
            start,
            end,
            tuple(clue_activity(session, start, end, units=units)),
            tuple(case_ratio(events, start, end, units=units)),
            tuple(o for o in outcomes if start <= o.due < end),
        )
        for start, end in spans
    ]


def model_titles(session: Session) -> dict[str, str]:
    """The title each model's clues were found under (its newest clue's, for a model
    renamed since)."""
    newest = select(func.max(Clue.id)).group_by(Clue.model_id)
    query = select(Clue.model_id, Clue.title).where(Clue.id.in_(newest))
    return {model: title for model, title in session.execute(query)}
