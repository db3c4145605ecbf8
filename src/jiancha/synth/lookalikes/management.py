"""Lawful look-alikes of the management models: stories on the law's exceptions (never clues)."""

from __future__ import annotations

from collections.abc import Callable

from jiancha.synth.world import World

STORIES: tuple[Callable[[World], None], ...] = ()
