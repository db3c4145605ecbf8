"""trial.sentence_outlier finds the generator's planted outliers (issue 7).

The generator draws every clean judgment's term among its charge's terms (an earlier sentence
of a recidivism story too), so the model finds exactly the planted outliers: precision and
recall 1 (bench/models.py --scale city measures the same at city scale).
"""

from __future__ import annotations

from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.reports.truth import planted_anomalies, score

MODEL = "trial.sentence_outlier"


def test_recall_and_precision_on_the_small_jurisdiction(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    project = small_project_master[0]
    with project.warehouse(read_only=True) as wh:
        result = run_model(wh.con, load_catalogue().get(MODEL), small_data.as_of)
    assert result.error is None, result.error
    planted = planted_anomalies(small_data.out_dir / "ground_truth.csv")
    (s,) = score(planted, {MODEL: result.hits}, [MODEL])
    assert s.planted >= 1
    assert s.true_positives == s.planted == s.found


def test_a_hit_cites_its_peers_and_shows_the_band(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    project = small_project_master[0]
    with project.warehouse(read_only=True) as wh:
        result = run_model(wh.con, load_catalogue().get(MODEL), small_data.as_of)
    hit = result.hits[0]
    peers = [e for e in hit.evidence if e != hit.key]
    # it cites the k peers nearest in amount; the band rests on all of them
    assert len(peers) == 20 <= hit.facts["peer_count"]
    outside = not hit.facts["band_p5"] <= hit.facts["term_months"] <= hit.facts["band_p95"]
    assert outside
