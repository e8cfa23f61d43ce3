"""history: an index by stream and time, for 时间回溯 (which version of a record was current at a moment)

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_history_stream_at", "history", ["stream_id", "at"])


def downgrade() -> None:
    op.drop_index("ix_history_stream_at", table_name="history")
