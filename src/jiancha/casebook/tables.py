"""The casebook tables as SQLAlchemy 2 declarative models.

The migrations under ``migrations/versions`` create these tables; a test checks that the
two agree. JSON columns use :class:`sqlalchemy.JSON`, which works on SQLite and PostgreSQL.
Times are stored naive, in UTC when the caller gave an aware time (see ``store._naive``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
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
        Index("ix_clue_status_unit", "status", "unit_code"),
        Index("ix_clue_first_seen_at", "first_seen_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    model_id: Mapped[str] = mapped_column(String(128))
    model_version: Mapped[str] = mapped_column(String(64))
    parameters_hash: Mapped[str] = mapped_column(String(64))
    facts_hash: Mapped[str] = mapped_column(String(64))
    # the hash of what a run writes (jiancha.casebook.record._CONTENT): a run compares it and
    # reads the content only of clues whose hash differs (None: a clue from before 0027)
    content_hash: Mapped[str | None] = mapped_column(String(32))
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
    # Optimistic lock of the workflow: every move checks and bumps it in its UPDATE.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    assignee: Mapped[str | None] = mapped_column(String(128))


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
    # the warehouse's _row_hash of the row copied (None: a snapshot from before 0027, or
    # a row without one): a run compares it first and converts only the rows that changed
    row_hash: Mapped[str | None] = mapped_column(String(32))
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


class SupervisionAction(Base):
    """An action taken on a clue (recommendation, notice, transfer) and its reply clock."""

    __tablename__ = "supervision_action"
    __table_args__ = (Index("ix_supervision_action_clue", "clue_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"))
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    # the period the document states, in days; NULL: the rule's default
    reply_days: Mapped[int | None] = mapped_column(Integer)
    issued_at: Mapped[datetime]
    served_at: Mapped[datetime | None]
    replied_at: Mapped[datetime | None]
    rectified_at: Mapped[datetime | None]


class Document(Base):
    """A generated or received document: its number and its file in the content store."""

    __tablename__ = "document"
    __table_args__ = (
        UniqueConstraint("unit_code", "kind", "year", "seq", name="uq_document_number_parts"),
        Index("ix_document_clue", "clue_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_action.id"))
    kind: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))


class DocumentDraft(Base):
    """A document being written: its text as the prosecutor edits it, numbered (and then a
    ``document`` row) only when confirmed."""

    __tablename__ = "document_draft"
    __table_args__ = (Index("ix_document_draft_clue", "clue_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"))
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(Text)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_days: Mapped[int | None] = mapped_column(Integer)
    sections: Mapped[dict[str, Any]]  # section name → its text, as edited
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(128))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))


class ServiceToken(Base):
    """A one-time electronic-service link: its state; the signature is never stored."""

    __tablename__ = "service_token"

    token_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"))
    recipient: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    opened_at: Mapped[datetime | None]
    confirmed_at: Mapped[datetime | None]
    used_at: Mapped[datetime | None]
    reply_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    revoked_at: Mapped[datetime | None]  # withdrawn by the issuer (migration 0006)


class LedgerEntry(Base):
    """One link of the tamper-evident hash chain; rows are only ever inserted."""

    __tablename__ = "ledger_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]]
    payload_sha256: Mapped[str] = mapped_column(String(64))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(32))
    signature: Mapped[str] = mapped_column(String(128))


class LedgerHead(Base):
    """The one row every append locks: the newest seq and hash (serialises appends)."""

    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))


class CustodyEvent(Base):
    """A step in the chain of custody of seized property (涉案财物)."""

    __tablename__ = "custody_event"
    __table_args__ = (Index("ix_custody_event_item", "item_ref"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_ref: Mapped[str] = mapped_column(String(128))
    clue_id: Mapped[int | None] = mapped_column(ForeignKey("clue.id"))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]]


class DossierFile(Base):
    """A file of a case's electronic dossier (电子卷宗), content-addressed."""

    __tablename__ = "dossier_file"
    __table_args__ = (Index("ix_dossier_file_clue", "clue_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    clue_id: Mapped[int] = mapped_column(ForeignKey("clue.id"))
    filename: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(128))


class EndedSession(Base):
    """A workbench session ended before its cookie expired (logout, or the account disabled).

    Session cookies are signed, not stored: this list is what makes a copied cookie stop
    working. A row with ``session_hash`` NULL ends every session of the user issued up to
    ``ended_at``. Times are UTC; a row is useless once ``expires_at`` (when the cookies it
    ends would have expired anyway) has passed, and is pruned.
    """

    __tablename__ = "ended_session"
    __table_args__ = (
        Index("ix_ended_session_hash", "session_hash"),
        Index("ix_ended_session_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_hash: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the session id
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"))
    ended_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class WebUser(Base):
    """A person who logs in to the workbench (or another agency's system using the API)."""

    __tablename__ = "web_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    units: Mapped[list[Any]]  # unit_code prefixes, e.g. ["350602"]
    password_hash: Mapped[str] = mapped_column(String(255))
    api_token_sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """Who saw personal data, downloaded a document, logged in or was refused."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(64))
    role: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str | None] = mapped_column(String(128))
    unit_code: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]]


class AgencyKey(Base):
    """An agency's key for pushing records (``jiancha agencies add``): only its SHA-256 is
    kept; it may push only ``tables`` and rows of ``units`` (unit_code prefixes)."""

    __tablename__ = "agency_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    tables: Mapped[list[Any]]
    units: Mapped[list[Any]]
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class IntakeBatch(Base):
    """A batch of records an agency pushed: queued until the intake worker applies it."""

    __tablename__ = "intake_batch"
    __table_args__ = (
        UniqueConstraint("agency_id", "idempotency_key", name="uq_intake_batch_idempotency"),
        Index("ix_intake_batch_status", "status", "id"),
        Index("ix_intake_batch_agency", "agency_id", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency_key.id"))
    table_name: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str | None] = mapped_column(String(128))
    sha256: Mapped[str] = mapped_column(String(64))  # of the records as received
    record_count: Mapped[int] = mapped_column(Integer)
    records: Mapped[str] = mapped_column(Text)  # the JSON array as received
    status: Mapped[str] = mapped_column(String(16))  # queued | applying | applied | failed
    received_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    outcome: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # counts and quarantined rows
    error: Mapped[str | None] = mapped_column(Text)


class UserVisit(Base):
    """When a user last opened 我的工作 (``seen_at``), and the visit before it: clues
    found since ``seen_at`` are new to the user (the badge); the page itself, opened now,
    shows those found since the visit before."""

    __tablename__ = "user_visit"

    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"), primary_key=True)
    seen_at: Mapped[datetime]
    previous_at: Mapped[datetime | None]


class SavedFilter(Base):
    """An inbox filter a user saved under a name of their own (only they see it)."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("user_id", "name", name="uq_saved_filter_user_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id"))
    name: Mapped[str] = mapped_column(String(64))
    query: Mapped[dict[str, Any]]  # the inbox's query parameters
    created_at: Mapped[datetime]


class Webhook(Base):
    """A unit's webhook (``jiancha webhooks add``): each clue new in ``unit_code`` (a prefix)
    is POSTed to ``url``, signed with a secret kept in the keys folder (0600); the casebook
    keeps its SHA-256. ``cursor``: the last clue id queued for it."""

    __tablename__ = "webhook"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    unit_code: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column(Text)
    secret_sha256: Mapped[str] = mapped_column(String(64))
    cursor: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]


class WebhookDelivery(Base):
    """One clue to deliver to one webhook: pending until a POST is answered 2xx, failed
    after the last attempt."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("webhook_id", "clue_id", name="uq_webhook_delivery_clue"),
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id"))
    clue_id: Mapped[int] = mapped_column(Integer)
    event: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)  # the JSON body, as signed
    status: Mapped[str] = mapped_column(String(16))  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    next_attempt_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class WebhookAttempt(Base):
    """Every POST of a delivery: when, the answer's status code or the error, how long."""

    __tablename__ = "webhook_attempt"
    __table_args__ = (Index("ix_webhook_attempt_delivery", "delivery_id", "attempt"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("webhook_delivery.id"))
    attempt: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    http_status: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(Text)
    seconds: Mapped[float] = mapped_column(Float)
