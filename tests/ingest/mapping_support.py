"""Helpers of the mapping-profile tests: an agency's export, as GBK text, imported into a new
project with a profile shipped in examples/mappings/."""

from __future__ import annotations

from pathlib import Path

from jiancha.ingest.importer import ImportReport
from jiancha.project import Project

EXAMPLES = Path(__file__).parents[2] / "examples" / "mappings"


def import_export(
    tmp_path: Path, name: str, profile: str, text: str
) -> tuple[Project, ImportReport]:
    """The project and the import's report of ``text`` saved as ``name`` (GBK) and imported
    with ``profile``."""
    export = tmp_path / name
    export.write_text(text, encoding="gbk")
    project = Project.init(tmp_path / "p")
    (report,) = project.import_paths([export], mapping=EXAMPLES / profile)
    return project, report


def imported_rows(
    tmp_path: Path, name: str, profile: str, text: str, sql: str
) -> tuple[ImportReport, list[tuple[object, ...]]]:
    """The import's report of ``text`` (as :func:`import_export`) and the rows ``sql`` reads
    from the project's warehouse afterwards."""
    project, report = import_export(tmp_path, name, profile, text)
    with project.warehouse(read_only=True) as wh:
        return report, [tuple(r) for r in wh.rows(sql)]
