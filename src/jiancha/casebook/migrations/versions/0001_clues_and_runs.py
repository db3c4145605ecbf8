"""Clues, runs, evidence snapshots, the runs each clue appeared in, and clue history.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _run_fk(column: str, table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ["run.run_id"], name=op.f(f"fk_{table}_{column}_run"))


def _clue_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["clue_id"], ["clue.id"], name=op.f(f"fk_{table}_clue_id_clue"))


def upgrade() -> None:
    op.create_table(
        "run",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("engine", sa.String(length=32), nullable=False),
        sa.Column("models", sa.JSON(), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("batches", sa.JSON(), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_run")),
        sa.UniqueConstraint("run_id", name=op.f("uq_run_run_id")),
    )
    op.create_table(
        "clue",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("model_id", sa.String(length=128), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("parameters_hash", sa.String(length=64), nullable=False),
        sa.Column("facts_hash", sa.String(length=64), nullable=False),
        sa.Column("domain", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=True),
        sa.Column("subject", sa.JSON(), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("legal_basis", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("first_seen_run", sa.String(length=64), nullable=False),
        sa.Column("last_seen_run", sa.String(length=64), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        _run_fk("first_seen_run", "clue"),
        _run_fk("last_seen_run", "clue"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clue")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_clue_fingerprint")),
    )
    op.create_index("ix_clue_domain", "clue", ["domain"])
    op.create_index("ix_clue_first_seen_at", "clue", ["first_seen_at"])
    op.create_index("ix_clue_model_status", "clue", ["model_id", "status"])
    op.create_index("ix_clue_status", "clue", ["status"])
    op.create_index("ix_clue_unit_code", "clue", ["unit_code"])

    op.create_table(
        "clue_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=True),
        _clue_fk("clue_event"),
        _run_fk("run_id", "clue_event"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clue_event")),
    )
    op.create_index("ix_clue_event_clue", "clue_event", ["clue_id"])
    op.create_index("ix_clue_event_run_kind", "clue_event", ["run_id", "kind"])

    op.create_table(
        "clue_evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=128), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("snapshot_hash", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        _clue_fk("clue_evidence"),
        _run_fk("run_id", "clue_evidence"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clue_evidence")),
    )
    op.create_index("ix_clue_evidence_clue", "clue_evidence", ["clue_id"])
    op.create_index("ix_clue_evidence_record", "clue_evidence", ["table_name", "record_id"])

    op.create_table(
        "clue_run",
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("model_version", sa.String(length=64), nullable=False),
        sa.Column("facts_hash", sa.String(length=64), nullable=False),
        sa.Column("parameters_hash", sa.String(length=64), nullable=False),
        _clue_fk("clue_run"),
        _run_fk("run_id", "clue_run"),
        sa.PrimaryKeyConstraint("clue_id", "run_id", name=op.f("pk_clue_run")),
    )
    op.create_index("ix_clue_run_run", "clue_run", ["run_id"])


def downgrade() -> None:
    # dropping a table drops its indexes; children first because of the foreign keys
    for table in ("clue_run", "clue_evidence", "clue_event", "clue", "run"):
        op.drop_table(table)
