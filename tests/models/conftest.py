"""Shared helpers of the models tests: an in-memory warehouse built from YAML rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import duckdb
import pytest

from jiancha.warehouse.scratch import make_warehouse

Loader = Callable[[Mapping[str, list[dict[str, Any]]]], duckdb.DuckDBPyConnection]


@pytest.fixture
def load_rows() -> Iterator[Loader]:
    """A function that builds an in-memory warehouse from rows; closed after the test."""
    opened: list[duckdb.DuckDBPyConnection] = []

    def load(tables: Mapping[str, list[dict[str, Any]]]) -> duckdb.DuckDBPyConnection:
        con = make_warehouse(tables)
        opened.append(con)
        return con

    yield load
    for con in opened:
        con.close()


LinkedRunner = Callable[[list[str]], dict[str, list[Any]]]


@pytest.fixture
def linked_hits(small_data: Any, small_project_master: Any, tmp_path: Any) -> LinkedRunner:
    """A function running models linked on a linked copy of the small jurisdiction."""
    import shutil

    from jiancha.models import load_catalogue
    from jiancha.models.run import run_model
    from jiancha.project import Project

    def found(model_ids: list[str]) -> dict[str, list[Any]]:
        master, _ = small_project_master
        shutil.copytree(master.root, tmp_path / "linked")
        project = Project.open(tmp_path / "linked")
        project.link()
        catalogue = load_catalogue()
        with project.warehouse(read_only=True) as wh:
            return {
                m: run_model(wh.con, catalogue.get(m), small_data.as_of, linked=True).hits
                for m in model_ids
            }

    return found
