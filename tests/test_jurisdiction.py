"""The whole pipeline on the shared synthetic jurisdiction: import accounting and dirt."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict

from jiancha.project import Project


def _truth(small_data) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    with (small_data.out_dir / "ground_truth.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_rows_in_equal_stored_plus_quarantined(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    _, reports = small_project_master
    for report in reports:
        assert report.read == report.stored + report.quarantined, report
    read = Counter[str]()
    for report in reports:
        read[report.table] += report.read
    for table, rows in small_data.rows.items():
        assert read[table] == rows, table


def test_every_table_stored(small_project_master) -> None:  # type: ignore[no-untyped-def]
    project, _ = small_project_master
    counts, _ = project.counts()
    empty = [c.table for c in counts if c.rows == 0]
    assert empty == []


def test_dirt_handled_as_the_ground_truth_says(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    project: Project = small_project_master[0]
    dirt = [row for row in _truth(small_data) if row["kind"] == "dirt"]
    assert {row["expected"] for row in dirt} >= {"quarantine", "flag", "upgrade", "duplicate"}
    quarantined = defaultdict(set)
    for q in project.quarantine(limit=1_000_000):
        quarantined[q.table].add(q.record_id or f"row:{q.row}")
    with project.warehouse(read_only=True) as wh:
        for row in dirt:
            table, record_id, expected = row["table"], row["record_id"], row["expected"]
            if expected in ("quarantine", "duplicate"):
                key = record_id or row["field"]
                assert key in quarantined[table], row
                continue
            stored = wh.rows(f'SELECT _flags FROM "{table}" WHERE record_id = ?', [record_id])
            assert len(stored) == 1, row
            if expected == "flag":
                assert stored[0][0] and "bad_checksum" in stored[0][0], row
            elif expected == "upgrade":
                field = row["field"]
                value = wh.one(f'SELECT "{field}" FROM "{table}" WHERE record_id = ?', [record_id])
                assert value is not None and len(value[0]) == 18, row


def test_nothing_clean_is_quarantined(small_data, small_project_master) -> None:  # type: ignore[no-untyped-def]
    """The quarantine holds exactly the dirt the ground truth lists, no clean row besides."""
    project: Project = small_project_master[0]
    expected = Counter[tuple[str, str]]()
    for row in _truth(small_data):
        if row["kind"] == "dirt" and row["expected"] in ("quarantine", "duplicate"):
            expected[(row["table"], row["record_id"] or row["field"])] += 1
    found = Counter[tuple[str, str]]()
    for q in project.quarantine(limit=1_000_000):
        found[(q.table or "", q.record_id or f"row:{q.row}")] += 1
    assert found == expected
