"""the ledger: the hash chain over the event log, checkpoints, signing keys, verification results

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger",
        sa.Column("position", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("stream_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("event_hash", sa.String(length=64), nullable=False),
        sa.Column("stream_hash", sa.String(length=64), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
    )
    op.create_index("ix_ledger_stream", "ledger", ["stream_id", "version"], unique=True)
    op.create_table(
        "checkpoints",
        sa.Column("position", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("chain_hash", sa.String(length=64), nullable=False),
        sa.Column("made_at", sa.String(length=40), nullable=False),
        sa.Column("key_id", sa.String(length=32), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.Column("occasion", sa.String(length=10), nullable=False),
        sa.Column("actor_id", sa.String(length=40), nullable=False),
        sa.Column("recorded_at", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "signing_keys",
        sa.Column("key_id", sa.String(length=32), primary_key=True),
        sa.Column("id", sa.String(length=32), nullable=False, unique=True),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("introduced_at", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    )
    op.create_table(
        "ledger_checks",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("events", sa.BigInteger(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    for table in ("ledger_checks", "signing_keys", "checkpoints", "ledger"):
        op.drop_table(table)
