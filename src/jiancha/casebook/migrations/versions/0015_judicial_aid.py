"""State judicial aid (国家司法救助): applications, decisions, payments.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "judicial_aid",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("applicant", sa.String(length=64), nullable=False),
        sa.Column("victim", sa.String(length=64), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("harm", sa.String(length=16), nullable=False),
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("source_ref", sa.String(length=128), nullable=True),
        sa.Column("hardship", sa.Text(), nullable=False),
        sa.Column("requested_yuan", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("decision_due", sa.Date(), nullable=False),
        sa.Column("handler", sa.String(length=128), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("granted_yuan", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("paid_yuan", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_judicial_aid")),
    )
    op.create_index("ix_judicial_aid_unit_received", "judicial_aid", ["unit_code", "received_on"])


def downgrade() -> None:
    op.drop_index("ix_judicial_aid_unit_received", table_name="judicial_aid")
    op.drop_table("judicial_aid")
