"""The linker's frozen parameters: the prior and the names' term frequencies.

The m and u probabilities are fixed, reviewed values (:mod:`jiancha.link.config`); what
depends on the data is the prior (one over the number of compared records) and each name's
frequency (Splink's term-frequency adjustment of the exact-name level). Were they drawn
afresh on every run, a record pushed today would change the score of every pair of its
name, and no link could be made for new records alone. So the first link that has records
to compare *trains* them and stores them in the warehouse (``link_params``, ``link_tf_name``);
every later run, and the intake worker's linking of new records
(:mod:`jiancha.link.incremental`), scores with the stored ones, until ``jiancha link
--retrain`` draws them again. A pair's score is then a function of its two records alone.
A name the training did not see gets no frequency adjustment (the plain exact-name u).
"""

from __future__ import annotations

from dataclasses import dataclass

from jiancha.link.config import LinkConfig
from jiancha.warehouse import Warehouse

PARAMS = "link_params"
TF_NAME = "link_tf_name"  # name_s → tf_name_s, the shape Splink registers
DDL = (
    f"CREATE TABLE IF NOT EXISTS {PARAMS} (trained_run INTEGER, records BIGINT, prior DOUBLE)",
    f"CREATE TABLE IF NOT EXISTS {TF_NAME} (name_s VARCHAR, tf_name_s DOUBLE)",
)


@dataclass(frozen=True)
class Frozen:
    trained_run: int
    records: int  # the records compared when they were trained
    prior: float


def frozen(wh: Warehouse) -> Frozen | None:
    """The stored parameters, or None when no link has trained them yet."""
    if PARAMS not in wh.tables():
        return None
    row = wh.one(f"SELECT trained_run, records, prior FROM {PARAMS}")
    return Frozen(int(row[0]), int(row[1]), float(row[2])) if row else None


def prior(config: LinkConfig, params: Frozen) -> float:
    """The prior a run scores with: the configured one, else the trained one."""
    return config.prior if config.prior is not None else params.prior


def train(wh: Warehouse, records_table: str, tf_target: str) -> tuple[int, float]:
    """The parameters of the records in ``records_table`` (Splink's input): their number and
    the prior, one over it; each name's frequency, its share of the records with a name (as
    Splink computes it), into the temp table ``tf_target``. Stored by :func:`store`."""
    records = int(wh.scalar(f"SELECT count(*) FROM {records_table}") or 0)
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {tf_target} AS
        SELECT name_s, CAST(count(*) AS DOUBLE)
            / (SELECT count(name_s) FROM {records_table}) AS tf_name_s
        FROM {records_table} WHERE name_s IS NOT NULL GROUP BY name_s"""
    )
    return records, 1 / max(records, 2)


def store(wh: Warehouse, params: Frozen, tf_table: str) -> None:
    """``params`` and the frequencies in ``tf_table`` in place of any stored before."""
    ensure(wh)
    wh.execute(f"DELETE FROM {PARAMS}")
    wh.execute(
        f"INSERT INTO {PARAMS} VALUES (?, ?, ?)",
        [params.trained_run, params.records, params.prior],
    )
    wh.execute(f"DELETE FROM {TF_NAME}")
    wh.execute(f"INSERT INTO {TF_NAME} SELECT name_s, tf_name_s FROM {tf_table}")


def ensure(wh: Warehouse) -> None:
    for ddl in DDL:
        wh.execute(ddl)
