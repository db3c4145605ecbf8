"""Judgment rows that carry the 裁判文书全文: the parser fills the fields the export left empty.

An agency may export ``judgment`` rows with little more than ``record_id`` and ``full_text``.
Before validation, each such row's text is parsed and every empty field (decided_at, charge,
penalty, term_months, …) takes the parsed value; fields the export did give are kept. A text the
parser cannot read changes nothing (the row is then judged on what it has).
"""

from __future__ import annotations

import pyarrow as pa

from jiancha.ingest.normalise import q
from jiancha.ingest.parsers import ValueProblem
from jiancha.ingest.readers import cell_text
from jiancha.warehouse import Warehouse

FILLED = (
    "case_id", "court_code", "offense_at", "decided_at", "procedure", "defendant_name",
    "defendant_id_number", "charge", "penalty", "term_months", "probation_months", "fine_yuan",
    "amount_yuan", "circumstances",
)  # fmt: skip


def fill_from_full_text(wh: Warehouse) -> int:
    """Fill ``_raw``'s empty judgment fields from ``full_text``; the number of rows filled."""
    empty = " OR ".join(f"{q(c)} IS NULL" for c in FILLED)
    rows = wh.rows(
        "SELECT _row, full_text, defendant_name FROM _raw "
        f"WHERE full_text IS NOT NULL AND ({empty})"
    )
    parsed = [(r, _parsed_fields(str(text), name)) for r, text, name in rows]
    parsed = [(r, fields) for r, fields in parsed if fields]
    if not parsed:
        return 0
    table = pa.table(
        {"_row": [r for r, _ in parsed]}
        | {c: pa.array([f.get(c) for _, f in parsed], pa.string()) for c in FILLED}
    )
    _materialise_raw(wh)
    sets = ", ".join(f"{q(c)} = coalesce(_raw.{q(c)}, p.{q(c)})" for c in FILLED)
    with wh.registered("_parsed_text", table):  # on this cursor, where _raw lives
        wh.execute(f"UPDATE _raw SET {sets} FROM _parsed_text p WHERE _raw._row = p._row")
    return len(parsed)


def _materialise_raw(wh: Warehouse) -> None:
    """A CSV's ``_raw`` is a view over the rows as read; make it a table that can be updated."""
    kinds = wh.rows(
        "SELECT table_type FROM information_schema.tables "
        "WHERE table_catalog = 'temp' AND table_name = '_raw'"
    )
    if kinds and kinds[0][0] == "VIEW":
        wh.execute("CREATE TEMP TABLE _raw_filled AS SELECT * FROM _raw")
        wh.execute("DROP VIEW _raw")
        wh.execute("ALTER TABLE _raw_filled RENAME TO _raw")


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
