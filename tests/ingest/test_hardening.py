"""Import under faults: the fault-injection findings of issue 18, each with its test."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from jiancha.ingest import importer as importer_module
from jiancha.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.init(tmp_path / "proj")


def stored(project: Project, sql: str) -> list[tuple]:
    with project.warehouse(read_only=True) as wh:
        return wh.rows(sql)


# long names: DuckDB reads a CSV in parallel (and may reorder it) from about 16 MB on
NAME = "甲" * 70


def _numbered_csv(path: Path, rows: int, *, bad_every: int = 0) -> None:
    """death_record rows whose record_id is the row number a person sees (header = row 1);
    with ``bad_every``, every such line has too many columns (a reject the reader sees)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("record_id,name,died_at\n")
        for row in range(2, rows + 2):
            extra = ",多余" if bad_every and row % bad_every == 0 else ""
            handle.write(f"{row},{NAME},2023-01-01{extra}\n")


def test_row_numbers_exact_in_folder_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two files prepared at once: the large one reads while the small one has finished
    (whose settings once switched the large one's row order off for the whole database)."""
    folder = tmp_path / "folder"
    folder.mkdir()
    big = folder / "death_record-1.csv"
    _numbered_csv(big, 100_000, bad_every=997)
    small = folder / "death_record-2.csv"
    small.write_text("record_id,name,died_at\nS1,乙,2023-01-02\n", "utf-8")
    small_done = threading.Event()
    prepare = importer_module.Importer._prepare
    read_csv_into = importer_module.readers.read_csv_into

    def prepare_in_turn(self: Any, src: Any, advance: Any) -> Any:
        try:
            return prepare(self, src, advance)
        finally:
            if src.path == small:
                small_done.set()

    def read_after_small(wh: Any, staged: Any, *args: Any) -> None:
        if "death_record-1" in (staged.csv_source or ""):
            small_done.wait(timeout=60)
        read_csv_into(wh, staged, *args)

    monkeypatch.setattr(importer_module.Importer, "_prepare", prepare_in_turn)
    monkeypatch.setattr(importer_module.readers, "read_csv_into", read_after_small)
    for run in range(3):
        small_done.clear()
        project = Project.init(tmp_path / f"proj{run}")
        reports = project.import_paths([folder])
        assert [r.read for r in reports] == [100_000, 1]
        wrong = stored(
            project,
            "SELECT count(*) FROM death_record WHERE record_id <> 'S1' "
            "AND CAST(record_id AS INTEGER) <> _row",
        )
        assert wrong == [(0,)], f"run {run}"
        rejects = [q.row for q in project.quarantine(limit=1000)]
        assert rejects == [r for r in range(2, 100_002) if r % 997 == 0]
