"""No English on a page or in a document a person reads: the words that must not appear,
read from the data contract (every table and column name and enum code) and the casebook's
own codes (statuses, events, action kinds, dismissal codes), not typed by hand; nor a date
written the ISO way (2026-09-01 where a person reads 2026年9月1日). The web's page tests and
the demo's document test share them."""

from __future__ import annotations

import re

from jiancha.casebook.actions import ActionKind
from jiancha.casebook.status import ClueStatus, DismissalReason, EventKind
from jiancha.link.mentions import id_column_map
from jiancha.schema import contract


def forbidden_words() -> set[str]:
    """Every English word a page must not show: the contract's column and table names and
    enum codes, the casebook's statuses, event kinds, action kinds and dismissal codes.
    One- and two-letter codes (M, F, at) are left out: they are no words a reader sees."""
    words: set[str] = set()
    for name, table in contract().tables.items():
        words.add(name)
        for column in table.columns:
            words.add(column.name)
            words.update(column.allowed)
    for codes in (ClueStatus, EventKind, ActionKind, DismissalReason):
        words.update(c.value for c in codes)
    words.update(id_column_map().values())  # the link stage's person_id, org_id columns
    words.update({"True", "False", "None", "casebook", "system"})
    return {w for w in words if len(w) > 2}


FORBIDDEN = re.compile(
    r"(?<![A-Za-z0-9_])("
    + "|".join(re.escape(w) for w in sorted(forbidden_words(), key=len, reverse=True))
    + r")(?![A-Za-z0-9_])"
)


def english_codes(text: str) -> list[str]:
    return sorted(set(FORBIDDEN.findall(text)))


ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


def iso_dates(text: str) -> list[str]:
    """The dates in ``text`` written 2026-09-01 rather than 2026年9月1日."""
    return sorted(set(ISO_DATE.findall(text)))


def visible_text(html: str) -> str:
    """What a browser shows of a page's HTML: no script, style, tag or attribute (a form
    field's ISO value is the browser's to show in its own date picker)."""
    shown = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", shown)
