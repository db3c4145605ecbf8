"""The data contract as one declarative definition (``contract.yaml``).

The same objects create the warehouse tables (:func:`Table.ddl`), drive import (header
lookup, value types, enumerations) and render the data dictionary (``jiancha docs``).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

ColumnType = Literal[
    "text",
    "code",
    "unit_code",
    "date",
    "month",
    "amount",
    "integer",
    "number",
    "bool",
    "enum",
    "enum_list",
    "id_number",
    "org_code",
    "gender",
]

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


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    type: ColumnType
    required: bool = False
    enum: str | None = None
    values: dict[str, str] = Field(default_factory=dict)
    person: str | None = None
    org: str | None = None

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]

    @property
    def allowed(self) -> dict[str, str]:
        """Code → Chinese label of the values an enum, enum_list or gender column accepts."""
        return GENDER_VALUES if self.type == "gender" else self.values


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    description: str = ""
    columns: list[Column]

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


class Contract(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

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


class _RawContract(BaseModel):
    model_config = ConfigDict(extra="forbid")

    enums: dict[str, dict[str, str]]
    tables: dict[str, dict[str, object]]

    @model_validator(mode="after")
    def _enums_exist(self) -> _RawContract:
        for tname, tdef in self.tables.items():
            for col in tdef.get("columns", []):  # type: ignore[attr-defined]
                enum = col.get("enum")
                if enum and enum not in self.enums:
                    raise ValueError(f"{tname}.{col['name']}: unknown enum {enum}")
        return self


def normalise_header(text: str) -> str:
    """Header spelling used for lookup: no spaces, full-width brackets folded, lower case."""
    table = str.maketrans({"（": "(", "）": ")", "\u3000": " ", "：": ":"})
    return "".join(str(text).translate(table).split()).lower().lstrip("\ufeff")


def load_yaml(text: str) -> Any:
    """YAML as ``yaml.safe_load`` reads it, with libyaml's parser when PyYAML has it (ten
    times faster: the contract is read by nearly every command)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def contract() -> Contract:
    """The data contract shipped with this version of jiancha."""
    text = resources.files("jiancha.schema").joinpath("contract.yaml").read_text("utf-8")
    raw = _RawContract.model_validate(load_yaml(text))
    tables: dict[str, Table] = {}
    for tname, tdef in raw.tables.items():
        own = list(tdef["columns"])  # type: ignore[call-overload]
        columns = []
        for cdef in COMMON_COLUMNS + own:
            cdef = dict(cdef)
            if cdef.get("enum"):
                cdef["values"] = raw.enums[str(cdef["enum"])]
            columns.append(Column.model_validate(cdef))
        tables[tname] = Table(
            name=tname,
            label=str(tdef["label"]),
            description=str(tdef.get("description", "")),
            columns=columns,
        )
    return Contract(tables=tables)
