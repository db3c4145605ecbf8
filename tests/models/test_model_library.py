"""Every shipped model against hand-written cases at the boundaries of the law.

One YAML file per model in ``cases/<model_id>.yaml``::

    model: custody.detention_overdue
    as_of: 2024-06-30
    tables: {coercive_measure: [{record_id: ..., ...}, ...]}
    expect: {anchor_id: {fact: value, ...}, ...}   # exactly these anchors hit
    evidence: {anchor_id: [table:record_id, ...]}  # optional: all evidence rows of a hit
    variants:                                      # optional: the same rows, other parameters
      - {parameters: {limit_days: 10}, expect: {...}}
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from jiancha.console import SilentConsole
from jiancha.models import load_catalogue, run_models

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("*.yaml"))


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["model"] == path.stem, f"{path.name} names model {data['model']}"
    return data


def _runs(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    runs = [({}, data.get("expect") or {})]
    for variant in data.get("variants", []):
        runs.append((variant.get("parameters", {}), variant.get("expect") or {}))
    return runs


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_model_cases(path: Path, load_rows: Any) -> None:
    data = _load(path)
    con = load_rows(data.get("tables", {}))
    as_of = data["as_of"] if isinstance(data["as_of"], date) else date.fromisoformat(data["as_of"])
    for parameters, expect in _runs(data):
        overrides = {data["model"]: parameters} if parameters else None
        catalogue = load_catalogue(overrides=overrides)
        [result] = run_models(con, catalogue, [data["model"]], as_of, SilentConsole())
        assert result.error is None, result.error
        hits = {h.key.record_id: h for h in result.hits}
        assert sorted(hits) == sorted(str(k) for k in expect), f"parameters {parameters}"
        assert len(result.hits) == len(hits), "one hit per anchor"
        for anchor, facts in expect.items():
            for name, value in (facts or {}).items():
                got = hits[str(anchor)].facts[name]
                want = value.isoformat() if isinstance(value, date) else value
                assert got == want, f"{anchor}.{name}: {got!r} != {want!r}"
        if not parameters:
            _check_evidence(data.get("evidence") or {}, hits)


def _check_evidence(expected: dict[str, list[str]], hits: dict[str, Any]) -> None:
    for anchor, rows in expected.items():
        got = {f"{e.table}:{e.record_id}" for e in hits[str(anchor)].evidence}
        assert got == set(rows), f"{anchor} evidence"


def test_every_model_has_cases() -> None:
    shipped = set(load_catalogue().models)
    covered = {p.stem for p in CASE_FILES}
    assert shipped - covered == set()
