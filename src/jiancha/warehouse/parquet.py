"""The warehouse as partitioned Parquet, for an engine that reads files (Spark).

``jiancha export --format parquet DIR`` writes one folder per table, partitioned by the
first four digits of ``unit_code`` (a city: ``DIR/<table>/unit_prefix=3506/…``), so a
cluster reads one city's rows without the others'. The export is incremental by import
batch: ``DIR/_manifest.json`` keeps, per table, the columns and the rows of each batch
written; a later export appends only the batches not written yet. A table whose columns
changed, or one of whose written batches lost or changed rows since (a re-import replaced
them, a record was deleted), is written again whole. Tables without import batches (those
the link and the sentence estimate derive) are written whole each time.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiancha.errors import JianchaError
from jiancha.warehouse.engine import Warehouse

PARTITION = "unit_prefix"
NO_UNIT = "none"  # the partition of rows without a unit code
MANIFEST = "_manifest.json"
# Import bookkeeping the models never read; and the row hash, an unsigned 64-bit integer
# that Spark has no type for.
SKIPPED_TABLES = ("_import_batch", "_quarantine", "_replaced")
SKIPPED_COLUMNS = ("_row_hash",)


@dataclass
class TableExport:
    table: str
    rows: int  # rows written by this export
    mode: str  # "appended", "rewritten", "unchanged"


@dataclass
class ParquetExport:
    directory: Path
    tables: list[TableExport] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


def export_parquet(wh: Warehouse, directory: Path) -> ParquetExport:
    """Write (or bring up to date) the Parquet copy of the warehouse ``wh`` in ``directory``."""
    if wh.dialect != "duckdb":
        raise JianchaError(f"只能从 DuckDB 数据仓库导出 Parquet（当前为 {wh.dialect}）")
    directory.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(directory)
    report = ParquetExport(directory)
    columns = wh.table_columns()
    with wh.purpose("导出 Parquet"):
        for table, names in sorted(columns.items()):
            if table in SKIPPED_TABLES or table.startswith("__"):
                continue
            kept = [c for c in names if c not in SKIPPED_COLUMNS]
            entry, done = _export_table(wh, directory, table, kept, manifest.get(table))
            manifest[table] = entry
            report.tables.append(done)
        for gone in set(manifest) - set(columns):
            shutil.rmtree(directory / gone, ignore_errors=True)
            del manifest[gone]
    (directory / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), "utf-8"
    )
    return report


def exported_tables(directory: Path) -> dict[str, list[str]]:
    """The tables of a Parquet export and their columns (without the partition column)."""
    manifest = _read_manifest(directory)
    return {table: list(entry["columns"]) for table, entry in manifest.items()}


def _export_table(
    wh: Warehouse, directory: Path, table: str, columns: list[str], before: dict[str, Any] | None
) -> tuple[dict[str, Any], TableExport]:
    batched = "_batch_id" in columns
    now = _batch_rows(wh, table) if batched else None
    entry: dict[str, Any] = {"columns": columns, "batches": now}
    folder = directory / table
    if before is not None and before.get("columns") == columns and now is not None:
        written: dict[str, int] = before.get("batches") or {}
        if all(now.get(b) == n for b, n in written.items()):
            new = sorted(int(b) for b in now if b not in written)
            if not new:
                return entry, TableExport(table, 0, "unchanged")
            rows = _write(wh, folder, table, columns, new)
            return entry, TableExport(table, rows, "appended")
    shutil.rmtree(folder, ignore_errors=True)
    rows = _write(wh, folder, table, columns, None)
    return entry, TableExport(table, rows, "rewritten")


def _batch_rows(wh: Warehouse, table: str) -> dict[str, int]:
    found = wh.rows(f'SELECT "_batch_id", count(*) FROM "{table}" GROUP BY 1')
    return {str(b): int(n) for b, n in found}


def _write(
    wh: Warehouse, folder: Path, table: str, columns: list[str], batches: list[int] | None
) -> int:
    """Write the rows of ``batches`` (all when None) under ``folder``; the row count."""
    selected = ", ".join(f'"{c}"' for c in columns)
    unit = (
        f"COALESCE(NULLIF(substr(\"unit_code\", 1, 4), ''), '{NO_UNIT}')"
        if "unit_code" in columns
        else f"'{NO_UNIT}'"
    )
    where = f' WHERE "_batch_id" IN ({", ".join(map(str, batches))})' if batches else ""
    query = f'SELECT {selected}, {unit} AS {PARTITION} FROM "{table}"{where}'
    rows = int(wh.scalar(f"SELECT count(*) FROM ({query})") or 0)
    folder.mkdir(parents=True, exist_ok=True)
    if rows:
        name = "part-{uuid}"
        wh.execute(
            f"COPY ({query}) TO '{_quoted(folder)}' (FORMAT PARQUET, PARTITION_BY ({PARTITION}),"
            f" APPEND, FILENAME_PATTERN '{name}')"
        )
    elif not any(folder.rglob("*.parquet")):
        # an empty table still has its columns: one file of no rows carries them
        empty = folder / f"{PARTITION}={NO_UNIT}"
        empty.mkdir(parents=True, exist_ok=True)
        wh.execute(
            f'COPY (SELECT {selected} FROM "{table}" LIMIT 0) TO '
            f"'{_quoted(empty / 'empty.parquet')}' (FORMAT PARQUET)"
        )
    return rows


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.exists():
        return {}
    try:
        found = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise JianchaError(
            f"{path}：Parquet 导出清单无法读取（{exc}）；删除该目录后重新导出"
        ) from None
    return found if isinstance(found, dict) else {}
