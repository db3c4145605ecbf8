"""Fixtures of the import tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiancha.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project.init(tmp_path / "proj")
