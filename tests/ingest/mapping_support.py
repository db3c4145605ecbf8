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
