"""Every model gives the same hits on Spark as on DuckDB (issue: Spark).

Each model's hand-written cases (every variant of parameters) and the small synthetic
jurisdiction run on both engines; the hits are compared one by one: anchor, subject,
evidence rows and every fact (numbers exactly, dates as dates).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from jiancha.console import SilentConsole
from jiancha.link import is_linked
from jiancha.models import load_catalogue, run_models
from jiancha.models.hit import Hit
from jiancha.models.testing import SHIPPED_CASES
from jiancha.warehouse import as_warehouse
from jiancha.warehouse.parquet import export_parquet
from jiancha.warehouse.spark import SparkWarehouse

CASES = SHIPPED_CASES
CASE_FILES = sorted(CASES.glob("*.yaml"))


def comparable(hit: Hit) -> tuple[Any, ...]:
    return (
        hit.model_id,
        hit.key,
        tuple(sorted(hit.evidence)),
        tuple(sorted(hit.subject.items())),
        tuple(sorted((k, repr(v)) for k, v in hit.facts.items())),
        hit.unit_code,
        hit.fingerprint,
    )


def both_engines(
    con: Any, spark: Any, folder: Path, model_ids: list[str], as_of: date, overrides: Any = (None,)
) -> list[tuple[set[Any], set[Any]]]:
    """The hits of the models on DuckDB and on Spark (the Parquet export of ``con``), for each
    of ``overrides`` (parameter values): the data is exported and attached once."""
    export_parquet(as_warehouse(con), folder)
    found = []
    tables = {t for m in model_ids for t in load_catalogue().get(m).tables}
    with SparkWarehouse(spark, folder, tables if len(model_ids) == 1 else None) as wh:
        for values in overrides:
            catalogue = load_catalogue(overrides=values)
            on_duckdb = run_models(con, catalogue, model_ids, as_of, SilentConsole())
            on_spark = run_models(
                wh, catalogue, model_ids, as_of, SilentConsole(), reference=as_warehouse(con)
            )
            errors = [r.error for r in on_spark if r.error]
            assert errors == [], errors
            left = {comparable(h) for r in on_duckdb for h in r.hits}
            right = {comparable(h) for r in on_spark for h in r.hits}
            found.append((left, right))
    return found


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_cases_equal_on_spark(path: Path, spark: Any, tmp_path: Path, load_rows: Any) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    con = load_rows(data.get("tables", {}))
    as_of = data["as_of"] if isinstance(data["as_of"], date) else date.fromisoformat(data["as_of"])
    variants = [{}] + [v.get("parameters", {}) for v in data.get("variants", [])]
    overrides = [{data["model"]: values} if values else None for values in variants]
    found = both_engines(con, spark, tmp_path / "pq", [data["model"]], as_of, overrides)
    for values, (left, right) in zip(variants, found, strict=True):
        assert left == right, (values, left ^ right)


def test_small_jurisdiction_equal_on_spark(small_project, small_data, spark, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Linked, so that every model's person joins are the linked ones (``person_id``); the
    unlinked joins (id numbers) are compared by test_spark_run's run on both engines."""
    small_project.link()
    ids = list(load_catalogue().models)
    with small_project.warehouse(read_only=True) as wh:
        assert is_linked(wh)
        [(left, right)] = both_engines(wh.native(), spark, tmp_path / "pq", ids, small_data.as_of)
    assert len(left) > 50
    by_model = {m for m, *_ in left ^ right}
    assert left == right, (sorted(by_model), left ^ right)
