"""The records Splink compares, built from the collected mentions.

A person with a valid id number enters once per spelling of their name (a *profile*:
birth date and gender from the number, the address and phone seen with it); every mention
without a valid number enters on its own, with the birth date and gender its mistyped
number still tells. Pairs of two profiles are never scored: valid numbers are settled
deterministically, and two different valid numbers are two people.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pyarrow as pa

from jiancha.link import normalise as nz
from jiancha.warehouse import Warehouse

MENTIONS = "_link_mention"
ENRICHED = "_link_enriched"
RECORDS = "_link_record"
# the lookups enrich() makes (raw value → normalised attributes)
LOOKUPS = ("_lk_name", "_lk_address", "_lk_phone", "_lk_badid")


def _lookup(
    wh: Warehouse,
    name: str,
    values: Iterable[Any],
    fns: dict[str, Callable[[Any], Any]],
    types: dict[str, pa.DataType] | None = None,
) -> None:
    """A temp table ``name`` of raw value → normalised columns, computed once per distinct
    value; ``types``: the columns not text (an empty table has no values to tell)."""
    raw = [v for v in values if v is not None]
    columns: dict[str, list[Any]] = {"raw": raw}
    for column, fn in fns.items():
        columns[column] = [fn(v) for v in raw]
    # typed even when every value is None or there is none: a null-typed column would not
    # coalesce with the mentions' own dates
    arrow = pa.table(
        {k: pa.array(v, (types or {}).get(k, pa.string())) for k, v in columns.items()}
    )
    with wh.registered(f"{name}_arrow", arrow):
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")


def _distinct(wh: Warehouse, column: str) -> list[Any]:
    rows = wh.rows(f"SELECT DISTINCT {column} FROM {MENTIONS} WHERE {column} IS NOT NULL")
    return [r[0] for r in rows]


def _names(name: str) -> tuple[str | None, str | None]:
    simplified = nz.normalise_name(name)
    return simplified, nz.name_pinyin(simplified)


def enrich(wh: Warehouse) -> None:
    """Normalised attributes and a stable node id for every mention in ``_link_mention``."""
    names = _distinct(wh, "name")
    _lookup(
        wh,
        "_lk_name",
        names,
        {"name_s": lambda v: _names(v)[0], "name_py": lambda v: _names(v)[1]},
    )
    _lookup(wh, "_lk_address", _distinct(wh, "address"), {"n": nz.normalise_address})
    _lookup(wh, "_lk_phone", _distinct(wh, "phone"), {"n": nz.normalise_phone})
    _lookup(
        wh,
        "_lk_badid",
        _distinct(wh, "bad_id"),
        {
            "idn": lambda v: "".join(str(v).split()).upper() or None,
            "dob": nz.id_birth_date,
            "gender": nz.id_gender,
        },
        {"dob": pa.date32()},
    )
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {ENRICHED} AS
        SELECT m.table_name, m.record_id, m.role, m.name, m.valid_id, m.bad_id,
            CASE WHEN m.valid_id IS NOT NULL
                 THEN 'v:' || m.valid_id || ':' || coalesce(n.name_s, '')
                 ELSE 'm:' || m.table_name || ':' || m.record_id || ':' || m.role END AS uid,
            n.name_s, n.name_py,
            coalesce(m.birth_date, b.dob) AS dob,
            coalesce(CASE WHEN m.gender IN ('M', 'F') THEN m.gender END, b.gender) AS gender,
            coalesce(m.valid_id, b.idn) AS idn,
            a.n AS address_n, p.n AS phone_n,
            md5(concat_ws('|', m.name, m.valid_id, m.bad_id, m.birth_date, m.gender,
                m.address, m.phone)) AS mention_hash
        FROM {MENTIONS} m
        LEFT JOIN _lk_name n ON n.raw = m.name
        LEFT JOIN _lk_badid b ON b.raw = m.bad_id
        LEFT JOIN _lk_address a ON a.raw = m.address
        LEFT JOIN _lk_phone p ON p.raw = m.phone"""
    )


def build_records(wh: Warehouse, source: str = ENRICHED, target: str = RECORDS) -> int:
    """The Splink input ``_link_record``: profiles plus mentions without a valid id.

    ``source``: the enriched mentions (uid, valid_id, name_s, name_py, dob, gender, idn,
    address_n, phone_n) to build them of; ``target``: the temp table to build."""
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {target} AS
        WITH profile AS (
            SELECT uid AS unique_id, any_value(valid_id) AS anchor, any_value(name_s) AS name_s,
                any_value(name_py) AS name_py, any_value(idn) AS idn,
                max(address_n) AS address_n, max(phone_n) AS phone_n
            FROM {source} WHERE valid_id IS NOT NULL GROUP BY uid
        ), records AS (
            SELECT unique_id, anchor, name_s, name_py,
                TRY_CAST(substr(anchor, 7, 4) || '-' || substr(anchor, 11, 2) || '-'
                    || substr(anchor, 13, 2) AS DATE) AS dob,
                CASE WHEN CAST(substr(anchor, 17, 1) AS INTEGER) % 2 = 1 THEN 'M' ELSE 'F' END
                    AS gender,
                idn, address_n, phone_n
            FROM profile
            UNION ALL
            SELECT uid, NULL, name_s, name_py, dob, gender, idn, address_n, phone_n
            FROM {source} WHERE valid_id IS NULL
        )
        SELECT *, year(dob) AS dob_year,
            CASE WHEN length(idn) >= 15 THEN substr(idn, 1, 10) END AS id_head,
            CASE WHEN length(idn) >= 15 THEN substr(idn, 11, 8) END AS id_tail
        FROM records"""
    )
    row = wh.one(f"SELECT count(*) FROM {target}")
    return int(row[0]) if row else 0


def drop_temp(wh: Warehouse, names: Sequence[str]) -> None:
    """Drop the temp tables ``names`` of a link stage, then enrich()'s lookups."""
    for name in (*names, *LOOKUPS):
        wh.execute(f"DROP TABLE IF EXISTS temp.{name}")
