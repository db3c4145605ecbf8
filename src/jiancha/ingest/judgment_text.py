"""Judgment rows that carry the 裁判文书全文: the parser fills the fields the export left empty.

An agency may export ``judgment`` rows with little more than ``record_id`` and ``full_text``.
Before validation, each such row's text is parsed and every empty field (decided_at, charge,
penalty, term_months, …) takes the parsed value; fields the export did give are kept. A text the
parser cannot read changes nothing (the row is then judged on what it has).
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from jiancha.ingest.normalise import q
from jiancha.ingest.parsers import ValueProblem
from jiancha.ingest.readers import cell_text

FILLED = (
    "case_id", "court_code", "offense_at", "decided_at", "procedure", "defendant_name",
    "defendant_id_number", "charge", "penalty", "term_months", "probation_months", "fine_yuan",
    "amount_yuan", "circumstances",
)  # fmt: skip


def fill_from_full_text(con: duckdb.DuckDBPyConnection) -> int:
    """Fill ``_raw``'s empty judgment fields from ``full_text``; the number of rows filled."""
    empty = " OR ".join(f"{q(c)} IS NULL" for c in FILLED)
    rows = con.execute(
        "SELECT _row, full_text, defendant_name FROM _raw "
        f"WHERE full_text IS NOT NULL AND ({empty})"
    ).fetchall()
    parsed = [(r, _parsed_fields(str(text), name)) for r, text, name in rows]
    parsed = [(r, fields) for r, fields in parsed if fields]
    if not parsed:
        return 0
    table = pa.table(
        {"_row": [r for r, _ in parsed]}
        | {c: pa.array([f.get(c) for _, f in parsed], pa.string()) for c in FILLED}
    )
    _materialise_raw(con)
    con.register("_parsed_text", table)  # on this connection, where _raw lives
    try:
        sets = ", ".join(f"{q(c)} = coalesce(_raw.{q(c)}, p.{q(c)})" for c in FILLED)
        con.execute(f"UPDATE _raw SET {sets} FROM _parsed_text p WHERE _raw._row = p._row")
    finally:
        con.unregister("_parsed_text")
    return len(parsed)


def _materialise_raw(con: duckdb.DuckDBPyConnection) -> None:
    """A CSV's ``_raw`` is a view over the rows as read; make it a table that can be updated."""
    kinds = con.execute(
        "SELECT table_type FROM information_schema.tables "
        "WHERE table_catalog = 'temp' AND table_name = '_raw'"
    ).fetchall()  # read to the end: DuckDB refuses register() while a result is open
    if kinds and kinds[0][0] == "VIEW":
        con.execute("CREATE TEMP TABLE _raw_filled AS SELECT * FROM _raw")
        con.execute("DROP VIEW _raw")
        con.execute("ALTER TABLE _raw_filled RENAME TO _raw")


def _parsed_fields(text: str, defendant_name: str | None) -> dict[str, str | None]:
    """The row's fields as the parser reads its text: the named defendant, else the first."""
    from jiancha.text.judgment import parse_judgment, to_judgment_rows

    try:
        candidates = to_judgment_rows(parse_judgment(text))
    except ValueProblem:
        return {}
    if not candidates:
        return {}
    chosen = next(
        (c for c in candidates if defendant_name and c.get("defendant_name") == defendant_name),
        candidates[0],
    )
    return {c: cell_text(chosen.get(c)) for c in FILLED}
