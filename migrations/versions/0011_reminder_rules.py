"""the reminder rules (one row per jurisdiction with rules of its own, and the default)

Revision ID: 0011
Revises: 0010
"""
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from projections.reminder_tables import reminder_rules

    reminder_rules.create(op.get_bind())


def downgrade() -> None:
    from projections.reminder_tables import reminder_rules

    reminder_rules.drop(op.get_bind())
