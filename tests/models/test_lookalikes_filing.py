"""The filing models' lawful look-alikes: every exception is planted in the small
jurisdiction, and none becomes a clue, unlinked or linked (issue 11)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from jiancha.models import load_catalogue
from jiancha.models.run import run_model
from jiancha.project import Project
from jiancha.reports.truth import flagged_lookalikes, lawful_lookalikes

EXCEPTIONS = {
    "filing.long_pending_case": {"no_identified_suspect"},
    "filing.admin_case_not_transferred": {
        "parallel_licence_revocation",
        "reverse_transfer_after_non_prosecution",
        "tax_remedied",
        "tax_under_share",
        "tax_due_unknown",
    },
    "filing.not_filed_above_threshold": {
        "under_16_at_act",
        "under_14_at_act",
        "act_date_unknown_possibly_under_16",
    },
    "filing.non_prosecution_without_admin_penalty": {
        "statutory_non_prosecution",
        "insufficient_evidence_non_prosecution",
        "conditional_non_prosecution",
        "non_prosecution_kind_unknown",
    },
}


@pytest.mark.parametrize("model_id", sorted(EXCEPTIONS))
def test_every_exception_has_a_lookalike(small_data: Any, model_id: str) -> None:
    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    assert set(lawful.get(model_id, {}).values()) >= EXCEPTIONS[model_id]


def test_no_lookalike_becomes_a_clue_when_linked(
    small_data: Any, small_project_master: Any, tmp_path: Any
) -> None:
    """Linking joins more mentions of a person; the exceptions must still hold."""
    master, _ = small_project_master
    shutil.copytree(master.root, tmp_path / "p")
    project = Project.open(tmp_path / "p")
    project.link()
    catalogue = load_catalogue()
    with project.warehouse(read_only=True) as wh:
        found = {
            m: run_model(wh.con, catalogue.get(m), small_data.as_of, linked=True).hits
            for m in EXCEPTIONS
        }
    lawful = lawful_lookalikes(small_data.out_dir / "ground_truth.csv")
    assert flagged_lookalikes({m: lawful[m] for m in EXCEPTIONS}, found) == {}


def test_a_project_from_before_the_new_columns_runs_the_filing_models(
    small_data: Any, small_project: Any
) -> None:
    """An older warehouse has no tax_due_yuan, remedied, detail or offense_at: a run adds them
    empty (unknown), and unknown never makes a clue: no tax-evasion clue without the tax due,
    no non-prosecution clue without its kind."""
    dropped = {
        "admin_penalty": ("tax_due_yuan", "remedied"),
        "procedural_event": ("detail",),
        "case_report": ("offense_at",),
    }
    with small_project.warehouse() as wh:
        for table, columns in dropped.items():
            for column in columns:
                wh.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    report = small_project.run(sorted(EXCEPTIONS), as_of=small_data.as_of)
    assert [line.error for line in report.lines if line.error] == []
    hits = report.hits_by_model
    assert hits.get("filing.non_prosecution_without_admin_penalty", []) == []
    violations = {h.facts["violation"] for h in hits["filing.admin_case_not_transferred"]}
    assert "tax_evasion" not in violations and violations  # the planted tax hits are gone
    assert hits["filing.long_pending_case"] and hits["filing.not_filed_above_threshold"]
