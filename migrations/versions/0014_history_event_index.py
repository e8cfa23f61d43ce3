"""history: an index by event kind and position, for the reviewer's home page (the recent voids,
replacements, reassignments and reopenings: the things worth a second look)

Revision ID: 0014
Revises: 0013
"""
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_history_event", "history", ["event", "position"])


def downgrade() -> None:
    op.drop_index("ix_history_event", table_name="history")
