"""The YAML header of a model file, validated (``extra="forbid"``: a typo is an error).

A model file is SQL whose first token is a block comment holding this header::

    /*
    id: custody.bail_overdue
    version: 1
    title: 取保候审超期
    ...
    */
    SELECT ...
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Domain = Literal["filing", "custody", "trial", "execution", "civil", "pil", "management"]
ParamType = Literal["integer", "number", "string", "date", "list"]

# The evaluation date every model may use; a header may not declare it.
BUILTIN_PARAMETERS = ("as_of",)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ParameterSpec(_Strict):
    type: ParamType
    default: Any
    label: str
    unit: str | None = None
    min: float | None = None
    max: float | None = None


class LegalBasisSpec(_Strict):
    law: str
    article: str
    text: str | None = None


class ColumnRef(_Strict):
    """An output column holding record_ids (``;``-separated for several rows) of a table."""

    table: str
    column: str


class KeySpec(_Strict):
    """The anchor of a hit: a table and the output column with its record_id.

    ``table_column`` instead of ``table`` names an output column giving the table per row,
    for models anchored on one of two tables (execution.deceased_still_supervised).
    """

    column: str
    table: str | None = None
    table_column: str | None = None

    @model_validator(mode="after")
    def _one_table(self) -> KeySpec:
        if (self.table is None) == (self.table_column is None):
            raise ValueError("key 需要 table 或 table_column 二者之一")
        return self


class Header(_Strict):
    id: str = Field(pattern=r"^[a-z_]+\.[a-z0-9_]+$")
    version: int | str
    title: str
    domain: Domain
    description: str
    legal_basis: list[LegalBasisSpec] = Field(min_length=1)
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)
    subject: list[str] = Field(min_length=1)
    key: KeySpec
    evidence: list[ColumnRef] = Field(default_factory=list)
    facts: dict[str, str] = Field(default_factory=dict)
    unit: str | None = None
    # What the model does not flag, and why (the law's exceptions), in Chinese sentences: shown
    # with the model so that a prosecutor knows its limits.
    excludes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Header:
        if self.id.split(".", 1)[0] != self.domain:
            raise ValueError(f"id {self.id} 与 domain {self.domain} 不一致")
        for name in self.parameters:
            if name in BUILTIN_PARAMETERS:
                raise ValueError(f"参数名 {name} 是内置参数，不能在文件中声明")
        return self

    def output_columns(self) -> set[str]:
        """Every output column the header names (the SQL must return them)."""
        cols = {*self.subject, self.key.column, *self.facts}
        cols |= {e.column for e in self.evidence}
        if self.key.table_column:
            cols.add(self.key.table_column)
        if self.unit:
            cols.add(self.unit)
        return cols


def coerce_parameter(spec: ParameterSpec, value: Any) -> Any:
    """``value`` as the parameter's type, or ValueError with a Chinese reason."""
    value = _coerce_type(spec.type, value)
    if spec.type in ("integer", "number"):
        if spec.min is not None and value < spec.min:
            raise ValueError(f"不能小于 {_num(spec.min)}（当前为 {value}）")
        if spec.max is not None and value > spec.max:
            raise ValueError(f"不能大于 {_num(spec.max)}（当前为 {value}）")
    return value


def _coerce_type(kind: ParamType, value: Any) -> Any:
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"应为整数，得到 {value!r}")
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"应为数字，得到 {value!r}")
        return value
    if kind == "string":
        if not isinstance(value, str):
            raise ValueError(f"应为文本，得到 {value!r}")
        return value
    if kind == "date":
        return _as_date(value)
    if not isinstance(value, list) or not all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in value
    ):
        raise ValueError(f"应为文本或数字的列表，得到 {value!r}")
    if not value:
        raise ValueError("列表不能为空")
    return list(value)


def _as_date(value: Any) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"应为日期 YYYY-MM-DD，得到 {value!r}")


def _num(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)
