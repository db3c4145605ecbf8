"""The demo's push: 漳州市公安局's batch applied, and the clue it causes, found by a run."""

from __future__ import annotations

from jiancha.casebook.inbox import ClueFilter
from jiancha.console import SilentConsole
from jiancha.demo import DEMO_PUSH_MODEL, demo_intake
from jiancha.project import Project


def test_the_demos_push_causes_one_clue_and_not_for_the_lawful_bail(  # type: ignore[no-untyped-def]
    small_project: Project, small_data
) -> None:
    shown = demo_intake(small_project, small_data.as_of, SilentConsole())
    assert shown.key is not None and shown.batch.status_label == "已入库"
    assert (shown.batch.counts["stored"], shown.batch.counts["quarantined"]) == (2, 1)
    (clue,) = shown.clues
    with small_project.casework() as work:
        found = work.clue(clue).clue
        records = {
            e.record_id for c in work.clues(ClueFilter(model=DEMO_PUSH_MODEL)) for e in c.evidence
        }
    assert [e.record_id for e in found.evidence] == ["GA-TS-0001"]
    assert "GA-TS-0002" not in records and "GA-TS-0003" not in records  # lawful; quarantined
    again = demo_intake(small_project, small_data.as_of, SilentConsole())
    assert again.key is None and again.clues == shown.clues  # the same push: the same clue
