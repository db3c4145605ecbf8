"""Push intake: agency keys and the queue of pushed batches.

Revision ID: 0020
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_key",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("key_sha256", sa.String(length=64), nullable=False),
        sa.Column("tables", sa.JSON(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_key")),
        sa.UniqueConstraint("name", name=op.f("uq_agency_key_name")),
        sa.UniqueConstraint("key_sha256", name=op.f("uq_agency_key_key_sha256")),
    )
    op.create_table(
        "intake_batch",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("records", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency_key.id"], name=op.f("fk_intake_batch_agency_id_agency_key")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_batch")),
        sa.UniqueConstraint(
            "agency_id", "idempotency_key", name=op.f("uq_intake_batch_idempotency")
        ),
    )
    op.create_index("ix_intake_batch_status", "intake_batch", ["status", "id"])
    op.create_index("ix_intake_batch_agency", "intake_batch", ["agency_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_intake_batch_agency", table_name="intake_batch")
    op.drop_index("ix_intake_batch_status", table_name="intake_batch")
    op.drop_table("intake_batch")
    op.drop_table("agency_key")
