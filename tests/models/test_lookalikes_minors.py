"""The minors' models' lawful look-alikes: every exception is planted in the small
jurisdiction and none becomes a clue, unlinked (test_ground_truth.py) or linked (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from lookalike_support import check_linked, check_lookalikes

from jiancha.models import check_models, load_catalogue
from jiancha.reports.truth import planted_anomalies

EXCEPTIONS = {
    "minors.staff_with_barring_record": {
        "not_serving_minors",
        "charge_outside_article_62",
        "employment_before_conviction",
    },
    "minors.hotel_minor_alone_at_night": {
        "accompanied_by_adult",
        "guardian_contact_recorded",
        "daytime",
        "eighteenth_birthday",
    },
    "minors.conditional_probation_undecided": {
        "revoked_and_prosecuted",
        "period_running",
        "within_grace",
    },
    "minors.conditional_probation_period_invalid": {"boundary_period"},
}


@pytest.mark.parametrize("model_id", sorted(EXCEPTIONS))
def test_every_exception_has_a_lookalike(small_data: Any, model_id: str) -> None:
    check_lookalikes(small_data, EXCEPTIONS, model_id)


def test_the_catalogue_ships_the_minors_models() -> None:
    domain = [m.id for m in load_catalogue() if m.domain == "minors"]
    assert len(domain) == 4 and set(EXCEPTIONS) <= set(domain)


def test_every_model_has_planted_hits(small_data: Any) -> None:
    planted = planted_anomalies(small_data.out_dir / "ground_truth.csv")
    assert all(planted.get(m) for m in EXCEPTIONS)


def test_no_lookalike_becomes_a_clue_when_linked(small_data: Any, linked_hits: Any) -> None:
    check_linked(small_data, linked_hits(sorted(EXCEPTIONS)))


def test_check_names_the_missing_lodging_register(load_rows: Any) -> None:
    con = load_rows({})
    con.execute("DROP TABLE lodging_register")
    con.execute("DROP TABLE conditional_non_prosecution")
    checks = {c.model_id: c for c in check_models(con, load_catalogue())}
    hotel = checks["minors.hotel_minor_alone_at_night"]
    assert not hotel.ok and "缺少数据表 lodging_register" in hotel.problems
    undecided = checks["minors.conditional_probation_undecided"]
    assert not undecided.ok and "缺少数据表 conditional_non_prosecution" in undecided.problems
    staff = checks["minors.staff_with_barring_record"]
    assert "缺少数据表 lodging_register" not in staff.problems
