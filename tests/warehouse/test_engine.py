"""The warehouse engine interface: one entry point turns backend errors into WarehouseError
naming the purpose, capabilities are asked for, and DuckDB behaves behind it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa
import pytest

from jiancha.cli.main import run
from jiancha.errors import WarehouseError
from jiancha.project import Project
from jiancha.warehouse import Warehouse, as_warehouse, open_warehouse
from jiancha.warehouse.derived import SENTENCE_ESTIMATE
from jiancha.warehouse.engine import Params


class BackendFailure(Exception):
    """What the fake backend raises, as DuckDB raises duckdb.Error."""


class FakeEngine(Warehouse):
    """An engine with no capabilities whose every statement fails: the interface is small
    enough to implement in a test, as a Spark engine implements it."""

    dialect: ClassVar[str] = "fake"

    def __init__(self, error: Exception) -> None:
        super().__init__(None)
        self.error = error

    @classmethod
    def is_backend_error(cls, exc: BaseException) -> bool:
        return isinstance(exc, BackendFailure)

    def _fail(self, *_args: Any) -> Any:
        raise self.error

    def _execute(self, sql: str, params: Params) -> None:
        self._fail()

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._fail()

    def _rows(self, sql: str, params: Params) -> tuple[list[str], list[tuple[Any, ...]]]:
        return self._fail()  # type: ignore[no-any-return]

    def _batches(
        self, sql: str, params: Params, size: int
    ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
        yield self._fail()

    def _arrow(self, sql: str, params: Params) -> pa.Table:
        return self._fail()

    def _register(self, name: str, table: pa.Table) -> None:
        self._fail()

    def _unregister(self, name: str) -> None:
        self._fail()

    def _table_columns(self) -> dict[str, list[str]]:
        return self._fail()  # type: ignore[no-any-return]

    def _progress(self) -> float:
        return -1.0

    def cursor(self) -> Warehouse:
        return self

    def native(self) -> Any:
        return None

    def close(self) -> None:
        return None


def test_a_backend_error_names_the_purpose_given_or_around() -> None:
    engine = FakeEngine(BackendFailure("Catalog Error: no table x\nLINE 1: ..."))
    with pytest.raises(WarehouseError) as caught:
        engine.rows("SELECT * FROM x", purpose="查询隔离数据")
    assert str(caught.value) == "数据仓库查询隔离数据失败：Catalog Error: no table x"
    assert caught.value.detail == "Catalog Error: no table x"
    assert caught.value.sql == "SELECT * FROM x"
    with engine.purpose("人员关联"), pytest.raises(WarehouseError, match="^数据仓库人员关联失败"):
        engine.execute("UPDATE x SET y = 1")
    with pytest.raises(WarehouseError, match="^数据仓库查询失败"):
        list(engine.stream("SELECT 1"))


def test_a_bug_is_not_dressed_as_a_warehouse_error() -> None:
    engine = FakeEngine(TypeError("unsupported operand"))
    with pytest.raises(TypeError):
        engine.rows("SELECT 1")


def test_an_engine_refuses_what_it_cannot_do_in_one_line() -> None:
    engine = FakeEngine(BackendFailure("unused"))
    with pytest.raises(WarehouseError, match="^fake 数据仓库不支持直接读取 CSV、Parquet 文件，"):
        engine.require("reads_files", "导入数据")
    with engine.transaction():  # no transactions: the block simply runs
        pass


@pytest.fixture
def duck() -> Iterator[Warehouse]:
    wh = open_warehouse(None)
    yield wh
    wh.close()


def test_duckdb_rows_records_stream_and_arrow(duck: Warehouse) -> None:
    duck.execute("CREATE TABLE t (a INTEGER, b VARCHAR)")
    duck.execute_many("INSERT INTO t VALUES (?, ?)", [(i, f"v{i}") for i in range(7)])
    assert duck.dialect == "duckdb" and duck.reads_files and duck.transactions
    assert duck.rows("SELECT a FROM t WHERE a < ? ORDER BY a", [2]) == [(0,), (1,)]
    assert duck.one("SELECT count(*) FROM t") == (7,)
    assert duck.scalar("SELECT b FROM t WHERE a = 3") == "v3"
    assert duck.scalar("SELECT b FROM t WHERE a = 99") is None
    assert duck.records("SELECT a, b FROM t WHERE a = 5") == [{"a": 5, "b": "v5"}]
    assert [r["a"] for r in duck.stream("SELECT a FROM t ORDER BY a", size=3)] == list(range(7))
    assert duck.arrow("SELECT b FROM t ORDER BY a").column("b").to_pylist()[:2] == ["v0", "v1"]


def test_duckdb_arrow_in_tables_and_transactions(duck: Warehouse) -> None:
    with duck.registered("incoming", pa.table({"a": [1, 2, 3]})):
        duck.execute("CREATE TABLE kept AS SELECT * FROM incoming")
    duck.execute("CREATE TEMP TABLE scratch (a INTEGER)")
    assert "kept" in duck.tables() and "scratch" not in duck.tables()
    assert duck.table_columns()["kept"] == ["a"]
    with pytest.raises(ValueError), duck.transaction():
        duck.execute("DELETE FROM kept")
        raise ValueError("half way")
    assert duck.scalar("SELECT count(*) FROM kept") == 3  # rolled back
    with pytest.raises(WarehouseError, match="incoming"):
        duck.rows("SELECT * FROM incoming")  # unregistered after the block


def test_a_cursor_is_a_second_session(duck: Warehouse) -> None:
    cursor = duck.cursor()
    cursor.execute("CREATE TEMP TABLE mine AS SELECT 1 AS a")
    assert cursor.scalar("SELECT a FROM mine") == 1
    with pytest.raises(WarehouseError):
        duck.rows("SELECT * FROM mine")  # temporary tables belong to their session
    cursor.close()
    assert duck.scalar("SELECT 42") == 42


def test_a_raw_duckdb_connection_is_taken_as_a_warehouse() -> None:
    import duckdb

    con = duckdb.connect()
    wrapped = as_warehouse(con)
    assert wrapped.scalar("SELECT 7") == 7 and as_warehouse(wrapped) is wrapped
    con.close()


def test_no_duckdb_error_reaches_a_user_as_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = Project.init(tmp_path / "p")
    with project.warehouse() as wh:
        wh.execute("DROP TABLE _quarantine")
    assert run(["-C", str(project.root), "quarantine", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误: 数据仓库查询隔离数据失败：") and "内部错误" not in err
    assert err.count("\n") == 1


def test_a_warehouse_has_the_derived_tables_and_makes_an_old_one_again(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with open_warehouse(path) as wh:
        assert wh.table_columns()["sentence_estimate"] == SENTENCE_ESTIMATE.column_names
        wh.execute("INSERT INTO sentence_estimate (judgment_id) VALUES ('J1')")
    with open_warehouse(path) as wh:  # opened again: the same columns, the rows kept
        assert wh.scalar("SELECT count(*) FROM sentence_estimate") == 1
        wh.execute("DROP TABLE sentence_estimate")
        wh.execute("CREATE TABLE sentence_estimate (judgment_id VARCHAR, months DOUBLE)")
        wh.execute("INSERT INTO sentence_estimate VALUES ('J1', 10)")
    with open_warehouse(path) as wh:  # another version's: made again, empty
        assert wh.table_columns()["sentence_estimate"] == SENTENCE_ESTIMATE.column_names
        assert wh.scalar("SELECT count(*) FROM sentence_estimate") == 0


def test_an_older_table_gains_the_contracts_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "warehouse.duckdb"
    with open_warehouse(path) as wh:  # as an older jiancha made it: no judgment.confiscation
        wh.execute('ALTER TABLE judgment DROP COLUMN "confiscation"')
        wh.execute("INSERT INTO judgment (record_id, decided_at) VALUES ('PJ1', DATE '2024-01-01')")
        assert "confiscation" not in wh.table_columns()["judgment"]
    with open_warehouse(path) as wh:
        assert "confiscation" in wh.table_columns()["judgment"]
        assert wh.rows("SELECT record_id, confiscation FROM judgment") == [("PJ1", None)]
