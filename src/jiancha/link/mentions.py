"""Where people and organisations are mentioned: read from the contract, never listed by hand.

A person column carries ``person: <role>`` in contract.yaml; its name is ``<prefix><kind>``
with kind one of name, id_number, birth_date, gender, address, phone (``defendant_name`` →
prefix ``defendant_``). One table row holds one mention per role. The role's linked person
is written back beside the id number as ``<prefix>person_id``; an organisation role's
``<prefix>org_code`` gets ``<prefix>org_id``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from jiancha.ingest.sqlnorm import sql_id_number
from jiancha.schema import Table, contract
from jiancha.warehouse import Warehouse

PERSON_KINDS = ("id_number", "birth_date", "address", "gender", "phone", "name")
PARTY_TYPE_ENUM = "party_type"


def q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class PersonRole:
    """The columns of one person role of one table."""

    table: str
    role: str
    prefix: str
    columns: dict[str, str]  # kind → column name
    org_code: str | None  # the org column of the same role: the row may be an organisation
    party_type: str | None  # a 自然人/单位 column deciding which of the two the row is

    @property
    def person_id_column(self) -> str:
        return f"{self.prefix}person_id"


@dataclass(frozen=True)
class OrgRole:
    table: str
    role: str
    code_column: str
    name_column: str | None
    party_type: str | None

    @property
    def org_id_column(self) -> str:
        return self.code_column.removesuffix("org_code") + "org_id"


def _kind(column: str) -> tuple[str, str]:
    for kind in PERSON_KINDS:
        if column == kind or column.endswith("_" + kind):
            return column.removesuffix(kind), kind
    return column + "_", "name"


def _party_type_column(table: Table) -> str | None:
    return next((c.name for c in table.columns if c.enum == PARTY_TYPE_ENUM), None)


@cache
def person_roles() -> tuple[PersonRole, ...]:
    roles: list[PersonRole] = []
    for table in contract().tables.values():
        grouped: dict[str, dict[str, str]] = {}
        prefixes: dict[str, str] = {}
        for col in table.columns:
            if col.person:
                prefix, kind = _kind(col.name)
                grouped.setdefault(col.person, {})[kind] = col.name
                if kind == "id_number" or col.person not in prefixes:
                    prefixes[col.person] = prefix
        orgs = {c.org: c.name for c in table.columns if c.org}
        for role, columns in grouped.items():
            roles.append(
                PersonRole(
                    table.name,
                    role,
                    prefixes[role],
                    columns,
                    orgs.get(role),
                    _party_type_column(table),
                )
            )
    return tuple(roles)


@cache
def org_roles() -> tuple[OrgRole, ...]:
    roles: list[OrgRole] = []
    for table in contract().tables.values():
        names = {c.person: c.name for c in table.columns if c.person and _kind(c.name)[1] == "name"}
        for col in table.columns:
            if col.org:
                roles.append(
                    OrgRole(
                        table.name, col.org, col.name, names.get(col.org), _party_type_column(table)
                    )
                )
    return tuple(roles)


def id_column_map() -> dict[str, str]:
    """``<prefix>id_number`` / ``<prefix>org_code`` → the linked id column beside it."""
    out: dict[str, str] = {}
    for role in person_roles():
        if "id_number" in role.columns:
            out[role.columns["id_number"]] = role.person_id_column
    for org in org_roles():
        out[org.code_column] = org.org_id_column
    return out


def _is_org_sql(role: PersonRole) -> str:
    """True for a row of the role that names an organisation rather than a person."""
    tests = []
    if role.party_type:
        tests.append(f"t.{q(role.party_type)} = 'org'")
    if role.org_code:
        id_col = role.columns.get("id_number")
        no_id = f"t.{q(id_col)} IS NULL" if id_col else "TRUE"
        tests.append(f"(t.{q(role.org_code)} IS NOT NULL AND {no_id})")
    return "(" + " OR ".join(tests) + ")" if tests else "FALSE"


def _role_select(role: PersonRole, where: str = "TRUE") -> str:
    def col(kind: str) -> str:
        name = role.columns.get(kind)
        return f"t.{q(name)}" if name else "NULL"

    id_col = role.columns.get("id_number")
    value, status = sql_id_number(f"t.{q(id_col)}") if id_col else ("NULL", "NULL")
    present = " OR ".join(
        f"t.{q(role.columns[k])} IS NOT NULL" for k in ("name", "id_number") if k in role.columns
    )
    return (
        f"SELECT '{role.table}' AS table_name, t.record_id, '{role.role}' AS role, "
        f"CAST({col('name')} AS VARCHAR) AS name, "
        f"CASE WHEN {status} IN ('valid', 'upgraded') THEN {value} END AS valid_id, "
        f"CASE WHEN {status} NOT IN ('valid', 'upgraded') THEN CAST({col('id_number')} AS VARCHAR) "
        "END AS bad_id, "
        f"CAST({col('birth_date')} AS DATE) AS birth_date, "
        f"CAST({col('gender')} AS VARCHAR) AS gender, "
        f"CAST({col('address')} AS VARCHAR) AS address, "
        f"CAST({col('phone')} AS VARCHAR) AS phone "
        f"FROM {q(role.table)} t WHERE ({present}) AND NOT coalesce({_is_org_sql(role)}, FALSE) "
        f"AND {where}"
    )


def collect_person_mentions(
    wh: Warehouse, target: str, tables: Collection[str] | None = None, where: str = "TRUE"
) -> int:
    """Every person mention of the warehouse into the temp table ``target``; returns its size.
    ``tables`` and ``where`` (SQL over a row ``t``): only the mentions of those rows."""
    selects = [
        _role_select(role, where)
        for role in person_roles()
        if _has_name_or_id(role) and (tables is None or role.table in tables)
    ]
    if not selects:
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE {target} (table_name VARCHAR, record_id VARCHAR, "
            "role VARCHAR, name VARCHAR, valid_id VARCHAR, bad_id VARCHAR, birth_date DATE, "
            "gender VARCHAR, address VARCHAR, phone VARCHAR)"
        )
        return 0
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {target} AS " + " UNION ALL ".join(selects))
    row = wh.one(f"SELECT count(*) FROM {target}")
    return int(row[0]) if row else 0


def _has_name_or_id(role: PersonRole) -> bool:
    return "name" in role.columns or "id_number" in role.columns


def _org_select(org: OrgRole, where: str = "TRUE") -> str:
    name = f"t.{q(org.name_column)}" if org.name_column else "NULL"
    code = f"t.{q(org.code_column)}"
    is_org = f"t.{q(org.party_type)} = 'org'" if org.party_type else "FALSE"
    return (
        f"SELECT '{org.table}' AS table_name, t.record_id, '{org.role}' AS role, "
        f"NULLIF(TRIM({code}), '') AS org_code, CAST({name} AS VARCHAR) AS name "
        f"FROM {q(org.table)} t WHERE ({code} IS NOT NULL OR coalesce({is_org}, FALSE)) "
        f"AND {where}"
    )


def collect_org_mentions(
    wh: Warehouse, target: str, tables: Collection[str] | None = None, where: str = "TRUE"
) -> int:
    """Every organisation mention into the temp table ``target`` (of ``tables``' rows
    ``where`` only, when given); returns its size."""
    selects = [_org_select(o, where) for o in org_roles() if tables is None or o.table in tables]
    if not selects:
        wh.execute(
            f"CREATE OR REPLACE TEMP TABLE {target} (table_name VARCHAR, record_id VARCHAR, "
            "role VARCHAR, org_code VARCHAR, name VARCHAR)"
        )
        return 0
    wh.execute(f"CREATE OR REPLACE TEMP TABLE {target} AS " + " UNION ALL ".join(selects))
    row = wh.one(f"SELECT count(*) FROM {target}")
    return int(row[0]) if row else 0
