"""What a supervision model hands to the casebook: hits, their evidence and the run.

This is the typed interface between the ``models`` stage and the ``casebook`` stage.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True, order=True)
class Evidence:
    """One source row that supports a hit: a warehouse table and its record_id."""

    table: str
    record_id: str

    def as_dict(self) -> dict[str, str]:
        return {"table": self.table, "record_id": self.record_id}


@dataclass(frozen=True)
class LegalBasis:
    law: str
    article: str
    text: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"law": self.law, "article": self.article, "text": self.text}


@dataclass(frozen=True)
class Hit:
    """One row a model returned: who or what, the rows it rests on, the numbers compared.

    ``key`` is the anchor row of the hit (the record the clue is about, see MODELS.md
    anchors); ``key_evidence`` are the rows whose identity makes the clue the same clue
    across runs. The fingerprint is derived from model id, subject and key evidence only,
    so a changed parameter or a changed fact keeps the clue and shows up in its history.
    """

    model_id: str
    model_version: str
    unit_code: str | None
    subject: dict[str, str | None]
    key: Evidence
    evidence: tuple[Evidence, ...]
    facts: dict[str, Any]
    legal_basis: tuple[LegalBasis, ...]
    domain: str = ""
    title: str = ""
    key_evidence: tuple[Evidence, ...] = field(default=())

    @property
    def fingerprint(self) -> str:
        keys = sorted({self.key, *self.key_evidence})
        subject = {k: v for k, v in sorted(self.subject.items()) if v}
        payload = json.dumps(
            {
                "model": self.model_id,
                "subject": subject,
                "key": [e.as_dict() for e in keys],
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class RunInfo:
    """A model run as the casebook records it."""

    run_id: str
    started_at: datetime
    as_of: date
    models: dict[str, str]  # model id → version
    batches: tuple[int, ...]  # import batch ids the warehouse held
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)


def to_jsonable(value: Any) -> Any:
    """Facts and snapshots as JSON: dates as ISO strings, decimals as numbers."""
    from decimal import Decimal

    if value is None or isinstance(value, str | int | float):  # most cells: as they are
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):  # a row: most of its cells need nothing (no call for them)
        return {
            str(k): v if v is None or isinstance(v, str | int | float) else to_jsonable(v)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    return value


def hits_in_units(hits: Sequence[Hit], units: Sequence[str] | None) -> Sequence[Hit]:
    """The hits of a unit starting with one of ``units``; all of them when None."""
    if units is None:
        return hits
    prefixes = tuple(units)
    return [h for h in hits if h.unit_code and h.unit_code.startswith(prefixes)]
