"""Case-quality review (案件质量评查): samplings of closed clues and their review forms.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "quality_sample",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("prosecutor", sa.String(length=128), nullable=True),
        sa.Column("seed", sa.String(length=64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("pool", sa.JSON(), nullable=False),
        sa.Column("chosen", sa.JSON(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_sample")),
    )
    op.create_table(
        "quality_review",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("prosecutor", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reviewer", sa.String(length=128), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=True),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("rating", sa.String(length=16), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["clue_id"], ["clue.id"], name=op.f("fk_quality_review_clue_id_clue")
        ),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["quality_sample.id"],
            name=op.f("fk_quality_review_sample_id_quality_sample"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_review")),
    )
    op.create_index("ix_quality_review_prosecutor", "quality_review", ["prosecutor"])
    op.create_index("ix_quality_review_clue", "quality_review", ["clue_id"])


def downgrade() -> None:
    op.drop_index("ix_quality_review_clue", table_name="quality_review")
    op.drop_index("ix_quality_review_prosecutor", table_name="quality_review")
    op.drop_table("quality_review")
    op.drop_table("quality_sample")
