"""Remote interrogations and court hearings (远程提审、远程庭审): bookings and records.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "remote_session",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("counterpart", sa.String(length=128), nullable=False),
        sa.Column("room", sa.String(length=64), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("booked_at", sa.DateTime(), nullable=False),
        sa.Column("booked_by", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("held_from", sa.DateTime(), nullable=True),
        sa.Column("held_to", sa.DateTime(), nullable=True),
        sa.Column("recording_ref", sa.String(length=256), nullable=True),
        sa.Column("signatures", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("closed_by", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_remote_session")),
    )
    op.create_index("ix_remote_session_unit_starts", "remote_session", ["unit_code", "starts_at"])
    op.create_index("ix_remote_session_starts", "remote_session", ["starts_at"])


def downgrade() -> None:
    op.drop_index("ix_remote_session_starts", table_name="remote_session")
    op.drop_index("ix_remote_session_unit_starts", table_name="remote_session")
    op.drop_table("remote_session")
