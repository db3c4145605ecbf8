"""warehouse stage: the analytical store of the contract's tables, behind one engine interface.

    Warehouse                 the engine interface (warehouse.engine): SQL in, rows and Arrow out
    open_warehouse(path, …)   a project's warehouse (DuckDB, warehouse.duckdb)
    as_warehouse(store)       a Warehouse, or a raw DuckDB connection wrapped as one
    queries                   the reads the façades ask of it (quarantine, scoped rows, …)
    derived                   the tables computed for the models (sentence_estimate)

Stages take a :class:`Warehouse`, never an engine's own connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from jiancha.warehouse.engine import TableCount, Warehouse

if TYPE_CHECKING:
    import duckdb

    # what the models' and linking's read functions take: their own tests hand in an
    # in-memory DuckDB connection
    WarehouseLike: TypeAlias = Warehouse | duckdb.DuckDBPyConnection

__all__ = ["TableCount", "Warehouse", "as_warehouse", "open_warehouse"]


def open_warehouse(
    path: Path | None,
    *,
    threads: int = 2,
    memory_limit: str = "4GB",
    read_only: bool = False,
    lock_wait_seconds: float = 0,
) -> Warehouse:
    """Open (creating if needed) the warehouse at ``path``; ``None`` gives an in-memory one."""
    from jiancha.warehouse.duckdb import DuckDBWarehouse

    return DuckDBWarehouse.open(
        path,
        threads=threads,
        memory_limit=memory_limit,
        read_only=read_only,
        lock_wait_seconds=lock_wait_seconds,
    )


def as_warehouse(store: Warehouse | Any) -> Warehouse:
    """``store`` if it is a Warehouse, else a DuckDB connection wrapped as one."""
    if isinstance(store, Warehouse):
        return store
    from jiancha.warehouse.duckdb import DuckDBWarehouse

    return DuckDBWarehouse(store)
