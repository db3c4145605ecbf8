"""Unit scopes in SQL: a reader sees the rows whose unit code starts with one of their
unit prefixes (``3506`` the city and its districts, ``350602`` one district)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_

_DIGITS = re.compile(r"[0-9]+")


def scope_clause(column: Any, units: Sequence[str], *, indexed: bool = True) -> ColumnElement[bool]:
    """``column`` starts with one of the unit prefixes; no units: nothing matches."""
    if not units:
        return false()
    return or_(*(prefix_clause(column, unit, indexed=indexed) for unit in units))


def prefix_clause(column: Any, prefix: str, *, indexed: bool = True) -> ColumnElement[bool]:
    """``column LIKE 'prefix%'``, and for a prefix of digits also the range it implies
    (``'3506' <= column < '3507'``): neither SQLite (whose LIKE ignores case) nor PostgreSQL
    outside the C collation can use an index for the LIKE, but both can for the range. The
    LIKE stays, so the range only narrows the search and never widens what matches.

    ``indexed=False`` leaves the range out, for a query that should not search by unit:
    when most clues are in scope, reading the newest clues and filtering beats sorting
    every clue of the range (SQLite's planner cannot tell the two cases apart)."""
    like = column.startswith(prefix, autoescape=True)
    if not indexed or not _DIGITS.fullmatch(prefix):
        return like
    bounds = [column >= prefix]
    following = str(int(prefix) + 1).zfill(len(prefix))
    if len(following) == len(prefix):  # "99" has no following prefix of its length
        bounds.append(column < following)
    return and_(*bounds, like)
