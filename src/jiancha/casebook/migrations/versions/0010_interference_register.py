"""The register of interference in cases (过问或干预司法活动记录): append-only.

Revision ID: 0010
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0006"
branch_labels = None
depends_on = None

REFUSAL = "干预司法记录不得修改或删除"


def upgrade() -> None:
    op.create_table(
        "interference_record",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("unit_code", sa.String(length=12), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorder", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("intervener", sa.String(length=128), nullable=False),
        sa.Column("intervener_post", sa.String(length=256), nullable=False),
        sa.Column("target", sa.String(length=128), nullable=False),
        sa.Column("case_ref", sa.String(length=128), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("manner", sa.String(length=16), nullable=False),
        sa.Column("asked", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interference_record")),
    )
    op.create_index(
        "ix_interference_record_unit_at", "interference_record", ["unit_code", "recorded_at"]
    )
    op.create_index("ix_interference_record_recorder", "interference_record", ["recorder"])
    _append_only("interference_record")


def _append_only(table: str) -> None:
    """The database itself refuses to change or remove a row of ``table``."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE OR REPLACE FUNCTION jiancha_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{REFUSAL}（%）', TG_TABLE_NAME; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION jiancha_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS interference_record_append_only ON interference_record")
    op.drop_index("ix_interference_record_recorder", table_name="interference_record")
    op.drop_index("ix_interference_record_unit_at", table_name="interference_record")
    op.drop_table("interference_record")
