"""Organisations: one org_id per 统一社会信用代码, else per normalised name.

A mention without a code joins the organisation whose code-bearing mentions carry the same
normalised name, when exactly one such organisation exists; otherwise its name is its key.
"""

from __future__ import annotations

import pyarrow as pa

from jiancha.link import normalise as nz
from jiancha.link.mentions import collect_org_mentions
from jiancha.warehouse import Warehouse

ORG_MENTIONS = "_link_org_mention"


def link_orgs(wh: Warehouse, run_id: int) -> int:
    """Fill ``org_mention`` (replacing it) and ``link_org``; returns the number of orgs."""
    collect_org_mentions(wh, ORG_MENTIONS)
    names = [
        r[0] for r in wh.rows(f"SELECT DISTINCT name FROM {ORG_MENTIONS} WHERE name IS NOT NULL")
    ]
    normalised = pa.table(
        {
            "raw": pa.array(names, pa.string()),
            "n": pa.array([nz.normalise_org_name(n) for n in names], pa.string()),
        }
    )
    with wh.registered("_lk_org_name_arrow", normalised):  # one set-based insert
        wh.execute("CREATE OR REPLACE TEMP TABLE _lk_org_name AS SELECT * FROM _lk_org_name_arrow")
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE _lk_org_key AS
        WITH m AS (
            SELECT o.*, k.n AS name_n FROM {ORG_MENTIONS} o
            LEFT JOIN _lk_org_name k ON k.raw = o.name
        ), coded AS (
            SELECT name_n, any_value(org_code) AS org_code FROM m
            WHERE org_code IS NOT NULL AND name_n IS NOT NULL
            GROUP BY name_n HAVING count(DISTINCT org_code) = 1
        )
        SELECT m.table_name, m.record_id, m.role,
            CASE WHEN m.org_code IS NOT NULL THEN 'code:' || m.org_code
                 WHEN c.org_code IS NOT NULL THEN 'code:' || c.org_code
                 WHEN m.name_n IS NOT NULL THEN 'name:' || m.name_n END AS org_key,
            CASE WHEN m.org_code IS NOT NULL THEN 'code' ELSE 'name' END AS method
        FROM m LEFT JOIN coded c ON m.org_code IS NULL AND c.name_n = m.name_n"""
    )
    wh.execute(
        """INSERT INTO link_org
        SELECT 'O' || lpad(CAST(base + row_number() OVER (ORDER BY org_key) AS VARCHAR), 8, '0'),
            org_key, ?
        FROM (SELECT DISTINCT org_key FROM _lk_org_key WHERE org_key IS NOT NULL
              AND org_key NOT IN (SELECT org_key FROM link_org)),
            (SELECT coalesce(max(CAST(substr(org_id, 2) AS BIGINT)), 0) AS base FROM link_org)""",
        [run_id],
    )
    wh.execute("DELETE FROM org_mention")
    wh.execute(
        "INSERT INTO org_mention SELECT k.table_name, k.record_id, k.role, o.org_id, k.method, ? "
        "FROM _lk_org_key k JOIN link_org o USING (org_key)",
        [run_id],
    )
    for name in (ORG_MENTIONS, "_lk_org_name", "_lk_org_key"):
        wh.execute(f"DROP TABLE IF EXISTS temp.{name}")
    row = wh.one("SELECT count(DISTINCT org_id) FROM org_mention")
    return int(row[0]) if row else 0
