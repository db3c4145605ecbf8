"""Scoring candidate pairs with Splink, the only module that imports it.

Splink is handed the warehouse engine's own session through Splink's adapter for that
engine (DuckDB's connection; a SparkSession), so no data leaves the warehouse; the tables
it creates are dropped before returning, and its errors become :class:`LinkError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from jiancha.errors import LinkError
from jiancha.link.config import FIELD_LABELS, LinkConfig, settings
from jiancha.link.params import TF_NAME
from jiancha.link.records import RECORDS
from jiancha.warehouse import Warehouse

SCORED = "_link_scored"
T = TypeVar("T")


def _splink() -> Any:
    try:
        import splink  # noqa: TID251 - the one lazy import of Splink
    except ImportError:
        raise LinkError("缺少概率链接组件 splink，请安装：pip install splink") from None
    return splink


def score_pairs(
    wh: Warehouse,
    config: LinkConfig,
    prior: float,
    *,
    scorer: Warehouse | None = None,
    records: str = RECORDS,
    tf_table: str = TF_NAME,
    only_new: bool = False,
) -> int:
    """Scored pairs above ``config.reject`` into the temp table ``_link_scored``, with the
    prior ``prior`` and the names' frozen frequencies (:mod:`jiancha.link.params`).

    ``records``: the table of records to compare; ``only_new``: only the pairs with a side
    whose ``is_new`` column is true (the intake worker's new records; the rest are those
    the blocking rules pair them with).
    ``scorer``: another engine to score the pairs on (Spark, for a province): the records
    to compare go to it, Splink runs there with the same settings, blocking rules and
    thresholds through its adapter for that engine, and the scored pairs come back.
    """
    rules = settings(config, prior, only_new)
    if scorer is not None and scorer is not wh:
        scorer.register_arrow(RECORDS, wh.arrow(f"SELECT * FROM {records}"))
        scorer.register_arrow(TF_NAME, wh.arrow(f"SELECT * FROM {tf_table}"))
        try:
            pairs = _predict(
                scorer, rules, (RECORDS, TF_NAME), config.reject, lambda sql: scorer.arrow(sql)
            )
        finally:
            scorer.unregister(RECORDS)
            scorer.unregister(TF_NAME)
        with wh.registered("_link_scored_in", pairs):
            wh.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS SELECT * FROM _link_scored_in")
    else:
        _predict(
            wh,
            rules,
            (records, tf_table),
            config.reject,
            lambda sql: wh.execute(f"CREATE OR REPLACE TEMP TABLE {SCORED} AS {sql}"),
        )
    return int(wh.scalar(f"SELECT count(*) FROM {SCORED}") or 0)


def _predict(
    wh: Warehouse,
    rules: dict[str, Any],
    tables: tuple[str, str],
    threshold: float,
    keep: Callable[[str], T],
) -> T:
    """Splink's predictions on ``wh``'s engine, of the records and with the frequencies in
    ``tables``; ``keep`` is handed the query of the scored pairs (before Splink's own tables
    are dropped)."""
    records, tf_table = tables
    splink = _splink()
    api = _database_api(splink, wh)
    linker = None
    try:
        frame = api.register(records)
        linker = splink.Linker(frame, rules, log_level=None)
        # the frozen frequencies, not the records' own: a pair's score is its records'
        tf = api.register(tf_table)
        linker.table_management.register_term_frequency_lookup(tf, "name_s")
        predictions = linker.inference.predict(
            threshold_match_probability=threshold, warning_mode="never"
        )
        return keep(f"SELECT {_pair_columns()} FROM {predictions.physical_name}")
    except LinkError:
        raise
    except Exception as exc:  # Splink raises its own and the engine's errors
        raise LinkError(f"概率链接失败（Splink）：{_first_line(exc)}") from exc
    finally:
        if linker is not None:
            linker.table_management.delete_tables_created_by_splink_from_db()


def _database_api(splink: Any, wh: Warehouse) -> Any:
    """Splink's adapter for the warehouse's engine, on the engine's own session."""
    if wh.dialect == "duckdb":
        # Splink's relation API refuses a connection with a half-read result: finish any
        wh.rows("SELECT 1")
        return splink.DuckDBAPI(connection=wh.native())
    if wh.dialect == "spark":
        # lineage kept in the executors' memory: a checkpoint needs a shared folder the
        # cluster may not have
        return splink.SparkAPI(spark_session=wh.native(), break_lineage_method="persist")
    raise LinkError(f"概率链接不支持 {wh.dialect} 数据仓库")


def spark_jars() -> list[str]:
    """The jar of Splink's string-similarity functions, for a SparkSession that links."""
    try:
        from splink.backends.spark import similarity_jar_location  # noqa: TID251
    except ImportError:
        return []
    return [str(similarity_jar_location())]


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
