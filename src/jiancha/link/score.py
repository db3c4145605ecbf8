"""Scoring candidate pairs with Splink (DuckDB backend), the only module that imports it.

Splink is handed the warehouse connection itself, so no data leaves DuckDB; the tables it
creates are dropped before returning, and its errors become :class:`LinkError`.
"""

from __future__ import annotations

from typing import Any

import duckdb

from jiancha.errors import LinkError
from jiancha.link.config import FIELD_LABELS, LinkConfig, settings
from jiancha.link.records import RECORDS

SCORED = "_link_scored"


def _splink() -> Any:
    try:
        import splink  # noqa: TID251 - the one lazy import of Splink
    except ImportError:
        raise LinkError("缺少概率链接组件 splink，请安装：pip install splink") from None
    return splink


def score_pairs(con: duckdb.DuckDBPyConnection, config: LinkConfig, records: int) -> int:
    """Scored pairs above ``config.reject`` into the temp table ``_link_scored``."""
    splink = _splink()
    # Splink's relation API refuses a connection with a half-read result: finish any
    con.execute("SELECT 1").fetchall()
    api = splink.DuckDBAPI(connection=con)
    linker = None
    try:
        frame = api.register(RECORDS)
        linker = splink.Linker(frame, settings(config, records), log_level=None)
        predictions = linker.inference.predict(
            threshold_match_probability=config.reject, warning_mode="never"
        )
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {SCORED} AS SELECT {_pair_columns()} "
            f"FROM {predictions.physical_name}"
        )
    except LinkError:
        raise
    except Exception as exc:  # Splink raises its own and DuckDB's errors
        raise LinkError(f"概率链接失败（Splink）：{_first_line(exc)}") from exc
    finally:
        if linker is not None:
            linker.table_management.delete_tables_created_by_splink_from_db()
    row = con.execute(f"SELECT count(*) FROM {SCORED}").fetchone()
    return int(row[0]) if row else 0


def _pair_columns() -> str:
    """Ordered uids, probability, total weight, and each field's match weight (log2 of its
    Bayes factor, the name's including its frequency adjustment)."""
    parts = [
        "least(unique_id_l, unique_id_r) AS uid_l",
        "greatest(unique_id_l, unique_id_r) AS uid_r",
        "match_probability",
        "match_weight",
    ]
    for field in FIELD_LABELS:
        tf = " + coalesce(mw_tf_adj_name, 0)" if field == "name" else ""
        parts.append(f"mw_{field}{tf} AS w_{field}")
    return ", ".join(parts)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
