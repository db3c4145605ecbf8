"""A model's hand-written cases, run as a unit: `jiancha models test` and the test suite.

One YAML file per model, ``<model_id>.yaml``, in a ``cases/`` folder: the shipped models'
in this package, a project's own in ``<project>/models/cases/``::

    model: custody.detention_overdue
    as_of: 2024-06-30
    tables: {coercive_measure: [{record_id: ..., ...}, ...]}
    expect: {anchor_id: {fact: value, ...}, ...}   # exactly these anchors hit
    evidence: {anchor_id: [table:record_id, ...]}  # optional: all evidence rows of a hit
    variants:                                      # optional: the same rows, other parameters
      - {parameters: {limit_days: 10}, expect: {...}}

A case is run on an in-memory warehouse holding every contract table (empty unless the case
gives rows) and the tables jiancha derives for the models, the working-day calendar filled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jiancha.errors import ModelError

if TYPE_CHECKING:
    from jiancha.models.catalogue import Catalogue
    from jiancha.models.hit import Hit

SHIPPED_CASES = Path(__file__).parent / "cases"

CatalogueFor = Callable[[Mapping[str, Mapping[str, Any]] | None], "Catalogue"]


@dataclass(frozen=True)
class ModelCase:
    """One model's case file: its rows, evaluation day and expected hits per parameters."""

    path: Path
    model_id: str
    as_of: date
    tables: dict[str, list[dict[str, Any]]]
    runs: list[tuple[dict[str, Any], dict[str, Any]]]  # (parameters, expected hits)
    evidence: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseOutcome:
    """What running one model's cases found: the runs made and the problems, in Chinese."""

    model_id: str
    path: Path
    runs: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def case_files(folders: Iterable[Path]) -> dict[str, Path]:
    """``model_id → case file`` of every ``*.yaml`` in ``folders`` (later folders win)."""
    found: dict[str, Path] = {}
    for folder in folders:
        if folder.is_dir():
            found.update({p.stem: p for p in sorted(folder.glob("*.yaml"))})
    return found


def load_case(path: Path) -> ModelCase:
    """Read a case file; ModelError names the file and what is wrong with it."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"{path}：无法读取模型测试用例（{exc}）") from exc
    if not isinstance(data, dict) or "model" not in data or "as_of" not in data:
        raise ModelError(f"{path}：模型测试用例须写明 model 和 as_of")
    if data["model"] != path.stem:
        raise ModelError(f"{path}：文件名应为模型编号，而文件写的是 {data['model']}")
    as_of = data["as_of"]
    if not isinstance(as_of, date):
        try:
            as_of = date.fromisoformat(str(as_of))
        except ValueError as exc:
            raise ModelError(f"{path}：as_of 不是日期（{as_of}）") from exc
    runs: list[tuple[dict[str, Any], dict[str, Any]]] = [({}, data.get("expect") or {})]
    for variant in data.get("variants") or []:
        runs.append((variant.get("parameters") or {}, variant.get("expect") or {}))
    return ModelCase(
        path, path.stem, as_of, data.get("tables") or {}, runs, data.get("evidence") or {}
    )


def check_case(case: ModelCase, catalogue_for: CatalogueFor) -> list[str]:
    """Run ``case`` on a fresh warehouse, every variant of parameters; the problems found
    (an empty list when every run hits exactly the expected anchors with the expected facts
    and evidence). ``catalogue_for(overrides)`` gives the catalogue with those parameters."""
    from jiancha.console import SilentConsole
    from jiancha.models.run import run_models
    from jiancha.warehouse.scratch import make_warehouse

    con = make_warehouse(case.tables)
    problems: list[str] = []
    try:
        for parameters, expect in case.runs:
            overrides = {case.model_id: parameters} if parameters else None
            where = f"（参数 {parameters}）" if parameters else ""
            [result] = run_models(
                con, catalogue_for(overrides), [case.model_id], case.as_of, SilentConsole()
            )
            if result.error is not None:
                problems.append(f"运行出错{where}：{result.error}")
                continue
            problems += [p + where for p in _compare(result.hits, expect)]
            if not parameters:
                problems += _check_evidence(case.evidence, result.hits)
    finally:
        con.close()
    return problems


def _compare(found: list[Hit], expect: Mapping[Any, Any]) -> list[str]:
    hits = {h.key.record_id: h for h in found}
    problems: list[str] = []
    if len(found) != len(hits):
        problems.append("同一锚点命中多次（应一个锚点一条命中）")
    wanted = sorted(str(k) for k in expect)
    if sorted(hits) != wanted:
        extra = sorted(set(hits) - set(wanted))
        missing = sorted(set(wanted) - set(hits))
        problems.append(f"命中与预期不符：多出 {extra or '无'}，缺少 {missing or '无'}")
    for anchor, facts in expect.items():
        hit = hits.get(str(anchor))
        if hit is None:
            continue
        for name, value in (facts or {}).items():
            got = hit.facts.get(name)
            want = value.isoformat() if isinstance(value, date) else value
            if got != want:
                problems.append(f"{anchor} 的 {name}：得到 {got!r}，预期 {want!r}")
    return problems


def _check_evidence(expected: Mapping[str, list[str]], found: list[Hit]) -> list[str]:
    hits = {h.key.record_id: h for h in found}
    problems = []
    for anchor, rows in expected.items():
        hit = hits.get(str(anchor))
        got = {f"{e.table}:{e.record_id}" for e in hit.evidence} if hit else set()
        if got != set(rows):
            problems.append(f"{anchor} 的证据记录：得到 {sorted(got)}，预期 {sorted(rows)}")
    return problems


def run_cases(
    model_ids: Iterable[str] | None,
    case_dirs: Iterable[Path],
    catalogue_for: CatalogueFor,
) -> list[CaseOutcome]:
    """The outcome of every chosen model's cases (every model of the catalogue when
    ``model_ids`` is None); a model without a case file is a problem, not a pass."""
    files = case_files(case_dirs)
    catalogue = catalogue_for(None)
    chosen = list(model_ids) if model_ids is not None else list(catalogue.models)
    outcomes = []
    for model_id in chosen:
        catalogue.get(model_id)  # ModelError for an unknown model
        path = files.get(model_id)
        if path is None:
            outcomes.append(CaseOutcome(model_id, Path(), 0, ["没有测试用例文件"]))
            continue
        case = load_case(path)
        outcomes.append(
            CaseOutcome(model_id, path, len(case.runs), check_case(case, catalogue_for))
        )
    return outcomes
