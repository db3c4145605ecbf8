"""The registers' casebook tables (migrations 0010 onward create them), on the casebook's
declarative base so that the check of tables against migrations covers them too."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jiancha.casebook.tables import Base


class InterferenceRecord(Base):
    """One record of a leader, an official or a colleague asking about or intervening in a
    case (防止干预司法“三个规定”). Never updated or deleted: the database refuses it (a
    trigger) and the row is on the signed ledger."""

    __tablename__ = "interference_record"
    __table_args__ = (
        Index("ix_interference_record_unit_at", "unit_code", "recorded_at"),
        Index("ix_interference_record_recorder", "recorder"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    recorded_at: Mapped[datetime]
    recorder: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))  # leader / insider / contact
    intervener: Mapped[str] = mapped_column(String(128))
    intervener_post: Mapped[str] = mapped_column(String(256))
    target: Mapped[str] = mapped_column(String(128))
    case_ref: Mapped[str] = mapped_column(String(128))
    occurred_on: Mapped[date] = mapped_column(Date)
    manner: Mapped[str] = mapped_column(String(16))  # in_person / phone / note / other
    asked: Mapped[str] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text)


class Supervisor(Base):
    """A people's supervisor (人民监督员) on the roster of a procuratorate (its unit code: a
    city's roster serves the city's districts too), with the people and organisations they
    declared a relationship with (回避事由), for the draws to leave them out."""

    __tablename__ = "people_supervisor"
    __table_args__ = (Index("ix_people_supervisor_unit", "unit_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(String(64))
    employer: Mapped[str] = mapped_column(String(256))  # 工作单位及职务
    phone: Mapped[str] = mapped_column(String(32))
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    relations: Mapped[list[Any]]  # declared: names of people and organisations
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime]
    added_by: Mapped[str] = mapped_column(String(128))


class Hearing(Base):
    """A public hearing (公开听证) or another activity under supervision, its record."""

    __tablename__ = "public_hearing"
    __table_args__ = (Index("ix_public_hearing_unit_on", "unit_code", "scheduled_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    case_ref: Mapped[str] = mapped_column(String(128))
    matter: Mapped[str] = mapped_column(String(32))  # what is heard (HEARING_MATTERS)
    scheduled_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(256))
    parties: Mapped[list[Any]]  # parties and agencies of the case: the draw's conflicts
    seats: Mapped[int] = mapped_column(Integer)  # supervisors to draw
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(128))
    held_on: Mapped[date | None] = mapped_column(Date)
    conclusion: Mapped[str | None] = mapped_column(Text)  # the hearing's outcome
    recorded_by: Mapped[str | None] = mapped_column(String(128))


class SupervisorDraw(Base):
    """One seeded draw of supervisors for a hearing: the pool, who was left out and why,
    the seed and who came out. Replaying the seed on the pool gives the same people."""

    __tablename__ = "supervisor_draw"
    __table_args__ = (Index("ix_supervisor_draw_hearing", "hearing_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("public_hearing.id"))
    seed: Mapped[str] = mapped_column(String(64))
    needed: Mapped[int] = mapped_column(Integer)
    pool: Mapped[list[Any]]  # eligible supervisor ids, ascending
    excluded: Mapped[dict[str, Any]]  # supervisor id → why left out
    chosen: Mapped[list[Any]]  # supervisor ids, in the order drawn
    drawn_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))


class SupervisorOpinion(Base):
    """A supervisor's opinion at a hearing, and whether the procuratorate adopted it."""

    __tablename__ = "supervisor_opinion"
    __table_args__ = (
        UniqueConstraint("hearing_id", "supervisor_id"),
        Index("ix_supervisor_opinion_supervisor", "supervisor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hearing_id: Mapped[int] = mapped_column(ForeignKey("public_hearing.id"))
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("people_supervisor.id"))
    stance: Mapped[str] = mapped_column(String(16))  # agree / disagree / other
    opinion: Mapped[str] = mapped_column(Text)
    adopted: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(128))


class RemoteSession(Base):
    """A remote interrogation or court hearing (远程提审、远程庭审) booked between a
    procuratorate and a detention centre or court, and the record of what took place."""

    __tablename__ = "remote_session"
    __table_args__ = (
        Index("ix_remote_session_unit_starts", "unit_code", "starts_at"),
        Index("ix_remote_session_starts", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(16))  # interrogation / court_hearing
    case_ref: Mapped[str] = mapped_column(String(128))
    counterpart: Mapped[str] = mapped_column(String(128))  # 看守所 or 法院
    room: Mapped[str] = mapped_column(String(64))  # the procuratorate's room
    person: Mapped[str] = mapped_column(String(64))  # the person in custody
    participants: Mapped[list[Any]]
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    booked_at: Mapped[datetime]
    booked_by: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))  # booked / held / cancelled
    held_from: Mapped[datetime | None]
    held_to: Mapped[datetime | None]
    recording_ref: Mapped[str | None] = mapped_column(String(256))
    signatures: Mapped[list[Any] | None]
    note: Mapped[str | None] = mapped_column(Text)
    closed_by: Mapped[str | None] = mapped_column(String(128))


