"""Linking the generator's small 漳州市: pairwise quality against its mentions_truth.csv,
review decisions that survive a re-link, and the anomalies only linking can find."""

from __future__ import annotations

import re
import shutil
from typing import Any

import pytest

from jiancha.console import SilentConsole
from jiancha.link import LinkConfig, decide, link_warehouse, review_pairs
from jiancha.link.noisy import EXACT_ID_ONLY, load_mentions_truth, pairwise
from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.project import Project
from jiancha.reports.truth import hit_anchors, planted_anomalies

LINK_MODELS = (
    "execution.supervised_person_abroad",
    "execution.medical_parole_employed",
    "execution.deceased_still_supervised",
    "trial.recidivism_not_recognised",
)
# Accept only near-certain pairs, so that the small jurisdiction has pairs to review.
STRICT = LinkConfig(accept=0.9999999)


@pytest.fixture(scope="module")
def linked(small_project_master: Any, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the small project, linked once for this module."""
    master, _ = small_project_master
    root = tmp_path_factory.mktemp("generated") / "p"
    shutil.copytree(master.root, root)
    project = Project.open(root)
    project.link()
    return project


def test_pairwise_precision_and_recall_beat_exact_ids(small_data: Any, linked: Project) -> None:
    with linked.warehouse(read_only=True) as wh:
        assert load_mentions_truth(wh, str(small_data.mentions_truth), "truth") > 1000
        exact = pairwise(wh, "truth", EXACT_ID_ONLY)
        linking = pairwise(wh, "truth")
        unmatched = wh.one(
            "SELECT count(*) FROM person_mention pm ANTI JOIN truth "
            "USING (table_name, record_id, role)"
        )
    assert unmatched == (0,)  # the truth names every mention the linker saw
    assert linking.true_pairs == exact.true_pairs > 0
    assert exact.recall < 0.99  # identity noise makes id numbers alone fall short
    assert linking.precision >= 0.995
    assert linking.recall > exact.recall
    assert linking.f1 >= 0.98


def test_linked_models_find_what_only_linking_can(small_data: Any, linked: Project) -> None:
    path = small_data.out_dir / "ground_truth.csv"
    every = planted_anomalies(path)
    unlinked = planted_anomalies(path, include_requires_link=False)
    catalogue = load_catalogue()
    with linked.warehouse(read_only=True) as wh:
        for model_id in LINK_MODELS:
            needs_link = every[model_id] - unlinked.get(model_id, set())
            assert needs_link, model_id
            result = run_model(wh, catalogue.get(model_id), small_data.as_of, linked=True)
            assert result.error is None, result.error
            found = hit_anchors(result.hits)
            assert needs_link <= found, model_id
            assert found <= every[model_id], model_id  # precision 1.0


def _person(wh: Any, uid: str) -> str:
    return str(wh.scalar("SELECT any_value(person_id) FROM person_mention WHERE uid = ?", [uid]))


def test_review_decisions_survive_relinking_generated_data(small_project: Project) -> None:
    with small_project.warehouse() as wh:
        link_warehouse(wh, config=STRICT, console=SilentConsole())
        pairs = review_pairs(wh)
        assert len(pairs) >= 2
        apart, together = pairs[0], pairs[1]
        decide(wh, apart, match=False, actor="检察官甲", reason="住址、照片均不符")
        decide(wh, together, match=True, actor="检察官甲", reason="同案卷宗照片一致")
        for _ in range(2):  # the decisions hold on every later run, not only the next
            link_warehouse(wh, config=STRICT, console=SilentConsole())
            assert _person(wh, apart.left.uid) != _person(wh, apart.right.uid)
            assert _person(wh, together.left.uid) == _person(wh, together.right.uid)
            listed = {(p.left.uid, p.right.uid) for p in review_pairs(wh)}
            assert (apart.left.uid, apart.right.uid) not in listed
            assert (together.left.uid, together.right.uid) not in listed


def test_a_clue_says_how_its_people_were_matched(linked: Project) -> None:
    """Issue 12: the link stage's own words for a clue page, per mention of an evidence row:
    身份证号一致 for a valid id number, the agreeing fields and the probability otherwise."""
    from jiancha.link import mention_matches

    with linked.warehouse(read_only=True) as wh:
        rows = wh.rows(
            "SELECT table_name, record_id, method FROM person_mention "
            "WHERE method IN ('deterministic', 'probabilistic') "
            "QUALIFY row_number() OVER (PARTITION BY method ORDER BY table_name, record_id) = 1"
        )
        by_method = {str(m): (str(t), str(r)) for t, r, m in rows}
        assert set(by_method) == {"deterministic", "probabilistic"}
        sure = mention_matches(wh, [by_method["deterministic"]])
        likely = mention_matches(wh, [by_method["probabilistic"]])
        assert mention_matches(wh, []) == []
    assert [m.basis for m in sure if m.method == "deterministic"][:1] == ["身份证号一致"]
    probable = next(m for m in likely if m.method == "probabilistic")
    assert probable.match_probability is not None
    assert re.search(r"一致.*（匹配概率 (0\.\d{4}|1\.0000)）", probable.basis), probable.basis
