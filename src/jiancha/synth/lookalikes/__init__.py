"""Lawful look-alikes: stories that resemble a model's hit but sit on one of the law's
exceptions (the unsolved case with no suspect, the remedied taxpayer, the 2015 commutation …).

Each story records itself with :meth:`jiancha.synth.world.World.lookalike`, naming the
exception, so that ``ground_truth.csv`` lists it as ``lawful_lookalike`` and a test fails if a
model ever returns it. One module per domain; each exports ``STORIES``.
"""

from __future__ import annotations

from collections.abc import Callable

from jiancha.synth.lookalikes import (
    admin,
    civil,
    custody,
    execution,
    filing,
    management,
    minors,
    pil,
    trial,
)
from jiancha.synth.world import World

LOOKALIKES: tuple[Callable[[World], None], ...] = (
    *filing.STORIES,
    *custody.STORIES,
    *trial.STORIES,
    *execution.STORIES,
    *management.STORIES,
)
# The look-alikes of the other functions, told after the criminal stories (see
# :func:`jiancha.synth.generate`): adding them leaves the criminal stories' draws unchanged.
FUNCTION_LOOKALIKES: tuple[Callable[[World], None], ...] = (
    *civil.STORIES,
    *admin.STORIES,
    *pil.STORIES,
    *minors.STORIES,
)
# The look-alikes of the models added since, told last of all (after their planted hits).
LATE_LOOKALIKES: tuple[Callable[[World], None], ...] = (*civil.LATE_STORIES, *admin.LATE_STORIES)
