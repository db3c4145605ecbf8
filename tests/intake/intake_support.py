"""Helpers of the intake tests: a project with an agency key, and records to push."""

from __future__ import annotations

import json
from pathlib import Path

from jiancha.project import Project

AGENCY = "漳州市公安局"
TABLES = "case_report,criminal_case,coercive_measure"


def report(n: int, unit: str = "350602", **extra: object) -> dict[str, object]:
    """A 受案登记 record as an agency system would push it."""
    record: dict[str, object] = {
        "record_id": f"R{n:05d}",
        "unit_code": unit,
        "received_at": "2026-03-01",
        "case_kind": "criminal",
        "offense": "盗窃",
        "decision": "filed",
    }
    record.update(extra)
    return record


def new_project(root: Path) -> tuple[Project, str]:
    """An empty project with a key of 漳州市公安局 for units 3506."""
    project = Project.init(root)
    with project.casework() as work:
        _, key = work.intake.add_agency(AGENCY, TABLES.split(","), ["3506"])
    return project, key


def push(
    project: Project, key: str, table: str, records: list[object], idem: str | None = None
) -> int:
    with project.casework() as work:
        agency = work.intake.by_key(key)
        assert agency is not None
        batch, _ = work.intake.accept(agency, table, json.dumps(records), len(records), idem)
        return batch.id


def stored_ids(project: Project, table: str = "case_report") -> list[str]:
    with project.warehouse(read_only=True) as wh:
        return [str(r[0]) for r in wh.rows(f"SELECT record_id FROM {table} ORDER BY 1")]
