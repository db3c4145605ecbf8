"""Sessions ended before their cookie expired (logout, a disabled account).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ended_session",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("session_hash", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["web_user.id"], name=op.f("fk_ended_session_user_id_web_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ended_session")),
    )
    op.create_index("ix_ended_session_hash", "ended_session", ["session_hash"])
    op.create_index("ix_ended_session_user", "ended_session", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_ended_session_user", table_name="ended_session")
    op.drop_index("ix_ended_session_hash", table_name="ended_session")
    op.drop_table("ended_session")
