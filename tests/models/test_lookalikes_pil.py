"""The public-interest models' lawful look-alikes: every exception is planted in the small
jurisdiction and none becomes a clue, unlinked (test_ground_truth.py) or linked (issue 15);
a project without the benefit register sees the benefit models as not runnable, with why."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from lookalike_support import check_linked, check_lookalikes

from jiancha.models import check_models, load_catalogue
from jiancha.reports.truth import planted_anomalies

EXCEPTIONS = {
    "pil.benefit_paid_in_prison": {
        "probation",
        "medical_parole",
        "admission_or_release_month",
        "arrears_before_prison",
    },
    "pil.benefit_paid_after_death": {"death_month", "arrears_before_death"},
    "pil.repeat_illegal_mining": {
        "prior_outside_two_years",
        "transferred",
        "criminal_case_reported",
    },
    "pil.illegal_fishing_not_transferred": {
        "under_threshold",
        "transferred",
        "counted_in_pieces",
    },
    "pil.food_drug_multi_county": {"transferred", "two_counties", "outside_window"},
    "pil.land_price_unpaid": {"not_yet_due", "due_later_by_contract", "paid_unknown"},
    "pil.land_occupation_tax_unpaid": {"exempt", "within_thirty_days", "not_farmland"},
}


@pytest.mark.parametrize("model_id", sorted(EXCEPTIONS))
def test_every_exception_has_a_lookalike(small_data: Any, model_id: str) -> None:
    check_lookalikes(small_data, EXCEPTIONS, model_id)


def test_the_catalogue_ships_the_pil_models() -> None:
    domain = [m.id for m in load_catalogue() if m.domain == "pil"]
    assert len(domain) == 8 and set(EXCEPTIONS) <= set(domain)


def test_every_model_has_planted_hits(small_data: Any) -> None:
    planted = planted_anomalies(small_data.out_dir / "ground_truth.csv")
    assert all(planted.get(m) for m in EXCEPTIONS)


def test_no_lookalike_becomes_a_clue_when_linked(small_data: Any, linked_hits: Any) -> None:
    check_linked(small_data, linked_hits(sorted(EXCEPTIONS)))


def test_check_names_the_missing_benefit_register(load_rows: Any) -> None:
    con = load_rows(
        {
            "prisoner": [
                {
                    "record_id": "p1",
                    "id_number": "350602195501010011",
                    "admitted_at": date(2023, 1, 1),
                }
            ]
        }
    )
    con.execute("DROP TABLE benefit_payment")
    checks = {c.model_id: c for c in check_models(con, load_catalogue())}
    for model_id in ("pil.benefit_paid_in_prison", "pil.benefit_paid_after_death"):
        assert not checks[model_id].ok
        assert "缺少数据表 benefit_payment" in checks[model_id].problems
    # models that do not read it are unaffected by its absence
    assert "缺少数据表 benefit_payment" not in checks["pil.repeat_illegal_mining"].problems
    assert "数据表 land_transfer 没有数据" in checks["pil.land_price_unpaid"].problems
