"""The administrative models' exceptions: each has lawful look-alikes in the small
jurisdiction and none becomes a clue; every text an administrative model quotes from a law
in ../shared/legal/sources is the law's own (issue 15)."""

from __future__ import annotations

import pytest
from lookalike_support import SOURCES, check_lookalikes, check_quote, quotes

from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.reports.truth import flagged_lookalikes, lawful_lookalikes

EXCEPTIONS: dict[str, set[str]] = {
    "admin.fine_not_sent_to_court": {
        "own_enforcement_power",
        "contested",
        "paid",
        "deferred_payment",
        "party_died",
        "holiday_extension",
        "appeal_deadline_unknown",
    },
    "admin.marriage_party_dead": {"died_same_day", "died_after_registration"},
    "admin.marriage_party_in_prison": {"on_parole", "registered_on_release_day"},
    "admin.marriage_underage": {"woman_twenty", "on_birthday", "divorce", "birth_date_unknown"},
    "admin.marriage_id_reused": {"divorced", "court_divorce", "spouse_died", "same_couple"},
    "admin.rehab_not_delivered": {"in_prison", "revoked", "party_died", "period_open"},
    "admin.rehab_unserved_after_prison": {
        "delivered_after_release",
        "revoked",
        "served_before_prison",
        "period_open",
    },
    "admin.drunk_driving_licence_valid": {"not_drink", "after_ban", "revoked_in_time"},
    "admin.traffic_crime_licence": {"no_escape", "revoked_in_time"},
    "admin.barred_licence_holder": {
        "negligent_crime",
        "no_fixed_term",
        "licensed_after_sentence",
        "not_a_barring_crime",
        "rehab_revoked",
    },
    "admin.deregistered_owing_fine": {"bankruptcy", "paid", "fined_after"},
    "admin.court_enforcement_not_executed": {
        "refused",
        "ruling_unknown",
        "closed_in_time",
        "paid",
        "closed_late",
        "approved_extension",
        "excluded_period",
        "period_open",
    },
}
# Laws quoted from knowledge: their texts are not (yet) in ../shared/legal/sources.
NOT_IN_SOURCES = {
    "民法典",
    "网络预约出租汽车经营服务管理暂行办法",
    "教师法",
    "医师法",
    "市场主体登记管理条例",
    "公司法",
}


@pytest.mark.parametrize("model_id", sorted(EXCEPTIONS))
def test_every_exception_has_a_lookalike(small_data, model_id: str) -> None:  # type: ignore[no-untyped-def]
    check_lookalikes(small_data, EXCEPTIONS, model_id)


def test_no_admin_lookalike_becomes_a_clue(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    models = [m for m in load_catalogue() if m.id in EXCEPTIONS]
    with small_project_master[0].warehouse(read_only=True) as wh:
        found = {m.id: run_model(wh.con, m, small_data.as_of).hits for m in models}
    assert all(lawful.get(m) for m in EXCEPTIONS)
    assert flagged_lookalikes({m: lawful[m] for m in EXCEPTIONS}, found) == {}


QUOTES = quotes("admin.", NOT_IN_SOURCES)


@pytest.mark.skipif(not SOURCES.is_dir(), reason="法律文本目录 ../shared/legal/sources 不存在")
@pytest.mark.parametrize(("model_id", "law", "article", "quote"), QUOTES)
def test_quoted_text_is_the_laws(model_id: str, law: str, article: str, quote: str) -> None:
    check_quote(model_id, law, article, quote)