class QualitySample(Base):
    """One sampling of closed clues for case-quality review (案件质量评查): random (seeded,
    replayable on its pool) or targeted (the clues named, with the reason)."""

    __tablename__ = "quality_sample"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    method: Mapped[str] = mapped_column(String(16))  # random / targeted
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)  # exclusive
    units: Mapped[list[Any]]  # unit prefixes the pool was drawn from ([]: every unit)
    prosecutor: Mapped[str | None] = mapped_column(String(128))
    seed: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str | None] = mapped_column(Text)
    pool: Mapped[list[Any]]  # clue numbers eligible, ascending
    chosen: Mapped[list[Any]]
    drawn_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))


class QualityReview(Base):
    """The review form of one sampled clue: scores per item, findings, rating."""

    __tablename__ = "quality_review"
    __table_args__ = (
        Index("ix_quality_review_prosecutor", "prosecutor"),
        Index("ix_quality_review_clue", "clue_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("quality_sample.id"))
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"))
    unit_code: Mapped[str] = mapped_column(String(64))
    prosecutor: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))  # pending / done
    reviewer: Mapped[str | None] = mapped_column(String(128))
    scores: Mapped[dict[str, Any] | None]
    findings: Mapped[str | None] = mapped_column(Text)
    rating: Mapped[str | None] = mapped_column(String(16))
    reviewed_at: Mapped[datetime | None]


class Probation(Base):
    """附条件不起诉: a minor's probation (刑诉法第282–284条), its conditions and the decision
    at its end (不起诉, or the decision revoked and a prosecution brought)."""

    __tablename__ = "conditional_probation"
    __table_args__ = (Index("ix_conditional_probation_unit_ends", "unit_code", "ends_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    case_ref: Mapped[str] = mapped_column(String(128))
    person: Mapped[str] = mapped_column(String(64))
    birth_date: Mapped[date] = mapped_column(Date)
    offense_date: Mapped[date] = mapped_column(Date)
    charge: Mapped[str] = mapped_column(String(128))
    decided_on: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)
    ends_on: Mapped[date] = mapped_column(Date)
    conditions: Mapped[list[Any]]
    supervisor: Mapped[str] = mapped_column(String(128))  # the prosecutor who supervises
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(128))
    outcome: Mapped[str | None] = mapped_column(String(16))  # non_prosecution / prosecuted
    outcome_on: Mapped[date | None] = mapped_column(Date)
    outcome_reason: Mapped[str | None] = mapped_column(Text)


class ProbationCheckin(Base):
    """One check-in of a probation: a report, a visit, an education session."""

    __tablename__ = "probation_checkin"
    __table_args__ = (Index("ix_probation_checkin_probation", "probation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    probation_id: Mapped[int] = mapped_column(ForeignKey("conditional_probation.id"))
    on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    compliant: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))


class SealedRecord(Base):
    """A sealed criminal record of a minor (刑诉法第286条): who, which case, the sentence."""

    __tablename__ = "sealed_record"
    __table_args__ = (Index("ix_sealed_record_id_number", "id_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    person: Mapped[str] = mapped_column(String(64))
    id_number: Mapped[str | None] = mapped_column(String(32))
    case_ref: Mapped[str] = mapped_column(String(128))
    offense_date: Mapped[date] = mapped_column(Date)
    birth_date: Mapped[date] = mapped_column(Date)
    sentence_months: Mapped[int] = mapped_column(Integer)
    sealed_on: Mapped[date] = mapped_column(Date)
    sealed_by: Mapped[str] = mapped_column(String(128))


class MandatoryReport(Base):
    """A mandatory report of a suspected crime against a minor (强制报告) and its handling."""

    __tablename__ = "mandatory_report"
    __table_args__ = (Index("ix_mandatory_report_unit_on", "unit_code", "received_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    received_on: Mapped[date] = mapped_column(Date)
    reporter: Mapped[str] = mapped_column(String(128))  # the reporting body
    reporter_kind: Mapped[str] = mapped_column(String(16))
    victim: Mapped[str] = mapped_column(String(64))  # the minor (a name or an alias)
    suspected: Mapped[str] = mapped_column(Text)  # what is suspected
    status: Mapped[str] = mapped_column(String(16))
    steps: Mapped[list[Any]]  # [{"on", "status", "note", "by"}], oldest first
    recorded_by: Mapped[str] = mapped_column(String(128))


class AidApplication(Base):
    """An application for state judicial aid (国家司法救助), its decision and its payment."""

    __tablename__ = "judicial_aid"
    __table_args__ = (Index("ix_judicial_aid_unit_received", "unit_code", "received_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(12))
    applicant: Mapped[str] = mapped_column(String(64))
    victim: Mapped[str] = mapped_column(String(64))
    relation: Mapped[str] = mapped_column(String(32))  # the applicant to the victim
    harm: Mapped[str] = mapped_column(String(16))  # death / serious_injury / other
    case_ref: Mapped[str] = mapped_column(String(128))
    source_ref: Mapped[str | None] = mapped_column(String(128))  # the judgment screened
    hardship: Mapped[str] = mapped_column(Text)
    requested_yuan: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date)
    decision_due: Mapped[date] = mapped_column(Date)
    handler: Mapped[str] = mapped_column(String(128))
    decision: Mapped[str | None] = mapped_column(String(16))  # granted / denied
    decided_on: Mapped[date | None] = mapped_column(Date)
    granted_yuan: Mapped[int | None] = mapped_column(Integer)
    decision_reason: Mapped[str | None] = mapped_column(Text)
    paid_on: Mapped[date | None] = mapped_column(Date)
    paid_yuan: Mapped[int | None] = mapped_column(Integer)
