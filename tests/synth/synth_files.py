"""Reads a generated jurisdiction back with plain readers (csv, calamine, pyarrow, json),
independently of jiancha's importer, into typed rows for the tests' own oracle."""

from __future__ import annotations

import csv
import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import cn2an
import pyarrow.parquet as pq
from python_calamine import CalamineWorkbook

from jiancha.schema import contract

Row = dict[str, Any]


def raw_rows(out_dir: Path, entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of one manifest file as read, keyed by column name."""
    path = out_dir / entry["name"]
    table = contract().table(entry["table"])
    label_to_name = {c.label: c.name for c in table.columns}
    fmt = entry["format"]
    if fmt == "csv":
        with path.open(encoding=entry["encoding"], newline="") as fh:
            reader = csv.reader(fh)
            header = [label_to_name.get(h, h) for h in next(reader)]
            return [dict(zip(header, r, strict=True)) for r in reader]
    if fmt == "xlsx":
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        header = [label_to_name.get(str(h), str(h)) for h in sheet[0]]
        return [dict(zip(header, r, strict=True)) for r in sheet[1:]]
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def load(out_dir: Path) -> tuple[dict[str, Any], dict[str, list[Row]]]:
    manifest = json.loads((out_dir / "manifest.json").read_text("utf-8"))
    tables: dict[str, list[Row]] = {}
    for entry in manifest["files"]:
        if entry["table"]:
            tables.setdefault(entry["table"], []).extend(raw_rows(out_dir, entry))
    return manifest, tables


def typed(tables: dict[str, list[Row]]) -> dict[str, list[Row]]:
    """Parse values as the contract says; drop rows an importer would quarantine or dedupe."""
    out: dict[str, list[Row]] = {}
    for name, rows in tables.items():
        spec = contract().table(name)
        seen: set[str] = set()
        kept = []
        for raw in rows:
            row = {c.name: parse(c, raw.get(c.name)) for c in spec.columns}
            if not row["record_id"] or row["record_id"] in seen:
                continue
            if any(c.required and row[c.name] is None for c in spec.columns):
                continue
            seen.add(row["record_id"])
            kept.append(row)
        out[name] = kept
    return out


def parse(col: Any, value: Any) -> Any:
    if value is None or value == "":
        return None
    if col.type == "date":
        return parse_date(value)
    if col.type in ("amount", "number"):
        return parse_amount(value)
    if col.type == "integer":
        return int(float(value))
    if col.type == "bool":
        return value if isinstance(value, bool) else str(value) in ("true", "是", "1", "Y")
    if col.type in ("enum",):
        reverse = {label: code for code, label in col.allowed.items()}
        return reverse.get(str(value), str(value))
    if col.type == "id_number" and len(str(value)) == 15:
        from jiancha.synth.codes import id_check_digit

        body = str(value)[:6] + "19" + str(value)[6:]
        return body + id_check_digit(body)
    return str(value)


def parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    m = re.fullmatch(r"(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?", text) or re.fullmatch(
        r"(\d{4})(\d{2})(\d{2})", text
    )
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def parse_amount(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    text = str(value).replace(",", "").replace("人民币", "")
    if text.endswith("万元"):
        return float(text[:-2]) * 10000
    if text.endswith("元整"):
        return float(cn2an.cn2an(text[:-2], "smart"))
    return float(text)
