"""Minors: 附条件不起诉 probations and their check-ins, sealed records, mandatory reports.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conditional_probation",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("offense_date", sa.Date(), nullable=False),
        sa.Column("charge", sa.String(length=128), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("supervisor", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("outcome_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conditional_probation")),
    )
    op.create_index(
        "ix_conditional_probation_unit_ends", "conditional_probation", ["unit_code", "ends_on"]
    )
    op.create_table(
        "probation_checkin",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("probation_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("compliant", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["probation_id"],
            ["conditional_probation.id"],
            name=op.f("fk_probation_checkin_probation_id_conditional_probation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_probation_checkin")),
    )
    op.create_index("ix_probation_checkin_probation", "probation_checkin", ["probation_id"])
    op.create_table(
        "sealed_record",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("id_number", sa.String(length=32), nullable=True),
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("offense_date", sa.Date(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("sentence_months", sa.Integer(), nullable=False),
        sa.Column("sealed_on", sa.Date(), nullable=False),
        sa.Column("sealed_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sealed_record")),
    )
    op.create_index("ix_sealed_record_id_number", "sealed_record", ["id_number"])
    op.create_table(
        "mandatory_report",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("reporter", sa.String(length=128), nullable=False),
        sa.Column("reporter_kind", sa.String(length=16), nullable=False),
        sa.Column("victim", sa.String(length=64), nullable=False),
        sa.Column("suspected", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandatory_report")),
    )
    op.create_index("ix_mandatory_report_unit_on", "mandatory_report", ["unit_code", "received_on"])


def downgrade() -> None:
    op.drop_index("ix_mandatory_report_unit_on", table_name="mandatory_report")
    op.drop_table("mandatory_report")
    op.drop_index("ix_sealed_record_id_number", table_name="sealed_record")
    op.drop_table("sealed_record")
    op.drop_index("ix_probation_checkin_probation", table_name="probation_checkin")
    op.drop_table("probation_checkin")
    op.drop_index("ix_conditional_probation_unit_ends", table_name="conditional_probation")
    op.drop_table("conditional_probation")
