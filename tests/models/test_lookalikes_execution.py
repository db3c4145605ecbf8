"""The execution models' exceptions: each has lawful look-alikes in the small jurisdiction,
and every text an execution model quotes is the law's own (issue 11)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jiancha.models import load_catalogue
from jiancha.reports.truth import lawful_lookalikes

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
    planted = lawful_lookalikes(small_data.out_dir / "ground_truth.csv").get(model_id, {})
    assert EXCEPTIONS[model_id] - set(planted.values()) == set()


SOURCES = Path(__file__).resolve().parents[2] / ".." / "shared" / "legal" / "sources"
# article headings: 第六条 / 第二百六十四条 at the start of a line
HEADING = re.compile(r"^第[零一二三四五六七八九十百千]+条", re.MULTILINE)


def _law_text(law: str) -> str | None:
    for path in SOURCES.glob("*.md"):
        if re.sub(r"[（(]\d{4}-\d{2}-\d{2}[)）]$", "", path.stem) == law:
            return path.read_text("utf-8")
    return None


def _article(text: str, article: str) -> str:
    """The text of an article (its heading up to the next), whitespace removed."""
    number = re.match(r"第[零一二三四五六七八九十百千]+条", article)
    assert number, article
    start = re.search(rf"^{number.group(0)}", text, re.MULTILINE)
    assert start, article
    following = HEADING.search(text, start.end())
    body = text[start.start() : following.start() if following else len(text)]
    return re.sub(r"\s+", "", body)


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
    text = _law_text(law)
    assert text is not None, f"{model_id}: no source for {law}"
    body = _article(text, article)
    for piece in re.split(r"……|\.\.\.", quote):
        piece = re.sub(r"\s+", "", piece)
        assert piece in body, f"{model_id} {law}{article}: {piece}"
