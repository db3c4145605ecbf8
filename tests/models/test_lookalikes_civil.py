"""The civil models' exceptions (issue 15) each have a lawful look-alike in the small
jurisdiction's ground truth, and none of them becomes a clue of its model; every text a civil
model quotes from a law in ../shared/legal/sources is the law's own."""

from __future__ import annotations

import pytest
from lookalike_support import SOURCES, check_quote, quotes

from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.reports.truth import flagged_lookalikes, lawful_lookalikes

EXCEPTIONS = {
    "civil.termination_too_early": {"terminated_not_this_round", "settled"},
    "civil.termination_with_assets": {"sold_before_filing", "after_five_years", "resumed"},
    "civil.trial_overdue": {"approved_extension", "excluded_period", "summary_extension"},
    "civil.public_notice_while_detained": {"released_before_notice", "served_via_prison"},
    "civil.collusive_settlement": {"enforcement_closed", "creditor_settles"},
    "civil.payment_order_during_enforcement": {"same_creditor", "enforcement_closed"},
    "civil.injury_suit_brokers": {"different_appraisers", "different_agents"},
    "civil.same_firm_both_sides": {"same_side", "different_cases"},
}


@pytest.mark.parametrize("model_id", sorted(EXCEPTIONS))
def test_every_exception_has_a_lookalike(small_data, model_id: str) -> None:  # type: ignore[no-untyped-def]
    lookalikes = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    planted = set(lookalikes.get(model_id, {}).values())
    assert EXCEPTIONS[model_id] <= planted, EXCEPTIONS[model_id] - planted


def test_no_civil_lookalike_becomes_a_clue(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    catalogue = load_catalogue()
    project = small_project_master[0]
    with project.warehouse(read_only=True) as wh:
        found = {
            m: run_model(wh.con, catalogue.models[m], small_data.as_of).hits for m in EXCEPTIONS
        }
    civil = {m: lawful[m] for m in EXCEPTIONS if m in lawful}
    assert sum(len(v) for v in civil.values()) >= 2 * len(EXCEPTIONS)
    assert flagged_lookalikes(civil, found) == {}
    # the look-alikes really look alike: the models do find their planted neighbours
    assert all(found[m] for m in EXCEPTIONS)


# Laws quoted from knowledge: their texts are not (yet) in ../shared/legal/sources.
NOT_IN_SOURCES = {"最高人民法院关于严格规范终结本次执行程序的规定（试行）"}
QUOTES = quotes("civil.", NOT_IN_SOURCES)


@pytest.mark.skipif(not SOURCES.is_dir(), reason="法律文本目录 ../shared/legal/sources 不存在")
@pytest.mark.parametrize(("model_id", "law", "article", "quote"), QUOTES)
def test_quoted_text_is_the_laws(model_id: str, law: str, article: str, quote: str) -> None:
    check_quote(model_id, law, article, quote)
