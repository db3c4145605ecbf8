"""The shared fixture: one small synthetic 漳州市 (fixed seed), generated and imported once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jiancha.demo import table_files
from jiancha.project import Project

SEED = 7


@pytest.fixture(scope="session")
def small_data(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The generator's small jurisdiction: its GenerateResult (files, rows, as_of)."""
    from jiancha.synth import generate

    return generate(tmp_path_factory.mktemp("zhangzhou") / "data", scale="small", seed=SEED)


@pytest.fixture(scope="session")
def small_project_master(small_data, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    project = Project.init(tmp_path_factory.mktemp("project") / "p")
    reports = project.import_paths(table_files(small_data.files))
    # what `jiancha run` does before its models: the tests also run models directly
    project.sync_sentence_estimates()
    return project, reports


@pytest.fixture
def small_project(small_project_master, tmp_path: Path) -> Project:  # type: ignore[no-untyped-def]
    """A private copy of the imported small project, free to change."""
    master, _ = small_project_master
    root = tmp_path / "p"
    shutil.copytree(master.root, root)
    return Project.open(root)
