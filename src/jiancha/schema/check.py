"""Checking ``contract.yaml`` once: every key known, every type one of the contract's, every
enumeration defined. The checked contract is kept as JSON (:func:`jiancha.schema.load_contract`),
so this runs only when the YAML or this code changes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from jiancha.schema.types import ColumnType


class _Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    type: ColumnType
    required: bool = False
    enum: str | None = None
    values: dict[str, str] = Field(default_factory=dict)
    person: str | None = None
    org: str | None = None


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


def check_contract(raw: Any, common: list[dict[str, object]]) -> dict[str, dict[str, Any]]:
    """Table name → its label, description and checked columns (``common`` first, each
    enumeration's values filled in), as JSON-able values."""
    checked = _RawContract.model_validate(raw)
    tables: dict[str, dict[str, Any]] = {}
    for tname, tdef in checked.tables.items():
        columns = []
        for cdef in common + list(tdef["columns"]):  # type: ignore[call-overload]
            cdef = dict(cdef)
            if cdef.get("enum"):
                cdef["values"] = checked.enums[str(cdef["enum"])]
            columns.append(_Column.model_validate(cdef).model_dump())
        tables[tname] = {
            "label": str(tdef["label"]),
            "description": str(tdef.get("description", "")),
            "columns": columns,
        }
    return tables
