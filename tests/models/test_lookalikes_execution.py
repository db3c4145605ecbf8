"""The execution models' exceptions: each has lawful look-alikes in the small jurisdiction,
and every text an execution model quotes is the law's own (issue 11)."""

from __future__ import annotations

import pytest
from lookalike_support import SOURCES, check_lookalikes, check_quote

from jiancha.models import load_catalogue

EXCEPTIONS: dict[str, set[str]] = {
    "execution.commutation_too_early": {
        "ruled_before_2017",
        "category_unknown",
        "art16_short_remaining",
        "juvenile_relaxation",
        "elderly_ill_disabled_relaxation",
    },
    "execution.commutation_interval_too_short": {
        "supplement_not_in_force",
        "state_functionary_unknown",
        "juvenile_relaxation",
        "elderly_ill_disabled_relaxation",
        "retrial_re_ruling",
    },
    "execution.commutation_amount_exceeds_cap": {
        "ruled_before_2017",
        "supplement_not_in_force",
        "state_functionary_unknown",
        "evil_force_not_mafia",
        "organized_unknown_which",
        "juvenile_relaxation",
        "elderly_ill_disabled_relaxation",
        "retrial_re_ruling",
    },
    "execution.served_less_than_half": {"retrial_re_ruling"},
    "execution.parole_too_soon_after_commutation": {"ruled_before_2017", "art28_short_remaining"},
    "execution.not_delivered": {"within_delivery_period", "court_medical_parole"},
    "execution.medical_parole_without_hospital": {"other_ground", "window_not_over"},
    "execution.medical_parole_employed": {"pregnancy", "flexible_contribution"},
    "execution.term_expired_not_released": {"died_in_custody", "commutation_recorded_twice"},
    "execution.deceased_still_supervised": {"died_in_custody", "correction_ended_at_death"},
    "execution.supervised_person_abroad": {"after_period_end"},
    "execution.supervised_person_detained": {"after_period_end", "correction_revoked"},
}


@pytest.mark.parametrize("model_id", sorted(EXCEPTIONS))
def test_every_exception_has_a_lookalike(small_data, model_id: str) -> None:  # type: ignore[no-untyped-def]
    check_lookalikes(small_data, EXCEPTIONS, model_id)


QUOTES = [
    (m.id, b.law, b.article, b.text)
    for m in load_catalogue()
    if m.id.startswith("execution.")
    for b in m.header.legal_basis
    if b.text
]


@pytest.mark.skipif(not SOURCES.is_dir(), reason="法律文本目录 ../shared/legal/sources 不存在")
@pytest.mark.parametrize(("model_id", "law", "article", "quote"), QUOTES)
def test_quoted_text_is_the_laws(model_id: str, law: str, article: str, quote: str) -> None:
    """Every piece of a quote (split at ……) stands in the article, paragraphs joined."""
    check_quote(model_id, law, article, quote)
