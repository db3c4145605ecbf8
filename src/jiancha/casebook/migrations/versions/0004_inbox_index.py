"""An index for the inbox's commonest filter: status within a unit.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_clue_status_unit", "clue", ["status", "unit_code"])


def downgrade() -> None:
    op.drop_index("ix_clue_status_unit", table_name="clue")
