"""The kinds of value a contract column holds (its ``type``)."""

from typing import Literal

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
