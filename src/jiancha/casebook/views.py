"""What the casebook hands out: frozen views, never live ORM rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from jiancha.casebook.status import status_label
from jiancha.errors import CasebookError, ClueNotFound
from jiancha.models.hit import Evidence, LegalBasis

if TYPE_CHECKING:  # the views are read without SQLAlchemy (the command line's quick read)
    from jiancha.casebook.tables import Clue, ClueEvent, Run

_CLUE_ID = re.compile(r"^[Cc]?(\d+)$")
# the largest row id the casebook's integer keys hold (32 bits on PostgreSQL): a larger
# number names nothing, and must be "not found", not an overflow in the database driver
MAX_ROW_ID = 2**31 - 1


def display_id(number: int) -> str:
    """The id people read and type: ``C000123``."""
    return f"C{number:06d}"


def parse_clue_id(value: int | str) -> int:
    """The row number of a clue id given as ``C000123``, ``123`` or 123."""
    if isinstance(value, int):
        number = value
    else:
        match = _CLUE_ID.match(value.strip()[:64])
        if match is None:
            raise CasebookError(f"线索编号 “{value[:64]}” 格式不对，应如 C000123")
        number = int(match.group(1)[:20])
    if not 0 <= number <= MAX_ROW_ID:
        raise ClueNotFound(f"没有线索 {str(value)[:24]}")
    return number


@dataclass(frozen=True)
class ClueView:
    """A clue with everything a list, an export or a detail page shows."""

    number: int
    fingerprint: str
    model_id: str
    model_version: str
    domain: str
    title: str
    status: str
    unit_code: str | None
    subject: dict[str, Any]
    facts: dict[str, Any]
    legal_basis: tuple[LegalBasis, ...]
    evidence: tuple[Evidence, ...]
    first_seen_run: str
    last_seen_run: str
    first_seen_at: datetime
    last_seen_at: datetime
    resolved_at: datetime | None

    @property
    def id(self) -> str:
        return display_id(self.number)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``jiancha clues list --format json`` (ARCHITECTURE.md)."""
        return {
            "id": self.id,
            "model": self.model_id,
            "model_version": self.model_version,
            "status": self.status,
            "unit_code": self.unit_code,
            "subject": self.subject,
            "evidence": [e.as_dict() for e in self.evidence],
            "facts": self.facts,
            "legal_basis": [b.as_dict() for b in self.legal_basis],
            "title": self.title,
            "domain": self.domain,
            "fingerprint": self.fingerprint,
            "first_seen": self.first_seen_at.isoformat(),
            "last_seen": self.last_seen_at.isoformat(),
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
        }


@dataclass(frozen=True)
class ClueEventView:
    """One entry of a clue's history."""

    clue_id: str
    at: datetime
    actor: str
    kind: str
    from_status: str | None
    to_status: str | None
    reason: str | None
    detail: dict[str, Any]
    run_id: str | None


@dataclass(frozen=True)
class EvidenceSnapshot:
    """An evidence row as the run ``run_id`` found it."""

    table: str
    record_id: str
    snapshot: dict[str, Any]
    run_id: str


@dataclass(frozen=True)
class ModelRunSummary:
    """What one run of one model did to the casebook.

    ``hits`` = ``new`` + ``still_open`` + ``reopened`` (distinct fingerprints);
    ``resolved`` counts clues the model hit before and not this time.
    """

    model_id: str
    hits: int = 0
    new: int = 0
    still_open: int = 0
    reopened: int = 0
    resolved: int = 0
    changed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "hits": self.hits,
            "new": self.new,
            "still_open": self.still_open,
            "reopened": self.reopened,
            "resolved": self.resolved,
            "changed": self.changed,
        }


@dataclass(frozen=True)
class RunView:
    run_id: str
    started_at: datetime
    finished_at: datetime | None
    as_of: date
    engine: str
    models: dict[str, str]
    parameters: dict[str, dict[str, Any]]
    batches: tuple[int, ...]
    summary: dict[str, dict[str, int]]


@dataclass(frozen=True)
class FirstKnown:
    """When the casebook first knew a clue: the run that found it."""

    clue_id: str
    fingerprint: str
    run_id: str
    at: datetime
    as_of: date


@dataclass(frozen=True)
class ClueChanges:
    """Clues that changed in the runs after ``since_run`` up to ``until_run``.

    A clue is listed under each kind of change it had in those runs, in its state now.
    """

    since_run: str
    until_run: str | None
    new: list[ClueView] = field(default_factory=list)
    resolved: list[ClueView] = field(default_factory=list)
    reopened: list[ClueView] = field(default_factory=list)
    changed: list[ClueView] = field(default_factory=list)


# -- from rows ----------------------------------------------------------------------------


def clue_view(clue: Clue) -> ClueView:
    return ClueView(
        number=clue.id,
        fingerprint=clue.fingerprint,
        model_id=clue.model_id,
        model_version=clue.model_version,
        domain=clue.domain,
        title=clue.title,
        status=clue.status,
        unit_code=clue.unit_code,
        subject=dict(clue.subject),
        facts=dict(clue.facts),
        legal_basis=tuple(LegalBasis(**b) for b in clue.legal_basis),
        evidence=tuple(Evidence(e["table"], e["record_id"]) for e in clue.evidence),
        first_seen_run=clue.first_seen_run,
        last_seen_run=clue.last_seen_run,
        first_seen_at=clue.first_seen_at,
        last_seen_at=clue.last_seen_at,
        resolved_at=clue.resolved_at,
    )


def event_view(row: ClueEvent) -> ClueEventView:
    return ClueEventView(
        clue_id=display_id(row.clue_id),
        at=row.at,
        actor=row.actor,
        kind=row.kind,
        from_status=row.from_status,
        to_status=row.to_status,
        reason=row.reason,
        detail=dict(row.detail),
        run_id=row.run_id,
    )


def run_view(row: Run) -> RunView:
    return RunView(
        run_id=row.run_id,
        started_at=row.started_at,
        finished_at=row.finished_at,
        as_of=row.as_of,
        engine=row.engine,
        models=dict(row.models),
        parameters=dict(row.parameters),
        batches=tuple(row.batches),
        summary=dict(row.summary),
    )
