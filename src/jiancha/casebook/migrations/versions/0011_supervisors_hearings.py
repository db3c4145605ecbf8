"""People's supervisors (人民监督员), public hearings, the draws and the opinions.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people_supervisor",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("employer", sa.String(length=256), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("term_start", sa.Date(), nullable=False),
        sa.Column("term_end", sa.Date(), nullable=False),
        sa.Column("relations", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("added_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people_supervisor")),
    )
    op.create_index("ix_people_supervisor_unit", "people_supervisor", ["unit_code"])
    op.create_table(
        "public_hearing",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("matter", sa.String(length=32), nullable=False),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=256), nullable=False),
        sa.Column("parties", sa.JSON(), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("conclusion", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=128), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_public_hearing")),
    )
    op.create_index("ix_public_hearing_unit_on", "public_hearing", ["unit_code", "scheduled_on"])
    op.create_table(
        "supervisor_draw",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("pool", sa.JSON(), nullable=False),
        sa.Column("excluded", sa.JSON(), nullable=False),
        sa.Column("chosen", sa.JSON(), nullable=False),
        sa.Column("drawn_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["public_hearing.id"],
            name=op.f("fk_supervisor_draw_hearing_id_public_hearing"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervisor_draw")),
    )
    op.create_index("ix_supervisor_draw_hearing", "supervisor_draw", ["hearing_id"])
    op.create_table(
        "supervisor_opinion",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("hearing_id", sa.Integer(), nullable=False),
        sa.Column("supervisor_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("adopted", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["hearing_id"],
            ["public_hearing.id"],
            name=op.f("fk_supervisor_opinion_hearing_id_public_hearing"),
        ),
        sa.ForeignKeyConstraint(
            ["supervisor_id"],
            ["people_supervisor.id"],
            name=op.f("fk_supervisor_opinion_supervisor_id_people_supervisor"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supervisor_opinion")),
        sa.UniqueConstraint(
            "hearing_id", "supervisor_id", name=op.f("uq_supervisor_opinion_hearing_id")
        ),
    )
    op.create_index("ix_supervisor_opinion_supervisor", "supervisor_opinion", ["supervisor_id"])


def downgrade() -> None:
    op.drop_index("ix_supervisor_opinion_supervisor", table_name="supervisor_opinion")
    op.drop_table("supervisor_opinion")
    op.drop_index("ix_supervisor_draw_hearing", table_name="supervisor_draw")
    op.drop_table("supervisor_draw")
    op.drop_index("ix_public_hearing_unit_on", table_name="public_hearing")
    op.drop_table("public_hearing")
    op.drop_index("ix_people_supervisor_unit", table_name="people_supervisor")
    op.drop_table("people_supervisor")
