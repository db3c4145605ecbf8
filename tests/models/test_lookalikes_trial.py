"""The trial models' exceptions (issue 11) each have a lawful look-alike in the small
jurisdiction's ground truth; test_ground_truth.py proves none of them becomes a clue."""

from __future__ import annotations

import pytest

from jiancha.models import lawdata
from jiancha.reports.truth import lawful_lookalikes

EXCEPTIONS = {
    "trial.recidivism_not_recognised": {
        "juvenile",
        "negligent",
        "crime_during_parole",
        "special_recidivism_needs_both",
    },
    "trial.probation_for_recidivist": {"negligent", "juvenile"},
    "execution.parole_not_revoked": {"parole_revoked"},
    "trial.mandatory_fine_missing": {"confiscation", "fine_not_in_every_bracket"},
    "trial.first_instance_overdue": {
        "speedy_over_one_year",
        "summary_over_three_years",
        "approved_extension",
        "supplementary_investigation",
        "suspension",
    },
}


@pytest.mark.parametrize("model_id", sorted(EXCEPTIONS))
def test_every_exception_has_a_lookalike(small_data, model_id: str) -> None:  # type: ignore[no-untyped-def]
    lookalikes = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    planted = set(lookalikes.get(model_id, {}).values())
    assert EXCEPTIONS[model_id] <= planted, EXCEPTIONS[model_id] - planted


def test_the_fine_list_is_the_laws_not_a_handful() -> None:
    fine = {c.charge for c in lawdata.fine_charges()}
    assert len(fine) > 150
    assert {"盗窃罪", "危险驾驶罪", "走私、贩卖、运输、制造毒品罪", "受贿罪", "开设赌场罪"} <= fine
    # 刑法 294 and 234 have brackets without a mandatory fine
    assert "组织、领导、参加黑社会性质组织罪" not in fine and "故意伤害罪" not in fine


def test_selective_charges_are_spelled_by_any_choice_of_their_acts() -> None:
    names = lawdata.spellings("走私、贩卖、运输、制造毒品罪")
    assert {"贩卖毒品罪", "贩卖、运输毒品罪", "走私、贩卖、运输、制造毒品罪"} <= set(names)
    assert len(names) == 15
    # an object listed with 、 is not taken for acts
    assert lawdata.spellings("伪造、变造、买卖国家机关公文、证件、印章罪") == [
        "伪造、变造、买卖国家机关公文、证件、印章罪"
    ]
