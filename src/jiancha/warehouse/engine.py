"""The warehouse engine: the one seam every stage talks to the warehouse through.

A :class:`Warehouse` runs SQL written in its ``dialect`` and moves data in and out as
Arrow. DuckDB (:mod:`jiancha.warehouse.duckdb`) is the engine of a project folder; a Spark
engine plugs in beside it. The few abstract methods are what an engine must do; what they
share is here and ``@final`` — above all :meth:`Warehouse._run`, the one entry point of
every statement, which turns any error of the backend into a :class:`WarehouseError` that
names the statement's purpose (as Splink's ``DatabaseAPI`` does), so no engine error
reaches a user as an internal error.

What differs between engines is said by capability flags, never by isinstance checks: a
stage that needs something only some engines do (reading CSV files in SQL, temporary
tables, transactions) asks with :meth:`Warehouse.require` first.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, final

from jiancha.errors import WarehouseError
from jiancha.schema import contract
from jiancha.warehouse.derived import DERIVED_TABLES, DerivedTable

if TYPE_CHECKING:
    import pyarrow as pa

T = TypeVar("T")
Params = Sequence[Any] | Mapping[str, Any] | None

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
        raw VARCHAR,
        released BOOLEAN NOT NULL DEFAULT false
    )""",
    """CREATE TABLE IF NOT EXISTS _replaced (
        batch_id INTEGER NOT NULL,
        table_name VARCHAR NOT NULL,
        record_id VARCHAR NOT NULL,
        old_batch_id INTEGER,
        old_row INTEGER
    )""",
    # the --table and mapping a file was imported with (its identity, with the file's hash)
    "ALTER TABLE _import_batch ADD COLUMN IF NOT EXISTS settings VARCHAR",
]

# What META_DDL (and ensure_schema's ``released``) makes: (table, column or "")
META_COLUMNS = (
    *(
        (m.group(1), "")
        for d in META_DDL
        if (m := re.match(r"CREATE TABLE IF NOT EXISTS (\w+)", d))
    ),
    *(
        (m.group(1), m.group(2))
        for d in META_DDL
        if (m := re.match(r"ALTER TABLE (\w+) ADD COLUMN IF NOT EXISTS (\w+)", d))
    ),
    ("_quarantine", "released"),
)

CAPABILITIES = {
    "transactions": "事务（全部成功或全部撤销）",
    "temp_tables": "会话临时表",
    "reads_files": "直接读取 CSV、Parquet 文件",
    "reports_progress": "报告语句进度",
}


@dataclass(frozen=True)
class TableCount:
    table: str
    label: str
    rows: int
    flagged: int


