"""The Spark engine: the warehouse's Parquet export read by a SparkSession.

A province or the nation runs the models where its data centre already runs Spark. The
project's DuckDB warehouse stays the place records are imported into; ``jiancha export
--format parquet`` (:mod:`jiancha.warehouse.parquet`) copies it to files a cluster reads,
and this engine makes each exported table a temporary view of that name, so model SQL
(transpiled by sqlglot to Spark SQL) reads ``judgment`` as on DuckDB. It is read-only:
imports and linking write to DuckDB.

pyspark comes with the ``[spark]`` extra (``pip install 'jiancha[spark]'``) and needs Java
17; ``[spark] master`` names the cluster (``local[*]`` runs on this machine).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from jiancha.errors import WarehouseError
from jiancha.warehouse.engine import Params, Warehouse, first_line, unit_condition
from jiancha.warehouse.parquet import PARTITION, exported_tables

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import SparkSession

# Settings that make a cluster's answers the same as DuckDB's: dates and timestamps as
# written (no time zone shift), ANSI arithmetic, partition values read as text.
ENGINE_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    "spark.sql.parquet.int96RebaseModeInRead": "CORRECTED",
    "spark.sql.parquet.datetimeRebaseModeInRead": "CORRECTED",
}
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "2",
    "spark.driver.memory": "2g",
}


def spark_session(master: str = "local[2]", conf: dict[str, str] | None = None) -> SparkSession:
    """A SparkSession on ``master`` with jiancha's settings (the one of this process, if
    there is one already)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise WarehouseError(
            "未安装 Spark 支持：请运行 pip install 'jiancha[spark]'（需要 Java 17）"
        ) from None
    builder = SparkSession.builder.master(master).appName("jiancha")
    settings = {**(LOCAL_CONF if master.startswith("local") else {}), **ENGINE_CONF}
    for key, value in {**settings, **(conf or {})}.items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # the JVM did not start: no Java, a bad master …
        raise WarehouseError(f"无法启动 Spark（{master}）：{first_line(exc)}") from None
    session.sparkContext.setLogLevel("ERROR")
    # a failing model is reported in jiancha's words (its result's error), not as the JSON
    # log of pyspark's query-context logger on the terminal
    logging.getLogger("SQLQueryContextLogger").setLevel(logging.CRITICAL)
    return session


class SparkWarehouse(Warehouse):
    """The Parquet export of a warehouse, as temporary views of a SparkSession."""

    dialect: ClassVar[str] = "spark"
    reads_files = True

    def __init__(
        self, session: SparkSession, directory: Path | None, tables: Iterable[str] | None = None
    ) -> None:
        """``tables``: only these of the export (a run of a few models reads a few tables;
        each view costs Spark a listing of its folder)."""
        super().__init__(directory)
        self.session = session
        self._views: dict[str, list[str]] = {}
        # a table's folder, and its view with the partition column (for a unit slice)
        self._folders: dict[str, Path] = {}
        self._partitioned: dict[str, str] = {}
        self._owner = True
        wanted = None if tables is None else set(tables)
        if directory is not None:
            for table, columns in exported_tables(directory).items():
                if wanted is None or table in wanted:
                    self._attach(table, directory / table, columns)

    def _attach(self, table: str, folder: Path, columns: list[str]) -> None:
        frame = self.session.read.option("basePath", str(folder)).parquet(str(folder))
        frame = frame.drop(PARTITION).select(*columns)
        frame.createOrReplaceTempView(table)
        self._views[table] = columns
        self._folders[table] = folder

    def unit_slice(self, table: str, units: Sequence[str]) -> str:
        """Only the partitions of ``units`` (a unit code's first four digits) are read:
        Spark's plan shows them as PartitionFilters."""
        if table not in self._folders or not any(units):
            return super().unit_slice(table, units)
        view = self._partitioned.get(table)
        if view is None:
            view = f"{table}__by_unit"
            folder = str(self._folders[table])
            frame = self.session.read.option("basePath", folder).parquet(folder)
            frame.createOrReplaceTempView(view)
            self._partitioned[table] = view
        prefixes = sorted({u[:4] for u in units})
        parts = " OR ".join(
            f"substr({PARTITION}, 1, {len(p)}) = '{q}'"
            for p in prefixes
            if (q := p.replace("'", "''"))
        )
        columns = ", ".join(f'"{c}"' for c in self._views[table])
        return f'(SELECT {columns} FROM "{view}" WHERE ({parts}) AND {unit_condition(units)})'

    @classmethod
    def is_backend_error(cls, exc: BaseException) -> bool:
        try:
            from py4j.protocol import Py4JError
            from pyspark.errors import PySparkException
        except ImportError:
            return False
        return isinstance(exc, PySparkException | Py4JError)

    def _frame(self, sql: str, params: Params) -> Any:
        if params is None:
            return self.session.sql(sql)
        args = dict(params) if isinstance(params, dict) else list(params)
        return self.session.sql(sql, args=args)

    def _execute(self, sql: str, params: Params) -> None:
        self._frame(sql, params).collect()

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        for row in rows:
            self._execute(sql, row)

    def _rows(self, sql: str, params: Params) -> tuple[list[str], list[tuple[Any, ...]]]:
        frame = self._frame(sql, params)
        return list(frame.columns), [tuple(r) for r in frame.collect()]

    def _batches(
        self, sql: str, params: Params, size: int
    ) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
        frame = self._frame(sql, params)
        names = list(frame.columns)
        chunk: list[tuple[Any, ...]] = []
        for row in frame.toLocalIterator():
            chunk.append(tuple(row))
            if len(chunk) >= size:
                yield names, chunk
                chunk = []
        if chunk:
            yield names, chunk

    def _arrow(self, sql: str, params: Params) -> pa.Table:
        return self._frame(sql, params).toArrow()

    def _register(self, name: str, table: pa.Table) -> None:
        self.session.createDataFrame(table).createOrReplaceTempView(name)

    def _unregister(self, name: str) -> None:
        self.session.catalog.dropTempView(name)

    def _table_columns(self) -> dict[str, list[str]]:
        return {name: list(columns) for name, columns in self._views.items()}

    def _progress(self) -> float:
        return -1.0

    def cursor(self) -> SparkWarehouse:
        # one session serves every thread and its views are the session's: a cursor shares
        # them, and closing it leaves them
        other = SparkWarehouse(self.session, None)
        other._views, other._owner = self._views, False
        other._folders, other._partitioned = self._folders, self._partitioned
        return other

    def native(self) -> Any:
        return self.session

    def close(self) -> None:
        # the session outlives a warehouse (starting a JVM takes seconds): the process's end
        # stops it
        if not self._owner:
            return
        for name in [*self._views, *self._partitioned.values()]:
            self.session.catalog.dropTempView(name)
        self._views.clear()
        self._partitioned.clear()
