"""The casebook tables as SQLAlchemy 2 declarative models.

The migrations under ``migrations/versions`` create these tables; a test checks that the
two agree. JSON columns use :class:`sqlalchemy.JSON`, which works on SQLite and PostgreSQL.
Times are stored naive, in UTC when the caller gave an aware time (see ``store._naive``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints, so later migrations can alter them (SQLite batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: DateTime()}


class Run(Base):
    """One model run: what ran, with which parameters, on which import batches."""

    __tablename__ = "run"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(64), unique=True)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    as_of: Mapped[date] = mapped_column(Date)
    engine: Mapped[str] = mapped_column(String(32))
    models: Mapped[dict[str, Any]]  # model id → version
    parameters: Mapped[dict[str, Any]]  # model id → {parameter: value}
    batches: Mapped[list[Any]]
    summary: Mapped[dict[str, Any]]  # model id → counts of ModelRunSummary


class Clue(Base):
    """A supervision clue: one fingerprint, its latest facts and its workflow status."""

    __tablename__ = "clue"
    __table_args__ = (
        Index("ix_clue_model_status", "model_id", "status"),
        Index("ix_clue_domain", "domain"),
        Index("ix_clue_unit_code", "unit_code"),
        Index("ix_clue_status", "status"),
        Index("ix_clue_first_seen_at", "first_seen_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    model_id: Mapped[str] = mapped_column(String(128))
    model_version: Mapped[str] = mapped_column(String(64))
    parameters_hash: Mapped[str] = mapped_column(String(64))
    facts_hash: Mapped[str] = mapped_column(String(64))
    domain: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    unit_code: Mapped[str | None] = mapped_column(String(64))
    subject: Mapped[dict[str, Any]]
    facts: Mapped[dict[str, Any]]
    legal_basis: Mapped[list[Any]]
    evidence: Mapped[list[Any]]  # [{"table": ..., "record_id": ...}]
    status: Mapped[str] = mapped_column(String(32))
    first_seen_run: Mapped[str] = mapped_column(ForeignKey("run.run_id"))
    last_seen_run: Mapped[str] = mapped_column(ForeignKey("run.run_id"))
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    # When the latest run of its model no longer hit it; NULL while the data still does.
    resolved_at: Mapped[datetime | None]


class ClueEvidence(Base):
    """An evidence row as it was found; a new snapshot only when the row changed."""

    __tablename__ = "clue_evidence"
    __table_args__ = (
        Index("ix_clue_evidence_clue", "clue_id"),
        Index("ix_clue_evidence_record", "table_name", "record_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(128))
    snapshot: Mapped[dict[str, Any]]
    snapshot_hash: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[str] = mapped_column(ForeignKey("run.run_id"))


class ClueRun(Base):
    """That a clue appeared in a run, and with which facts, model version and parameters.

    Hashes only: the values themselves are on the clue and the run, and every change of
    them is an event in the clue's history.
    """

    __tablename__ = "clue_run"
    __table_args__ = (Index("ix_clue_run_run", "run_id"),)

    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"), primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("run.run_id"), primary_key=True)
    model_version: Mapped[str] = mapped_column(String(64))
    facts_hash: Mapped[str] = mapped_column(String(64))
    parameters_hash: Mapped[str] = mapped_column(String(64))


class ClueEvent(Base):
    """Append-only history of a clue: what a run found or a person did."""

    __tablename__ = "clue_event"
    __table_args__ = (
        Index("ix_clue_event_clue", "clue_id"),
        Index("ix_clue_event_run_kind", "run_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[dict[str, Any]]
    run_id: Mapped[str | None] = mapped_column(ForeignKey("run.run_id"))
