"""Per-table writers in the formats agencies really send: CSV (UTF-8 or GB18030, English or
Chinese headers), XLSX, Parquet and JSON lines. Which table gets which format is fixed.

Writers stream: a chunk's rows are appended and forgotten. A CSV that passes
``MAX_ROWS_PER_FILE`` rows is split into ``<table>-001.csv``, ``<table>-002.csv``, ….
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from jiancha.schema import contract
from jiancha.synth.world import Row

MAX_ROWS_PER_FILE = 1_000_000


@dataclass(frozen=True)
class FileFormat:
    format: str  # csv | xlsx | parquet | jsonl
    encoding: str = "utf-8"
    header: str = "en"  # en: column names; zh: Chinese labels


FORMATS: dict[str, FileFormat] = {
    "case_report": FileFormat("csv", "gb18030", "zh"),
    "civil_party": FileFormat("csv", "gb18030", "zh"),
    "petition": FileFormat("csv", "gb18030", "zh"),
    "community_correction": FileFormat("csv", "utf-8-sig", "en"),
    "execution_change": FileFormat("xlsx", "", "en"),
    "recommendation": FileFormat("xlsx", "", "zh"),
    "supervisory_transfer": FileFormat("xlsx", "", "en"),
    "judgment": FileFormat("parquet", "", "en"),
    "seized_property": FileFormat("jsonl", "utf-8", "en"),
}
DEFAULT_FORMAT = FileFormat("csv")

# Called with (table, record_id, field or "row:N", expected, unit_code) for every dirt mark.
DirtSink = Callable[[str, str, str, str, str], None]


def file_format(table: str) -> FileFormat:
    return FORMATS.get(table, DEFAULT_FORMAT)


def base_name(table: str) -> str:
    fmt = file_format(table)
    return contract().table(table).label if fmt.header == "zh" and fmt.format == "csv" else table


class TableWriter:
    """Streams one table's rows to its file(s)."""

    def __init__(self, out_dir: Path, table: str, created: datetime) -> None:
        self.table = table
        self.fmt = file_format(table)
        self.columns = contract().table(table).column_names
        spec = contract().table(table)
        self.header = (
            [spec.column(c).label for c in self.columns]
            if self.fmt.header == "zh"
            else self.columns
        )
        self.out_dir = out_dir
        self.created = created
        self.rows_written = 0
        self.files: list[Path] = []
        self._part = 0
        self._in_file = 0
        self._open()

    # -- lifecycle ------------------------------------------------------------------------
    def _path(self, part: int | None) -> Path:
        suffix = {"csv": "csv", "xlsx": "xlsx", "parquet": "parquet", "jsonl": "jsonl"}[
            self.fmt.format
        ]
        name = base_name(self.table) if part is None else f"{base_name(self.table)}-{part:03d}"
        return self.out_dir / f"{name}.{suffix}"

    def _open(self) -> None:
        path = self._path(None if self._part == 0 else self._part + 1)
        self.files.append(path)
        self._in_file = 0
        fmt = self.fmt.format
        if fmt == "csv":
            self._fh: Any = open(path, "w", encoding=self.fmt.encoding, newline="")  # noqa: SIM115
            self._csv = csv.writer(self._fh, lineterminator="\n")
            self._csv.writerow(self.header)
        elif fmt == "jsonl":
            self._fh = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        elif fmt == "xlsx":
            self._open_xlsx(path)
        else:
            self._parquet: Any = None

    def _open_xlsx(self, path: Path) -> None:
        import xlsxwriter

        self._book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self._book.set_properties({"created": self.created, "author": "jiancha"})
        self._sheet = self._book.add_worksheet(contract().table(self.table).label)
        self._date_fmt = self._book.add_format({"num_format": "yyyy-mm-dd"})
        for col, name in enumerate(self.header):
            self._sheet.write_string(0, col, name)

    def close(self) -> None:
        fmt = self.fmt.format
        if fmt in ("csv", "jsonl"):
            self._fh.close()
        elif fmt == "xlsx":
            self._book.close()
        elif self._parquet is not None:
            self._parquet.close()
        else:  # no rows at all: still an empty file with its columns
            self._write_parquet([])
            if self._parquet is not None:
                self._parquet.close()

    def _split(self) -> None:
        """Past the row limit: the first file becomes part 001 and a new part begins."""
        self._fh.close()
        if self._part == 0:
            first = self._path(1)
            self.files[0].rename(first)
            self.files[0] = first
        self._part += 1
        self._open()

    # -- rows -----------------------------------------------------------------------------
    def write(self, rows: list[Row], sink: DirtSink) -> None:
        fmt = self.fmt.format
        if fmt == "parquet":
            self._write_parquet(rows)
        for row in rows:
            if fmt == "csv":
                if self._in_file >= MAX_ROWS_PER_FILE:
                    self._split()
                self._csv.writerow([csv_value(row.get(c)) for c in self.columns])
            elif fmt == "jsonl":
                self._fh.write(
                    json.dumps(
                        {c: json_value(row.get(c)) for c in self.columns}, ensure_ascii=False
                    )
                    + "\n"
                )
            elif fmt == "xlsx":
                self._write_xlsx(self._in_file + 1, row)
            self._in_file += 1
            self.rows_written += 1
            for field, expected in row.get("_dirt", ()):  # type: ignore[attr-defined]
                where = (
                    f"row:{self._in_file + 1}"
                    if field == "row" and expected != "duplicate"
                    else field
                )
                where = "" if expected == "duplicate" else where
                sink(
                    self.table,
                    str(row["record_id"]),
                    where,
                    expected,
                    str(row.get("unit_code") or ""),
                )

    def _write_xlsx(self, r: int, row: Row) -> None:
        sheet = self._sheet
        for c, name in enumerate(self.columns):
            value = row.get(name)
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, date):
                sheet.write_datetime(
                    r, c, datetime(value.year, value.month, value.day), self._date_fmt
                )
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(value))

    def _write_parquet(self, rows: list[Row]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, pa.string()) for c in self.columns])
        data = {c: [none_or_text(r.get(c)) for r in rows] for c in self.columns}
        table = pa.Table.from_pydict(data, schema=schema)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(str(self.files[0]), schema, compression="zstd")
        if rows or self._parquet is not None:
            self._parquet.write_table(table)


def csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def none_or_text(value: object) -> str | None:
    return None if value is None else csv_value(value)


def json_value(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    return value
