"""Shared checks of the look-alike tests (imported by test modules, like web_support)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def check_lookalikes(small_data: Any, exceptions: Mapping[str, set[str]], model_id: str) -> None:
    """Every exception of ``model_id`` has a lawful look-alike in the ground truth."""
    from jiancha.reports.truth import lawful_lookalikes

    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    planted = set(lawful.get(model_id, {}).values())
    assert planted >= exceptions[model_id], exceptions[model_id] - planted


def check_linked(small_data: Any, found: Mapping[str, list[Any]]) -> None:
    """No look-alike of the models of ``found`` is a hit, and each still finds its hits."""
    from jiancha.reports.truth import flagged_lookalikes, lawful_lookalikes

    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    assert flagged_lookalikes({m: lawful[m] for m in found}, found) == {}
    assert all(found.values())