class Warehouse(ABC):
    """A warehouse engine: the contract's tables, SQL in ``dialect``, Arrow in and out."""

    dialect: ClassVar[str]  # sqlglot's name of the SQL this engine runs
    # capabilities (see CAPABILITIES)
    transactions: ClassVar[bool] = False
    temp_tables: ClassVar[bool] = False
    reads_files: ClassVar[bool] = False
    reports_progress: ClassVar[bool] = False

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._purposes: list[str] = []

    # -- what an engine implements ----------------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Params) -> None: ...

    @abstractmethod
    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _rows(self, sql: str, params: Params) -> tuple[list[str], list[tuple[Any, ...]]]:
        """The column names and every row."""

    @abstractmethod
    def _batches(
        self, sql: str, params: Params, size: int
    ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
        """The column names and the rows, ``size`` rows at a time."""

    @abstractmethod
    def _arrow(self, sql: str, params: Params) -> pa.Table: ...

    @abstractmethod
    def _register(self, name: str, table: pa.Table) -> None: ...

    @abstractmethod
    def _unregister(self, name: str) -> None: ...

    @abstractmethod
    def _table_columns(self) -> dict[str, list[str]]:
        """The persistent tables (and views) of the warehouse and their columns, in order."""

    @abstractmethod
    def _progress(self) -> float:
        """How far the statement running now is, in percent (-1: none or unknown)."""

    @abstractmethod
    def cursor(self) -> Warehouse:
        """A second session on the same warehouse, for another thread or its own temporary
        tables; closing it leaves this one open."""

    @abstractmethod
    def native(self) -> Any:
        """The backend's own handle (a DuckDB connection, a SparkSession), for a library
        with its own adapter per engine (Splink); anything else uses the methods here."""

    @abstractmethod
    def close(self) -> None: ...

    @classmethod
    @abstractmethod
    def is_backend_error(cls, exc: BaseException) -> bool:
        """Whether ``exc`` is the backend's own error (the rest are bugs, raised as they are)."""

    def unit_slice(self, table: str, units: Sequence[str]) -> str:
        """The rows of ``table`` whose unit code starts with one of ``units``, as a
        parenthesised query in DuckDB SQL: a model evaluated for those units only reads its
        driving table so (jiancha.models.slicing). An engine reading partitioned files
        narrows the files it reads as well."""
        return f'(SELECT * FROM "{table}" WHERE {unit_condition(units)})'

    # -- the one entry point ----------------------------------------------------------

    @final
    def _run(self, sql: str, action: Callable[[], T], purpose: str | None) -> T:
        """Run ``action`` (a statement of ``sql``); a backend error becomes WarehouseError."""
        try:
            return action()
        except Exception as exc:
            if not self.is_backend_error(exc):
                raise
            what = purpose or (self._purposes[-1] if self._purposes else "查询")
            detail = first_line(exc)
            raise WarehouseError(f"数据仓库{what}失败：{detail}", detail, sql) from exc

    @final
    @contextmanager
    def purpose(self, text: str) -> Iterator[Warehouse]:
        """Name what the statements inside are for (the error of a failed one says it)."""
        self._purposes.append(text)
        try:
            yield self
        finally:
            self._purposes.pop()

    # -- statements ---------------------------------------------------------------------

    @final
    def execute(self, sql: str, params: Params = None, *, purpose: str | None = None) -> None:
        """Run a statement whose result is not needed (DDL, INSERT, UPDATE …)."""
        self._run(sql, lambda: self._execute(sql, params), purpose)

    @final
    def execute_many(
        self, sql: str, rows: Sequence[Sequence[Any]], *, purpose: str | None = None
    ) -> None:
        """Run one statement once per row of parameters."""
        self._run(sql, lambda: self._execute_many(sql, rows), purpose)

    @final
    def rows(
        self, sql: str, params: Params = None, *, purpose: str | None = None
    ) -> list[tuple[Any, ...]]:
        """Every row of a query, as tuples."""
        return self.table(sql, params, purpose=purpose)[1]

    @final
    def table(
        self, sql: str, params: Params = None, *, purpose: str | None = None
    ) -> tuple[list[str], list[tuple[Any, ...]]]:
        """The column names of a query and every row, as tuples."""
        return self._run(sql, lambda: self._rows(sql, params), purpose)

    @final
    def one(
        self, sql: str, params: Params = None, *, purpose: str | None = None
    ) -> tuple[Any, ...] | None:
        """The first row of a query of (at most) a few rows; None when it has none."""
        found = self.rows(sql, params, purpose=purpose)
        return found[0] if found else None

    @final
    def scalar(self, sql: str, params: Params = None, *, purpose: str | None = None) -> Any:
        """The first value of the first row (None when there is no row)."""
        row = self.one(sql, params, purpose=purpose)
        return row[0] if row else None

    @final
    def records(
        self, sql: str, params: Params = None, *, purpose: str | None = None
    ) -> list[dict[str, Any]]:
        """Every row of a query, as dicts by column name."""
        names, found = self.table(sql, params, purpose=purpose)
        return [dict(zip(names, row, strict=True)) for row in found]

    @final
    def stream(
        self, sql: str, params: Params = None, *, size: int = 5000, purpose: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """The rows of a query as dicts, read ``size`` at a time (for results too big to
        hold at once)."""
        batches = self._run(sql, lambda: self._batches(sql, params, size), purpose)
        while True:
            batch = self._run(sql, lambda: next(batches, None), purpose)
            if batch is None:
                return
            names, found = batch
            for row in found:
                yield dict(zip(names, row, strict=True))

    @final
    def arrow(self, sql: str, params: Params = None, *, purpose: str | None = None) -> pa.Table:
        """The result of a query as an Arrow table."""
        return self._run(sql, lambda: self._arrow(sql, params), purpose)

    @final
    def register_arrow(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable as ``name`` in this session (until unregistered)."""
        self._run(f"-- register {name}", lambda: self._register(name, table), None)

    @final
    def unregister(self, name: str) -> None:
        self._run(f"-- unregister {name}", lambda: self._unregister(name), None)

    @final
    @contextmanager
    def registered(self, name: str, table: pa.Table) -> Iterator[str]:
        """``table`` queryable as ``name`` inside the block."""
        self.register_arrow(name, table)
        try:
            yield name
        finally:
            self.unregister(name)

    @final
    def tables(self) -> set[str]:
        """The persistent tables and views of the warehouse."""
        return set(self.table_columns())

    @final
    def table_columns(self) -> dict[str, list[str]]:
        """Each persistent table's columns, in order."""
        return self._run("-- table columns", self._table_columns, "读取表结构")

    @final
    def progress(self) -> float:
        """How far the statement running meanwhile (in another thread) is, in percent."""
        return self._run("-- progress", self._progress, None)

    @final
    @contextmanager
    def transaction(self) -> Iterator[Warehouse]:
        """All or nothing, on an engine with transactions; elsewhere the block runs as it
        is (a stage that must be atomic asks ``require("transactions")`` first)."""
        if not self.transactions:
            yield self
            return
        self.execute("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self.execute("ROLLBACK")
            raise
        self.execute("COMMIT")

    @final
    def require(self, capability: str, purpose: str) -> None:
        """Refuse, in one line, a stage this engine cannot do."""
        if not getattr(self, capability, False):
            what = CAPABILITIES.get(capability, capability)
            raise WarehouseError(f"{self.dialect} 数据仓库不支持{what}，无法{purpose}")

    # -- what every engine shares -------------------------------------------------------

    def ensure_schema(self) -> None:
        """The contract's tables, the import bookkeeping and the derived tables, created
        where missing; a table made by an older version gains the contract's new columns."""
        have = self.table_columns()
        with self.purpose("建立数据表"):
            for table in contract().tables.values():
                self.execute(table.ddl())
                # a column the contract gained since the table was made: optional, so empty
                for column in table.columns:
                    if table.name in have and column.name not in have[table.name]:
                        self.execute(
                            f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" '
                            f"{column.sql_type}"
                        )
            for ddl in META_DDL:
                self.execute(ddl)
            if "released" not in have.get("_quarantine", ["released"]):
                self._add_released()
            self.ensure_derived(*DERIVED_TABLES.values())

    @final
    def schema_current(self) -> bool:
        """Whether :meth:`ensure_schema` would change nothing (asked of a read-only
        warehouse): every contract table with its columns, the bookkeeping tables with
        theirs, and the derived tables as this version makes them."""
        columns = self.table_columns()
        have = {name: set(found) for name, found in columns.items()}
        for table in contract().tables.values():
            if not set(table.column_names) <= have.get(table.name, set()):
                return False
        for name, column in META_COLUMNS:
            if name not in have or (column and column not in have[name]):
                return False
        return all(columns.get(t.name) == t.column_names for t in DERIVED_TABLES.values())

    def _add_released(self) -> None:
        """A quarantine kept by an older version gains ``released``, set as the rows'
        history says (all or nothing: a column without its values would count them all)."""
        with self.transaction():
            self.execute(
                "ALTER TABLE _quarantine ADD COLUMN released BOOLEAN NOT NULL DEFAULT false"
            )
            self.release_quarantine(0)

    @final
    def ensure_derived(self, *tables: DerivedTable) -> None:
        """Derived tables, created where missing; one with other columns (from another
        version of jiancha) is made again, empty: what it held is computed again."""
        have = self.table_columns()
        with self.purpose("建立派生数据表"):
            for table in tables:
                found = have.get(table.name)
                if found is not None and found != table.column_names:
                    self.execute(f'DROP TABLE "{table.name}"')
                self.execute(table.ddl())

    @final
    def counts(self) -> list[TableCount]:
        """Rows stored per contract table, and how many carry a flag (e.g. bad id check digit)."""
        tables = list(contract().tables.values())
        sql = " UNION ALL ".join(
            f'SELECT {n}, count(*), count("_flags") FROM "{t.name}"' for n, t in enumerate(tables)
        )
        found = {n: (rows, flagged) for n, rows, flagged in self.rows(sql, purpose="统计各表行数")}
        return [
            TableCount(t.name, t.label, int(found[n][0]), int(found[n][1]))
            for n, t in enumerate(tables)
        ]

    @final
    def quarantine_counts(self) -> dict[str, int]:
        """Rows now in quarantine per table: a row leaves it once a later import of the same
        file (and sheet) replaces that batch, or a later batch stores its record (marked by
        :meth:`release_quarantine` as each import commits)."""
        if "released" not in self.table_columns().get("_quarantine", []):
            return self.quarantine_counts_from_history()
        rows = self.rows(
            "SELECT table_name, count(*) FROM _quarantine WHERE NOT released GROUP BY ALL",
            purpose="统计隔离数据",
        )
        return {str(t): int(n) for t, n in rows}

    @final
    def release_quarantine(self, since: int, tables: Iterable[str] | None = None) -> None:
        """Mark released the quarantined rows that the import batches from ``since`` on
        took out of quarantine: a later import of the same file (and sheet) into the same
        table, or a later batch's record of the same table and record_id (``tables``: the
        tables those batches stored into; None: every table with quarantined rows).

        Every import calls this in its transaction, after storing and logging its batches;
        a record is only ever replaced by a later batch's, so a released row stays so."""
        with self.purpose("更新隔离数据"):
            self.execute(
                "UPDATE _quarantine q SET released = true WHERE NOT q.released AND EXISTS ("
                "SELECT 1 FROM _import_batch b WHERE b.batch_id >= ? AND b.status = 'imported' "
                "AND b.file = q.file AND b.sheet IS NOT DISTINCT FROM q.sheet "
                "AND b.table_name = q.table_name AND b.batch_id > q.batch_id)",
                [since],
            )
            if tables is None:
                found = self.rows("SELECT DISTINCT table_name FROM _quarantine WHERE NOT released")
                tables = [str(t) for (t,) in found]
            for table in tables:
                if table not in contract().tables:
                    continue
                self.execute(
                    "UPDATE _quarantine q SET released = true WHERE NOT q.released "
                    f'AND q.table_name = ? AND EXISTS (SELECT 1 FROM "{table}" s '
                    "WHERE s.record_id = q.record_id AND s._batch_id >= ? "
                    "AND s._batch_id > q.batch_id)",
                    [table, since],
                )

    @final
    def quarantine_counts_from_history(self) -> dict[str, int]:
        """:meth:`quarantine_counts` found from the batches and the tables' records, without
        ``released``: for a warehouse no write has brought to it yet (opened read-only),
        and to check it (it looks up every quarantined record in its table: 0.1 CPU-s on a
        city's warehouse)."""
        current = (
            "SELECT q.table_name, q.record_id, q.batch_id FROM _quarantine q WHERE NOT EXISTS ("
            "SELECT 1 FROM _import_batch b WHERE b.status = 'imported' AND b.file = q.file "
            "AND b.sheet IS NOT DISTINCT FROM q.sheet AND b.table_name = q.table_name "
            "AND b.batch_id > q.batch_id)"
        )
        tables = [
            str(t)
            for (t,) in self.rows("SELECT DISTINCT table_name FROM _quarantine")
            if str(t) in contract().tables
        ]
        later = " UNION ALL ".join(
            f"SELECT '{t}' AS table_name, record_id, _batch_id FROM \"{t}\" "
            f"WHERE record_id IN (SELECT record_id FROM current WHERE table_name = '{t}')"
            for t in tables
        )
        fixed = (
            f"AND NOT EXISTS (SELECT 1 FROM ({later}) s WHERE s.table_name = c.table_name "
            "AND s.record_id = c.record_id AND s._batch_id > c.batch_id)"
            if later
            else ""
        )
        rows = self.rows(
            f"WITH current AS ({current}) SELECT c.table_name, count(*) FROM current c "
            f"WHERE TRUE {fixed} GROUP BY c.table_name",
            purpose="统计隔离数据",
        )
        return {str(t): int(n) for t, n in rows}

    @final
    def batch_ids(self) -> tuple[int, ...]:
        rows = self.rows(
            "SELECT batch_id FROM _import_batch WHERE status = 'imported' ORDER BY batch_id",
            purpose="读取导入批次",
        )
        return tuple(int(r[0]) for r in rows)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def unit_condition(units: Sequence[str], column: str = "unit_code") -> str:
    """SQL true for a ``column`` starting with one of ``units``, as the casebook compares a
    hit's unit with a scope (DuckDB turns it into a range its scan skips blocks by)."""
    parts = [
        f"substr(\"{column}\", 1, {len(u)}) = '{quoted}'"
        for u in sorted({u for u in units if u})
        if (quoted := u.replace("'", "''"))
    ]
    return "(" + " OR ".join(parts) + ")" if parts else "FALSE"


def first_line(exc: BaseException) -> str:
    """An error's first line (its type's name when it says nothing)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
