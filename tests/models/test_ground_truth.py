"""Every model finds exactly the anomalies the generator planted (issue: models)."""

from __future__ import annotations

import pytest

from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.reports.truth import misses, planted_anomalies, score

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
    planted = planted_anomalies(small_data.out_dir / "ground_truth.csv")
    (result,) = score(planted, found, [model_id])
    not_found, not_planted = misses(planted, found, model_id)
    assert result.planted >= 1, f"no anomaly planted for {model_id}"
    assert not_found == set() and not_planted == set(), (not_found, not_planted)
