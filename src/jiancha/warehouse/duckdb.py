"""The DuckDB engine: a project's warehouse file (or an in-memory one for tests).

One process writes at a time (DuckDB's rule); a second process that finds the file locked
gets a one-line :class:`~jiancha.errors.WarehouseError`, never a corrupted file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import duckdb

from jiancha.errors import WarehouseError
from jiancha.warehouse.engine import Params, Warehouse, first_line

if TYPE_CHECKING:
    import pyarrow as pa


class DuckDBWarehouse(Warehouse):
    """A DuckDB connection (or one of its cursors) on the warehouse."""

    dialect: ClassVar[str] = "duckdb"
    transactions: ClassVar[bool] = True
    temp_tables: ClassVar[bool] = True
    reads_files: ClassVar[bool] = True
    reports_progress: ClassVar[bool] = True

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None = None) -> None:
        super().__init__(path)
        # DuckDB's own connection: for tests and tools that speak DuckDB, never for stages
        self.con = con

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        threads: int = 2,
        memory_limit: str = "4GB",
        read_only: bool = False,
        lock_wait_seconds: float = 0,
    ) -> DuckDBWarehouse:
        """Open (creating if needed) the warehouse; ``None`` gives an in-memory one."""
        config: dict[str, str | bool | int | float | list[str]] = {
            "threads": threads,
            "memory_limit": memory_limit,
        }
        target = ":memory:" if path is None else str(path)
        deadline = time.monotonic() + lock_wait_seconds
        while True:
            try:
                con = duckdb.connect(target, read_only=read_only, config=config)
                break
            except duckdb.IOException as exc:
                if "lock" in str(exc).lower() and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                raise WarehouseError(_lock_message(path, exc)) from None
            except duckdb.Error as exc:
                raise WarehouseError(f"无法打开数据仓库 {path}：{first_line(exc)}") from None
        store = cls(con, path)
        if not read_only:
            store.ensure_schema()
        return store

    @classmethod
    def is_backend_error(cls, exc: BaseException) -> bool:
        return isinstance(exc, duckdb.Error)

    def _execute(self, sql: str, params: Params) -> None:
        self.con.execute(sql, params)

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.con.executemany(sql, rows)

    def _rows(self, sql: str, params: Params) -> tuple[list[str], list[tuple[Any, ...]]]:
        result = self.con.execute(sql, params)
        names = [d[0] for d in result.description or ()]
        return names, result.fetchall()

    def _batches(
        self, sql: str, params: Params, size: int
    ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
        result = self.con.execute(sql, params)
        names = [d[0] for d in result.description or ()]
        while chunk := result.fetchmany(size):
            yield names, chunk

    def _arrow(self, sql: str, params: Params) -> pa.Table:
        return self.con.sql(sql, params=params).to_arrow_table()

    def _register(self, name: str, table: pa.Table) -> None:
        # DuckDB refuses register() while a result is half read: finish any first
        self.con.execute("SELECT 1").fetchall()
        self.con.register(name, table)

    def _unregister(self, name: str) -> None:
        self.con.unregister(name)

    def _table_columns(self) -> dict[str, list[str]]:
        found = self.con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = current_schema() "
            "ORDER BY table_name, ordinal_position"
        ).fetchall()
        columns: dict[str, list[str]] = {}
        for table, column in found:
            columns.setdefault(str(table), []).append(str(column))
        return columns

    def _progress(self) -> float:
        return float(self.con.query_progress())

    def cursor(self) -> DuckDBWarehouse:
        return DuckDBWarehouse(self.con.cursor(), self.path)

    def native(self) -> duckdb.DuckDBPyConnection:
        return self.con

    def close(self) -> None:
        self.con.close()


def _lock_message(path: Path | None, exc: Exception) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return f"数据仓库 {path} 正被另一个 jiancha 进程使用（如正在导入或运行模型），请稍后再试"
    return f"无法打开数据仓库 {path}：{first_line(exc)}"
