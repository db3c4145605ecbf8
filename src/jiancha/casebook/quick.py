"""The command line's quick read of a SQLite casebook: ``jiancha clues list`` without
SQLAlchemy.

Importing SQLAlchemy, its ORM and the casebook's table classes costs about a fifth of a
second, many times the query of a list. A SQLite casebook already at the newest schema is
read here through the standard library, opened read-only, with the same filter and the same
:class:`~jiancha.casebook.views.ClueView` as :func:`~jiancha.casebook.inbox.clue_list`
(a test compares the two on every filter). Anything else (PostgreSQL, a casebook to create
or migrate) returns None, and the caller goes the usual way through Casework.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from contextlib import closing
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

from jiancha.casebook.filters import ClueFilter, moment
from jiancha.casebook.migrate import head_revision
from jiancha.casebook.views import ClueView, clue_view

SQLITE_PREFIX = "sqlite:///"
_COLUMNS = (
    "id, fingerprint, model_id, model_version, domain, title, status, unit_code, subject, "
    "facts, legal_basis, evidence, first_seen_run, last_seen_run, first_seen_at, "
    "last_seen_at, resolved_at"
)
_JSON = ("subject", "facts", "legal_basis", "evidence")
_TIMES = ("first_seen_at", "last_seen_at", "resolved_at")
_STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy keeps a DateTime in SQLite


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL; None for any other database."""
    if not url.startswith(SQLITE_PREFIX) or "?" in url:
        return None
    path = Path(url[len(SQLITE_PREFIX) :])
    return path if path.name and path.exists() else None


def read_clues(url: str, filters: ClueFilter, limit: int | None = None) -> list[ClueView] | None:
    """Every clue matching ``filters``, by id, as Casework's ``clues`` gives them; None when
    this casebook is not one to read here."""
    path = sqlite_path(url)
    if path is None:
        return None
    try:
        with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as con:
            if not _at_head(con):
                return None
            where, params = _where(filters)
            sql = f"SELECT {_COLUMNS} FROM clue WHERE {where} ORDER BY id"
            if limit is not None:
                sql += " LIMIT ?"
                params.append(limit)
            cursor = con.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [clue_view(_row(dict(zip(names, row, strict=True)))) for row in cursor]
    except sqlite3.Error:
        return None  # locked, damaged, or older than expected: the usual way says why


def _at_head(con: sqlite3.Connection) -> bool:
    try:
        found = [r[0] for r in con.execute("SELECT version_num FROM alembic_version")]
    except sqlite3.Error:
        return False
    return found == [head_revision()]


def _where(filters: ClueFilter) -> tuple[str, list[Any]]:
    """The filter as SQL with its parameters (no unit scope: the command line's own)."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    for column, value in (
        ("model_id", filters.model),
        ("status", filters.status),
        ("domain", filters.domain),
        ("assignee", filters.assignee),
    ):
        clause = _matches(column, value, params)
        if clause:
            where.append(clause)
    if filters.unit:
        where.append("substr(unit_code, 1, ?) = ?")
        params += [len(filters.unit), filters.unit]
    if filters.since is not None:
        where.append("first_seen_at >= ?")
        params.append(moment(filters.since).strftime(_STORED_TIME))
    if filters.until is not None:
        where.append("first_seen_at < ?")
        params.append(moment(filters.until, end=True).strftime(_STORED_TIME))
    return " AND ".join(where), params


def _matches(column: str, value: str | Collection[str] | None, params: list[Any]) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        params.append(value)
        return f"{column} = ?"
    values: Sequence[str] = list(value)
    if not values:
        return "1 = 0"
    params += values
    return f"{column} IN ({', '.join('?' * len(values))})"


def _row(row: dict[str, Any]) -> Any:
    """A stored row as the ORM would hand it to :func:`clue_view`."""
    for name in _JSON:
        row[name] = json.loads(row[name]) if row[name] is not None else None
    for name in _TIMES:
        row[name] = datetime.fromisoformat(row[name]) if row[name] is not None else None
    return SimpleNamespace(**row)
