"""Linked people as the workbench shows them: found by name or id number, and every record
of one person (the person page), both kept to the reader's units.

A person is seen by a user only through a record of the user's units: the search reads only
rows whose ``unit_code`` is in scope, and a person's page lists their in-scope rows plus
their rows of registries that belong to no unit (a death, a hospital stay), and nothing
when no row of theirs is in scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from jiancha.link.mentions import person_roles, q
from jiancha.warehouse import Warehouse

SEARCH_LIMIT = 30
RECORD_LIMIT = 500
_PERSON_MENTION = "person_mention"


@dataclass
class PersonHit:
    """A linked person a search found: what identifies them, and where they appear."""

    person_id: str
    name: str
    id_number: str | None = None
    birth_date: Any = None
    tables: list[str] = field(default_factory=list)  # table names, in order found
    records: int = 0


@dataclass(frozen=True)
class PersonRecord:
    """One row naming the person, with the role they have in it."""

    table: str
    record_id: str
    role: str
    unit_code: str | None
    values: dict[str, Any]
    name: str | None = None  # the person's name as this row gives it


def _scope_sql(units: Sequence[str] | None) -> tuple[str, list[str]]:
    if units is None:
        return "true", []
    if not units:
        return "false", []
    return "(" + " OR ".join("starts_with(unit_code, ?)" for _ in units) + ")", list(units)


def find_people(
    wh: Warehouse, text: str, units: Sequence[str] | None, limit: int = SEARCH_LIMIT
) -> list[PersonHit]:
    """People whose name is ``text`` (or starts with it) or whose id number is ``text``,
    from the rows of ``units`` (None: every row) that the link stage gave a person id."""
    needle = text.strip()
    if not needle:
        return []
    columns = wh.table_columns()
    scope, scope_params = _scope_sql(units)
    found: dict[str, PersonHit] = {}
    for role in person_roles():
        present = columns.get(role.table, [])
        name, number = role.columns.get("name"), role.columns.get("id_number")
        if role.person_id_column not in present or "unit_code" not in present or name is None:
            continue
        tests = [f"{q(name)} = ?", f"starts_with({q(name)}, ?)"]
        params: list[Any] = [needle, needle]
        if number is not None:
            tests.append(f"upper({q(number)}) = upper(?)")
            params.append(needle)
        birth = role.columns.get("birth_date")
        select = [q(role.person_id_column), q(name), q(number) if number else "NULL"]
        select.append(q(birth) if birth else "NULL")
        rows = wh.records(
            f"SELECT {', '.join(select)} FROM {q(role.table)} "
            f"WHERE {q(role.person_id_column)} IS NOT NULL AND ({' OR '.join(tests)}) "
            f"AND {scope} LIMIT {limit * 5}",
            params + scope_params,
            purpose="检索人员",
        )
        for row in rows:
            person_id, person_name, id_number, birth_date = row.values()
            hit = found.setdefault(str(person_id), PersonHit(str(person_id), str(person_name)))
            hit.id_number = hit.id_number or id_number
            hit.birth_date = hit.birth_date or birth_date
            hit.records += 1
            if role.table not in hit.tables:
                hit.tables.append(role.table)
    # an exact name or id number first, then by name
    return sorted(found.values(), key=lambda h: (h.name != needle, h.name, h.person_id))[:limit]


def person_records(
    wh: Warehouse, person_id: str, units: Sequence[str] | None
) -> list[PersonRecord]:
    """Every row the person is named in (see the module's rule for ``units``)."""
    if _PERSON_MENTION not in wh.tables():
        return []
    mentions = wh.records(
        f"SELECT table_name, record_id, role FROM {_PERSON_MENTION} WHERE person_id = ? "
        f"ORDER BY table_name, record_id LIMIT {RECORD_LIMIT}",
        [person_id],
        purpose="读取人员关联",
    )
    by_table: dict[str, dict[str, str]] = {}
    for mention in mentions:
        by_table.setdefault(mention["table_name"], {})[str(mention["record_id"])] = mention["role"]
    columns = wh.table_columns()
    names = {(r.table, r.role): r.columns.get("name") for r in person_roles()}
    records: list[PersonRecord] = []
    in_scope = False
    for table, roles in by_table.items():
        if table not in columns:
            continue
        marks = ", ".join("?" for _ in roles)
        rows = wh.records(
            f"SELECT * FROM {q(table)} WHERE record_id IN ({marks})",
            list(roles),
            purpose=f"读取 {table}",
        )
        has_unit = "unit_code" in columns[table]
        for row in rows:
            unit = row.get("unit_code") if has_unit else None
            if has_unit and not _within(unit, units):
                continue
            in_scope = in_scope or has_unit
            values = {k: v for k, v in row.items() if not k.startswith("_")}
            rid = str(row["record_id"])
            role = roles.get(rid, "")
            name = row.get(names.get((table, role)) or "")
            records.append(
                PersonRecord(table, rid, role, unit, values, str(name) if name else None)
            )
    return records if in_scope or units is None else []


def _within(unit: Any, units: Sequence[str] | None) -> bool:
    if units is None:
        return True
    return isinstance(unit, str) and any(unit.startswith(u) for u in units)
