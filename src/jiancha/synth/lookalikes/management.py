"""Lawful look-alikes of the management models: stories on the law's exceptions (never clues).

- a recommendation answered on the first working day after a holiday on which its two months
  ended, and a petition's procedural reply likewise (刑诉法 art. 105 ¶4);
- a correction notice that states a thirty-day period, answered after fifteen days;
- a 再审检察建议 answered after two months, within three.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from jiancha.periods import STATE_COUNCIL, add_months
from jiancha.synth.lookalikes.custody import HOLIDAY, holiday_blocks
from jiancha.synth.society import petition, recommendation
from jiancha.synth.world import World

D = timedelta


def recommendation_answered_after_holiday(world: World) -> None:
    blocks = holiday_blocks(world, add_months(world.start, 3), world.as_of - D(20))
    if not blocks:
        return
    served = add_months(world.rng.choice(blocks), -2)
    last = add_months(served, 2)
    answered = STATE_COUNCIL.next_working_day(last)
    row = recommendation(
        world, served=served, reply_days=(answered - served).days, kind="recommendation"
    )
    if answered == last:
        return  # the month did not end on a holiday after all: an ordinary timely reply
    world.lookalike(
        "management.recommendation_reply_overdue",
        HOLIDAY,
        row,
        [("recommendation", row)],
    )


def correction_with_stated_period(world: World) -> None:
    served = world.day_between(world.start, world.as_of - D(40))
    row = recommendation(
        world, served=served, reply_days=world.rng.randint(16, 30), kind="correction_notice"
    )
    row["reply_days"] = 30
    world.lookalike(
        "management.recommendation_reply_overdue", "stated_period", row, [("recommendation", row)]
    )


def retrial_recommendation_in_three_months(world: World) -> None:
    served = world.day_between(world.start, world.as_of - D(100))
    row = recommendation(
        world, served=served, reply_days=world.rng.randint(65, 89), kind="retrial_recommendation"
    )
    world.lookalike(
        "management.recommendation_reply_overdue",
        "retrial_three_months",
        row,
        [("recommendation", row)],
    )


def petition_answered_after_holiday(world: World) -> None:
    blocks = holiday_blocks(world, world.start + D(10), world.as_of - D(100))
    if not blocks:
        return
    received = world.rng.choice(blocks) - D(7)
    answered = STATE_COUNCIL.next_working_day(received + D(7))
    row = petition(
        world,
        received=received,
        procedural=(answered - received).days,
        result=world.rng.randint(20, 80),
    )
    world.lookalike("management.petition_reply_overdue", HOLIDAY, row, [("petition", row)])


STORIES: tuple[Callable[[World], None], ...] = (
    recommendation_answered_after_holiday,
    correction_with_stated_period,
    retrial_recommendation_in_three_months,
    petition_answered_after_holiday,
)
