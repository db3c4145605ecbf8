"""The reads the façades ask of the warehouse, written once, for any engine.

``Project`` (quarantine, a judgment's text, the mentions a clue's links rest on) and
casework (agencies' rows for deadlines and the 案-件比, kept to a user's units) call these;
nothing above them writes SQL of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jiancha.warehouse.engine import Warehouse

# Tables whose rows are kept to a unit scope by a key, not one by one: a case counts for
# the unit it entered, but its later steps may be recorded by another unit (复议、抗诉…).
SCOPED_BY_KEY = {"procedural_event": "case_id"}


@dataclass(frozen=True)
class QuarantineRow:
    batch_id: int
    file: str
    sheet: str | None
    row: int | None
    table: str | None
    record_id: str | None
    field: str | None
    reason: str
    raw: str | None


def quarantine_rows(
    wh: Warehouse,
    *,
    table: str | None = None,
    file: str | None = None,
    limit: int = 100,
    batches: Sequence[int] | None = None,
) -> list[QuarantineRow]:
    """The rows import could not use, in file order; of one table, file or set of import
    batches when given."""
    sql = (
        'SELECT batch_id, file, sheet, "row", table_name, record_id, field, reason, raw '
        "FROM _quarantine WHERE 1=1"
    )
    params: list[Any] = []
    if batches is not None:
        sql += f" AND batch_id IN ({', '.join('?' * len(batches)) or 'NULL'})"
        params.extend(batches)
    if table:
        sql += " AND table_name = ?"
        params.append(table)
    if file:
        sql += " AND file = ?"
        params.append(file)
    sql += ' ORDER BY batch_id, "row" LIMIT ?'
    params.append(limit)
    return [QuarantineRow(*r) for r in wh.rows(sql, params, purpose="查询隔离数据")]


def judgment_text(wh: Warehouse, record_id: str) -> str | None:
    """A stored judgment's full text (None: no such judgment, or no text)."""
    value = wh.scalar(
        "SELECT full_text FROM judgment WHERE record_id = ?", [record_id], purpose="读取裁判文书"
    )
    return str(value) if value else None


def probabilistic_mentions(
    wh: Warehouse, evidence: Sequence[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """(table, record_id, role) of the people in ``evidence`` rows that linking joined by
    probability or by review, not by a valid id number."""
    if not evidence:
        return []
    pairs = ", ".join("(?, ?)" for _ in evidence)
    rows = wh.rows(
        "SELECT table_name, record_id, role FROM person_mention "
        "WHERE method IN ('probabilistic', 'review') AND (table_name, record_id) IN "
        f"(SELECT * FROM (VALUES {pairs}))",
        [value for pair in evidence for value in pair],
        purpose="查询人员关联依据",
    )
    return [(str(t), str(r), str(role)) for t, r, role in rows]


def scoped_rows(
    wh: Warehouse, tables: Sequence[str], units: Sequence[str] | None
) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``tables`` as dicts; a table the warehouse does not have is left out.

    ``units``: only rows whose ``unit_code`` starts with one of these prefixes are read
    (None: every row; empty: none); for a table of ``SCOPED_BY_KEY``, every row sharing its
    key with such a row."""
    present = wh.tables()
    found: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        if table in present:
            where, params = _unit_filter(table, units)
            found[table] = wh.records(
                f'SELECT * FROM "{table}"{where}', params, purpose=f"读取 {table}"
            )
    return found


def _unit_filter(table: str, units: Sequence[str] | None) -> tuple[str, list[str]]:
    """The WHERE clause and its parameters that keep ``table`` to ``units``."""
    if units is None:
        return "", []
    if not units:
        return " WHERE false", []
    # starts_with, not LIKE: a prefix needs no escaping
    test = " OR ".join("starts_with(unit_code, ?)" for _ in units)
    key = SCOPED_BY_KEY.get(table)
    if key is None:
        return f" WHERE {test}", list(units)
    return f' WHERE "{key}" IN (SELECT "{key}" FROM "{table}" WHERE {test})', list(units)


# Registries whose records the models match to people of any unit (a death, a hospital
# stay, a border crossing, a social-insurance contribution): a new batch of one can change a
# clue of every unit.
CROSS_UNIT_TABLES = (
    "death_record",
    "hospital_stay",
    "border_crossing",
    "employment_record",
    "benefit_payment",
)


def units_of_batches(wh: Warehouse, batches: Sequence[int]) -> tuple[str, ...] | None:
    """The unit codes of the records of import ``batches`` in every contract table; None
    when every unit must be evaluated: a record without a unit, or a batch of a registry
    matched across units (``CROSS_UNIT_TABLES``)."""
    from jiancha.schema import contract

    listed = ", ".join(str(int(b)) for b in batches)
    tables = {
        str(t)
        for (t,) in wh.rows(
            f"SELECT DISTINCT table_name FROM _import_batch WHERE batch_id IN ({listed})",
            purpose="读取变化的数据表",
        )
    }
    if tables & set(CROSS_UNIT_TABLES):
        return None
    parts = [
        f'SELECT DISTINCT NULLIF(TRIM("unit_code"), \'\') FROM "{t.name}" '
        f'WHERE "_batch_id" IN ({listed})'
        for t in contract().tables.values()
        if "unit_code" in t.column_names
    ]
    found = {row[0] for row in wh.rows(" UNION ".join(parts), purpose="读取变化的单位")}
    if None in found:
        return None
    return tuple(sorted(str(u) for u in found))
