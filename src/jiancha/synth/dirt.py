"""Dirt, as real exports have it, each piece listed for ground_truth.csv.

Dirt never touches a row that carries planted evidence or identity noise. Dirt that removes
a row from use (quarantine) or changes whose row an id points at (a bad check digit) only
goes on tables where losing a clean row cannot create or hide an anomaly: reports,
petitions and the registers of the general population.
"""

from __future__ import annotations

import random
from datetime import date

import cn2an

from jiancha.schema import contract
from jiancha.synth.codes import legacy_id, wrong_check_digit
from jiancha.synth.world import Row, World

RATE = 0.003
BAD_DATES = ("2023-02-30", "2023/13/01", "不详")

# kind → table → fields it may touch
QUARANTINE_DATE: dict[str, str] = {
    "case_report": "received_at",
    "petition": "received_at",
    "death_record": "died_at",
    "border_crossing": "crossed_at",
}
MISSING_ID_TABLES: tuple[str, ...] = ("case_report", "petition", "death_record")
ID_FIELDS: dict[str, str] = {
    "case_report": "reporter_id_number",
    "petition": "petitioner_id_number",
    "death_record": "id_number",
    "border_crossing": "id_number",
    "employment_record": "id_number",
}
DUPLICATE_TABLES: tuple[str, ...] = (
    "case_report",
    "coercive_measure",
    "civil_party",
    "admin_penalty",
    "hospital_stay",
    "border_crossing",
    "employment_record",
)
NORMALISE_FIELDS: dict[str, tuple[str, ...]] = {
    "case_report": ("received_at", "amount_yuan", "decision", "case_kind"),
    "coercive_measure": ("start_at", "measure", "extended_30_days"),
    "admin_penalty": ("decided_at", "penalty_yuan", "field"),
    "civil_case": ("filed_at", "claim_yuan", "closing"),
    "judgment": ("decided_at", "fine_yuan", "procedure"),
    "recommendation": ("urgent", "rectified"),
    "hospital_stay": ("admitted_at",),
    "petition": ("received_at",),
}

Dirt = tuple[str, str]  # (field, expected)


def sprinkle(world: World, rng: random.Random) -> None:
    """Make each kind of dirt at least once, then more at about ``RATE`` per row."""
    dirty: set[int] = set()
    for table, rows in world.rows.items():
        for kind in _kinds_for(table):
            candidates = _free_rows(world, table, rows, dirty)
            count = max(1, int(len(rows) * RATE / 4))
            for row in rng.sample(candidates, min(count, len(candidates))):
                if _apply(kind, table, row, rng):
                    dirty.add(id(row))
    for table in DUPLICATE_TABLES:
        _duplicate(world, table, rng, dirty)


def _kinds_for(table: str) -> list[str]:
    kinds = []
    if table in QUARANTINE_DATE:
        kinds.append("bad_date")
    if table in MISSING_ID_TABLES:
        kinds.append("missing_id")
    if table in ID_FIELDS:
        kinds += ["flag", "upgrade"]
    if table in NORMALISE_FIELDS:
        kinds.append("normalise")
    return kinds


def _free_rows(world: World, table: str, rows: list[Row], dirty: set[int]) -> list[Row]:
    return [
        r
        for r in rows
        if id(r) not in dirty
        and not r.get("_noise")
        and (table, str(r["record_id"])) not in world.protected
    ]


def _apply(kind: str, table: str, row: Row, rng: random.Random) -> bool:
    if kind == "bad_date":
        field = QUARANTINE_DATE[table]
        row[field] = rng.choice(BAD_DATES)
        return _mark(row, field, "quarantine")
    if kind == "missing_id":
        row["record_id"] = ""
        return _mark(row, "row", "quarantine")
    if kind == "flag":
        return _bad_check(row, ID_FIELDS[table])
    if kind == "upgrade":
        return _legacy(row, ID_FIELDS[table])
    return _normalise(table, row, rng)


def _mark(row: Row, field: str, expected: str) -> bool:
    row.setdefault("_dirt", [])
    row["_dirt"].append((field, expected))  # type: ignore[attr-defined]
    return True


def _bad_check(row: Row, field: str) -> bool:
    value = row.get(field)
    if not isinstance(value, str) or len(value) != 18:
        return False
    row[field] = wrong_check_digit(value)
    return _mark(row, field, "flag")


def _legacy(row: Row, field: str) -> bool:
    value = row.get(field)
    if not isinstance(value, str) or len(value) != 18 or value[6:8] != "19":
        return False
    row[field] = legacy_id(value)
    return _mark(row, field, "upgrade")


def _normalise(table: str, row: Row, rng: random.Random) -> bool:
    fields = [f for f in NORMALISE_FIELDS[table] if row.get(f) not in (None, "")]
    if not fields:
        return False
    field = rng.choice(fields)
    value = row[field]
    if isinstance(value, bool):
        row[field] = "是" if value else "否"
    elif isinstance(value, date):
        row[field] = messy_date(value, rng)
    elif isinstance(value, int | float):
        row[field] = messy_amount(value, rng)
    elif isinstance(value, str):
        label = contract().table(table).column(field).allowed.get(value)
        if label is None:
            return False
        row[field] = label
    else:
        return False
    return _mark(row, field, "normalise")


def messy_date(day: date, rng: random.Random) -> str:
    return rng.choice(
        (
            f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}{day.month:02d}{day.day:02d}",
        )
    )


def messy_amount(value: float, rng: random.Random) -> str:
    whole = int(value)
    if whole == value and whole > 0 and whole % 10000 == 0:
        return rng.choice((f"{whole // 10000}万元", f"人民币{cn2an.an2cn(whole, 'rmb')}"))
    return f"{value:,.2f}"


def _duplicate(world: World, table: str, rng: random.Random, dirty: set[int]) -> None:
    rows = world.rows[table]
    candidates = [
        i
        for i, r in enumerate(rows)
        if id(r) not in dirty
        and (table, str(r["record_id"])) not in world.protected
        and r["record_id"]
        and not r.get("_noise")
    ]
    count = max(1, int(len(rows) * RATE / 2))
    # Insert from the back so earlier indices stay valid; the copy follows its original.
    for index in sorted(rng.sample(candidates, min(count, len(candidates))), reverse=True):
        copy = {k: v for k, v in rows[index].items() if k != "_dirt"}
        copy["_dirt"] = [("row", "duplicate")]
        dirty.add(id(copy))
        rows.insert(index + 1, copy)
