"""``jiancha status`` keeps its counts until the warehouse's files change: the kept answer is
the one counting gives, and an import, a removed kept file or a new jiancha counts again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jiancha.project import Project
from jiancha.warehouse import kept_counts

STAYS = "record_id,case_id,name,id_number,measure,start_at,end_at\n"


def _import(project: Project, folder: Path, rows: list[str]) -> None:
    folder.mkdir(exist_ok=True)
    data = folder / "coercive_measure.csv"
    data.write_text(STAYS + "".join(rows), "utf-8")
    project.import_paths([data])


def _counted(project: Project) -> tuple[dict[str, int], dict[str, int]]:
    tables, quarantined = project.counts()
    return {c.table: c.rows for c in tables}, quarantined


def test_kept_counts_are_the_counted_ones_until_the_warehouse_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project.init(tmp_path / "p")
    _import(project, tmp_path / "a", ["M1,C1,张三,,detention,2023-01-01,2023-01-20\n"])
    first = _counted(project)
    assert first[0]["coercive_measure"] == 1
    kept = project.root / ".jiancha" / "counts.json"
    assert kept.exists()

    def no_warehouse(*_: object, **__: object) -> None:
        raise AssertionError("the warehouse was opened although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(Project, "warehouse", no_warehouse)
        assert _counted(project) == first

    rows = ["M2,C2,李四,,detention,2023-01-01,2023-01-10\n", "bad row without fields\n"]
    _import(project, tmp_path / "b", rows)
    tables, quarantined = _counted(project)
    assert tables["coercive_measure"] == 2 and sum(quarantined.values()) == 1
    with project.warehouse(read_only=True) as wh:  # what counting anew gives
        assert {c.table: c.rows for c in wh.counts()} == tables
        assert wh.quarantine_counts() == quarantined


def test_a_stale_or_broken_kept_file_is_not_believed(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    _import(project, tmp_path / "a", ["M1,C1,张三,,detention,2023-01-01,2023-01-20\n"])
    expected = _counted(project)
    kept = project.root / ".jiancha" / "counts.json"
    data = json.loads(kept.read_text("utf-8"))
    lying = [{**c, "rows": 99} for c in data["counts"]]
    kept.write_text(json.dumps({**data, "code": "an older jiancha", "counts": lying}), "utf-8")
    assert _counted(project) == expected
    kept.write_text("{not json", "utf-8")
    assert _counted(project) == expected
    assert kept_counts.read(tmp_path / "none.json", project.warehouse_path) is None
