"""The data contract as one declarative definition (``contract.yaml``).

The same objects create the warehouse tables (:func:`Table.ddl`), drive import (header
lookup, value types, enumerations) and render the data dictionary (``jiancha docs``).

Nearly every command reads the contract. Parsing and checking the YAML (PyYAML and pydantic,
:mod:`jiancha.schema.check`) costs a start more than the command's own work, so the checked
contract is kept as JSON in the user's cache folder under a hash of the YAML and of the code
that checks it, and read back from there while both stay the same.
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jiancha.codehash import code_hash, keep_json
from jiancha.schema.types import ColumnType

SQL_TYPES: dict[str, str] = {
    "text": "VARCHAR",
    "code": "VARCHAR",
    "unit_code": "VARCHAR",
    "date": "DATE",
    "month": "VARCHAR",
    "amount": "DECIMAL(18,2)",
    "integer": "INTEGER",
    "number": "DOUBLE",
    "bool": "BOOLEAN",
    "enum": "VARCHAR",
    "enum_list": "VARCHAR",
    "id_number": "VARCHAR",
    "org_code": "VARCHAR",
    "gender": "VARCHAR",
}

GENDER_VALUES = {"M": "男", "F": "女"}

# Columns every table carries, ahead of its own.
COMMON_COLUMNS: list[dict[str, object]] = [
    {"name": "record_id", "label": "记录编号", "type": "code", "required": True},
    {"name": "source", "label": "来源系统", "type": "text"},
    {"name": "unit_code", "label": "单位代码", "type": "unit_code"},
]

# Provenance columns the warehouse adds to every stored row (not part of the contract).
PROVENANCE_COLUMNS: list[tuple[str, str]] = [
    ("_batch_id", "INTEGER"),
    ("_row", "INTEGER"),
    ("_row_hash", "UBIGINT"),
    ("_flags", "VARCHAR"),
]


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type: ColumnType
    required: bool = False
    enum: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    person: str | None = None
    org: str | None = None

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]

    @property
    def allowed(self) -> dict[str, str]:
        """Code → Chinese label of the values an enum, enum_list or gender column accepts."""
        return GENDER_VALUES if self.type == "gender" else self.values


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    description: str = ""
    columns: list[Column] = field(default_factory=list)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    def ddl(self, name: str | None = None) -> str:
        """CREATE TABLE statement for the warehouse, with the provenance columns."""
        cols = [f'"{c.name}" {c.sql_type}' for c in self.columns]
        cols += [f'"{n}" {t}' for n, t in PROVENANCE_COLUMNS]
        return (
            f'CREATE TABLE IF NOT EXISTS "{name or self.name}" (\n  ' + ",\n  ".join(cols) + "\n)"
        )

    def header_lookup(self) -> dict[str, str]:
        """Every accepted spelling of a header (English name, Chinese label) → column name."""
        lookup: dict[str, str] = {}
        for col in self.columns:
            for spelling in (col.name, col.label):
                lookup[normalise_header(spelling)] = col.name
        return lookup


@dataclass(frozen=True)
class Contract:
    tables: dict[str, Table]

    def table(self, name: str) -> Table:
        try:
            return self.tables[name]
        except KeyError:
            from jiancha.errors import ConfigError

            known = "、".join(self.tables)
            raise ConfigError(f"未知的数据表 “{name}”；可用的表：{known}") from None

    def table_by_label(self, text: str) -> Table | None:
        """The table whose English name or Chinese label is ``text`` (a file or sheet name)."""
        key = normalise_header(text)
        for table in self.tables.values():
            if key in (normalise_header(table.name), normalise_header(table.label)):
                return table
        return None


def normalise_header(text: str) -> str:
    """Header spelling used for lookup: no spaces, full-width brackets folded, lower case."""
    table = str.maketrans({"（": "(", "）": ")", "\u3000": " ", "：": ":"})
    return "".join(str(text).translate(table).split()).lower().lstrip("\ufeff")


def load_yaml(text: str) -> Any:
    """YAML as ``yaml.safe_load`` reads it, with libyaml's parser when PyYAML has it (ten
    times faster)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# the code that checks and builds it: a change to either makes a kept contract stale
CODE = (Path(__file__), Path(__file__).with_name("check.py"))
FORMAT = 1


@cache
def contract() -> Contract:
    """The data contract shipped with this version of jiancha."""
    text = resources.files("jiancha.schema").joinpath("contract.yaml").read_text("utf-8")
    return load_contract(text, cache_dir())


def cache_dir() -> Path | None:
    """Where the checked contract is kept: ``$JIANCHA_CACHE_DIR``, else the user's cache
    folder (``$XDG_CACHE_HOME/jiancha``, ``~/.cache/jiancha``); None when there is no home."""
    if named := os.environ.get("JIANCHA_CACHE_DIR"):
        return Path(named)
    if xdg := os.environ.get("XDG_CACHE_HOME"):
        return Path(xdg) / "jiancha"
    with suppress(RuntimeError, KeyError):
        return Path.home() / ".cache" / "jiancha"
    return None


def load_contract(text: str, folder: Path | None) -> Contract:
    """The contract ``text`` defines: read from ``folder`` if checked before, else checked
    now and kept there (a folder that cannot be written is no error: the next start checks
    again)."""
    digest = hashlib.sha256(code_hash(FORMAT, CODE).encode())
    digest.update(text.encode("utf-8"))
    key = digest.hexdigest()
    path = None if folder is None else folder / f"contract-{key[:32]}.json"
    if path is not None:
        with suppress(OSError, ValueError, TypeError, KeyError):
            return _from_json(json.loads(path.read_text(encoding="utf-8")), key)
    from jiancha.schema.check import check_contract

    tables = check_contract(load_yaml(text), COMMON_COLUMNS)
    if path is not None:
        keep_json(path, {"key": key, "tables": tables})
    return _from_json({"key": key, "tables": tables}, key)


def _from_json(data: dict[str, Any], key: str) -> Contract:
    if data["key"] != key:
        raise KeyError(key)
    return Contract(
        tables={
            name: Table(
                name=name,
                label=t["label"],
                description=t["description"],
                columns=[Column(**c) for c in t["columns"]],
            )
            for name, t in data["tables"].items()
        }
    )
