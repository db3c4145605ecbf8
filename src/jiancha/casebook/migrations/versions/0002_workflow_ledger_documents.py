"""The supervision workflow: clue version and assignee, actions, documents, e-service
tokens, the ledger, seized-property custody and dossier files.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _fk(table: str, column: str, target: str, target_column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.{target_column}"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=op.f(f"pk_{table}"))


def upgrade() -> None:
    with op.batch_alter_table("clue") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), server_default="0", nullable=False))
        batch.add_column(sa.Column("assignee", sa.String(length=128), nullable=True))

    op.create_table(
        "supervision_action",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("reply_days", sa.Integer(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("served_at", sa.DateTime(), nullable=True),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.Column("rectified_at", sa.DateTime(), nullable=True),
        _fk("supervision_action", "clue_id", "clue", "id"),
        _pk("supervision_action", "id"),
    )
    op.create_index("ix_supervision_action_clue", "supervision_action", ["clue_id"])

    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("unit_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        _fk("document", "clue_id", "clue", "id"),
        _fk("document", "action_id", "supervision_action", "id"),
        _pk("document", "id"),
        sa.UniqueConstraint("unit_code", "kind", "year", "seq", name="uq_document_number_parts"),
    )
    op.create_index("ix_document_clue", "document", ["clue_id"])

    op.create_table(
        "service_token",
        sa.Column("token_id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("reply_document_id", sa.Integer(), nullable=True),
        _fk("service_token", "document_id", "document", "id"),
        _fk("service_token", "reply_document_id", "document", "id"),
        _pk("service_token", "token_id"),
    )

    op.create_table(
        "ledger_entry",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=128), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        _pk("ledger_entry", "seq"),
    )
    head = op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        _pk("ledger_head", "id"),
    )
    # the row every append locks exists from the start: two first appends cannot race
    # to create it
    op.bulk_insert(head, [{"id": 1, "seq": 0, "entry_hash": "0" * 64}])

    op.create_table(
        "custody_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("item_ref", sa.String(length=128), nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=True),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        _fk("custody_event", "clue_id", "clue", "id"),
        _pk("custody_event", "id"),
    )
    op.create_index("ix_custody_event_item", "custody_event", ["item_ref"])

    op.create_table(
        "dossier_file",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("clue_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        _fk("dossier_file", "clue_id", "clue", "id"),
        _pk("dossier_file", "id"),
    )
    op.create_index("ix_dossier_file_clue", "dossier_file", ["clue_id"])


def downgrade() -> None:
    for table in (
        "dossier_file",
        "custody_event",
        "ledger_head",
        "ledger_entry",
        "service_token",
        "document",
        "supervision_action",
    ):
        op.drop_table(table)
    with op.batch_alter_table("clue") as batch:
        batch.drop_column("assignee")
        batch.drop_column("version")
