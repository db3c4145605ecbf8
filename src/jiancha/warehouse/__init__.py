"""The analytical warehouse: a DuckDB file holding the contract's tables.

One process writes at a time (DuckDB's rule); a second process that finds the file locked
gets a one-line :class:`~jiancha.errors.WarehouseError`, never a corrupted file.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from jiancha.errors import WarehouseError
from jiancha.schema import contract

META_DDL = [
    """CREATE TABLE IF NOT EXISTS _import_batch (
        batch_id INTEGER PRIMARY KEY,
        file VARCHAR NOT NULL,
        sheet VARCHAR,
        sha256 VARCHAR NOT NULL,
        table_name VARCHAR,
        format VARCHAR,
        encoding VARCHAR,
        imported_at TIMESTAMP NOT NULL,
        status VARCHAR NOT NULL,
        rows_read BIGINT DEFAULT 0,
        rows_stored BIGINT DEFAULT 0,
        rows_new BIGINT DEFAULT 0,
        rows_replaced BIGINT DEFAULT 0,
        rows_unchanged BIGINT DEFAULT 0,
        rows_quarantined BIGINT DEFAULT 0,
        rows_flagged BIGINT DEFAULT 0,
        note VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS _quarantine (
        batch_id INTEGER NOT NULL,
        file VARCHAR NOT NULL,
        sheet VARCHAR,
        "row" INTEGER,
        table_name VARCHAR,
        record_id VARCHAR,
        field VARCHAR,
        reason VARCHAR NOT NULL,
        raw VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS _replaced (
        batch_id INTEGER NOT NULL,
        table_name VARCHAR NOT NULL,
        record_id VARCHAR NOT NULL,
        old_batch_id INTEGER,
        old_row INTEGER
    )""",
]


@dataclass(frozen=True)
class TableCount:
    table: str
    label: str
    rows: int
    flagged: int


class Warehouse:
    """A DuckDB connection on the project's warehouse file, with the contract's tables."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None) -> None:
        self.con = con
        self.path = path

    @classmethod
    def open(
        cls,
        path: Path | None,
        *,
        threads: int = 2,
        memory_limit: str = "4GB",
        read_only: bool = False,
        lock_wait_seconds: float = 0,
    ) -> Warehouse:
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
                    time.sleep(0.5)
                    continue
                raise WarehouseError(_lock_message(path, exc)) from None
        store = cls(con, path)
        if not read_only:
            store.ensure_schema()
        return store

    def ensure_schema(self) -> None:
        for table in contract().tables.values():
            self.con.execute(table.ddl())
        for ddl in META_DDL:
            self.con.execute(ddl)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def counts(self) -> list[TableCount]:
        """Rows stored per contract table, and how many carry a flag (e.g. bad id check digit)."""
        out = []
        for table in contract().tables.values():
            rows, flagged = self.con.execute(
                f'SELECT count(*), count("_flags") FROM "{table.name}"'
            ).fetchone() or (0, 0)
            out.append(TableCount(table.name, table.label, int(rows), int(flagged)))
        return out

    def quarantine_counts(self) -> dict[str, int]:
        rows = self.con.execute(
            "SELECT table_name, count(*) FROM _quarantine GROUP BY table_name"
        ).fetchall()
        return {str(t): int(n) for t, n in rows}

    def batch_ids(self) -> tuple[int, ...]:
        rows = self.con.execute(
            "SELECT batch_id FROM _import_batch WHERE status = 'imported' ORDER BY batch_id"
        ).fetchall()
        return tuple(int(r[0]) for r in rows)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing on ``con`` (the warehouse's connection or one of its cursors)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _lock_message(path: Path | None, exc: Exception) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return f"数据仓库 {path} 正被另一个 jiancha 进程使用（如正在导入或运行模型），请稍后再试"
    return f"无法打开数据仓库 {path}：{text.splitlines()[0]}"
