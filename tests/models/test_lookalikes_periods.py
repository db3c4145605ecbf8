"""The small jurisdiction plants a lawful look-alike for every exception of the time-limit
models (custody, management, filing.report_undecided): a bail ending after a holiday, an
approved detention extension, a 速裁 review of a longer term, a reply after a holiday …
(test_ground_truth proves none becomes a clue)."""

from __future__ import annotations

import pytest

from jiancha.reports.truth import lawful_lookalikes

EXCEPTIONS = [
    ("custody.bail_overdue", "holiday_extension"),
    ("custody.surveillance_overdue", "holiday_extension"),
    ("custody.detention_overdue", "approved_extension"),
    ("custody.prosecution_review_overdue", "holiday_extension"),
    ("custody.prosecution_review_overdue", "speedy_long_term"),
    ("management.recommendation_reply_overdue", "holiday_extension"),
    ("management.recommendation_reply_overdue", "stated_period"),
    ("management.recommendation_reply_overdue", "retrial_three_months"),
    ("management.petition_reply_overdue", "holiday_extension"),
    ("filing.report_undecided", "holiday_extension"),
]


@pytest.mark.parametrize(("model_id", "exception"), EXCEPTIONS)
def test_each_exception_has_a_lookalike(small_data, model_id: str, exception: str) -> None:  # type: ignore[no-untyped-def]
    planted = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    assert exception in planted.get(model_id, {}).values()
