"""Lawful look-alikes of the filing models: stories on the law's exceptions (never clues)."""

from __future__ import annotations

from collections.abc import Callable

from jiancha.synth.world import World


def report_decided_after_holiday(world: World) -> None:
    """filing.report_undecided: day 30 of the review fell in a holiday; the decision came on
    the first working day after it (刑诉法 art. 105 ¶4)."""
    from datetime import timedelta

    from jiancha.periods import STATE_COUNCIL
    from jiancha.synth.cases import case_report_only
    from jiancha.synth.lookalikes.custody import HOLIDAY, holiday_blocks

    blocks = holiday_blocks(
        world, world.start + timedelta(days=40), world.as_of - timedelta(days=20)
    )
    if not blocks:
        return
    received = world.rng.choice(blocks) - timedelta(days=30)
    row = case_report_only(world, decision="transferred", offense="故意伤害", amount=None)
    row["received_at"] = received
    row["decided_at"] = STATE_COUNCIL.next_working_day(received + timedelta(days=30))
    world.lookalike("filing.report_undecided", HOLIDAY, row, [("case_report", row)])


STORIES: tuple[Callable[[World], None], ...] = (report_decided_after_holiday,)
