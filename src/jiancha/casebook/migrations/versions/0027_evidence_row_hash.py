"""An evidence snapshot keeps the warehouse's hash of the row it copied; a clue the hash
of the content a run writes.

A run compares each evidence row's ``_row_hash`` with the one kept beside its clue's latest
snapshot, and reads and converts only the rows that changed; likewise it reads the content
of a clue only when its hash differs. Rows from before this revision have neither: the next
run that sees them compares their JSON as before and fills the hash in.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clue_evidence") as batch:
        batch.add_column(sa.Column("row_hash", sa.String(length=32), nullable=True))
    with op.batch_alter_table("clue") as batch:
        batch.add_column(sa.Column("content_hash", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("clue") as batch:
        batch.drop_column("content_hash")
    with op.batch_alter_table("clue_evidence") as batch:
        batch.drop_column("row_hash")
