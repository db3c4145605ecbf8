"""The link tables of the warehouse, and writing the linked ids back beside the raw ones."""

from __future__ import annotations

from collections.abc import Collection

from jiancha.link.mentions import org_roles, person_roles, q
from jiancha.warehouse import Warehouse

LINK_DDL = [
    """CREATE TABLE IF NOT EXISTS link_run (
        run_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
        mentions BIGINT, persons BIGINT, pairs BIGINT, review BIGINT, changes BIGINT,
        orgs BIGINT, rescored BOOLEAN, fingerprint VARCHAR, config VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS link_person (
        person_id VARCHAR PRIMARY KEY, anchor_id VARCHAR, created_run INTEGER)""",
    """CREATE TABLE IF NOT EXISTS person_mention (
        table_name VARCHAR, record_id VARCHAR, role VARCHAR, person_id VARCHAR,
        method VARCHAR, match_probability DOUBLE, uid VARCHAR, mention_hash VARCHAR,
        run_id INTEGER)""",
    """CREATE TABLE IF NOT EXISTS link_pair (
        uid_l VARCHAR, uid_r VARCHAR, match_probability DOUBLE, match_weight DOUBLE,
        w_name DOUBLE, w_birth_date DOUBLE, w_gender DOUBLE, w_id_number DOUBLE,
        w_address DOUBLE, w_phone DOUBLE, status VARCHAR, run_id INTEGER)""",
    """CREATE TABLE IF NOT EXISTS link_decision (
        uid_l VARCHAR, uid_r VARCHAR, match BOOLEAN, actor VARCHAR, reason VARCHAR,
        decided_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS link_change (
        run_id INTEGER, table_name VARCHAR, record_id VARCHAR, role VARCHAR,
        old_person_id VARCHAR, new_person_id VARCHAR, reason VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS link_org (
        org_id VARCHAR PRIMARY KEY, org_key VARCHAR, created_run INTEGER)""",
    """CREATE TABLE IF NOT EXISTS org_mention (
        table_name VARCHAR, record_id VARCHAR, role VARCHAR, org_id VARCHAR,
        method VARCHAR, run_id INTEGER)""",
    # the import batches whose mentions the link tables hold: linked by a run (how 'run'),
    # or assigned to known people by the intake worker (how 'assigned',
    # jiancha.link.incremental)
    """CREATE TABLE IF NOT EXISTS link_batch (
        batch_id INTEGER PRIMARY KEY, run_id INTEGER, how VARCHAR)""",
]


def ensure_link_tables(wh: Warehouse) -> None:
    for ddl in LINK_DDL:
        wh.execute(ddl)


def table_exists(wh: Warehouse, name: str) -> bool:
    return name in wh.tables()


def write_back(wh: Warehouse, tables: Collection[str] | None = None, where: str = "TRUE") -> None:
    """``<prefix>person_id`` and ``<prefix>org_id`` columns of the contract tables, refreshed;
    of ``tables``' rows ``where`` (SQL over a row ``t``) only, when given."""
    for role in person_roles():
        if tables is None or role.table in tables:
            _write_column(
                wh,
                role.table,
                role.role,
                role.person_id_column,
                "person_mention",
                "person_id",
                where,
            )
    for org in org_roles():
        if tables is None or org.table in tables:
            _write_column(
                wh, org.table, org.role, org.org_id_column, "org_mention", "org_id", where
            )


def _write_column(
    wh: Warehouse, table: str, role: str, column: str, source: str, value: str, where: str
) -> None:
    wh.execute(f"ALTER TABLE {q(table)} ADD COLUMN IF NOT EXISTS {q(column)} VARCHAR")
    wh.execute(
        f"UPDATE {q(table)} t SET {q(column)} = s.{value} FROM {source} s "
        "WHERE s.table_name = ? AND s.role = ? AND s.record_id = t.record_id "
        f"AND t.{q(column)} IS DISTINCT FROM s.{value} AND {where}",
        [table, role],
    )
    # a row that is no longer a mention of the role (e.g. now an organisation) loses its id
    wh.execute(
        f"UPDATE {q(table)} t SET {q(column)} = NULL WHERE t.{q(column)} IS NOT NULL "
        f"AND NOT EXISTS (SELECT 1 FROM {source} s WHERE s.table_name = ? AND s.role = ? "
        f"AND s.record_id = t.record_id) AND {where}",
        [table, role],
    )
