"""Lawful look-alikes of the custody models: stories on the law's exceptions (never clues).

- a bail or residential surveillance whose last day falls in a holiday, released on the first
  working day after it (刑诉法 art. 105 ¶4: the person is not in custody, so the period ends
  then);
- a detention of 11–14 days with an approved extension of 1–4 days (art. 91 ¶1);
- a prosecution review of a suspect on bail decided on the first working day after a holiday
  on which the month ended (art. 105 ¶4);
- a 速裁 case reviewed in 11–15 days where the sentence exceeds a year (art. 172 ¶1).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from jiancha.periods import STATE_COUNCIL, add_months
from jiancha.synth.anomalies import bail_spec, settled_spec
from jiancha.synth.prison import run_case
from jiancha.synth.world import Row, World

D = timedelta
HOLIDAY = "holiday_extension"


def day(row: Row, column: str) -> date:
    value = row[column]
    assert isinstance(value, date), column
    return value


def holiday_blocks(world: World, lo: date, hi: date, length: int = 3) -> list[date]:
    """The first days of runs of at least ``length`` rest days between ``lo`` and ``hi``."""
    found, today = [], lo
    while today <= hi:
        if all(not STATE_COUNCIL.is_working_day(today + D(i)) for i in range(length)):
            if STATE_COUNCIL.is_working_day(today - D(1)):
                found.append(today)
        today += D(1)
    return found


def _measure_over_holiday(world: World, model_id: str, kind: str, months: int) -> None:
    """A bail / surveillance whose period's last day is a holiday, released on the first
    working day after it."""
    latest = world.as_of - D(40)
    blocks = holiday_blocks(world, add_months(world.start, months + 1), latest, length=5)
    if not blocks:
        return
    last = world.rng.choice(blocks)
    spec = bail_spec(
        world,
        "盗窃罪",
        next_measure=kind,
        received_at=add_months(last, -months),
        report_days=0,
        detention_days=None,
        police_measure_days=(last - add_months(last, -months)).days,
        investigation_days=(last - add_months(last, -months)).days + 20,
        prosecutor_bail=False,
        seized=0,
    )
    rows, _ = run_case(world, spec)
    row = next((m for m in rows.measures if m["measure"] == kind), None)
    if row is None:
        return
    period_last = add_months(day(row, "start_at"), months)
    if STATE_COUNCIL.is_working_day(period_last):
        return  # the start moved off the holiday: an ordinary lawful measure
    row["end_at"] = STATE_COUNCIL.next_working_day(period_last)
    world.lookalike(model_id, HOLIDAY, row, [("coercive_measure", row)], subject=spec.person)


def bail_ends_after_holiday(world: World) -> None:
    _measure_over_holiday(world, "custody.bail_overdue", "bail", 12)


def surveillance_ends_after_holiday(world: World) -> None:
    _measure_over_holiday(world, "custody.surveillance_overdue", "residential_surveillance", 6)


def detention_with_approved_extension(world: World) -> None:
    """Detained 11–14 days: over 3 + 7, within 3 + the approved 1–4 days + 7."""
    extension = world.rng.randint(1, 4)
    spec = bail_spec(
        world,
        "盗窃罪",
        extended_30=False,
        detention_extension=extension,
        detention_days=10 + world.rng.randint(1, extension),
    )
    rows, _ = run_case(world, spec)
    if rows.detention is None:
        return
    world.lookalike(
        "custody.detention_overdue",
        "approved_extension",
        rows.detention,
        [("coercive_measure", rows.detention)],
        subject=spec.person,
    )


def review_decided_after_holiday(world: World) -> None:
    """A suspect on bail; the review month ends in a holiday; decided on the first working
    day after it."""
    blocks = holiday_blocks(world, add_months(world.start, 14), world.as_of - D(200), length=5)
    if not blocks:
        return
    last = world.rng.choice(blocks)
    transfer = add_months(last, -1)
    bail_days = world.rng.randint(40, 120)
    decided = STATE_COUNCIL.next_working_day(last)
    spec = bail_spec(
        world,
        "盗窃罪",
        received_at=transfer - D(bail_days),
        report_days=0,
        detention_days=None,
        police_measure_days=bail_days,
        prosecutor_bail=False,
        prosecution_extension=False,
        returns=0,
        outcome="indictment",
        review_days=(decided - transfer).days - 2,  # the measure starts 0–2 days late
        seized=0,
    )
    rows, _ = run_case(world, spec)
    if "transfer_for_prosecution" not in rows.events or "indictment" not in rows.events:
        return
    start = rows.event("transfer_for_prosecution")
    indictment = rows.event("indictment")
    period_last = add_months(day(start, "at"), 1)
    if STATE_COUNCIL.is_working_day(period_last) or day(indictment, "at") > decided:
        return
    indictment["at"] = STATE_COUNCIL.next_working_day(period_last)
    world.lookalike(
        "custody.prosecution_review_overdue",
        HOLIDAY,
        start,
        [("procedural_event", start), ("procedural_event", indictment)],
        subject=spec.person,
    )


def speedy_review_of_a_longer_term(world: World) -> None:
    """速裁, sentenced to one to three years: reviewed in 11–15 days (the longer limit)."""
    spec = settled_spec(
        world,
        "故意伤害罪",
        next_measure="bail",
        extensions=(),
        penalty="fixed_term",
        term=world.rng.choice((24, 36)),  # the charge's usual terms, over a year
        probation=None,  # drawn for the earlier term
        review_days=world.rng.randint(11, 15),
        trial_days=world.rng.randint(3, 9),
        seized=0,
    )
    rows, _ = run_case(world, spec)
    if rows.judgment is None or "transfer_for_prosecution" not in rows.events:
        return
    rows.judgment["procedure"] = "speedy"
    start = rows.event("transfer_for_prosecution")
    world.lookalike(
        "custody.prosecution_review_overdue",
        "speedy_long_term",
        start,
        [("procedural_event", start), ("judgment", rows.judgment)],
        subject=spec.person,
    )


STORIES: tuple[Callable[[World], None], ...] = (
    bail_ends_after_holiday,
    surveillance_ends_after_holiday,
    detention_with_approved_extension,
    review_decided_after_holiday,
    speedy_review_of_a_longer_term,
)
