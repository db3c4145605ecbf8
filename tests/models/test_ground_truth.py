"""Every model finds exactly the anomalies the generator planted (issue: models)."""

from __future__ import annotations

import pytest

from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.reports.truth import (
    flagged_lookalikes,
    hit_anchors,
    lawful_lookalikes,
    misses,
    planted_anomalies,
    score,
)

APPROXIMATE = {"trial.sentence_outlier"}  # judged by recall >= 0.95 at precision >= 0.9


@pytest.fixture(scope="module")
def found(small_data, small_project_master):  # type: ignore[no-untyped-def]
    project = small_project_master[0]
    with project.warehouse(read_only=True) as wh:
        results = [run_model(wh.con, m, small_data.as_of) for m in load_catalogue()]
    assert [r.error for r in results if r.error] == []
    return {r.model.id: r.hits for r in results}


def test_every_planted_model_has_a_model(small_data, found) -> None:  # type: ignore[no-untyped-def]
    planted = planted_anomalies(small_data.out_dir / "ground_truth.csv")
    missing = set(planted) - set(found) - APPROXIMATE
    assert missing == set()


@pytest.mark.parametrize("model_id", sorted(m.id for m in load_catalogue()))
def test_precision_and_recall_are_one(small_data, found, model_id: str) -> None:  # type: ignore[no-untyped-def]
    # unlinked: the anomalies whose evidence has no valid id number are out of reach
    planted = planted_anomalies(
        small_data.out_dir / "ground_truth.csv", include_requires_link=False
    )
    (result,) = score(planted, found, [model_id])
    not_found, not_planted = misses(planted, found, model_id)
    assert result.planted >= 1, f"no anomaly planted for {model_id}"
    assert not_found == set() and not_planted == set(), (not_found, not_planted)


def test_anomalies_that_need_linking_are_not_found_unlinked(small_data, found) -> None:  # type: ignore[no-untyped-def]
    path = small_data.out_dir / "ground_truth.csv"
    every, unlinked = planted_anomalies(path), planted_anomalies(path, include_requires_link=False)
    needs_link = {m: every[m] - unlinked.get(m, set()) for m in every}
    needs_link = {m: anchors for m, anchors in needs_link.items() if anchors}
    assert set(needs_link) >= {
        "execution.supervised_person_abroad",
        "execution.medical_parole_employed",
        "execution.deceased_still_supervised",
        "trial.recidivism_not_recognised",
    }
    for model_id, anchors in needs_link.items():
        assert not anchors & hit_anchors(found.get(model_id, ())), model_id


def test_no_lawful_lookalike_becomes_a_clue(small_data, found) -> None:  # type: ignore[no-untyped-def]
    """The generator's lawful look-alikes (stories on the law's exceptions) are never hits."""
    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    assert flagged_lookalikes(lawful, found) == {}


def test_a_flagged_lookalike_costs_precision() -> None:
    from jiancha.models.hit import Evidence, Hit

    def hit(record_id: str) -> Hit:
        key = Evidence("t", record_id)
        return Hit("m", "1", None, {}, key, (key,), {}, ())

    lawful = {"m": {("t", "1"): "tax_remedied"}}
    (result,) = score({"m": {("t", "2")}}, {"m": [hit("1"), hit("2")]}, ["m"], lawful)
    assert (result.lookalikes, result.lookalikes_flagged, result.precision) == (1, 1, 0.5)
    assert flagged_lookalikes(lawful, {"m": [hit("1")]}) == {"m": {("t", "1"): "tax_remedied"}}
