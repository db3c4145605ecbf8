"""The warehouse's ``sentence_estimate``: each sentenced judgment's estimate, for the models.

Supervision models are SQL (they must run on Spark too), so what ``trial.sentence_outlier``
compares a term with is computed here and kept as data: one row per judgment with a term
(有期徒刑, 拘役, 管制), from the judgment's own facts (charge, amount, circumstances and, where
the row has it, the text of the judgment), without its similar cases, whose terms the peer
band already weighs. Kept in line with ``judgment`` by ``_row_hash``: a judgment estimated
once is estimated again only when its row changes, or when the model does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import duckdb

from jiancha.text.legal_dict import split_charges
from jiancha.text.sentencing import CaseFacts, SentenceEstimate, SentenceModel

__all__ = ["TABLE", "create_table", "sync_estimates"]

TABLE = "sentence_estimate"
COLUMNS = (
    ("judgment_id", "VARCHAR"),
    ("row_hash", "VARCHAR"),
    ("estimate_months", "DOUBLE"),
    ("low_months", "DOUBLE"),
    ("high_months", "DOUBLE"),
    ("settled", "BOOLEAN"),
    ("tier", "VARCHAR"),
    ("basis", "VARCHAR"),
    ("model", "VARCHAR"),
)
TERM_PENALTIES = ("fixed_term", "criminal_detention", "surveillance")
_BATCH = 5000


def create_table(con: duckdb.DuckDBPyConnection) -> None:
    """The table, empty, if the warehouse does not have it yet (or has it with other columns,
    from another version: estimates are derived, so they are made again)."""
    have = [
        r[0]
        for r in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
            "AND table_schema = current_schema() ORDER BY ordinal_position",
            [TABLE],
        ).fetchall()
    ]
    if have and have != [name for name, _ in COLUMNS]:
        con.execute(f"DROP TABLE {TABLE}")
    columns = ", ".join(f"{name} {kind}" for name, kind in COLUMNS)
    con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} ({columns})")


def _version(model: SentenceModel) -> str:
    return str(model.meta.get("data_sha256") or model.meta.get("cases") or "custom")


def sync_estimates(
    con: duckdb.DuckDBPyConnection, model: SentenceModel | None = None
) -> tuple[int, int]:
    """Bring ``sentence_estimate`` in line with ``judgment``: (estimated, removed)."""
    model = model or SentenceModel.load()
    create_table(con)
    if not _has_judgments(con):
        return 0, 0
    version = _version(model)
    penalties = ", ".join(f"'{p}'" for p in TERM_PENALTIES)
    removed = con.execute(
        f"DELETE FROM {TABLE} e WHERE model <> ? OR NOT EXISTS (SELECT 1 FROM judgment j "
        f"WHERE j.record_id = e.judgment_id AND j._row_hash = e.row_hash "
        f"AND j.penalty IN ({penalties}) AND j.term_months > 0) RETURNING judgment_id",
        [version],
    ).fetchall()
    estimated = 0
    reader = con.cursor()  # a cursor of its own: inserting on ``con`` would end its result
    for rows in _stale(reader, penalties):
        estimates = model.estimate_many([case_facts(r) for r in rows])
        values = [_values(r, e, version) for r, e in zip(rows, estimates, strict=True)]
        marks = ", ".join("?" for _ in COLUMNS)
        con.executemany(f"INSERT INTO {TABLE} VALUES ({marks})", values)
        estimated += len(values)
    reader.close()
    return estimated, len(removed)


def _has_judgments(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'judgment' "
        "AND table_schema = current_schema()"
    ).fetchone()
    return bool(found and found[0])


def _stale(con: duckdb.DuckDBPyConnection, penalties: str) -> Iterator[list[dict[str, Any]]]:
    """Batches of the sentenced judgments without an estimate."""
    cursor = con.execute(
        "SELECT j.record_id, j._row_hash, j.charge, j.amount_yuan, j.circumstances, j.full_text "
        f"FROM judgment j WHERE j.penalty IN ({penalties}) AND j.term_months > 0 "
        f"AND NOT EXISTS (SELECT 1 FROM {TABLE} e WHERE e.judgment_id = j.record_id) "
        "ORDER BY j.record_id"
    )
    names = [d[0] for d in cursor.description]
    while chunk := cursor.fetchmany(_BATCH):
        yield [dict(zip(names, row, strict=True)) for row in chunk]


def case_facts(row: Mapping[str, Any]) -> CaseFacts:
    """What the estimate reads of a judgment row: its text (if any), charges, amount and the
    circumstances the court found; no similar cases."""
    stated = row.get("circumstances")
    amount = row.get("amount_yuan")
    return CaseFacts(
        text=str(row.get("full_text") or ""),
        charges=tuple(sorted(split_charges(row.get("charge")))),
        amount_yuan=float(amount) if amount is not None else None,
        circumstances=frozenset(c for c in str(stated or "").split(";") if c),
    )


def _values(row: Mapping[str, Any], estimate: SentenceEstimate, version: str) -> tuple[Any, ...]:
    return (
        str(row["record_id"]),
        None if row.get("_row_hash") is None else str(row["_row_hash"]),
        round(estimate.months, 2),
        round(estimate.low_months, 2),
        round(estimate.high_months, 2),
        estimate.settled,
        estimate.tier,
        estimate.explanation(),
        version,
    )
