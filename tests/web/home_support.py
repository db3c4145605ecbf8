"""Helpers of the 我的工作, search and person-page tests: a linked person of a unit."""

from __future__ import annotations

from web_support import HOME, WebProject

from jiancha.link.mentions import person_roles, q

_FOUND: dict[tuple[int, str], tuple[str, str, str]] = {}


def person_of(web: WebProject, unit: str = HOME) -> tuple[str, str, str]:
    """A linked person named in a row of ``unit``: their person id, name and id number."""
    key = (id(web), unit)
    if key not in _FOUND:
        _FOUND[key] = _find_person(web, unit)
    return _FOUND[key]


def _find_person(web: WebProject, unit: str) -> tuple[str, str, str]:
    with web.project.warehouse(read_only=True) as wh:
        columns = wh.table_columns()
        for role in person_roles():
            present = columns.get(role.table, [])
            name, number = role.columns.get("name"), role.columns.get("id_number")
            if role.person_id_column not in present or "unit_code" not in present:
                continue
            if name is None or number is None:
                continue
            rows = wh.records(
                f"SELECT {q(role.person_id_column)} AS p, {q(name)} AS n, {q(number)} AS i "
                f"FROM {q(role.table)} WHERE starts_with(unit_code, ?) "
                f"AND {q(role.person_id_column)} IS NOT NULL AND {q(number)} IS NOT NULL "
                f"AND length({q(name)}) >= 2 ORDER BY 1 LIMIT 1",
                [unit],
            )
            if rows:
                return str(rows[0]["p"]), str(rows[0]["n"]), str(rows[0]["i"])
    raise AssertionError(f"the small project has no linked person in unit {unit}")
