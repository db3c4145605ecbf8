"""The warehouse's sentence_estimate follows the judgment table, as the models read it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import pytest

from jiancha.console import Progress, SilentConsole
from jiancha.project import Project
from jiancha.schema import contract
from jiancha.text.estimates import TABLE, case_facts, estimates_in_line, sync_estimates
from jiancha.text.sentencing import SentenceModel
from jiancha.warehouse import as_warehouse
from jiancha.warehouse.derived import SENTENCE_ESTIMATE


class ProgressConsole(SilentConsole):
    """Keeps each progress bar's label, total and how far it was advanced."""

    def __init__(self) -> None:
        super().__init__()
        self.bars: list[tuple[str, int | None, int]] = []

    @contextmanager
    def progress(self, label: str, total: int | None = None) -> Iterator[Progress]:
        counter = Counter()
        yield counter
        self.bars.append((label, total, counter.done))


class Counter:
    def __init__(self) -> None:
        self.done = 0

    def advance(self, amount: int = 1) -> None:
        self.done += amount


def _warehouse() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(contract().table("judgment").ddl())
    return con


def _add(con: duckdb.DuckDBPyConnection, record_id: str, row_hash: int, **values: object) -> None:
    row = {"record_id": record_id, "_row_hash": row_hash, **values}
    cols = ", ".join(row)
    con.execute(
        f"INSERT INTO judgment ({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )


def _estimates(con: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    rows = con.execute(
        f"SELECT judgment_id, estimate_months, low_months, high_months, settled FROM {TABLE}"
    ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_sentenced_judgments_are_estimated_once_and_again_when_they_change() -> None:
    con = _warehouse()
    theft = {"charge": "盗窃罪", "penalty": "fixed_term", "amount_yuan": 120_000, "term_months": 40}
    _add(con, "J1", 1, **theft)
    _add(
        con,
        "J2",
        2,
        **{**theft, "amount_yuan": 3000, "term_months": 6, "circumstances": "surrender"},
    )
    _add(con, "L1", 3, charge="故意杀人罪", penalty="life")  # no term: nothing to estimate
    _add(con, "X1", 4, charge="盗窃罪", penalty="exempt")
    shown = ProgressConsole()
    assert sync_estimates(as_warehouse(con), console=shown) == (2, 0)
    assert shown.bars == [("量刑估计（2 份判决）", 2, 2)]  # label, total, advanced
    first = _estimates(con)
    assert set(first) == {"J1", "J2"}
    months, low, high, settled = first["J1"]
    assert 36 <= low <= months <= high and settled  # 十二万元: 数额巨大 in every province
    assert first["J2"][0] < 36
    assert sync_estimates(as_warehouse(con)) == (0, 0)  # nothing changed, nothing done
    con.execute("UPDATE judgment SET _row_hash = 9, amount_yuan = 500000 WHERE record_id = 'J1'")
    con.execute("DELETE FROM judgment WHERE record_id = 'J2'")
    assert sync_estimates(as_warehouse(con)) == (1, 2)  # J1 again (its old row and J2 removed)
    assert set(_estimates(con)) == {"J1"} and _estimates(con)["J1"][0] >= 120  # 特别巨大


def test_whether_the_estimates_are_in_line_is_asked_without_writing() -> None:
    con = _warehouse()
    wh = as_warehouse(con)
    assert not estimates_in_line(wh)  # no estimate table yet
    _add(con, "J1", 1, charge="盗窃罪", penalty="fixed_term", amount_yuan=5000, term_months=8)
    sync_estimates(wh)
    assert estimates_in_line(wh)
    _add(con, "J2", 2, charge="盗窃罪", penalty="fixed_term", amount_yuan=9000, term_months=10)
    assert not estimates_in_line(wh)  # a new sentenced judgment
    sync_estimates(wh)
    con.execute("UPDATE judgment SET _row_hash = 7 WHERE record_id = 'J1'")
    assert not estimates_in_line(wh)  # a changed one
    sync_estimates(wh)
    con.execute(f"UPDATE {TABLE} SET model = 'older' WHERE judgment_id = 'J2'")
    assert not estimates_in_line(wh)  # another model's estimate
    sync_estimates(wh)
    con.execute("DELETE FROM judgment WHERE record_id = 'J2'")
    assert not estimates_in_line(wh)  # an estimate of a judgment gone
    sync_estimates(wh)
    assert estimates_in_line(wh)


def test_an_estimate_table_of_another_version_is_made_again() -> None:
    con = _warehouse()
    con.execute(f"CREATE TABLE {TABLE} (judgment_id VARCHAR, estimate_months DOUBLE)")
    as_warehouse(con).ensure_derived(SENTENCE_ESTIMATE)
    columns = [r[0] for r in con.execute(f"DESCRIBE {TABLE}").fetchall()]
    assert "settled" in columns and "basis" in columns


def test_a_row_is_read_as_its_own_facts() -> None:
    facts = case_facts(
        {"charge": "盗窃罪;诈骗罪", "amount_yuan": 5000, "circumstances": "plea;surrender"}
    )
    assert facts.charges == ("盗窃", "诈骗") and facts.amount_yuan == 5000
    assert facts.circumstances == frozenset({"plea", "surrender"}) and facts.similar_terms == ()
    assert case_facts({"charge": "盗窃罪"}).circumstances == frozenset()  # none found is none


def test_nothing_to_estimate_loads_no_model(monkeypatch: pytest.MonkeyPatch) -> None:
    con = _warehouse()
    _add(con, "J1", 1, charge="盗窃罪", penalty="fixed_term", amount_yuan=5000, term_months=8)
    assert sync_estimates(as_warehouse(con)) == (1, 0)

    def refuse(*_args: object) -> None:
        raise AssertionError("the model was loaded with nothing to estimate")

    monkeypatch.setattr(SentenceModel, "load", refuse)
    assert sync_estimates(as_warehouse(con)) == (0, 0)
    con.execute("DELETE FROM judgment")
    assert sync_estimates(as_warehouse(con)) == (0, 1)  # removing needs no model either


def test_run_keeps_the_estimates_and_import_leaves_them_to_it(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    rows = tmp_path / "judgment.csv"
    rows.write_text(
        "record_id,decided_at,charge,penalty,term_months,amount_yuan\n"
        "J1,2024-01-10,盗窃罪,fixed_term,40,120000\n"
        "J2,2024-01-10,盗窃罪,exempt,,3000\n",
        "utf-8",
    )
    project.import_paths([rows])
    with project.warehouse(read_only=True) as wh:  # the import pays nothing for them
        assert wh.scalar(f"SELECT count(*) FROM {TABLE}") == 0
    # ... but the table is there, so the model's preflight finds what it reads
    (check,) = [c for c in project.check_models() if c.model_id == "trial.sentence_outlier"]
    assert not [p for p in check.problems if TABLE in p], check.problems
    project.run(["trial.sentence_outlier"], as_of=date(2024, 6, 30))
    with project.warehouse(read_only=True) as wh:
        assert wh.rows(f"SELECT judgment_id FROM {TABLE}") == [("J1",)]
        version = wh.scalar(f"SELECT model FROM {TABLE}")
    assert version == SentenceModel.load().meta["data_sha256"]
    rows.write_text(
        "record_id,decided_at,charge,penalty,term_months,amount_yuan\n"
        "J1,2024-01-10,盗窃罪,fixed_term,40,120000\n"
        "J3,2024-02-10,盗窃罪,fixed_term,8,5000\n",
        "utf-8",
    )
    project.import_paths([rows])
    project.run(["trial.sentence_outlier"], as_of=date(2024, 6, 30))
    with project.warehouse(read_only=True) as wh:  # the new judgment estimated before the run
        found = wh.rows(f"SELECT judgment_id FROM {TABLE} ORDER BY 1")
    assert ("J3",) in found
